"""Which stages of normalize each text of an article needs: the step's article-wide gate.

Most blocks of an article need no fix at all, yet proving it block by block costs a dozen
scans and calls each. :func:`first_stages` looks for every fix's sites once, over the whole
article joined with line breaks, and says for each text the first stage of
``normalize_text`` that may act on it (``DONE``: none). The stages before it would find
nothing, so :mod:`newsclean.steps.normalize` starts there. ``tests/test_normalize_gate.py``
checks that this gives what fixing every block from the first stage gives.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from newsclean.text import arabic, invisible, spacing, spans
from newsclean.text.entities import GATE_BRANCH
from newsclean.text.mojibake import fix_mojibake_counted
from newsclean.text.mojibake import triggers as mojibake_triggers
from newsclean.text.quotes import QuoteStyle, quote_sites

if TYPE_CHECKING:
    from newsclean.steps.normalize import NormalizeOptions

# The stages of normalize_text, in order.
RARE, LETTERS, SPACES, MARKS, QUOTES, AFTER, LOSSY = range(7)
DONE = LOSSY + 1  # no stage acts

SURROGATES = frozenset(chr(c) for c in range(0xD800, 0xE000))


@cache
def rare_pattern(with_ampersand: bool = True) -> re.Pattern[str]:
    chars = (
        invisible.invisible_chars()
        | arabic.presentation_chars()
        | mojibake_triggers()
        | SURROGATES
        | ({"&"} if with_ampersand else set())
    )
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


def first_stages(
    texts: list[str],
    whole: str,
    marks: tuple[str, ...],
    options: NormalizeOptions,
    language: str,
    style: QuoteStyle | None,
) -> list[int]:
    """For each of ``texts`` (fixed as non-preformatted; ``whole`` is them joined with
    line breaks, holding the quotation marks ``marks``), the first stage of
    :func:`normalize_text` that may act on it, or ``DONE`` when none will (the text
    comes back unchanged and nothing is counted).

    Most blocks of an article need no fix at all, yet proving it block by block costs a
    dozen scans and calls each. Here each fix's sites are looked for once, over the whole
    article joined with line breaks (a separator every rule treats as the end of a text,
    see ``text.spacing``). Sites are looked for in the original text, which is what
    each stage sees as long as the stages before it find nothing to do.
    """
    found: list[tuple[int, list[int]]] = []
    # The sites of most fixes, character by character (see _gate); the rest below.
    scans = _gate(
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
    rare = rare_pattern(with_ampersand=False)
    first_rare = rare.search(whole)
    if first_rare is not None:
        found.append((RARE, _rare_sites(whole, texts, rare, options, first_rare.start())))
    gated: list[tuple[int, list[int]]] = []
    for char, pattern, branches in scans:
        # A regex scan for a set of characters costs ~50 instructions per character of
        # the text; a literal is found far faster. Characters most texts hold many times
        # get one scan each (a literal prefix: no Python per occurrence); the others,
        # absent or rare, are found by str.find (memchr) and their rules tried there.
        if char not in whole:
            continue
        if char in _FREQUENT:
            for each in pattern.finditer(whole):
                _add_site(gated, whole, each.start(), branches[each.lastindex or 0])
            continue
        i = whole.find(char)
        while i >= 0:
            m = pattern.match(whole, i)
            if m is not None:
                _add_site(gated, whole, i, branches[m.lastindex or 0])
            i = whole.find(char, i + 1)
    found.extend(gated)
    if options.spacing:
        # Runs of spaces, and a space at either end of the whole (inner text ends are
        # line breaks, which the scan covers).
        if "  " in whole:
            found.append((SPACES, [m.start() for m in _RUNS.finditer(whole)]))
        if whole[:1] == " ":
            found.append((SPACES, [0]))
        if whole[-1:] == " ":
            found.append((SPACES, [len(whole) - 1]))
    else:
        found.append((MARKS, spacing.dash_sites(whole, options.dashes)))
    if options.nfc and not whole.isascii() and not unicodedata.is_normalized("NFC", whole):
        # NFC never crosses a line break: only the texts that need it are touched.
        found.append((LETTERS, _starts(texts, _not_nfc)))
    found.append((QUOTES, quote_sites(whole, style, present=marks)))
    if options.collapse_repeats:
        found.append((AFTER, spacing.repeat_sites(whole)))
    if options.strip_diacritics or options.fold_letters or options.digits != "keep":
        lossy = arabic.lossy_sites(
            whole,
            diacritics=options.strip_diacritics,
            fold=options.fold_letters,
            digits=options.digits,
        )
        found.append((LOSSY, lossy))
    first = [DONE] * len(texts)
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

# Characters news text holds many times (over ~8 in the average article): see first_stages.
_FREQUENT = frozenset(".,،\n")


def _add_site(
    gated: list[tuple[int, list[int]]], whole: str, i: int, info: tuple[int, bool, bool]
) -> None:
    """Record the site of a gate match at ``i`` (see _gate for ``info``)."""
    stage, around, confirm = info
    if around:
        gated.append((stage, [j for j in (i - 1, i + 1) if j >= 0 and whole[j : j + 1] == " "]))
    elif not confirm or arabic.is_punctuation_site(whole, i):
        gated.append((stage, [i]))


@cache
def _gate(
    ellipsis: str, dashes: str, spacing_on: bool, entities: bool, tatweel: bool, punctuation: bool
) -> tuple[tuple[str, re.Pattern[str], dict[int, tuple[int, bool, bool]]], ...]:
    """The sites of most fixes (all but rare characters, runs of spaces, NFC and quotes):
    per character a site starts at, a pattern matching that character where one of its
    rules holds, and per rule (by its group number) the stage, whether the sites are the
    spaces next to the line break matched, whether the site needs confirming.

    Each pattern is the literal and then that character's rules as lookaheads, so every
    match is one character long and no site hides inside another match; the rules come
    in stage order, so the first that matches names the earliest stage, and the rules to
    confirm come last, so a failed confirmation hides no other rule.
    """
    specs: list[tuple[int, bool, bool, str, str]] = []
    if entities:
        specs.append((RARE, False, False, "&", GATE_BRANCH))
    # A text that may hold a URL or code is fixed from the first stage.
    specs.extend((RARE, False, False, first, rest) for first, rest in spans.GATE_BRANCHES)
    stages = {
        "tatweel": LETTERS,
        "space_before_mark": AFTER,
        "line_break": SPACES,
        "marks": MARKS,
        "after": AFTER,
        "punctuation": AFTER,
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
    rules: dict[str, list[tuple[str, tuple[int, bool, bool]]]] = {}
    for stage, around, confirm, first, rest in specs:
        rules.setdefault(first, []).append((rest, (stage, around, confirm)))
    out = []
    for first, alternatives in rules.items():
        pattern = re.compile(
            f"{re.escape(first)}(?:{'|'.join(f'(?={rest})()' for rest, _ in alternatives)})"
        )
        assert pattern.groups == len(alternatives)  # no rule brings a group of its own
        branches = {group: info for group, (_, info) in enumerate(alternatives, start=1)}
        out.append((first, pattern, branches))
    return tuple(out)


def _rare_sites(
    whole: str, texts: list[str], rare: re.Pattern[str], options: NormalizeOptions, start: int
) -> list[int]:
    """The rare characters of ``whole``, but for the texts whose only rare characters are
    letters and signs that merely might be mojibake (é, ©) and that the repair leaves
    alone: for those the first stage finds nothing to do (the invisible fixes act on none
    of their characters, the repair changes nothing, and the loop ends after one round).
    Latin-1 letters in names are common; proving the repair idle costs less than running
    the whole first stage. ``start``: where the first rare character is."""
    only_maybe = _maybe_mojibake()
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    out: list[int] = []

    def keep(k: int, sure: bool) -> bool:
        return sure or (options.mojibake and fix_mojibake_counted(texts[k]) != (texts[k], {}))

    # One pass, a few variables: a text of mojibake is rare characters throughout, and a
    # list of them all would cost ~100 bytes per character.
    k, first, sure, end = -1, 0, False, 0
    for m in rare.finditer(whole, start):
        i = m.start()
        if k < 0 or i >= end:  # the first rare character of another text
            if k >= 0 and keep(k, sure):
                out.append(first)
            k = bisect_right(starts, i) - 1
            end = starts[k + 1] if k + 1 < len(starts) else len(whole) + 1
            first, sure = i, False
        if not sure and m.group() not in only_maybe:
            sure = True
    if k >= 0 and keep(k, sure):
        out.append(first)
    return out


@cache
def _maybe_mojibake() -> frozenset[str]:
    """Rare characters only the mojibake repair looks at."""
    return (
        mojibake_triggers()
        - invisible.invisible_chars()
        - arabic.presentation_chars()
        - SURROGATES
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
