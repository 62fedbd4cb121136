"""Scraper records: field mapping, carried fields, overrides, newsclean's own records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsclean import read
from newsclean.article import Article, Block
from newsclean.errors import InputError
from newsclean.read import ReadOptions
from newsclean.read.records import FieldMap, parse_field_option, record_to_article


def one(record: dict[str, Any], fields: FieldMap | None = None) -> Article:
    return record_to_article(record, {"source": "r.jsonl", "record": 0}, fields or FieldMap())


@pytest.mark.parametrize(
    "text_key", ["text", "content", "body", "article", "full_text", "maintext", "articleBody"]
)
def test_text_field_names(text_key: str) -> None:
    article = one({"headline": "H", text_key: "P1\nP2\n\nP3"})
    assert article.title == "H"
    assert [b.text for b in article.blocks] == ["P1", "P2", "P3"]
    assert article.extra == {}


def test_metadata_fields() -> None:
    article = one(
        {
            "title": "T",
            "text": "x",
            "link": "https://e.x/a",
            "published_at": "2024-01-01",
            "authors": ["A", "B"],
            "keywords": "one, two،three",
            "source": "site-name",
        }
    )
    assert article.meta["url"] == "https://e.x/a"
    assert article.meta["published"] == "2024-01-01"
    assert article.meta["author"] == "A, B"
    assert article.meta["tags"] == ["one", "two", "three"]
    assert article.meta["site"] == "site-name"
    assert article.meta["source"] == "r.jsonl"  # the input path, never the record's field


def test_structured_source_is_carried_not_guessed() -> None:
    article = one({"title": "T", "text": "x", "source": {"id": "cnn", "name": "CNN"}})
    assert "site" not in article.meta
    assert article.extra == {"source": {"id": "cnn", "name": "CNN"}}


def test_unused_fields_carried_with_types_and_order() -> None:
    record = {"id": 5, "title": "T", "score": 1.5, "ok": True, "nested": {"a": [1]}, "text": "x"}
    data = one(record).to_dict()
    assert list(data)[:4] == ["id", "score", "ok", "nested"]
    assert data["nested"] == {"a": [1]} and data["ok"] is True and data["score"] == 1.5


def test_clashing_field_names_are_prefixed() -> None:
    article = one({"title": "T", "text": "x", "meta": {"k": 1}, "blocks": 3})
    assert article.extra == {"input_meta": {"k": 1}, "input_blocks": 3}


def test_field_override() -> None:
    fields = FieldMap((parse_field_option("text=story"), parse_field_option("title=name")))
    article = one({"name": "N", "story": "S", "text": "other", "title": "old"}, fields)
    assert article.title == "N" and article.text == "S"
    assert article.extra == {"input_text": "other", "input_title": "old"}


def test_bad_field_option() -> None:
    with pytest.raises(ValueError):
        parse_field_option("colour=x")
    with pytest.raises(ValueError):
        parse_field_option("text")


def test_html_field_parsed_when_no_text() -> None:
    article = one({"html": "<h1>Head</h1><p>Para.</p>", "id": 1})
    assert article.title == "Head"
    assert "Para." in article.text
    assert article.extra == {"id": 1}


def test_html_kept_when_text_present() -> None:
    article = one({"title": "T", "text": "x", "html": "<p>x</p>"})
    assert article.extra == {"html": "<p>x</p>"}


def test_newsclean_record_restored_losslessly() -> None:
    original = Article(
        title="T",
        blocks=(Block("paragraph", "a"), Block("heading", "h", level=2, hint="x.y")),
        meta={"source": "orig.html", "format": "html"},
        extra={"id": 3},
    )
    assert one(original.to_dict()) == original


def test_read_api_json_array_and_csv() -> None:
    data = json.dumps([{"title": "A", "text": "x"}, {"title": "B", "text": "y"}])
    titles = [a.title for a in read(data.encode())]
    assert titles == ["A", "B"]
    csv_text = 'title,body,views\nA,"line1\nline2",3\n'
    (article,) = read(csv_text.encode(), ReadOptions(format="csv"))
    assert article.blocks[1].text == "line2"
    assert article.extra == {"views": "3"}
    assert article.meta["record"] == 0


def test_csv_big_field() -> None:
    big = "word " * 100_000  # beyond csv's default 128 KB field limit
    (article,) = read(f'title,text\nT,"{big}"\n'.encode(), ReadOptions(format="csv"))
    assert len(article.text) == len(big.strip())


def test_jsonl_bad_line_raises_in_library_api() -> None:
    stream = read(b'{"title": "A", "text": "x"}\nnot json\n', ReadOptions(format="jsonl"))
    assert next(stream).title == "A"
    with pytest.raises(InputError, match="line 2"):
        next(stream)


def test_str_is_text_not_a_path() -> None:
    (article,) = read("samples/does-not-matter.txt\n\nBody.")
    assert article.title == "samples/does-not-matter.txt"
