"""The walk's per-tag table and its one-attribute key read elements as ``_marker`` does."""

from __future__ import annotations

from lxml import etree

from newsclean.extract import blocks
from newsclean.extract.tree import parse


def _walked(page: str) -> tuple[list[blocks.Frame], list[blocks.RawBlock]]:
    root, _ = parse(page)
    assert root is not None
    return blocks.walk(root)


def markers_agree(page: str) -> list[blocks.Frame]:
    """The frames of ``page``'s walk, each checked against ``_marker`` from a cold cache
    (the long way the walk's table and cache shortcut)."""
    root, _ = parse(page)
    assert root is not None
    frames, _ = blocks.walk(root)
    walked = {id(f.el): f for f in frames}
    blocks._MARKER_CACHE.clear()
    for el in root.iter():
        f = walked.get(id(el))
        if f is not None:
            got = (f.marker, f.positive, f.strong)
            assert blocks._marker(el, f.tag) == got, etree.tostring(el)[:60]
    return frames


def test_every_frame_carries_the_marker_the_marker_function_gives() -> None:
    frames = markers_agree(
        "<html><body><nav><a href='/'>Home</a></nav><div class='share'>Share</div>"
        "<span class='share'>s</span><span id='x' class='share'>t</span><footer>f</footer>"
        "<aside role='main'>a</aside><figcaption>c</figcaption><p hidden>h</p>"
        "<article><p>Body.</p></article><custom-el class='related'>r</custom-el></body></html>"
    )
    tags = {f.tag for f in frames}
    assert {"nav", "footer", "span", "custom-el"} <= tags  # marked inline elements are frames
    assert dict((f.tag, f.marker) for f in frames)["nav"] == "nav"  # marked by the tag alone


def test_namespaced_tags_read_as_their_local_name() -> None:
    frames, raw = _walked(
        "<html><body><o:p>Word text.</o:p><w:div class='share'>x</w:div>"
        "<div><o:li>Item one.</o:li></div></body></html>"
    )
    assert [b.text for b in raw] == ["Word text.", "x", "Item one."]
    assert "div" in {f.tag for f in frames}
    assert "li" in {f.tag for f in frames} and raw[2].kind == "list_item"


def test_a_list_item_inside_a_heading_stays_a_heading() -> None:
    _, raw = _walked(
        "<html><body><h3><dd>A term in a heading</dd></h3><dl><dd>Item</dd></dl></body></html>"
    )
    assert [(b.kind, b.level) for b in raw] == [("heading", 3), ("list_item", 0)]
