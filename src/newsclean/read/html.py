"""HTML reader: a whole news page or a fragment -> one Article with hinted blocks.

Interface, fixed: ``read_html(text, meta) -> Article``. ``text`` is the decoded page or
fragment; ``meta`` what the caller already knows (``source``, ``encoding``, ``format``, and for
records ``url`` etc.). Blocks come in reading order; those the extractor believes are
boilerplate carry ``hint`` (a rule id such as ``html.nav``) instead of being dropped, so the
strip step decides and records them. Page metadata fills only keys the caller left empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsclean.article import Article
from newsclean.extract import extract_page
from newsclean.lang import detect

_EMPTY: tuple[object, ...] = (None, "", [], {}, ())
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "sd", "ug", "ckb", "ku"})


def _script(language: str) -> str:
    if language in _ARABIC_SCRIPT:
        return "arabic"
    if language in ("he", "yi"):
        return "hebrew"
    return "other"


def read_html(text: str, meta: Mapping[str, Any], *, utf8: bytes | None = None) -> Article:
    """Read one HTML page or fragment (see the module docstring). ``utf8``: the bytes
    ``text`` was decoded from, when it is exactly their UTF-8 decoding (parsed as they are)."""
    page = extract_page(text, utf8=utf8)
    found = dict(page.meta)
    language = (
        found.pop("html_language", None)
        or found.pop("meta_language", None)
        or found.pop("ld_language", None)
    )
    for k in ("html_language", "meta_language", "ld_language"):
        found.pop(k, None)
    body = [b for b in page.blocks if b.hint is None]
    sample = " ".join(b.text for b in body[:20]) or page.title
    guess = detect(sample) if sample else "und"
    # Templates often keep lang="en" on Arabic pages: a declaration whose script the text
    # contradicts is replaced by the guess (within one script, the declaration wins).
    if guess != "und" and (not language or _script(language) != _script(guess)):
        language = guess
    if language:
        found["language"] = language
    out: dict[str, Any] = dict(meta)
    for key, value in found.items():
        if value not in _EMPTY and out.get(key) in _EMPTY:
            out[key] = value
    if out.get("format") in _EMPTY:
        out["format"] = "html"
    if not body:
        out["empty"] = True
    if page.warnings:
        out["warnings"] = [*list(out.get("warnings") or ()), *page.warnings]
    return Article(title=page.title, subtitle=page.subtitle, blocks=tuple(page.blocks), meta=out)


def page_place(text: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with the page's own ``site`` and ``url`` where it has none, as
    :func:`read_html` sets them, from the page's metadata alone: no text extracted (a
    first pass only needs each page's site). A site named by the ``<meta>`` tags of the
    ``<head>`` is found from the head alone (then no url is looked for: the site is what
    a page is grouped by); anything else parses the whole page."""
    from newsclean.extract.meta import meta_site, read_meta
    from newsclean.extract.tree import parse

    out: dict[str, Any] = dict(meta)
    if out.get("site") in _EMPTY:
        end = _head_end(text)
        if end:
            head, _ = parse(text[:end])
            site = meta_site(head) if head is not None else None
            if site not in _EMPTY:
                out["site"] = site
                return out
    root, _ = parse(text)
    if root is None:
        return out
    found = read_meta(root).values
    for key in ("site", "url"):
        value = found.get(key)
        if value not in _EMPTY and out.get(key) in _EMPTY:
            out[key] = value
    return out


#: ``</head>``, case-blind; a head is searched for in a page's first characters only.
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HEAD_WITHIN = 1 << 20


def _head_end(text: str) -> int:
    """Where the page's ``<head>`` ends (0: not found). Meta tags before it are the
    page's first ones: a head-only parse sees them as the whole page's parse does. A
    ``</head>`` inside a script only cuts the head short (the site is then looked for in
    the whole page when the part before names none)."""
    m = _HEAD_END.search(text, 0, _HEAD_WITHIN)
    return m.end() if m else 0
