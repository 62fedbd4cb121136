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

from dataclasses import dataclass
from difflib import SequenceMatcher

from newsclean.article import Article, Block, Removal
from newsclean.collection.keys import fold, title_key

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


def _is_headline(text: str, key: str, head: str, head_words: list[str], near: float) -> bool:
    if key == head or title_key(text) == head:
        return True
    return near < 1.0 and _similar(key.split(), head_words, near)


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
    near_seen: list[tuple[list[str], frozenset[str]]] = []
    top = 0  # non-empty blocks seen so far (the "top of the body" window)
    for i, block in enumerate(article.blocks):
        key = fold(block.text)
        if not key:
            kept.append(block)
            continue
        at_top = top < options.window
        top += 1
        if at_top and options.headline:
            if head and _is_headline(block.text, key, head, head_words, options.near):
                removals.append(Removal(STEP, "headline-repeat", block.text, position=i))
                continue
            if not head and top == 1 and len(key.split()) <= 25:
                # No title: a short first block is the headline for the blocks below it.
                head = title_key(block.text)
                head_words = head.split()
        if (
            at_top
            and options.lede
            and sub_key
            and (key == sub_key or _similar(key.split(), sub_words, options.near))
        ):
            removals.append(Removal(STEP, "lede-repeat", block.text, position=i))
            continue
        if options.paragraphs and block.type not in _SKIP_TYPES and len(key) >= options.min_chars:
            if key in exact:
                removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                continue
            words = key.split()
            if options.near < 1.0 and len(words) >= options.min_words:
                bag = frozenset(words)
                if any(
                    len(bag & other_bag) >= options.near * min(len(bag), len(other_bag))
                    and _similar(words, other, options.near)
                    for other, other_bag in near_seen
                ):
                    removals.append(Removal(STEP, "paragraph-repeat", block.text, position=i))
                    continue
                near_seen.append((words, bag))
            exact.add(key)
        kept.append(block)

    if not removals:
        return article
    return article.replace(subtitle=subtitle, blocks=kept, removed=article.removing(removals))
