"""The dedup step, inside one article: the headline repeated at the top of the body, the
standfirst repeated as the first paragraph, and paragraphs a scraper captured twice.

Blocks are compared on normalized keys (:func:`newsclean.collection.keys.fold`: case,
punctuation, quotes, diacritics, tatweel, alef/hamza/yeh/teh-marbuta forms, digits,
whitespace; for headlines also a " - Site name" suffix), so cosmetic differences do not hide
a repeat; the text that is kept is never changed. The first occurrence stays; later ones
move to ``removed`` with rule ``headline-repeat``, ``lede-repeat``, ``subtitle-repeat`` or
``paragraph-repeat``. Short blocks (separators, "Photo: AP") are never deduplicated as
paragraphs: they may repeat legitimately. Duplicate *articles* are a collection stage, see
:mod:`newsclean.collection.duplicates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsclean.article import Article, Block, Removal
from newsclean.collection.keys import fold, strip_site_suffix, title_key

STEP = "dedup"

# Block types whose repetition can be legitimate (table cells, code).
_SKIP_TYPES = frozenset({"table_row", "preformatted"})


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """What the in-article dedup step removes. Defaults remove only clear repeats."""

    #: Remove body blocks near the top that repeat the headline.
    headline: bool = True
    #: Remove a block near the top that repeats the standfirst (and a standfirst that only
    #: repeats the headline).
    lede: bool = True
    #: Remove paragraphs that repeat an earlier one.
    paragraphs: bool = True
    #: How many leading non-empty blocks may be a repeated headline or standfirst.
    window: int = 3
    #: Near-exact match: similarity of the word sequences (0-1) at or above which a block
    #: counts as a repeat; 1.0 keeps only exact (normalized) repeats.
    near: float = 0.9
    #: Paragraphs shorter than this (normalized characters) are never removed as repeats.
    min_chars: int = 30
    #: Near-exact (not identical) paragraph matching needs at least this many words.
    min_words: int = 8


def _similar(a: list[str], b: list[str], near: float) -> bool:
    if not a or not b:
        return False
    if min(len(a), len(b)) < near * max(len(a), len(b)):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= near


class _Key:
    """A block's folded key, with its words and their set made only when a near-repeat
    comparison needs them (most paragraphs have no partner of a comparable length)."""

    __slots__ = ("_bag", "_words", "count", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        # keys are words joined by single spaces: counting spaces is cheaper than splitting
        self.count = key.count(" ") + 1
        self._words: list[str] | None = None
        self._bag: frozenset[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = self.key.split()
        return self._words

    @property
    def bag(self) -> frozenset[str]:
        if self._bag is None:
            self._bag = frozenset(self.words)
        return self._bag

    def similar(self, other: list[str], near: float) -> bool:
        """``_similar(self.words, other, near)``, splitting only if the counts allow it."""
        if not other or min(self.count, len(other)) < near * max(self.count, len(other)):
            return False
        return _similar(self.words, other, near)

    def near_repeat(self, other: _Key, near: float) -> bool:
        bag, other_bag = self.bag, other.bag
        return len(bag & other_bag) >= near * min(len(bag), len(other_bag)) and _similar(
            self.words, other.words, near
        )


# Paragraphs kept for near-repeat matching, by word count.
_ByCount = dict[int, list[_Key]]


def _comparable(seen: _ByCount, count: int, near: float) -> Iterator[_Key]:
    """The paragraphs of ``seen`` whose word count ``_similar`` accepts next to ``count``:
    a long page is not compared pair by pair (only the order of the matches changes, not
    whether one exists)."""
    if near <= 0 or len(seen) < 8:
        counts: Iterable[int] = seen
    else:
        counts = range(max(int(count * near) - 1, 1), int(count / near) + 2)
    for other_count in counts:
        group = seen.get(other_count)
        if group and min(count, other_count) >= near * max(count, other_count):
            yield from group


def _title_key(text: str, key: str) -> str:
    """``title_key(text)`` given ``key = fold(text)``: most blocks have no site suffix, and
    then their title key is their key (folded once, not twice)."""
    bare = strip_site_suffix(text)
    return key if bare == text else fold(bare)


def _is_headline(text: str, key: _Key, head: str, head_words: list[str], near: float) -> bool:
    if key.key == head or _title_key(text, key.key) == head:
        return True
    return near < 1.0 and key.similar(head_words, near)


def dedup(article: Article, options: DedupOptions = DedupOptions()) -> Article:
    """``article`` without repeated headline, standfirst or paragraphs (see module doc)."""
    removals: list[Removal] = []
    title = title_key(article.title) if article.title else ""
    subtitle, sub_key = article.subtitle, fold(article.subtitle) if article.subtitle else ""
    if options.lede and sub_key and title and (sub_key == title or title_key(subtitle) == title):
        removals.append(Removal(STEP, "subtitle-repeat", subtitle, field="subtitle"))
        subtitle, sub_key = "", ""

    head = title
    head_words = head.split()
    sub_words = sub_key.split()
    kept: list[Block] = []
    exact: set[str] = set()
    near_seen: _ByCount = {}
    top = 0  # non-empty blocks seen so far (the "top of the body" window)
    for i, block in enumerate(article.blocks):
        folded = fold(block.text)
        if not folded:
            kept.append(block)
            continue
        key = _Key(folded)
        at_top = top < options.window
        top += 1
        if at_top and options.headline:
            if head and _is_headline(block.text, key, head, head_words, options.near):
                removals.append(Removal(STEP, "headline-repeat", block.text, position=i))
                continue
            if not head and top == 1 and key.count <= 25:
                # No title: a short first block is the headline for the blocks below it.
                head = title_key(block.text)
                head_words = head.split()
        if (
            at_top
            and options.lede
            and sub_key
            and (folded == sub_key or key.similar(sub_words, options.near))
        ):
            removals.append(Removal(STEP, "lede-repeat", block.text, position=i))
            continue
        if (
            options.paragraphs
            and block.type not in _SKIP_TYPES
            and len(folded) >= options.min_chars
        ):
            if folded in exact:
                removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                continue
            if options.near < 1.0 and key.count >= options.min_words:
                if any(
                    key.near_repeat(other, options.near)
                    for other in _comparable(near_seen, key.count, options.near)
                ):
                    removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                    continue
                near_seen.setdefault(key.count, []).append(key)
            exact.add(folded)
        kept.append(block)

    if not removals:
        return article
    return article.replace(subtitle=subtitle, blocks=kept, removed=article.removing(removals))
