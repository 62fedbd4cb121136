"""Hint every block that is not the article, given the chosen container: the passes in order."""

from __future__ import annotations

from itertools import pairwise

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.body import body_test, main_parent
from newsclean.extract.lead import above_main, hint_lead
from newsclean.extract.page import Page
from newsclean.extract.rules import LABEL_CHARS, label_category
from newsclean.extract.score import LINK_DENSE
from newsclean.extract.shapes import is_linked_sentence
from newsclean.extract.tail import hint_closing_box, hint_tail, hint_widget_neighbours
from newsclean.extract.title import title_key


def _everywhere(b: RawBlock) -> bool:
    return True


#: Unlinked characters (and at most this share of links) that make a link-dense list item
#: or table row inside the body part of the article.
ANNOTATION = 20
ANNOTATED_LINK_SHARE = 0.85


def _annotated_link(b: RawBlock) -> bool:
    """A list item or table row with words of its own beside its links (a changelog entry,
    a filmography row), unlike a bare headline link."""
    n = len(b.text)
    return (
        b.kind in ("list_item", "table_row")
        and n - b.link >= ANNOTATION
        and b.link < ANNOTATED_LINK_SHARE * n
    )


#: Unlinked characters that make a linked list item under the body's own parent part of it
#: (a price, a version, "fixed", "(video)").
ITEM_WORDS = 3


def _worded_item(b: RawBlock) -> bool:
    """A list item that is mostly a link but has a few characters of its own: an entry of a
    changelog or product list the body holds ("Rez Infinite ($30)"), not a bare headline."""
    return b.kind == "list_item" and len(b.text) - b.link >= ITEM_WORDS


#: Characters of the prose paragraph that makes a linked heading before it a subheading
#: (a teaser's blurb is shorter: one cut sentence).
SUBHEADED_PROSE = 200


def _linked_subheading(
    frames: list[Frame], raw: list[RawBlock], i: int, first: int, end: int
) -> bool:
    """A heading that is a link, between kept blocks of the body, opening a paragraph of
    prose: a listicle's item title linking to what it reviews ("Thumper" ($20)). Not a
    related headline (a "More:" list or its label before it, already hinted) nor a teaser
    (headline and a one-sentence blurb)."""
    if raw[i].kind != "heading" or i + 1 >= end or i <= first or raw[i - 1].hint is not None:
        return False
    nb = raw[i + 1]
    n = len(nb.text)
    return (
        # (siblings: a related box's linked headline sits in a box of its own)
        frames[raw[i].frame].parent == frames[nb.frame].parent
        and nb.hint is None
        and nb.kind == "paragraph"
        and nb.good > 0
        and n >= SUBHEADED_PROSE
        and nb.link <= LINK_DENSE * n
    )


def hint_page(
    frames: list[Frame],
    raw: list[RawBlock],
    main: int,
    fragment: bool,
    titles: set[str],
    page: Page,
    description: str,
) -> None:
    """Hint every block that is not the article, given the main container."""
    if not fragment:
        hint_widget_neighbours(frames, raw, main)
        hint_tail(frames, raw, main)
        page.subtitle = hint_lead(frames, raw, main, description)
    m = frames[main]
    mp = main_parent(frames, raw, main)
    if not fragment and mp >= 0:
        hint_closing_box(frames, raw, mp)
    # With no dominant parent (a body of lists and sections) the container is the body.
    in_body = body_test(frames, raw, main, mp) if mp >= 0 else _everywhere
    for i in range(m.first_block, m.end_block):
        b = raw[i]
        if b.hint is None:
            n = len(b.text)
            label = label_category(b.text) if n <= LABEL_CHARS else None
            if label is not None:
                # an ad slot, comment widget or related box whose label stayed in the body
                b.hint = f"html.{label}"
                continue
            if n and b.link / n > LINK_DENSE and not b.good:
                if (
                    (
                        mp >= 0
                        and (
                            is_linked_sentence(b.text)
                            or _worded_item(b)
                            or _linked_subheading(frames, raw, i, m.first_block, m.end_block)
                        )
                    )
                    or _annotated_link(b)
                ) and in_body(b):
                    # a whole linked sentence among the body's paragraphs, or a list item /
                    # table row that says something about its link
                    continue
                b.hint = "html.link-dense"
    _hint_chart_labels(raw[m.first_block : m.end_block])
    _hint_outside(frames, raw, main)
    if not fragment:
        above_main(frames, raw, m, titles, page, description)
    longest = max((len(t) for t in titles), default=0) * 2 + 20
    for b in raw:
        if (
            len(b.text) <= longest
            and (b.kind == "heading" or b.hint in (None, "html.outside-main"))
            and title_key(b.text) in titles  # (last: a regex per block)
        ):
            b.hint = "html.title"


def _hint_outside(frames: list[Frame], blocks: list[RawBlock], main: int) -> None:
    m = frames[main]
    for i, b in enumerate(blocks):
        if m.first_block <= i < m.end_block:
            continue
        if b.hint is None:
            n = len(b.text)
            b.hint = "html.link-dense" if n and b.link / n > LINK_DENSE else "html.outside-main"


#: A chart's axis and value labels: this short, and no word of two letters.
CHART_LABEL_CHARS = 8
#: Consecutive label lines that make a chart, not a list.
CHART_RUN = 4


def _is_chart_label(b: RawBlock) -> bool:
    t = b.text
    if len(t) > CHART_LABEL_CHARS or b.kind != "paragraph":
        return False
    return not any(a.isalpha() and c.isalpha() for a, c in pairwise(t))


def _hint_chart_labels(blocks: list[RawBlock]) -> None:
    """Runs of figure labels ("$915", "'22", "600", "%") left in the body by an inline chart."""
    start = 0
    n = len(blocks)
    while start < n:
        if not (blocks[start].hint is None and _is_chart_label(blocks[start])):
            start += 1
            continue
        end = start
        while end < n and (blocks[end].hint is not None or _is_chart_label(blocks[end])):
            end += 1
        run = [b for b in blocks[start:end] if b.hint is None]
        if len(run) >= CHART_RUN:
            for b in run:
                b.hint = "html.caption"
        start = end
