"""Language guessing: the byte-level counts and shortcuts in ``lang.detect`` agree with the
plain definition (count letters of each script, then stopwords word by word)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import lang


def _reference(text: str) -> str:
    """The definition ``detect`` implements, written the slow obvious way."""
    sample = text[: lang.SAMPLE]
    arabic_blocks = (
        (0x600, 0x6FF),
        (0x740, 0x77F),
        (0x880, 0x8FF),
        (0xFB40, 0xFDFF),
        (0xFE40, 0xFEFF),
    )
    arabic = hebrew = latin = 0
    for ch in sample:
        o = ord(ch)
        if any(lo <= o <= hi for lo, hi in arabic_blocks):
            arabic += 1
        elif 0x580 <= o <= 0x5FF:
            hebrew += 1
        elif (ch.isascii() and ch.isalpha()) or 0xC0 <= o <= 0x27F:
            latin += 1
    top = max(arabic, hebrew, latin)
    if top == 0:
        return "und"
    if top == arabic:
        urdu = sum(sample.count(c) for c in lang._URDU)
        persian = sum(sample.count(c) for c in lang._PERSIAN)
        if urdu * 200 > arabic and urdu >= 2:
            return "ur"
        if persian * 100 > arabic and persian >= 2:
            return "fa"
        return "ar"
    if top == hebrew:
        return "he"
    words = lang._WORD.findall(sample[: lang._WORD_SAMPLE].lower())
    hits = dict.fromkeys(lang._STOPWORDS, 0)
    for word in words:
        for name, stops in lang._STOPWORDS.items():
            hits[name] += word in stops
    best, score = "und", 0
    for name, count in hits.items():
        if count > score:
            best, score = name, count
    return best if score >= 2 else "en" if words else "und"


_PIECES = [
    "قال الوزير إن الاجتماع كان مثمرا",
    "یہ ایک اردو جملہ ہے اور یہاں ٹھیک ہے",  # Urdu
    "این یک جمله فارسی است که پیچیده نیست",  # Persian
    "זה משפט בעברית",
    "The minister said that the talks would resume",
    "Le ministre a dit que les discussions sont pour demain",
    "Der Minister sagte, dass die Gespräche nicht mit",
    "El ministro dijo que las conversaciones por la tarde",
    "ﻻ ﷲ ࢠ",  # presentation forms and extended-A (three-byte Arabic)
    "123 ... «» “” — \u200f",
    "ٹ پ ڈ ک گ ی ے",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=30), max_size=12))
def test_detect_matches_the_definition(parts: list[str]) -> None:
    text = " ".join(parts)
    assert lang.detect(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x6FF), max_size=200))
def test_detect_matches_the_definition_on_any_text(text: str) -> None:
    assert lang.detect(text) == _reference(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الرئيس إن الاجتماع كان مثمرا", "ar"),
        ("یہ ایک اردو جملہ ہے اور یہاں ٹھیک ہے اور وہ بھی", "ur"),
        ("این یک جمله فارسی است که پیچیده نیست و گفت", "fa"),
        ("The minister said on Monday that the talks would resume.", "en"),
        ("Le ministre a dit que les discussions sont pour demain.", "fr"),
        ("", "und"),
        ("1234 5678", "und"),
    ],
)
def test_detect_examples(text: str, expected: str) -> None:
    assert lang.detect(text) == expected


def test_detect_matches_the_definition_on_real_articles(shared: Path) -> None:
    path = shared / "corpus" / "saudinewsnet" / "2015-07-22.json"
    records = json.loads(path.read_text(encoding="utf-8"))[:200]
    texts = [str(r.get("content") or "") for r in records] + [
        str(r.get("title") or "") for r in records
    ]
    assert texts
    for text in texts:
        assert lang.detect(text) == _reference(text)
