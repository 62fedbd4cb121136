"""The fallback to the article a page states whole in JSON-LD ``articleBody``."""

from __future__ import annotations

from newsclean.article import Block
from newsclean.extract.blocks import RawBlock, collapse, walk
from newsclean.extract.page import Page
from newsclean.extract.tree import parse

#: A kept article shorter than this share of the page's JSON-LD articleBody is a fraction of
#: the article (the rest filled in by scripts): the stated body is taken instead.
STATED_SHARE = 0.5


def take_stated(page: Page, raw: list[RawBlock], ld_body: str) -> None:
    """The markup holds nothing of an article the page states whole in JSON-LD, or only
    what is not part of it (a standfirst, a teaser box): the stated body goes in after the
    headline and standfirst, and what else the markup kept is not the article.

    When the markup holds the first paragraphs of the stated body, the markup stands: that
    is what a paywalled page shows its reader, and what a reference made from the page
    holds (a page whose scripts add the rest cannot be told from it)."""
    kept = [i for i, b in enumerate(page.blocks) if b.hint is None]
    stated = _stated_body(ld_body) if not any(raw[i].ld for i in kept) else []
    if not stated:
        if not kept:
            page.warnings.append("no article text found in HTML")
        return
    heads = [i for i, b in enumerate(page.blocks) if b.hint in ("html.title", "html.subtitle")]
    at = heads[-1] + 1 if heads else (kept[0] if kept else 0)
    for i in kept:
        if i >= at:
            b = page.blocks[i]
            page.blocks[i] = Block(b.type, b.text, b.level, "html.outside-main")
    page.blocks[at:at] = stated
    page.warnings.append("article text taken from the page's JSON-LD articleBody")


#: A JSON-LD articleBody shorter than this is a teaser, not a body to fall back on.
STATED_BODY = 200


def _stated_body(body: str) -> list[Block]:
    """The JSON-LD ``articleBody`` as paragraphs (its markup read, if it holds some)."""
    if len(body) < STATED_BODY:
        return []
    if "<" in body and ">" in body:
        root, _ = parse(body)
        if root is None:
            return []
        _, raw = walk(root)
        return [Block(b.kind, b.text, b.level) for b in raw]
    out = []
    for line in body.splitlines():
        text = collapse(line)
        if text:
            out.append(Block("paragraph", text))
    return out
