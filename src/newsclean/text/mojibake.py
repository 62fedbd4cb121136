"""Exact repair of Arabic mojibake: text decoded with the wrong legacy code page.

Three kinds, each repaired only inside the damaged *segment* (good text around it is left
alone) and only when the evidence is essentially impossible in real text:

``utf8_as_cp1256``
    UTF-8 bytes read as windows-1256: ``ط§ظ„ط¹ط±ط¨ظٹط©`` (العربية). ftfy 6 does not repair it.
``utf8_as_cp1252``
    UTF-8 bytes read as windows-1252 or latin-1 (the "sloppy" mix ftfy handles):
    ``Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©``.
``cp1256_as_latin1``
    windows-1256 bytes read as latin-1/windows-1252: ``ÇáÚÑÈíÉ``.

A UTF-8 kind is found as runs of *units*: a lead-byte image followed by the images of the
continuation bytes UTF-8 requires. Runs separated only by ASCII (which all three code pages
share) form a segment. A segment is repaired when it carries at least one *strong* unit —
a continuation image that never follows an Arabic letter in real text (``§``, ``„``, ``©``…)
— or many weak ones, and when every unit decodes strictly to a plausible character. Straight
quotes that ftfy's ``uncurl_quotes`` put where ``„ ‚ “ ” ‘ ’`` were are mapped back
(``ظ"`` was ``ظ„`` = ل), which is what makes the manual reversal fail after ftfy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from newsclean import regex_cache

__all__ = ["KINDS", "fix_mojibake", "fix_mojibake_counted"]

KINDS = ("utf8_as_cp1256", "utf8_as_cp1252", "cp1256_as_latin1")

# Continuation images that do occur after an Arabic letter in real text (punctuation,
# quotes, Persian/Urdu letters of cp1256): on their own they prove nothing.
_WEAK_IMAGES = frozenset("،؛؟«»…“”‘’–—•\u00a0\u00ad\u200c\u200d\"'") | frozenset(
    chr(c) for c in range(0x0600, 0x0700)
)

# Decoded characters that make a repair plausible. Arabic is limited to the letters, marks,
# digits and punctuation that real text uses, so that a rare code point (U+06A1, U+06BF) —
# what a false "repair" of other damage produces — counts as implausible.
_COMMON_ARABIC = (
    "\u060c\u061b\u061f\u0621-\u063a\u0640-\u0655\u0660-\u066d\u0670"
    "\u0679\u067e\u0686\u0688\u0691\u0698\u06a9\u06af\u06ba\u06be\u06c0\u06c1\u06cc"
    "\u06d2\u06d4\u06f0-\u06f9"
)
_PLAUSIBLE = regex_cache.compile(
    "[" + _COMMON_ARABIC + "\u00a0-\u017f"
    "\u2000-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u21ff\u25a0-\u27bf"
    "\ufb50-\ufdff\ufe00-\ufe0f\ufe70-\ufefe\U0001f000-\U0001faff]"
)
_LATIN1_LETTER = regex_cache.compile("[\u00c0-\u00ff]")
_ARABIC_CHAR = regex_cache.compile("[\u0600-\u06ff]")


def _image(codec: str, byte: int) -> str | None:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return None


def _images(codec: str, byte: int) -> list[str]:
    """Every character a byte can become: the code page's, and latin-1's for the bytes a
    "sloppy" decoder passes through as C1 controls (cp1252 leaves five undefined)."""
    out = [c for c in (_image(codec, byte),) if c is not None]
    if codec == "cp1252" and 0x80 <= byte <= 0x9F:
        out.append(chr(byte))
    return out


def _cls(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


@dataclass(frozen=True)
class _Utf8Misread:
    """Tables for UTF-8 bytes misread through one single-byte code page."""

    name: str
    to_byte: dict[str, int]
    run: re.Pattern[str]
    strong: frozenset[str]
    any_strong: re.Pattern[str]
    #: Units a segment needs: Arabic words damaged through windows-1256 always give two or
    #: more, while one unit can be a real letter and a real sign ("للموقع©"); a Latin word
    #: damaged through windows-1252 often gives one ("cafÃ©").
    min_units: int
    #: One unit (a lead image and its continuation images), to repair a run piecewise.
    unit: re.Pattern[str]


# ftfy's uncurl_quotes replaces these code-page images with ASCII quotes; map them back. The
# first byte listed is the most frequent in Arabic UTF-8 (0x84 is the tail of ل, 0x82 of ق).
_UNCURLED = {'"': (0x84, 0x93, 0x94), "'": (0x82, 0x91, 0x92)}


@cache
def _utf8_misread(codec: str, name: str) -> _Utf8Misread:
    to_byte: dict[str, int] = {}
    cont: list[str] = []
    lead2: list[str] = []
    lead3: list[str] = []
    lead4: list[str] = []
    for b in range(0x80, 0x100):
        for img in _images(codec, b):
            to_byte.setdefault(img, b)
            if b <= 0xBF:
                cont.append(img)
            elif 0xC2 <= b <= 0xDF:
                lead2.append(img)
            elif 0xE0 <= b <= 0xEF:
                lead3.append(img)
            elif 0xF0 <= b <= 0xF4:
                lead4.append(img)
    # Straight quotes stand for curly ones only in windows-1256 mojibake that went through
    # ftfy's uncurl_quotes; in windows-1252 text `Ã"` is just a letter and a quote.
    c = _cls(cont + list(_UNCURLED)) if codec == "cp1256" else _cls(cont)
    unit = f"{_cls(lead2)}{c}|{_cls(lead3)}{c}{c}|{_cls(lead4)}{c}{c}{c}"
    if codec == "cp1252":
        # U+FE0F (the emoji presentation selector, EF B8 8F) read as windows-1252 is "ï¸"
        # and an undefined byte that most tools then drop: "⚡️" arrives as "âš¡ï¸". Before
        # a quotation mark (also a continuation image: “ is 0x93) it is that too, not the
        # vertical punctuation form EF B8 93 would be; deciding it here keeps the repair the
        # same whichever marks the quote fix gives later.
        unit = f"{_TRUNCATED_VS16}(?=[{_QUOTE_IMAGES}])|{unit}|{_TRUNCATED_VS16}"
    strong = frozenset(x for x in cont if x not in _WEAK_IMAGES)
    # A run glued to a Latin-1 letter is part of a latin-1 word (the cp1256_as_latin1 kind,
    # where "Î¡" is خ، and not the UTF-8 of Ρ), never a UTF-8 sequence of its own.
    latin = "\u00c0-\u00ff" if codec == "cp1252" else ""
    guard_before = f"(?<![{latin}])" if latin else ""
    guard_after = f"(?![{latin}])" if latin else ""
    run = regex_cache.compile(f"{guard_before}(?:{unit})+{guard_after}")
    min_units = 2 if codec == "cp1256" else 1
    return _Utf8Misread(
        name,
        to_byte,
        run,
        strong,
        regex_cache.compile(_cls(strong)),
        min_units,
        regex_cache.compile(unit),
    )


def _utf8_tables() -> tuple[_Utf8Misread, _Utf8Misread]:
    return _utf8_misread("cp1256", "utf8_as_cp1256"), _utf8_misread("cp1252", "utf8_as_cp1252")


_TRUNCATED_VS16 = "\u00ef\u00b8"
_QUOTE_IMAGES = "\"'“”‘’„‚«»‹›"
_VS16_HEAD = re.compile(b"\xef\xb8(?![\x80-\xbf])")


def _decode_run(run: str, t: _Utf8Misread) -> str | None:
    """Strict reversal of one run of units, or None when it is not mojibake after all."""
    data = bytearray()
    for i, ch in enumerate(run):
        if ch in _UNCURLED and i > 0:
            data.append(_uncurled_byte(ch, data, run[i + 1 : i + 3], t))
            continue
        b = t.to_byte.get(ch)
        if b is None:
            return None
        data.append(b)
    if t.name == "utf8_as_cp1252" and _TRUNCATED_VS16 in run:
        data = bytearray(_VS16_HEAD.sub(b"\xef\xb8\x8f", bytes(data)))
    try:
        out = data.decode("utf-8")
    except UnicodeDecodeError:
        retry = _decode_uncurled(run, t)
        if retry is None:
            return None
        out = retry
    if not all(_PLAUSIBLE.match(ch) for ch in out):
        return None
    return out


# Harakat U+064B..U+0650 are UTF-8 D9 8B..D9 90.
_HARAKA_TAILS = frozenset(range(0x8B, 0x91))


def _uncurled_byte(quote: str, data: bytearray, ahead: str, t: _Utf8Misread) -> int:
    """The byte an ASCII quote most likely stood for, from its neighbours.

    After ظ (0xD9) a ' was ‚ (ق, D9 82) or ‘ (shadda, D9 91): in Arabic news a shadda is
    followed by a haraka a third of the time, ق almost never (measured on saudinewsnet:
    973 of 2,828 vs 240 of 61,464), so a following haraka means shadda, else ق. A " was „
    (ل, D9 84) — hamza/madda above (D9 93/94) are composed away in NFC text — except as
    the last byte of E2 80 xx, where “–” (E2 80 93) is the likely character.
    """
    if quote == "'":
        after_zah = data[-1:] == b"\xd9" and len(ahead) == 2
        if after_zah and t.to_byte.get(ahead[0]) == 0xD9:
            return 0x91 if t.to_byte.get(ahead[1], 0) in _HARAKA_TAILS else 0x82
        return 0x82
    if data[-2:] == b"\xe2\x80":
        return 0x93
    return 0x84


def _decode_units(run: str, t: _Utf8Misread) -> str | None:
    parts: list[str] = []
    pos = 0
    any_fixed = False
    for u in t.unit.finditer(run):
        parts.append(run[pos : u.start()])
        one = _decode_run(u.group(), t)
        if one is None:
            parts.append(u.group())
        else:
            parts.append(one)
            any_fixed = True
        pos = u.end()
    parts.append(run[pos:])
    return "".join(parts) if any_fixed else None


def _decode_uncurled(run: str, t: _Utf8Misread) -> str | None:
    # Rare: a straight quote stood for the second choice of byte. Try each alternative for
    # one quote at a time (runs are short words, so this stays cheap).
    positions = [i for i, ch in enumerate(run) if ch in _UNCURLED and i > 0]
    base = bytearray(t.to_byte.get(ch, 0) for ch in run)
    for i in positions:
        base[i] = _UNCURLED[run[i]][0]
    for i in positions[:4]:
        for alt in _UNCURLED[run[i]][1:]:
            trial = bytearray(base)
            trial[i] = alt
            try:
                return trial.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return None


def _strength(run: str, t: _Utf8Misread) -> tuple[int, int]:
    """(strong, weak) evidence of one run: units whose continuation images are impossible
    after a letter in real text, and units whose images are letters Arabic does not use
    (پ ک گ ...: unusual, not impossible). Units whose images are punctuation (، « … “)
    count nothing: "كذا،" is everyday text."""
    strong = weak = 0
    for u in t.unit.finditer(run):
        tail = u.group()[1:]
        if any(ch in t.strong for ch in tail):
            strong += 1
        elif all("\u0600" <= ch <= "\u06ff" and ch.isalpha() for ch in tail):
            weak += 1
    return strong, weak


def _fix_utf8_misread(text: str, t: _Utf8Misread) -> tuple[str, int]:
    # Fast path: without one strong image anywhere there is nothing to prove damage.
    if not t.any_strong.search(text):
        return text, 0
    matches = list(t.run.finditer(text))
    if not matches:
        return text, 0
    # Group runs into segments: consecutive runs separated only by ASCII.
    segments: list[list[re.Match[str]]] = [[matches[0]]]
    for m in matches[1:]:
        gap = text[segments[-1][-1].end() : m.start()]
        if gap.isascii():
            segments[-1].append(m)
        else:
            segments.append([m])
    edits: list[tuple[int, int, str]] = []
    for seg in segments:
        strong = weak = 0
        for m in seg:
            s, w = _strength(m.group(), t)
            strong += s
            weak += w
        if (strong == 0 and weak < 4) or strong + weak < t.min_units:
            continue
        for m in seg:
            repaired = _decode_run(m.group(), t)
            if repaired is None:
                # Piecewise: a unit that does not decode (a character the damage path could
                # not carry, a real symbol glued on) stays; its neighbours are repaired.
                repaired = _decode_units(m.group(), t)
                if repaired is None:
                    continue
            edits.append((m.start(), m.end(), repaired))
    return _splice(text, edits)


@dataclass(frozen=True)
class _LegacyMisread:
    """Tables for windows-1256 bytes misread as latin-1 or windows-1252."""

    to_char: dict[str, str]
    segment: re.Pattern[str]
    word: re.Pattern[str]


@cache
def _cp1256_misread() -> _LegacyMisread:
    to_char: dict[str, str] = {}
    arabic_images: list[str] = []
    other: list[str] = []
    for b in range(0x80, 0x100):
        target = bytes([b]).decode("cp1256")
        for img in {*_images("cp1252", b), chr(b)}:
            if img == target:
                continue
            if "\u0600" <= target <= "\u06ff":
                to_char[img] = target
                arabic_images.append(img)
            elif img not in to_char:
                to_char[img] = target
                other.append(img)
    img = _cls(arabic_images)
    # A gap holds what cp1256 and latin-1 share (ASCII, « », ×, é…) and the images of
    # cp1256 punctuation (“ ” … – —); never a letter of another script.
    shared = "".join(chr(c) for c in range(0xA0, 0x100) if chr(c) not in to_char)
    # Characters both code pages put at the same byte (“ ” … – — ‹ › „ €): they read the
    # same either way, so they belong to a segment as much as a space does.
    same = "".join(
        img
        for b in range(0x80, 0xA0)
        for img in _images("cp1252", b)
        if img == bytes([b]).decode("cp1256") and not "\u0080" <= img <= "\u009f"
    )
    shared += same
    # Arabic punctuation images (¡ º ¿ for ، ؛ ؟) may also sit in a gap, glued to a Latin
    # word ("files¡"): converted with the segment.
    punct = "".join(re.escape(c) for c, t in to_char.items() if t in "،؛؟")
    gap = "[\\x00-\\x7f" + re.escape(shared) + "".join(re.escape(c) for c in other) + punct + "]"
    # A word is a whole run of images (never the start of a longer one: what keeps the scan
    # linear) with no Latin letter glued to it, except after a tatweel: "لـCNN" (0xE1 0xDC)
    # reads "áÜCNN", a letter and a tatweel written before a Latin name or a number.
    tatweel = re.escape(bytes([0xDC]).decode("latin-1"))
    word = f"(?<![A-Za-z])(?<!{img}){img}+(?!{img})(?:(?![A-Za-z])|(?<={tatweel}))"
    segment = regex_cache.compile(f"{word}(?:{gap}+{word})*")
    return _LegacyMisread(to_char, segment, regex_cache.compile(word))


def _fix_cp1256_misread(text: str) -> tuple[str, int]:
    t = _cp1256_misread()
    if not _LATIN1_LETTER.search(text):
        return text, 0
    edits: list[tuple[int, int, str]] = []
    for m in t.segment.finditer(text):
        seg = m.group()
        words = [w.group() for w in t.word.finditer(seg)]
        letters = sum(len(w) for w in words)
        # Real Latin text has words made only of accented letters of this set almost never,
        # and never four such letters in a row: ``å``, ``ö`` alone are Nordic words.
        if letters < 4 or max(len(w) for w in words) < 2:
            continue
        repaired = "".join(t.to_char.get(ch, ch) for ch in seg)
        arabic = len(_ARABIC_CHAR.findall(repaired))
        if arabic < letters * 0.8:
            continue
        edits.append((m.start(), m.end(), repaired))
    return _splice(text, edits)


def _splice(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, int]:
    """``text`` with each (start, end) span, in order and not overlapping, replaced; and
    how many spans were replaced."""
    if not edits:
        return text, 0
    out: list[str] = []
    pos = 0
    for start, end, repaired in edits:
        out.append(text[pos:start])
        out.append(repaired)
        pos = end
    out.append(text[pos:])
    return "".join(out), len(edits)


@cache
def triggers() -> frozenset[str]:
    """Characters at least one of which every repairable text contains (for a fast gate):
    the strong continuation images of both UTF-8 kinds and the latin-1 letters."""
    t1256, t1252 = _utf8_tables()
    return t1256.strong | t1252.strong | frozenset(chr(c) for c in range(0xC0, 0x100))


def fix_mojibake_counted(text: str) -> tuple[str, dict[str, int]]:
    """Repair every mojibake segment; return the text and how many runs of each kind.

    >>> fix_mojibake_counted("قال ط§ظ„ط±ط¦ظٹط³ اليوم")
    ('قال الرئيس اليوم', {'utf8_as_cp1256': 1})
    """
    counts: dict[str, int] = {}
    if text.isascii():
        return text, counts
    t1256, t1252 = _utf8_tables()
    steps: tuple[tuple[str, Callable[[str], tuple[str, int]]], ...] = (
        ("utf8_as_cp1256", lambda s: _fix_utf8_misread(s, t1256)),
        ("utf8_as_cp1252", lambda s: _fix_utf8_misread(s, t1252)),
        ("cp1256_as_latin1", _fix_cp1256_misread),
    )
    # Text encoded wrongly twice comes back as mojibake of mojibake: repeat until nothing
    # changes (bounded), which also makes the repair idempotent.
    for _ in range(4):
        changed = False
        for name, step in steps:
            text, n = step(text)
            if n:
                counts[name] = counts.get(name, 0) + n
                changed = True
        if not changed:
            break
    return text, counts


def fix_mojibake(text: str) -> str:
    """Repair Arabic mojibake of the three kinds this module knows, segment by segment.

    >>> fix_mojibake("Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©")
    'العربية'
    >>> fix_mojibake("ÇáÚÑÈíÉ")
    'العربية'
    >>> fix_mojibake("فقط، لا غير")
    'فقط، لا غير'
    """
    return fix_mojibake_counted(text)[0]
