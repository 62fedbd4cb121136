"""``newsclean normalize``: consistent quotes, punctuation and spacing; encoding damage
repaired. Exports ``normalize_options`` and ``build_normalize_options`` for ``clean``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import click

from newsclean.article import Article
from newsclean.cli.common import IOConfig, RunSummary, io_options, run, with_options
from newsclean.cli.options import build, click_options, params
from newsclean.cli.parsing import Command
from newsclean.engine.local import Step
from newsclean.steps.normalize import (
    NormalizeOptions,
    normalize,
)
from newsclean.text.explain import explain_lines
from newsclean.text.terminal import inert_line

F = TypeVar("F", bound=Callable[..., Any])

#: The keyword arguments ``normalize_options`` adds (``clean`` pops exactly these).
NORMALIZE_PARAMS = params(NormalizeOptions)


def normalize_options(f: F) -> F:
    """Add the normalize step's options: those ``NormalizeOptions`` declares on its fields."""
    return with_options(f, click_options(NormalizeOptions))


def build_normalize_options(**kwargs: Any) -> NormalizeOptions:
    """``NormalizeOptions`` from the keyword arguments ``normalize_options`` adds (others
    are ignored, so ``clean`` can pass everything it received)."""
    return build(NormalizeOptions, kwargs)


class ExplainTotals:
    """A pass-through collection stage adding up ``meta["normalized"]`` for ``--explain``."""

    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            counts = article.meta.get("normalized")
            if isinstance(counts, Mapping):
                for kind, n in counts.items():
                    if isinstance(n, int):
                        self.totals[str(kind)] += n
            yield article

    def report(self, summary: RunSummary) -> None:
        # Asked for explicitly, so printed even without -v (plain text: never rich markup).
        lines = explain_lines(self.totals)
        click.echo(f"normalize: {summary.written} article(s); changes by kind:", err=True)
        for line in lines or ["      0  (no changes)"]:
            click.echo(inert_line(line), err=True)  # kinds may come from an input's meta


@click.command("normalize", cls=Command)
@io_options
@normalize_options
@click.option(
    "--explain",
    is_flag=True,
    help="List each kind of change and how many times it was made (stderr).",
)
def command(io: IOConfig, explain: bool, **kwargs: Any) -> None:
    """Unify quotes, punctuation and spacing; remove invisible damage; repair mojibake.

    Never changes a word by default: quotes follow the language (« » for Arabic),
    Latin , ; ? in Arabic text become ، ؛ ؟, spaces around punctuation are fixed
    (numbers, dates, URLs and e-mail addresses are left alone), zero-width and bidi
    debris, soft hyphens and tatweel go, presentation forms become normal letters,
    and UTF-8/windows-1256 mojibake is repaired. Lossy folds are opt-in.

    \b
    newsclean normalize article.txt
    newsclean normalize --explain --to jsonl data.jsonl > clean.jsonl
    newsclean strip --to jsonl in/ | newsclean normalize --to md
    """
    step = Step(normalize, build_normalize_options(**kwargs))
    if not explain:
        run(io, step)
        return
    totals = ExplainTotals()
    run(io, step, totals, on_finish=totals.report)
