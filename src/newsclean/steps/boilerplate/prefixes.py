"""What the first few characters of a rule's match can be, as a small regex.

Rules are indexed by their first character, but in Arabic text most lines and sentences begin
with the same few letters ("ال", "و"), so that index alone sends nearly every line to a dozen
rules. ``prefix_source(pattern, k)`` turns a rule's pattern into a regex that every match of it
begins with and that reads at most ``k`` characters: ``(?:[اأإآٱ]قر[اأإآٱ])`` for "اقرأ أيضا",
``(?:read|see)`` for "(?:read|see) more". Tried on the first ``k`` characters of a text, it
rules the rule out for the text without running the rule; a key's verdict can be cached.

The derived regex only ever accepts *more* than the rule's own beginnings (it stops where the
pattern gets complicated, and drops lookarounds), so using it as a pre-check never changes
which rule matches.
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - exercised on 3.10 only
    import sre_constants
    import sre_parse

_MAXREPEAT = sre_constants.MAXREPEAT
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_UNI_DIGIT": r"\d",
    "CATEGORY_UNI_NOT_DIGIT": r"\D",
    "CATEGORY_UNI_SPACE": r"\s",
    "CATEGORY_UNI_NOT_SPACE": r"\S",
    "CATEGORY_UNI_WORD": r"\w",
    "CATEGORY_UNI_NOT_WORD": r"\W",
}
_ANY = r"(?s:.)"
#: A bound on the alternatives one prefix regex may grow to (optional parts double them).
_MAX_SOURCE = 20_000
#: A bound on the work deriving one prefix regex.
_MAX_STEPS = 2_000


class _Unknown(Exception):
    """A construct the derivation does not follow: the rest of the match is unconstrained."""


def _char(c: int) -> str:
    return f"\\U{c:08x}"


def _one(op: str, av: Any) -> str:
    """Source for one single-character item (raises ``_Unknown`` for anything else)."""
    if op == "LITERAL":
        return _char(av)
    if op == "NOT_LITERAL":
        return f"[^{_char(av)}]"
    if op == "ANY":
        return _ANY
    if op == "CATEGORY":
        cat = _CATEGORIES.get(str(av))
        if cat is None:
            raise _Unknown
        return cat
    if op == "IN":
        parts = []
        negate = False
        for iop, iav in av:
            name = str(iop)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                parts.append(_char(iav))
            elif name == "RANGE":
                parts.append(f"{_char(iav[0])}-{_char(iav[1])}")
            elif name == "CATEGORY" and str(iav) in _CATEGORIES:
                parts.append(_CATEGORIES[str(iav)])
            else:
                raise _Unknown
        if not parts:
            raise _Unknown
        return "[" + ("^" if negate else "") + "".join(parts) + "]"
    raise _Unknown


# An item of a flattened sequence: (opcode name, argument, case-insensitive here?).
_Item = tuple[str, Any, bool]


def _flat(items: Any, icase: bool) -> list[_Item]:
    return [(str(op), av, icase) for op, av in items]


def _pre(items: list[_Item], budget: int, steps: list[int]) -> str:
    """Regex source every match of ``items`` begins with, reading at most ``budget`` chars
    ("" when nothing is known). ``steps``: calls left before giving up (a pattern whose
    alternatives multiply too fast gets no prefix at all)."""
    steps[0] -= 1
    if steps[0] < 0:
        raise _Unknown
    out: list[str] = []
    i = 0
    while i < len(items) and budget > 0:
        op, av, icase = items[i]
        rest = items[i + 1 :]
        if op in _ZERO_WIDTH:
            i += 1  # dropping an assertion only lets more through
            continue
        if op == "SUBPATTERN":
            _, add, drop, sub = av
            inner = (icase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE
            items = _flat(sub, inner) + rest
            i = 0
            continue
        if op == "BRANCH":
            alts = [_pre(_flat(b, icase) + rest, budget, steps) for b in av[1]]
            out.append(_group(alts))
            break
        if op in _REPEATS:
            low, high, sub = av
            once = _flat(sub, icase)
            if high == 0:
                i += 1
                continue
            if low >= 1:
                # one occurrence, then the rest of the repeat ("\s+" -> "\s", "\s*") and on
                more = (op, (low - 1, high if high == _MAXREPEAT else high - 1, sub), icase)
                items = [*once, more, *rest]
                i = 0
                continue
            if high == 1:
                # optional: with it or without it
                out.append(_group([_pre(once + rest, budget, steps), _pre(rest, budget, steps)]))
            else:
                out.append(_group([_pre(once, budget, steps), _pre(rest, budget, steps)]))
            break
        try:
            src = _one(op, av)
        except _Unknown:
            break
        out.append(src if icase else f"(?-i:{src})")
        budget -= 1
        i += 1
    return "".join(out)


def _group(alts: list[str]) -> str:
    if any(a == "" for a in alts):
        return ""  # one way in needs nothing: no constraint
    unique = list(dict.fromkeys(alts))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


def prefix_source(parsed: Any, k: int) -> str:
    """Source of a regex (to compile case-insensitively) that every match of the parsed
    pattern ``parsed`` (``sre_parse.parse(pattern, re.IGNORECASE)``) begins with, reading at
    most ``k`` characters; "" when the pattern's beginning shows nothing useful.

    >>> import re
    >>> from re import _parser
    >>> src = prefix_source(_parser.parse("(?:read|see) more", re.I), 4)
    >>> [bool(re.match(src, t, re.I)) for t in ("Read", "see ", "more")]
    [True, True, False]
    """
    try:
        src = _pre(_flat(parsed, bool(parsed.state.flags & re.IGNORECASE)), k, [_MAX_STEPS])
    except (_Unknown, RecursionError):  # alternatives multiply too fast: no shortcut
        return ""
    return "" if len(src) > _MAX_SOURCE else src


__all__ = ["prefix_source", "sre_parse"]
