"""Structural boilerplate markers for HTML (class/id tokens, tags, ARIA roles), read from data.

The data lives in ``rules/html_boilerplate.toml``; this module loads it once and answers one
question per element, cached by attribute values: which boilerplate category, if any, does
this element's class/id/role/tag announce, and does it announce article content instead?
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# camelCase humps ("relatedArticles") and separators split class names into words.
_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PART = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class MarkerRules:
    """Token -> category tables compiled from the TOML data."""

    tokens: dict[str, str]
    positive: frozenset[str]
    ignore_prefixes: tuple[str, ...]
    veto: frozenset[str]
    standfirst: frozenset[str]
    tags: dict[str, str]
    roles: dict[str, str]
    labels: dict[str, str]  # whole-block label text (see :func:`label_key`) -> category


@lru_cache(maxsize=1)
def marker_rules() -> MarkerRules:
    """The built-in rules (loaded once per process)."""
    text = resources.files("newsclean.rules").joinpath("html_boilerplate.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    tokens: dict[str, str] = {}
    for category, words in data["categories"].items():
        for word in words:
            tokens.setdefault(str(word).lower(), str(category))
    return MarkerRules(
        tokens=tokens,
        positive=frozenset(str(w).lower() for w in data["positive"]["tokens"]),
        ignore_prefixes=tuple(str(p).lower() for p in data["ignore"]["prefixes"]),
        veto=frozenset(str(w).lower() for w in data["veto"]["tokens"]),
        standfirst=frozenset(str(w).lower() for w in data["standfirst"]["tokens"]),
        tags={str(k): str(v) for k, v in data["tags"].items()},
        roles={str(k): str(v) for k, v in data["roles"].items()},
        labels={
            label_key(str(w)): str(category)
            for category, ws in data.get("labels", {}).items()
            for w in ws
        },
    )


#: Longest block text tested against the label list (labels are a few words).
LABEL_CHARS = 60


def label_key(text: str) -> str:
    """A block's text as a label: lower-cased letters in single-spaced words.

    >>> label_key("ADVERTISEMENT:"), label_key("3 Comments"), label_key("Lire aussi »")
    ('advertisement', 'comments', 'lire aussi')
    """
    low = text.lower()
    if low.isascii():
        # (one C call: an ASCII letter is what isalpha() keeps, "'" the one other kept)
        return " ".join(low.translate(_ASCII_LABEL).split())
    out = "".join(c if c.isalpha() or c in "'’" else " " for c in low)
    return " ".join(out.split())


#: ASCII characters to a space, but for letters and the apostrophe (see label_key).
_ASCII_LABEL = {i: " " for i in range(128) if not (chr(i).isalpha() or chr(i) == "'")}


def label_category(text: str) -> str | None:
    """The boilerplate category of a block that is nothing but a label ("Advertisement",
    "Mehr zum Thema", "3 Comments"), else None."""
    if len(text) > LABEL_CHARS:
        return None
    return marker_rules().labels.get(label_key(text))


def words(value: str, ignore: tuple[str, ...] = ()) -> list[str]:
    """Every lookup key of a class/id value: whole names, their words, and word pairs.

    >>> words("relatedArticles share_bar")[:4]
    ['relatedarticles', 'related', 'articles', 'related-articles']
    """
    out: list[str] = []
    for name in value.split():
        low = name.lower()
        if ignore and low.startswith(ignore):
            continue
        out.append(low)
        if low == name and low.isalnum():
            continue  # one lower-case word: nothing to split
        # Only camelCase names need the hump split; most class names are lower-case.
        parts = _PART.findall(_HUMP.sub("-", name).lower() if low != name else low)
        if len(parts) > 1:
            out.extend(parts)
            for a, b in pairwise(parts):
                out.append(f"{a}-{b}")
                out.append(a + b)
    return out


# Categories an embed word cancels: a social post embedded in a widget frame is quoted
# content; an embedded image's caption is still a caption.
_VETOED = frozenset({"share", "aside"})


def classify_attrs(class_id: str) -> tuple[str | None, bool]:
    """``(category, positive)`` for a joined class + id string.

    Each class or id name is looked up once per process (:func:`_classify_name`): class
    names repeat across elements and pages while the joined string with a unique id
    ("post-12345") rarely does, so caching whole strings missed 19 times in 20.
    """
    category: str | None = None
    positive = veto = False
    for name in class_id.split():
        cat, pos, vet = _classify_name(name)
        if category is None:
            category = cat
        positive = positive or pos
        veto = veto or vet
    return (None if veto and category in _VETOED else category), positive


def classify_name(name: str) -> tuple[str | None, bool]:
    """``(category, positive)`` of one class or id name (cached)."""
    cat, pos, _ = _classify_name(name)
    return cat, pos


@lru_cache(maxsize=65536)
def _classify_name(name: str) -> tuple[str | None, bool, bool]:
    """``(first category, positive, veto)`` of one class or id name's words."""
    # The words of :func:`words`, in its order, looked up as they are made (half the names
    # of a page are new, so this runs for each): a word pair is only made when its first
    # word begins some table word, as both joined forms ("a-b", "ab") must (a test checks
    # the hits against ``words``).
    get = _word_table().get
    firsts = _pair_firsts()
    ignore = marker_rules().ignore_prefixes
    hits: list[tuple[str | None, bool, bool]] = []
    for one in name.split():
        low = one.lower()
        if ignore and low.startswith(ignore):
            continue
        hit = get(low)
        if hit is not None:
            hits.append(hit)
        if low == one and low.isalnum():
            continue
        parts = _PART.findall(_HUMP.sub("-", one).lower() if low != one else low)
        if len(parts) > 1:
            hits.extend(filter(None, map(get, parts)))  # (most words are in no table)
            for a, b in pairwise(parts):
                if a in firsts:
                    hit = get(f"{a}-{b}")
                    if hit is not None:
                        hits.append(hit)
                    hit = get(a + b)
                    if hit is not None:
                        hits.append(hit)
    if not hits:
        return _NO_WORD
    category = next((hit[0] for hit in hits if hit[0] is not None), None)
    return category, any(hit[1] for hit in hits), any(hit[2] for hit in hits)


_NO_WORD: tuple[str | None, bool, bool] = (None, False, False)


@lru_cache(maxsize=1)
def _pair_firsts() -> frozenset[str]:
    """Every non-empty beginning of a table word: the first word of a pair that can hit."""
    return frozenset(w[:i] for w in _word_table() for i in range(1, len(w) + 1))


@lru_cache(maxsize=1)
def _word_table() -> dict[str, tuple[str | None, bool, bool]]:
    """``word -> (category, positive, veto)`` for every word any of the three tables
    names: one lookup per word of a class name (half the names on a page are seen once,
    so each costs its words' lookups; most words are in no table)."""
    rules = marker_rules()
    known = set(rules.tokens) | rules.positive | rules.veto
    return {w: (rules.tokens.get(w), w in rules.positive, w in rules.veto) for w in known}


@lru_cache(maxsize=4096)
def is_standfirst(class_id: str) -> bool:
    """True when a class/id names the standfirst (dek, lede, summary…)."""
    rules = marker_rules()
    return any(w in rules.standfirst for w in words(class_id, rules.ignore_prefixes))
