"""Collection stages: work over all the articles of a run, in input order, in the main process.

A stage is a function from the run's article stream to the stream to write::

    class CollectionStage(Protocol):
        def __call__(self, articles: Iterator[Article]) -> Iterator[Article]: ...

and may also have ``writes`` (files it writes, never read as inputs by the same run) and
``finish(summary)`` (called once the outputs are written: save an index, print a summary)
and ``dropped`` (what it held back, ``{"duplicates across articles": 265}``, read for the
run's summary once every article has passed).
Stages run in the order the Plan lists them, after the per-article steps and before
rendering; each may drop, hold back, change or add articles (an added article without a
route is written under the name ``collection``).

Cross-collection dedup (``newsclean.cli.dedup.CollectionDedup``) is one. A stage that must
*learn* from the run before changing articles (the site-template learner: the first N
articles of each site teach what is boilerplate there) subclasses :class:`Prepass`: it sees
the first ``sample`` articles of each key (site) before any of them is written, learns once
per key, then transforms every article of that key; output order never changes.

On ``--engine dask`` only stages the Dask engine knows how to distribute (the dedup) run;
any other stage is refused there with exit 2.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Protocol

from newsclean.article import Article


class CollectionStage(Protocol):
    """Takes the run's articles in input order, yields what to write (see the module)."""

    def __call__(self, articles: Iterator[Article], /) -> Iterator[Article]: ...


def chain(stages: Iterable[CollectionStage]) -> CollectionStage:
    """The stages applied one after another (identity for none)."""
    live = tuple(stages)
    if len(live) == 1:
        return live[0]

    def chained(articles: Iterator[Article]) -> Iterator[Article]:
        for stage in live:
            articles = stage(articles)
        return articles

    return chained


class Prepass:
    """A stage that learns from the first ``sample`` articles of each key, then transforms.

    Subclasses define ``key`` (e.g. the article's site), ``learn(key, articles)`` (called
    once per key with its first ``sample`` articles, or fewer when the run ends or
    ``hold`` articles are waiting) and ``apply(key, article)`` (after ``learn`` for that
    key). Articles are held only while their key is still learning, so memory is bounded
    by ``hold`` articles and ``hold_chars`` characters of text (long web pages with their
    removed boilerplate reach the second first); order is kept because an article waits
    for every article before it.
    """

    def __init__(self, sample: int = 50, hold: int = 10_000, hold_chars: int = 8_000_000):
        self.sample = sample
        self.hold = hold
        self.hold_chars = hold_chars

    def key(self, article: Article) -> str:
        return str(article.meta.get("site") or "")

    def learn(self, key: str, articles: list[Article]) -> None:
        raise NotImplementedError

    def apply(self, key: str, article: Article) -> Article:
        raise NotImplementedError

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        learning: dict[str, list[Article]] = {}
        learned: set[str] = set()
        waiting: deque[tuple[str, Article, int]] = deque()
        chars = 0  # text held in ``waiting``

        def finish_key(key: str) -> None:
            self.learn(key, learning.pop(key))
            learned.add(key)

        def release() -> Iterator[Article]:
            nonlocal chars
            while waiting and waiting[0][0] in learned:
                key, article, size = waiting.popleft()
                chars -= size
                yield self.apply(key, article)

        for article in articles:
            key = self.key(article)
            if key not in learned:
                sample = learning.setdefault(key, [])
                sample.append(article)
                if len(sample) >= self.sample:
                    finish_key(key)
            size = article.held_chars if key not in learned or waiting else 0
            waiting.append((key, article, size))
            chars += size
            while (len(waiting) > self.hold or chars > self.hold_chars) and (
                waiting[0][0] not in learned
            ):
                finish_key(waiting[0][0])  # the oldest key learns from what it has
            yield from release()
        for key in list(learning):
            finish_key(key)
        yield from release()
