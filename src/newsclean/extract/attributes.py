"""Cap absurd attribute runs before libxml2 parses a page (issue 19 #3).

libxml2's HTML parser compares each new attribute of an element with all earlier ones, so
one element costs time quadratic in its attribute count: 20,000 attributes take ~2 s, a
1 MB ``<p>`` with 100,000 attributes ~50 s, and C code cannot be interrupted by the time
limit. Real pages stay far below :data:`MAX_ATTRIBUTES` (the corpora's most is in the
tens), so a tag with more keeps its first ``MAX_ATTRIBUTES`` and loses the rest; every other
byte of the page is unchanged.

Cost: one regex search over the page that matches nothing on a normal page (linear: each
attribute token is unambiguous, quoted values run to the next quote of the same kind), about
a tenth of libxml2's own parse time (measured over the 442 corpus pages, 59 MB).

Not caught: a crowded tag whose quoted values hold ``>`` every few hundred characters (the
cheap gate stops at the first ``>``; looking inside quotes at every tag cost half the parse
time). Such a page still parses slowly (100,000 attributes: ~80 s), and the per-document
time limit (``--doc-timeout``) fails it when the parser returns.

"""

from __future__ import annotations

import re
import sys

#: Attributes kept on one element (libxml2 parses this many in well under a millisecond).
MAX_ATTRIBUTES = 256

# One attribute after whitespace: a name, then optionally ``=`` and a quoted or bare value
# (a quoted value may hold spaces, ``<`` and ``>``, as libxml2 reads it). A bare value is
# never empty, so ``a= b`` reads one way only (``a`` = ``b``): no backtracking blow-up.
_ATTR_PLAIN = r"""\s+[^\s<>="'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']+))?"""
# Reading one way only, giving characters back never finds another match: on Python 3.11+
# the quantifiers are possessive, so a failed attempt (a ``<x`` in a script) stops without
# retracing (20% of the gate's time on the corpus pages; the same matches). Python 3.10's
# ``re`` has no possessive quantifiers: it gets the plain pattern.
_POSSESSIVE = sys.version_info >= (3, 11)
_ATTR = (
    r"""\s+[^\s<>="'/]++(?:\s*=\s*(?:"[^"]*+"|'[^']*+'|[^\s<>"']++))?+"""
    if _POSSESSIVE
    else _ATTR_PLAIN
)
#: A start tag followed by more than MAX_ATTRIBUTES attributes (a gate: rarely matches).
#: The lookahead (512 characters before any ``>``: 257 attributes need at least 514) makes
#: the attempt at an ordinary tag fail after a plain character scan.
_CROWDED = re.compile(
    rf"<[A-Za-z](?=[^>]{{512}})[^\s<>/]*{'+' if _POSSESSIVE else ''}"
    rf"(?:{_ATTR}){{{MAX_ATTRIBUTES + 1}}}"
)
#: One more attribute at a position (to find where a crowded run ends).
_ONE = re.compile(_ATTR)
_RAW_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)


def cap_attributes(text: str) -> str:
    """``text`` with every start tag's attributes past the first ``MAX_ATTRIBUTES`` dropped
    (script and style contents untouched); the same string when no tag has that many."""
    match = _CROWDED.search(text)
    if match is None:
        return text
    raw = _raw_text_ranges(text)
    at = 0  # the first range that does not end before the match
    pieces: list[str] = []
    done = 0
    while match is not None:
        while at < len(raw) and raw[at][1] <= match.start():
            at += 1
        if at < len(raw) and raw[at][0] <= match.start():  # in a script or style: not markup
            match = _CROWDED.search(text, raw[at][1])
            continue
        kept_end = _end_of_attributes(match, MAX_ATTRIBUTES)
        end = match.end()
        while (more := _ONE.match(text, end)) is not None:
            end = more.end()
        pieces.append(text[done:kept_end])
        done = end
        match = _CROWDED.search(text, end)
    pieces.append(text[done:])
    return "".join(pieces)


def _end_of_attributes(match: re.Match[str], count: int) -> int:
    """Where the first ``count`` attributes of a crowded tag end."""
    text = match.string
    pos = match.start() + 1
    while pos < match.end() and not text[pos].isspace():
        pos += 1  # the tag name
    for _ in range(count):
        one = _ONE.match(text, pos)
        if one is None:  # pragma: no cover - the gate matched these attributes
            break
        pos = one.end()
    return pos


def _raw_text_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``<script>`` and ``<style>`` contents are (start, end), in order; one pass."""
    lower = text.lower()
    ranges: list[tuple[int, int]] = []
    pos = 0
    while (opened := _RAW_OPEN.search(text, pos)) is not None:
        close = lower.find("</" + opened.group(1).lower(), opened.end())
        end = len(text) if close < 0 else close
        ranges.append((opened.end(), end))
        pos = end
    return ranges
