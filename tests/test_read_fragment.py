"""A record's text field holding HTML is read as its text (BeautifulSoup, html.parser)."""

from __future__ import annotations

import json

import pytest

import newsclean
from newsclean.read.fragment import fragment_text, looks_like_markup


def _blocks(record: dict[str, str]) -> list[str]:
    (article,) = newsclean.read(json.dumps(record).encode())
    return [b.text for b in article.blocks]


def test_markup_in_a_text_field_becomes_paragraphs() -> None:
    content = (
        "<p>Hello <b>world</b> &amp;\n co<!-- a note --></p><script>track()</script>"
        "<p>Second<br/>line</p><ul><li>one</li><li>two</li></ul>"
    )
    assert _blocks({"title": "T", "content": content}) == [
        "Hello world & co",
        "Second",
        "line",
        "one",
        "two",
    ]


def test_arabic_fragment() -> None:
    content = '<div><p>قال الوزير&nbsp;إن</p>\n<p dir="rtl">«الاجتماع» كان مثمرا</p></div>'
    assert _blocks({"title": "ع", "text": content}) == [
        "قال الوزير\u00a0إن",
        "«الاجتماع» كان مثمرا",
    ]


@pytest.mark.parametrize(
    "text",
    ["a < b and c > d", "I <3 news", "<<Title>> is a film", "x <p not closed", "<b>bold</b> only"],
)
def test_plain_text_with_angle_brackets_is_left_alone(text: str) -> None:
    assert not looks_like_markup(text)
    assert _blocks({"title": "T", "content": text}) == [text]


def test_preformatted_whitespace_kept_and_linear_on_hostile_input() -> None:
    assert fragment_text("<pre>a  b</pre><p>c   d</p>") == "a  b\nc d"
    hostile = "<p " * 20_000  # unterminated tags: the detector's attribute run is bounded
    assert looks_like_markup(hostile + ">")
    assert not looks_like_markup("<p" + "x" * 100_000)
