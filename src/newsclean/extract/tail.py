"""What follows the body inside the container: widgets' blurbs, after-body lists and boxes."""

from __future__ import annotations

from typing import Any

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.body import body_test, main_parent
from newsclean.extract.frames import is_ancestor


def hint_widget_neighbours(frames: list[Frame], blocks: list[RawBlock], main: int) -> None:
    """Hint wrapper groups that sit right before or after a comments/share/newsletter widget.

    Comment policies ("we welcome a lively debate…"), "share this article" lines and
    subscription blurbs sit in their own wrapper next to the widget they introduce, while
    the article's paragraphs sit together under one parent. A wrapper that is not that
    parent, holds a minor share of the prose and touches such a widget takes its category.
    """
    mp = main_parent(frames, blocks, main)
    if mp < 0:
        return
    m = frames[main]
    for f in frames[main + 1 : m.end_frame]:
        if f.marker not in ("comments", "newsletter") or not f.trusted:
            continue
        el = f.el
        for step in ("getprevious",):
            sib = getattr(el, step)()
            hops = 0
            # Skip empty separators (<div class="divider"></div>) between widget and text.
            while sib is not None and hops < 3 and not _has_text(sib):
                sib = getattr(sib, step)()
                hops += 1
            if sib is None or sib.tag not in _WRAPPERS:
                continue
            sframe = _frame_of(frames, f.parent, sib)
            if sframe is None or is_ancestor(frames, sframe.idx, mp):
                continue
            if sframe.good > 0.3 * m.good:
                continue
            # Only at the tail: no article prose may follow the wrapper inside the container.
            if any(b.good > 0 for b in blocks[sframe.end_block : m.end_block]):
                continue
            for b in blocks[sframe.first_block : sframe.end_block]:
                if b.hint is None:
                    b.hint = f"html.{f.marker}"


_WRAPPERS = frozenset({"div", "section", "aside", "span", "footer"})


def _has_text(el: Any) -> bool:
    return next((t for t in el.itertext() if t.strip()), None) is not None


def _frame_of(frames: list[Frame], parent: int, el: object) -> Frame | None:
    p = frames[parent] if parent >= 0 else None
    start = parent + 1
    end = p.end_frame if p is not None else len(frames)
    i = start
    while i < end:
        f = frames[i]
        if f.el is el:
            return f
        i = f.end_frame if f.end_frame > i else i + 1
    return None


def hint_tail(frames: list[Frame], blocks: list[RawBlock], main: int) -> None:
    """Hint what follows the article body inside the container but outside its parent.

    The body's paragraphs share one parent; "most popular" lists, comment threads and promo
    boxes appended after it inside the same container hang off other wrappers. Blocks after
    the last body paragraph that are not under the body's parent get ``html.after-body``.
    """
    mp = main_parent(frames, blocks, main)
    if mp < 0 or mp == main:
        return
    m = frames[main]
    in_body = body_test(frames, blocks, main, mp)

    last = -1
    for i in range(m.first_block, m.end_block):
        b = blocks[i]
        if b.good > 0 and in_body(b):
            last = i
    if last < 0:
        return
    for b in blocks[last + 1 : m.end_block]:
        if b.hint is None and not in_body(b):
            b.hint = "html.after-body"


#: Short lines (names, buttons) a box closing the body's parent must hold to be a box; a
#: table's rows are data, not such lines.
BOX_LINES = 5
#: ... and less prose than this share of the body's before it.
BOX_SHARE = 0.5
_BOX_LINE_KINDS = frozenset({"paragraph", "list_item"})


def hint_closing_box(frames: list[Frame], blocks: list[RawBlock], mp: int) -> None:
    """Hint a box that closes the body's parent: its last child wrapper, titled by a heading
    of its own, holding some prose and more short chrome lines than paragraphs (a staff list
    in an appeal to readers, a sign-up form with its blurb) and less prose than the body
    before it (a closing list of short points with no title of its own stays). Nested inside the
    body's own wrapper, it is in the body for every test that looks at wrappers; by its
    lines it is chrome. ``mp``: the body's parent (``main_parent``)."""
    body = frames[mp]
    last: Frame | None = None
    i = mp + 1
    while i < body.end_frame:
        g = frames[i]
        i = g.end_frame if g.end_frame > i else i + 1
        if g.end_block > g.first_block:
            last = g
    if last is None or last.tag == "p" or last.end_block < body.end_block:
        return  # (text of the body's parent after it: not closing)
    part = blocks[last.first_block : last.end_block]
    prose = sum(1 for b in part if b.good > 0)
    lines = sum(1 for b in part if b.bad > 0 and b.kind in _BOX_LINE_KINDS and b.hint is None)
    before = sum(b.good for b in blocks[body.first_block : last.first_block])
    titled = any(b.kind == "heading" for b in part)
    if titled and prose and lines >= BOX_LINES and lines > prose and last.good < BOX_SHARE * before:
        for b in part:
            if b.hint is None:
                b.hint = "html.after-body"
