"""What a rule's regex can match first, read from its parse tree (CPython's private ``re``
parser: everything here gives up safely on a construct it does not know, or on a parser
that changed, and the rule is then simply always tried).

:func:`first_chars` (the characters a match can begin with), :func:`needles` (literal
strings one of which every match starts with) and :func:`prefix_rx` (a regex every match
begins with, on a few characters) feed the dispatch index. Parsing costs milliseconds per
rule, so what they derive is kept between runs by :func:`newsclean.regex_cache.derived`,
stamped with a hash of the code that derives it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from newsclean import regex_cache
from newsclean.steps.boilerplate.prefixes import prefix_source

if sys.version_info >= (3, 11):
    from re import _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - exercised on 3.10 only
    import sre_parse

_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
# \d and \s spelled out (\d: ASCII, Arabic-Indic and Persian digits; \s: the usual spaces)
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "CATEGORY_UNI_DIGIT": "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "CATEGORY_SPACE": " \t\n\r\f\v\u00a0\u2009\u202f",
    "CATEGORY_UNI_SPACE": " \t\n\r\f\v\u00a0\u2009\u202f",
}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex sequence may start with (``None``: any) and whether it
    may match the empty string."""
    acc: set[str] = set()
    for op, av in items:
        name = str(op)
        chars: set[str] | None
        nullable = False
        if name == "LITERAL":
            chars = {chr(av)}
        elif name == "IN":
            chars = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.add(chr(iav))
                elif iname == "RANGE" and iav[1] - iav[0] < 400:
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
                elif iname == "CATEGORY" and str(iav) in _CATEGORY_CHARS:
                    chars.update(_CATEGORY_CHARS[str(iav)])
                else:
                    chars = None
                    break
        elif name == "CATEGORY" and str(av) in _CATEGORY_CHARS:
            chars = set(_CATEGORY_CHARS[str(av)])
        elif name == "SUBPATTERN":
            chars, nullable = _first(av[-1])
        elif name == "BRANCH":
            chars = set()
            for branch in av[1]:
                bchars, bnull = _first(branch)
                if bchars is None:
                    chars = None
                    break
                chars |= bchars
                nullable = nullable or bnull
        elif name in _REPEATS:
            chars, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif name in _ZERO_WIDTH:
            chars, nullable = set(), True
        else:
            return None, False
        if chars is None:
            return None, False
        acc |= chars
        if not nullable:
            return acc, False
    return acc, True


@lru_cache(maxsize=4096)
def _parsed(pattern: str) -> Any:
    # parsing a pattern costs milliseconds (variant classes, long alternations): once each
    return sre_parse.parse(pattern, re.IGNORECASE)


@cache
def _code_stamp() -> str:
    """Changes with the code that derives first characters, needles and prefixes from a
    pattern's parse (this module and ``prefixes``): what ``regex_cache.derived`` keeps."""
    digest = hashlib.blake2b(digest_size=8)
    for name in (__name__, prefix_source.__module__):
        digest.update(Path(sys.modules[name].__file__ or "").read_bytes())
    return digest.hexdigest()


def _kept(
    kind: str, pattern: str, compute: Callable[[str], Any], valid: Callable[[Any], bool]
) -> Any:
    """``compute(pattern)``, kept between runs (parsing costs milliseconds per rule)."""
    try:
        stamp = _code_stamp()
    except Exception:  # no readable source (a zip, a frozen build): compute each time
        return compute(pattern)
    return regex_cache.derived(kind, pattern, stamp, compute, valid)


def _is_chars(value: Any) -> bool:
    return value is None or (
        isinstance(value, frozenset) and all(isinstance(c, str) for c in value)
    )


def _is_strings(value: Any) -> bool:
    return value is None or (isinstance(value, tuple) and all(isinstance(c, str) for c in value))


@lru_cache(maxsize=4096)
def first_chars(pattern: str) -> frozenset[str] | None:
    """Characters a match of ``pattern`` (case-insensitive) can begin with; ``None`` if any.

    >>> sorted(first_chars("(?:read|see) more"))
    ['R', 'S', 'r', 's']
    """
    result: frozenset[str] | None = _kept("first_chars", pattern, _first_chars, _is_chars)
    return result


def _first_chars(pattern: str) -> frozenset[str] | None:
    try:
        chars, nullable = _first(_parsed(pattern))
    except Exception:  # an exotic construct: no shortcut, the rule is always tried
        return None
    if chars is None or nullable:
        return None
    return frozenset(chars | {c.upper() for c in chars} | {c.lower() for c in chars})


def _case_safe(c: str, icase: bool) -> bool:
    # a literal that matches only itself: any character when case counts, else one without
    # case (ASCII punctuation and digits, Arabic-script letters)
    return not icase or (c < "\x80" and not c.isalpha()) or "\u0600" <= c <= "\u06ff"


def _needles(items: Any, icase: bool) -> set[str] | None:
    """Strings one of which every match of a parsed regex sequence starts with (``None``:
    unknown). Leading zero-width assertions are skipped; only literal starts count."""
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and _case_safe(chr(av), icase):
            run += chr(av)
            continue
        if run:
            return {run}
        if name in _ZERO_WIDTH:
            continue
        if name == "IN":
            chars = {chr(v) for o, v in av if str(o) == "LITERAL"}
            if len(chars) != len(av) or not all(_case_safe(c, icase) for c in chars):
                return None
            return chars
        if name == "SUBPATTERN":
            add, drop = av[1], av[2]
            inner = (icase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE
            return _needles(av[-1], inner)
        if name == "BRANCH":
            found: set[str] = set()
            for branch in av[1]:
                got = _needles(branch, icase)
                if not got:
                    return None
                found |= got
            return found
        return None
    return {run} if run else None


@lru_cache(maxsize=4096)
def needles(pattern: str) -> tuple[str, ...] | None:
    r"""Strings one of which occurs in any text ``pattern`` (case-insensitive) can be found in;
    ``None`` when the pattern shows none (a fast ``in`` test before a slow regex scan).

    >>> needles(r"(?<=[.!]\s)(?-i:Advert|Story)"), needles(r"[(\[]x"), needles("read more")
    (('Advert', 'Story'), ('(', '['), None)
    """
    result: tuple[str, ...] | None = _kept("needles", pattern, _needles_of, _is_strings)
    return result


def _needles_of(pattern: str) -> tuple[str, ...] | None:
    try:
        found = _needles(_parsed(pattern), True)
    except Exception:  # an exotic construct: no shortcut
        return None
    return tuple(sorted(found)) if found else None


@lru_cache(maxsize=4096)
def prefix_rx(pattern: str, k: int) -> re.Pattern[str] | None:
    """A regex every match of ``pattern`` begins with, reading at most ``k`` characters
    (``None``: nothing known)."""
    kept = _kept(f"prefix{k}", pattern, partial(_prefix_of, k=k), _is_strings)
    source = kept[0] if kept else None
    return regex_cache.compile(source, re.IGNORECASE) if source else None


def _prefix_of(pattern: str, k: int) -> tuple[str] | None:
    # a 1-tuple (not the bare source) so that "nothing known" and a source share _is_strings
    try:
        source = prefix_source(_parsed(pattern), k)
    except Exception:  # an exotic construct: no shortcut
        return None
    return (source,) if source else None
