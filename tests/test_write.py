"""Writers: Markdown escaping and structure, YAML front matter, JSON contract, text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean.article import Article, Block, Removal
from newsclean.write import WriteOptions, markdown, render
from newsclean.write.markdown import escape_line, front_matter

ARTICLE = Article(
    title="Title # 1",
    subtitle="The lede",
    blocks=(
        Block("paragraph", "First."),
        Block("heading", "Sub", level=2),
        Block("quote", "Said\nthis"),
        Block("list_item", "one"),
        Block("list_item", "two"),
        Block("preformatted", "code ``` here"),
    ),
    meta={"source": "x.txt", "tags": ["a", "b"], "record": 3},
    extra={"id": 9},
    removed=(Removal("strip", "footer", "© 2024", position=4),),
)


def test_markdown_structure() -> None:
    md = render(ARTICLE, "md")
    assert md == (
        "# Title # 1\n\n*The lede*\n\nFirst.\n\n## Sub\n\n> Said\n> this\n\n- one\n- two\n\n"
        "````\ncode ``` here\n````\n"
    )


@pytest.mark.parametrize(
    ("raw", "rendered_start"),
    [
        ("# not a heading", "\\#"),
        ("> not a quote", "\\>"),
        ("- not a list", "\\-"),
        ("+ not a list", "\\+"),
        ("* not a list", "\\*"),
        ("1. not a list", "1\\."),
        ("2) not a list", "2\\)"),
        ("=====", "\\="),
        ("<script>alert(1)</script>", "\\<script\\>"),
        ("[click](http://evil)", "\\[click\\]"),
        ("`code`", "\\`code\\`"),
        ("| a | b |", "\\| a \\| b \\|"),
    ],
)
def test_markdown_injection_is_escaped(raw: str, rendered_start: str) -> None:
    assert escape_line(raw).startswith(rendered_start)


def test_markdown_keeps_arabic_punctuation_and_plain_text() -> None:
    text = "قال: «نعم»، هل انتهى؟ نعم؛ 3.5% من 1,000 (تقريباً) - حسب البيان!"
    assert escape_line(text) == text


def test_entities_and_emphasis_escaped() -> None:
    assert escape_line("AT&amp;T and a_b *c*") == "AT&amp;amp;T and a\\_b \\*c\\*"


def test_heading_text_trailing_hashes() -> None:
    article = Article(title="C#", blocks=(Block("heading", "F##", level=2),))
    assert render(article, "md") == "# C\\#\n\n## F\\#\\#\n"


def test_front_matter_is_json_quoted_yaml() -> None:
    article = Article(title='He said "x"\n: - [y]', meta={"source": "s", "weird key": 1})
    fm = front_matter(article)
    lines = fm.splitlines()
    assert lines[0] == lines[-1] == "---"
    assert lines[1] == 'title: "He said \\"x\\"\\n: - [y]"'
    assert '"weird key": 1' in fm
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        return
    parsed = yaml.safe_load(fm.strip("-\n"))
    assert parsed["title"] == article.title


def test_front_matter_control_characters_escaped() -> None:
    fm = front_matter(Article(title="a\x85b\x9fc\ufeff", meta={}))
    assert "\\u009f" in fm and "\\ufeff" in fm


def test_json_contract_order_and_unicode() -> None:
    data = json.loads(render(ARTICLE, "json"))
    assert list(data) == ["id", "title", "subtitle", "text", "blocks", "meta", "removed"]
    assert data["removed"] == [{"step": "strip", "rule": "footer", "text": "© 2024", "position": 4}]
    arabic = render(Article(title="خبر", meta={"source": "-"}), "jsonl")
    assert "خبر" in arabic and arabic.count("\n") == 1


def test_text_output() -> None:
    assert render(ARTICLE, "txt").startswith("Title # 1\n\nThe lede\n\nFirst.\n\nSub\n\n")
    assert render(Article(), "txt") == "\n"


def test_every_format_ends_with_exactly_one_newline() -> None:
    for fmt in ("md", "json", "jsonl", "txt"):
        out = render(ARTICLE, fmt, WriteOptions(front_matter=True))
        assert out.endswith("\n") and not out.endswith("\n\n")


@given(st.text(alphabet="\\`*_[]<>|~&#-1. ab ابت«»", max_size=30))
def test_the_inline_gate_sees_every_character_the_escape_pattern_sees(line: str) -> None:
    # escape_line skips the regex when the gate says a line has nothing to escape
    assert markdown._has_inline(line) == bool(markdown._INLINE.search(line))
