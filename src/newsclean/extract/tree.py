"""Parse decoded HTML once, with lxml's libxml2 parser, robust to size, depth and breakage.

lxml rather than a BeautifulSoup tree on this hot path: building bs4's Python tree for a
whole news page costs ~10x lxml's C parse (measured in ``bench/bench_zyte.py``), and the
extractor only needs one forward walk plus a few parent/sibling looks, which lxml gives in C.
Junk subtrees (script, style, …) are not deleted here: the walk skips them, which is cheaper
than mutating the tree.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


def _parser() -> Any:
    # A parser per call: lxml parsers are not safe to share across threads.
    return etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,  # tens-of-MB pages and >256-deep nesting must not be cut short
        no_network=True,
        collect_ids=False,
        default_doctype=False,
        recover=True,
    )


def parse(text: str) -> Any | None:
    """The root element of ``text`` (a page or a fragment), or ``None`` when there is none."""
    if not text or not text.strip():
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a lenient decode: keep the rest
        data = text.encode("utf-8", "replace")
    try:
        root = etree.fromstring(data, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    return root.getroottree().getroot()
