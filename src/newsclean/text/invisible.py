"""Invisible damage: zero-width characters, stray bidi controls, soft hyphens, BOMs,
control characters, odd spaces and lone surrogates.

Which character gets which treatment is data (``rules/chars_invisible.toml``); this module
compiles one pattern over all of them, so clean text costs a single scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, MutableMapping
from functools import cache

from newsclean import regex_cache
from newsclean.text.tables import codepoints, load

__all__ = [
    "convert_c1_counted",
    "fix_invisible",
    "fix_invisible_counted",
    "fix_surrogates_counted",
    "invisible_chars",
    "remove_early_counted",
    "replacer",
]

Counts = MutableMapping[str, int]

_LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))


def _script_letter(ch: str) -> bool:
    """A letter or mark of a script where joiners carry meaning (not ASCII/Latin)."""
    if ch.isascii():
        return False
    cp = ord(ch)
    if any(lo <= cp <= hi for lo, hi in _LATIN_RANGES):
        return False
    return unicodedata.category(ch)[0] in "LM"


def _emojiish(ch: str) -> bool:
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("So", "Sk")
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F000 <= cp <= 0x1FAFF
        or 0x1F3FB <= cp <= 0x1F3FF
    )


@cache
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, str, str]]]:
    """(pattern of every listed char, char -> (action, kind, rule))."""
    actions: dict[str, tuple[str, str, str]] = {}
    for entry in load("chars_invisible")["char"]:
        for cp in codepoints(entry["code"]):
            actions[chr(cp)] = (entry["action"], entry["kind"], entry.get("rule", ""))
    body = "".join(re.escape(c) for c in sorted(actions))
    # A bare class (no alternation) lets the regex engine scan at full speed; CRLF is
    # recognised in the callback.
    return regex_cache.compile(f"[{body}]"), actions


@cache
def invisible_chars() -> frozenset[str]:
    """Every character this fix may act on (for the step's fast gate)."""
    return frozenset(_table()[1])


@cache
def _early() -> re.Pattern[str]:
    """Invisible characters that no legacy code page produces (ZWSP, bidi controls, BOM,
    word joiners): safe to drop before mojibake repair, which must then see the words
    they split as one (otherwise a second run would find more to repair)."""
    actions = _table()[1]
    chars = sorted(
        ch
        for ch, (action, kind, _) in actions.items()
        if action == "remove" and kind in ("zero_width", "bom", "bidi_controls")
    )
    return regex_cache.compile("[" + "".join(re.escape(c) for c in chars) + "]+")


def remove_early_counted(text: str, counts: Counts, *, keep_bidi: bool = False) -> str:
    """Drop the invisible characters of :func:`_early` (counted per kind)."""
    actions = _table()[1]

    def repl(m: re.Match[str]) -> str:
        kept = []
        for ch in m.group():
            kind = actions[ch][1]
            if keep_bidi and kind == "bidi_controls":
                kept.append(ch)
            else:
                counts[kind] = counts.get(kind, 0) + 1
        return "".join(kept)

    return _early().sub(repl, text)


_C1 = regex_cache.compile("[\u0080-\u009f]")


def convert_c1_counted(text: str, counts: Counts) -> str:
    """C1 controls that windows-1252 defines become that character (“ ” … – —); the five
    it leaves undefined stay for now (mojibake repair reads them as bytes)."""

    def repl(m: re.Match[str]) -> str:
        out = _c1(m.group())
        if not out:
            return m.group()
        counts["c1_controls"] = counts.get("c1_controls", 0) + 1
        return out

    return _C1.sub(repl, text)


def _c1(ch: str) -> str:
    try:
        return bytes([ord(ch)]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


def replacer(
    counts: Counts, *, keep_narrow_nbsp: bool = False, keep_bidi: bool = False
) -> Callable[[re.Match[str]], str]:
    """The ``re.sub`` callback of this fix, for one match of a listed character (the step
    runs it inside its own single scan of rare characters)."""
    actions = _table()[1]

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        if ch == "\r" and m.string.startswith("\n", m.end()):
            counts["line_endings"] = counts.get("line_endings", 0) + 1
            return ""
        action, kind, rule = actions[ch]
        out: str
        if action == "remove":
            if keep_bidi and kind == "bidi_controls":
                return ch
            out = ""
        elif action == "space":
            out = " "
        else:
            out = _context(rule, ch, m.string, m.start(), keep_narrow_nbsp)
        if out != ch:
            counts[kind] = counts.get(kind, 0) + 1
        return out

    return repl


def fix_invisible_counted(
    text: str, counts: Counts, *, keep_narrow_nbsp: bool = False, keep_bidi: bool = False
) -> str:
    """Remove or replace invisible characters, adding to ``counts`` per kind.

    ``keep_narrow_nbsp`` keeps U+202F (French text); ``keep_bidi`` keeps bidi controls.
    """
    pattern = _table()[0]
    if not pattern.search(text):
        return text
    repl = replacer(counts, keep_narrow_nbsp=keep_narrow_nbsp, keep_bidi=keep_bidi)
    return pattern.sub(repl, text)


def _context(rule: str, ch: str, s: str, i: int, keep_narrow_nbsp: bool) -> str:
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    if rule == "narrow_nbsp":
        return ch if keep_narrow_nbsp else " "
    if rule == "zwnj":
        return ch if _script_letter(prev) and _script_letter(nxt) else ""
    if rule == "zwj":
        if _emojiish(prev) or _emojiish(nxt):
            return ch
        return ch if _script_letter(prev) and _script_letter(nxt) else ""
    if rule == "line_break":
        return "\n"
    if rule == "c1":
        return _c1(ch)
    return ch


_SURROGATE = regex_cache.compile("[\ud800-\udfff]")


def fix_surrogates_counted(text: str, counts: Counts) -> str:
    """Join surrogate pairs into the character they encode; lone surrogates become U+FFFD.

    Lone surrogates arrive from JSON escapes (``"\\ud83d"``) and from bytes decoded with
    ``surrogateescape``; they cannot be written as UTF-8, so they must go before output.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    n = len(_SURROGATE.findall(joined))
    if n:
        counts["surrogates"] = counts.get("surrogates", 0) + n
    paired = len(text) - len(joined)
    if paired:
        counts["surrogates"] = counts.get("surrogates", 0) + paired
    return _SURROGATE.sub("\ufffd", joined)


def fix_invisible(text: str) -> str:
    """Remove invisible damage with default settings.

    >>> fix_invisible("الر\\u200bئيس\\u200f قال")
    'الرئيس قال'
    >>> fix_invisible("می\\u200cخواهم")  # ZWNJ between Persian letters is kept
    'می\\u200cخواهم'
    >>> fix_invisible("a\\u00a0b\\r\\nc")
    'a b\\nc'
    """
    return fix_invisible_counted(text, {})
