"""Which boilerplate markers to believe, and the prose under believed ones turned bad."""

from __future__ import annotations

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.frames import full_signature
from newsclean.extract.rules import classify_name
from newsclean.extract.score import LINK_SHARE, LONG

#: Markers are disbelieved (largest first) while believing them leaves less than this share
#: of the page's prose and less than MIN_PROSE characters of it.
TRUST_SHARE = 0.1
MIN_PROSE = 200
_SEMANTIC = frozenset({"nav", "aside", "footer"})


def trust_markers(frames: list[Frame], blocks: list[RawBlock], located: bool = False) -> None:
    """Decide which markers to believe, and turn the prose under believed ones bad.

    Every marker is believed at first. Then, while believing them would leave too little
    prose for an article (under ``TRUST_SHARE`` of the page and under ``MIN_PROSE`` chars),
    the marked frame holding the most prose is disbelieved: a page-wide ``<form>`` or a
    ``<div class="content-with-sidebar">`` wraps the article, it is not boilerplate. The
    semantic ``<nav>``/``<aside>``/``<footer>`` are only disbelieved when an article element
    sits inside them. Markers whose content contradicts them (:func:`_false_markers`) are
    never believed; ``located``: ``weigh`` found JSON-LD articleBody text in some blocks.
    """
    total = frames[0].good if frames else 0.0
    marked = [f for f in frames if f.marker is not None]
    false = _false_markers(frames, blocks, marked, located)
    for f in marked:
        f.trusted = True
        if f.idx in false:
            f.trusted = False
            continue
        if f.tag in _SEMANTIC and any(
            (g.positive and g.tag in ("article", "main")) or g.strong
            for g in frames[f.idx + 1 : f.end_frame]
        ):
            f.trusted = False
        elif f.tag not in _SEMANTIC and f.marker != "comments" and f.good > 0.67 * total:
            # A class token on the frame holding most of the prose is a false friend
            # ("bottom-offset", "tools-column"); comment threads are the one real exception.
            f.trusted = False
    _disbelieve_repeated(frames, marked, total)
    for _ in range(64):  # bounded: each round disbelieves one marker
        hidden = 0.0
        skip_to = -1
        for f in marked:  # outermost trusted frames only (document order: parents first)
            if f.trusted and f.idx >= skip_to:
                hidden += f.good
                skip_to = f.end_frame
        remaining = total - hidden
        if remaining >= TRUST_SHARE * total or remaining >= MIN_PROSE:
            break
        candidates = [f for f in marked if f.trusted and f.good > 0]
        if not candidates:
            break
        max(candidates, key=lambda f: f.good).trusted = False
    believe_markers(frames, blocks, 0.5)


def believe_markers(frames: list[Frame], blocks: list[RawBlock], chrome: float) -> None:
    """Hint each block under a trusted marker with the innermost such marker's category and
    turn its prose bad; a block with no prose gets ``chrome`` bad weight a character (the
    first choice counts a marked line against its container; a choice made again with
    markers mostly disbelieved, ``chrome`` 0, leaves the lines' weights as they were)."""
    for b in blocks:
        for i in b.negs:
            if frames[i].trusted:
                b.hint = f"html.{frames[i].marker}"
                b.bad += b.good if b.good else len(b.text) * chrome
                b.good = 0.0
                break


def _disbelieve_repeated(frames: list[Frame], marked: list[Frame], total: float) -> None:
    """One marked class repeated on many frames that together hold most of the page's prose
    is the article's own wrapper, one per paragraph (``<div class="cmp-text">``-like
    component names): the per-frame test above cannot see it, each frame being small."""
    groups: dict[tuple[str, str, str], list[Frame]] = {}
    skip_to = -1
    for f in marked:  # outermost believed frames only (document order: parents first)
        if f.idx < skip_to or not f.trusted:
            continue
        skip_to = f.end_frame
        if f.tag not in _SEMANTIC and f.marker != "comments":
            tag, cls = full_signature(f)
            groups.setdefault((f.marker or "", tag, cls), []).append(f)
    for members in groups.values():
        if len(members) >= PROSE_BLOCKS and sum(g.good for g in members) > 0.67 * total:
            for g in members:
                g.trusted = False


#: Categories whose widgets are link lists; such a marker on a run of plain paragraphs is a
#: false friend ("read-more" around the article's second half, "more-features", a section
#: slug such as "sharing-with-a-team").
_LINK_LIST_MARKERS = frozenset({"related", "aside", "nav", "tags", "share"})
#: ... when its paragraphs carry at least this much prose, in at least PROSE_BLOCKS blocks,
#: with links under LINK_SHARE of its text.
PROSE_CHARS = 400
PROSE_BLOCKS = 3


def _frame_sums(frames: list[Frame], blocks: list[RawBlock]) -> tuple[list[float], ...]:
    """Per frame, over its subtree: chars, link chars, prose blocks, other lines, chars stated
    by JSON-LD. One pass up the tree (children come after parents): linear even when
    markers nest thousands deep."""
    n = len(frames)
    chars, link, paras, lines, stated = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for b in blocks:
        i = b.frame
        chars[i] += len(b.text)
        link[i] += b.link
        if b.good > 0:
            paras[i] += 1
        elif b.kind != "heading":
            lines[i] += 1
        if b.ld:
            stated[i] += len(b.text)
    # (written out, like teasers.mark_teasers's sums: see there)
    for f in reversed(frames):
        p = f.parent
        if p >= 0:
            i = f.idx
            chars[p] += chars[i]
            link[p] += link[i]
            paras[p] += paras[i]
            lines[p] += lines[i]
            stated[p] += stated[i]
    return chars, link, paras, lines, stated


#: Sign-up and sponsor markers that paywalled and partner sites put on the body itself
#: ("subscription-content", "register-wall", "partner-story"): false on a long run of long
#: paragraphs (a real sign-up box or ad holds a blurb or a few short lines).
_WALL_MARKERS = frozenset({"newsletter", "ad"})
BODY_BLOCKS = 5
BODY_CHARS = 800
#: JSON-LD articleBody prose (characters) under a marker that makes the marker a false friend.
STATED_CHARS = 150


def _false_markers(
    frames: list[Frame], blocks: list[RawBlock], marked: list[Frame], located: bool
) -> set[int]:
    """Marked frames whose content says the marker is wrong.

    - a link-list marker on a run of plain paragraphs with few links (a "read-more" wrapper
      around the body's second half, a "more-features" section, a section slug such as
      "sharing-with-a-team"); a widget with a letter among a staff list or buttons is
      still a widget, so paragraphs must be at least as many as the other lines. Not on
      ``<aside>``/``<nav>``/``<footer>`` themselves: a sidebar of column blurbs beside a
      short article is prose too, and the tag, unlike a class name, says what it holds;
    - any marker but caption/comments on prose the page's JSON-LD ``articleBody`` states is
      the article (a body behind a lazy-load or "show more" wrapper);
    - a marker on a run of paragraphs whose frame names itself the body in a name of its own
      (:func:`_flagged_body`: "article-body ads-enabled");
    - a sign-up or sponsor marker on a long run of long paragraphs (a paywall or partner
      wrapper around the body: "subscription-content", "partner-story").
    """
    if not located and not any(
        f.good >= PROSE_CHARS
        and (f.marker in _LINK_LIST_MARKERS or f.marker in _WALL_MARKERS or f.positive)
        for f in marked
    ):
        return set()  # nothing to test (most pages): skip the tree sums
    sums = _frame_sums(frames, blocks)
    out: set[int] = set()
    for f in marked:
        chars, link, paras, lines, stated = (s[f.idx] for s in sums)
        prose = (
            f.good >= PROSE_CHARS
            and paras >= PROSE_BLOCKS
            and paras >= lines
            and link < LINK_SHARE * chars
        )
        long_prose = (
            prose and paras >= BODY_BLOCKS and f.good >= BODY_CHARS and f.good >= LONG * paras
        )
        if (
            (
                prose
                and (
                    (f.marker in _LINK_LIST_MARKERS and f.tag not in _SEMANTIC) or _flagged_body(f)
                )
            )
            or (long_prose and f.marker in _WALL_MARKERS)
            or (f.marker not in ("caption", "comments") and stated >= STATED_CHARS)
        ):
            out.add(f.idx)
    return out


def _flagged_body(f: Frame) -> bool:
    """The frame names itself the article body in a class or id of its own, and its marker
    comes from another name: a feature flag on the body ("article-body ads-enabled",
    "article__body article-overlay-handle", "entry-content gallery-enabled"). A name that
    holds both words ("sidebar-content") describes a part of the widget instead. Comment
    threads are prose by nature and their entries carry generic names ("field-comment-body
    text-area"): their marker stands."""
    if not f.positive or f.marker == "comments":
        return False
    names = f"{f.el.get('class') or ''} {f.el.get('id') or ''}".split()
    found = [classify_name(n) for n in names]
    return any(pos and cat is None for cat, pos in found) and any(cat for cat, _ in found)
