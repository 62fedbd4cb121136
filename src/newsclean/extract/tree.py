"""Parse decoded HTML once, with lxml's libxml2 parser, robust to size, depth and breakage.

lxml rather than a BeautifulSoup tree on this hot path: building bs4's Python tree for a
whole news page costs ~10x lxml's C parse (measured in ``bench/bench_zyte.py``), and the
extractor only needs one forward walk plus a few parent/sibling looks, which lxml gives in C.
Junk subtrees (script, style, …) are not deleted here: the walk skips them, which is cheaper
than mutating the tree.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from newsclean.extract.attributes import cap_attributes


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


# Wrapper tags dropped when a page nests deeper than libxml2 will go (its hard cap is 2048
# levels even with huge_tree; deeper text would be silently lost). Block ends become <br> so
# paragraphs stay apart.
_WRAPPER_OPEN = re.compile(
    r"<(?:div|span|section|article|main|font|center|b|i|u|em|strong|small|big|table|tbody|"
    r"tr|td|th|ul|ol|blockquote|aside|header|footer|nav|form|label|a)\b[^>]*>",
    re.I,
)
_WRAPPER_CLOSE = re.compile(
    r"</(?:div|section|article|main|center|table|tbody|tr|td|th|ul|ol|blockquote|aside|"
    r"header|footer|nav|form)\s*>",
    re.I,
)
_INLINE_CLOSE = re.compile(r"</(?:span|font|b|i|u|em|strong|small|big|label|a)\s*>", re.I)


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a lenient decode: keep the rest
        return text.encode("utf-8", "replace")


def _flatten(text: str) -> str:
    text = _WRAPPER_OPEN.sub("", text)
    text = _INLINE_CLOSE.sub("", text)
    return _WRAPPER_CLOSE.sub("<br>", text)


def parse(text: str, utf8: bytes | None = None) -> tuple[Any | None, list[str]]:
    """The root element of ``text`` (a page or a fragment) or ``None``, and warnings.
    ``utf8``: ``text`` encoded as UTF-8 when the caller has it (parsed instead of encoding
    ``text`` again, unless the attribute cap changed the page)."""
    if not text or not text.strip():
        return None, []
    warnings: list[str] = []
    capped = cap_attributes(text)  # libxml2 is quadratic in one element's attributes
    data = utf8 if utf8 is not None and capped is text else _encode(capped)
    text = capped
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
        if any("Excessive depth" in e.message for e in parser.error_log):
            warnings.append(
                "markup nested deeper than the parser allows: read with wrappers flattened"
            )
            root = etree.fromstring(_encode(_flatten(text)), _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, warnings
    if root is None:
        return None, warnings
    return root.getroottree().getroot(), warnings
