"""The HTML path's shortcuts give exactly what the long way gives (issues 17, 18)."""

from __future__ import annotations

import codecs
import io
import pickle
import random
import re

import pytest
from lxml import etree

from newsclean.extract import blocks, extract_page
from newsclean.extract.blocks import collapse
from newsclean.extract.meta import _author_candidates, page_author
from newsclean.read import Doc, ReadOptions, open_parts

_WS = re.compile(r"[ \t\n\r\f\v]+")
_STRIP = " \t\n\r\f\v\u00a0\u200b\ufeff"
# Every character str.split() splits at, a few it does not, and some text.
_ALPHABET = [
    *(chr(i) for i in range(0x110000) if len(f"a{chr(i)}b".split()) == 2),
    "\u200b",
    "\ufeff",
    "a",
    "b",
    "é",
    "\u0627",
    "’",
]


def test_collapse_equals_the_whitespace_regex_on_every_kind_of_space() -> None:
    rng = random.Random(17)
    for _ in range(20_000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 10)))
        assert collapse(text) == _WS.sub(" ", text).strip(_STRIP), repr(text)


def test_collapse_keeps_nbsp_inside_and_drops_it_at_the_ends() -> None:
    assert collapse("\u00a0 a\u00a0b \n c\u2009d ") == "a\u00a0b c\u2009d"
    assert collapse("x\x1cy  z") == "x\x1cy z"
    assert collapse(" plain\t\ttext \n") == "plain text"


_OLD_AUTHOR_PATH = (
    ".//*[@class or @itemprop or @rel][contains(@itemprop, 'author') or @rel='author'"
    " or contains(@class, 'byline') or contains(@class, 'Byline')"
    " or contains(@class, 'author') or contains(@class, 'Author')]"
)


def test_author_candidates_are_the_xpath_s_elements_in_document_order() -> None:
    page = (
        "<html><body><div class='post author-jane'><p itemprop='author'>Jane</p>"
        "<a rel='author' href='/j'>J</a><a rel='authors'>no</a>"
        "<span class='FeatureByline'>By Jo</span><span class='articleAuthor'>Al</span>"
        "<span itemprop='creator'>no</span><span class='by-line'>no</span>"
        "<p itemprop='name author'>Both</p><b class='AUTHOR'>no</b></div></body></html>"
    )
    root = etree.fromstring(page, etree.HTMLParser())
    old = root.xpath(_OLD_AUTHOR_PATH)
    assert len(old) == 6
    assert _author_candidates(root) == old
    many = "<html><body>" + "<p class='author'>Ann Bee</p>" * 300 + "</body></html>"
    root = etree.fromstring(many, etree.HTMLParser())
    assert _author_candidates(root) == root.xpath(_OLD_AUTHOR_PATH)[:200]
    assert page_author(root) == "Ann Bee"


def _doc(data: bytes) -> Doc:
    opened = open_parts(io.BytesIO(data), name="page.html", source="-", options=ReadOptions())
    (part,) = list(opened.parts)
    assert isinstance(part, Doc)
    return part


_PAGE = "<html><head><title>Café</title></head><body><p>{}</p></body></html>"


def test_a_utf8_page_keeps_its_bytes_for_the_parser_and_only_then() -> None:
    body = "مرحبا بكم في الصفحة، ‘quoted’ text. " * 3000  # past the 64 KB head
    for text in (_PAGE.format("short"), _PAGE.format(body)):
        data = text.encode("utf-8")
        doc = _doc(data)
        assert doc.utf8 == data
        assert doc.utf8 == doc.text.encode("utf-8")
        # the parser's result is the same from the bytes as from the text
        assert extract_page(doc.text, utf8=doc.utf8).blocks == extract_page(doc.text).blocks
    assert _doc(codecs.BOM_UTF8 + _PAGE.format("x").encode("utf-8")).utf8 is None
    legacy = _PAGE.format("مرحبا بكم").replace("Café", "x").encode("cp1256")
    assert _doc(legacy).utf8 is None


def test_a_doc_s_bytes_are_not_pickled() -> None:
    doc = Doc("<p>x</p>", {"format": "html"}, None, utf8=b"<p>x</p>")
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert back.utf8 is None


def test_the_marker_cache_starts_afresh_when_full_and_answers_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = "<html><body>" + "".join(
        f"<div id='item-{i}' class='share-bar'><p>Text {i}.</p></div>" for i in range(50)
    )
    page += "<article><p>" + "Body text of the article. " * 20 + "</p></article></body></html>"
    blocks._MARKER_CACHE.clear()
    expected = extract_page(page).blocks
    monkeypatch.setattr(blocks, "MARKER_CACHE_SIZE", 8)
    blocks._MARKER_CACHE.clear()
    assert extract_page(page).blocks == expected
    assert 0 < len(blocks._MARKER_CACHE) <= 8
