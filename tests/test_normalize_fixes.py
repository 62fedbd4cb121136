"""The one registry of normalize fixes: the step runs it in order, the gate reads it."""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.steps import normalize_gate
from newsclean.steps.normalize import normalize_text
from newsclean.steps.normalize_fixes import (
    DONE,
    FIXES,
    Fix,
    NormalizeOptions,
    Stage,
    nfc_pieces,
    plan,
)


def test_names_are_unique_and_stages_in_order() -> None:
    names = [f.name for f in FIXES]
    assert len(names) == len(set(names))
    stages = [f.stage for f in FIXES]
    assert stages == sorted(stages)


def test_plan_follows_the_options() -> None:
    off = plan(NormalizeOptions(spacing=False, keep_tatweel=True))
    names = {f.name for stage in off for f in stage}
    assert "punctuation_spacing" not in names and "tatweel" not in names
    lossy = plan(NormalizeOptions(strip_diacritics=True, digits="ascii"))
    assert [f.name for f in lossy[Stage.LOSSY]] == ["diacritics", "digits"]


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The plan and the gate are cached per options: start and end with empty caches."""

    def clear() -> None:
        plan.cache_clear()
        normalize_gate._gate.cache_clear()
        normalize_gate._site_fixes.cache_clear()

    clear()
    yield
    clear()


@pytest.mark.usefixtures("fresh_caches")
def test_a_new_fix_is_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix added to the registry runs in the step and is seen by the gate."""
    shout = Fix(
        "shout",
        Stage.LOSSY,
        lambda o: True,
        lambda t, ctx: t.replace("!", "!!"),
        sites=lambda gate, o: [i for i, ch in enumerate(gate.whole) if ch == "!"],
    )
    registry = (*FIXES, shout)
    from newsclean.steps import normalize_fixes

    monkeypatch.setattr(normalize_fixes, "FIXES", registry)
    monkeypatch.setattr(normalize_gate, "FIXES", registry)
    options = dataclasses.replace(NormalizeOptions(), language="en")
    assert normalize_text("Hi!", options, "en") == "Hi!!"
    stages = normalize_gate.first_stages(["plain", "Hi!"], "plain\nHi!", (), options, "en", None)
    assert stages == [DONE, Stage.LOSSY]


def test_no_canonical_composition_involves_a_space() -> None:
    """What nfc_pieces relies on to cut the text before spaces: U+0020 is no part of any
    canonical decomposition (so NFC never composes across it) and is a starter."""
    assert unicodedata.combining(" ") == 0
    for cp in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            assert "0020" not in decomposition.split(), hex(cp)


# Letters, marks that reorder or compose (Latin, Arabic, Hangul jamo, a singleton),
# spaces and line breaks: what NFC acts on, and where the pieces are cut.
_NFC_ALPHABET = (
    "ae\u0301\u0300\u0344 \n"
    "\u0627\u0648\u064a\u064b\u064e\u0651\u0653\u0654\u0655"
    "\u1100\u1161\u11a8\u212b"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_NFC_ALPHABET, max_size=900))
def test_nfc_pieces_is_nfc(text: str) -> None:
    assert nfc_pieces(text) == unicodedata.normalize("NFC", text)


def test_nfc_pieces_on_long_arabic_text() -> None:
    """Pieces cut mid-text: a shadda before a fatha (reordered) and an alef with a hamza
    above written apart (composed) in a text many pieces long."""
    words = ["قال", "إن", "الوزير", "شدَّد", "على", "أهمية"] * 200
    words[5] = "شدَّ\u064e"
    words[700] = "\u0627\u0654مر"
    words[1150] = "و\u0651\u064eكذا"
    text = " ".join(words)
    assert not unicodedata.is_normalized("NFC", text)
    assert nfc_pieces(text) == unicodedata.normalize("NFC", text)
