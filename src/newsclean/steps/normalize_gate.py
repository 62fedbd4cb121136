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
from bisect import bisect_right
from functools import cache
from itertools import accumulate

from newsclean import regex_cache
from newsclean.steps.normalize_fixes import (
    DONE,
    FIXES,
    Fix,
    GateInput,
    NormalizeOptions,
    PerOptions,
    Stage,
)
from newsclean.text import arabic, invisible
from newsclean.text.mojibake import fix_mojibake_counted
from newsclean.text.mojibake import triggers as mojibake_triggers
from newsclean.text.quotes import QuoteStyle

RARE = int(Stage.RARE)  # stages are plain ints here: IntEnum comparisons cost more

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
    return regex_cache.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


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
    # Rare characters: invisible damage, presentation forms, mojibake, surrogates ("&"
    # only where it starts a reference: alone, it sends the text down the slow path of
    # the first stage, which then finds nothing to do).
    rare = rare_pattern(with_ampersand=False)
    first_rare = rare.search(whole)
    if first_rare is not None:
        found.append((RARE, _rare_sites(whole, texts, rare, options, first_rare.start())))
    # The branches of every fix, in one scan per character a branch starts at (see _gate).
    gated: list[tuple[int, list[int]]] = []
    for char, pattern, branches in _gate(options):
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
    # The sites the fixes find with their own functions.
    view = GateInput(whole, marks, style)
    for fix in _site_fixes(options):
        assert fix.sites is not None
        found.append((int(fix.stage), fix.sites(view, options)))
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


@PerOptions
def _site_fixes(options: NormalizeOptions) -> tuple[Fix, ...]:
    """The fixes ``options`` turn on that find their sites with a function."""
    return tuple(f for f in FIXES if f.sites is not None and f.on(options))


@PerOptions
def _gate(
    options: NormalizeOptions,
) -> tuple[tuple[str, re.Pattern[str], dict[int, tuple[int, bool, bool]]], ...]:
    """The branches of every fix ``options`` turn on, as one pattern per character a
    branch starts at, and per branch (by its group number) the stage, whether the sites
    are the spaces next to the character matched, whether the site needs confirming.

    Each pattern is the literal and then that character's branches as lookaheads, so every
    match is one character long and no site hides inside another match; the branches come
    in stage order, so the first that matches names the earliest stage, and those to
    confirm come last, so a failed confirmation hides no other branch.
    """
    specs: list[tuple[int, bool, bool, str, str]] = []
    for fix in FIXES:
        if fix.on(options):
            for firsts, rest, around, confirm in fix.branches(options):
                specs.extend((int(fix.stage), around, confirm, first, rest) for first in firsts)
    # Per character: earliest stage first, branches to confirm last.
    specs.sort(key=lambda spec: (spec[2], spec[0]))
    rules: dict[str, list[tuple[str, tuple[int, bool, bool]]]] = {}
    for stage, around, confirm, first, rest in specs:
        rules.setdefault(first, []).append((rest, (stage, around, confirm)))
    out = []
    for first, alternatives in rules.items():
        pattern = regex_cache.compile(
            f"{re.escape(first)}(?:{'|'.join(f'(?={rest})()' for rest, _ in alternatives)})"
        )
        assert pattern.groups == len(alternatives)  # no branch brings a group of its own
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
