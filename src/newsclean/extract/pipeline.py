"""The whole extraction of one page: parse, metadata, walk, weigh, choose, hint, second looks."""

from __future__ import annotations

import gc
import re

from newsclean.article import Block
from newsclean.extract.blocks import walk
from newsclean.extract.byline import author_near
from newsclean.extract.hint import hint_page
from newsclean.extract.markers import trust_markers
from newsclean.extract.meta import read_meta
from newsclean.extract.page import Page
from newsclean.extract.parts import join_split_parts
from newsclean.extract.repeats import hint_repeats
from newsclean.extract.rescue import (
    SUSPECT_SHARE,
    hidden_article,
    kept_prose,
    named_article,
    second_choice,
    second_reading,
    unmarked_choice,
)
from newsclean.extract.score import aggregate, choose, weigh, widen
from newsclean.extract.stated import STATED_SHARE, take_stated
from newsclean.extract.teasers import mark_teasers
from newsclean.extract.title import page_title, title_keys
from newsclean.extract.tree import parse

_PAGE = re.compile(r"<(?:html|body|head)\b", re.I)


def extract_page(text: str, *, utf8: bytes | None = None) -> Page:
    """Extract title, blocks (hinted where boilerplate) and metadata from a page or fragment.
    ``utf8``: ``text`` encoded as UTF-8, when the caller has it (the page's own bytes)."""
    # The walk allocates one small object per block and frame and frees them all together;
    # the cyclic GC would rescan the growing heap again and again (quadratic on huge pages)
    # for objects that hold no cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _extract_page(text, utf8)
    finally:
        if was_enabled:
            gc.enable()


def _extract_page(text: str, utf8: bytes | None) -> Page:
    page = Page()
    root, page.warnings = parse(text, utf8)
    if root is None:
        page.warnings.append("empty HTML: no elements to read")
        return page
    pm = read_meta(root)
    page.meta = pm.values
    frames, raw = walk(root)
    if pm.frames and not any(len(b.text) > 100 for b in raw):
        page.warnings.append("page is a frameset: its text lives in the framed documents")
    h1 = next((b.text for b in raw if b.kind == "heading" and b.level == 1), "")
    page.title = page_title(pm, h1)
    titles = title_keys(pm, h1, page.title)
    if not frames:
        page.warnings.append("no text found in HTML")
        return page
    located = weigh(raw, pm.ld_body, frames)
    intrinsic = [(b.good, b.bad) for b in raw]
    mark_teasers(frames, raw)
    aggregate(frames, raw)
    trust_markers(frames, raw, located)
    aggregate(frames, raw)
    # A fragment (a record's HTML body, no <html>/<body>) is already the article: only what
    # is marked or link-dense is hinted, nothing for sitting outside a chosen container.
    fragment = _PAGE.search(text, 0, 20000) is None
    main = 0 if fragment else widen(frames, raw, choose(frames))
    base = [b.hint for b in raw]
    hint_page(frames, raw, main, fragment, titles, page, pm.description)
    if not fragment:
        second_choice(frames, raw, main, base, titles, page, pm)
        join_split_parts(frames, raw, main)
        if hidden_article(raw, intrinsic) and not named_article(frames, raw, intrinsic):
            main = unmarked_choice(frames, raw, intrinsic, titles, page, pm)
        # (the root frame's good weight is the page's prose, as last aggregated)
        if kept_prose(raw) < SUSPECT_SHARE * frames[0].good:
            second_reading(frames, raw, page)
        if not page.meta.get("author"):
            author = author_near(frames, main)
            if author:
                page.meta["author"] = author
    hint_repeats(raw)
    page.blocks = [Block(b.kind, b.text, b.level, b.hint) for b in raw]
    kept = sum(len(b.text) for b in page.blocks if b.hint is None)
    if kept < STATED_SHARE * len(pm.ld_body):
        take_stated(page, raw, pm.ld_body)
    elif not kept:
        page.warnings.append("no article text found in HTML")
    return page
