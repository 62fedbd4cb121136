"""Repeated templates whose prose is not the article: teaser columns and comment threads.

Both are read from repetition (three or more sibling items of one tag and class), not from
class names; their prose turns bad before the container is chosen.
"""

from __future__ import annotations

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.dates import has_clock, is_dated, is_relative
from newsclean.extract.frames import signature
from newsclean.extract.score import ELLIPSIS

#: Teaser items (linked headline + blurb) are shorter than this.
TEASER_CHARS = 400
#: ... or than this when its excerpt is cut off with an ellipsis.
CUT_TEASER_CHARS = 1000


def mark_teasers(frames: list[Frame], blocks: list[RawBlock], columns_only: bool = False) -> None:
    """Turn repeated teaser items (linked headline + short blurb) into boilerplate.

    "Most read" columns and "more stories" feeds repeat one template: three or more sibling
    elements of the same tag and class, each short and each holding a block that is nothing
    but a link (the headline of another article). Their blurbs read like prose, so without
    this they could outweigh a short article. Repetition is the evidence, not class names.
    ``columns_only``: mark only columns whose every item opens with its headline link, away
    from the page's ``<h1>`` (the strongest evidence, kept when other templates are not).
    """
    n = len(frames)
    pure = [0] * n
    chars = [0] * n
    cut = [0] * n
    prose = [0] * n
    # (attributes read once into locals: these two loops run over every block and frame)
    for b in blocks:
        text = b.text
        i = b.frame
        size = len(text)
        chars[i] += size
        if size and b.link / size > 0.8:
            pure[i] += 1
        elif b.good > 0:
            prose[i] += 1
        if text.endswith(ELLIPSIS):
            cut[i] += 1
    children: dict[int, list[Frame]] = {}
    # (written out, like markers._frame_sums: a shared loop over a tuple of arrays cost
    # +0.7 % instructions over the whole strip of the Zyte pages)
    for f in reversed(frames):
        p = f.parent
        if p >= 0:
            i = f.idx
            pure[p] += pure[i]
            chars[p] += chars[i]
            cut[p] += cut[i]
            prose[p] += prose[i]
            kids = children.get(p)
            if kids is None:
                children[p] = [f]
            else:
                kids.append(f)
    for kids in children.values():
        if len(kids) < 3:
            continue
        groups: dict[tuple[str, str], list[Frame]] = {}
        for k in kids:
            groups.setdefault(signature(k), []).append(k)
        for members in groups.values():
            if len(members) < 3:
                continue
            if _thread(blocks, members, [k for k in members if prose[k.idx]]):
                continue
            # (an excerpt cut off with "…" marks a longer teaser; so does a headline link
            # opening each item of a column that does not hold the page's headline)
            column = _headline_column(frames, blocks, members)
            if columns_only and not column:
                continue
            items = [
                k
                for k in members
                if pure[k.idx]
                and (
                    chars[k.idx] < TEASER_CHARS
                    or (cut[k.idx] and chars[k.idx] < CUT_TEASER_CHARS)
                    or (column and _opens_with_link(blocks, k))
                )
            ]
            if len(items) < 3 or len(items) < 0.75 * len(members):
                continue
            for k in items:
                _demote(blocks[k.first_block : k.end_block], "html.related")


#: Share of a group's items that must open with a dated header for it to be a thread.
THREAD_SHARE = 0.75


def _entry_header(blocks: list[RawBlock], f: Frame) -> bool:
    """The item opens with a short line holding a date and a clock time ("Milan Griffes on
    September 12, 2018 at 4:47 pm said:", or the name and the time on lines of their own)
    (the caller keeps items holding prose: a header and a body). A clock time: a
    timeline's entries carry dates alone. Some threads put it at the foot of each entry,
    the date and the time on lines of their own ("April 5, 2018" / "6:32 PM")."""
    head = blocks[f.first_block : min(f.first_block + HEADER_LINES, f.end_block)]
    if any(
        b.kind != "heading"
        and len(b.text) <= 100
        and has_clock(b.text)
        and (is_dated(b.text) or is_relative(b.text))
        for b in head
    ):
        return True
    foot = [
        b
        for b in blocks[max(f.first_block, f.end_block - HEADER_LINES) : f.end_block]
        if b.kind != "heading" and len(b.text) <= FOOT_CHARS
    ]
    return any(has_clock(b.text) for b in foot) and any(is_dated(b.text) for b in foot)


#: A foot line holding an entry's date or time is this short.
FOOT_CHARS = 40
#: Items of a thread that hold prose, at least.
THREAD_WORDED = 2
#: Lines at the top of an item searched for its header.
HEADER_LINES = 3


def _thread(blocks: list[RawBlock], members: list[Frame], worded: list[Frame]) -> bool:
    """A comment thread read from its content, whatever its class names (or none): three or
    more sibling items of one template, most opening with a dated header line, holding
    prose (``worded``: the members holding some). Its prose turns to chrome
    (``html.comments``), as a believed comments marker's."""
    allowed = (1.0 - THREAD_SHARE) * len(members)  # items without a header
    if len(worded) < THREAD_WORDED:
        return False
    missing = 0
    for k in members:
        # (a one-line reply, "Great article.", holds no prose but still has its header)
        if not _entry_header(blocks, k):
            missing += 1
            if missing > allowed:
                return False  # (most groups, menus among them, stop at the first items)
    for k in members:
        _demote(blocks[k.first_block : k.end_block], "html.comments", lines=True)
    return True


def _demote(part: list[RawBlock], hint: str, lines: bool = False) -> None:
    """Turn the prose of one item of a template into chrome hinted ``hint`` (its other lines
    too with ``lines``: a thread's names and dates are comments; a teaser's headline link is
    left to the link-density hint)."""
    for b in part:
        if b.good > 0:
            b.bad += b.good
            b.good = 0.0
            b.hint = b.hint or hint
        elif lines:
            b.hint = b.hint or hint


def _opens_with_link(blocks: list[RawBlock], f: Frame) -> bool:
    """The frame's first block is nothing but a link (a teaser's headline)."""
    if f.end_block <= f.first_block:
        return False
    b = blocks[f.first_block]
    return len(b.text) >= 15 and b.link > 0.8 * len(b.text)


def _headline_column(frames: list[Frame], blocks: list[RawBlock], members: list[Frame]) -> bool:
    """Items that each open with a headline link, in a parent holding no ``<h1>``: a "most
    read" column of long blurbs (a listicle with linked item headings sits with its
    headline)."""
    if not all(_opens_with_link(blocks, k) for k in members):
        return False
    p = frames[members[0].parent]
    return not any(
        b.kind == "heading" and b.level == 1 for b in blocks[p.first_block : p.end_block]
    )
