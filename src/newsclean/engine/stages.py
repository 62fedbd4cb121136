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

A live pipe that goes quiet (``slow-scraper | newsclean clean``) must not leave articles
waiting for input that may not come for hours. A stage whose ``hears_pauses`` is true, put
first, receives :data:`PAUSE` whenever the input has nothing more for the moment; a
:class:`Prepass` then lets out every waiting article (those of keys still learning as they
are) and goes on learning. ``PAUSE`` is never passed on, nor written.

On ``--engine dask`` only stages the Dask engine knows how to distribute (the dedup) run;
any other stage is refused there with exit 2.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Final, Protocol

from newsclean.article import Article

#: Stands for "the input is quiet for now" in a stage's article stream; compared by identity.
PAUSE: Final = Article(meta={"pause": True})


class CollectionStage(Protocol):
    """Takes the run's articles in input order, yields what to write (see the module)."""

    def __call__(self, articles: Iterator[Article], /) -> Iterator[Article]: ...


def hears_pauses(stage: object) -> bool:
    """Whether ``stage`` takes :data:`PAUSE` in its stream (see the module)."""
    return bool(getattr(stage, "hears_pauses", False))


class _Chain:
    """Stages applied one after another; hears pauses when its first stage does."""

    def __init__(self, stages: tuple[CollectionStage, ...]) -> None:
        self.stages = stages
        self.hears_pauses = bool(stages) and hears_pauses(stages[0])

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        for stage in self.stages:
            articles = stage(articles)
        return articles


def chain(stages: Iterable[CollectionStage]) -> CollectionStage:
    """The stages applied one after another (identity for none)."""
    live = tuple(stages)
    if len(live) == 1:
        return live[0]
    return _Chain(live)


class Prepass:
    """A stage that learns from the first ``sample`` articles of each key, then transforms.

    Subclasses define ``key`` (e.g. the article's site), ``learn(key, articles)`` (called
    once per key with its first ``sample`` articles, or fewer when the run ends or
    ``hold`` articles are waiting) and ``apply(key, article)`` (after ``learn`` for that
    key). Articles are held only while their key is still learning, so memory is bounded
    by ``hold`` articles and ``hold_chars`` characters of text (long web pages with their
    removed boilerplate reach the second first); order is kept because an article waits
    for every article before it.

    A subclass that can count a key's articles before it learns (``observe_early``) may set
    ``hears_pauses``: on :data:`PAUSE` the samples so far are handed to ``observe_early``
    and every waiting article comes out, those of keys still learning unchanged; the key
    learns later from the rest of its sample.
    """

    hears_pauses = False

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

    def observe_early(self, key: str, articles: list[Article]) -> None:
        """Count ``articles`` of ``key`` now: they leave before ``key`` learns (a pause)."""
        raise NotImplementedError

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        learning: dict[str, list[Article]] = {}
        early: dict[str, int] = {}  # articles of a learning key already counted (pauses)
        learned: set[str] = set()
        waiting: deque[tuple[str, Article, int]] = deque()
        chars = 0  # text held in ``waiting``

        def finish_key(key: str) -> None:
            early.pop(key, None)
            self.learn(key, learning.pop(key))
            learned.add(key)

        def release() -> Iterator[Article]:
            nonlocal chars
            while waiting and waiting[0][0] in learned:
                key, article, size = waiting.popleft()
                chars -= size
                yield self.apply(key, article)

        def pause() -> Iterator[Article]:
            nonlocal chars
            for key, sample in learning.items():
                if sample:
                    self.observe_early(key, sample)
                    early[key] = early.get(key, 0) + len(sample)
                    sample.clear()
            while waiting:
                key, article, _ = waiting.popleft()
                yield self.apply(key, article) if key in learned else article
            chars = 0

        for article in articles:
            if article is PAUSE:
                yield from pause()
                continue
            key = self.key(article)
            if key not in learned:
                sample = learning.setdefault(key, [])
                sample.append(article)
                if len(sample) + early.get(key, 0) >= self.sample:
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
