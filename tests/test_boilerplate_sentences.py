"""last_spans: the last sentences of a long paragraph, exactly as splitting it whole gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.steps.boilerplate.sentences import last_spans, sentence_spans

PIECES = [
    "قال الوزير إن الاجتماع مثمر.",
    "وأضاف: «سنلتقي قريبا».",
    "U.S. officials met Mr. Smith.",
    "the talks. resumed",
    "J. K. Rowling wrote",
    "..",
    "…",
    "؟",
    "!",
    "۔",
    "\u200f",
    ")",
    "”",
    " ",
    "\n",
    "\u00a0",
    "أحدث المواد",
    "a",
    "Z.",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=400),
    st.integers(min_value=1, max_value=20),
)
def test_last_spans_are_the_last_of_sentence_spans(parts: list[str], count: int) -> None:
    text = " ".join(parts)
    whole = sentence_spans(text)
    last = last_spans(text, count)
    assert len(last) >= min(count, len(whole))
    assert whole[len(whole) - len(last) :] == last


def test_last_spans_of_a_long_paragraph_split_only_its_end() -> None:
    text = "قال الوزير إن الاجتماع كان مثمرا. " * 500 + "أحدث المواد"
    last = last_spans(text, 13)
    assert 13 <= len(last) < 100
    assert last == sentence_spans(text)[-len(last) :]
    assert text[last[-1][0] : last[-1][1]] == "أحدث المواد"
