"""One copy of the Arabic character knowledge: every fold follows chars_arabic.toml."""

from __future__ import annotations

import re

import pytest

from newsclean.steps.boilerplate.fold import expand
from newsclean.steps.boilerplate.fold import fold as match_fold
from newsclean.text import keys
from newsclean.text.arabic import fold_letters, strip_diacritics
from newsclean.text.chars import USES, ignorable, letter_folds, marks
from newsclean.text.tables import load

MARKS = sorted(marks())


@pytest.mark.parametrize("mark", MARKS, ids=[f"U+{ord(m):04X}" for m in MARKS])
def test_every_fold_ignores_every_mark(mark: str) -> None:
    word = "كت" + mark + "ب"
    assert strip_diacritics(word) == "كتب"
    assert match_fold(word) == "كتب"
    assert keys.fold(word) == "كتب"


def test_ignorable_characters_follow_the_table() -> None:
    for use, folded in (("match", match_fold), ("key", keys.fold)):
        for ch, by in ignorable(use).items():
            got = folded("كت" + ch + "ب")
            if use == "key":
                assert got == ("كت ب" if by == " " else "كتب"), (use, hex(ord(ch)))
            else:
                assert got == "كت" + by + "ب", (use, hex(ord(ch)))


def test_letter_entries_apply_to_the_folds_they_name() -> None:
    for entry in load("chars_arabic")["letters"]:
        assert set(entry["uses"]) <= set(USES), entry
        base = entry["base"]
        for variant in entry["variants"]:
            word = "ب" + variant
            assert (fold_letters(word) == "ب" + base) == ("fold" in entry["uses"]), variant
            assert (keys.fold(word) == "ب" + base) == ("key" in entry["uses"]), variant
            matched = re.fullmatch(expand("ب" + base), word) is not None
            assert matched == ("match" in entry["uses"]), variant


def test_a_variant_folds_to_one_base_per_use() -> None:
    for use in USES:
        seen: dict[str, str] = {}
        for entry in load("chars_arabic")["letters"]:
            if use in entry["uses"]:
                for variant in entry["variants"]:
                    assert seen.setdefault(variant, entry["base"]) == entry["base"], variant
        assert seen == letter_folds(use)
