"""Moves over the frame list: children, enclosing frames, a frame's names.

Frames are in document order, each with the span of its subtree (``end_frame``), so a
frame's children are found by hopping over their subtrees.
"""

from __future__ import annotations

from newsclean.extract.blocks import Frame


def children(frames: list[Frame], p: Frame) -> list[Frame]:
    """The direct children of frame ``p``, in document order."""
    out = []
    i = p.idx + 1
    while i < p.end_frame:
        g = frames[i]
        out.append(g)
        i = g.end_frame if g.end_frame > i else i + 1
    return out


def enclosing(frames: list[Frame], a: int, b: int) -> int:
    """The smallest frame enclosing frames ``a`` and ``b``."""
    while not is_ancestor(frames, a, b):
        a = frames[a].parent
        if a < 0:
            return 0
    return a


def is_ancestor(frames: list[Frame], a: int, b: int) -> bool:
    """True when frame ``a`` encloses frame ``b`` (or is it)."""
    return a <= b < frames[a].end_frame


def signature(f: Frame) -> tuple[str, str]:
    """Tag and first class name ("articleBodyText version-2" ~ "articleBodyText")."""
    cls = f.el.get("class")
    first = cls.split(None, 1) if cls else ()  # (the first name only: no list of all)
    return f.tag, first[0] if first else ""


def full_signature(f: Frame) -> tuple[str, str]:
    return f.tag, f.el.get("class") or ""
