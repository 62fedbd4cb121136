"""Unify quotation marks to one style, pairing opening and closing marks by position.

Marks are paired per line (a paragraph, in a news block) with a stack, so nesting works and
right-to-left text is handled in logical order: a mark's role comes from its neighbours,
not from its shape (Arabic writers type ” to open, German „ opens, keyboards give ``"``).

- A mark after a space/start and before a letter opens; one after a letter or punctuation
  and before a space/end/punctuation closes; a mark between two letters
  (``إلى"النجاحات``) or between two spaces is decided by the stack (the parity of what is
  open). « and » keep their shape's role when position says nothing.
- A single quote between letters is an apostrophe (don't, l'homme, O'Brien); single quotes
  only become quotation marks when they pair cleanly; ``5'10"`` and ``12"`` are measures.
- A double quote between two Hebrew letters is a gershayim (צה"ל), not a quote.
- If the double quotes of a line do not pair (news text opens a quotation in one
  paragraph and closes it in a later one), each straight double quote whose place says what
  it is gets its mark (:func:`_by_context`); the others are left exactly as they were.

Spacing travels with pairing: a space outside, none inside (``إلى"النجاحات السياسية"``
becomes ``إلى «النجاحات السياسية»``), except after a one-letter Arabic proclitic (و«).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from functools import cache

from newsclean import regex_cache
from newsclean.text.spans import protected_spans
from newsclean.text.tables import load

__all__ = [
    "QuoteStyle",
    "fix_quotes",
    "fix_quotes_counted",
    "marks_in",
    "quote_sites",
    "style_for",
]

DOUBLE = '"“”„‟«»'
SINGLE = "'‘’‚‛‹›"
_CANDIDATE = regex_cache.compile(f"[{DOUBLE}{SINGLE}]")
_LITERALS = {q: regex_cache.compile(re.escape(q)) for q in DOUBLE + SINGLE}
_OPENERS = "([{<"
_SPACES = " \u00a0\u202f"
_HEBREW = regex_cache.compile("[\u05d0-\u05ea]")


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    """Primary and inner marks, and the space French puts inside the primary ones."""

    open: str
    close: str
    inner_open: str
    inner_close: str
    space_inside: str = ""


@cache
def _styles() -> dict[str, QuoteStyle]:
    return {name: QuoteStyle(**v) for name, v in load("quotes")["style"].items()}


@cache
def _clitics() -> frozenset[str]:
    return frozenset(load("chars_arabic")["clitics"]["words"])


def style_for(choice: str, language: str) -> QuoteStyle | None:
    """The style for ``--quotes`` ``choice`` in ``language``; None for ``keep``.

    >>> style_for("auto", "ar").open
    '«'
    >>> style_for("guillemets", "fr").space_inside == "\\u202f"
    True
    """
    if choice == "keep":
        return None
    styles = _styles()
    auto: dict[str, str] = load("quotes")["auto"]
    if choice == "auto":
        return styles[auto.get(language, auto["und"])]
    if choice == "guillemets":
        if language in ("fr", "fa"):
            return styles[auto[language]]
        return styles["guillemets"]
    if choice == "curly" and language == "de":
        return styles["german"]
    return styles[choice]


# Roles.
_OPEN, _CLOSE, _AMBIG, _INCH = 1, 2, 3, 4


_KINDS: dict[str, str] = {}


def _kind(ch: str) -> str:
    """'s' space/start, 'o' opening bracket, 'a' letter/digit, 'd' digit, 'p' other."""
    k = _KINDS.get(ch)
    if k is None:
        k = _kind_of(ch)
        if len(_KINDS) < 4096:  # bounded: text of any script cannot grow it without end
            _KINDS[ch] = k
    return k


def _kind_of(ch: str) -> str:
    if ch in _SPACES or ch.isspace():
        return "s"
    if ch in _OPENERS or ch == "\u0640":
        return "o"  # a tatweel before a mark ends a detached prefix: لـ«المدينة»
    if ch.isdigit():
        return "d"
    if ch.isalnum() and ch != "\u0640":
        return "a"
    return "p"


_ROLES: dict[tuple[str, str, str], int | None] = {}


def _role(before: str, ch: str, after: str) -> int | None:
    """The role of mark ``ch`` between characters ``before`` and ``after`` (a space stands
    for the start or end of the line). Memoized: it depends on these three characters only."""
    key = (before, ch, after)
    try:
        return _ROLES[key]
    except KeyError:
        pass
    role = _role_of(before, ch, after)
    if len(_ROLES) < 100_000:
        _ROLES[key] = role
    return role


def _role_of(before: str, ch: str, after: str) -> int | None:
    prev = _kind(before)
    nxt = _kind(after)
    if nxt == "p" and after in DOUBLE + SINGLE:
        nxt = "q"
    if prev == "p" and before in DOUBLE + SINGLE:
        prev = "o"  # a mark after another mark: nested opening ("' or «“)
    word_prev = prev in "ad"
    word_next = nxt in "ad"
    if ch in SINGLE:
        if word_prev and word_next:
            return None  # apostrophe: don't, l'homme, O'Brien, 5'10"
        if prev == "d":
            return None  # feet, or 80's
        if prev in "so" and word_next:
            return _OPEN
        if prev in "ap" and nxt in "spq":
            return _CLOSE
        return None
    if word_prev and word_next and _HEBREW.match(before) and _HEBREW.match(after):
        return None  # gershayim
    if prev == "d" and nxt in "spq":
        return _INCH
    if prev in "so":
        if nxt == "s" or (nxt == "p" and prev == "s"):
            return _AMBIG  # free-standing, or spaced before punctuation: "كذا ". ثم
        return _OPEN
    if nxt in "sq":
        return _CLOSE
    if nxt == "p" and after != "(":
        return _CLOSE
    if ch == "«":
        return _OPEN
    if ch == "»":
        return _CLOSE
    return _AMBIG


def _pair(
    line: str, spans: list[tuple[int, int]], marks: list[tuple[int, str]]
) -> list[tuple[int, int, bool]] | None:
    """[(open_index, close_index, is_double)] or None when the double quotes do not pair."""
    stack: list[tuple[int, bool]] = []
    pairs: list[tuple[int, int, bool]] = []
    doubles_open = 0
    span_i = 0
    last = len(line) - 1
    for i, ch in marks:
        if spans:
            while span_i < len(spans) and spans[span_i][1] <= i:
                span_i += 1
            if span_i < len(spans) and spans[span_i][0] <= i:
                continue
        # French padding (narrow no-break spaces inside « ») is looked through.
        b, a = i - 1, i + 1
        while b >= 0 and line[b] == "\u202f":
            b -= 1
        while a <= last and line[a] == "\u202f":
            a += 1
        role = _role(line[b] if b >= 0 else " ", ch, line[a] if a <= last else " ")
        if role is None:
            continue
        double = ch in DOUBLE
        if not double:
            if role == _OPEN:
                stack.append((i, False))
            elif stack and not stack[-1][1] and i - stack[-1][0] > 2:
                pairs.append((stack.pop()[0], i, False))
            continue
        has_open = doubles_open > 0
        if role == _INCH:
            if not has_open:
                continue
            role = _CLOSE
        if role == _AMBIG:
            role = _CLOSE if has_open else _OPEN
        if role == _OPEN:
            stack.append((i, True))
            doubles_open += 1
            continue
        # Closing a double: unclosed singles above it were apostrophes after all.
        while stack and not stack[-1][1]:
            stack.pop()
        if not stack:
            return None
        pairs.append((stack.pop()[0], i, True))
        doubles_open -= 1
    if doubles_open:
        return None
    return pairs


def _depths(pairs: list[tuple[int, int, bool]]) -> dict[int, int]:
    depth: dict[int, int] = {}
    open_ends: list[int] = []
    for start, end, _ in sorted(pairs):
        while open_ends and open_ends[-1] < start:
            open_ends.pop()
        depth[start] = len(open_ends)
        open_ends.append(end)
    return depth


def _clitic_before(out_tail: str) -> bool:
    k = len(out_tail)
    while k > 0 and "\u0621" <= out_tail[k - 1] <= "\u064a":
        k -= 1
    word = out_tail[k:]
    return bool(word) and (k == 0 or out_tail[k - 1].isspace()) and word in _clitics()


def _settled(line: str, style: QuoteStyle, marks: list[tuple[int, str]]) -> bool:
    """True when the line already alternates the style's primary marks, well spaced: the
    common case in newsroom text (most lines with « » need nothing), decided without
    pairing."""
    if style.space_inside or style.open == style.close:
        return False
    expect_open = True
    last = len(line) - 1
    for i, ch in marks:
        if expect_open:
            if ch != style.open or i == last or line[i + 1] in _SPACES:
                return False
            if i and _kind(line[i - 1]) in "ad":
                return False  # glued to a word: maybe a proclitic, let pairing decide
        else:
            if ch != style.close or line[i - 1] in _SPACES:
                return False
            if i < last and _kind(line[i + 1]) in "ad":
                return False
        expect_open = not expect_open
    return expect_open


_MARKS = DOUBLE + SINGLE


def _simple(line: str, style: QuoteStyle, marks: list[tuple[int, str]]) -> tuple[str, int] | None:
    """(fixed line, marks changed) when the line is one of the common easy cases, else
    None: no narrow no-break space and no protected span (the caller checks spans), no
    French padding, every single mark an apostrophe between two letters or digits (no
    role), and the double marks alternating from an opening one where roles and spacing
    are certain (the reasoning of :func:`_settled_patterns`, for any double mark: an
    opening one after the start, a space, an opening bracket, a tatweel or a mark and
    before a letter, digit, opening bracket or mark; a closing one, never «, after any
    other character and before no letter or digit). Pairing then gives consecutive pairs
    of depth 0 and no space to add or remove, so the fix only swaps each mark for the
    style's: what :func:`_fix_line` makes of such a line, without pairing it."""
    if style.space_inside or "\u202f" in line:
        return None
    last = len(line) - 1
    opening = True
    targets: list[tuple[int, str]] = []
    for i, ch in marks:
        before = line[i - 1] if i else ""
        after = line[i + 1] if i < last else ""
        if ch in SINGLE:
            if before and after and _kind(before) in "ad" and _kind(after) in "ad":
                continue
            return None
        if opening:
            if before and before not in _MARKS and _kind(before) not in "so":
                return None
            if not after or (after not in _MARKS and _kind(after) not in "ado"):
                return None
            if ch != style.open:
                targets.append((i, style.open))
        else:
            if ch == "«" or not before or before in _MARKS or _kind(before) in "so":
                return None
            if after and _kind(after) in "ad":
                return None
            if ch != style.close:
                targets.append((i, style.close))
        opening = not opening
    if not opening:
        return None
    if not targets:
        return line, 0
    out = []
    pos = 0
    for i, mark in targets:
        out.append(line[pos:i])
        out.append(mark)
        pos = i + 1
    out.append(line[pos:])
    return "".join(out), len(targets)


def _fix_line(
    line: str,
    style: QuoteStyle,
    counts: MutableMapping[str, int],
    marks: list[tuple[int, str]],
    *,
    easy: bool = True,
    check: bool = True,
) -> str:
    """Fix one line; ``easy=False`` always pairs (tests compare it with the easy path);
    ``check=False``: a context decision is not checked for stability (the check itself)."""
    if _settled(line, style, marks):
        return line
    spans = protected_spans(line)
    if easy and not spans:
        simple = _simple(line, style, marks)
        if simple is not None:
            result, changed = simple
            if changed:
                counts["quotes"] = counts.get("quotes", 0) + changed
            return result
    pairs = _pair(line, spans, marks)
    if pairs is None:
        counts["quotes_unbalanced"] = counts.get("quotes_unbalanced", 0) + 1
        scratch: dict[str, int] = {}
        decided = _by_context(line, style, scratch, marks, spans)
        if check and decided != line and not _stable(decided, style):
            return line  # a second run would read it differently: keep what we had
        for kind, n in scratch.items():
            counts[kind] = counts.get(kind, 0) + n
        return decided
    if not pairs:
        return line
    depth = _depths(pairs)
    events: dict[int, tuple[str, bool, str]] = {}
    open_of = {end: start for start, end, _ in pairs}
    for start, end, _ in pairs:
        inner = depth[start] % 2 == 1
        o, c = (style.inner_open, style.inner_close) if inner else (style.open, style.close)
        pad = "" if inner else style.space_inside
        events[start] = (o, True, pad)
        events[end] = (c, False, pad)
    out: list[str] = []
    pos = 0
    changed = spaced = 0
    empty_close = -1
    n = len(line)
    for i in sorted(events):
        mark, opening, pad = events[i]
        seg = line[pos:i]
        if opening:
            tail = seg if seg else (out[-1] if out else "")
            if tail and _kind(tail[-1]) in "ad" and not _clitic_before(tail):
                seg += " "
                spaced += 1
            out.append(seg)
            pos = i + 1
            # No space inside the opening mark; an empty quotation loses its spaces and
            # its padding (so a second pass finds the same thing).
            j = pos
            while j < n and line[j] in _SPACES:
                j += 1
            if open_of.get(j) == i:
                out.append(mark)
                empty_close = j
                if j > pos:
                    spaced += 1
                pos = j
            else:
                out.append(mark + pad)
                if j < n and j > pos:
                    spaced += 1
                    pos = j
        else:
            if i == empty_close:
                out.append(mark)
                pos = i + 1
                if pos < n and _kind(line[pos]) in "ad":
                    out.append(" ")
                    spaced += 1
                if line[i] != mark:
                    changed += 1
                continue
            stripped = seg.rstrip(_SPACES)
            if stripped != seg:
                spaced += 1
                seg = stripped
            out.append(seg)
            out.append(pad + mark)
            pos = i + 1
            if pos < n and _kind(line[pos]) in "ad":
                out.append(" ")
                spaced += 1
        if line[i] != mark:
            changed += 1
    out.append(line[pos:])
    result = "".join(out)
    if result == line:
        return line
    if changed:
        counts["quotes"] = counts.get("quotes", 0) + changed
    if spaced:
        counts["quote_spacing"] = counts.get("quote_spacing", 0) + spaced
    return result


# Punctuation a quotation opens after ("قال:"نعم", "وأضاف،"إن"): a straight quote between
# one of these and a letter opens, where its place alone would say nothing.
_INTRODUCERS = frozenset(":،,؛;")


def _stable(line: str, style: QuoteStyle) -> bool:
    """Whether fixing ``line`` again changes nothing (a context decision must not make a
    line that pairs differently the next time)."""
    marks = [(m.start(), m.group()) for m in _CANDIDATE.finditer(line)]
    return _fix_line(line, style, {}, marks, check=False) == line


def _introduced(line: str, b: int, before: str) -> bool:
    """Whether the character at ``b`` (``before``) lets a quote glued to it open: ``:``,
    ``،`` and the like, or a one-letter proclitic (``ل"الشرق``)."""
    if before in _INTRODUCERS:
        return True
    # the proclitic's word is short: eight characters back are enough to see it whole
    return _kind(before) == "a" and _clitic_before(line[max(0, b - 8) : b + 1])


def _by_context(
    line: str,
    style: QuoteStyle,
    counts: MutableMapping[str, int],
    marks: list[tuple[int, str]],
    spans: list[tuple[int, int]],
) -> str:
    """A line whose double quotes do not pair: each straight double quote whose place says
    what it is becomes the style's opening or closing mark; the others stay as they are.

    News text opens a quotation in one paragraph and closes it in a later one (each
    paragraph of a long quotation opens again, only the last one closes), so a paragraph on
    its own often does not pair: it may close a quotation opened before it and leave one
    open at its end. Marks are paired as they come; a closing mark with nothing open (after
    a quotation of the line) and opening marks left open when more than one is stay as
    they are. A quote after a space, the start or a bracket and before a
    letter opens, and one after a letter or punctuation and before a space, punctuation or
    the end closes (the roles of :func:`_role`); so does one glued after ``:`` or ``،`` or
    a one-letter proclitic (``قال:"نعم``, ``ل"الشرق``) and one after ``:`` with a stray space
    inside (``وكتب :" أول``, whose space goes). Between two letters, between two spaces, or
    after a digit (an inch mark) it stays straight. Only straight quotes change, so a second
    run finds nothing more to do. French padding is not added here, the straight style has
    nothing to decide, and protected spans (URLs, code) are not looked into: such lines stay
    as they were.
    """
    if style.space_inside or style.open == style.close or spans:
        return line
    last = len(line) - 1
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in order
    unclosed: list[tuple[int, int, str]] = []  # opening edits not closed yet
    opened = False
    for i, ch in marks:
        if ch not in DOUBLE:
            continue
        b, a = i - 1, i + 1
        while b >= 0 and line[b] == "\u202f":
            b -= 1
        while a <= last and line[a] == "\u202f":
            a += 1
        before = line[b] if b >= 0 else " "
        after = line[a] if a <= last else " "
        end = i + 1
        if "\u0080" <= before <= "\u00ff" and ch == '"':
            continue  # after a Latin-1 sign or letter: maybe mojibake the repair has not reached
        if before == ":" and after == " ":
            j = a
            while j <= last and line[j] == " ":
                j += 1
            role = _OPEN if j <= last and _kind(line[j]) in "ad" else None
            end = j
        else:
            role = _role(before, ch, after)
            if role == _AMBIG and _kind(after) in "ad" and _introduced(line, b, before):
                role = _OPEN
        if role == _OPEN:
            opened = True
            unclosed.append((i, end, style.open if ch == '"' else ch))
        elif role == _CLOSE:
            if unclosed:
                edits.append(unclosed.pop())
            elif opened:
                continue  # closes nothing, after a quotation of this line: unsure, kept
            if ch == '"':
                edits.append((i, end, style.close))
    if len(unclosed) == 1:
        edits.append(unclosed[0])  # one quotation going on into the next paragraph
    # (more than one left open is not the shape of news text: those stay as they are)
    edits.sort()
    edits = [e for e in edits if e[2] != line[e[0] : e[1]]]
    if not edits:
        return line
    out: list[str] = []
    pos = 0
    for start, end, mark in edits:
        out.append(line[pos:start])
        out.append(mark)
        pos = end
    out.append(line[pos:])
    changed = sum(1 for start, _, mark in edits if line[start] != mark)
    spaced = sum(1 for start, end, _ in edits if end > start + 1)
    if changed:
        counts["quotes"] = counts.get("quotes", 0) + changed
    if spaced:
        counts["quote_spacing"] = counts.get("quote_spacing", 0) + spaced
    return "".join(out)


def marks_in(text: str) -> tuple[str, ...]:
    """The quotation marks ``text`` holds (a caller fixing many parts of one text can
    pass them on, so each part is only searched for those)."""
    return tuple(q for q in _LITERALS if q in text)


def _marked_lines(
    text: str, candidates: tuple[str, ...] | None = None
) -> Iterator[tuple[int, int, list[tuple[int, str]]]]:
    """(start, end, marks) of every line holding a mark; marks as (index in line, mark).
    ``candidates``: the only marks ``text`` may hold (all of them when None)."""
    # Marks are found one literal at a time (a memchr-speed scan each, and most texts hold
    # one or two kinds), not with a class.
    present = [q for q in (_LITERALS if candidates is None else candidates) if q in text]
    if not present:
        return
    found = [(m.start(), q) for q in present for m in _LITERALS[q].finditer(text)]
    if len(present) > 1:
        found.sort()
    k = 0
    total = len(found)
    while k < total:
        first = found[k][0]
        start = text.rfind("\n", 0, first) + 1
        end = text.find("\n", first)
        if end < 0:
            end = len(text)
        marks: list[tuple[int, str]] = []
        while k < total and found[k][0] < end:
            marks.append((found[k][0] - start, found[k][1]))
            k += 1
        yield start, end, marks


def fix_quotes_counted(
    text: str,
    style: QuoteStyle | None,
    counts: MutableMapping[str, int],
    *,
    candidates: tuple[str, ...] | None = None,
) -> str:
    """Unify quotes line by line; count marks changed, spaces fixed and lines left alone.
    ``candidates``: the only marks ``text`` may hold (see :func:`marks_in`)."""
    if style is None:
        return text
    # Only the lines holding a mark are looked at.
    out: list[str] = []
    pos = 0
    for start, end, marks in _marked_lines(text, candidates):
        line = text[start:end]
        fixed = _fix_line(line, style, counts, marks)
        if fixed != line:
            out.append(text[pos:start])
            out.append(fixed)
            pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def quote_sites(
    text: str, style: QuoteStyle | None, *, present: tuple[str, ...] | None = None
) -> list[int]:
    """Where :func:`fix_quotes_counted` may change or count something, for the step's
    article-wide gate (lines are fixed one by one, so texts joined with line breaks give
    the same lines). Each site is a mark of a line that may be touched; lines that may
    hold a protected span (``spans.may_protect``) are not looked at: the gate sends
    their texts through every fix anyway. ``present``: :func:`marks_in` of ``text``, when
    the caller has it."""
    if style is None:
        return []
    if present is None:
        present = marks_in(text)
    if not present:
        return []
    settled = _settled_patterns(style)
    if settled is None or "\u202f" in text:
        return _exact_sites(text, style)
    bad, pair = settled
    out: list[int] = []
    # Lines whose marks are apostrophes between letters (no role) and the style's primary
    # marks, alternating from an opening one and each where its role and spacing are
    # certain, come back unchanged (see _settled_patterns). One literal search per kind
    # of mark present proves it for the usual text; positions are listed only for the
    # marks that fail.
    for q in present:
        pattern = bad.get(q)
        if pattern is None:
            out.extend(m.start() for m in _LITERALS[q].finditer(text))
        elif pattern.search(text) is not None:
            out.extend(m.start() for m in pattern.finditer(text))
    # Alternation: with every pair of a line's primary marks taken out, none is left.
    if style.open in present or style.close in present:
        rest = pair.sub("", text)
        if style.open in rest or style.close in rest:
            out.extend(_unpaired(text, style, pair))
    return out


def _unpaired(text: str, style: QuoteStyle, pair: re.Pattern[str]) -> list[int]:
    """The primary marks that no match of ``pair`` covers."""
    covered = set()
    for m in pair.finditer(text):
        covered.add(m.start())
        covered.add(m.end() - 1)
    return [
        m.start()
        for q in (style.open, style.close)
        for m in _LITERALS[q].finditer(text)
        if m.start() not in covered
    ]


def _exact_sites(text: str, style: QuoteStyle) -> list[int]:
    out = []
    for start, end, marks in _marked_lines(text):
        line = text[start:end]
        scratch: dict[str, int] = {}
        if _fix_line(line, style, scratch, marks) != line or scratch:
            out.append(start + marks[0][0])
    return out


@cache
def _settled_patterns(
    style: QuoteStyle,
) -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]] | None:
    """(per mark, the pattern of its unsettled occurrences; the pair pattern): a line
    that :func:`_fix_line` returns unchanged without counting is one where no mark is
    unsettled and the primary ones alternate from an opening one (each opening mark
    starts a match of the pair pattern). With no protected span and no narrow no-break
    space on the line (the caller checks), a settled mark is one of these:

    - an apostrophe has a letter or digit (not a tatweel) on both sides: no role;
    - an opening mark follows the start, a space, an opening bracket, a tatweel or a mark
      (kind s/o), and precedes a letter, digit, opening bracket or mark: role opening;
    - a closing mark follows a character that is none of those (kind a/d/p, not a mark)
      and precedes no letter or digit: role closing, or ambiguous or inch and closing
      because a double is open (no style closes with «, which would open);
    - so the pairs are consecutive and of depth 0, each mark is already the style's, and
      no space is added or removed around it: the rebuilt line is the line.

    None for styles this reasoning does not cover (same mark both ways, French padding).
    """
    if style.space_inside or style.open == style.close or style.close == "«":
        return None
    marks = "".join(re.escape(q) for q in DOUBLE + SINGLE)
    word = "[^\\W_\u0640]"
    # Per mark, where it is NOT in a settled place (a site).
    bad = {
        q: regex_cache.compile(f"{re.escape(q)}(?:(?<!{word}{re.escape(q)})|(?!{word}))")
        for q in SINGLE
    }
    # Characters of kind s/o (space, opening bracket, tatweel) or a mark.
    so = f"\\s(\\[{{<\u0640{marks}"
    o, c = re.escape(style.open), re.escape(style.close)
    bad[style.open] = regex_cache.compile(f"{o}(?:(?<=[^{so}]{o})|(?![^\\W_]|[(\\[{{<{marks}]))")
    bad[style.close] = regex_cache.compile(f"{c}(?:(?<![^{so}]{c})|(?={word}))")
    pair = regex_cache.compile(f"{o}[^\\n{o}{c}]*{c}")
    return bad, pair


def fix_quotes(text: str, style: QuoteStyle | None) -> str:
    """Unify quotation marks to ``style``.

    >>> ar = style_for("auto", "ar")
    >>> fix_quotes('مشيراً إلى"النجاحات السياسية" التي', ar)
    'مشيراً إلى «النجاحات السياسية» التي'
    >>> fix_quotes('قال "إن \\'الأمر\\' انتهى"', ar)
    'قال «إن “الأمر” انتهى»'
    >>> print(fix_quotes("He said \\"don't\\" to O'Brien, 5'10\\" tall", style_for("auto", "en")))
    He said “don't” to O'Brien, 5'10" tall
    >>> fix_quotes('an "unbalanced quote', ar)  # opens here, closes in a later paragraph
    'an «unbalanced quote'
    >>> fix_quotes('two "open "quotes', ar)  # not the shape of a quotation: left alone
    'two "open "quotes'
    """
    return fix_quotes_counted(text, style, {})
