"""The learned-site-template stage of ``strip`` and ``clean`` (on by default over a
collection): its options (``--learn/--no-learn``, ``--profile FILE``) and the profile's
locking, loading and saving.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from newsclean import console
from newsclean.article import Article
from newsclean.cli.common import IOConfig, with_options
from newsclean.cli.options import build, click_options, params
from newsclean.collection import profile as profile_file
from newsclean.collection.decided import DecidedTemplates
from newsclean.collection.templates import SiteTemplates, TemplateOptions, group_of
from newsclean.engine.stages import Prepass
from newsclean.engine.twopass import SiteProbe
from newsclean.optspec import cli
from newsclean.read.walk import STDIN
from newsclean.steps.strip import StripOptions
from newsclean.write.sink import lock_exclusive

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Learning:
    """The stage's switches on the command line (declared once, see ``newsclean.optspec``):
    whether the run learns site templates, and the profile it starts from and updates."""

    #: None: on, except with -o DIR fed from stdin (see ``build_template_stage``).
    learn: bool | None = field(
        default=None,
        metadata=cli(
            "--learn/--no-learn",
            "Learn each site's repeated head and tail over the collection and remove "
            "it (default: on; with -o DIR in a first pass over the inputs; see "
            "docs/site-templates.md).",
        ),
    )
    profile: str | None = field(
        default=None,
        metadata=cli(
            "--profile",
            "Site profile: start from what earlier runs learned about each site's "
            "template, and save what this run adds (created if missing; implies --learn).",
            metavar="FILE",
            files=True,
        ),
    )


#: Keyword arguments ``template_options`` adds.
TEMPLATE_PARAMS = params(Learning)


def template_options(f: F) -> F:
    """Add ``--learn/--no-learn`` and ``--profile FILE`` (the fields of :class:`Learning`)."""
    return with_options(f, click_options(Learning))


class TemplateStage(Prepass):
    """The collection stage for ``run(..., collection=...)``, on the engine's pre-pass
    (``newsclean.engine.stages.Prepass``): each site's first ``sample`` articles are counted
    before any of them is written, the site's template is decided once, then removed from
    every article of the site, in input order. ``load()`` before the run (exit 2 on a
    damaged profile, 1 when another run holds it), ``finish()`` after it (saves the
    profile). A pipe that goes quiet lets its waiting articles out unchanged (see
    ``Prepass``); ``hold=False``: nothing ever waits (see ``SiteTemplates``)."""

    def __init__(
        self,
        profile_path: str | None = None,
        options: TemplateOptions | None = None,
        hold: bool = True,
        first: bool = False,
    ):
        self.options = options or TemplateOptions()
        opts = self.options
        super().__init__(opts.sample, hold=opts.max_pending, hold_chars=opts.max_pending_chars)
        self.profile_path = profile_path
        self.holding = hold
        #: Learn in a first pass, then apply per article in the workers (``-o DIR``: the
        #: run's ``learns_first``, see ``newsclean.engine.twopass``), not as a stage.
        self.first = first
        # A quiet pipe lets waiting articles out (see Prepass); a stage that holds nothing
        # has nothing to let out.
        self.hears_pauses = hold
        self.learner: SiteTemplates | None = None
        self._early: dict[str, int] = {}  # articles of a site counted before it learned

    def key(self, article: Article) -> str:
        return group_of(article, self.options.group_by)

    def learn(self, key: str, articles: list[Article]) -> None:
        assert self.learner is not None
        early = self._early.pop(key, 0)
        if not self.profile_path and not early and len(articles) < self.options.min_articles:
            # Too few articles to learn from, and no profile to keep their counts for: the
            # site's template is empty whatever they hold, so they are not counted (the
            # counting was ~9% of `strip` over pages from many sites).
            return
        for article in articles:
            self.learner.observe(article)
        self.learner.decide(key)

    def apply(self, key: str, article: Article) -> Article:
        assert self.learner is not None
        return self.learner.apply(key, article)

    def observe_early(self, key: str, articles: list[Article]) -> None:
        assert self.learner is not None
        for article in articles:
            self.learner.observe(article)
        self._early[key] = self._early.get(key, 0) + len(articles)

    # --- as a first pass (``newsclean.engine.twopass.LearnsFirst``)

    def probe(self) -> SiteProbe:
        return SiteProbe(self.options.group_by)

    def wants(self, inputs: int) -> bool:
        # (as ``learn``: a site too small to learn from, with no profile, is not counted)
        return bool(self.profile_path) or inputs >= self.options.min_articles

    def applier(self) -> DecidedTemplates | None:
        """The decided templates, removed per article in the workers."""
        assert self.learner is not None
        learner = self.learner
        models = {name: learner.decide(name) for name in learner.sites}
        live = {name: model for name, model in models.items() if model}
        return DecidedTemplates(live, self.options) if live else None

    @property
    def writes(self) -> tuple[str | None, ...]:
        """The files this stage writes (never read as inputs by the same run)."""
        return (self.profile_path,)

    def load(self) -> None:
        profile = None
        path = self.profile_path
        if path:
            if not Path(path).resolve().parent.is_dir():
                console.error(f"--profile {path}: the directory does not exist; create it first")
                raise click.exceptions.Exit(2)
            self._lock(path)
            try:
                profile = profile_file.load(path)
            except profile_file.ProfileFormatError as exc:
                console.error(
                    f"{path}: {exc}; the file was left untouched: restore it from a backup, "
                    "or pass another --profile path to start a new profile"
                )
                raise click.exceptions.Exit(2) from None
        self.learner = SiteTemplates(self.options, profile, hold=self.holding)

    def _lock(self, path: str) -> None:
        # Two overlapping runs would each load the old profile and the last to save would
        # drop what the other learned. Held until this stage is dropped or the process ends.
        if not os.path.exists(path):
            return
        try:
            fd = lock_exclusive(path)
        except BlockingIOError:
            console.error(f"{path}: another newsclean run is using this profile; wait for it")
            raise click.exceptions.Exit(1) from None
        if fd is not None:
            weakref.finalize(self, os.close, fd)

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        if self.learner is None:
            self.load()
        assert self.learner is not None
        if not self.holding:
            return self.learner(articles)  # a pipe: each record out as it arrives
        return super().__call__(articles)

    def finish(self, *_: Any) -> None:
        if self.learner is None or not self.profile_path:
            return
        try:
            profile_file.save(self.learner.profile, self.profile_path)
        except OSError as exc:
            console.error(f"{self.profile_path}: cannot save the profile ({exc.strerror})")
            raise click.exceptions.Exit(1) from None


def build_template_stage(
    io: IOConfig, strip: StripOptions | None = None, **kwargs: Any
) -> TemplateStage | None:
    """The stage from the keyword arguments ``template_options`` adds (None: not learning).

    On by default. With ``-o DIR`` each output is written by a worker as soon as its input
    is done (resumable with --skip-existing), while a learned template needs the site's
    articles first: the stage learns in a first pass over the inputs (``stage.first``),
    which files and directories allow; a tree fed from stdin learns only with --learn."""
    switches = build(Learning, kwargs)
    learn, profile = switches.learn, switches.profile
    if learn is False:
        if profile:
            raise click.UsageError("--profile needs learning on (drop --no-learn)")
        return None
    tree = io.output is not None and io.output_is_dir
    first = tree and not _reads_stdin(io)
    if learn is None and not profile and tree and not first:
        return None
    # (after a learned cut the edge rules run again with the run's strip options)
    options = TemplateOptions(edges=strip if strip is not None else StripOptions())
    stage = TemplateStage(profile, options, first=first)
    stage.load()  # a damaged profile stops here, before any output
    return stage


def _reads_stdin(io: IOConfig) -> bool:
    """The run reads stdin (an input, or the --files-from list): it cannot be read twice."""
    given = io.inputs or io.files_from or io.listed
    return STDIN in io.inputs or io.files_from == STDIN or not given
