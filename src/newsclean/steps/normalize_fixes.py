"""What normalize can do: its options and the one ordered registry of its fixes.

Each :class:`Fix` names its stage, the option that turns it on, the function that applies
it, and how the article-wide gate (:mod:`newsclean.steps.normalize_gate`) finds the places
where it may act: ``branches`` (a first character and the pattern after it, tried in the
gate's one scan of the article) and/or ``sites`` (positions found by the fix's own
function). The step (:mod:`newsclean.steps.normalize`) runs the fixes of a stage in
registry order; the gate iterates the same registry. Adding a fix is one entry in
:data:`FIXES` (and its option).

The first stage (``RARE``: surrogates, entities, presentation forms, mojibake and invisible
characters) is run by the step's own code, because those fixes feed each other in rounds;
its entries here carry its gate and say what it does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache
from typing import Generic, TypeVar

from newsclean import regex_cache
from newsclean.optspec import cli
from newsclean.text import arabic, spacing, spans
from newsclean.text.entities import GATE_BRANCH
from newsclean.text.quotes import QuoteStyle, fix_quotes_counted, quote_sites

__all__ = [
    "DASH_CHOICES",
    "DIGIT_CHOICES",
    "DONE",
    "ELLIPSIS_CHOICES",
    "FIXES",
    "QUOTE_CHOICES",
    "Context",
    "Fix",
    "GateInput",
    "NormalizeOptions",
    "PerOptions",
    "Stage",
    "plan",
    "run_stage",
]

QUOTE_CHOICES = ("auto", "guillemets", "curly", "straight", "keep")
ELLIPSIS_CHOICES = ("unicode", "ascii", "keep")
DASH_CHOICES = ("unicode", "ascii", "keep")
DIGIT_CHOICES = ("keep", "ascii", "arabic", "persian")

Counts = MutableMapping[str, int]


@dataclass(frozen=True, slots=True)
class NormalizeOptions:
    """What the normalize step does. Defaults change no letter of the text.

    A field's ``cli`` metadata is its command-line option (``newsclean.optspec``)."""

    #: Quotation style: auto (by language: ar/fa/ur « », en “ ”, fr « » with narrow
    #: no-break spaces, de „ “), guillemets, curly, straight, or keep (leave quotes alone).
    quotes: str = field(
        default="auto",
        metadata=cli(
            "--quotes",
            "Quotation style. auto: « » for Arabic/Persian/Urdu, “ ” for English, "
            "« » with narrow no-break spaces for French, „ “ for German.",
            choices=QUOTE_CHOICES,
        ),
    )
    #: Language for quote style and French spacing; "auto" uses meta["language"] or a guess.
    language: str = field(
        default="auto",
        metadata=cli(
            "--language",
            "Language for quotes and spacing (ar, fa, ur, en, fr, de, ...); "
            "auto: the record's language field, else a guess.",
            metavar="CODE",
        ),
    )
    #: Repair mojibake (UTF-8 read as cp1256 or cp1252/latin-1, cp1256 read as latin-1).
    mojibake: bool = field(default=True, metadata=cli("--no-mojibake", "Do not repair mojibake."))
    #: Decode real HTML character references (&amp; &quot; &#1575;).
    entities: bool = field(
        default=True, metadata=cli("--no-entities", "Do not decode HTML entities.")
    )
    #: Remove invisible damage (zero-width, bidi controls, soft hyphens, BOM, controls) and
    #: turn no-break spaces into spaces.
    invisible: bool = True
    #: Keep bidi control characters (LRM, RLM, ALM, embeddings, isolates).
    keep_bidi: bool = field(
        default=False, metadata=cli("--keep-bidi", "Keep LRM/RLM/ALM and bidi embeddings.")
    )
    #: Keep tatweel (kashida). By default a tatweel stretching a word is removed.
    keep_tatweel: bool = field(
        default=False, metadata=cli("--keep-tatweel", "Keep tatweel (kashida).")
    )
    #: Map Arabic presentation forms to standard letters (NFKC of those ranges only).
    presentation_forms: bool = True
    #: Put text in Unicode NFC.
    nfc: bool = True
    #: In Arabic-script text, turn Latin , ; ? into ، ؛ ؟.
    arabic_punctuation: bool = field(
        default=True,
        metadata=cli(
            "--no-arabic-punctuation", "Keep Latin , ; ? in Arabic text (default: ، ؛ ؟)."
        ),
    )
    #: Fix spaces around punctuation, quotes and brackets; collapse runs; trim lines.
    spacing: bool = field(
        default=True,
        metadata=cli("--no-spacing", "Do not touch spaces around punctuation."),
    )
    #: Ellipses: unicode (... -> …), ascii (… -> ...), or keep.
    ellipsis: str = field(
        default="unicode",
        metadata=cli(
            "--ellipsis", "unicode: ... -> …; ascii: … -> ...; keep.", choices=ELLIPSIS_CHOICES
        ),
    )
    #: Spaced dashes: unicode (" - ", " -- ", " — " -> " – "), ascii (-> " - "), or keep.
    dashes: str = field(
        default="unicode",
        metadata=cli(
            "--dashes", "Spaced dashes: unicode ( – ), ascii ( - ), keep.", choices=DASH_CHOICES
        ),
    )
    #: Opt-in: collapse repeated punctuation (!!! -> !, ؟؟ -> ؟, ..... -> …).
    collapse_repeats: bool = field(
        default=False,
        metadata=cli("--collapse-repeats", "Collapse !!! to !, ؟؟ to ؟ (opt-in)."),
    )
    #: Opt-in, lossy: remove Arabic diacritics (harakat).
    strip_diacritics: bool = field(
        default=False,
        metadata=cli("--strip-diacritics", "Remove Arabic harakat (opt-in, lossy)."),
    )
    #: Opt-in, lossy: fold alef/hamza/yeh/teh marbuta variants to one letter.
    fold_letters: bool = field(
        default=False,
        metadata=cli("--fold-letters", "Fold alef/hamza/yeh/teh marbuta variants (opt-in, lossy)."),
    )
    #: Opt-in: write digits as ascii, arabic (٠١٢) or persian (۰۱۲); keep by default.
    digits: str = field(
        default="keep",
        metadata=cli(
            "--digits",
            "Write digits as ascii, arabic (٠١٢) or persian (۰۱۲).",
            choices=DIGIT_CHOICES,
        ),
    )

    def __post_init__(self) -> None:
        for name, value, choices in (
            ("quotes", self.quotes, QUOTE_CHOICES),
            ("ellipsis", self.ellipsis, ELLIPSIS_CHOICES),
            ("dashes", self.dashes, DASH_CHOICES),
            ("digits", self.digits, DIGIT_CHOICES),
        ):
            if value not in choices:
                raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


class Stage(IntEnum):
    """The stages of ``normalize_text``, in order; a text starts at the first that may act."""

    RARE = 0  # encoding damage and invisible characters (the step's own rounds)
    LETTERS = 1  # presentation forms, NFC, tatweel
    SPACES = 2  # runs of spaces, line ends (the whole text)
    MARKS = 3  # ellipses, dashes, brackets (before quotes pair)
    QUOTES = 4  # quotation marks
    AFTER = 5  # Arabic punctuation, repeats, spacing around marks
    LOSSY = 6  # opt-in folds


DONE = Stage.LOSSY + 1  # no stage acts


@dataclass(slots=True)
class Context:
    """What a fix may read besides its text: options, counts to add to, and what the step
    knows of the article."""

    options: NormalizeOptions
    counts: Counts
    plan: Plan
    french: bool = False
    found: frozenset[str] = frozenset()  # rare characters the first stage saw
    style: QuoteStyle | None = None
    quote_marks: tuple[str, ...] | None = None  # the only quotation marks the text can hold


@dataclass(frozen=True, slots=True)
class GateInput:
    """The article as the gate sees it: its texts joined with line breaks."""

    whole: str
    marks: tuple[str, ...]
    style: QuoteStyle | None


#: A gate branch: (first characters, pattern after one of them, around, confirm). ``around``:
#: the sites are the spaces next to the character (a line break); ``confirm``: the site
#: holds only if ``arabic.is_punctuation_site`` says so.
Branch = tuple[str, str, bool, bool]


def _no_branches(options: NormalizeOptions) -> list[Branch]:
    return []


@dataclass(frozen=True, slots=True)
class Fix:
    """One normalize fix: its name (a kind of count), stage, option, function and gate."""

    name: str
    stage: Stage
    #: Whether ``options`` turn the fix on.
    on: Callable[[NormalizeOptions], bool]
    #: The fix itself; ``None`` for the first stage's fixes, which the step runs in rounds.
    run: Callable[[str, Context], str] | None = None
    #: Gate: branches of the one-scan gate for these options.
    branches: Callable[[NormalizeOptions], list[Branch]] = _no_branches
    #: Gate: the positions in ``GateInput.whole`` where the fix may act.
    sites: Callable[[GateInput, NormalizeOptions], list[int]] | None = None


def _spacing_branches(kinds: frozenset[str], around: bool = False) -> Callable[..., list[Branch]]:
    """The branches of ``spacing.gate_branches`` of the given kinds."""

    def branches(o: NormalizeOptions) -> list[Branch]:
        return [
            (firsts, rest, around, False)
            for kind, firsts, rest in spacing.gate_branches(
                ellipsis=o.ellipsis, dashes=o.dashes, spacing=o.spacing
            )
            if kind in kinds
        ]

    return branches


#: Characters per piece of text checked for NFC on its own (see nfc_pieces).
_NFC_PIECE = 256


def nfc_pieces(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, normalizing only the pieces that need it.

    NFC never acts across a space: U+0020 is a starter (it ends every run of marks to
    reorder, and no mark after it composes with anything before it) and no canonical
    composition has it as either part (``tests/test_normalize_fixes.py`` checks the
    Unicode data). So the text is cut before spaces into pieces of ~``_NFC_PIECE``
    characters, each checked by the fast C test; the slow full normalization (decompose,
    reorder, compose) runs only on the pieces that fail it, which in news text with a
    stray mark are a few of many.
    """
    n = len(text)
    out: list[str] = []
    pos = 0
    while pos < n:
        end = text.find(" ", pos + _NFC_PIECE)
        if end < 0:
            end = n
        piece = text[pos:end]
        if not unicodedata.is_normalized("NFC", piece):
            piece = unicodedata.normalize("NFC", piece)
        out.append(piece)
        pos = end
    return "".join(out)


def _nfc(text: str, ctx: Context) -> str:
    if unicodedata.is_normalized("NFC", text):
        return text
    text = nfc_pieces(text)
    ctx.counts["nfc"] = ctx.counts.get("nfc", 0) + 1
    return text


def _nfc_sites(gate: GateInput, o: NormalizeOptions) -> list[int]:
    whole = gate.whole
    if whole.isascii() or unicodedata.is_normalized("NFC", whole):
        return []
    # NFC never crosses a line break: the start of each line that needs it.
    out, pos = [], 0
    for line in whole.split("\n"):
        if line and not unicodedata.is_normalized("NFC", line):
            out.append(pos)
        pos += len(line) + 1
    return out


_RUNS = regex_cache.compile("  +")


def _space_sites(gate: GateInput, o: NormalizeOptions) -> list[int]:
    # Runs of spaces, and a space at either end of the whole (inner text ends are line
    # breaks, which the branches cover).
    whole = gate.whole
    out = [m.start() for m in _RUNS.finditer(whole)] if "  " in whole else []
    if whole[:1] == " ":
        out.append(0)
    if whole[-1:] == " ":
        out.append(len(whole) - 1)
    return out


def _punctuation_spacing(text: str, ctx: Context) -> str:
    o, c = ctx.options, ctx.counts
    text = spacing.fix_punctuation_spacing(text, c, french=ctx.french)
    if o.ellipsis == "unicode" and "..." in text:
        # Removing the space in ".. ." made an ellipsis the ellipsis fix (run before)
        # did not see; a second run would turn it (idempotence). Only runs of exactly
        # three dots change, and every such run left before this point was made here.
        text = spacing.fix_ellipses(text, "unicode", c)
    return text


def _digits(text: str, ctx: Context) -> str:
    digits, counts = ctx.options.digits, ctx.counts
    return spans.apply_outside(text, lambda t: arabic.convert_digits(t, digits, counts))


def _lossy(diacritics: bool = False, fold: bool = False) -> Callable[..., list[int]]:
    def sites(gate: GateInput, o: NormalizeOptions) -> list[int]:
        digits = o.digits if not (diacritics or fold) else "keep"
        return arabic.lossy_sites(gate.whole, diacritics=diacritics, fold=fold, digits=digits)

    return sites


#: Every fix, in the order the step runs them (stage by stage).
FIXES: tuple[Fix, ...] = (
    # -- RARE: run by the step in rounds (see normalize._normalize_from); gate only here.
    Fix(
        "entities",
        Stage.RARE,
        lambda o: o.entities,
        branches=lambda o: [("&", GATE_BRANCH, False, False)],
    ),
    # Not a fix: a text that may hold a URL or code is fixed from the first stage, where
    # the protected spans are found.
    Fix(
        "protected_spans",
        Stage.RARE,
        lambda o: True,
        branches=lambda o: [(first, rest, False, False) for first, rest in spans.GATE_BRANCHES],
    ),
    # -- LETTERS
    Fix(
        "presentation_forms",
        Stage.LETTERS,
        lambda o: o.presentation_forms,
        # Again after the rounds: the repair may have made presentation forms.
        lambda t, ctx: (
            arabic.fix_presentation_forms(t, ctx.counts)
            if ctx.found & arabic.presentation_chars()
            else t
        ),
    ),
    Fix("nfc", Stage.LETTERS, lambda o: o.nfc, _nfc, sites=_nfc_sites),
    Fix(
        "tatweel",
        Stage.LETTERS,
        lambda o: not o.keep_tatweel,
        lambda t, ctx: arabic.remove_tatweel(t, ctx.counts),
        branches=lambda o: [
            (firsts, rest, False, False)
            for _, firsts, rest in arabic.gate_branches(tatweel=True, punctuation=False)
        ],
    ),
    # -- SPACES (the whole text: trimming must see real line ends)
    Fix(
        "spaces",
        Stage.SPACES,
        lambda o: o.spacing,
        lambda t, ctx: spacing.collapse_spaces(t, ctx.counts),
        branches=_spacing_branches(frozenset({"line_break"}), around=True),
        sites=_space_sites,
    ),
    # -- MARKS (before quotes: a space inside a bracket must not decide how quotes pair)
    Fix(
        "ellipses",
        Stage.MARKS,
        lambda o: True,
        lambda t, ctx: spacing.fix_ellipses(t, ctx.options.ellipsis, ctx.counts),
        branches=_spacing_branches(frozenset({"marks"})),
    ),
    Fix(
        "dashes",
        Stage.MARKS,
        lambda o: True,
        lambda t, ctx: spacing.fix_dashes(t, ctx.options.dashes, ctx.counts),
        # without the spacing fix, the dashes' own sites (with it, its branches cover them)
        sites=lambda g, o: [] if o.spacing else spacing.dash_sites(g.whole, o.dashes),
    ),
    Fix(
        "brackets",
        Stage.MARKS,
        lambda o: o.spacing,
        lambda t, ctx: spacing.fix_brackets(t, ctx.counts),
    ),
    # -- QUOTES
    Fix(
        "quotes",
        Stage.QUOTES,
        lambda o: True,
        lambda t, ctx: fix_quotes_counted(t, ctx.style, ctx.counts, candidates=ctx.quote_marks),
        sites=lambda g, o: quote_sites(g.whole, g.style, present=g.marks),
    ),
    # -- AFTER (quotes settled: the Arabic punctuation rule must see "كذا»,")
    Fix(
        "arabic_punctuation",
        Stage.AFTER,
        lambda o: o.arabic_punctuation,
        lambda t, ctx: arabic.fix_arabic_punctuation(t, ctx.counts),
        branches=lambda o: [
            (firsts, rest, False, True)
            for _, firsts, rest in arabic.gate_branches(tatweel=False, punctuation=True)
        ],
    ),
    # Before spacing: ",," must become "," before a space goes after it.
    Fix(
        "repeated_punctuation",
        Stage.AFTER,
        lambda o: o.collapse_repeats,
        lambda t, ctx: spacing.collapse_repeats(t, ctx.counts, ctx.options.ellipsis),
        sites=lambda g, o: spacing.repeat_sites(g.whole),
    ),
    Fix(
        "punctuation_spacing",
        Stage.AFTER,
        lambda o: o.spacing,
        _punctuation_spacing,
        branches=_spacing_branches(frozenset({"space_before_mark", "after"})),
    ),
    # After spacing too: removing the space in "! !" makes a new run.
    Fix(
        "repeated_punctuation_again",
        Stage.AFTER,
        lambda o: o.spacing and o.collapse_repeats,
        lambda t, ctx: spacing.collapse_repeats(t, ctx.counts, ctx.options.ellipsis),
    ),
    # -- LOSSY (opt-in)
    Fix(
        "diacritics",
        Stage.LOSSY,
        lambda o: o.strip_diacritics,
        lambda t, ctx: arabic.strip_diacritics(t, ctx.counts),
        sites=_lossy(diacritics=True),
    ),
    Fix(
        "folded_letters",
        Stage.LOSSY,
        lambda o: o.fold_letters,
        lambda t, ctx: arabic.fold_letters(t, ctx.counts),
        sites=_lossy(fold=True),
    ),
    Fix("digits", Stage.LOSSY, lambda o: o.digits != "keep", _digits, sites=_lossy()),
)


#: Per stage, the fixes some options turn on that the step runs, in order.
Plan = tuple[tuple["Fix", ...], ...]

T = TypeVar("T")


class PerOptions(Generic[T]):
    """``fn`` cached per options value, the last options object also remembered by
    identity: hashing the frozen dataclass (16 fields) costs ~1 µs, and the step asks for
    its tables once per article with the same object."""

    def __init__(self, fn: Callable[[NormalizeOptions], T]) -> None:
        self._cached = cache(fn)
        self._last: tuple[NormalizeOptions, T] | None = None
        self.__doc__ = fn.__doc__

    def __call__(self, options: NormalizeOptions) -> T:
        last = self._last
        if last is not None and last[0] is options:
            return last[1]
        value = self._cached(options)
        self._last = (options, value)
        return value

    def cache_clear(self) -> None:
        self._cached.cache_clear()
        self._last = None


@PerOptions
def plan(options: NormalizeOptions) -> Plan:
    """Per stage, the fixes of ``options`` that the step runs, in registry order (found once
    per options: the step asks once per article, not per fix)."""
    return tuple(
        tuple(f for f in FIXES if f.stage == stage and f.run is not None and f.on(options))
        for stage in Stage
    )


def run_stage(stage: Stage, text: str, ctx: Context) -> str:
    """``text`` through every fix of ``stage`` that ``ctx.options`` turn on, in order."""
    for fix in ctx.plan[stage]:
        assert fix.run is not None
        text = fix.run(text, ctx)
    return text
