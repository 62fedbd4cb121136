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

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsclean.article import Article, Block, Removal
from newsclean.text.keys import fold, fold_many, strip_site_suffix, title_key

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


# Paragraphs kept for near-repeat matching (their keys), by word count.
_ByCount = dict[int, list[str]]


def _similar_to(key: str, count: int, other: list[str], near: float) -> bool:
    """``_similar(key.split(), other, near)`` for ``key`` of ``count`` words, splitting only
    if the counts allow it."""
    if not other or min(count, len(other)) < near * max(count, len(other)):
        return False
    return _similar(key.split(), other, near)


def _near_repeat(
    seen: _ByCount, key: str, count: int, near: float, bags: dict[str, frozenset[str]]
) -> bool:
    """Whether ``key`` (``count`` words) is a near repeat of a paragraph of ``seen``.

    Only paragraphs whose word count ``_similar`` accepts next to ``count`` are looked at:
    a long page is not compared pair by pair. Their word sets (made once per paragraph, in
    ``bags``) must share enough words before the word sequences are compared; almost no
    pair gets that far."""
    counts: Iterable[int]
    if near <= 0 or len(seen) < 8:
        counts = seen
    else:
        counts = range(max(int(count * near) - 1, 1), int(count / near) + 2)
    bag: frozenset[str] | None = None
    near_count = near * count
    for other_count in counts:
        group = seen.get(other_count)
        # min(count, other_count) < near * max(count, other_count), without the calls
        if (
            not group
            or (other_count <= count and other_count < near_count)
            or (other_count > count and count < near * other_count)
        ):
            continue
        if bag is None:
            bag = _bag(key, bags)
        for other in group:
            other_bag = _bag(other, bags)
            if len(bag & other_bag) >= near * min(len(bag), len(other_bag)) and _similar(
                key.split(), other.split(), near
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
    folded_all = fold_many(texts)
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
    near_seen: _ByCount = {}
    bags: dict[str, frozenset[str]] = {}
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
                if near_seen and _near_repeat(near_seen, folded, count, near, bags):
                    removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                    continue
                near_seen.setdefault(count, []).append(folded)
            exact.add(folded)
        kept.append(block)

    if not removals:
        return article
    return article.replace(subtitle=subtitle, blocks=kept, removed=article.removing(removals))
