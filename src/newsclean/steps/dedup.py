"""The dedup step, inside one article: the headline repeated at the top of the body, the
standfirst repeated as the first paragraph, and paragraphs a scraper captured twice.

Blocks are compared on normalized keys (:func:`newsclean.text.keys.fold`: case,
punctuation, quotes, diacritics, tatweel, alef/hamza/yeh/teh-marbuta forms, digits,
whitespace; for headlines also a " - Site name" suffix), so cosmetic differences do not hide
a repeat; the text that is kept is never changed. The first occurrence stays; later ones
move to ``removed`` with rule ``headline-repeat``, ``lede-repeat``, ``subtitle-repeat`` or
``paragraph-repeat``. Short blocks (separators, "Photo: AP") are never deduplicated as
paragraphs: they may repeat legitimately. Duplicate *articles* are a collection stage, see
:mod:`newsclean.collection.duplicates`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from newsclean.article import Article, Block, Removal
from newsclean.optspec import cli
from newsclean.text.keys import fold, fold_many, strip_site_suffix, title_key

STEP = "dedup"

# Block types whose repetition can be legitimate (table cells, code).
_SKIP_TYPES = frozenset({"table_row", "preformatted"})


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """What the in-article dedup step removes. Defaults remove only clear repeats."""

    #: Remove body blocks near the top that repeat the headline.
    headline: bool = field(
        default=True,
        metadata=cli("--no-headline", "Keep body blocks that repeat the headline."),
    )
    #: Remove a block near the top that repeats the standfirst (and a standfirst that only
    #: repeats the headline).
    lede: bool = field(
        default=True,
        metadata=cli("--no-lede", "Keep a first paragraph that repeats the standfirst."),
    )
    #: Remove paragraphs that repeat an earlier one.
    paragraphs: bool = field(
        default=True, metadata=cli("--no-paragraphs", "Keep repeated paragraphs.")
    )
    #: How many leading non-empty blocks may be a repeated headline or standfirst.
    window: int = 3
    #: Near-exact match: similarity of the word sequences (0-1) at or above which a block
    #: counts as a repeat; 1.0 keeps only exact (normalized) repeats.
    near: float = field(
        default=0.9,
        metadata=cli(
            "--near",
            "Similarity (0.5-1) at which a block repeats another; 1 = exact repeats only "
            "(after case, punctuation, diacritics and letter-form folding).",
            bounds=(0.5, 1.0),
        ),
    )
    #: Paragraphs shorter than this (normalized characters) are never removed as repeats.
    min_chars: int = field(
        default=30,
        metadata=cli(
            "--min-chars",
            "Shorter paragraphs are never removed as repeats (separators, captions).",
            bounds=(1, None),
        ),
    )
    #: Near-exact (not identical) paragraph matching needs at least this many words.
    min_words: int = 8


def _similar(a: list[str], b: list[str], near: float) -> bool:
    if not a or not b:
        return False
    if min(len(a), len(b)) < near * max(len(a), len(b)):
        return False
    from difflib import SequenceMatcher  # rarely reached: spared at every start

    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= near


def _similar_to(key: str, count: int, other: list[str], near: float) -> bool:
    """``_similar(key.split(), other, near)`` for ``key`` of ``count`` words, splitting only
    if the counts allow it."""
    if not other or min(count, len(other)) < near * max(count, len(other)):
        return False
    return _similar(key.split(), other, near)


#: Most earlier paragraphs one paragraph is compared with word by word (the ones sharing
#: most word runs with it come first: a true repeat shares nearly all of its runs).
_CANDIDATES = 24
#: Most paragraphs one word run points to (the latest): a run every paragraph of a page
#: shares says nothing, and reading all of them would make a long page quadratic again.
_POSTINGS = 64


@lru_cache(maxsize=64)
def run_length(near: float, min_words: int) -> int:
    """Words in a run that two paragraphs of ``min_words`` words or more always share when
    their word sequences are ``near``-similar (``0 < near <= 1``).

    ``SequenceMatcher.ratio()`` is 2M/T (M matched words in T): the M words lie in matching
    blocks, and two blocks in a row are parted by an unmatched word of one side or the
    other, of which there are T - 2M; so some block is at least M / (T - 2M + 1) long.

    >>> run_length(0.9, 8), run_length(1.0, 8), run_length(0.3, 8)
    (3, 8, 1)
    """
    least = min_words
    for total in range(2 * min_words, 2000):
        matched = math.ceil(near * total / 2 - 1e-9)
        if matched > total // 2:
            continue  # no pair of this size is that similar
        least = min(least, math.ceil(matched / (total - 2 * matched + 1)))
    return max(least, 1)


def _runs(key: str, size: int) -> set[str]:
    words = key.split()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(slots=True)
class _NearIndex:
    """Paragraphs kept for near-repeat matching, by word count. A paragraph is compared with
    those whose count ``_similar`` accepts next to its own; when there are more of them than
    ``_CANDIDATES`` (a long page of like-sized paragraphs), only with the ones sharing most
    runs of ``size`` words with it (a pair of near repeats always shares one, see
    ``run_length``), so a page is near-linear, not compared pair by pair."""

    near: float
    size: int
    by_count: dict[int, list[int]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    postings: dict[str, list[int]] | None = None  # made when a page first needs it
    bags: dict[str, frozenset[str]] = field(default_factory=dict)

    def add(self, key: str, count: int) -> None:
        n = len(self.keys)
        self.keys.append(key)
        self.counts.append(count)
        self.by_count.setdefault(count, []).append(n)
        if self.postings is not None:
            self._post(n)

    def _post(self, n: int) -> None:
        assert self.postings is not None
        for run in _runs(self.keys[n], self.size):
            self.postings.setdefault(run, []).append(n)

    def _least_shared(self, count: int, other_count: int) -> int:
        """Fewest runs two near-similar paragraphs of these word counts share: their M
        matched words lie in at most T - 2M + 1 blocks, a block of L words holds L - size + 1
        runs (see ``run_length``), and the bound grows with M, so the least M gives it."""
        total = count + other_count
        matched = math.ceil(self.near * total / 2 - 1e-9)
        return matched - (self.size - 1) * (total - 2 * matched + 1)

    def _window(self, count: int) -> list[int] | None:
        """The paragraphs whose word count fits next to ``count`` (``None``: more than
        ``_CANDIDATES``; not listed, which would make a long page quadratic)."""
        near = self.near
        found: list[int] = []
        if not self.by_count:
            return found
        if near <= 0:
            counts: Iterable[int] = self.by_count
        else:
            low, high = max(int(count * near) - 1, 1), int(count / near) + 2
            # The word counts seen, or the range of those that fit, whichever is shorter (a
            # 500-word paragraph's range is ~110 counts; most pages have a few paragraphs).
            # The order does not matter: the cap is on the total, and any match will do.
            if len(self.by_count) < high - low:
                counts = [c for c in self.by_count if low <= c < high]
            else:
                counts = range(low, high)
        near_count = near * count
        for other_count in counts:
            group = self.by_count.get(other_count)
            # min(count, other_count) < near * max(count, other_count), without the calls
            if (
                not group
                or (other_count <= count and other_count < near_count)
                or (other_count > count and count < near * other_count)
            ):
                continue
            found += group
            if len(found) > _CANDIDATES:
                return None
        return found

    def repeats(self, key: str, count: int) -> bool:
        """Whether ``key`` (``count`` words) is a near repeat of a paragraph kept so far."""
        if self.near <= 0:
            return bool(self.keys)  # every pair is that similar
        window = self._window(count)
        if window is None:
            if self.postings is None:
                self.postings = {}
                for n in range(len(self.keys)):
                    self._post(n)
            runs = _runs(key, self.size)
            shared: Counter[int] = Counter()
            for run in runs:
                shared.update(self.postings.get(run, ())[-_POSTINGS:])
            # runs of ``key`` that are the same words again ("the city of the city of")
            again = max(count - self.size + 1, 0) - len(runs)
            near, window = self.near, []
            for n, k in shared.most_common():
                other_count = self.counts[n]
                if min(count, other_count) < near * max(count, other_count):
                    continue
                if k < self._least_shared(count, other_count) - again:
                    continue  # too few runs in common to be that similar
                window.append(n)
                if len(window) == _CANDIDATES:
                    break
        bag: frozenset[str] | None = None
        for n in window:
            other = self.keys[n]
            if bag is None:
                bag = _bag(key, self.bags)
            other_bag = _bag(other, self.bags)
            if len(bag & other_bag) >= self.near * min(len(bag), len(other_bag)) and _similar(
                key.split(), other.split(), self.near
            ):
                return True
        return False


def _bag(key: str, bags: dict[str, frozenset[str]]) -> frozenset[str]:
    bag = bags.get(key)
    if bag is None:
        bag = bags[key] = frozenset(key.split())
    return bag


def _title_key(text: str, key: str) -> str:
    """``title_key(text)`` given ``key = fold(text)``: most blocks have no site suffix, and
    then their title key is their key (folded once, not twice)."""
    bare = strip_site_suffix(text)
    return key if bare == text else fold(bare)


def _is_headline(
    text: str, key: str, count: int, head: str, head_words: list[str], near: float
) -> bool:
    if key == head or _title_key(text, key) == head:
        return True
    return near < 1.0 and _similar_to(key, count, head_words, near)


def dedup(article: Article, options: DedupOptions = DedupOptions()) -> Article:
    """``article`` without repeated headline, standfirst or paragraphs (see module doc)."""
    removals: list[Removal] = []
    # Every key at once (see fold_many); the title's key is its title_key.
    bare_title = strip_site_suffix(article.title) if article.title else ""
    texts = [bare_title, article.subtitle, *(block.text for block in article.blocks)]
    folded_all = fold_many(texts, body=2)  # (the duplicate stage reuses the body's fold)
    title, sub_key = folded_all[0], folded_all[1]
    subtitle = article.subtitle
    if options.lede and sub_key and title and (sub_key == title or title_key(subtitle) == title):
        removals.append(Removal(STEP, "subtitle-repeat", subtitle, field="subtitle"))
        subtitle, sub_key = "", ""

    head = title
    head_words = head.split()
    sub_words = sub_key.split()
    near = options.near
    kept: list[Block] = []
    exact: set[str] = set()
    near_seen = _NearIndex(near, run_length(near, options.min_words) if near > 0 else 1)
    top = 0  # non-empty blocks seen so far (the "top of the body" window)
    for i, (block, folded) in enumerate(zip(article.blocks, folded_all[2:], strict=True)):
        if not folded:
            kept.append(block)
            continue
        # keys are words joined by single spaces: counting spaces is cheaper than splitting
        count = folded.count(" ") + 1
        if top < options.window:
            top += 1
            if options.headline:
                if head and _is_headline(block.text, folded, count, head, head_words, near):
                    removals.append(Removal(STEP, "headline-repeat", block.text, position=i))
                    continue
                if not head and top == 1 and count <= 25:
                    # No title: a short first block is the headline for the blocks below it.
                    head = title_key(block.text)
                    head_words = head.split()
            if (
                options.lede
                and sub_key
                and (folded == sub_key or _similar_to(folded, count, sub_words, near))
            ):
                removals.append(Removal(STEP, "lede-repeat", block.text, position=i))
                continue
        if (
            options.paragraphs
            and len(folded) >= options.min_chars
            and block.type not in _SKIP_TYPES
        ):
            if folded in exact:
                removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                continue
            if near < 1.0 and count >= options.min_words:
                if near_seen.repeats(folded, count):
                    removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                    continue
                near_seen.add(folded, count)
            exact.add(folded)
        kept.append(block)

    if not removals:
        return article
    return article.replace(subtitle=subtitle, blocks=kept, removed=article.removing(removals))
