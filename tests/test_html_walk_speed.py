"""The walk's and the marker classification's fast paths read pages as the plain code did."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.extract import blocks
from newsclean.extract.blocks import _marker, walk
from newsclean.extract.rules import _classify_name, _word_table, label_key, marker_rules, words


def _classify_reference(name: str) -> tuple[str | None, bool, bool]:
    """The per-word loop the C-driven lookup replaced."""
    table = _word_table()
    category: str | None = None
    positive = veto = False
    for word in words(name, marker_rules().ignore_prefixes):
        hit = table.get(word)
        if hit is not None:
            if category is None:
                category = hit[0]
            positive = positive or hit[1]
            veto = veto or hit[2]
    return category, positive, veto


_NAMES = [
    "share-bar",
    "relatedArticles",
    "tag-sports",
    "post-12345",
    "article-body",
    "mainContent",
    "c-ad--728x90",
    "most-read-stories",
    "embed-share",
    "",
    "x",
]


def test_class_names_classify_as_the_word_loop_did() -> None:
    for name in _NAMES:
        assert _classify_name(name) == _classify_reference(name), name


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["share", "related", "Articles", "ad", "body", "main", "tag", "post", "x1", "embed"]
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["-", "_", "", "--"]),
)
def test_generated_class_names_classify_as_the_word_loop_did(pieces: list[str], sep: str) -> None:
    name = sep.join(pieces)
    assert _classify_name(name) == _classify_reference(name)


def test_irrelevant_attributes_read_as_the_bare_tag() -> None:
    root = lxml.html.document_fromstring(
        '<html><body><div href="/a" data-x="{&quot;k&quot;: 1}">a</div><div>b</div>'
        '<div class="share-bar" data-x="1">c</div></body></html>'
    )
    plain, bare, marked = root.findall(".//div")
    assert _marker(plain, "div") == _marker(bare, "div")
    assert _marker(marked, "div")[0] == "share"
    assert "div" in blocks._MARKER_CACHE  # one entry for every attribute-less reading


def test_only_links_that_lead_somewhere_count_as_link_text() -> None:
    root = lxml.html.document_fromstring(
        '<html><body><p><a href="/x">one</a> two <a href=" ">three</a> <a name="s">four</a>'
        "</p></body></html>"
    )
    _, raw = walk(root)
    assert [b.text for b in raw] == ["one two three four"]
    assert raw[0].link == len("one")  # a blank href and a named anchor are not links


def _label_key_reference(text: str) -> str:
    out = "".join(c if c.isalpha() or c in "'’" else " " for c in text.lower())
    return " ".join(out.split())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
def test_label_keys_read_as_the_per_character_loop_did(text: str) -> None:
    assert label_key(text) == _label_key_reference(text)


def test_label_keys_of_ascii_and_other_scripts() -> None:
    assert label_key("ADVERTISEMENT:") == "advertisement"
    assert label_key("3 Comments") == "comments"
    assert label_key("Don't miss_this") == "don't miss this"
    assert label_key("Lire aussi »") == "lire aussi"
    assert label_key("اقرأ أيضا:") == "اقرأ أيضا"
