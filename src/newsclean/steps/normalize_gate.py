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
from collections.abc import Mapping
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
    return regex_cache.compile(_rare_class(with_ampersand))


@cache
def _rare_class(with_ampersand: bool) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(_rare_chars(with_ampersand))) + "]"


@cache
def _rare_chars(with_ampersand: bool) -> frozenset[str]:
    return (
        invisible.invisible_chars()
        | arabic.presentation_chars()
        | mojibake_triggers()
        | SURROGATES
        | ({"&"} if with_ampersand else frozenset())
    )


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
    gated: list[tuple[int, list[int]]] = []
    # One scan finds the rare characters (invisible damage, presentation forms, mojibake,
    # surrogates) and every occurrence of the characters that start a branch and that news
    # text holds few of (brackets, colons, dashes...), whose branches are tried where they
    # are: the class costs the same per character whatever it holds, so those characters
    # cost no presence test and no search of their own. It stops at the first rare
    # character, where the first stage's own sites take over (see _rare_sites; "&" only
    # where it starts a reference: alone, it would send the text down the slow path of
    # the first stage, which then finds nothing to do).
    sparse = _sparse(options)
    rare_at = -1  # where the first rare character is (-1: none)
    find_from = -1  # where the sparse gate characters are still to be found (-1: nowhere)
    by_char: Mapping[str, Gated]
    if sparse is None:  # a branch starts at a rare character: each one looked for alone
        rare, by_char = rare_pattern(with_ampersand=False), {}
        first_rare = rare.search(whole)
        if first_rare is not None:
            rare_at = first_rare.start()
        find_from = 0
    else:
        rare, by_char = sparse
        for each in rare.finditer(whole):
            i = each.start()
            entry = by_char.get(whole[i])
            if entry is None:  # a rare character
                rare_at = find_from = i
                break
            pattern, branches = entry
            m = pattern.match(whole, i)
            if m is not None:
                _add_site(gated, whole, i, branches[m.lastindex or 0])
    if rare_at >= 0:
        found.append((RARE, _rare_sites(whole, texts, rare, by_char, options, rare_at)))
    # The branches of every fix, in one scan per character a branch starts at (see _gate).
    for char, pattern, branches in _gate(options):
        # A regex scan for a set of characters costs ~50 instructions per character of
        # the text; a literal is found far faster. Characters most texts hold many times
        # get one scan each (a literal prefix: no Python per occurrence); the others,
        # when the scan above stopped early, are found by str.find from where it stopped.
        if char in _FREQUENT:
            if char in whole:
                for each in pattern.finditer(whole):
                    _add_site(gated, whole, each.start(), branches[each.lastindex or 0])
            continue
        if find_from < 0:
            continue
        i = whole.find(char, find_from)
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


@PerOptions
def _sparse(options: NormalizeOptions) -> tuple[re.Pattern[str], dict[str, Gated]] | None:
    """(one class of the rare characters (without "&") and of the gate's characters that
    are not _FREQUENT; per such gate character, its pattern and branches), or None when a
    gate character is itself rare (the scan could not tell the two apart)."""
    by_char = {char: (pattern, branches) for char, pattern, branches in _gate(options)}
    for char in _FREQUENT:
        by_char.pop(char, None)
    if not _rare_chars(with_ampersand=False).isdisjoint(by_char):
        return None
    rare = _rare_class(with_ampersand=False)
    # The rare class's source with the characters added before its closing bracket
    # (escaping its ~3,000 characters again would cost start-up time).
    extra = "".join(re.escape(char) for char in sorted(by_char))
    return regex_cache.compile(rare[:-1] + extra + "]"), by_char


#: A gate character's pattern and its branches (see _gate).
Gated = tuple[re.Pattern[str], dict[int, tuple[int, bool, bool]]]


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
    whole: str,
    texts: list[str],
    rare: re.Pattern[str],
    skip: Mapping[str, object],
    options: NormalizeOptions,
    start: int,
) -> list[int]:
    """The rare characters of ``whole``, but for the texts whose only rare characters are
    letters and signs that merely might be mojibake (é, ©) and that the repair leaves
    alone: for those the first stage finds nothing to do (the invisible fixes act on none
    of their characters, the repair changes nothing, and the loop ends after one round).
    Latin-1 letters in names are common; proving the repair idle costs less than running
    the whole first stage. ``rare`` finds the rare characters and those of ``skip``
    (not rare: passed over); ``start``: where the first rare character is."""
    only_maybe = _maybe_mojibake()
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    out: list[int] = []

    def keep(k: int, sure: bool) -> bool:
        return sure or (options.mojibake and fix_mojibake_counted(texts[k]) != (texts[k], {}))

    # One pass, a few variables: a text of mojibake is rare characters throughout, and a
    # list of them all would cost ~100 bytes per character.
    k, first, sure, end = -1, 0, False, 0
    for m in rare.finditer(whole, start):
        if skip and m.group() in skip:
            continue
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
