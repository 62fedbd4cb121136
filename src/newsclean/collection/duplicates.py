"""Duplicate articles across a collection: a streaming stage that keeps one article per
duplicate group (or only marks them), with an index that can persist between runs.

Method, in three cheap layers, none of which compares all pairs or keeps any text:

1. Every body is folded (:mod:`newsclean.text.keys`) into stable 32-bit word ids, and
   cut into word 3-gram shingles, hashed with CPython's unsalted tuple hash.
2. Its *bottom-k sketch* (the k=64 smallest shingle hashes) is kept; the 6 smallest are
   *anchors*, indexed in a compact open-addressing table. Two texts sharing most shingles
   share their smallest ones, so a copy that was edited, cut, extended or truncated to 60%
   still shares an anchor with its original with overwhelming probability.
3. Each candidate is verified on the sketches. Below the smaller of the two sketches' largest
   values, membership in both sets is known exactly, so the sampled shingles of the smaller
   body estimate its containment (|A∩B| / |smaller|) without bias: a truncated copy, or one
   with a sentence cut or added, scores exactly 1.0; light edits about 0.9; two papers'
   rewrites of one wire story 0.3-0.7. The decision uses the estimate's lower bound, so a
   score from few samples has to be higher. Only a high score makes a duplicate, so
   a shared generic headline ("عاجل", "Breaking news") never does: headlines are not
   compared, bodies are. Short bodies (fewer than 8 words) and title-only records match only
   exactly, on title and body together.

Records are decided in input order, so results do not depend on how many workers ran the
per-article steps before this stage. ``keep="first"`` streams in one pass; ``longest`` and
``newest`` spool the articles to a temporary file, decide every group, then replay.
One loop (:class:`Decider`) makes the decisions, over signatures: the local run computes them
here, the Dask engine on its workers.
"""

from __future__ import annotations

import math
import os
import tempfile
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import gt
from typing import Any, NamedTuple

from newsclean.article import Article
from newsclean.collection import index as idx
from newsclean.digest import blake2b
from newsclean.optspec import cli
from newsclean.text.keys import fold, title_key, word_ids

#: Sketch size, anchors per record, words per shingle. Stored in the index file.
K = 64
ANCHORS = 6
SHINGLE = 3

#: At most this many records indexed under one anchor, and verified per record.
ANCHOR_CAP = 16
MAX_CANDIDATES = 24

KEEP_CHOICES = ("first", "longest", "newest")


@dataclass(frozen=True)
class DuplicateOptions:
    """How collection-level duplicates are found and what happens to them."""

    keep: str = field(
        default="first",
        metadata=cli(
            "--keep",
            "Which article of a duplicate group survives. longest/newest read all "
            "input before writing (articles are spooled to a temporary file, so stdin works).",
            choices=KEEP_CHOICES,
        ),
    )
    """Which record of a group survives: ``first`` seen, ``longest`` body, ``newest`` by
    ``meta["published"]`` (ISO 8601 or RFC 2822; ties and missing dates: the first). A
    record already in the ``--index`` always wins: it was published by an earlier run."""

    mark: bool = field(
        default=False,
        metadata=cli(
            "--mark",
            "Keep every article; set meta.cluster on all and meta.duplicate_of and "
            "meta.similarity on duplicates.",
        ),
    )
    """Keep every record and only annotate it (``meta["cluster"]`` for all,
    ``meta["duplicate_of"]`` and ``meta["similarity"]`` for the duplicates)."""

    threshold: float = field(
        default=0.7,
        metadata=cli(
            "--threshold",
            "Similarity of bodies (containment of word 3-grams) that makes a duplicate.",
            bounds=(0.3, 1.0),
        ),
    )
    """Minimum similarity (containment or Jaccard of word 3-gram sets; the lower bound of the
    sketch estimate, so a score from few samples must be higher) for two bodies to be
    duplicates. Rewrites of one story sharing paragraphs score 0.3-0.7;
    cosmetic copies 1.0, truncated ones or ones with a sentence cut or added 1.0, copies with
    a few words edited about 0.9."""

    min_words: int = 8
    """Bodies shorter than this are only matched exactly (title and body together)."""

    min_title_words: int = 4
    """A record without body is matched on its title only if it has this many words, so
    "عاجل" alone never makes two records duplicates."""

    containment_ratio: float = 0.25
    """Containment counts only when the shorter body has at least this share of the longer
    one's shingles; below, Jaccard is used (a one-paragraph brief is not a copy of a long
    feature that quotes it). Truncation to 60% or a sentence added is still containment."""


class Signature(NamedTuple):
    """What dedup keeps of an article: a few integers, never text. Picklable and pure, so it
    can be computed in worker processes. (A named tuple: built once per record, cheaply.)"""

    exact: int
    size: int
    words: int
    sketch: tuple[int, ...]


_MASK64 = (1 << 64) - 1


def _hash64(data: bytes) -> int:
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def signature(article: Article, options: DuplicateOptions = DuplicateOptions()) -> Signature:
    """The dedup signature of one article (see the module docstring)."""
    words = word_ids(article.text)
    n = len(words)
    if n < options.min_words:
        tkey = title_key(article.title)
        if n == 0 and len(tkey.split()) < options.min_title_words:
            return Signature(exact=0, size=0, words=0, sketch=())
        body = fold(article.text)
        return Signature(_hash64(f"{tkey}\n{body}".encode()), 0, n, ())
    size = n - SHINGLE + 1
    shingles = zip(words, words[1:], words[2:], strict=False)
    if size <= K:
        low = sorted(set(map(hash, shingles)))
    else:
        # Hashes are uniform over 64 bits: keep only those below a cut that lets about 1.5k
        # through (k - 3.3 standard deviations), then sort those few; in the rare case too
        # few pass (a text repeating itself has fewer distinct shingles than ``size``), sort
        # them all. Either way the k smallest are the same.
        cut = -(1 << 63) + ((1 << 64) * 3 * K) // (2 * size)
        # partial(gt, cut): a vectorcall per hash; ``cut.__gt__`` packs an argument tuple
        # for each (about 10% of the shingle loop)
        low = sorted(set(filter(partial(gt, cut), map(hash, shingles))))
        if len(low) < K:
            low = sorted(set(map(hash, zip(words, words[1:], words[2:], strict=False))))
    # The exact key: CPython's int-tuple hash is unsalted and 64 bits wide.
    return Signature(hash(tuple(words)), size, n, tuple([h >> 32 for h in low[:K]]))


#: Fewest sampled shingles of the smaller body for its containment to be estimated.
MIN_SAMPLES = 12
#: Standard deviations below the estimate that still has to reach the threshold.
Z = 1.5


def _lower_bound(hits: int, samples: int) -> float:
    """Wilson lower bound (``Z`` standard deviations) of a proportion: a score from few
    samples has to be higher to count, so a sampling fluke cannot turn a rewrite into a
    copy."""
    if not samples:
        return 0.0
    p = hits / samples
    z2 = Z * Z / samples
    centre = p + z2 / 2
    spread = Z * math.sqrt(p * (1 - p) / samples + z2 / samples / 4)
    return (centre - spread) / (1 + z2)


def _similarity(
    a: Sequence[int],
    a_set: frozenset[int] | set[int],
    na: int,
    b: Sequence[int],
    nb: int,
    ratio: float,
) -> tuple[float, float]:
    """Similarity of two bodies from their bottom-k sketches (ascending; ``a_set`` is ``a``
    as a set) and shingle counts: (estimate, lower bound).

    Below ``t`` (the smaller of the two sketches' largest values) membership in both sets is
    known exactly, so the sampled shingles of the smaller body that lie below ``t`` give an
    unbiased estimate of its containment in the other; a copy that is wholly contained
    (truncated, a sentence cut or added) scores exactly 1.0. When the smaller body is under
    ``ratio`` of the larger, or has too few samples below ``t``, the union estimate of
    Jaccard is used instead.
    """
    if not a or not b:
        return 0.0, 0.0
    t = min(a[-1] if na > len(a) else 1 << 62, b[-1] if nb > len(b) else 1 << 62)
    ia = bisect_right(a, t)
    ib = bisect_right(b, t)
    both = len(a_set.intersection(b[:ib]))  # b[:ib] <= t, so a's elements above t never count
    small = ia if na <= nb else ib
    jaccard = min(na, nb) < ratio * max(na, nb) or small < MIN_SAMPLES
    samples = ia + ib - both if jaccard else small
    if not samples:
        return 0.0, 0.0
    return both / samples, _lower_bound(both, samples)


class _MultiMap:
    """int32 -> record ids, open addressing over two ``array``s (8 bytes a slot instead of a
    Python dict's ~100 bytes an entry). At most ``cap`` ids per key: an anchor shared by very
    many records is not informative, and capping keeps probing short."""

    _EMPTY = -(2**31)

    def __init__(self, cap: int = ANCHOR_CAP, expected: int = 0) -> None:
        self._cap = cap
        self._size = 1 << 16
        while self._size * 7 < expected * 10:  # room for ``expected`` keys: no regrowth
            self._size *= 2
        self._keys = array("i", [self._EMPTY]) * self._size
        self._vals = array("I", [0]) * self._size
        self._used = 0

    def add(self, keys: Iterable[int], value: int) -> None:
        """Record ``value`` under each of ``keys``."""
        empty, cap = self._EMPTY, self._cap
        for key in keys:
            if key == empty:
                continue  # the one value (of 2**32) used as the empty marker: not indexed
            table = self._keys
            mask = self._size - 1
            slot = key & mask
            seen = 0
            while table[slot] != empty:
                if table[slot] == key:
                    seen += 1
                    if seen >= cap:
                        break
                slot = (slot + 1) & mask
            else:
                table[slot] = key
                self._vals[slot] = value
                self._used += 1
                if self._used * 10 > self._size * 7:
                    self._grow()

    def get(self, keys: Iterable[int]) -> dict[int, int]:
        """Every value recorded under any of ``keys``, with how many of the keys it has."""
        empty, table, vals = self._EMPTY, self._keys, self._vals
        mask = self._size - 1
        out: dict[int, int] = {}
        for key in keys:
            slot = key & mask
            while table[slot] != empty:
                if table[slot] == key:
                    value = vals[slot]
                    out[value] = out.get(value, 0) + 1
                slot = (slot + 1) & mask
        return out

    def _grow(self) -> None:
        old_keys, old_vals = self._keys, self._vals
        self._size *= 2
        self._keys = array("i", [self._EMPTY]) * self._size
        self._vals = array("I", [0]) * self._size
        self._used = 0
        cap, self._cap = self._cap, 1 << 30  # re-adding never drops what was kept
        # Slot order is fine: lookups collect every match and callers sort candidates.
        for key, value in zip(old_keys, old_vals, strict=True):
            if key != self._EMPTY:
                self.add((key,), value)
        self._cap = cap

    def nbytes(self) -> int:
        return self._size * 8


class Decision(NamedTuple):
    """The outcome for one record."""

    rid: int
    cluster: int  # record id of the group's first member
    match: int | None  # record it duplicates (None: first of its group)
    why: str  # "unique", "identical", "near-duplicate", "contained", "title+body"
    similarity: float


@dataclass
class Report:
    """Groups found in a run: who was kept, who dropped, why, how similar."""

    records: int = 0
    duplicates: int = 0
    rows: list[tuple[str, str, str, str, str, float]] = field(default_factory=list)
    """(cluster, kept ref, duplicate ref, matched ref, why, similarity), one per duplicate:
    ``matched`` is the record it was found similar to (``kept`` or another group member)."""

    def groups(self) -> list[dict[str, Any]]:
        by: dict[str, dict[str, Any]] = {}
        for cluster, kept, ref, matched, why, sim in self.rows:
            g = by.setdefault(cluster, {"cluster": cluster, "kept": kept, "duplicates": []})
            g["duplicates"].append(
                {"record": ref, "matched": matched, "why": why, "similarity": round(sim, 3)}
            )
        return list(by.values())


class DuplicateIndex:
    """All records seen (from an earlier ``--index`` and this run), as signatures."""

    def __init__(self, store: idx.SignatureStore | None = None) -> None:
        self.store = store or idx.SignatureStore(K, ANCHORS, SHINGLE)
        self.previous = len(self.store)  # records that came from an index file
        # Sized for half of what is loaded: rebuilding it regrows the table once at most,
        # and ends at the size an incremental build reaches.
        self._anchors = _MultiMap(expected=ANCHORS * len(self.store) // 2)
        self._exact: dict[int, int] = {}
        for rid in range(len(self.store)):
            self._register(rid)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> DuplicateIndex:
        """Load ``path`` (empty if it does not exist); :class:`IndexFormatError` if corrupt."""
        return cls(idx.load(path, K, ANCHORS, SHINGLE))

    def save(self, path: str | os.PathLike[str]) -> None:
        idx.save(self.store, path)

    def __len__(self) -> int:
        return len(self.store)

    def nbytes(self) -> int:
        return self.store.nbytes() + self._anchors.nbytes() + 100 * len(self._exact)

    def _register(self, rid: int) -> None:
        st = self.store
        if st.size[rid]:
            start = rid * st.k
            self._anchors.add(st.sketch[start : start + min(ANCHORS, st.sketch_len[rid])], rid)
        elif st.exact[rid]:
            self._exact.setdefault(st.exact[rid], rid)

    def match(self, sig: Signature, options: DuplicateOptions) -> tuple[int, str, float] | None:
        """Best earlier record ``sig`` duplicates: (record id, why, similarity), or None."""
        st = self.store
        if not sig.size:
            if not sig.exact:
                return None
            rid = self._exact.get(sig.exact)
            return None if rid is None else (rid, "title+body", 1.0)
        hits = self._anchors.get(sig.sketch[:ANCHORS])
        candidates: Iterable[int] = sorted(hits)
        if len(hits) > MAX_CANDIDATES:
            # Text shared by many records (a template, a stock paragraph): verify those
            # sharing the most anchors first, and only so many, to bound the cost.
            ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
            candidates = sorted(rid for rid, _ in ranked[:MAX_CANDIDATES])
        best: tuple[int, str, float] | None = None
        mine = sig.sketch
        mine_set: frozenset[int] | None = None  # made for the first candidate to verify
        k, sketches, lengths = st.k, st.sketch, st.sketch_len
        for rid in candidates:
            if st.exact[rid] == sig.exact:
                score, bound, why = 1.0, 1.0, "identical"
            else:
                if mine_set is None:
                    mine_set = frozenset(mine)
                start = rid * k
                other = sketches[start : start + lengths[rid]]
                score, bound = _similarity(
                    mine, mine_set, sig.size, other, st.size[rid], options.containment_ratio
                )
                small, large = sorted((sig.size, st.size[rid]))
                why = "near-duplicate" if small >= 0.9 * large else "contained"
            if bound >= options.threshold and (best is None or score > best[2]):
                best = (rid, why, score)
        return best

    def add(self, sig: Signature, ref: str, cluster: int | None = None) -> int:
        rid = len(self.store)
        self.store.append(
            sig.exact, sig.size, sig.words, rid if cluster is None else cluster, sig.sketch, ref
        )
        self._register(rid)
        return rid

    def decide(self, sig: Signature, ref: str, options: DuplicateOptions) -> Decision:
        """Match ``sig`` against everything seen, record it, and say what it is."""
        found = self.match(sig, options)
        if found is None:
            rid = self.add(sig, ref)
            return Decision(rid, rid, None, "unique", 0.0)
        other, why, score = found
        cluster = self.store.cluster[other]
        rid = self.add(sig, ref, cluster)
        return Decision(rid, cluster, other, why, score)


def record_ref(article: Article) -> str:
    """How a record is named in reports and ``duplicate_of``: ``source#record`` or source."""
    meta = article.meta
    source = str(meta.get("source", "-"))
    record = meta.get("record")
    return source if record is None else f"{source}#{record}"


def published_sort_key(article: Article) -> str:
    """``meta["published"]`` as a sortable UTC ISO string (ISO 8601 or RFC 2822 input;
    missing or unreadable dates sort first)."""
    value = article.meta.get("published")
    if not value:
        return ""
    # only for --keep newest: email.utils costs ~10 ms of a start
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    text = str(value).strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat()


def cluster_id(index: DuplicateIndex, rid: int) -> str:
    """Stable, content-derived id of the group whose representative is ``rid``."""
    return f"{index.store.exact[rid] & _MASK64:016x}"


#: What happens to one article: None = dropped, otherwise the meta keys to add (maybe none).
Verdict = tuple[tuple[str, Any], ...] | None
KEEP: Verdict = ()


class Ranked(NamedTuple):
    """What the decisions need of one article (a few hundred bytes, never its text), so they
    can be made where the article is not, e.g. by the Dask engine's client."""

    sig: Signature
    ref: str
    #: ``len(article.text)``, a tie-break of ``--keep longest`` (0 when not needed).
    text_len: int
    #: Normalized ``meta.published`` for ``--keep newest`` ("" when not needed).
    published: str


def ranked(article: Article, options: DuplicateOptions = DuplicateOptions()) -> Ranked:
    """The :class:`Ranked` of one (already cleaned) article; pure, so workers can compute it."""
    return Ranked(
        signature(article, options),
        record_ref(article),
        len(article.text) if options.keep == "longest" else 0,
        published_sort_key(article) if options.keep == "newest" else "",
    )


def annotate(article: Article, verdict: Verdict) -> Article:
    """Apply a non-None verdict (its ``--mark`` keys, if any) to the article."""
    return article.with_meta(**dict(verdict)) if verdict else article


class Deduplicator:
    """The collection stage: ``Deduplicator(options, index).run(articles)`` yields the
    articles to keep (all of them, annotated, with ``mark``); ``report`` fills as it goes.

    Engines whose articles stay elsewhere feed :class:`Ranked` items to :meth:`decider`
    instead: the same loop, so the same decisions, report and index."""

    def __init__(
        self, options: DuplicateOptions = DuplicateOptions(), index: DuplicateIndex | None = None
    ) -> None:
        if options.keep not in KEEP_CHOICES:
            raise ValueError(f"keep must be one of {', '.join(KEEP_CHOICES)}")
        self.options = options
        self.index = index if index is not None else DuplicateIndex()
        self.report = Report()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        return self.run(articles)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        if self.options.keep == "first":
            return self._one_pass(articles)
        return self._two_pass(articles)

    def decider(self) -> Decider:
        """A fresh decision loop over this stage's index and report."""
        return Decider(self)

    def _one_pass(self, articles: Iterable[Article]) -> Iterator[Article]:
        decider = self.decider()
        for article in articles:
            verdict = decider.add(ranked(article, self.options))
            if verdict is not None:
                yield annotate(article, verdict)

    def _two_pass(self, articles: Iterable[Article]) -> Iterator[Article]:
        import pickle  # only for --keep longest/newest

        decider = self.decider()
        with tempfile.TemporaryFile(prefix="newsclean-dedup-") as spool:
            for article in articles:
                decider.add(ranked(article, self.options))
                pickle.dump(article, spool, protocol=pickle.HIGHEST_PROTOCOL)
            spool.seek(0)
            for verdict in decider.finish():
                article = pickle.load(spool)
                if verdict is not None:
                    yield annotate(article, verdict)


class Decider:
    """The one decision loop, over :class:`Ranked` items in input order. Feed them with
    :meth:`add`; with ``keep="first"`` its return value is each item's final verdict, else
    :meth:`finish` yields every verdict, in order, once all are added."""

    def __init__(self, deduplicator: Deduplicator) -> None:
        self.dd = deduplicator
        self.streaming = deduplicator.options.keep == "first"
        self._first_new = len(deduplicator.index)
        self._decisions: list[Decision] = []
        # Per group, the best candidate so far: cluster -> (score tuple, rid).
        self._best: dict[int, tuple[tuple[Any, ...], int]] = {}

    def add(self, item: Ranked) -> Verdict:
        """Decide one article; with ``keep="first"`` returns its verdict, else ``KEEP`` (a
        placeholder: the real verdicts come from :meth:`finish`)."""
        opts = self.dd.options
        d = self.dd.index.decide(item.sig, item.ref, opts)
        if self.streaming:  # the first record of a group is the one kept
            return self._settle(d, d.cluster)
        n = len(self._decisions)
        self._decisions.append(d)
        if d.cluster < self._first_new:
            return KEEP  # an indexed record already represents the group
        if opts.keep == "longest":
            score: tuple[Any, ...] = (item.sig.words, item.text_len, -n)
        else:
            score = (item.published, -n)
        cur = self._best.get(d.cluster)
        if cur is None or score > cur[0]:
            self._best[d.cluster] = (score, d.rid)
        return KEEP

    def finish(self) -> Iterator[Verdict]:
        """The verdicts of every article added, in order (``keep`` longest/newest)."""
        decisions, self._decisions = self._decisions, []
        for d in decisions:
            rep = self._best[d.cluster][1] if d.cluster in self._best else d.cluster
            yield self._settle(d, rep)

    def _settle(self, d: Decision, rep: int) -> Verdict:
        """Count decision ``d`` in the report, its group represented by record ``rep``, and
        say what happens to its article."""
        ix, report, mark = self.dd.index, self.dd.report, self.dd.options.mark
        report.records += 1
        if d.rid == rep:  # kept: its group id is only written with --mark
            return (("cluster", cluster_id(ix, rep)),) if mark else KEEP
        cid = cluster_id(ix, rep)
        kept = ix.store.ref(rep)
        report.duplicates += 1
        if d.match is None:  # the group's first member, outranked by a later one
            matched, why, sim = kept, "outranked", 1.0
        else:
            matched, why, sim = ix.store.ref(d.match), d.why, d.similarity
        report.rows.append((cid, kept, ix.store.ref(d.rid), matched, why, sim))
        if not mark:
            return None
        return (("cluster", cid), ("duplicate_of", kept), ("similarity", round(d.similarity, 3)))


def deduplicate(
    articles: Iterable[Article],
    options: DuplicateOptions = DuplicateOptions(),
    index: DuplicateIndex | None = None,
) -> Iterator[Article]:
    """Library entry point: the articles to keep, in input order."""
    return Deduplicator(options, index).run(articles)
