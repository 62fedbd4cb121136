"""The learned-template stage's per-word memo (issue 15): words met for the first time are
worked out together, and give the same keys, kinds and hashes as one at a time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsclean.article import Block
from newsclean.collection import templates as t

WORDS = [
    "اليوم", "10:21", "أمس", "إِلَى", "ـــ", "«المزيد»", "Straße", "İstanbul", "١٢٣", "٢٠٢٤م",
    "(2024)", "A.B.", "...", "—", "a\u200cb", "\u200c", "x\u0301", "ﻻ", "'", "Aug", "19,",
    "tag", "Voir", "plus", "il", "y", "a",
]  # fmt: skip


@pytest.fixture
def empty_memo() -> Iterator[None]:
    saved, hashes = dict(t._TOKENS), dict(t._WORD_HASHES)
    t._TOKENS.clear()
    t._WORD_HASHES.clear()
    yield
    t._TOKENS.clear()
    t._TOKENS.update(saved)
    t._WORD_HASHES.clear()
    t._WORD_HASHES.update(hashes)


def test_new_words_together_are_worked_out_as_one_at_a_time(empty_memo: None) -> None:
    one = {}
    for w in WORDS:
        t._TOKENS.clear()
        one[w] = t._token(w)
    t._TOKENS.clear()
    t._new_tokens(WORDS + WORDS[:5])  # (repeated words too)
    assert {w: t._TOKENS[w] for w in WORDS} == one
    # a few new words are worked out one by one, many in C loops: the same either way
    assert len(WORDS) > t._MANY_NEW
    for few in (WORDS[:3], WORDS[3:10], WORDS[10:20]):
        t._TOKENS.clear()
        t._WORD_HASHES.clear()
        t._new_tokens(few)
        assert {w: t._TOKENS[w] for w in few} == {w: one[w] for w in few}
    assert one["10:21"][1] == t.NUMBER and one["اليوم"][1] == t.CONTENT
    assert one["إِلَى"][0] == t.word_key("إِلَى")


def test_a_window_reads_right_when_the_memo_empties_for_room_meanwhile(
    empty_memo: None,
) -> None:
    # a known word, then the memo at its bound: the new words empty it, the known one is gone
    t._token("اليوم")
    for i in range(499_990):
        t._TOKENS[f"filler{i}"] = ("", t.NEUTRAL, 0)
    words = ["اليوم", "10:21", *(f"w{i}" for i in range(30))]
    w = t._Window([Block("paragraph", " ".join(words))], True, 40, frozenset())
    assert list(w.key) == [t.word_key(x) for x in words]
    assert w.kind[:2] == [t.DATE, t.NUMBER]  # "today" next to a time is part of a date
    assert len(t._TOKENS) < 1000  # (bounded: emptied, not grown past it)
