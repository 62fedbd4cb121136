"""A second, independent reading of a page: the densest cluster of prose in reading order.

The container choice (``score``) works on the tree, its markers and its templates; when it
goes wrong on a template nobody tuned for, it goes wrong in whole pages (an empty result, one
of several containers a body is split over, something else taken for the article while the
text under the headline is left out). This module reads the same blocks with none of that:
a block is *prose* by its own text alone (long, or a sentence, few links); prose blocks in
reading order form *clusters*, which may bridge a few short non-prose blocks (a subheading,
a caption, an ad label) but never a linked headline (the next teaser) or a long stretch of
chrome. It is blind to class
names, so a page stripped of every ``class`` and ``id`` reads the same.

``extract`` asks :func:`verdict` only when the kept article looks like a miss (it holds under
two thirds of the page's prose); the verdict decides from both readings which cluster, if
any, the article is widened to (see ``docs/extraction.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsclean.extract.blocks import Frame, RawBlock

#: A block is prose when it is this long, or SHORT_PROSE with sentence punctuation ...
LONG_PROSE = 80
SHORT_PROSE = 40
#: ... and its links hold under this share of its text.
PROSE_LINKS = 0.3
#: A cluster bridges at most this many non-prose blocks in a row, of at most GAP_CHARS each.
GAP_BLOCKS = 3
GAP_CHARS = 120
#: A block this share links, at least this long, is a linked headline: clusters stop there.
HEADLINE_LINKS = 0.8
HEADLINE_CHARS = 15

_SENTENCE = re.compile(r"[.!?؟。۔…,،;؛！？।]")


def is_prose(b: RawBlock) -> bool:
    """Prose by the block's own text: no marker, template or container judged it."""
    n = len(b.text)
    if b.kind == "heading" or n < SHORT_PROSE or b.link >= PROSE_LINKS * n:
        return False
    return n >= LONG_PROSE or _SENTENCE.search(b.text) is not None


def _breaks(b: RawBlock) -> bool:
    """A block no cluster bridges: a linked headline or a long non-prose line."""
    n = len(b.text)
    return (n >= HEADLINE_CHARS and b.link >= HEADLINE_LINKS * n) or n > GAP_CHARS


@dataclass(slots=True)
class Cluster:
    """Blocks ``lo:hi`` in reading order; ``prose`` characters (links left out) in ``paras``
    prose blocks."""

    lo: int
    hi: int
    prose: float
    paras: int


def clusters(frames: list[Frame], blocks: list[RawBlock]) -> list[Cluster]:
    """Every cluster of prose blocks in reading order (one linear pass). Hidden blocks
    (``hidden``, ``display:none``: what a reader does not see) are not prose."""
    out: list[Cluster] = []
    cur: Cluster | None = None
    gap = 0
    for i, b in enumerate(blocks):
        if is_prose(b) and not any(frames[j].marker == "hidden" for j in b.negs):
            if cur is None:
                cur = Cluster(i, i + 1, 0.0, 0)
            cur.hi = i + 1
            cur.prose += len(b.text) - b.link
            cur.paras += 1
            gap = 0
            continue
        if cur is None:
            continue
        gap += 1
        if gap > GAP_BLOCKS or _breaks(b):
            out.append(cur)
            cur, gap = None, 0
    if cur is not None:
        out.append(cur)
    return out


def densest(found: list[Cluster]) -> Cluster | None:
    """The cluster holding the most prose."""
    return max(found, key=lambda c: c.prose, default=None)


#: Hints the container choice gives by position alone (outside the container, after the
#: body's parent): the second reading may take such blocks back.
POSITIONAL = frozenset({"html.outside-main", "html.after-body"})
#: The second reading widens the article when its cluster holds at least KEPT_INSIDE of the
#: kept text and this many times as much ...
WIDEN_RATIO = 1.5
KEPT_INSIDE = 0.5
#: ... and the first reading judged at most this share of the cluster's prose as chrome by
#: a marker or a template (a comment thread, a "most read" column, hidden text).
JUDGED_SHARE = 0.2
#: With nothing kept, a cluster needs this much prose in MIN_PARAS blocks to be taken.
MIN_PROSE = 200
MIN_PARAS = 2


def _unlinked(b: RawBlock) -> int:
    return len(b.text) - b.link


def verdict(frames: list[Frame], blocks: list[RawBlock]) -> tuple[Cluster, str] | None:
    """The cluster to widen the kept article to and why, or None when the first reading
    stands.

    The kept article's cluster is the one holding most of its text; it is taken when it
    holds WIDEN_RATIO times that text (the container stopped inside the body, or took one
    of the parts a body is split over). When nothing was kept, the densest cluster is
    taken if it is a real run of prose. Either is refused when the first reading judged
    more than JUDGED_SHARE of its prose to be chrome by content or marker (a comment thread,
    a "most read" column, hidden text), not only by position. Before both: the run right
    under the headline, when the first reading kept nothing of it.
    """
    found = clusters(frames, blocks)
    if not found:
        return None
    kept = [0.0] * len(found)
    judged = [0.0] * len(found)
    loose = [0.0] * len(found)
    c = 0
    for i, b in enumerate(blocks):
        while c < len(found) and found[c].hi <= i:
            c += 1
        if c == len(found):
            break
        if i < found[c].lo or not is_prose(b):
            if b.hint is None and i >= found[c].lo:
                kept[c] += _unlinked(b)
            continue
        if b.hint is None:
            kept[c] += _unlinked(b)
        elif b.hint in POSITIONAL:
            loose[c] += _unlinked(b)
        else:
            judged[c] += _unlinked(b)
    total = sum(_unlinked(b) for b in blocks if b.hint is None)
    anchor = _anchored(found, blocks)
    if anchor >= 0 and kept[anchor] == 0 and judged[anchor] <= JUDGED_SHARE * found[anchor].prose:
        # The run of prose right under the headline holds nothing kept: the first reading
        # took something else on the page (a footer's blurb, a teaser) for the article, or
        # left the article's opening out. The run is the article's start: taken in too.
        a = found[anchor]
        if a.paras >= MIN_PARAS and a.prose >= MIN_PROSE:
            return a, "under the headline"
    if total == 0:
        best = densest(found)
        if best is None or best.prose < MIN_PROSE or best.paras < MIN_PARAS:
            return None
        at, why = found.index(best), "densest on the page"
    else:
        at, why = max(range(len(found)), key=lambda j: kept[j]), "holding the kept text"
        if kept[at] < KEPT_INSIDE * total or loose[at] < (WIDEN_RATIO - 1.0) * total:
            return None
    best = found[at]
    return None if judged[at] > JUDGED_SHARE * best.prose else (best, why)


#: A cluster starting within this many blocks after the headline is the headline's own.
ANCHOR_GAP = 6


def _anchored(found: list[Cluster], blocks: list[RawBlock]) -> int:
    """Index of the cluster that opens within ANCHOR_GAP blocks under the headline (the
    first block hinted as the page's title), or -1."""
    t = next((i for i, b in enumerate(blocks) if b.hint == "html.title"), -1)
    if t < 0:
        return -1
    for j, c in enumerate(found):
        if c.lo > t:
            return j if c.lo - t <= ANCHOR_GAP else -1
    return -1
