"""HTML reader (STUB — to be replaced by the HTML-extraction work).

Interface, fixed: ``read_html(text, meta) -> Article``. ``text`` is the decoded page or
fragment; ``meta`` the metadata the caller already knows (``source``, ``encoding``,
``format``, and for records ``url`` etc.). It returns one Article whose blocks are the page's
text blocks in reading order; blocks the reader believes are boilerplate carry a ``hint``
(a rule id) instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup

from newsclean.article import Article, Block

_BLOCK_TAGS = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading",
               "h4": "heading", "blockquote": "quote", "li": "list_item", "pre": "preformatted"}


def read_html(text: str, meta: Mapping[str, Any]) -> Article:
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = ""
    og = soup.find("meta", attrs={"property": "og:title"})
    if og is not None and og.get("content"):
        title = str(og["content"]).strip()
    elif soup.h1 is not None:
        title = soup.h1.get_text(" ", strip=True)
    elif soup.title is not None:
        title = soup.title.get_text(" ", strip=True)
    blocks = []
    for el in soup.find_all(list(_BLOCK_TAGS)):
        txt = " ".join(el.get_text(" ", strip=True).split())
        if not txt or (el.name == "h1" and txt == title):
            continue
        kind = _BLOCK_TAGS[el.name]
        level = int(el.name[1]) if kind == "heading" else 0
        blocks.append(Block(kind, txt, level=level))
    return Article(title=title, blocks=tuple(blocks), meta=dict(meta))
