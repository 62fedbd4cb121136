"""The Arabic-script character knowledge every fold shares, read once from
``rules/chars_arabic.toml``: the combining marks, what comparison folds ignore, and the
letters spelled interchangeably.

Three folds use it, each for its own purpose: normalize's opt-in ``--strip-diacritics`` and
``--fold`` (output, lossy), the matching copy boilerplate rules are tried against (never
output), and dedup's comparison keys (never output). Where they differ, the table says so
entry by entry, with the reason; no fold keeps a list of its own.

>>> "\\u064e" in marks() and "\\u0640" not in marks()
True
>>> ignorable("match")["\\u200c"], ignorable("key")["\\u200c"]
(' ', '')
>>> letter_folds("key")["ۀ"]
'ه'
"""

from __future__ import annotations

from functools import cache

from newsclean.text.tables import char_class, codepoints, load

__all__ = ["USES", "ignorable", "letter_folds", "letter_groups", "marks", "marks_class"]

#: The folds that read the tables: normalize's lossy fold, dedup keys, rule matching.
USES = ("fold", "key", "match")


@cache
def marks() -> frozenset[str]:
    """The Arabic combining marks (harakat, superscript alef, Quranic marks)."""
    return frozenset(
        chr(cp) for spec in load("chars_arabic")["marks"]["ranges"] for cp in codepoints(spec)
    )


@cache
def marks_class() -> str:
    """:func:`marks` as a regex character-class body (ranges, no brackets)."""
    return char_class(load("chars_arabic")["marks"]["ranges"])


@cache
def ignorable(use: str) -> dict[str, str]:
    """What the comparison fold ``use`` (``match`` or ``key``) does with each character it
    ignores: ``""`` drops it, ``" "`` reads it as a word break. The marks are included."""
    if use not in ("match", "key"):
        raise ValueError(f"no ignorable characters for {use!r}")
    out = dict.fromkeys(sorted(marks()), "")
    for entry in load("chars_arabic")["ignorable"]:
        if use not in entry:
            continue
        specs = entry["chars"]
        for spec in [specs] if isinstance(specs, str) else specs:
            for cp in codepoints(spec):
                out[chr(cp)] = entry[use]
    return out


@cache
def letter_folds(use: str) -> dict[str, str]:
    """``{variant: base}`` for the letter entries the fold ``use`` applies."""
    _check(use)
    return {
        variant: entry["base"]
        for entry in load("chars_arabic")["letters"]
        if use in entry["uses"]
        for variant in entry["variants"]
    }


@cache
def letter_groups(use: str) -> dict[str, str]:
    """For rule matching: each base or variant letter -> every letter of its group (the base
    and all its variants under ``use``), so a pattern letter can become a class."""
    _check(use)
    members: dict[str, str] = {}
    for variant, base in letter_folds(use).items():
        members[base] = members.get(base, base) + variant
    return {ch: group for group in members.values() for ch in group}


def _check(use: str) -> None:
    if use not in USES:
        raise ValueError(f"use must be one of {', '.join(USES)}, not {use!r}")
