"""Sentence spans in Arabic, Persian, Urdu and Latin-script text, for text whose line structure
was destroyed (all whitespace collapsed), so boilerplate can be cut sentence by sentence while
every other byte of the paragraph stays where it was.

Splitting only decides *which* stretch a rule is tried on; a split in the wrong place can at
worst miss a boilerplate sentence, never change the text that is kept.
"""

from __future__ import annotations

import re

#: Sentence-final punctuation: Latin, Arabic question mark, ellipsis, Urdu full stop.
TERMINATORS = ".!?؟…۔"
#: What may close a sentence after its final punctuation (quotes, brackets, and the bidi marks
#: LRM/RLM/ALM that RTL sites leave after a full stop).
CLOSERS = "\"'”’»)]›\u200e\u200f\u061c"

# Abbreviations after which a full stop does not end a sentence (English datelines and names).
_ABBREVS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "No", "Gen", "Sen", "Rep", "Gov", "Inc"}
    | {"Ltd", "Co", "Mt", "Lt", "Col", "Prof", "etc", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov"}
    | {"Dec", "approx", "Fig"}
)

# Patterns start with the punctuation itself (not with a look-behind) so the regex engine can
# skip ahead to candidates instead of trying every position. A boundary: terminators, closers,
# whitespace, and not a lower-case Latin letter next ("U.S. officials" continues).
_BOUNDARY = re.compile(rf"[{re.escape(TERMINATORS)}]+[{re.escape(CLOSERS)}]*(\s+)(?![a-zà-ÿ])")
# A stop that ends a prose sentence: one "." or "۔" (not ".." or "…", which Arabic headlines
# use as a pause), possibly closed by quotes, at the end or before whitespace.
_STOP = re.compile(rf"[.۔](?![.…])[{re.escape(CLOSERS)}]*(?:\s|$)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the "." at ``dot`` closes an initial ("J.", "U.S.") or a known abbreviation."""
    if dot == 0 or text[dot] != ".":
        return False
    prev = text[dot - 1]
    if prev in ".…":
        return True  # part of "..", handled as a run by the callers
    if not ("A" <= prev <= "z"):
        return False  # abbreviations and initials here are all ASCII Latin
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return (len(word) == 1 and word.isupper()) or word in _ABBREVS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, surrounding whitespace excluded.

    >>> t = 'قال الوزير إن الاجتماع مثمر. وأضاف: "سنلتقي قريبا". أحدث المواد'
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['قال الوزير إن الاجتماع مثمر.', 'وأضاف: "سنلتقي قريبا".', 'أحدث المواد']
    >>> t = "U.S. officials met Mr. Smith on Monday. Read more"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['U.S. officials met Mr. Smith on Monday.', 'Read more']
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    for m in _BOUNDARY.finditer(text):
        if m.end(0) - m.start(0) == m.end(1) - m.start(1) + 1 and _is_abbreviation(text, m.start()):
            continue
        end = m.start(1)
        if end > start:
            spans.append((start, end))
        start = m.end(1)
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def has_single_stop(text: str) -> bool:
    """True when ``text`` holds a full stop that ends a prose sentence.

    Headlines and link labels have none ("..", "…", "?" and "!" are allowed in them).

    >>> has_single_stop("الدخيّل يؤكد جاهزية المدارس.. وبدء الدراسة في موعدها")
    False
    >>> has_single_stop("The minister resigned. Talks resume today")
    True
    >>> has_single_stop("U.S. and U.K. sign trade deal")
    False
    """
    return any(not _is_abbreviation(text, m.start()) for m in _STOP.finditer(text))


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (after any closing quotes)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINATORS
