"""``newsclean strip``: remove boilerplate (footers, disclaimers, related/latest tails, tag
lists, share/follow prompts, credits, ads, navigation).

Exports ``strip_options`` (the click options) and ``build_strip_options`` (their values as a
``StripOptions``) so that ``clean`` offers the same options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from newsclean import console
from newsclean.article import Article
from newsclean.cli.common import IOConfig, io_options, run, with_options
from newsclean.cli.options import build, click_options, params
from newsclean.cli.parsing import Command
from newsclean.cli.templates import build_template_stage, template_options
from newsclean.engine.local import Step
from newsclean.engine.stages import chain
from newsclean.steps.boilerplate.rules import load_ruleset
from newsclean.steps.boilerplate.schema import RulesError
from newsclean.steps.strip import StripOptions, strip
from newsclean.text.terminal import inert_line

F = TypeVar("F", bound=Callable[..., Any])

#: Keyword arguments ``strip_options`` adds (``clean`` pops exactly these).
STRIP_PARAMS = params(StripOptions)

_EXPLAIN_WIDTH = 160


def strip_options(f: F) -> F:
    """Add the strip options: those ``StripOptions`` declares on its fields."""
    return with_options(f, click_options(StripOptions))


def build_strip_options(**kwargs: Any) -> StripOptions:
    """``StripOptions`` from the keyword arguments ``strip_options`` adds (others ignored).

    Rule files are read here, so a bad one stops the command at once with one line naming
    the file (exit 2) instead of failing in every worker.
    """
    options = build(StripOptions, kwargs)
    try:
        load_ruleset(options.builtin_rules, options.rules_files)
    except RulesError as exc:
        console.error(f"{exc} (see 'newsclean strip --help' and docs/rules.md)")
        raise click.exceptions.Exit(2) from None
    return options


def _where(article: Article) -> str:
    source = str(article.meta.get("source") or "-")
    record = article.meta.get("record")
    return f"{source}#{record}" if record is not None else source


def explain(article: Article, since: int = 0) -> None:
    """Print on stderr each removal from ``since`` on: where, rule, and the text removed."""
    for r in article.removed[since:]:
        text = " ".join(r.text.split())
        if len(text) > _EXPLAIN_WIDTH:
            text = text[: _EXPLAIN_WIDTH - 1] + "…"
        # a learned rule's evidence: the share of its site's articles the text was seen in
        seen = f" [seen in {r.share:.0%} of the site's articles]" if r.share is not None else ""
        # scraped text on stderr: through the terminal neutraliser (an OSC 52 or a bidi
        # override in an article must not reach the terminal), one removal per line
        line = f"{_where(article)}: {r.step}: {r.rule}{seen}: {text}"
        click.echo(inert_line(line), err=True)


#: meta key carrying, from the worker to --explain, how many removals came before the step.
_BEFORE = "_newsclean_explain_before"


@dataclass(frozen=True, slots=True)
class Counted:
    """``stage(article)``, noting how many removals the article had already, so that
    :func:`explaining` prints only what this run removed (picklable)."""

    stage: Callable[[Article], Article]

    def __call__(self, article: Article) -> Article:
        return self.stage(article).with_meta(**{_BEFORE: len(article.removed)})


def explaining(articles: Iterator[Article]) -> Iterator[Article]:
    """Collection stage for ``--explain``: print each new removal, drop the marker."""
    for article in articles:
        meta = dict(article.meta)
        before = int(meta.pop(_BEFORE, 0))
        article = article.replace(meta=meta)
        explain(article, before)
        yield article


@click.command("strip", cls=Command)
@io_options
@strip_options
@template_options
@click.option(
    "--explain",
    is_flag=True,
    help="Print each removal on stderr (input, step, rule, text) so you can see why.",
)
def command(io: IOConfig, explain: bool, **kwargs: Any) -> None:
    """Remove boilerplate: site footers and copyright lines, disclaimers, 'read also /
    related / latest / most read' tails, tag lists, share/follow/newsletter/cookie/comment
    prompts, photo credits, ads and navigation. The article's own sentences are kept
    byte for byte; everything removed is recorded in the output's 'removed' list.

    Rules: built-in phrase lists per language (Arabic, English, French, Persian, Urdu) and
    structural detectors; add your own with --rules FILE (see docs/rules.md), for
    example rules learned from a collection by 'newsclean learn'. Over a collection,
    each site's repeated head and tail (tags, related-story times, 'more' labels, about
    and copyright lines) is learned in the same run and removed too (--no-learn: not;
    with -o DIR in a first pass over the inputs); --profile FILE keeps what was learned
    (see docs/site-templates.md).

    \b
    newsclean strip --to jsonl article.txt
    newsclean strip --explain --to txt samples/nidaa-post-vershinin-assad.txt
    newsclean learn corpus/ -o site-rules.toml && newsclean strip --rules site-rules.toml corpus/
    newsclean export --to jsonl pages/ | newsclean strip --to jsonl | newsclean normalize
    """
    options = build_strip_options(**kwargs)
    templates = build_template_stage(io, options, **kwargs)
    finish = templates.finish if templates is not None else None
    writes = templates.writes if templates is not None else ()
    # -o DIR: learned in a first pass and applied in the workers, not a collection stage
    first = templates if templates is not None and templates.first else None
    stage = None if first is not None else templates
    if explain:
        # (chained, a quiet pipe still reaches the learner first: see engine.stages)
        collection = chain(s for s in (stage, explaining) if s is not None)

        run(
            io,
            Counted(Step(strip, options)),
            collection,
            on_finish=finish,
            writes=writes,
            learns_first=first,
        )
    else:
        run(io, Step(strip, options), stage, on_finish=finish, writes=writes, learns_first=first)
