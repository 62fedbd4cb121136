"""A head stamp run into the first sentence: breadcrumb, byline and date before the article
when the page's line breaks were lost.

``Home > World By Jane Doe 3 hours ago The minister said ...`` is one line: no line rule
fits it whole, and the byline's name and the date change in every article. The stamp is
read as a row of pieces, each of which a head line rule (``ar.byline``, ``en.timestamp``, ...)
or a structural detector (breadcrumb, timestamp) recognises as a line of its own, starting
at the line's first word; the last piece must be a date or time (the one mark of where a
name ends and the article begins; one read word by word, not a rule's pattern), and
text must follow it. A row of one piece is not a
stamp (a sentence may open with a date), unless it continues words already known to be
template (``lead``: a learned head cut just before this line).
"""

from __future__ import annotations

import re

from newsclean.steps.boilerplate.matcher import Matcher
from newsclean.steps.boilerplate.reltime import FRAME_WORDS, words_of
from newsclean.steps.boilerplate.structure import is_breadcrumb, is_timestamp, timestamp_token

#: Words of the line looked at (a stamp is short), and the longest piece in words.
_MAX_WORDS = 36
_MAX_PIECE = 12
_MAX_CHARS = 800
_DIGIT = re.compile(r"\d")
# a breadcrumb's divider, spaced (as ``structure.is_breadcrumb`` splits on it)
_CRUMB = re.compile(r"\s(?:>>?|›|»|/|→|←|‹|«|<<?|::)\s")
#: The piece that ends a stamp: a date or time read word by word (a rule such as
#: ``ar.timestamp`` may run on over the article's first words), and the longest piece a
#: rule may recognise, in words (a byline's name, a label and a date).
_DATE = "structure.timestamp"
_RULE_WORDS = 7
#: A stamp never ends on a comma: "By Monday, 3 March 2015, the ministry ..." goes on.
_GOES_ON = (",", "،", ";", "؛")


def _piece(matcher: Matcher, piece: str, ruled: bool, dated: bool) -> str:
    """The rule that recognises ``piece`` as a head line of its own ("" when none).
    ``ruled``: a line rule may begin as it does; ``dated``: each of its words may be part of
    a timestamp."""
    if dated and is_timestamp(piece):
        return _DATE
    if ruled and piece.count(" ") < _RULE_WORDS:
        line = matcher.line
        hit = line["any"].fullmatch(piece) or line["head"].fullmatch(piece)
        if hit is not None:
            return hit.id
    if _CRUMB.search(piece) is not None and is_breadcrumb(piece):
        return "structure.breadcrumb"
    return ""


def _relative_word(text: str) -> bool:
    """Whether one of the first words of ``text`` is a relative time's frame ("منذ", "ago")."""
    return not FRAME_WORDS.isdisjoint(words_of(" ".join(text.split(None, _MAX_WORDS)[:_MAX_WORDS])))


def _may_start(matcher: Matcher, text: str) -> bool:
    """Whether a piece may start at the first word of ``text``: a head line rule matches
    from there, a breadcrumb's divider follows soon, or the word may be a timestamp's."""
    line = matcher.line
    if line["any"].matches(text, 0) or line["head"].matches(text, 0):
        return True
    if _CRUMB.search(text, 0, 160) is not None:
        return True
    word = text.split(None, 1)
    return bool(word) and timestamp_token(word[0])


def head_stamp(matcher: Matcher, text: str, lead: int = 0) -> list[tuple[int, int, str]]:
    """The pieces ``(start, end, rule)`` (offsets in ``text``, a folded line) of the stamp
    that opens ``text``; [] when there is none. ``lead``: ``text[:lead]`` is template
    already (a few learned words and a space): a piece may start in its last three words,
    and the stamp must end past it."""
    text = text[: lead + _MAX_CHARS]  # (the words looked at are within these)
    # (both tests must pass; the cheaper one first: folding the words for a relative time
    # cost 3% of a clean run on plain articles when it went first)
    if not lead and not _may_start(matcher, text):
        return []  # (most articles: no piece can start at the first word)
    if _DIGIT.search(text, lead) is None and not _relative_word(text[lead:]):
        return []  # (a stamp ends with a date or time: a digit, or "منذ يومين" in words)
    toks = []
    pos = 0
    for word in text.split(None, _MAX_WORDS + 1)[: _MAX_WORDS + 1]:
        pos = text.find(word, pos)
        toks.append((pos, pos + len(word)))
        pos += len(word)
    n = len(toks)
    first = next((t for t, (s, _) in enumerate(toks) if s >= lead), n)
    if n - first < 2:
        return []
    # pieces so far (a start inside the lead counts as one), the way there, and the same for
    # rows whose last piece is a date or time (the only rows that may end the stamp)
    count: list[int] = [-1] * (n + 1)
    via: list[tuple[int, str]] = [(-1, "")] * (n + 1)
    ends: list[tuple[int, int, str]] = [(-1, -1, "")] * (n + 1)  # (count, from, rule)
    for s in range(max(0, first - 3), first + 1):
        count[s] = 1 if s < first else 0
    # which words may be part of a timestamp (a piece with any other word is not one),
    # found when first needed
    known: list[bool | None] = [None] * n

    def dated(t: int) -> bool:
        d = known[t]
        if d is None:
            d = known[t] = timestamp_token(text[toks[t][0] : toks[t][1]])
        return d

    line = matcher.line
    for i in range(n - 1):
        if count[i] < 0:
            continue
        pos = toks[i][0]
        all_dated = dated(i)
        crumbs = _CRUMB.search(text, pos, toks[min(i + _MAX_PIECE, n) - 1][1]) is not None
        # (a rule that matches a piece matches the text from there on too)
        ruled = bool(line["any"].matches(text, pos) or line["head"].matches(text, pos))
        if not (ruled or crumbs or all_dated):
            continue  # no piece can start here
        for k in range(i + 1, min(i + _MAX_PIECE, n - 1) + 1):
            all_dated = all_dated and dated(k - 1)
            if not (ruled or crumbs or all_dated):
                break  # only a timestamp could start here, and this word is none
            rule = _piece(matcher, text[pos : toks[k - 1][1]], ruled, all_dated)
            if not rule:
                continue
            c = count[i] + 1
            if c > count[k]:
                count[k], via[k] = c, (i, rule)
            if rule == _DATE and c > ends[k][0]:
                ends[k] = (c, i, rule)
    for k in range(n - 1, first, -1):
        c, i, rule = ends[k]
        if c < 2 or i < first or text[toks[k - 1][0] : toks[k - 1][1]].endswith(_GOES_ON):
            continue  # (a date that starts in the lead only goes on with the lead's)
        pieces = [(toks[i][0], toks[k - 1][1], rule)]
        while count[i] > (1 if i < first else 0):
            j, r = via[i]
            pieces.append((toks[j][0], toks[i - 1][1], r))
            i = j
        merged: list[tuple[int, int, str]] = []
        for piece in reversed(pieces):  # (a date read as two pieces is one stamp)
            if merged and merged[-1][2] == piece[2]:
                merged[-1] = (merged[-1][0], piece[1], piece[2])
            else:
                merged.append(piece)
        return merged
    return []
