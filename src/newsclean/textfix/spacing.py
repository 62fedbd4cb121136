"""Spacing around punctuation and brackets, ellipses, dashes, runs of spaces.

Every rule is written so that numbers (3.5, 1,000, 10:30, 20%, -3, ١٢٫٥), times, dates,
abbreviations (U.S., e.g., Ph.D.), ellipses and emoticons (``:)``) never match: a space is
only added between two *letters*, and only removed before a mark that ends a token. URLs,
e-mail addresses and inline code are skipped by the caller (``spans.apply_outside``).
Every pattern starts at the first space of a run (a ``(?<! )`` guard), so runs of
spaces or punctuation of any length cost linear time.

Choices (documented in the README): ``...`` becomes ``…`` (one character that spacing rules
cannot split); a dash with a space on both sides (`` - ``, `` -- ``, `` — ``) becomes a spaced
en dash `` – ``; hyphens inside words and numbers are never touched.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from newsclean.textfix.arabic import ARABIC_LETTERS, ARABIC_MARKS

__all__ = [
    "collapse_repeats",
    "collapse_spaces",
    "fix_brackets",
    "fix_dashes",
    "fix_ellipses",
    "fix_punctuation_spacing",
]

Counts = MutableMapping[str, int]
_AR = f"[{ARABIC_LETTERS}{ARABIC_MARKS}]"


def _sub(pattern: re.Pattern[str], repl: str, text: str, counts: Counts, kind: str) -> str:
    out, n = pattern.subn(repl, text)
    if n:
        counts[kind] = counts.get(kind, 0) + n
    return out


_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def fix_ellipses(text: str, mode: str, counts: Counts) -> str:
    """``...`` -> ``…`` (``unicode``) or ``…`` -> ``...`` (``ascii``); ``keep`` leaves both.

    >>> fix_ellipses("قال... ثم ....", "unicode", {})
    'قال… ثم ....'
    """
    if mode == "unicode" and "..." in text:
        return _sub(_ELLIPSIS, "…", text, counts, "ellipses")
    if mode == "ascii" and "…" in text:
        counts["ellipses"] = counts.get("ellipses", 0) + text.count("…")
        return text.replace("…", "...")
    return text


_DASH_UNICODE = re.compile(r"(?<= )(?:--|-|—|―)(?= )")
_DASH_ASCII = re.compile(r"(?<= )(?:–|—|―)(?= )")


def fix_dashes(text: str, mode: str, counts: Counts) -> str:
    """A dash between spaces becomes `` – `` (``unicode``) or `` - `` (``ascii``).

    >>> fix_dashes("ويسكونسين - ماديسون، 2010-2015، -3 -- x", "unicode", {})
    'ويسكونسين – ماديسون، 2010-2015، -3 – x'
    """
    if mode == "unicode":
        return _sub(_DASH_UNICODE, "–", text, counts, "dashes")
    if mode == "ascii":
        return _sub(_DASH_ASCII, "-", text, counts, "dashes")
    return text


# No space before a mark that ends a token (followed by a space, a closer or the end).
_BEFORE = re.compile(r"(?<=[^\s«“„‘‹(\[{])(?<! ) +(?=[،؛؟,.:;!?]+(?:[\s»”’›]|$))")
# French keeps its space before ; : ! ? (typographie française).
_BEFORE_FR = re.compile(r"(?<=[^\s«“„‘‹(\[{])(?<! ) +(?=[،؛؟,.]+(?:[\s»”’›]|$))")
# One space after Arabic marks before a letter, digit or opening quote/bracket.
_AFTER_AR = re.compile(r"([،؛؟])(?=[^\W_]|[«“(\[])")
# One space after , ; ! ? between two letters (Latin or Arabic; never digits: 1,000).
_AFTER_LATIN = re.compile(r"(?<=[^\W\d_])([,;!?])(?=[^\W\d_])")
# A colon or full stop only gets a space before an Arabic letter (10:30, U.S., x.com stay).
_AFTER_COLON_DOT = re.compile(f"(?<=[^\\W\\d_])([:.])(?={_AR})")


def fix_punctuation_spacing(text: str, counts: Counts, *, french: bool = False) -> str:
    """No space before ، ؛ ؟ . , : ! ? ; one space after them.

    >>> fix_punctuation_spacing("قال ، إن 3.5 و1,000 في 10:30 (20%) U.S. e.g. :) كذا.وكذا", {})
    'قال، إن 3.5 و1,000 في 10:30 (20%) U.S. e.g. :) كذا. وكذا'
    """
    text = _sub(_BEFORE_FR if french else _BEFORE, "", text, counts, "punctuation_spacing")
    text = _sub(_AFTER_AR, r"\1 ", text, counts, "punctuation_spacing")
    text = _sub(_AFTER_LATIN, r"\1 ", text, counts, "punctuation_spacing")
    return _sub(_AFTER_COLON_DOT, r"\1 ", text, counts, "punctuation_spacing")


_INSIDE_OPEN = re.compile(r"(?<=[(\[])(?<![:;=][(\[])(?<! ) +(?=[^\s)\]])")
_INSIDE_CLOSE = re.compile(r"(?<=[\w.!?،؛؟»”%])(?<! ) +(?=[)\]])")
_OUTSIDE_OPEN = re.compile(f"(?<={_AR})(?=\\()")
_OUTSIDE_CLOSE = re.compile(f"(?<=\\))(?={_AR})")


def fix_brackets(text: str, counts: Counts) -> str:
    """No space inside brackets; a space between Arabic words and brackets.

    >>> fix_brackets("الولايات المتحدة( أمريكا )قالت f(x) :( ok", {})
    'الولايات المتحدة (أمريكا) قالت f(x) :( ok'
    """
    if "(" not in text and ")" not in text and "[" not in text and "]" not in text:
        return text
    text = _sub(_INSIDE_OPEN, "", text, counts, "bracket_spacing")
    text = _sub(_INSIDE_CLOSE, "", text, counts, "bracket_spacing")
    text = _sub(_OUTSIDE_OPEN, " ", text, counts, "bracket_spacing")
    return _sub(_OUTSIDE_CLOSE, " ", text, counts, "bracket_spacing")


_RUNS = re.compile(r"(?<! ) {2,}")
_TRIM = re.compile(r"(?m)^ +|(?<! ) +$")


def collapse_spaces(text: str, counts: Counts) -> str:
    """Runs of spaces -> one space; no spaces at the start or end of a line.

    >>> collapse_spaces("  a   b \\n c ", {})
    'a b\\nc'
    """
    text = _sub(_RUNS, " ", text, counts, "spaces")
    if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
        text = _sub(_TRIM, "", text, counts, "spaces")
    return text


_REPEATS = re.compile(r"([!?؟،,؛;])\1+")
_DOTS = re.compile(r"\.{4,}|…{2,}")


def collapse_repeats(text: str, counts: Counts) -> str:
    """Opt-in: ``!!!`` -> ``!``, ``؟؟`` -> ``؟``, ``.....`` -> ``…``.

    >>> collapse_repeats("رائع!!! حقا؟؟ ثم.....", {})
    'رائع! حقا؟ ثم…'
    """
    text = _sub(_REPEATS, r"\1", text, counts, "repeated_punctuation")
    return _sub(_DOTS, "…", text, counts, "repeated_punctuation")
