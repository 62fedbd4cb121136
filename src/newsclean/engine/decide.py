"""Cross-collection dedup decisions from signatures alone, for engines whose articles stay on
remote workers.

Workers compute each article's :class:`~newsclean.collection.duplicates.Signature` (the
expensive part: folding and shingling the text) plus the two small values ``--keep longest`` /
``--keep newest`` rank by; the client replays them, in global input order, through the very
same :class:`~newsclean.collection.duplicates.DuplicateIndex` a local
:class:`~newsclean.collection.duplicates.Deduplicator` uses, and fills that Deduplicator's
``index`` and ``report``. So the kept/dropped decisions, the clusters, the ``--mark``
annotations, the report rows and a saved ``--index`` are the local run's, by construction,
whatever the partitioning: the order is the input order, never the order results arrive in.

The replay mirrors ``Deduplicator._one_pass`` / ``_two_pass`` line for line; the tests compare
the two on the same inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from newsclean.article import Article
from newsclean.collection.duplicates import (
    Decision,
    Deduplicator,
    Signature,
    published_sort_key,
    record_ref,
    signature,
)

#: What happens to one article: None = dropped, otherwise the meta keys to add (maybe none).
Verdict = tuple[tuple[str, Any], ...] | None
KEEP: Verdict = ()


class SigInfo(NamedTuple):
    """What the client needs of one article (a few hundred bytes, never its text)."""

    sig: Signature
    ref: str
    #: ``len(article.text)``, a tie-break of ``--keep longest`` (0 when not needed).
    text_len: int
    #: Normalized ``meta.published`` for ``--keep newest`` ("" when not needed).
    published: str


def sig_info(article: Article, dd_keep: str, options: Any) -> SigInfo:
    """The SigInfo of one (already cleaned) article; runs on a worker."""
    return SigInfo(
        signature(article, options),
        record_ref(article),
        len(article.text) if dd_keep == "longest" else 0,
        published_sort_key(article) if dd_keep == "newest" else "",
    )


def annotate(article: Article, verdict: Verdict) -> Article:
    """Apply a non-None verdict (``--mark`` keys) to the article."""
    return article.with_meta(**dict(verdict)) if verdict else article


class Replay:
    """Feed SigInfos in input order with :meth:`add`; read verdicts (in the same order) from
    :meth:`add`'s return value (``keep="first"``: final at once) or :meth:`finish`."""

    def __init__(self, deduplicator: Deduplicator) -> None:
        self.dd = deduplicator
        self.streaming = deduplicator.options.keep == "first"
        self._first_new = len(deduplicator.index)
        self._decisions: list[Decision] = []
        self._best: dict[int, tuple[tuple[Any, ...], int]] = {}
        self._n = 0

    def _mark(self, cid: str, kept: str | None, sim: float) -> Verdict:
        if not self.dd.options.mark:
            return KEEP
        if kept is None:
            return (("cluster", cid),)
        return (("cluster", cid), ("duplicate_of", kept), ("similarity", round(sim, 3)))

    def add(self, info: SigInfo) -> Verdict:
        """Decide one article; with ``keep="first"`` returns its verdict, else ``KEEP`` (a
        placeholder: the real verdicts come from :meth:`finish`)."""
        dd, ix, opts = self.dd, self.dd.index, self.dd.options
        d = ix.decide(info.sig, info.ref, opts)
        if not self.streaming:
            n = self._n
            self._n += 1
            self._decisions.append(d)
            if d.cluster < self._first_new:
                return KEEP  # an indexed record already represents the group
            if opts.keep == "longest":
                score: tuple[Any, ...] = (info.sig.words, info.text_len, -n)
            else:
                score = (info.published, -n)
            cur = self._best.get(d.cluster)
            if cur is None or score > cur[0]:
                self._best[d.cluster] = (score, d.rid)
            return KEEP
        cid, kept, sim = dd.settle(d, d.cluster)
        if kept is None:
            return self._mark(cid, None, 0.0)
        return self._mark(cid, kept, sim) if opts.mark else None

    def finish(self) -> Iterator[Verdict]:
        """The verdicts of every article added, in order (``keep`` longest/newest)."""
        dd = self.dd
        for d in self._decisions:
            rep = self._best[d.cluster][1] if d.cluster in self._best else d.cluster
            cid, kept, sim = dd.settle(d, rep)
            if kept is None:
                yield self._mark(cid, None, 0.0)
            else:
                yield self._mark(cid, kept, sim) if dd.options.mark else None
        self._decisions = []
