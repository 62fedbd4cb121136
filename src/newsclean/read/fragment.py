"""HTML fragments inside a record's text field, as lines of text.

Scrapers and CMS exports often put the body of a record in a ``content``/``text`` field as
the markup the site rendered (``"<p>...</p><p>...</p>"``, WordPress ``content.rendered``).
Such a field is a fragment, not a page: there is no boilerplate to find and no document to
score, so :mod:`newsclean.read.html`'s lxml extraction pipeline (the hot path for whole
pages) is the wrong tool. BeautifulSoup with Python's own ``html.parser`` is the right one:
it takes any fragment as written, never adds ``<html><body>`` around it, decodes every
character reference, and costs nothing to import for records without markup (it is
imported only when a field looks like markup).

Each block element becomes its own line, ``<br>`` a line break, and whitespace inside a
block collapses to one space, as a browser shows it; script, style and template contents
are dropped.
"""

from __future__ import annotations

import re

from newsclean import regex_cache

__all__ = ["fragment_text", "looks_like_markup"]

# A block tag or a line break, opened or closed: plain text with "<" in it ("a < b",
# "<3", "<<Title>>") has none. The attribute run is bounded, so the scan stays linear.
_MARKUP = regex_cache.compile(
    r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|section|article)"
    r"(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)

_DROPPED = ("script", "style", "template", "noscript")
# HTML collapses ASCII whitespace only: a no-break space is text
_SPACES = regex_cache.compile(r"[ \t\n\r\f]+")


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds a block tag or a line break (so it is HTML, not text).

    >>> looks_like_markup("<p>Hello</p>"), looks_like_markup("a < b and c > d")
    (True, False)
    """
    return "<" in text and _MARKUP.search(text) is not None


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment: one line per block, ``<br>`` as a line break.

    >>> fragment_text("<p>Hello <b>world</b> &amp;\\n co</p><p>Second<br>line</p>")
    'Hello world & co\\nSecond\\nline'
    """
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString

    # The block elements the page reader starts a block at (one fact, one place); imported
    # here, like bs4, so reading records without markup never loads lxml.
    from newsclean.extract.blocks import BLOCK_TAGS

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for node in soup.find_all(string=True):
        # (exactly a text node: comments, CDATA and doctypes are subclasses, left out)
        if type(node) is NavigableString and node.find_parent("pre") is None:
            node.replace_with(_SPACES.sub(" ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(sorted(BLOCK_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)
