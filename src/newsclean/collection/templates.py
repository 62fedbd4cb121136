"""Site templates learned during a run: the repeated head and tail every article of a site
carries, found as word 4-grams, removed by position (issue 15).

Articles are grouped by site (``meta.site``, else the url's host, else the input's
directory), as ``newsclean learn`` groups them. For each group the stage counts, per article,
the hashed word 4-grams of its first ``head_words`` and last ``tail_words`` words; a 4-gram
seen in at least ``min_share`` of the group's articles is template. Words that vary from
page to page but are template all the same — numbers, dates and times (``اليوم 06:42``,
``20 اب``), the record's own keywords — are *fillers*: skipped when 4-grams are formed,
so the fixed words around them still line up, and bridged when a template is walked.

Removal is by position and context only. From the end of an article the stage walks back
over template 4-grams and fillers; the tail goes from the first template word on (fillers
at its start only after a sentence or line end). From the start it walks forward the same
way, and the head goes only up to a sentence or line end, a dateline or the title inside
that run — never into a sentence that goes on with article text (a fact-checker's standard
opening, say). A paragraph that recurs inside the body is never reached: the walks stop at
the first word of article text.

The pass is deterministic: a group's template is decided once ``sample`` distinct articles of
it were seen (counting those a ``--profile`` remembers), or at the end of the input, or when
too many articles wait (``max_pending``); articles wait for their group's decision and leave
in input order, so the output does not depend on ``--jobs``. A group with fewer than
``min_articles`` articles (run plus profile) learns nothing. Memory is bounded: counts are
64-bit hashes, pruned and decayed (see :class:`SiteCounts`).
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from bisect import bisect_left, bisect_right
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, not_

from newsclean.article import Article, Block, Removal
from newsclean.collection.learn import GROUP_BY
from newsclean.collection.learn import group_of as learn_group_of
from newsclean.steps.boilerplate.fold import fold
from newsclean.steps.boilerplate.structure import date_words
from newsclean.steps.strip import StripOptions, strip_edges

STEP = "strip"
RULE_PREFIX = "learned."


@dataclass(frozen=True, slots=True)
class TemplateOptions:
    """How site templates are learned and removed (``strip``/``clean`` over a collection)."""

    #: A site's template is decided after this many distinct articles of it (run + profile).
    sample: int = 40
    #: Fewer distinct articles than this (run + profile): nothing is learned for the site.
    min_articles: int = 8
    #: A 4-gram is template when seen in at least this share of the site's articles.
    min_share: float = 0.3
    #: Words looked at, at each end of an article.
    tail_words: int = 300
    head_words: int = 80
    #: At most this many articles wait for their site's decision (then the oldest's site is
    #: decided with what it has).
    max_pending: int = 2000
    #: ... and at most this many characters of their text (with what was removed): long web
    #: pages reach this first. A waiting article costs ~10 bytes a character in objects, so
    #: 16 M held ~150 MB on a crawl; 8 M keeps a 1 GB WARC run at 132 MB, flat.
    max_pending_chars: int = 8_000_000
    #: At most about this many 4-gram counts are held for all sites together: past it, the
    #: counts of 1 (a 4-gram seen in one article) are dropped everywhere (many small sites).
    max_counts: int = 1_000_000
    #: Group articles by: auto (site, else url host, else input directory), site, host, dir,
    #: none (one group).
    group_by: str = "auto"
    #: After a learned cut, the strip rules that fit only at an edge are run again on the
    #: new edge, with these options (the run's ``strip`` options; None: not).
    edges: StripOptions | None = StripOptions()  # noqa: RUF009 (frozen: shared safely)


# --------------------------------------------------------------------------- words

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'«»“”‘’()[]{}<>.,،;؛:!?؟…-–—|/\\•·*_~`^=+"
_DIGITS = re.compile(r"\d+")
_NUMERIC = re.compile(r"[0\W_]+")  # after digit runs became "0": a number, a time, a date
_ALEF_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_TERMINAL = frozenset(".!?؟…۔")
_CLOSING = "\"'»”’)]"
#: Marks that divide a page's banner or breadcrumb ("Site | Section", "الرئيسية » أخبار") and
#: that prose does not use between words: a head run holding one is page furniture.
_DIVIDERS = frozenset("|»›•·")
_DATE_WORDS = date_words()

#: Token kinds.
CONTENT, NUMBER, DATE, TAG, NEUTRAL = range(5)


def word_key(token: str) -> str:
    """The matching form of a word: folded, edge punctuation off, digit runs as ``0``."""
    return _DIGITS.sub("0", _normal(token)).strip(_EDGE_PUNCT)


def _normal(text: str) -> str:
    # diacritics and tatweel dropped (ZWNJ too: a space here would split a word), case and
    # hamza-on-alef folded; never adds or removes whitespace, so words line up with the text.
    # str.replace per letter, not str.translate: it runs at memchr speed on long text
    t = fold(text.replace("\u200c", "")).casefold()
    for a, b in _ALEF_PAIRS:
        if a in t:
            t = t.replace(a, b)
    return t


_WORD_HASHES: dict[str, int] = {}


def _word_hash(key: str) -> int:
    """A stable 32-bit hash of a word (the same in every run and process), remembered: a
    dictionary lookup costs less than encoding and hashing again (template words recur)."""
    h = _WORD_HASHES.get(key)
    if h is None:
        if len(_WORD_HASHES) >= 500_000:
            _WORD_HASHES.clear()  # bounded: a long run meets many words once
        h = _WORD_HASHES[key] = zlib.crc32(key.encode("utf-8"))
    return h


#: What a raw token is worth, remembered per process: (matching key, kind before the record's
#: tags and the words around it are seen, word hash). Template words recur in every article
#: of a site, so one dictionary lookup replaces folding, the digit and edge clean-up and the
#: hash lookup of each word: the windows cost about half as much.
_TOKENS: dict[str, tuple[str, int, int]] = {}


_KEY, _KIND, _HASH = itemgetter(0), itemgetter(1), itemgetter(2)


def _token(raw: str) -> tuple[str, int, int]:
    info = _TOKENS.get(raw)
    if info is None:
        key = _normal(raw)
        if not key.isalpha():
            key = _DIGITS.sub("0", key).strip(_EDGE_PUNCT)
        kind = _kind(key)
        if len(_TOKENS) >= 500_000:
            _TOKENS.clear()  # bounded: a long run meets many words once
        info = _TOKENS[raw] = (key, kind, _word_hash(key))
    return info


def _infos(raw: list[str]) -> list[tuple[str, int, int]]:
    """:func:`_token` of each word: looked up, and the words met for the first time worked
    out together."""
    get = _TOKENS.get
    info = list(map(get, raw))
    if None in info:
        _new_tokens(compress(raw, map(not_, info)))
        info = list(map(get, raw))
        if None in info:  # (the memo was emptied for room meanwhile)
            info = [x or _token(t) for x, t in zip(info, raw, strict=True)]
    return info  # type: ignore[return-value]


#: More new words than this at once are worked out in C loops (fewer: one by one, cheaper
#: on the few new words a removal window meets).
_MANY_NEW = 24


def _new_tokens(raws: Iterable[str]) -> None:
    """:func:`_token` for many words met for the first time at once (the first articles of a
    run are mostly such words): each step of the key runs once over all of them, joined by
    newlines — folding, case, hamza, digit runs never cross or make a line break, and an
    alphabetic key has no digit or edge punctuation to clean up, so every key is the same."""
    fresh = list(dict.fromkeys(raws))
    if len(_TOKENS) + len(fresh) >= 500_000:
        _TOKENS.clear()  # bounded: a long run meets many words once
    if len(_WORD_HASHES) + len(fresh) >= 500_000:
        _WORD_HASHES.clear()
    keys = _DIGITS.sub("0", _normal("\n".join(fresh))).split("\n")
    keys = list(map(str.strip, keys, repeat(_EDGE_PUNCT)))
    if len(fresh) > _MANY_NEW:
        # (an article counted cold: C loops pay on this many words) an alphabetic key is a
        # content word; the others are looked at one by one
        n = len(keys)
        kinds = [CONTENT] * n
        for i in compress(range(n), map(not_, map(str.isalpha, keys))):
            kinds[i] = _kind(keys[i])
        crcs = map(zlib.crc32, map(str.encode, keys))
        _TOKENS.update(zip(fresh, zip(keys, kinds, crcs, strict=True), strict=True))
        return
    hashes = _WORD_HASHES
    for raw, key in zip(fresh, keys, strict=True):
        h = hashes.get(key)
        if h is None:
            h = hashes[key] = zlib.crc32(key.encode("utf-8"))
        _TOKENS[raw] = (key, _kind(key), h)


def _kind(key: str) -> int:
    """A word's kind from its key: nothing left (punctuation), a number, or a word."""
    if not key:
        return NEUTRAL
    if not key.isalpha() and "0" in key and _NUMERIC.fullmatch(key):
        return NUMBER
    return CONTENT


def _grams_of(hs: list[int]) -> list[int]:
    # A 4-gram's hash: CPython hashes a tuple of ints the same in every process (no salt,
    # unlike str); the profile stores a check of that (see profile.HASH_CHECK)
    return list(map(hash, zip(hs, hs[1:], hs[2:], hs[3:], strict=False)))


def _tag_words(article: Article) -> frozenset[str]:
    """The words of the record's own tags (``meta.tags``, carried ``categories``)."""
    words: set[str] = set()
    extra = article.extra
    for value in (article.meta.get("tags"), extra.get("categories"), extra.get("category")):
        items = re.split(r"[,،;؛|]", value) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            continue
        # (keys, remembered; one split over the items joined: the same words)
        words.update(map(_KEY, _infos(" ".join(map(str, items)).split())))
    words.discard("")
    return frozenset(words)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip(_CLOSING)
    return bool(t) and t[-1] in _TERMINAL


def _boundary_before(text: str, pos: int) -> bool:
    """A line or block starts at ``pos``, or the word before it ends a sentence."""
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0 or "\n" in text[j:pos]:
        return True
    k = j
    while k > 0 and text[k - 1] in _CLOSING:
        k -= 1
    return k > 0 and text[k - 1] in _TERMINAL


class _Window:
    """The first (or last) words of an article, in reading order: their raw text, matching
    keys and kinds (content or a filler), and where each line starts. Built with bulk string
    operations (split, not a regex per word); a word's offset in its block is found only for
    the few words a cut needs."""

    __slots__ = (
        "_lines",
        "_mask",
        "blocks",
        "chosen",
        "complete",
        "hashes",
        "key",
        "kind",
        "lo",
        "partial",
        "piece",
        "raw",
        "stop",
        "texts",
    )

    def __init__(
        self,
        blocks: tuple[Block, ...] | list[Block],
        from_end: bool,
        limit: int,
        tags: frozenset[str],
        exact: bool = False,
        known: Sequence[tuple[str, int, int]] = (),
    ) -> None:
        self.blocks = blocks
        n = len(blocks)
        # The edge blocks, joined by newlines into one text: about 8 characters a word, more
        # if that held too few words (a window may hold more than ``limit`` words; ``exact``:
        # no more, for the windows whose answer is checked to be settled)
        budget = max(limit, 1) * 8
        while True:
            chosen: list[int] = []
            size = 0
            for bi in range(n - 1, -1, -1) if from_end else range(n):
                if size >= budget:
                    break
                chosen.append(bi)
                size += len(blocks[bi].text) + 1
            if from_end:
                chosen.reverse()
            texts = [blocks[bi].text for bi in chosen]
            joined = "\n".join(texts)
            lo, hi = 0, len(joined)
            if exact:
                # the edge's ``limit`` words, split off in one C call from that edge
                if from_end:
                    raw = joined.rsplit(None, limit)
                    if len(raw) > limit:
                        lo = len(raw[0])  # (the end of the word before the window)
                        while joined[lo].isspace():
                            lo += 1
                        del raw[0]
                else:
                    raw = joined.split(None, limit)
                    if len(raw) > limit:
                        hi -= len(raw.pop())
                piece = joined[lo:hi]
            else:
                if len(joined) > budget:  # only the edge of a long block
                    if from_end:
                        lo = joined.find(" ", len(joined) - budget)
                        lo = len(joined) - budget if lo < 0 else lo
                    else:
                        hi = joined.rfind(" ", 0, budget)
                        hi = budget if hi < 0 else hi
                piece = joined[lo:hi]
                raw = piece.split()
            whole = len(chosen) == n and lo == 0 and hi == len(joined)
            if whole or len(raw) >= limit or budget >= max(limit, 1) * 160:
                break
            budget *= 2
        self.chosen = chosen
        self.lo = lo
        self.piece = piece
        self.texts = texts
        self.complete = whole
        self.raw = raw
        # ``known``: what the window's last words are worth, worked out already (a known
        # suffix's first words: the caller made sure the text ends with them)
        info = _infos(raw[: len(raw) - len(known)]) + list(known) if known else _infos(raw)
        if info:
            # (every triple has three items: strict would only check each word's again)
            keys, kinds, hashes = zip(*info, strict=False)
        else:
            keys = kinds = hashes = ()
        self.key: Sequence[str] = keys
        self.kind = _kinds(keys, list(kinds), tags)
        self.hashes: Sequence[int] = hashes
        self._mask: list[bool] | None = None
        # the first word was cut out of the middle of a line: not known to start anything
        self.partial = lo > 0
        self._lines: tuple[list[str], list[int], list[int], list[int]] | None = None
        self.stop = -1  # where the latest walk over the window stopped (-1: none)

    def _line_index(self) -> tuple[list[str], list[int], list[int], list[int]]:
        """The window's lines, the index of the first word of each line holding one, that
        line's number and where each line starts in the window's text (built on demand:
        only a cut needs them)."""
        if self._lines is None:
            # (C loops: a template article's tail is often one short line per tag)
            lines = self.piece.split("\n")
            words = list(map(len, map(str.split, lines)))
            starts = list(accumulate(words, initial=0))  # each line's first word
            number = list(compress(range(len(lines)), words))
            first = list(map(starts.__getitem__, number))
            # each line's offset: the lengths before it plus one newline per line
            offset = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
            self._lines = (lines, first, number, offset)
        return self._lines

    def __len__(self) -> int:
        return len(self.key)

    def boundary(self, i: int) -> bool:
        """A line or block starts at word ``i``, or the word before it ends a sentence."""
        if i == 0:
            return not self.partial
        if _ends_sentence(self.raw[i - 1]):
            return True
        if "\n" not in self.piece:
            return False  # (one line: only its first word starts one)
        first = self._line_index()[1]
        k = bisect_right(first, i) - 1
        return k >= 0 and first[k] == i

    def ends(self, i: int) -> bool:
        """Word ``i`` ends a sentence."""
        return _ends_sentence(self.raw[i])

    def place(self, i: int) -> tuple[int, int, int]:
        """(block, start, end) of word ``i`` in its block's text."""
        piece = self.piece
        n = len(self.raw)
        # where word i starts in the window's text: split off the words before it, or those
        # from it on, whichever are fewer (one C call either way)
        if i <= n - i:
            start = len(piece) - len(piece.split(None, i)[-1] if i else piece.lstrip())
        else:
            start = len(piece.rsplit(None, n - i)[0])  # (the end of word i - 1)
            while piece[start].isspace():
                start += 1
        start += self.lo
        end = start + len(self.raw[i])
        texts = self.texts
        # the block holding ``start`` in the joined text: the last one starting at or before
        # it, looked for from the nearer end (a tail's cut is near the last block)
        size = sum(map(len, texts)) + len(texts) - 1
        if 2 * start > size:
            b = len(texts) - 1
            pos = size - len(texts[b])
            while b and start < pos:
                b -= 1
                pos -= len(texts[b]) + 1
        else:
            pos = b = 0
            while b + 1 < len(texts) and start >= pos + len(texts[b]) + 1:
                pos += len(texts[b]) + 1
                b += 1
        return self.chosen[b], start - pos, end - pos

    def grams(self) -> list[int]:
        """The 4-gram hashes of the content words, the j-th starting at the j-th of them."""
        return _grams_of(self.content_hashes())

    def _content_mask(self) -> list[bool]:
        if self._mask is None:
            self._mask = list(map(CONTENT.__eq__, self.kind))
        return self._mask

    def content_hashes(self) -> list[int]:
        return list(compress(self.hashes, self._content_mask()))

    def content(self) -> list[int]:
        return list(compress(range(len(self.kind)), self._content_mask()))


def _kinds(keys: Sequence[str], kinds: list[int], tags: frozenset[str]) -> list[int]:
    """The kind of each word, from ``kinds`` (each word's own: content, number or neutral),
    the record's tag words and a date's words around a number."""
    every = range(len(keys))
    if tags and not tags.isdisjoint(keys):
        for i in compress(every, map(tags.__contains__, keys)):
            if kinds[i] == CONTENT:
                kinds[i] = TAG
    # a month or a word such as "today"/"ago" within two words of a number is part of a
    # date; looked for from the date words (few, often none), not from every number
    if NUMBER in kinds and not _DATE_WORDS.isdisjoint(keys):
        n = len(kinds)
        for j in compress(every, map(_DATE_WORDS.__contains__, keys)):
            if kinds[j] == CONTENT and NUMBER in kinds[max(0, j - 2) : min(n, j + 3)]:
                kinds[j] = DATE
    return kinds


# --------------------------------------------------------------------------- counts


@dataclass(slots=True)
class SiteCounts:
    """What is known about one site: its articles, and in how many of them each head and
    tail 4-gram occurred. Counts of 1 are pruned as the site grows, and all counts are halved
    past ``DECAY_AT`` articles (a redesigned site's new template wins over its old one)."""

    articles: int = 0
    head: dict[int, int] = field(default_factory=dict)
    tail: dict[int, int] = field(default_factory=dict)
    #: Hashes of the latest bodies counted (an ordered set, at most ``RECENT``): the same
    #: article met again, in this run or a later one, is not counted twice.
    recent: OrderedDict[int, None] = field(default_factory=OrderedDict)

    DECAY_AT = 4000
    PRUNE_EVERY = 64
    RECENT = 4096
    MAX_TABLE = 50_000

    def first_time(self, body: int) -> bool:
        """Note ``body`` (an article's hash); False when it was counted already."""
        if body in self.recent:
            return False
        self.recent[body] = None
        if len(self.recent) > self.RECENT:
            # (OrderedDict: dropping the oldest is O(1); a dict's first key is found by
            # scanning past every key deleted before it)
            self.recent.popitem(last=False)
        return True

    def add(self, head: Iterable[int], tail: Iterable[int]) -> None:
        self.articles += 1
        for table, grams in ((self.head, head), (self.tail, tail)):
            # each distinct 4-gram's count plus one, in C loops (the same order of insertion
            # as a loop over the set)
            distinct = set(grams)
            counts = map(add, map(table.get, distinct, repeat(0)), repeat(1))
            table.update(zip(distinct, counts, strict=True))
        if self.articles % self.PRUNE_EVERY == 0:
            self.prune()
        if self.articles >= self.DECAY_AT:
            self.articles //= 2
            for table in (self.head, self.tail):
                for g in list(table):
                    table[g] //= 2
            self.prune()

    def prune(self) -> None:
        """Drop the 4-grams seen once; and while a table still holds more than ``MAX_TABLE``,
        those seen twice, three times, ... (a template's 4-grams are seen in a share of all
        articles: they stay)."""
        for table in (self.head, self.tail):
            floor = 1
            while True:
                for g in [g for g, n in table.items() if n <= floor]:
                    del table[g]
                if len(table) <= self.MAX_TABLE:
                    break
                floor += 1


@dataclass(frozen=True, slots=True)
class Model:
    """A site's decided template: the frequent head and tail 4-grams with their counts."""

    name: str
    articles: int
    head: Mapping[int, int]
    tail: Mapping[int, int]

    @classmethod
    def decide(cls, name: str, counts: SiteCounts, options: TemplateOptions) -> Model:
        if counts.articles < options.min_articles:
            return cls(name, counts.articles, {}, {})
        need = max(3, math.ceil(options.min_share * counts.articles))
        head = {g: n for g, n in counts.head.items() if n >= need}
        tail = {g: n for g, n in counts.tail.items() if n >= need}
        return cls(name, counts.articles, head, tail)

    def __bool__(self) -> bool:
        return bool(self.head or self.tail)


# --------------------------------------------------------------------------- grouping


def group_of(article: Article, group_by: str = "auto") -> str:
    """The site an article belongs to: ``meta.site``, else the url's host, else the input's
    directory (``-`` for stdin) — the grouping ``newsclean learn`` uses."""
    return learn_group_of(article, group_by)[0]


# --------------------------------------------------------------------------- one article


def article_grams(article: Article, options: TemplateOptions) -> tuple[list[int], list[int]]:
    """The head and tail 4-gram hashes of an article (what is counted)."""
    tags = _tag_words(article)
    head = _Window(article.blocks, False, options.head_words, tags)
    tail = _Window(article.blocks, True, options.tail_words, tags)
    return head.grams(), tail.grams()


def _covered(w: _Window, table: Mapping[int, int], from_end: bool) -> list[int]:
    """For each word: the count of the most frequent template 4-gram holding it (0: none),
    worked out from one edge inward only as far as the walk goes (up to the first content
    word no template 4-gram holds; the words beyond stay 0)."""
    cover = [0] * len(w)
    idx = w.content()
    get = table.get
    hit = list(map(get, w.grams(), repeat(0)))
    if not any(hit):
        return cover
    m = len(idx)
    # content word c is held by the 4-grams starting at c-3 .. c: in ``pad``, c .. c+3
    pad = [0, 0, 0, *hit, 0, 0, 0]
    best = list(map(max, pad[:m], pad[1 : m + 1], pad[2 : m + 2], pad[3 : m + 3]))
    # (C loops: the walk's content words are those before the first 0 from that edge)
    if from_end:
        c = m - (best[::-1].index(0) if 0 in best else m)
        deque(map(cover.__setitem__, idx[c:], best[c:]), maxlen=0)
    else:
        c = best.index(0) if 0 in best else m
        deque(map(cover.__setitem__, idx[:c], best[:c]), maxlen=0)
    return cover


#: Words read first at an edge: enough to find its outermost 4 content words, which must
#: form a template 4-gram for anything to go (most articles stop there, cheaply).
_PEEK = 8
#: Words fewer than the site's usual tail read first (then the usual size if unsettled).
_TIGHT = 10
#: Words read first at the start when the peek says a head template is there.
_HEAD_FIRST = 32
#: Words read beyond where the site's latest walk stopped, when that is tried first.
_MARGIN = 8
#: Words read at the end when the peek says a template is there and the site's usual
#: template length is not known yet (then all ``tail_words`` only if it runs past them).
_FIRST = 64


def _may_cut(
    blocks: list[Block], table: Mapping[int, int], tags: frozenset[str], last: bool
) -> bool:
    """Whether the outermost four content words at one edge form a template 4-gram (else
    nothing can go there: the outermost content word would be article text)."""
    text = blocks[-1].text if last else blocks[0].text
    budget = 8 * _PEEK
    if len(text) > budget:
        # the edge block alone holds the window's characters: its words as the window
        # reads them (from a space, one budget from the edge), without building one
        if last:
            lo = text.find(" ", len(text) - budget)
            raw = text[len(text) - budget if lo < 0 else lo :].split()
        else:
            hi = text.rfind(" ", 0, budget)
            raw = text[: budget if hi < 0 else hi].split()
        if len(raw) >= _PEEK:
            keys, kinds, hashes = zip(*_infos(raw), strict=False)
            mask = map(CONTENT.__eq__, _kinds(keys, list(kinds), tags))
            hs = list(compress(hashes, mask))
            if len(hs) < 4:
                return True  # (the window is not the whole article)
            return _grams_of(hs[-4:] if last else hs[:4])[0] in table
    w = _Window(blocks, last, _PEEK, tags)
    hs = w.content_hashes()
    if len(hs) < 4:
        return not w.complete  # a long run of fillers: look at the whole window
    return _grams_of(hs[-4:] if last else hs[:4])[0] in table


def _tail_cut(w: _Window, table: Mapping[int, int], prefix: bool = False) -> tuple[int, int] | None:
    """(first word of the tail, weakest count in it), or None. (-1, 0) when the template
    runs past the window's first word (look at a longer window), and with ``prefix`` (``w``
    is shorter than the window asked for) when the walk's stop is too near its first word to
    be sure a longer window stops there too."""
    if not len(w) or not table:
        return None
    return _cut_at(w, _covered(w, table, True), w.kind, prefix)


#: :func:`_cut_at` on a window that a known suffix follows: the walk needs words past it.
_PAST = (-2, 0)


def _cut_at(
    w: _Window,
    cover: list[int],
    kind: list[int],
    prefix: bool,
    low: int | None = None,
    stop: int | None = None,
) -> tuple[int, int] | None:
    """The tail cut of :func:`_tail_cut` from each word's ``cover`` and ``kind``. ``low``:
    ``w`` is followed by more template words (a known suffix, see :class:`_Suffix`) whose
    weakest count is ``low``; :data:`_PAST` when the answer depends on those words.
    ``stop``: where the walk stops, when the caller knows it (the last content word before
    the end that no template 4-gram holds)."""
    n = len(w)
    if stop is None:
        i = n - 1
        while i >= 0 and (cover[i] or kind[i] != CONTENT):
            i -= 1
    else:
        i = stop
    w.stop = i
    # the stop word's 4-grams (the three content words before it) and the words that make
    # a number a date (two either side) are inside the window: a longer one stops there too
    if prefix and (i < 2 or kind[2:i].count(CONTENT) < 3):
        return -1, 0
    start = i + 1
    if start == 0:
        if not w.complete:
            return -1, 0
        return None  # the whole article would go: nothing to keep, so not a template
    # fillers at the start of the tail go with it only after a sentence or a line end
    while start < n and not cover[start] and not w.boundary(start):
        start += 1
    if start < n and not w.boundary(start):
        # the run starts inside a sentence of the article: a template glued to the last
        # sentence holds dates, tags or a label before its first full stop; a sentence
        # that merely ends the same way each time ("... the claim is false.") does not
        k = start
        while k < n and kind[k] == CONTENT and not w.ends(k):
            k += 1
        if low is not None and k == n:
            return _PAST
        if k < n and kind[k] == CONTENT:
            start = k + 1
            while start < n and not cover[start] and kind[start] != CONTENT:
                start += 1
            if low is not None and start == n:
                return _PAST
    counts = [*filter(None, cover[start:])]
    if low is not None:
        counts.append(low)
    if not counts:
        return None
    return start, min(counts)


# --------------------------------------------------------------------------- known suffix
#
# Most template articles of a site end with the same words (an about paragraph, a copyright
# line) after the parts that vary (tags, dates). Once two tails share such an end, it is
# analysed once, alone: a later article that ends with exactly that text is walked only up
# to a few words into it. The cut is the same as the full walk's because, with none of the
# record's tags among its words, every word of the suffix from its third on has the same
# kind as in the suffix alone (its date context is inside), so from the fourth content
# word after that on every 4-gram lies inside the suffix: the same counts, all template
# (else there is no suffix). The words before that zone, and the zone's first words for
# their 4-grams and date context, are walked as usual; anything the walk needs past them
# falls back to the full window.

#: Fewest words two tails must share at the end to be analysed as a known suffix.
_MIN_SUFFIX = 12


@dataclass(frozen=True, slots=True)
class _Suffix:
    """A site's shared tail end, analysed alone (see above)."""

    text: str
    keys: frozenset[str]  # its words' keys: the record's tags must not be among them
    words: int
    zone: int  # its first word whose 4-grams all lie inside it
    until: int  # words of it a window holds (the zone's first words, their context)
    drop: int  # characters from word ``until`` to the end (left out of the window)
    cover: tuple[int, ...]  # the count of words ``zone`` .. ``until`` - 1
    kind: tuple[int, ...]  # and their kinds
    low: int  # the weakest count in the zone
    infos: tuple[tuple[str, int, int], ...]  # what words 0 .. ``until`` - 1 are worth


def _suffix_of(text: str, table: Mapping[int, int]) -> _Suffix | None:
    """``text`` (a tail's end) analysed alone; None when it is not template throughout."""
    raw = text.split()
    info = [_token(t) for t in raw]
    keys = list(map(_KEY, info))
    kind = _kinds(keys, list(map(_KIND, info)), frozenset())
    content = [j for j, k in enumerate(kind) if k == CONTENT]
    stable = [c for c, j in enumerate(content) if j >= 2]  # (kinds as in any article)
    if len(stable) < 6:
        return None
    hit = list(map(table.get, _grams_of([info[j][2] for j in content]), repeat(0)))
    m = len(content)
    pad = [0, 0, 0, *hit, 0, 0, 0]
    best = list(map(max, pad[:m], pad[1 : m + 1], pad[2 : m + 2], pad[3 : m + 3]))
    first = stable[3]
    if not all(best[first:]):
        return None  # an article word inside: the walk would stop there
    zone, until = content[first], content[stable[5]] + 3
    if until >= len(raw):
        return None
    cover = [0] * len(raw)
    for c in range(first, m):
        cover[content[c]] = best[c]
    drop = len(text.split(None, until)[-1])
    return _Suffix(
        text,
        frozenset(keys),
        len(raw),
        zone,
        until,
        drop,
        tuple(cover[zone:until]),
        tuple(kind[zone:until]),
        min(best[first:]),
        tuple(info[:until]),
    )


@dataclass(slots=True)
class TailMemo:
    """What one site's tail cuts have in common so far (per process; only the time taken
    depends on it)."""

    suffix: _Suffix | None = None
    last: list[str] | None = None  # the words of the latest tail cut made in full
    misses: int = 0  # cuts made in full in a row while a suffix was known
    tries: int = 0  # failed attempts at finding a suffix (then fewer attempts)
    reach: int = 0  # words from the stop to the end in the latest full walk of a tail
    head_reach: int = 0  # words up to the stop in the latest walk of a head
    #: the fewest words each of the latest known-suffix walks needed to settle (see
    #: :func:`_need`): the next walk reads as many as the most of them first
    needs: deque[int] = field(default_factory=lambda: deque(maxlen=_NEEDS))


#: Known-suffix walks whose needs are remembered: tails differ by a few tags or times, so
#: the most of the latest few is usually enough, and far fewer than the longest tail's.
_NEEDS = 16


def _need(w: _Window) -> int:
    """The fewest of ``w``'s last words a window must hold for the walk that stopped at
    ``w.stop`` to be settled there (:func:`_cut_at` with ``prefix``): the stop and the three
    content words before it, and two words more for their kinds (a date's context); all of
    ``w`` when it holds no fewer."""
    idx = w.content()
    k = bisect_left(idx, w.stop)
    if w.stop < 0 or k < 3 or idx[k - 3] < 2:
        return len(w)
    return len(w) - (idx[k - 3] - 2)


def _suffix_cut(
    blocks: list[Block],
    tags: frozenset[str],
    table: Mapping[int, int],
    sfx: _Suffix,
    limit: int,
    cap: int,
    exact: bool = False,
) -> tuple[_Window, tuple[int, int] | None] | None:
    """The tail cut of an article that ends with ``sfx.text``, walking about ``limit``
    words before the end of its zone's first words; None: not that suffix, or the full
    walk is needed; a cut of :data:`_PAST`: unsettled (a longer window may settle it).
    ``cap``: the most words the full walk reads (``tail_words``): a cut it could not see
    is left to it."""
    if tags and not tags.isdisjoint(sfx.keys):
        return None  # a word of the suffix is this record's tag: a filler here
    need = len(sfx.text) + 1
    texts: list[str] = []
    size = -1
    for blk in reversed(blocks):
        texts.append(blk.text)
        size += len(blk.text) + 1
        if size >= need:
            break
    joined = "\n".join(reversed(texts))
    if len(joined) < need or not joined.endswith(sfx.text) or not joined[-need].isspace():
        return None
    trunc = list(blocks)  # the text without the suffix's words from ``until`` on
    d = sfx.drop
    while True:
        last = trunc[-1]
        if d <= len(last.text):
            trunc[-1] = Block(last.type, last.text[: len(last.text) - d], last.level)
            break
        d -= len(last.text) + 1
        trunc.pop()
    # (the text ends with the suffix's words, so the window's last ``until`` words are its
    # first ones: their keys, kinds and hashes are known)
    w = _Window(trunc, True, max(limit, sfx.until + 8), tags, exact, sfx.infos)
    n = len(w)
    if n + sfx.words - sfx.until > cap:
        return None  # (the full walk's longest window might not hold all it reads)
    zone = n - (sfx.until - sfx.zone)
    if zone < 1:
        return None
    kind = w.kind
    kind[zone:] = sfx.kind  # (the last words' date context was left out)
    idx = w.content()
    before = bisect_left(idx, zone)
    # only the content words before the zone are walked: the 4-grams holding them start
    # before it (those starting inside it lie in the suffix, whose cover is known)
    hit = list(map(table.get, _grams_of(w.content_hashes()[: before + 3]), repeat(0)))
    pad = [0, 0, 0, *hit, 0, 0, 0]
    b = before
    best = list(map(max, pad[:b], pad[1 : b + 1], pad[2 : b + 2], pad[3 : b + 3]))
    cover = [0] * n
    cover[zone:] = sfx.cover
    # the walk from the zone back: the content words before it a template 4-gram holds,
    # up to the first one none does (the stop)
    behind = best[before - 1 :: -1] if before else []
    c = before - (behind.index(0) if 0 in behind else before)
    deque(map(cover.__setitem__, idx[c:before], best[c:before]), maxlen=0)
    cut = _cut_at(w, cover, kind, not w.complete, sfx.low, idx[c - 1] if c else -1)
    if cut is not None and cut[0] < 0:
        return w, _PAST  # (unsettled: a longer window may settle it)
    return w, cut


def _remember(
    memo: TailMemo,
    w: _Window,
    cut: tuple[int, int],
    blocks: Iterable[Block],
    table: Mapping[int, int],
) -> None:
    """After a tail cut made in full: look for the end it shares with the previous one."""
    if memo.suffix is not None and memo.misses < 4:
        return  # the known suffix still fits most articles
    memo.tries += 1
    if memo.tries > 8 and memo.tries % 8:
        return  # (tails that share no end: look less often)
    words = w.raw[cut[0] :]
    prev, memo.last = memo.last, words
    if prev is None:
        return
    shared = 0
    for mine, theirs in zip(reversed(words), reversed(prev), strict=False):
        if mine != theirs:
            break
        shared += 1
    if shared < _MIN_SUFFIX:
        return
    blocks = list(blocks)
    b, s, _ = w.place(len(w) - shared)
    sfx = _suffix_of("\n".join([blocks[b].text[s:], *(x.text for x in blocks[b + 1 :])]), table)
    if sfx is not None:
        memo.suffix, memo.misses, memo.tries = sfx, 0, 0
        memo.needs.clear()


def _dateline_end(w: _Window, p: int) -> bool:
    """Word ``p`` closes a date or time (a dateline ends there): a time, or a run of
    fillers holding a month or a relative word."""
    q = p
    while q >= 0 and w.kind[q] in (NUMBER, DATE, NEUTRAL):
        if w.kind[q] == DATE or (w.kind[q] == NUMBER and ":" in w.key[q]):
            return True
        q -= 1
    return False


def _settled(w: _Window, run: int, strict: bool = False) -> bool:
    """Whether a head walk that stopped at word ``run`` of a shorter window stops there in a
    longer one too, with the same cut: the 4-grams holding the stop word (its next three
    content words), the title's first four words after it and the two words either side
    that make a number a date are all inside the window. ``strict``: the three content
    words are counted without the window's last two words (whose kind may change when the
    window grows: a month read before the number that follows it)."""
    if len(w) < run + 6:
        return False
    after = w.kind[run + 1 : len(w) - 2] if strict else w.kind[run + 1 :]
    return after.count(CONTENT) >= 3


def _head_cut(
    w: _Window, table: Mapping[int, int], title: str, prefix: bool = False, strict: bool = False
) -> tuple[int, int] | None:
    """(index after the last word of the head, weakest count in it), or None.

    ``prefix``: ``w`` holds only the first of the words the head window would hold; (-1, 0)
    when that is too few to be sure the answer is the same (look at the whole window).

    The head ends only where a sentence or a line ends, after a dateline, or where the title
    begins: a run of template words that goes on into a sentence of the article (the
    standard opening of a fact-check) keeps that sentence whole."""
    if not len(w) or not table:
        return None
    cover = _covered(w, table, False)
    run = 0
    while run < len(w) and (cover[run] or w.kind[run] != CONTENT):
        run += 1
    w.stop = run
    if prefix and not w.complete and not _settled(w, run, strict):
        return -1, 0
    if run == len(w) or not any(cover[:run]):
        return None
    # (word_key, remembered: the same key for every word)
    title_keys = tuple(k for k in (_token(x)[0] for x in title.split()[:4]) if k)
    n_title = len(title_keys)
    # a banner or breadcrumb run straight into the first sentence (collapsed text) ends
    # where the learned words do; a standard opening sentence has no divider, and stays
    banner = _divided(w.raw[:run])
    for p in range(run - 1, -1, -1):
        if (
            w.ends(p)
            or w.boundary(p + 1)
            or (w.kind[p] in (NUMBER, DATE) and _dateline_end(w, p))
            or (n_title and w.key[p + 1 : p + 1 + n_title] == title_keys)
            or (banner and p == run - 1 and cover[p])
        ):
            counts = [c for c in cover[: p + 1] if c]
            return (p + 1, min(counts)) if counts else None
    return None


def _divided(raw: Sequence[str]) -> bool:
    """Some word of ``raw`` is, or holds, a divider mark (``|``, ``»``, ...)."""
    return any(not _DIVIDERS.isdisjoint(word) for word in raw)


def remove_template(
    article: Article,
    model: Model,
    options: TemplateOptions | None = None,
    first: int = 0,
    memo: TailMemo | None = None,
) -> Article:
    """``article`` without its site's learned head and tail (recorded in ``removed``).

    ``first``: how many words to read at the end first (the site's usual template length;
    all ``tail_words`` only if the template runs past them; 0: look at the last few words
    first); ``memo``: the end the site's tails share (see :class:`TailMemo`), updated. Both
    change the time taken, never the result."""
    opts = options or TemplateOptions()
    return _at_edges(article, _remove(article, model, opts, first, memo)[0], opts)


def _at_edges(before: Article, after: Article, options: TemplateOptions) -> Article:
    """``after`` (``before`` without its learned template) with the strip rules that fit
    only at an edge run again where the learned cut made a new edge: a source line that is
    the last sentence only now, a byline and date after a learned banner (both run into the
    article's text when line breaks are lost). See ``steps.strip.strip_edges``."""
    if options.edges is None or after is before:
        return after
    learned = [
        r.text for r in after.removed[len(before.removed) :] if r.rule.startswith(RULE_PREFIX)
    ]
    if not learned:
        return after
    whole = "\n".join(b.text for b in before.blocks)
    lead = next((t for t in learned if whole.startswith(t)), None)
    if lead is not None and whole[len(lead) : len(lead) + 1] in ("\n", ""):
        # the head went up to a line's end: the lines after it were strip's head lines
        # already (a head template is shorter than strip's three head lines)
        lead = None
    tail = any(whole.endswith(t) for t in learned)
    return strip_edges(after, options.edges, lead=lead, tail=tail)


def _remove(
    article: Article,
    model: Model,
    options: TemplateOptions | None = None,
    first: int = 0,
    memo: TailMemo | None = None,
) -> tuple[Article, int | None]:
    """:func:`remove_template`, and the number of words of the tail it cut (None: no tail
    cut): the words of the window from the cut on, and those of a known suffix left out of
    it."""
    if not model or not article.blocks:
        return article, None
    opts = options or TemplateOptions()
    tags = _tag_words(article)
    blocks = list(article.blocks)
    removals: list[Removal] = []
    rule = RULE_PREFIX + model.name
    tail: _Window | None = None
    cut = None
    known = False
    beyond = 0  # words after the tail's window (a known suffix's, left out of it)
    if model.tail and memo is not None and memo.suffix is not None:
        # the end the site's recent tails share: only the words before it are walked
        sfx = memo.suffix
        size = min(first or _FIRST, opts.tail_words)
        # the words the last such cut needed first (most tails are alike), then as many
        # as the site's longest tail holds
        usual = max(size - _TIGHT, _PEEK) - (sfx.words - sfx.until)
        # first the usual window's words and a few more, but exactly as many (the usual
        # window holds more for want of knowing where its words start): a settled answer
        # there is every longer window's, and it holds fewer words than the full walk's
        # first window reads, so the full walk would answer the same too
        limits = [(usual + _MARGIN, True), (usual, False)]
        if memo.needs and max(memo.needs) + 1 < usual + _MARGIN:
            # first as many words as the latest such walks needed at most (the same
            # argument: a settled answer there is every longer window's)
            limits.insert(0, (max(memo.needs) + 1, True))
        got = None
        for limit, exact in limits:
            got = _suffix_cut(blocks, tags, model.tail, sfx, limit, opts.tail_words, exact)
            if got is None or got[1] != _PAST:
                break
        if got is not None and got[1] != _PAST:
            (tail, cut), known, memo.misses = got, True, 0
            beyond = sfx.words - sfx.until
            memo.needs.append(_need(tail))
        else:
            memo.misses += 1
    # (a site whose articles keep their template: the peek would only say "yes" again)
    if known:
        pass
    elif model.tail and (first > 0 or _may_cut(blocks, model.tail, tags, True)):
        # the site's usual template length first: the whole window only when it runs past
        size = min(first or _FIRST, opts.tail_words)
        settled = False
        reach = memo.reach + _MARGIN if memo is not None and memo.reach else 0
        if reach and reach < size - _TIGHT:
            # as far as the latest walk of the site went (a walk that cuts nothing, say),
            # with a margin: a settled answer is every longer window's
            tail = _Window(blocks, True, reach, tags, exact=True)
            cut = _tail_cut(tail, model.tail, prefix=True)
            settled = cut is None or cut[0] >= 0
        if not settled and size > _TIGHT:
            # the site's longest tail so far, without the margin: most tails settle there
            tail = _Window(blocks, True, size - _TIGHT, tags, exact=True)
            cut = _tail_cut(tail, model.tail, prefix=True)
            settled = cut is None or cut[0] >= 0
        if not settled:
            tail = _Window(blocks, True, size, tags)
            # a stop too near the window's first word may be one only for want of the
            # words before it (the 4-grams holding it start there): then the whole window
            # answers, whatever ``size`` the site's hint chose
            cut = _tail_cut(tail, model.tail, size < opts.tail_words and not tail.complete)
        if cut is not None and cut[0] < 0 and size < opts.tail_words:
            tail = _Window(blocks, True, opts.tail_words, tags)
            cut = _tail_cut(tail, model.tail)
        if cut is not None and cut[0] < 0 and tail is not None:
            # longer than the window: it goes from the window's first word on, which is a
            # template word (the walk met no article word)
            cut = (0, min(c for c in _covered(tail, model.tail, True) if c))
        if memo is not None and tail is not None:
            memo.reach = len(tail) - tail.stop if tail.stop >= 0 else 0
            if cut is not None:
                _remember(memo, tail, cut, article.blocks, model.tail)
    cut_words = None
    if cut is not None and tail is not None:
        cut_words = len(tail) - cut[0] + beyond
        b, s, _ = tail.place(cut[0])
        gone = [blocks[b].text[s:], *(blk.text for blk in blocks[b + 1 :])]
        kept = blocks[b].text[:s].rstrip()
        blocks = blocks[:b] + ([Block(blocks[b].type, kept, blocks[b].level)] if kept else [])
        share = cut[1] / max(model.articles, 1)
        position = b if not kept else None
        text = "\n".join(filter(None, gone))
        removals.append(Removal(STEP, rule, text, position, share=share))
    head: _Window | None = None
    hcut = None
    if blocks and model.head and _may_cut(blocks, model.head, tags, False):
        # the first words first: a head template (and the article sentence a walk stops
        # at) is short; the whole window only when that does not settle it
        size = min(_HEAD_FIRST, opts.head_words)
        reach = memo.head_reach + _MARGIN if memo is not None and memo.head_reach else 0
        if reach and reach < size:
            # as far as the latest head walk of the site went, with a margin (strictly
            # settled: then the first window below would answer the same)
            head = _Window(blocks, False, reach, tags, exact=True)
            hcut = _head_cut(head, model.head, article.title, True, strict=True)
            if hcut is not None and hcut[0] < 0:
                head = None
        if head is None:
            head = _Window(blocks, False, size, tags)
            hcut = _head_cut(head, model.head, article.title, size < opts.head_words)
            if hcut is not None and hcut[0] < 0:
                head = _Window(blocks, False, opts.head_words, tags)
                hcut = _head_cut(head, model.head, article.title)
        if memo is not None:
            memo.head_reach = head.stop + 1 if head.stop >= 0 else 0
    if hcut is not None and head is not None:
        b, _, e = head.place(hcut[0] - 1)
        text = blocks[b].text
        kept = text[e:].lstrip()
        if kept or b + 1 < len(blocks):  # never the whole article
            gone = [*(blk.text for blk in blocks[:b]), text[:e]]
            share = hcut[1] / max(model.articles, 1)
            rest = [Block(blocks[b].type, kept, blocks[b].level)] if kept else []
            blocks = rest + blocks[b + 1 :]
            position = 0 if not kept and b == 0 else None
            removals.insert(0, Removal(STEP, rule, "\n".join(gone), position, share=share))
    if not removals:
        return article, None
    return article.replace(blocks=blocks, removed=article.removing(removals)), cut_words


# --------------------------------------------------------------------------- the stage


@dataclass(slots=True)
class Reading:
    """How to read one site's next article quickly (per process; never changes a result):
    how many words to read at the end first (the longest tail cut so far, with a margin;
    0: peek at the last few words first) and the end the site's tails share. The stage
    and the tree runs' per-article step (``collection.decided``) both remove through it."""

    first: int = 0
    memo: TailMemo = field(default_factory=TailMemo)

    def remove(self, article: Article, model: Model, options: TemplateOptions) -> Article:
        """:func:`remove_template` with this site's hints, which it then updates."""
        out, words = _remove(article, model, options, self.first, self.memo)
        cut = out.removed[-1] if len(out.removed) > len(article.removed) else None
        if cut is not None and cut.rule.startswith(RULE_PREFIX) and cut.position != 0:
            if words is None:  # (a head cut alone)
                words = len(cut.text.split())
            self.first = min(max(self.first, words + 12), options.tail_words)
        else:
            self.first = 0  # no tail this time: peek first next time
        return _at_edges(article, out, options)


@dataclass(slots=True)
class _Site:
    counts: SiteCounts
    model: Model | None = None
    counted: int = 0  # distinct articles counted in this run
    reading: Reading = field(default_factory=Reading)


def _apply(site: _Site, article: Article, options: TemplateOptions) -> Article:
    model = site.model
    return site.reading.remove(article, model, options) if model else article


def _body_key(article: Article) -> int:
    text = " ".join(" ".join(b.text for b in article.blocks).split())
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


class SiteTemplates:
    """The collection stage: ``stage(articles)`` yields the articles, in input order, each
    without its site's learned template. ``profile`` (site name -> :class:`SiteCounts`) is
    what earlier runs learned; it is updated in place with what this run saw."""

    def __init__(
        self,
        options: TemplateOptions | None = None,
        profile: dict[str, SiteCounts] | None = None,
        *,
        keep_counting: bool | None = None,
        hold: bool = True,
    ) -> None:
        self.options = options or TemplateOptions()
        if self.options.group_by not in GROUP_BY:
            raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}")
        self.profile: dict[str, SiteCounts] = profile if profile is not None else {}
        # after a site is decided, counting goes on only to update a profile
        self.keep_counting = profile is not None if keep_counting is None else keep_counting
        self.sites: dict[str, _Site] = {}
        self.held = sum(len(x.head) + len(x.tail) for x in self.profile.values())
        self.prune_at = self.options.max_counts
        # False on a pipe, where each record must come out as it arrives: a site's articles
        # before its decision pass unchanged (unless a profile decided it already)
        self.hold = hold

    def _site(self, name: str) -> _Site:
        site = self.sites.get(name)
        if site is None:
            counts = self.profile.setdefault(name, SiteCounts())
            site = self.sites[name] = _Site(counts)
            if counts.articles >= self.options.sample:
                site.model = Model.decide(name, counts, self.options)
        return site

    def _count(self, site: _Site, article: Article) -> None:
        if not site.counts.first_time(_body_key(article)):
            return  # the same article twice would make all of it look like template
        site.counted += 1
        head, tail = article_grams(article, self.options)
        c = site.counts
        before = len(c.head) + len(c.tail)
        c.add(head, tail)
        self.held += len(c.head) + len(c.tail) - before
        if self.held > self.prune_at:
            # bounded memory over many small sites: what was seen once goes (a site that
            # grows later learns from its later articles)
            for each in self.profile.values():
                each.prune()
            self.held = sum(len(x.head) + len(x.tail) for x in self.profile.values())
            # (what survives is seen twice or more: the next sweep waits until the held
            # counts double, so sweeps stay rare — linear overall)
            self.prune_at = max(self.options.max_counts, 2 * self.held)

    def observe(self, article: Article) -> None:
        """Count ``article`` without emitting it (``newsclean learn``, a pre-pass)."""
        self._count(self._site(group_of(article, self.options.group_by)), article)

    def apply(self, name: str, article: Article) -> Article:
        """``article`` (of site ``name``) without its template, deciding the site first if
        it was not yet."""
        self._site(name)
        self.decide(name)
        return _apply(self.sites[name], article, self.options)

    def decide(self, name: str) -> Model:
        site = self.sites[name]
        if site.model is None:
            site.model = Model.decide(name, site.counts, self.options)
        return site.model

    def models(self) -> list[Model]:
        """Every site's template as decided (or as it stands now)."""
        return [
            s.model or Model.decide(n, s.counts, self.options)
            for n, s in sorted(self.sites.items())
        ]

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        pending: deque[tuple[str, Article, int]] = deque()  # (site, article, its size)
        chars = 0  # text held in ``pending``
        opts = self.options
        for article in articles:
            name = group_of(article, opts.group_by)
            site = self._site(name)
            # after the decision, counting goes on only to update a profile, and for a sample
            # of the run (four times the decision's): enough to follow a site's changes
            if site.model is None or (self.keep_counting and site.counted < 4 * opts.sample):
                self._count(site, article)
                if site.model is None and site.counts.articles >= opts.sample:
                    self.decide(name)
            if not self.hold:
                yield _apply(site, article, opts)
                continue
            if site.model is not None and not pending:
                yield _apply(site, article, opts)
                continue
            size = article.held_chars
            pending.append((name, article, size))
            chars += size
            if len(pending) > opts.max_pending or chars > opts.max_pending_chars:
                self.decide(pending[0][0])
            while pending and self.sites[pending[0][0]].model is not None:
                n, a, size = pending.popleft()
                chars -= size
                yield _apply(self.sites[n], a, opts)
        while pending:
            n, a, _ = pending.popleft()
            self.decide(n)
            yield _apply(self.sites[n], a, opts)
