"""The ``needs`` pre-check (boilerplate.witness): it finds exactly the words a casefolded search
finds, and its table of characters folding to ASCII letters matches this Python's Unicode."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.steps.boilerplate.schema import builtin_rules
from newsclean.steps.boilerplate.witness import (
    FOLDS_TO_ASCII,
    LATIN_LOWER,
    CaseView,
    Witness,
    caseless,
    is_caseless,
    witnesses,
)

CAPITAL = re.compile(r"[A-ZÀ-ÞĀ-ſ]")
NEEDS = tuple(sorted({w for r in builtin_rules() for w in r.needs}))


def _reference(words: tuple[str, ...], text: str) -> tuple[str, ...]:
    folded = text.casefold() if CAPITAL.search(text) else text
    return tuple(w for w in words if w in folded)


def test_folds_to_ascii_table_matches_unicode() -> None:
    found = {
        chr(cp)
        for cp in range(0x80, 0x110000)
        if (f := chr(cp).casefold()) != chr(cp) and any(c.isascii() and c.isalpha() for c in f)
    }
    assert found == set(FOLDS_TO_ASCII)


def test_only_folds_to_ascii_characters_fold_to_anything_holding_ascii() -> None:
    # what CaseView's shortcut rests on: ASCII punctuation, digits and spaces too
    found = {
        chr(cp) for cp in range(0x80, 0x110000) if any(c.isascii() for c in chr(cp).casefold())
    }
    assert found == set(FOLDS_TO_ASCII)


CASE_PIECES = [
    "Copyright",
    "PHOTO: AFP",
    "(C)",
    "&COPY;",
    "Straße",
    "STRASSE",
    "ﬁle",
    "\u212aelvin",
    "İstock",
    "’s",
    "“Getty”",
    "RÉSERVÉS",
    "قال الوزير",
    "\ud800",
]
CASE_WORDS = [*NEEDS, "ss", "file", "kelvin", "i\u0307stock", "s ", "strasse", "réservés", "’s"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CASE_PIECES), st.text(max_size=6)), max_size=8))
def test_case_view_is_the_casefold(parts: list[str]) -> None:
    text = "".join(parts)
    view = CaseView(text)
    folded = text.casefold()
    for word in CASE_WORDS:
        assert (word in view) == (word in folded), word


def test_case_view_on_text_with_a_character_folding_to_ascii() -> None:
    view = CaseView("Die STRAßE ist ’lang’")
    assert "strasse" in view and "stras" in view and "ss" in view
    assert "strase" not in view and "’lang’" in view
    plain = CaseView("Copyright “Getty” Images")
    assert "copyright" in plain and "getty" in plain and "getty images" not in plain


def test_caseless_characters_of_builtin_needs_are_never_produced_by_folding() -> None:
    chars = {c for w in NEEDS for c in w if caseless(c)}
    assert "©" in chars and "ح" in chars
    for cp in range(0x110000):
        x = chr(cp)
        f = x.casefold()
        if f != x:
            assert not chars & set(f), (x, f)
    assert all(c.casefold() == c for c in chars)


def test_witnesses_name_every_character_that_folds_to_a_letter() -> None:
    groups = witnesses("kiss")
    k = next(g for g in groups if "k" in g)
    assert {"k", "K", "\u212a"} <= k
    s = next(g for g in groups if "s" in g)
    assert {"s", "S", "ſ", "ß"} <= s
    assert is_caseless("حقوق") and is_caseless("©") and not is_caseless("(c)")


PIECES = [
    "Copyright 2015",
    "COPYRIGHT",
    "ALL RIGHTS RESERVED",
    "\u212aEY",
    "Getty Images",
    "(C)",
    "(c)",
    "&copy;",
    "©",
    "جميع الحقوق محفوظة",
    "اضغط هنا",
    "Photo: AFP",
    "PHOTOGRAPH:",
    "ISTOC\u212a",
    "Réservés",
    "RÉSERVÉS",
    "ſhutterstock",
    "قال الوزير",
    "the minister",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=8))
def test_present_is_the_casefolded_search(parts: list[str]) -> None:
    text = " ".join(parts)
    assert Witness(NEEDS).present(text, CAPITAL) == _reference(NEEDS, text)


def test_accented_letters_fold_only_from_their_capitals() -> None:
    producers: dict[str, set[str]] = {c: set() for c in LATIN_LOWER}
    for cp in range(0x110000):
        x = chr(cp)
        for c in set(x.casefold()) & producers.keys():
            producers[c].add(x)
    assert producers == {c: {c, c.upper()} for c in LATIN_LOWER}


def test_present_on_arabic_and_english_text() -> None:
    w = Witness(NEEDS)
    arabic = "قال الوزير إن الاجتماع كان مثمرا. جميع الحقوق محفوظة"
    assert w.present(arabic, CAPITAL) == _reference(NEEDS, arabic) == ("حقوق",)
    english = "Talks resume. Copyright 2015 Reuters. Photo: Getty"
    assert w.present(english, CAPITAL) == _reference(NEEDS, english)
    assert {"copyright", "getty", "photo:"} <= set(w.present(english, CAPITAL))


def test_fold_all_is_fold_of_each() -> None:
    from newsclean.steps.boilerplate.fold import _FOLD_NEEDED, fold, fold_all

    texts = ["أيضاً", "plain", "", "اشتراک\u200cگذاری", "قال\u0640", "x\u200d"]
    assert fold_all(texts) == [fold(t) for t in texts]
    assert fold_all(["abc", "def"]) == ["abc", "def"]
    # the one-character checks cover exactly what the regex finds
    foldable = [chr(c) for c in range(0x110000) if _FOLD_NEEDED.match(chr(c))]
    assert all(fold_all(["a" + c])[0] == fold("a" + c) for c in foldable)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="اأيضاً قال\u0651\u064e\u0640\u200c\u200d\u0670\n x", max_size=12)))
def test_fold_all_replaces_like_fold(texts: list[str]) -> None:
    from newsclean.steps.boilerplate.fold import fold, fold_all

    assert fold_all(texts) == [fold(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=6))
def test_may_hold_never_rules_out_a_word_that_is_there(parts: list[str]) -> None:
    from newsclean.steps.boilerplate.witness import may_hold

    text = " ".join(parts)
    for word in NEEDS:
        if word in text or word in text.casefold():
            assert may_hold(text, word), word


GATE_PIECES = [
    *PIECES,
    "Straße",
    "\u212aelvin",
    "ﬁle photo: AFP",
    "“Getty”",
    "All rights reserved.",
    "\n",
    "?",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["ar", "en", "fr", ""]),
    st.lists(
        st.lists(st.one_of(st.sampled_from(GATE_PIECES), st.text(max_size=6)), max_size=5),
        max_size=6,
    ),
)
def test_gates_of_an_article_are_the_gate_of_each_line(
    language: str, lines: list[list[str]]
) -> None:
    from newsclean.steps.boilerplate.rules import load_ruleset, matcher_for

    matcher = matcher_for(load_ruleset(True, ()), "", language)
    texts = [" ".join(parts) for parts in lines]
    gates = matcher.gates(texts)
    assert [[r.id for _, r in g] for g in gates] == [
        [r.id for _, r in matcher.gate(t)] for t in texts
    ]


def test_gates_find_words_in_each_line_without_casefolding() -> None:
    from newsclean.steps.boilerplate.rules import load_ruleset, matcher_for

    matcher = matcher_for(load_ruleset(True, ()), "", "en")
    texts = ["Talks resume today.", "COPYRIGHT 2015 Reuters", "Photo: Getty", "quiet"]
    ids = [{r.id for _, r in g} for g in matcher.gates(texts)]
    assert ids[0] == set() and ids[3] == set() and ids[1] and ids[2]
    assert ids == [{r.id for _, r in matcher.gate(t)} for t in texts]
