"""What precedes the body: the standfirst (the page's subtitle), bylines and datelines."""

from __future__ import annotations

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.body import body_test, main_parent
from newsclean.extract.dates import is_dated
from newsclean.extract.page import Page
from newsclean.extract.rules import is_standfirst
from newsclean.extract.score import norm
from newsclean.extract.shapes import is_byline
from newsclean.extract.title import title_key

#: Lines at the top of the body wrapper looked at for a dateline or byline.
LEAD_LINES = 3


def hint_lead(frames: list[Frame], blocks: list[RawBlock], main: int, description: str) -> str:
    """Hint what precedes the body inside the container; return the standfirst if found.

    Between the headline and the body's parent sit the standfirst, bylines, datelines and
    labels. A block there is the standfirst when its class says so (``dek``, ``lede``,
    ``summary``…), when it repeats the page's meta description, or when it is a long
    heading under the headline; it becomes the subtitle (hint ``html.subtitle``). Short
    lines without sentence punctuation there are bylines/datelines (``html.byline``).
    """
    mp = main_parent(frames, blocks, main)
    if mp < 0:
        return ""
    m = frames[main]
    in_body = body_test(frames, blocks, main, mp)
    desc = norm(description)[:60]
    subtitle = ""
    start = next((i for i in range(m.first_block, m.end_block) if in_body(blocks[i])), m.end_block)
    if _lead_is_body(blocks, m.first_block, start):
        # (short lines are still bylines there; a list or a long first paragraph is body)
        for b in blocks[m.first_block : start]:
            if b.hint is None and b.kind == "paragraph" and is_byline(b.text):
                b.hint = "html.byline"
        return ""
    for i in range(m.first_block, start):
        b = blocks[i]
        if b.hint is not None:
            continue
        n = len(b.text)
        if (
            not subtitle
            and n >= 40
            and (
                standfirst_frame(frames, b.frame, main)
                or (
                    len(desc) >= 30
                    and norm(b.text).startswith(desc[:40])
                    and not (
                        len(b.text) > len(description) + 20 and _first_part(frames, blocks, b, mp)
                    )
                )
                or (b.kind == "heading" and n >= 60)
            )
        ):
            subtitle = b.text
            b.hint = "html.subtitle"
        elif b.kind != "heading" and is_byline(b.text):
            b.hint = "html.byline"
    # A dateline or byline ("By Staff | November 18, 2019 at 2:26 PM", "Published …
    # 07:50 GMT") often opens the body's own wrapper: dated lines there before any prose.
    for b in blocks[start : min(start + LEAD_LINES, m.end_block)]:
        if b.hint is not None:
            continue
        if b.kind != "paragraph" or not is_byline(b.text) or not is_dated(b.text):
            break
        b.hint = "html.byline"
    return subtitle


def _first_part(frames: list[Frame], blocks: list[RawBlock], b: RawBlock, mp: int) -> bool:
    """The paragraph sits in an earlier sibling of the body's parent of the same tag, one
    holding no heading: with a meta description that cuts it short (a lede the description
    quotes, as most descriptions do), the first part of a body split around an ad, not a
    standfirst in the article's header (written whole, and as long as the description)."""
    f = frames[b.frame]
    w = frames[f.parent] if f.tag == "p" and f.parent >= 0 else f
    body = frames[mp]
    return (
        w.idx < mp
        and w.parent == body.parent
        and w.tag == body.tag
        and all(x.kind != "heading" for x in blocks[w.first_block : w.end_block])
    )


#: Paragraphs before the body's parent that make it a first part of the body, not a lead.
LEAD_PARAGRAPHS = 3


def _lead_is_body(blocks: list[RawBlock], lo: int, hi: int) -> bool:
    """Between the headline and the body's parent sit a standfirst and a few short lines;
    three or more paragraphs of prose there are the first part of a body split over
    sibling wrappers (the longer part became "the body's parent"): they are not a
    standfirst and bylines."""
    n = 0
    for b in blocks[lo:hi]:
        if b.hint is None and b.good > 0 and b.kind == "paragraph":
            n += 1
            if n >= LEAD_PARAGRAPHS:
                return True
    return False


def standfirst_frame(frames: list[Frame], idx: int, stop: int) -> bool:
    hops = 0
    while idx > stop and hops < 3:
        f = frames[idx]
        cls = f"{f.el.get('class') or ''} {f.el.get('id') or ''}"
        if cls.strip() and is_standfirst(cls):
            return True
        idx = f.parent
        hops += 1
    return False


#: Short widgets allowed between a standfirst outside the body container and the body.
_BETWEEN_LEAD_AND_BODY = frozenset({"html.share", "html.byline"})


def above_main(
    frames: list[Frame],
    blocks: list[RawBlock],
    main: Frame,
    titles: set[str],
    page: Page,
    description: str,
) -> None:
    """Prose right above the container: the standfirst (subtitle) or a lede left outside it.

    A block there that names itself a standfirst (class) or repeats the meta description
    becomes the subtitle when none was found inside; other prose there is the article's own
    lede sitting outside the body wrapper, and is kept as a body block.
    """
    desc = title_key(description)[:40]
    i = main.first_block - 1
    kept = 0
    widgets = 0
    while i >= 0 and kept < 2:
        b = blocks[i]
        if title_key(b.text) in titles or b.kind == "heading":
            break
        if b.hint == "html.outside-main" and is_byline(b.text):
            b.hint = "html.byline"  # bylines and datelines between standfirst and body
            i -= 1
            continue
        if b.hint in _BETWEEN_LEAD_AND_BODY and widgets < 3:
            # a share bar or dateline often sits between the standfirst and the body
            widgets += 1
            i -= 1
            continue
        named = standfirst_frame(frames, b.frame, -1) or (
            len(desc) >= 30 and title_key(b.text).startswith(desc)
        )
        # A block whose class names it the standfirst needs no sentence punctuation
        # (Arabic standfirsts rarely end with a full stop); other prose must look like prose.
        # Past a widget only a named standfirst is taken (a caption may sit there too).
        if b.hint != "html.outside-main" or (
            len(b.text) < 40 if named else (widgets or b.good <= 0 or len(b.text) < 60)
        ):
            break
        if named and not page.subtitle:
            page.subtitle = b.text
            b.hint = "html.subtitle"
        elif not named:
            b.hint = None
        kept += 1
        i -= 1
