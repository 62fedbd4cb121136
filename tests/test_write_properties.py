"""Properties: escaped scraped text always renders as itself; reading never crashes."""

from __future__ import annotations

import html

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean.errors import NewscleanError
from newsclean.read import ReadOptions, read_bytes
from newsclean.write.markdown import escape

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")

# Markdown's special characters, Arabic letters and punctuation, digits, spaces.
ALPHABET = "#>-+*_=`~[]()<>|!&;:.,)\\/\"'01 9 abc ابت،؛؟«»"
lines = st.text(alphabet=ALPHABET, min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(st.lists(lines, min_size=1, max_size=4))
@example(parts=["|", ":-"])  # a GFM table: "\|" as its header over a ":-" delimiter row
def test_escaped_text_renders_as_one_plain_paragraph(parts: list[str]) -> None:
    text = "\n".join(parts)
    rendered = MD.render(escape(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    inner = rendered[3:-5]
    assert "<" not in inner  # no tag, no link, no emphasis: nothing became structure
    assert html.unescape(inner) == "\n".join(p.strip() for p in parts)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "a.txt", "a.html", "a.json", "a.csv"]))
def test_reading_arbitrary_bytes_never_crashes(data: bytes, name: str | None) -> None:
    try:
        articles = list(read_bytes(data, ReadOptions(), name=name))
    except NewscleanError:
        return
    for article in articles:
        assert isinstance(article.title, str)
