"""Load the character tables under ``newsclean/rules/`` once, as plain Python data.

The tables are data (reviewed like code, a comment per entry); this module only parses them
and expands ``"200B"`` / ``"202A-202E"`` code strings into code points.
"""

from __future__ import annotations

import marshal
import sys
from functools import cache
from importlib import resources
from typing import Any

from newsclean import regex_cache

__all__ = ["codepoints", "load"]


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML table ``rules/<name>.toml`` (cached: read once per process)."""
    # ``rules`` is package data, not a package: reach it from the ``newsclean`` package.
    text = (resources.files("newsclean") / "rules" / f"{name}.toml").read_bytes().decode("utf-8")
    # Parsed once and kept beside the compiled patterns, keyed by the file's text: tomllib
    # (imported and run in Python) cost ~5 ms of every start for the three tables.
    try:
        table: dict[str, Any] = regex_cache.derived("toml", text, "1", _parse, _is_table)
    except _Unkept as exc:
        return exc.table
    return table


class _Unkept(Exception):
    """A parsed table holding a value the cache file cannot store (a TOML date)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table


def _parse(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    table = tomllib.loads(text)
    try:
        marshal.dumps(table)
    except ValueError:
        raise _Unkept(table) from None
    return table


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def codepoints(spec: str) -> range:
    """``"200B"`` -> range(0x200B, 0x200C); ``"202A-202E"`` -> the inclusive range.

    >>> list(codepoints("2066-2069"))[-1] == 0x2069
    True
    """
    lo, _, hi = spec.partition("-")
    start = int(lo, 16)
    return range(start, int(hi or lo, 16) + 1)


def char_class(specs: list[str] | tuple[str, ...]) -> str:
    """A regex character class body (no brackets) for a list of code specs."""
    parts = []
    for spec in specs:
        r = codepoints(spec)
        first, last = r[0], r[-1]
        parts.append(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}")
    return "".join(parts)
