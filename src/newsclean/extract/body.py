"""Inside the chosen container: the body's parent, and a test for "this block is in the body"."""

from __future__ import annotations

from collections.abc import Callable

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.parts import DEEP_PART_LEVELS, deep_part_after, prose_after, siblings_like

_ITEMS = frozenset({"li", "dd", "dt"})
_LISTS = frozenset({"ul", "ol", "dl"})


def main_parent(frames: list[Frame], blocks: list[RawBlock], main: int) -> int:
    """The frame whose direct children carry most of the main prose (-1 if none dominates)."""
    m = frames[main]
    share: dict[int, float] = {}
    for b in blocks[m.first_block : m.end_block]:
        if b.good > 0:
            owner = frames[b.frame]
            wrapped = owner.tag in ("p", "li", "blockquote", "h2", "h3")
            key = owner.parent if wrapped else owner.idx
            hops = 0
            while wrapped and key > main and hops < 3 and _own_wrapper(frames[key]):
                # Each paragraph in a wrapper of its own (component sites: <div
                # class="text-block"><p>…</p></div>): the wrapper is the paragraph's, the
                # body is where the wrappers sit; else the longest paragraph's wrapper
                # would be "the body" and the paragraphs after it cut off (hint_tail).
                key = frames[key].parent
                hops += 1
            if key > main and (
                (owner.tag in _ITEMS and frames[key].tag in _LISTS)
                or (owner.tag == "p" and frames[key].tag == "blockquote")
            ):
                # A list or a long quote inside the body is part of it: its items count for
                # its parent, or a long one would become "the body" and cut the paragraphs
                # after it (hint_tail).
                key = frames[key].parent
            share[key] = share.get(key, 0.0) + b.good
    if not share:
        return -1
    key, val = max(share.items(), key=lambda kv: kv[1])
    return key if val >= 0.5 * m.good else -1


_OWN_WRAPPERS = frozenset({"div", "section", "span"})


def _own_wrapper(f: Frame) -> bool:
    """``f`` is an unmarked wrapper around one block alone."""
    return f.tag in _OWN_WRAPPERS and f.end_block - f.first_block == 1 and f.marker is None


def body_test(
    frames: list[Frame], blocks: list[RawBlock], main: int, mp: int
) -> Callable[[RawBlock], bool]:
    """A test for "this block is in the body" (under the body parent or a twin of it)."""
    # Bodies split over several wrappers of one kind (one <section class="body"> per part)
    # are one body: siblings with the body parent's tag and class count as the body too.
    spans = [(mp, frames[mp].end_frame)]
    a = mp
    level = 0
    while a > main:
        # Twins of the body parent's ancestors (never the ancestors themselves: they hold
        # everything around the body too).
        spans.extend(
            (f.idx, f.end_frame) for f in siblings_like(frames, a) if f.idx != a or a == mp
        )
        if frames[a].tag not in ("article", "main") and level < 3:
            # (what follows an <article> element is not more of it)
            spans.extend((f.idx, f.end_frame) for f in prose_after(frames, blocks, a))
        elif frames[a].tag not in ("article", "main") and level < DEEP_PART_LEVELS:
            # Deeper (wrappers of wrappers, as template engines nest them), only the next
            # wrapper past a figure or an ad, and only one that reads as body alone.
            spans.extend((f.idx, f.end_frame) for f in deep_part_after(frames, blocks, a))
        level += 1
        a = frames[a].parent

    def in_body(b: RawBlock) -> bool:
        return any(lo <= b.frame < hi for lo, hi in spans)

    return in_body
