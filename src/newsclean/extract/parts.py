"""The other parts of a body split over sibling wrappers (by an ad, a figure, a sign-up box)."""

from __future__ import annotations

from typing import Any

from newsclean.extract.blocks import SKIP_TAGS, Frame, RawBlock
from newsclean.extract.frames import children, full_signature, signature
from newsclean.extract.score import LINK_SHARE, LONG


def siblings_like(frames: list[Frame], idx: int) -> list[Frame]:
    """Frame ``idx`` and its siblings of the same tag and first class (twins of one role)."""
    f = frames[idx]
    if f.parent < 0:
        return [f]
    sig = signature(f)
    if not sig[1]:  # bare <div>s are everywhere: no evidence of a shared role
        return [f]
    p = frames[f.parent]
    out = [g for g in children(frames, p) if g.parent == p.idx and signature(g) == sig]
    return out or [f]


#: Levels above the body's parent searched for the next part of a body split after a figure
#: (the first three take any later prose sibling, see ``prose_after``).
DEEP_PART_LEVELS = 6
#: Share of a deep part's prose its unhinted chrome may reach, and the paragraphs and prose
#: it must hold (a copyright notice of two paragraphs is no part of the body).
DEEP_PART_CHROME = 0.25
DEEP_PART_BLOCKS = 3
DEEP_PART_PROSE = 400.0


def deep_part_after(frames: list[Frame], blocks: list[RawBlock], idx: int) -> list[Frame]:
    """The wrapper right after frame ``idx`` (past figures, ads and empty slots) when it reads
    as more of the body on its own: three or more paragraphs, more paragraphs than other lines,
    few links and little chrome nothing has hinted. A page footer or a comment thread there
    brings its short lines; it stops the search."""
    f = frames[idx]
    if f.parent < 0:
        return []
    p = frames[f.parent]
    i = f.end_frame
    while i < p.end_frame:
        g = frames[i]
        i = g.end_frame if g.end_frame > i else i + 1
        if (g.marker and g.trusted) or g.good <= 0:
            continue  # a figure with its caption, an ad slot
        part = blocks[g.first_block : g.end_block]
        prose = sum(1 for b in part if b.good > 0 and b.kind == "paragraph")
        lines = sum(1 for b in part if b.good <= 0 and b.hint is None and b.kind != "heading")
        chars = sum(len(b.text) for b in part)
        ok = (
            prose >= DEEP_PART_BLOCKS
            and g.good >= DEEP_PART_PROSE
            and prose >= lines
            and sum(b.link for b in part) < LINK_SHARE * chars
            and _open_chrome(blocks, g) <= DEEP_PART_CHROME * g.good
            and not any(b.kind == "heading" and b.level == 1 for b in part)
        )
        return [g] if ok else []
    return []


def _open_chrome(blocks: list[RawBlock], g: Frame) -> float:
    """The chrome of frame ``g`` nothing has hinted yet: a figure's credit and caption lines
    inside a part of the body are hinted by their markers and cost it nothing."""
    if g.bad <= 0:
        return g.bad
    return sum(b.bad for b in blocks[g.first_block : g.end_block] if b.hint is None)


def prose_after(frames: list[Frame], blocks: list[RawBlock], idx: int) -> list[Frame]:
    """Later siblings of frame ``idx`` that read as prose: the rest of a body split in parts.

    A body cut by a subheading into two bare ``<div>``s, or continued in a second wrapper
    after an inline ad, has no shared class to show it is one body; its parts are unmarked
    frames whose prose outweighs their link lists and chrome.
    """
    f = frames[idx]
    if f.parent < 0:
        return []
    p = frames[f.parent]
    sig = full_signature(f)
    out: list[Frame] = []
    maybe: list[Frame] = []
    i = f.end_frame
    while i < p.end_frame:
        g = frames[i]
        if (
            not (g.marker and g.trusted)
            and g.good >= LONG
            and _open_chrome(blocks, g) <= 0.5 * g.good
        ):
            if (full_signature(g) == sig and (sig[1] or _same_shape(f.el, g.el))) or (
                g.good >= 150
                and sum(1 for b in blocks[g.first_block : g.end_block] if b.good > 0) >= 2
            ):
                # A twin of the body's element, or several paragraphs: one paragraph in
                # another kind of element after the body is a bio, a credit or a promo
                # more often ...
                out.extend(maybe)
                maybe = []
                out.append(g)
            else:
                # ... unless more of the body follows it: a part between two parts (a body
                # cut by ad slots into wrappers of generated class names).
                maybe.append(g)
        i = g.end_frame if g.end_frame > i else i + 1
    if len(maybe) >= 2:
        # ... or it is one of several such parts (a body cut into one wrapper a paragraph)
        out.extend(maybe)
    return out


def _same_shape(a: Any, b: Any) -> bool:
    """Two elements without a class are twins when their children are of the same kinds:
    a bare ``<div>`` is no evidence of a shared role (a bio box after a body of paragraphs
    is a bare ``<div>`` too, once class names are gone). A part may hold fewer kinds than
    the first (scripts, subheadings and line breaks do not count)."""
    return _kinds(b) <= _kinds(a)


_NO_KIND = SKIP_TAGS | {"h1", "h2", "h3", "h4", "h5", "h6", "br", "hr"}


def _kinds(el: Any) -> set[str]:
    return {c.tag for c in el if isinstance(c.tag, str) and c.tag not in _NO_KIND}


#: Wrapper levels above the container searched for the other parts of a split body.
SPLIT_LEVELS = 3
#: A part: at least this much prose in at least PART_BLOCKS paragraphs, chrome at most half
#: of it (a bio, a sign-up blurb or a dateline box beside the body holds less).
PART_PROSE = 400.0
PART_BLOCKS = 3


def _is_part(raw: list[RawBlock], g: Frame) -> bool:
    """A wrapper that reads as more of the body: paragraphs, few links, little chrome."""
    if g.tag in ("article", "main") or (g.marker and g.trusted) or g.bad > 0.5 * g.good:
        return False
    blocks = raw[g.first_block : g.end_block]
    if any(b.kind == "heading" and b.level == 1 for b in blocks):
        return False  # the next article of an endless page, headline first
    prose = [b for b in blocks if b.good > 0]
    # A comment thread beside the body is prose too, but each entry brings its name, date
    # and "Reply" lines: a part of the body has more paragraphs than such lines.
    lines = sum(1 for b in blocks if b.good <= 0 and b.kind != "heading")
    chars = sum(len(b.text) for b in blocks)
    return (
        len(prose) >= PART_BLOCKS
        and len(prose) >= lines
        and sum(b.link for b in blocks) < LINK_SHARE * chars
        and g.good >= PART_PROSE
        # (its last lines may already be kept as a lede right above the container)
        and all(b.hint in (None, "html.outside-main") for b in prose)
    )


def join_split_parts(frames: list[Frame], raw: list[RawBlock], main: int) -> None:
    """Take in the other parts of a body split over sibling wrappers outside the container
    (a first part before a subscription box or an ad, in a wrapper of its own): siblings of
    the container or of its wrappers, next to it with nothing but chrome between, that hold
    PART_BLOCKS or more paragraphs (PART_PROSE chars) and little chrome."""
    a = main
    for _ in range(SPLIT_LEVELS):
        f = frames[a]
        if f.parent < 0 or f.tag in ("article", "main", "body", "html"):
            return
        p = frames[f.parent]
        kids = children(frames, p)
        at = next(i for i, g in enumerate(kids) if g.idx == a)
        for side in (kids[at - 1 :: -1] if at else [], kids[at + 1 :]):
            for g in side:
                if g.good <= 0 or (g.marker and g.trusted):
                    continue  # an ad slot, a share bar, a sign-up box between the parts
                if not _is_part(raw, g):
                    break
                for b in raw[g.first_block : g.end_block]:
                    if b.hint == "html.outside-main" and b.good > 0:
                        b.hint = None
        if p.tag in ("body", "html"):
            return
        a = p.idx
