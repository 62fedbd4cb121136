"""Choose the main content among the frames of a page: block weights, the choice, widening.

The method, general by design (no per-site rules); this module holds steps 1 and 3, the
others live in ``teasers`` and ``markers`` (step 2) and ``hint`` (step 4):

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

from newsclean.extract.blocks import Frame, RawBlock
from newsclean.extract.frames import children
from newsclean.extract.shapes import WIDE

#: Weight of boilerplate against prose when choosing the container.
ALPHA = 1.0
#: Link text share above which a block is a link list, not prose.
LINK_DENSE = 0.5
#: Link text share under which a run of paragraphs reads as prose (a part of a split body, a
#: marker's false friend).
LINK_SHARE = 0.1
#: Blocks at least this long count as prose even without sentence punctuation.
LONG = 80
#: Shorter blocks count as prose when they carry sentence punctuation.
SHORT = 25
#: An unlinked list item this long weighs nothing either way (neither prose nor chrome);
#: so does a line of a ``<p>`` of this length and at least LINE_WORDS words.
ITEM_CHARS = 30
LINE_WORDS = 5
#: Ends of an excerpt cut off by a teaser ("Read the rest…").
ELLIPSIS = ("...", "…", "...]", "…]", "[…]", "... »", "…»")
_SENTENCE = re.compile(r"[.!?؟。۔…,،;؛:，！？；：、।॥։።။]")
_NORM = re.compile(r"\W+")


def norm(text: str) -> str:
    return _NORM.sub(" ", text).strip().lower()


def weigh(blocks: list[RawBlock], ld_body: str, frames: list[Frame] | None = None) -> bool:
    """Set each block's intrinsic good/bad weight; True when JSON-LD located some blocks.

    ``frames`` (the walk's) tells a line of a ``<p>`` cut by ``<br>`` from a lone label."""
    located = False
    body = norm(ld_body) if len(ld_body) > 100 else ""
    for b in blocks:
        n = len(b.text)
        ld = b.link / n if n else 0.0
        # (an ASCII text holds no wide character: isascii() is a flag, the search a scan)
        if n >= 4 and not b.text.isascii() and WIDE.search(b.text):
            # A Chinese or Japanese character carries about a word: a 40-character line is
            # a sentence, not a menu label.
            n += 2 * len(WIDE.findall(b.text))
        if b.kind == "heading":
            b.good, b.bad = 0.0, (n if ld > LINK_DENSE else 0.0)
        elif ld > LINK_DENSE or (b.link and b.text.endswith(ELLIPSIS)):
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
            probe = norm(b.text[:60])
            if len(probe) >= 15 and probe in body:
                b.good = 2.0 * max(b.good, n * (1.0 - ld))
                b.bad = 0.0
                b.ld = located = True
    return located


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
    kids = children(frames, p)
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
