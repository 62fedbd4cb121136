"""Second looks when the first choice looks like a miss: a denser run, hidden articles."""

from __future__ import annotations

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.density import POSITIONAL, verdict
from newsclean.extract.frames import enclosing
from newsclean.extract.hint import hint_page
from newsclean.extract.markers import believe_markers
from newsclean.extract.meta import PageMeta
from newsclean.extract.page import Page
from newsclean.extract.rules import LABEL_CHARS, label_category
from newsclean.extract.score import ALPHA, LINK_DENSE, aggregate, choose, dense_run, widen
from newsclean.extract.teasers import mark_teasers

#: A kept article with less than this share of the prose of the densest run of blocks, read
#: before markers and templates judged them, was hidden by them: choose again.
HIDDEN_SHARE = 0.25
#: Markers still believed when a hidden article is chosen again.
_KEEP_BELIEVING = frozenset({"comments", "cookie", "newsletter", "footer", "nav", "hidden", "ad"})
#: A kept article with less prose than this share of the page's densest run is a miss.
MISS_SHARE = 0.5


def kept_prose(raw: list[RawBlock]) -> float:
    return sum(b.good for b in raw if b.hint is None)


def second_choice(
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
    reading order (:func:`score.dense_run`), ignores the tree. When the kept article holds less
    than half the prose of that run, the container stopped inside the body or took one of the
    containers the body is split across: the run's smallest enclosing frame becomes the
    container, and what lies outside the run is hinted.
    """
    kept = kept_prose(raw)
    lo, hi, run = dense_run(raw)
    if run <= 0 or kept >= MISS_SHARE * run:
        return
    for b, h in zip(raw, base, strict=True):
        b.hint = h
    wide = enclosing(frames, raw[lo].frame, raw[hi - 1].frame)
    page.subtitle = ""
    hint_page(frames, raw, wide, False, titles, page, pm.description)
    for i in (*range(frames[wide].first_block, lo), *range(hi, frames[wide].end_block)):
        b = raw[i]
        if b.hint is None and b.good <= 0:
            b.hint = "html.outside-main"
    if kept_prose(raw) <= kept:  # the second choice is no better: keep the first
        for b, h in zip(raw, base, strict=True):
            b.hint = h
        page.subtitle = ""
        hint_page(frames, raw, main, False, titles, page, pm.description)


#: The kept article holds less than this share of the page's prose (as the first reading
#: weighs it): the second reading is asked (on most pages it is not computed at all).
SUSPECT_SHARE = 0.67


def second_reading(frames: list[Frame], raw: list[RawBlock], page: Page) -> None:
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


def hidden_article(raw: list[RawBlock], intrinsic: list[tuple[float, float]]) -> bool:
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


def named_article(
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


def unmarked_choice(
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
    believe_markers(frames, raw, 0.0)
    aggregate(frames, raw)
    main = widen(frames, raw, choose(frames))
    hint_page(frames, raw, main, False, titles, page, pm.description)
    after = sum(g for b, (g, _) in zip(raw, intrinsic, strict=True) if b.hint is None)
    if after >= 2 * before and after > 0:
        page.warnings.append("article chosen again with no boilerplate marker believed")
        return main
    for b, (good, bad, hint) in zip(raw, saved, strict=True):
        b.good, b.bad, b.hint = good, bad, hint
    for f, t in zip(frames, trusted, strict=True):
        f.trusted = t
    return main
