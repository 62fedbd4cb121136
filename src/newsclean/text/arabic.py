"""Arabic-script typography: presentation forms, tatweel, Latin punctuation in Arabic text,
and the opt-in lossy folds (diacritics, letter variants, digits).

Tables come from ``rules/chars_arabic.toml``. Defaults never change a letter: presentation
forms become the same letters in standard code points, tatweel is a stretching glyph, and
the punctuation map only swaps a Latin mark for its Arabic twin.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableMapping
from functools import cache

from newsclean import regex_cache
from newsclean.text.chars import letter_folds, marks_class
from newsclean.text.tables import codepoints, load

__all__ = [
    "ARABIC_LETTERS",
    "ARABIC_MARKS",
    "convert_digits",
    "fix_arabic_punctuation",
    "fix_presentation_forms",
    "fold_letters",
    "gate_branches",
    "is_punctuation_site",
    "lossy_sites",
    "remove_tatweel",
    "strip_diacritics",
]

# gate_branches and lossy_sites say where a fix acts, with the fix's own patterns, for the
# step's article-wide gate (see ``spacing``); a line break is neutral for all of them.

Counts = MutableMapping[str, int]

#: Arabic-script letters (Arabic, Supplement, Extended-A), as a regex class body.
ARABIC_LETTERS = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc"
    "\u06ff\u0750-\u077f\u08a0-\u08c9"
)
#: Arabic combining marks (harakat, shadda, sukun, superscript alef, Quranic marks), as a
#: regex class body: the ``[marks]`` table of ``chars_arabic.toml``.
ARABIC_MARKS = marks_class()


def _add(counts: Counts, kind: str, n: int) -> None:
    if n:
        counts[kind] = counts.get(kind, 0) + n


def _replace_counted(
    pattern: re.Pattern[str],
    text: str,
    counts: Counts | None,
    kind: str,
    mapping: dict[str, str] | None = None,
) -> str:
    """``pattern``'s matches mapped character by character through ``mapping`` (deleted
    without one), counting the characters changed under ``kind``."""
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        run = m.group()
        n += len(run)
        return "".join(mapping[c] for c in run) if mapping else ""

    out = pattern.sub(repl, text)
    if counts is not None:
        _add(counts, kind, n)
    return out


@cache
def _presentation() -> tuple[re.Pattern[str], dict[str, str]]:
    table = load("chars_arabic")["presentation_forms"]
    keep = {cp for spec in table["keep"] for cp in codepoints(spec)}
    mapping: dict[str, str] = {}
    for spec in table["ranges"]:
        for cp in codepoints(spec):
            if cp in keep:
                continue
            ch = chr(cp)
            norm = unicodedata.normalize("NFKC", ch)
            # Isolated harakat (U+FE70..) decompose to SPACE + mark; the space is a layout
            # artefact of the isolated form, not text.
            if len(norm) == 2 and norm[0] == " " and unicodedata.category(norm[1]) == "Mn":
                norm = norm[1]
            if norm != ch:
                mapping[ch] = norm
    body = "".join(re.escape(c) for c in sorted(mapping))
    return regex_cache.compile(f"[{body}]+"), mapping


def fix_presentation_forms(text: str, counts: Counts | None = None) -> str:
    """Presentation-form glyph codes -> standard Arabic letters (NFKC of those ranges only).

    >>> fix_presentation_forms("ﺍﻟﻌﺮﺑﻴﺔ x²")
    'العربية x²'
    """
    pattern, mapping = _presentation()
    return _replace_counted(pattern, text, counts, "presentation_forms", mapping)


# A kashida stretches the join between two letters; a tatweel after a letter and before a
# digit, a Latin word, a quote or a space (لـ389, الـ«...») marks a detached prefix: kept.
# The site pattern (for the step's gate) finds the last tatweel of every run the fix acts
# on; the fix itself takes a whole run of tatweels and marks after a letter (greedy, with
# nothing after it that could fail, so the scan stays linear) and drops its tatweels when a
# letter follows the run: "شـّـص" loses both at once (a second run found the first one).
_TATWEEL_SITE = regex_cache.compile(
    f"\u0640(?<=[{ARABIC_LETTERS}{ARABIC_MARKS}]\u0640)\u0640*(?=[{ARABIC_MARKS}]*[{ARABIC_LETTERS}])"
)
_TATWEEL_RUN = regex_cache.compile(
    f"\u0640(?<=[{ARABIC_LETTERS}{ARABIC_MARKS}]\u0640)[\u0640{ARABIC_MARKS}]*"
)
_LETTER = regex_cache.compile(f"[{ARABIC_LETTERS}]")


def remove_tatweel(text: str, counts: Counts | None = None) -> str:
    """Remove kashida (tatweel used to stretch a word), keep tatweel that marks a prefix.

    >>> remove_tatweel("جـــدا لـ389")
    'جدا لـ389'
    >>> remove_tatweel("شـّـصّ")
    'شّصّ'
    """
    if "\u0640" not in text:
        return text
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        run = m.group()
        if _LETTER.match(text, m.end()) is None:
            return run  # a prefix: before a digit, a Latin word, a quote, a space, the end
        kept = run.replace("\u0640", "")
        n += len(run) - len(kept)
        return kept

    out = _TATWEEL_RUN.sub(repl, text)
    if counts is not None and n:
        _add(counts, "tatweel", n)
    return out


@cache
def _punct() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    mapping: dict[str, str] = dict(load("chars_arabic")["punctuation"])
    body = "".join(re.escape(c) for c in mapping)
    # The pattern starts at the mark (fast scan); what precedes it is checked by hand:
    # an Arabic letter or mark, optionally through one closing quote/bracket and spaces.
    # Not when a digit follows a comma (a number like ١,٥ typed with a Latin comma).
    letter = regex_cache.compile(f"[{ARABIC_LETTERS}{ARABIC_MARKS}]")
    return regex_cache.compile(f"[{body}](?![0-9])"), mapping, letter


@cache
def presentation_chars() -> frozenset[str]:
    """Every presentation-form character the fix maps (for the step's fast gate)."""
    return frozenset(_presentation()[1])


def _after_arabic(s: str, i: int, arabic: re.Pattern[str]) -> bool:
    if s[i] == ";" and s[i + 1 : i + 2] in (")", "(", "-", "D", "P", "p"):
        return False  # an emoticon: ;) ;-) — the bracket spacing rule leaves it too
    j = i - 1
    while j >= 0 and i - j < 64 and s[j] == " ":
        j -= 1
    if j >= 0 and s[j] in "»”\"')]":
        j -= 1
    return j >= 0 and arabic.match(s, j) is not None


def fix_arabic_punctuation(text: str, counts: Counts | None = None) -> str:
    """Latin , ; ? after Arabic-script words become ، ؛ ؟.

    >>> fix_arabic_punctuation("قال, ثم سأل: لماذا? John, Paul; 1,000")
    'قال، ثم سأل: لماذا؟ John, Paul; 1,000'
    """
    pattern, mapping, arabic = _punct()
    if "," not in text and ";" not in text and "?" not in text:
        return text
    if text.isascii():
        return text
    # No mark after an Arabic letter (English text with commas): nothing to do. Found
    # from the marks (a literal search each) rather than by looking for an Arabic letter
    # (a class search, slow through a whole English text).
    if not any(
        _after_arabic(text, m.start(), arabic)
        for mark, candidates in _punct_candidates()
        if mark in text
        for m in candidates.finditer(text)
    ):
        return text
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        if not _after_arabic(m.string, m.start(), arabic):
            return m.group()
        n += 1
        return mapping[m.group()]

    out = pattern.sub(repl, text)
    if counts is not None:
        _add(counts, "arabic_punctuation", n)
    return out


@cache
def _punct_candidates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    before = f" »”\"')\\]{ARABIC_LETTERS}{ARABIC_MARKS}"
    return tuple(
        (mark, regex_cache.compile(f"{re.escape(mark)}(?<=[{before}]{re.escape(mark)})(?![0-9])"))
        for mark in _punct()[1]
    )


@cache
def _diacritics() -> re.Pattern[str]:
    return regex_cache.compile(f"[{ARABIC_MARKS}]+")


def strip_diacritics(text: str, counts: Counts | None = None) -> str:
    """Remove harakat and Quranic marks (opt-in, lossy).

    >>> strip_diacritics("وَعَدَ")
    'وعد'
    """
    return _replace_counted(_diacritics(), text, counts, "diacritics")


@cache
def _fold() -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = letter_folds("fold")
    return regex_cache.compile("[" + "".join(mapping) + "]"), mapping


def fold_letters(text: str, counts: Counts | None = None) -> str:
    """Fold alef/hamza/yeh/teh marbuta variants to their base letter (opt-in, lossy).

    >>> fold_letters("إلى مدرسة")
    'الي مدرسه'
    """
    pattern, mapping = _fold()
    return _replace_counted(pattern, text, counts, "folded_letters", mapping)


@cache
def _digits(target: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = load("chars_arabic")["digits"]
    to = table[target]
    mapping: dict[str, str] = {}
    for system in ("ascii", "arabic", "persian"):
        if system != target:
            mapping.update(zip(table[system], to, strict=True))
    return regex_cache.compile("[" + "".join(mapping) + "]"), mapping


def convert_digits(text: str, target: str, counts: Counts | None = None) -> str:
    """Write every digit in one system: ``ascii``, ``arabic`` (٠١٢) or ``persian`` (۰۱۲).

    >>> convert_digits("عام ٢٠١٥ و۱۳۹۴", "ascii")
    'عام 2015 و1394'
    """
    pattern, mapping = _digits(target)
    return _replace_counted(pattern, text, counts, "digits", mapping)


def lossy_sites(text: str, *, diacritics: bool, fold: bool, digits: str) -> list[int]:
    """Where the opt-in folds act: diacritics, letter variants, digits (``keep``: none)."""
    patterns = []
    if diacritics:
        patterns.append(_diacritics())
    if fold:
        patterns.append(_fold()[0])
    if digits != "keep":
        patterns.append(_digits(digits)[0])
    return [m.start() for pattern in patterns for m in pattern.finditer(text)]


def gate_branches(*, tatweel: bool, punctuation: bool) -> list[tuple[str, str, str]]:
    """Sites as branches of the step's one-scan gate (see ``spacing.gate_branches``):
    ``tatweel`` where :func:`remove_tatweel` acts; ``punctuation`` where
    :func:`fix_arabic_punctuation` may act, to confirm with :func:`is_punctuation_site`."""
    out = []
    if tatweel:
        out.append(("tatweel", "\u0640", _TATWEEL_SITE.pattern[1:]))
    if punctuation:
        for mark, pattern in _punct_candidates():
            head = re.escape(mark)
            assert pattern.pattern.startswith(head)
            out.append(("punctuation", mark, pattern.pattern[len(head) :]))
    return out


def is_punctuation_site(text: str, i: int) -> bool:
    """Whether :func:`fix_arabic_punctuation` changes the mark at ``text[i]`` (a candidate
    from :func:`gate_branches`)."""
    return _after_arabic(text, i, _punct()[2])
