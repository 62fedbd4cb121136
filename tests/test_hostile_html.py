"""An element with absurdly many attributes costs linear time in the extractor (issue 19 #3)."""

from __future__ import annotations

import lxml.html

from newsclean.extract.blocks import _marker


class _ManyAttributes:
    """An lxml-like element with 100,000 attributes whose ``items()`` must not be called:
    lxml's is quadratic in the attribute count (one such <p> took 52 s)."""

    def __init__(self, n: int, relevant: dict[str, str]) -> None:
        self.attrib = {**{f"a{i}": "x" for i in range(n)}, **relevant}

    def items(self) -> list[tuple[str, str]]:
        raise AssertionError("items() on an element with 100,000 attributes")

    def keys(self) -> list[str]:  # (lxml's is linear: names only, no value looked up)
        return list(self.attrib)

    def get(self, key: str) -> str | None:
        return self.attrib.get(key)


def test_marker_of_an_element_with_many_attributes_reads_only_what_it_needs() -> None:
    small = lxml.html.document_fromstring(
        '<html><body><p class="share-bar" id="x" hidden>Hello</p></body></html>'
    ).find(".//p")
    many = _ManyAttributes(100_000, {"class": "share-bar", "id": "x", "hidden": ""})
    assert _marker(many, "p") == _marker(small, "p")
    assert _marker(many, "p")[0] is not None  # the relevant attributes were read
