"""``newsclean normalize``: consistent quotes, punctuation and spacing; encoding damage
repaired. Exports ``normalize_options`` and ``build_normalize_options`` for ``clean``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import click

from newsclean.article import Article
from newsclean.cli.common import IOConfig, RunSummary, io_options, run, with_options
from newsclean.engine.local import Step
from newsclean.steps.normalize import (
    DASH_CHOICES,
    DIGIT_CHOICES,
    ELLIPSIS_CHOICES,
    QUOTE_CHOICES,
    NormalizeOptions,
    normalize,
)
from newsclean.text.explain import explain_lines
from newsclean.text.terminal import inert_line

F = TypeVar("F", bound=Callable[..., Any])

#: The keyword arguments ``normalize_options`` adds (``clean`` pops exactly these).
NORMALIZE_PARAMS = (
    "quotes",
    "language",
    "keep_tatweel",
    "keep_bidi",
    "no_mojibake",
    "no_entities",
    "no_arabic_punctuation",
    "no_spacing",
    "ellipsis",
    "dashes",
    "collapse_repeats",
    "strip_diacritics",
    "fold_letters",
    "digits",
)


def normalize_options(f: F) -> F:
    """Add the normalize step's options (one per ``NormalizeOptions`` setting)."""
    decorators = [
        click.option(
            "--quotes",
            type=click.Choice(QUOTE_CHOICES),
            default="auto",
            show_default=True,
            help="Quotation style. auto: « » for Arabic/Persian/Urdu, “ ” for English, "
            "« » with narrow no-break spaces for French, „ “ for German.",
        ),
        click.option(
            "--language",
            metavar="CODE",
            default="auto",
            show_default=True,
            help="Language for quotes and spacing (ar, fa, ur, en, fr, de, ...); "
            "auto: the record's language field, else a guess.",
        ),
        click.option("--keep-tatweel", is_flag=True, help="Keep tatweel (kashida)."),
        click.option("--keep-bidi", is_flag=True, help="Keep LRM/RLM/ALM and bidi embeddings."),
        click.option("--no-mojibake", is_flag=True, help="Do not repair mojibake."),
        click.option("--no-entities", is_flag=True, help="Do not decode HTML entities."),
        click.option(
            "--no-arabic-punctuation",
            is_flag=True,
            help="Keep Latin , ; ? in Arabic text (default: ، ؛ ؟).",
        ),
        click.option("--no-spacing", is_flag=True, help="Do not touch spaces around punctuation."),
        click.option(
            "--ellipsis",
            type=click.Choice(ELLIPSIS_CHOICES),
            default="unicode",
            show_default=True,
            help="unicode: ... -> …; ascii: … -> ...; keep.",
        ),
        click.option(
            "--dashes",
            type=click.Choice(DASH_CHOICES),
            default="unicode",
            show_default=True,
            help="Spaced dashes: unicode ( – ), ascii ( - ), keep.",
        ),
        click.option(
            "--collapse-repeats", is_flag=True, help="Collapse !!! to !, ؟؟ to ؟ (opt-in)."
        ),
        click.option(
            "--strip-diacritics", is_flag=True, help="Remove Arabic harakat (opt-in, lossy)."
        ),
        click.option(
            "--fold-letters",
            is_flag=True,
            help="Fold alef/hamza/yeh/teh marbuta variants (opt-in, lossy).",
        ),
        click.option(
            "--digits",
            type=click.Choice(DIGIT_CHOICES),
            default="keep",
            show_default=True,
            help="Write digits as ascii, arabic (٠١٢) or persian (۰۱۲).",
        ),
    ]
    return with_options(f, decorators)


def build_normalize_options(**kwargs: Any) -> NormalizeOptions:
    """``NormalizeOptions`` from the keyword arguments ``normalize_options`` adds (others
    are ignored, so ``clean`` can pass everything it received)."""
    defaults = NormalizeOptions()
    return NormalizeOptions(
        quotes=kwargs.get("quotes") or defaults.quotes,
        language=kwargs.get("language") or defaults.language,
        keep_tatweel=bool(kwargs.get("keep_tatweel")),
        keep_bidi=bool(kwargs.get("keep_bidi")),
        mojibake=not kwargs.get("no_mojibake"),
        entities=not kwargs.get("no_entities"),
        arabic_punctuation=not kwargs.get("no_arabic_punctuation"),
        spacing=not kwargs.get("no_spacing"),
        ellipsis=kwargs.get("ellipsis") or defaults.ellipsis,
        dashes=kwargs.get("dashes") or defaults.dashes,
        collapse_repeats=bool(kwargs.get("collapse_repeats")),
        strip_diacritics=bool(kwargs.get("strip_diacritics")),
        fold_letters=bool(kwargs.get("fold_letters")),
        digits=kwargs.get("digits") or defaults.digits,
    )


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


@click.command("normalize")
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
