"""Find the main content among the frames of a page and hint every other block.

The method, general by design (no per-site rules):

1. Each block gets intrinsic weights: *good* for prose (long, or sentence punctuation, few
   links), *bad* for link lists and link-heavy lines, a little bad for short chrome lines.
2. Weights add up the frame tree. A boilerplate marker (class/id token, ``nav``/``aside``/
   ``footer``/``form`` tag, ARIA role) is *trusted* only when its frame holds a minor share
   of the page's prose — so ``<body class="has-sidebar">`` or a page-wide ``<form>`` cannot
   hide the article — and a trusted frame's prose turns bad.
3. The main container is the frame maximising ``good - ALPHA * bad`` (a tree analogue of the
   maximum-subarray problem): it grows to take in split bodies and stops where boilerplate
   outweighs the prose it would add. JSON-LD ``articleBody`` doubles the weight of blocks it
   contains, so it locates the container even when truncated.
4. Inside the container, blocks under trusted markers, link-dense blocks, the headline, and
   wrapper groups sitting against a comments/share widget get hints; outside it every block
   is hinted (``html.outside-main``, or its marker's category), except a standfirst that sits
   right above the container.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsclean.extract.blocks import SKIP_TAGS, Frame, RawBlock
from newsclean.extract.dates import has_clock, is_dated, is_relative
from newsclean.extract.rules import classify_name, is_standfirst

#: Weight of boilerplate against prose when choosing the container.
ALPHA = 1.0
#: Markers are disbelieved (largest first) while believing them leaves less than this share
#: of the page's prose and less than MIN_PROSE characters of it.
TRUST_SHARE = 0.1
MIN_PROSE = 200
#: Link text share above which a block is a link list, not prose.
LINK_DENSE = 0.5
#: Teaser items (linked headline + blurb) are shorter than this.
TEASER_CHARS = 400
#: ... or than this when its excerpt is cut off with an ellipsis.
CUT_TEASER_CHARS = 1000
#: Blocks at least this long count as prose even without sentence punctuation.
LONG = 80
#: Shorter blocks count as prose when they carry sentence punctuation.
SHORT = 25
#: An unlinked list item this long weighs nothing either way (neither prose nor chrome);
#: so does a line of a ``<p>`` of this length and at least LINE_WORDS words.
ITEM_CHARS = 30
LINE_WORDS = 5

_SEMANTIC = frozenset({"nav", "aside", "footer"})
_ELLIPSIS = ("...", "…", "...]", "…]", "[…]", "... »", "…»")
# (with the Devanagari danda, the Armenian, Ethiopic and Burmese full stops)
_END = re.compile(r"[.!?؟。۔…»”\"'！？」』।॥։።။]\s*$")
_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"[.!?؟。۔…,،;؛:，！？；：、।॥։።။]")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NORM = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _NORM.sub(" ", text).strip().lower()


def weigh(blocks: list[RawBlock], ld_body: str, frames: list[Frame] | None = None) -> bool:
    """Set each block's intrinsic good/bad weight; True when JSON-LD located some blocks.

    ``frames`` (the walk's) tells a line of a ``<p>`` cut by ``<br>`` from a lone label."""
    located = False
    body = _norm(ld_body) if len(ld_body) > 100 else ""
    for b in blocks:
        n = len(b.text)
        ld = b.link / n if n else 0.0
        # (an ASCII text holds no wide character: isascii() is a flag, the search a scan)
        if n >= 4 and not b.text.isascii() and _WIDE.search(b.text):
            # A Chinese or Japanese character carries about a word: a 40-character line is
            # a sentence, not a menu label.
            n += 2 * len(_WIDE.findall(b.text))
        if b.kind == "heading":
            b.good, b.bad = 0.0, (n if ld > LINK_DENSE else 0.0)
        elif ld > LINK_DENSE or (b.link and b.text.endswith(_ELLIPSIS)):
            # Link lists, and teasers: a linked headline with a snippet cut off by "...".
            b.good, b.bad = 0.0, float(n)
        elif n >= LONG or (n >= SHORT and _SENTENCE.search(b.text)):
            # Links inside prose are normal (citations, names): they just do not count.
            b.good, b.bad = n * (1.0 - ld), 0.0
        elif ld > 0.25:
            b.good, b.bad = 0.0, float(n)
        elif (
            not b.link
            and n >= ITEM_CHARS
            and (
                b.kind == "list_item"
                or (
                    b.kind == "paragraph"
                    and frames is not None
                    and frames[b.frame].tag == "p"
                    and b.text.count(" ") >= LINE_WORDS - 1
                )
            )
        ):
            # A bullet or a <br> line of a paragraph without a full stop (key points,
            # steps, verse, an address) says nothing about chrome: counted against a
            # container it made the body stop before a long list or stanza.
            b.good, b.bad = 0.0, 0.0
        else:
            b.good, b.bad = 0.0, 0.2 * n
        if body and n >= SHORT:
            probe = _norm(b.text[:60])
            if len(probe) >= 15 and probe in body:
                b.good = 2.0 * max(b.good, n * (1.0 - ld))
                b.bad = 0.0
                b.ld = located = True
    return located


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
        if text.endswith(_ELLIPSIS):
            cut[i] += 1
    children: dict[int, list[Frame]] = {}
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
            groups.setdefault(_signature(k), []).append(k)
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
                for b in blocks[k.first_block : k.end_block]:
                    if b.good > 0:
                        b.bad += b.good
                        b.good = 0.0
                        b.hint = b.hint or "html.related"


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
        for b in blocks[k.first_block : k.end_block]:
            if b.good > 0:
                b.bad += b.good
                b.good = 0.0
            b.hint = b.hint or "html.comments"
    return True


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


def aggregate(frames: list[Frame], blocks: list[RawBlock]) -> None:
    """Sum block weights into their frames and up the tree (children come after parents)."""
    for f in frames:
        f.good = f.bad = 0.0
    for b in blocks:
        f = frames[b.frame]
        f.good += b.good
        f.bad += b.bad
    for f in reversed(frames):
        if f.parent >= 0:
            p = frames[f.parent]
            p.good += f.good
            p.bad += f.bad


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
    for b in blocks:
        for i in b.negs:
            if frames[i].trusted:
                b.hint = f"html.{frames[i].marker}"
                b.bad += b.good if b.good else len(b.text) * 0.5
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
            tag, cls = _full_signature(f)
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
LINK_SHARE = 0.1


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


def choose(frames: list[Frame]) -> int:
    """Index of the main-content frame (ties go to the outer frame, which comes first)."""
    best, best_score = 0, float("-inf")
    for f in frames:
        if f.good <= 0:
            continue
        score = f.good - ALPHA * f.bad
        if f.strong:
            score *= 1.25
        elif f.positive:
            score *= 1.05
        if score > best_score:
            best, best_score = f.idx, score
    return best


#: Walking up from the chosen container: the parent's extra prose must be this many times
#: the chrome it adds that nothing else would hint (short unlinked lines).
WIDEN_GAIN = 2.0


def _open_cost(blocks: list[RawBlock], lo: int, hi: int) -> tuple[float, float]:
    """(prose, chrome left unhinted) of blocks[lo:hi]: link lists and marked blocks are hinted
    inside the container anyway, so only short unlinked lines cost precision."""
    good = cost = 0.0
    for b in blocks[lo:hi]:
        if b.hint is not None:
            continue
        n = len(b.text)
        if b.good > 0:
            good += b.good
        elif n and b.link / n <= LINK_DENSE:
            cost += max(b.bad, 0.2 * n)
    return good, cost


def _widen_gain(
    frames: list[Frame], blocks: list[RawBlock], p: Frame, f: Frame
) -> tuple[float, float]:
    """What taking parent ``p`` instead of ``f`` adds: (prose, unhinted chrome). Prose in a
    wrapper right before a comments/newsletter widget is that widget's blurb (a comment
    policy), not more of the article: it counts for nothing."""
    kids: list[Frame] = []
    i = p.idx + 1
    while i < p.end_frame:
        g = frames[i]
        kids.append(g)
        i = g.end_frame if g.end_frame > i else i + 1
    gain = cost = 0.0
    prev = p.first_block
    for j, g in enumerate(kids):
        # text owned by p itself between its children
        dg, dc = _open_cost(blocks, prev, g.first_block)
        gain, cost = gain + dg, cost + dc
        prev = g.end_block
        if g is f or (g.marker and g.trusted):
            continue
        nxt = next((h for h in kids[j + 1 :] if h.end_block > h.first_block or h.marker), None)
        if nxt is not None and nxt.trusted and nxt.marker in ("comments", "newsletter"):
            continue
        dg, dc = _open_cost(blocks, g.first_block, g.end_block)
        gain, cost = gain + dg, cost + dc
    dg, dc = _open_cost(blocks, prev, p.end_block)
    return gain + dg, cost + dc


def widen(frames: list[Frame], blocks: list[RawBlock], main: int) -> int:
    """Walk up from a container that stops inside the body (one ``<p>`` of ``<br>`` lines under
    its ``articleBody`` div, the standfirst in a sibling wrapper) while the parent adds prose
    and little unhinted chrome."""
    cur = main
    for _ in range(3):
        f = frames[cur]
        if f.parent <= 0 or frames[f.parent].tag in ("body", "html"):
            break
        p = frames[f.parent]
        gain, cost = _widen_gain(frames, blocks, p, f)
        if gain <= 0 or gain < WIDEN_GAIN * cost or gain < 0.1 * f.good:
            break
        cur = p.idx
    return cur


def dense_run(blocks: list[RawBlock]) -> tuple[int, int, float]:
    """``(lo, hi, prose)``: the run of blocks in reading order maximising ``good - bad``.

    A second method beside the tree choice (the 1-D maximum-subarray problem, as jusText or
    boilerpipe see a page): blind to the tree, it joins a body split over containers and
    cut by short chrome. ``prose`` is the run's good weight.
    """
    best = cur = 0.0
    lo = best_lo = best_hi = 0
    for i, b in enumerate(blocks):
        if cur <= 0:
            cur, lo = 0.0, i
        cur += b.good - ALPHA * b.bad
        if cur > best:
            best, best_lo, best_hi = cur, lo, i + 1
    return best_lo, best_hi, sum(b.good for b in blocks[best_lo:best_hi])


def enclosing(frames: list[Frame], a: int, b: int) -> int:
    """The smallest frame enclosing frames ``a`` and ``b``."""
    while not _is_ancestor(frames, a, b):
        a = frames[a].parent
        if a < 0:
            return 0
    return a


def _is_ancestor(frames: list[Frame], a: int, b: int) -> bool:
    """True when frame ``a`` encloses frame ``b`` (or is it)."""
    return a <= b < frames[a].end_frame


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
            if sframe is None or _is_ancestor(frames, sframe.idx, mp):
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
            (f.idx, f.end_frame) for f in _siblings_like(frames, a) if f.idx != a or a == mp
        )
        if frames[a].tag not in ("article", "main") and level < 3:
            # (what follows an <article> element is not more of it)
            spans.extend((f.idx, f.end_frame) for f in _prose_after(frames, blocks, a))
        elif frames[a].tag not in ("article", "main") and level < DEEP_PART_LEVELS:
            # Deeper (wrappers of wrappers, as template engines nest them), only the next
            # wrapper past a figure or an ad, and only one that reads as body alone.
            spans.extend((f.idx, f.end_frame) for f in _deep_part_after(frames, blocks, a))
        level += 1
        a = frames[a].parent

    def in_body(b: RawBlock) -> bool:
        return any(lo <= b.frame < hi for lo, hi in spans)

    return in_body


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
    desc = _norm(description)[:60]
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
                    and _norm(b.text).startswith(desc[:40])
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


def is_linked_sentence(text: str) -> bool:
    """A long block ending a sentence: prose that happens to be a link, not a link list."""
    return len(text) >= 120 and _END.search(text) is not None


#: Chinese/Japanese characters that make a line a sentence, not a byline ("記者王小明／台北報導").
BYLINE_WIDE = 20


def is_byline(text: str) -> bool:
    """A byline/dateline/label: short, no sentence end, and a date or only a few words.

    (Arabic leads often end without a full stop, so "no punctuation" alone is not enough.)
    A line of BYLINE_WIDE or more Chinese/Japanese characters is a sentence, however few
    its spaces (a photo blog's lines end without punctuation).
    """
    if not text.isascii() and len(_WIDE.findall(text)) >= BYLINE_WIDE:
        return False
    return (
        len(text) < 100
        and not _END.search(text)
        and (_DIGIT.search(text) is not None or len(text.split()) <= 6)
    )


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


def _signature(f: Frame) -> tuple[str, str]:
    """Tag and first class name ("articleBodyText version-2" ~ "articleBodyText")."""
    cls = f.el.get("class")
    first = cls.split(None, 1) if cls else ()  # (the first name only: no list of all)
    return f.tag, first[0] if first else ""


def _siblings_like(frames: list[Frame], idx: int) -> list[Frame]:
    f = frames[idx]
    if f.parent < 0:
        return [f]
    sig = _signature(f)
    if not sig[1]:  # bare <div>s are everywhere: no evidence of a shared role
        return [f]
    p = frames[f.parent]
    out = []
    i = p.idx + 1
    while i < p.end_frame:
        g = frames[i]
        if g.parent == p.idx and _signature(g) == sig:
            out.append(g)
        i = g.end_frame if g.end_frame > i else i + 1
    return out or [f]


#: Levels above the body's parent searched for the next part of a body split after a figure
#: (the first three take any later prose sibling, see ``_prose_after``).
DEEP_PART_LEVELS = 6
#: Share of a deep part's prose its unhinted chrome may reach, and the paragraphs and prose
#: it must hold (a copyright notice of two paragraphs is no part of the body).
DEEP_PART_CHROME = 0.25
DEEP_PART_BLOCKS = 3
DEEP_PART_PROSE = 400.0


def _deep_part_after(frames: list[Frame], blocks: list[RawBlock], idx: int) -> list[Frame]:
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


def _prose_after(frames: list[Frame], blocks: list[RawBlock], idx: int) -> list[Frame]:
    """Later siblings of frame ``idx`` that read as prose: the rest of a body split in parts.

    A body cut by a subheading into two bare ``<div>``s, or continued in a second wrapper
    after an inline ad, has no shared class to show it is one body; its parts are unmarked
    frames whose prose outweighs their link lists and chrome.
    """
    f = frames[idx]
    if f.parent < 0:
        return []
    p = frames[f.parent]
    sig = _full_signature(f)
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
            if (_full_signature(g) == sig and (sig[1] or _same_shape(f.el, g.el))) or (
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


def _full_signature(f: Frame) -> tuple[str, str]:
    return f.tag, f.el.get("class") or ""
