"""HTML main-content extraction: page -> title, standfirst, hinted blocks, page metadata.

``extract_page`` is the whole pipeline (parse, metadata, walk, score, hint); the HTML reader
wraps its result in an :class:`~newsclean.article.Article`. Submodules: ``tree`` (parse),
``meta`` (page metadata), ``blocks`` (DOM -> blocks and candidate frames), ``score``
(main-content choice), ``density`` (a second, independent reading asked when the choice
looks like a miss), ``rules`` (boilerplate markers, data in ``rules/html_boilerplate.toml``).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from newsclean.article import Block
from newsclean.extract.blocks import Frame, RawBlock, collapse, walk
from newsclean.extract.density import POSITIONAL, verdict
from newsclean.extract.meta import PageMeta, page_author, read_meta
from newsclean.extract.repeats import hint_repeats
from newsclean.extract.rules import LABEL_CHARS, label_category
from newsclean.extract.score import (
    ALPHA,
    LINK_DENSE,
    LINK_SHARE,
    aggregate,
    body_test,
    choose,
    dense_run,
    enclosing,
    hint_closing_box,
    hint_lead,
    hint_tail,
    hint_widget_neighbours,
    is_byline,
    is_linked_sentence,
    main_parent,
    mark_teasers,
    standfirst_frame,
    trust_markers,
    weigh,
    widen,
)
from newsclean.extract.tree import parse

__all__ = ["Page", "extract_page"]

_SUFFIX = re.compile(r"\s+[-|–—:·•»]\s+")
_KEY = re.compile(r"\W+")
_WORDS = re.compile(r"\w+")
#: Share of the shorter title's words the other must hold for two titles to agree.
TITLE_AGREE = 0.6
_PAGE = re.compile(r"<(?:html|body|head)\b", re.I)
#: Unlinked characters (and at most this share of links) that make a link-dense list item
#: or table row inside the body part of the article.
ANNOTATION = 20
ANNOTATED_LINK_SHARE = 0.85
#: Levels above the main container searched for a byline when the metadata names nobody.
AUTHOR_LEVELS = 5
#: A kept article with less than this share of the prose of the densest run of blocks, read
#: before markers and templates judged them, was hidden by them: choose again.
HIDDEN_SHARE = 0.25
#: Markers still believed when a hidden article is chosen again.
_KEEP_BELIEVING = frozenset({"comments", "cookie", "newsletter", "footer", "nav", "hidden", "ad"})
#: A kept article with less prose than this share of the page's densest run is a miss.
MISS_SHARE = 0.5


@dataclass
class Page:
    """What extraction found in one page."""

    title: str = ""
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return _KEY.sub("", text).lower()


def strip_site_suffix(title: str, site: str) -> str:
    """``"Headline - Site"`` -> ``"Headline"`` when the last part names the site.

    >>> strip_site_suffix("Rockets hit Damascus - CNNArabic.com", "CNNArabic")
    'Rockets hit Damascus'
    >>> strip_site_suffix("Paris - Berlin: a new line", "Le Monde")
    'Paris - Berlin: a new line'
    """
    site_key = _key(site)
    if not site_key:
        return title
    parts = _SUFFIX.split(title)
    if len(parts) < 2:
        return title
    for cut in (-1, 0):
        k = _key(parts[cut])
        if k and (k == site_key or k.startswith(site_key) or site_key.startswith(k)):
            match = list(_SUFFIX.finditer(title))
            m = match[-1] if cut == -1 else match[0]
            rest = title[: m.start()] if cut == -1 else title[m.end() :]
            if rest.strip():
                return rest.strip()
    return title


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.casefold()))


def _agrees(a: str, b: str) -> bool:
    """Most words of the shorter of two titles are in the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or (min(len(wa), len(wb)) == 1 and max(len(wa), len(wb)) >= 3):
        return False  # one word inside a long title is the site's name, not its headline
    return len(wa & wb) >= TITLE_AGREE * min(len(wa), len(wb))


def _site_part_only(h1: str, title: str) -> bool:
    """``h1`` agrees with the last part of ``title`` ("… | My Hero Academia [Archive of Our
    Own]") and with nothing before it: the site's name, not the headline."""
    parts = _SUFFIX.split(title)
    if len(parts) < 2 or not h1:
        return False
    head = " ".join(parts[:-1])
    return _agrees(h1, parts[-1]) and not (_words(h1) & _words(head))


def _title(pm: PageMeta, h1: str) -> str:
    """The headline: og:title, JSON-LD headline, the <h1>, then <title>, best first — but a
    candidate that shares no words with the page's other titles is passed over (a site's
    logo in <h1>, a JSON-LD "headline" that is a description, a section's og:title)."""
    site = str(pm.values.get("site") or "")
    candidates = [c for c in (pm.og_title, pm.ld_headline, h1, pm.html_title) if c]
    refs = [r for r in (pm.html_title, h1) if r]
    for c in candidates:
        others = [r for r in refs if r is not c]
        if c is h1 and _site_part_only(h1, pm.html_title):
            continue  # the site's logo in <h1>, named again at the end of <title>
        if not others or any(_agrees(c, r) for r in others):
            return strip_site_suffix(c, site)
    return strip_site_suffix(pm.html_title or candidates[0], site) if candidates else ""


def _everywhere(b: RawBlock) -> bool:
    return True


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


def _hint_outside(frames: list[Frame], blocks: list[RawBlock], main: int) -> None:
    m = frames[main]
    for i, b in enumerate(blocks):
        if m.first_block <= i < m.end_block:
            continue
        if b.hint is None:
            n = len(b.text)
            b.hint = "html.link-dense" if n and b.link / n > LINK_DENSE else "html.outside-main"


#: Short widgets allowed between a standfirst outside the body container and the body.
_BETWEEN_LEAD_AND_BODY = frozenset({"html.share", "html.byline"})


def _above_main(
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
    desc = _key(description)[:40]
    i = main.first_block - 1
    kept = 0
    widgets = 0
    while i >= 0 and kept < 2:
        b = blocks[i]
        if _key(b.text) in titles or b.kind == "heading":
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
            len(desc) >= 30 and _key(b.text).startswith(desc)
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


def _hint(
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
        _above_main(frames, raw, m, titles, page, description)
    longest = max((len(t) for t in titles), default=0) * 2 + 20
    for b in raw:
        if (
            len(b.text) <= longest
            and (b.kind == "heading" or b.hint in (None, "html.outside-main"))
            and _key(b.text) in titles  # (last: a regex per block)
        ):
            b.hint = "html.title"


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


def _kept(raw: list[RawBlock]) -> float:
    return sum(b.good for b in raw if b.hint is None)


def _second_choice(
    frames: list[Frame],
    raw: list[RawBlock],
    main: int,
    base: list[str | None],
    titles: set[str],
    page: Page,
    pm: PageMeta,
) -> None:
    """Catch a catastrophic miss: an article much shorter than the page's densest run of prose.

    The container choice works on the tree; a second method, the densest run of blocks in
    reading order (:func:`dense_run`), ignores the tree. When the kept article holds less
    than half the prose of that run, the container stopped inside the body or took one of the
    containers the body is split across: the run's smallest enclosing frame becomes the
    container, and what lies outside the run is hinted.
    """
    kept = _kept(raw)
    lo, hi, run = dense_run(raw)
    if run <= 0 or kept >= MISS_SHARE * run:
        return
    for b, h in zip(raw, base, strict=True):
        b.hint = h
    wide = enclosing(frames, raw[lo].frame, raw[hi - 1].frame)
    page.subtitle = ""
    _hint(frames, raw, wide, False, titles, page, pm.description)
    for i in (*range(frames[wide].first_block, lo), *range(hi, frames[wide].end_block)):
        b = raw[i]
        if b.hint is None and b.good <= 0:
            b.hint = "html.outside-main"
    if _kept(raw) <= kept:  # the second choice is no better: keep the first
        for b, h in zip(raw, base, strict=True):
            b.hint = h
        page.subtitle = ""
        _hint(frames, raw, main, False, titles, page, pm.description)


#: The kept article holds less than this share of the page's prose (as the first reading
#: weighs it): the second reading is asked (on most pages it is not computed at all).
SUSPECT_SHARE = 0.67


def _second_reading(frames: list[Frame], raw: list[RawBlock], page: Page) -> None:
    """Widen a kept article that the densest cluster of prose shows to be a fraction of the
    body (:func:`density.verdict`): the cluster's prose, subheadings and short unlinked lines
    that were hinted only for their position are taken back; chrome judged by a marker, a
    template or its links stays hinted."""
    second = verdict(frames, raw)
    if second is None:
        return
    found, why = second
    for b in raw[found.lo : found.hi]:
        n = len(b.text)
        if b.hint in POSITIONAL and n and b.link <= LINK_DENSE * n:
            label = label_category(b.text) if n <= LABEL_CHARS else None
            b.hint = f"html.{label}" if label else None
    page.warnings.append(f"article widened to the run of prose {why}")


def _hidden_article(raw: list[RawBlock], intrinsic: list[tuple[float, float]]) -> bool:
    """The kept article holds under HIDDEN_SHARE of the prose of the page's densest run as the
    blocks read before any marker or template judged them: markers hid the article."""
    kept = sum(g for b, (g, _) in zip(raw, intrinsic, strict=True) if b.hint is None)
    best = cur = run = acc = 0.0
    for g, bad in intrinsic:
        if cur <= 0:
            cur = acc = 0.0
        cur += g - ALPHA * bad
        acc += g
        if cur > best:
            best, run = cur, acc
    return kept < HIDDEN_SHARE * run


#: Wrapper levels above the container searched for the other parts of a split body.
SPLIT_LEVELS = 3
#: A part: at least this much prose in at least PART_BLOCKS paragraphs, chrome at most half
#: of it (a bio, a sign-up blurb or a dateline box beside the body holds less).
PART_PROSE = 400.0
PART_BLOCKS = 3


def _children(frames: list[Frame], p: Frame) -> list[Frame]:
    out = []
    i = p.idx + 1
    while i < p.end_frame:
        g = frames[i]
        out.append(g)
        i = g.end_frame if g.end_frame > i else i + 1
    return out


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


def _join_split_parts(frames: list[Frame], raw: list[RawBlock], main: int) -> None:
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
        kids = _children(frames, p)
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


def _named_article(
    frames: list[Frame], raw: list[RawBlock], intrinsic: list[tuple[float, float]]
) -> bool:
    """The kept text is paragraphs in a container that names itself the article (``<article>``,
    ``itemprop="articleBody"``, an article/story/content class) and hides little prose of its
    own: an article beside long "most read" blurbs, not one that markers or teaser
    templates hid (a listicle's items inside the body). Product pages and front pages,
    whose feature boxes or teasers the templates hid, rarely name one."""
    kept = [i for i, b in enumerate(raw) if b.hint is None and b.good > 0]
    if len(kept) < 2:
        return False
    f = raw[kept[0]].frame
    for i in kept[1:]:
        f = enclosing(frames, f, raw[i].frame)
    m = frames[f]
    if not (m.positive or m.strong):
        return False
    shown = sum(intrinsic[i][0] for i in kept)
    hidden = sum(
        g
        for b, (g, _) in zip(
            raw[m.first_block : m.end_block], intrinsic[m.first_block : m.end_block], strict=True
        )
        if b.hint is not None
    )
    return hidden < 0.5 * shown


def _unmarked_choice(
    frames: list[Frame],
    raw: list[RawBlock],
    intrinsic: list[tuple[float, float]],
    titles: set[str],
    page: Page,
    pm: PageMeta,
) -> int:
    """Nothing kept though the page has prose: choose again believing no marker and no
    teaser template (a wrapper class or a repeated layout mistaken for chrome hid the
    article). Returns the new container; if it keeps nothing either, all stays hinted."""
    saved = [(b.good, b.bad, b.hint) for b in raw]
    trusted = [f.trusted for f in frames]
    before = sum(g for b, (g, _) in zip(raw, intrinsic, strict=True) if b.hint is None)
    for b, (good, bad) in zip(raw, intrinsic, strict=True):
        b.good, b.bad, b.hint = good, bad, None
    # "most read" columns whose items open with headline links stay teasers too
    mark_teasers(frames, raw, columns_only=True)
    for f in frames:
        # comment threads, consent and sign-up boxes stay what they say they are
        f.trusted = f.trusted and f.marker in _KEEP_BELIEVING
    for b in raw:
        for i in b.negs:
            if frames[i].trusted:
                b.hint = f"html.{frames[i].marker}"
                b.bad += b.good
                b.good = 0.0
                break
    aggregate(frames, raw)
    main = widen(frames, raw, choose(frames))
    _hint(frames, raw, main, False, titles, page, pm.description)
    after = sum(g for b, (g, _) in zip(raw, intrinsic, strict=True) if b.hint is None)
    if after >= 2 * before and after > 0:
        page.warnings.append("article chosen again with no boilerplate marker believed")
        return main
    for b, (good, bad, hint) in zip(raw, saved, strict=True):
        b.good, b.bad, b.hint = good, bad, hint
    for f, t in zip(frames, trusted, strict=True):
        f.trusted = t
    return main


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
    page.title = _title(pm, h1)
    titles = {k for k in (_key(page.title), _key(pm.og_title), _key(pm.ld_headline), _key(h1)) if k}
    if pm.html_title:
        titles.add(_key(strip_site_suffix(pm.html_title, str(pm.values.get("site") or ""))))
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
    _hint(frames, raw, main, fragment, titles, page, pm.description)
    if not fragment:
        _second_choice(frames, raw, main, base, titles, page, pm)
        _join_split_parts(frames, raw, main)
        if _hidden_article(raw, intrinsic) and not _named_article(frames, raw, intrinsic):
            main = _unmarked_choice(frames, raw, intrinsic, titles, page, pm)
        # (the root frame's good weight is the page's prose, as last aggregated)
        if _kept(raw) < SUSPECT_SHARE * frames[0].good:
            _second_reading(frames, raw, page)
        if not page.meta.get("author"):
            # The byline sits by the headline, around the body: searched near the chosen
            # container first (no author card from a sidebar), then in the whole page.
            near = main
            for _ in range(AUTHOR_LEVELS):
                if frames[near].parent > 0:
                    near = frames[near].parent
            author = page_author(frames[0].el, frames[near].el)
            if author:
                page.meta["author"] = author
    hint_repeats(raw)
    page.blocks = [Block(b.kind, b.text, b.level, b.hint) for b in raw]
    kept = sum(len(b.text) for b in page.blocks if b.hint is None)
    if kept < STATED_SHARE * len(pm.ld_body):
        _take_stated(page, raw, pm.ld_body)
    elif not kept:
        page.warnings.append("no article text found in HTML")
    return page


#: A kept article shorter than this share of the page's JSON-LD articleBody is a fraction of
#: the article (the rest filled in by scripts): the stated body is taken instead.
STATED_SHARE = 0.5


def _take_stated(page: Page, raw: list[RawBlock], ld_body: str) -> None:
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
