"""Comparison keys: cosmetic differences vanish, words never merge or change otherwise."""

from __future__ import annotations

import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.text import keys
from newsclean.text.keys import (
    _fold_general,
    _word_ids_general,
    fold,
    repair_mojibake,
    strip_site_suffix,
    title_key,
    word_ids,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Breaking News", "breaking   news"),  # case, whitespace
        ("«الرئيس» قال: نعم!", '"الرئيس" قال نعم'),  # quotes, punctuation
        ("قال الرئيسُ إنَّ", "قال الرئيس ان"),  # harakat, hamza on alef
        ("الـــرئيس", "الرئيس"),  # tatweel
        ("أحمد إلى آخر", "احمد الى اخر"),  # alef forms
        ("مدرسة على", "مدرسه علي"),  # teh marbuta, alef maksura
        ("سؤال مسئول", "سوال مسيول"),  # hamza on waw / yeh
        ("عام ٢٠٢٣", "عام 2023"),  # Arabic-Indic digits
        ("سال ۱۴۰۲ کتاب یک", "سال 1402 كتاب يك"),  # Persian digits and letters
        ("café naïve", "cafe naive"),  # Latin diacritics
        ("a\u200bb c\u00a0d", "a b c d"),  # zero-width space and NBSP separate words
        ("كلمة\u200fأخرى", "كلمةأخرى"),  # a bidi mark is not a separator
        ("ﺍﻟﺴﻼﻡ", "السلام"),  # presentation forms
        ("ط§ظ„ط±ط¦ظٹط³ قال", "الرئيس قال"),  # cp1256 mojibake of UTF-8
        ("Ø§Ù„Ø±Ø¦ÙŠØ³ قال", "الرئيس قال"),  # latin-1 mojibake of UTF-8
        ("one—two…three", "one two three"),  # typographic dashes and ellipsis
    ],
)
def test_cosmetic_variants_fold_to_one_key(a: str, b: str) -> None:
    assert fold(a) == fold(b)
    assert word_ids(a) == word_ids(b)


def test_different_words_stay_different() -> None:
    assert fold("قال الرئيس") != fold("قال الوزير")
    assert fold("علم") != fold("عالم")
    assert word_ids("a b c") != word_ids("a c b")


def test_fold_is_idempotent_and_collapsed() -> None:
    text = "  «نائِب» وزيـــر   الخارجيّة،\n\nاليوم!  "
    once = fold(text)
    assert fold(once) == once
    assert "  " not in once and once == once.strip()


def test_empty_and_punctuation_only() -> None:
    assert fold("") == ""
    assert fold("— ... —") == ""
    assert word_ids("") == []


def test_word_ids_are_stable_32_bit() -> None:
    # Persisted in the index: they must never depend on the process (str hash is salted).
    assert word_ids("News, today") == [zlib.crc32(b"news"), zlib.crc32(b"today")]
    assert word_ids("Ünïcode ﻟ ی") == [
        zlib.crc32(b"unicode"),
        zlib.crc32("ل".encode("cp1256")),
        zlib.crc32("ي".encode("cp1256")),
    ]
    assert word_ids("الرئيسُ") == [zlib.crc32("الرييس".encode("cp1256"))]  # ئ folds to ي


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Assad meets envoy - Reuters", "Assad meets envoy"),
        ("Assad meets envoy | Nidaa Post", "Assad meets envoy"),
        ("الأسد يلتقي المبعوث – نداء بوست", "الأسد يلتقي المبعوث"),
        ("عاجل - سبق", "عاجل - سبق"),  # the head would be one word: not a suffix
        ("No suffix here", "No suffix here"),
        ("A - b c d e f g h", "A - b c d e f g h"),  # a long tail is part of the headline
    ],
)
def test_site_suffix(title: str, expected: str) -> None:
    assert strip_site_suffix(title) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab c-|–—:•»\t\u00a0ن")), max_size=70),
    st.integers(min_value=0, max_value=60),
)
def test_suffix_search_from_the_last_separator_finds_what_a_full_search_finds(
    text: str, pad: int
) -> None:
    # the fast search starts near the last separator; it must agree with a plain search,
    # also when a long paragraph comes before the separator
    title = ("word " * pad + text).strip()
    fast, full = keys._suffix(title), keys._SUFFIX.search(title)
    assert (fast and fast.span()) == (full and full.span())


def test_title_key_ignores_suffix_and_trailing_space() -> None:
    assert title_key("نائب وزير الخارجية يلتقي الأسد - نداء بوست  ") == title_key(
        "نائب وزير الخارجيّة يلتقي الأسد"
    )


def test_mojibake_repair_leaves_real_text() -> None:
    real = "قال § 3 „x“ طالب ظل"
    assert repair_mojibake(real) == real


def test_word_ids_fast_path_matches_general_path() -> None:
    # The one-byte fast path must give exactly the general path's words, whatever the mix.
    rnd = random.Random(5)
    alphabet = [bytes([b]).decode("cp1256") for b in range(256)]
    alphabet += list("ﺍﻟﺴﻼﻡ٠١٢۱۲یکۀ\u200b\u0653\u0670é\u0301ÀΣσ™²¼") + [" "] * 30
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert word_ids(text) == _word_ids_general(text), repr(text)


def test_fold_fast_path_matches_general_path() -> None:
    # fold() takes the same one-byte table for text windows-1256 can hold: same keys.
    rnd = random.Random(11)
    alphabet = [bytes([b]).decode("cp1256") for b in range(256)]
    alphabet += list("ﺍﻟﺴﻼﻡ٠١٢۱۲یکۀ\u200b\u0653\u0670é\u0301ÀΣσ™²¼") + [" "] * 30
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert fold(text) == _fold_general(text), repr(text)


_MANY_ALPHABET = [bytes([b]).decode("cp1256") for b in range(256)] + [
    *"ﺍﻟﺴﻼﻡ٠١٢۱۲یکۀ\u200b\u0670é\u0301ÀΣ™한\x1e",
    "ط§ظ„ط±",  # cp1256 mojibake run
    "Ø§Ù„",  # latin-1 mojibake run
    " ",
    " ",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_MANY_ALPHABET), max_size=30).map("".join), max_size=6))
def test_fold_many_folds_each_text_as_fold_does(texts: list[str]) -> None:
    # Texts folded as one (joined by a separator the tables keep) get the keys they get
    # one by one: whatever the mix of ASCII, one-byte and general-path texts, mojibake
    # hints in one text and runs in another, empty keys, or the separator itself.
    assert keys.fold_many(texts) == [fold(text) for text in texts]


def test_fold_many_repairs_mojibake_text_by_text() -> None:
    # "§" in the first text must not make the repair look at the second one's run,
    # which holds none of repair_mojibake's hints.
    texts = ["§ 3", "ظ…ظ†"]
    assert keys.fold_many(texts) == [fold("§ 3"), fold("ظ…ظ†")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"bc", b" ", b"  ", b"\x1e"]), max_size=40).map(b"".join))
def test_collapse_is_split_and_join_but_for_the_ends(raw: bytes) -> None:
    # fold's byte paths leave the ASCII space as the only blank: collapsing runs of it
    # with replace passes gives split-and-join's words, one space at most at either end.
    out = keys._collapse(raw)
    assert b"  " not in out
    assert out.strip(b" ") == b" ".join(raw.split())


def test_fast_tables_leave_no_blank_but_space_and_mark_with_nul() -> None:
    # what _collapse and the NUL mark of the one-byte path rely on
    for table in (keys._FAST_MARKED, keys._FAST_MARKED_SEP):
        image = bytes(table[b] for b in keys._FAST_SUPPORTED)
        assert not set(image) & set(b"\0\t\n\r\x0b\x0c")
        unsupported = set(range(256)) - set(keys._FAST_SUPPORTED)
        assert unsupported and all(table[b] == 0 for b in unsupported)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*_MANY_ALPHABET, "&#", "٣", "\n"]), max_size=30).map("".join),
        min_size=2,
        max_size=6,
    )
)
def test_word_ids_of_a_body_fold_many_kept_are_its_own(texts: list[str]) -> None:
    # fold_many keeps the folded bytes of an article's blocks for word_ids of its text
    # (the blocks joined by a blank line): the words are those word_ids finds afresh.
    keys._kept.clear()
    keys._kept_chars = 0
    body = "\n\n".join(filter(None, texts[2:]))
    fresh = word_ids(body)
    keys.fold_many(texts, body=2)
    assert word_ids(body) == fresh == _word_ids_general(body)
    other = body + " x"  # another text: not taken for the kept one
    assert word_ids(other) == _word_ids_general(other)


def test_kept_bodies_stay_within_their_bound_and_are_taken_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The folds kept for word_ids are bounded in characters (oldest dropped first), and
    # a body asked for is taken out; its words are word_ids' own either way.
    monkeypatch.setattr(keys, "_KEPT_CHARS", 200)
    keys._kept.clear()
    keys._kept_chars = 0
    bodies = [f"نص المقال رقم {i} " * (i % 4 + 1) for i in range(40)]
    for body in bodies:
        keys.fold_many(["عنوان", "", body], body=2)
        assert keys._kept_chars == sum(map(len, keys._kept)) <= 200
    assert bodies[0] not in keys._kept and bodies[-1] in keys._kept
    for body in (bodies[-1], bodies[-1], bodies[0]):
        assert word_ids(body) == _word_ids_general(body)
    assert bodies[-1] not in keys._kept
    assert keys._kept_chars == sum(map(len, keys._kept))
