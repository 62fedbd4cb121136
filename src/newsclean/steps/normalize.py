"""The normalize step: consistent typography and repaired encoding damage, no word changed.

``normalize(article, NormalizeOptions())`` applies the ``newsclean.textfix`` fixes to the
title, the subtitle and every block, and records how many changes of each kind it made in
``meta["normalized"]`` (added to the counts of earlier runs, so rerunning is a no-op).
Preformatted blocks (code) only get the encoding fixes, never typography.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate

from newsclean import lang
from newsclean.article import Article, Block
from newsclean.textfix import arabic, invisible, spacing, spans
from newsclean.textfix.entities import GATE_BRANCH, fix_entities_counted
from newsclean.textfix.mojibake import fix_mojibake_counted
from newsclean.textfix.mojibake import triggers as mojibake_triggers
from newsclean.textfix.quotes import (
    QuoteStyle,
    fix_quotes_counted,
    marks_in,
    quote_sites,
    style_for,
)
from newsclean.textfix.spans import apply_outside, may_protect

__all__ = ["NormalizeOptions", "normalize", "normalize_text"]

QUOTE_CHOICES = ("auto", "guillemets", "curly", "straight", "keep")
ELLIPSIS_CHOICES = ("unicode", "ascii", "keep")
DASH_CHOICES = ("unicode", "ascii", "keep")
DIGIT_CHOICES = ("keep", "ascii", "arabic", "persian")


@dataclass(frozen=True, slots=True)
class NormalizeOptions:
    """What the normalize step does. Defaults change no letter of the text."""

    #: Quotation style: auto (by language: ar/fa/ur « », en “ ”, fr « » with narrow
    #: no-break spaces, de „ “), guillemets, curly, straight, or keep (leave quotes alone).
    quotes: str = "auto"
    #: Language for quote style and French spacing; "auto" uses meta["language"] or a guess.
    language: str = "auto"
    #: Repair mojibake (UTF-8 read as cp1256 or cp1252/latin-1, cp1256 read as latin-1).
    mojibake: bool = True
    #: Decode real HTML character references (&amp; &quot; &#1575;).
    entities: bool = True
    #: Remove invisible damage (zero-width, bidi controls, soft hyphens, BOM, controls) and
    #: turn no-break spaces into spaces.
    invisible: bool = True
    #: Keep bidi control characters (LRM, RLM, ALM, embeddings, isolates).
    keep_bidi: bool = False
    #: Keep tatweel (kashida). By default a tatweel stretching a word is removed.
    keep_tatweel: bool = False
    #: Map Arabic presentation forms to standard letters (NFKC of those ranges only).
    presentation_forms: bool = True
    #: Put text in Unicode NFC.
    nfc: bool = True
    #: In Arabic-script text, turn Latin , ; ? into ، ؛ ؟.
    arabic_punctuation: bool = True
    #: Fix spaces around punctuation, quotes and brackets; collapse runs; trim lines.
    spacing: bool = True
    #: Ellipses: unicode (... -> …), ascii (… -> ...), or keep.
    ellipsis: str = "unicode"
    #: Spaced dashes: unicode (" - ", " -- ", " — " -> " – "), ascii (-> " - "), or keep.
    dashes: str = "unicode"
    #: Opt-in: collapse repeated punctuation (!!! -> !, ؟؟ -> ؟, ..... -> …).
    collapse_repeats: bool = False
    #: Opt-in, lossy: remove Arabic diacritics (harakat).
    strip_diacritics: bool = False
    #: Opt-in, lossy: fold alef/hamza/yeh/teh marbuta variants to one letter.
    fold_letters: bool = False
    #: Opt-in: write digits as ascii, arabic (٠١٢) or persian (۰۱۲); keep by default.
    digits: str = "keep"

    def __post_init__(self) -> None:
        for name, value, choices in (
            ("quotes", self.quotes, QUOTE_CHOICES),
            ("ellipsis", self.ellipsis, ELLIPSIS_CHOICES),
            ("dashes", self.dashes, DASH_CHOICES),
            ("digits", self.digits, DIGIT_CHOICES),
        ):
            if value not in choices:
                raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


Counts = MutableMapping[str, int]


# The typography fixes, in an order that makes one pass enough (idempotence): spaces
# collapsed first, so every later rule sees single spaces and none of them makes a run;
# brackets, then quotes, settle before the Arabic punctuation rule (it must see "كذا»,")
# and before the spacing rules (they must see the final marks).


def _before_quotes(text: str, options: NormalizeOptions, counts: Counts) -> str:
    text = spacing.fix_ellipses(text, options.ellipsis, counts)
    text = spacing.fix_dashes(text, options.dashes, counts)
    if options.spacing:
        # Before quotes: a space inside a bracket must not decide how quotes pair ("( ",").
        text = spacing.fix_brackets(text, counts)
    return text


def _after_quotes(text: str, options: NormalizeOptions, french: bool, counts: Counts) -> str:
    if options.arabic_punctuation:
        text = arabic.fix_arabic_punctuation(text, counts)
    if options.collapse_repeats:
        # Before spacing (",," must become "," before a space goes after it) and after it
        # (removing the space in "! !" makes a new run).
        text = spacing.collapse_repeats(text, counts, options.ellipsis)
    if options.spacing:
        text = spacing.fix_punctuation_spacing(text, counts, french=french)
        if options.ellipsis == "unicode" and "..." in text:
            # Removing the space in ".. ." made an ellipsis the ellipsis fix (run before)
            # did not see; a second run would turn it (idempotence). Only runs of exactly
            # three dots change, and every such run left before this point was made here.
            text = spacing.fix_ellipses(text, "unicode", counts)
        if options.collapse_repeats:
            text = spacing.collapse_repeats(text, counts, options.ellipsis)
    return text


def _after(
    text: str, options: NormalizeOptions, french: bool, counts: Counts, protect: bool
) -> str:
    if protect:
        return apply_outside(
            text, partial(_after_quotes, options=options, french=french, counts=counts)
        )
    return _after_quotes(text, options, french, counts)


def normalize_text(
    text: str,
    options: NormalizeOptions,
    language: str = "und",
    counts: Counts | None = None,
    *,
    preformatted: bool = False,
    style: QuoteStyle | None = None,
) -> str:
    """Normalize one string; add the changes made, per kind, to ``counts``.

    >>> normalize_text('مشيراً إلى"النجاحات السياسية"  التي', NormalizeOptions(), "ar")
    'مشيراً إلى «النجاحات السياسية» التي'
    """
    if not text:
        return text
    c: Counts = {} if counts is None else counts
    return _normalize_from(_RARE, text, options, language, c, preformatted, style)


# The stages of normalize_text, in order. The step's article-wide gate knows the first
# stage that can act on a block; the stages before it would find nothing and are skipped.
_RARE, _LETTERS, _SPACES, _MARKS, _QUOTES, _AFTER, _LOSSY = range(7)


def _normalize_from(
    start: int,
    text: str,
    options: NormalizeOptions,
    language: str,
    c: Counts,
    preformatted: bool,
    style: QuoteStyle | None,
    quote_marks: tuple[str, ...] | None = None,
) -> str:
    """normalize_text from stage ``start`` on; the earlier stages must be no-ops on
    ``text`` (nothing changed, nothing counted), so skipping them changes nothing.
    ``quote_marks``: the only quotation marks ``text`` can hold before the quote fix."""
    found: frozenset[str] = _NONE
    # One scan for every rare character a fix cares about; fixes whose characters are
    # absent are skipped (most news text needs none of them). The same scan removes the
    # invisible characters when nothing that must run before it (surrogates, entities,
    # mojibake) is present, which is the common case.
    fast: str | None = text
    if start <= _RARE:
        found, fast = _scan(text, options, language, c)
    if fast is not None:
        text = fast
    else:
        if found & _SURROGATES:
            text = invisible.fix_surrogates_counted(text, c)
        if options.entities and not preformatted and "&" in found:
            text = fix_entities_counted(text, c)
        if options.presentation_forms and found & arabic.presentation_chars():
            # Before mojibake: the letters it yields must be seen by the repair now, not
            # on a second run.
            text = arabic.fix_presentation_forms(text, c)
        # Repair and invisible removal can each reveal work for the other (a stray joiner
        # hid a mojibake pair); a few rounds reach the fixed point a second run would.
        for _ in range(3):
            before = text
            if options.mojibake and found & mojibake_triggers():
                if options.invisible:
                    # What the invisible fix would change in ways that make new mojibake
                    # evidence (joining words, C1 controls becoming “ …) happens first.
                    text = invisible.remove_early_counted(text, c, keep_bidi=options.keep_bidi)
                    text = invisible.convert_c1_counted(text, c)
                text, kinds = fix_mojibake_counted(text)
                for kind, n in kinds.items():
                    c[f"mojibake_{kind}"] = c.get(f"mojibake_{kind}", 0) + n
                found = _rare(text)
            if options.invisible and found & invisible.invisible_chars():
                text = invisible.fix_invisible_counted(
                    text, c, keep_narrow_nbsp=language == "fr", keep_bidi=options.keep_bidi
                )
                found = _rare(text)
            if text == before or not (options.mojibake and found & mojibake_triggers()):
                break
    if start <= _LETTERS and not text.isascii():
        if options.presentation_forms and found & arabic.presentation_chars():
            text = arabic.fix_presentation_forms(text, c)
        if options.nfc and not unicodedata.is_normalized("NFC", text):
            text = _nfc(text)
            c["nfc"] = c.get("nfc", 0) + 1
        if not options.keep_tatweel:
            text = arabic.remove_tatweel(text, c)
    if not preformatted and start <= _AFTER:
        if style is None and options.quotes != "keep":
            style = style_for(options.quotes, language)
        if options.spacing and start <= _SPACES:
            # Whole text (trimming must see real line ends, not protected-span edges).
            text = spacing.collapse_spaces(text, c)
        # A text that may hold a protected span is fixed from the first stage.
        protect = start == _RARE and may_protect(text)
        french = language == "fr"
        if protect:
            text = apply_outside(text, partial(_before_quotes, options=options, counts=c))
        elif start <= _MARKS:
            text = _before_quotes(text, options, c)
        unpaired = c.get("quotes_unbalanced", 0)
        quoted = (
            fix_quotes_counted(text, style, c, candidates=quote_marks) if start <= _QUOTES else text
        )
        text = _after(quoted, options, french, c, protect)
        if c.get("quotes_unbalanced", 0) > unpaired and text != quoted:
            # A spacing fix may have made an unpaired line pairable ("،«" became "، «");
            # one more round now keeps a second run from finding work (idempotence).
            again: dict[str, int] = {}
            retried = fix_quotes_counted(text, style, again)
            if retried != text:
                again.pop("quotes_unbalanced", None)
                for kind, n in again.items():
                    c[kind] = c.get(kind, 0) + n
                text = _after(retried, options, french, c, protect)
    if options.strip_diacritics:
        text = arabic.strip_diacritics(text, c)
    if options.fold_letters:
        text = arabic.fold_letters(text, c)
    if options.digits != "keep":
        text = apply_outside(text, partial(arabic.convert_digits, target=options.digits, counts=c))
    return text


_SURROGATES = frozenset(chr(c) for c in range(0xD800, 0xE000))
_NONE: frozenset[str] = frozenset()


@cache
def _rare_pattern(with_ampersand: bool = True) -> re.Pattern[str]:
    chars = (
        invisible.invisible_chars()
        | arabic.presentation_chars()
        | mojibake_triggers()
        | _SURROGATES
        | ({"&"} if with_ampersand else set())
    )
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


def _rare(text: str) -> frozenset[str]:
    return frozenset(_rare_pattern().findall(text))


@cache
def _first_fixes() -> frozenset[str]:
    """Characters whose fixes must run before the invisible-character fix."""
    return mojibake_triggers() | _SURROGATES | {"&"}


def _scan(
    text: str, options: NormalizeOptions, language: str, counts: Counts
) -> tuple[frozenset[str], str | None]:
    """(rare characters present, text with invisible characters fixed — or None when an
    earlier fix must run first, in which case nothing was counted)."""
    if not options.invisible:
        return _rare(text), None
    if _rare_pattern().search(text) is None:
        return _NONE, text  # the common case: one scan, no callback set up
    seen: set[str] = set()
    local: dict[str, int] = {}
    fix = invisible.replacer(local, keep_narrow_nbsp=language == "fr", keep_bidi=options.keep_bidi)
    listed = invisible.invisible_chars()

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        seen.add(ch)
        return fix(m) if ch in listed else ch

    out = _rare_pattern().sub(repl, text)
    found = frozenset(seen)
    if found & _first_fixes():
        return found, None
    for kind, n in local.items():
        counts[kind] = counts.get(kind, 0) + n
    return found, out


def _nfc(text: str) -> str:
    # NFC is local (a line break is a starter nothing composes with), and full
    # normalization is slow: normalize only the lines that need it.
    if "\n" not in text:
        return unicodedata.normalize("NFC", text)
    return "\n".join(
        line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)
        for line in text.split("\n")
    )


def _language(article: Article, options: NormalizeOptions) -> str:
    if options.language != "auto":
        return options.language
    known = article.meta.get("language")
    if isinstance(known, str) and known and known != "und":
        return known.split("-")[0].lower()
    sample = article.title + "\n" + "\n".join(b.text for b in article.blocks[:20])
    return lang.detect(sample)


_DONE = _LOSSY + 1  # no stage acts


def _first_stages(
    texts: list[str],
    whole: str,
    marks: tuple[str, ...],
    options: NormalizeOptions,
    language: str,
    style: QuoteStyle | None,
) -> list[int]:
    """For each of ``texts`` (fixed as non-preformatted; ``whole`` is them joined with
    line breaks, holding the quotation marks ``marks``), the first stage of
    :func:`normalize_text` that may act on it, or ``_DONE`` when none will (the text
    comes back unchanged and nothing is counted).

    Most blocks of an article need no fix at all, yet proving it block by block costs a
    dozen scans and calls each. Here each fix's sites are looked for once, over the whole
    article joined with line breaks (a separator every rule treats as the end of a text,
    see ``textfix.spacing``). Sites are looked for in the original text, which is what
    each stage sees as long as the stages before it find nothing to do.
    """
    found: list[tuple[int, list[int]]] = []
    # One scan for the sites of most fixes (see _gate); the rest is looked for below.
    scan, branches = _gate(
        options.ellipsis,
        options.dashes,
        options.spacing,
        options.entities,
        not options.keep_tatweel,
        options.arabic_punctuation,
    )
    # Rare characters: invisible damage, presentation forms, mojibake, surrogates ("&"
    # only where it starts a reference: alone, it sends the text down the slow path of
    # the first stage, which then finds nothing to do).
    rare = _rare_pattern(with_ampersand=False)
    if rare.search(whole) is not None:
        found.append((_RARE, _rare_sites(whole, texts, rare, options)))
    gated: list[tuple[int, list[int]]] = []
    for m in scan.finditer(whole):
        stage, around, confirm = branches[m.lastindex or 0]
        i = m.start()
        if around:
            gated.append((stage, [j for j in (i - 1, i + 1) if j >= 0 and whole[j : j + 1] == " "]))
        elif not confirm or arabic.is_punctuation_site(whole, i):
            gated.append((stage, [i]))
    found.extend(gated)
    if options.spacing:
        # Runs of spaces, and a space at either end of the whole (inner text ends are
        # line breaks, which the scan covers).
        if "  " in whole:
            found.append((_SPACES, [m.start() for m in _RUNS.finditer(whole)]))
        if whole[:1] == " ":
            found.append((_SPACES, [0]))
        if whole[-1:] == " ":
            found.append((_SPACES, [len(whole) - 1]))
    else:
        found.append((_MARKS, spacing.dash_sites(whole, options.dashes)))
    if options.nfc and not whole.isascii() and not unicodedata.is_normalized("NFC", whole):
        # NFC never crosses a line break: only the texts that need it are touched.
        found.append((_LETTERS, _starts(texts, _not_nfc)))
    found.append((_QUOTES, quote_sites(whole, style, present=marks)))
    if options.collapse_repeats:
        found.append((_AFTER, spacing.repeat_sites(whole)))
    if options.strip_diacritics or options.fold_letters or options.digits != "keep":
        lossy = arabic.lossy_sites(
            whole,
            diacritics=options.strip_diacritics,
            fold=options.fold_letters,
            digits=options.digits,
        )
        found.append((_LOSSY, lossy))
    first = [_DONE] * len(texts)
    starts: list[int] | None = None
    for stage, sites in found:
        if sites:
            if starts is None:
                starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            for site in sites:
                # A site is a character of its text (an empty text owns none).
                i = bisect_right(starts, site) - 1
                if first[i] > stage:
                    first[i] = stage
    return first


_RUNS = re.compile("  +")


@cache
def _gate(
    ellipsis: str, dashes: str, spacing_on: bool, entities: bool, tatweel: bool, punctuation: bool
) -> tuple[re.Pattern[str], dict[int, tuple[int, bool, bool]]]:
    """One pattern for the sites of most fixes (all but rare characters, runs of spaces,
    NFC and quotes), and per branch (by its group number): the stage, whether the sites
    are the spaces next to the line break matched, whether the site needs confirming.

    The pattern is one alternative per character a site can start at, each the literal
    and then that character's rules as lookaheads: the regex engine then skips, in C,
    every character that starts no alternative, and at the others drops the alternatives
    of other characters at once. Every match is one character long, so no site hides
    inside another match; a character's rules come in stage order and the first that
    matches names the earliest stage; the rules to confirm come last, so a failed
    confirmation hides no other rule.
    """
    specs: list[tuple[int, bool, bool, str, str]] = []
    if entities:
        specs.append((_RARE, False, False, "&", GATE_BRANCH))
    # A text that may hold a URL or code is fixed from the first stage.
    specs.extend((_RARE, False, False, first, rest) for first, rest in spans.GATE_BRANCHES)
    stages = {
        "tatweel": _LETTERS,
        "space_before_mark": _AFTER,
        "line_break": _SPACES,
        "marks": _MARKS,
        "after": _AFTER,
        "punctuation": _AFTER,
    }
    for kind, firsts, rest in (
        *arabic.gate_branches(tatweel=tatweel, punctuation=False),
        *spacing.gate_branches(ellipsis=ellipsis, dashes=dashes, spacing=spacing_on),
        *arabic.gate_branches(tatweel=False, punctuation=punctuation),
    ):
        for first in firsts:
            # A line break's site is the space before or after it (see below).
            specs.append((stages[kind], kind == "line_break", kind == "punctuation", first, rest))
    # Per character: earliest stage first, rules to confirm last.
    specs.sort(key=lambda spec: (spec[2], spec[0]))
    rules: dict[str, list[str]] = {}
    branches: dict[int, tuple[int, bool, bool]] = {}
    for group, (stage, around, confirm, first, rest) in enumerate(specs, start=1):
        branches[group] = (stage, around, confirm)
        rules.setdefault(first, []).append(f"(?={rest})()")
    alternatives = [f"{re.escape(first)}(?:{'|'.join(r)})" for first, r in rules.items()]
    pattern = re.compile("|".join(alternatives))
    assert pattern.groups == len(specs)  # no rule brings a group of its own
    return pattern, _renumber(specs, rules, branches)


def _renumber(
    specs: list[tuple[int, bool, bool, str, str]],
    rules: dict[str, list[str]],
    branches: dict[int, tuple[int, bool, bool]],
) -> dict[int, tuple[int, bool, bool]]:
    """Branch info by the group number each rule got in the pattern (rules are laid out
    character by character, in the order characters first appear)."""
    by_first: dict[str, list[int]] = {}
    for group, spec in enumerate(specs, start=1):
        by_first.setdefault(spec[3], []).append(group)
    out: dict[int, tuple[int, bool, bool]] = {}
    number = 1
    for first in rules:
        for group in by_first[first]:
            out[number] = branches[group]
            number += 1
    return out


def _escape(chars: str) -> str:
    return "".join(re.escape(ch) for ch in chars)


def _rare_sites(
    whole: str, texts: list[str], rare: re.Pattern[str], options: NormalizeOptions
) -> list[int]:
    """The rare characters of ``whole``, but for the texts whose only rare characters are
    letters and signs that merely might be mojibake (é, ©) and that the repair leaves
    alone: for those the first stage finds nothing to do (the invisible fixes act on none
    of their characters, the repair changes nothing, and the loop ends after one round).
    Latin-1 letters in names are common; proving the repair idle costs less than running
    the whole first stage."""
    sites = [(m.start(), m.group()) for m in rare.finditer(whole)]
    only_maybe = _maybe_mojibake()
    if not all(ch in only_maybe for _, ch in sites):
        kept = {i for i, ch in sites if ch not in only_maybe}
    else:
        kept = set()
    out = []
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    by_text: dict[int, list[int]] = {}
    for i, _ in sites:
        by_text.setdefault(bisect_right(starts, i) - 1, []).append(i)
    for k, positions in by_text.items():
        if any(i in kept for i in positions) or (
            options.mojibake and fix_mojibake_counted(texts[k]) != (texts[k], {})
        ):
            out.append(positions[0])
    return out


@cache
def _maybe_mojibake() -> frozenset[str]:
    """Rare characters only the mojibake repair looks at."""
    return (
        mojibake_triggers()
        - invisible.invisible_chars()
        - arabic.presentation_chars()
        - _SURROGATES
        - {"&"}
    )


def _not_nfc(text: str) -> bool:
    return not unicodedata.is_normalized("NFC", text)


def _starts(texts: list[str], test: Callable[[str], bool]) -> list[int]:
    """The start, in the joined text, of each non-empty text that passes ``test``."""
    out = []
    pos = 0
    for text in texts:
        if text and test(text):
            out.append(pos)
        pos += len(text) + 1
    return out


def normalize(article: Article, options: NormalizeOptions | None = None) -> Article:
    """Normalize the title, subtitle and every block of ``article``.

    Counts of each kind of change go to ``meta["normalized"]`` as ``{kind: count}``.
    """
    options = options or NormalizeOptions()
    language = _language(article, options)
    style = style_for(options.quotes, language) if options.quotes != "keep" else None
    counts: dict[str, int] = {}
    texts = [article.title, article.subtitle, *(b.text for b in article.blocks)]
    whole = "\n".join(texts)
    marks = marks_in(whole)
    first = _first_stages(texts, whole, marks, options, language, style)
    # A text fixed from a later stage than the first holds no quotation mark the article
    # lacks (only the first stage can make one: entities, C1 controls, mojibake).

    def run(start: int, text: str) -> str:
        quote_marks = marks if start > _RARE else None
        return _normalize_from(start, text, options, language, counts, False, style, quote_marks)

    title, subtitle = (
        text if start == _DONE else run(start, text)
        for text, start in zip(texts[:2], first, strict=False)
    )
    blocks = []
    for block, start in zip(article.blocks, first[2:], strict=True):
        if block.type == "preformatted":
            text = normalize_text(
                block.text, options, language, counts, preformatted=True, style=style
            )
        elif start == _DONE:
            blocks.append(block)
            continue
        else:
            text = run(start, block.text)
        # A Block built directly: what dataclasses.replace does, without its field walk.
        blocks.append(
            block if text == block.text else Block(block.type, text, block.level, block.hint)
        )
    previous = article.meta.get("normalized")
    total = dict(previous) if isinstance(previous, dict) else {}
    for kind, n in counts.items():
        total[kind] = total.get(kind, 0) + n
    # One copy: what article.replace(...).with_meta(normalized=...) makes, in one step.
    meta = {**article.meta, "normalized": dict(sorted(total.items()))}
    return dataclasses.replace(
        article, title=title, subtitle=subtitle, blocks=tuple(blocks), meta=meta
    )
