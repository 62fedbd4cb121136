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
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from newsclean.article import Article, Block, Removal
from newsclean.collection.learn import GROUP_BY
from newsclean.collection.learn import group_of as learn_group_of
from newsclean.steps.boilerplate.rules import fold
from newsclean.steps.boilerplate.structure import date_words

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
    #: Group articles by: auto (site, else url host, else input directory), site, host, dir,
    #: none (one group).
    group_by: str = "auto"


# --------------------------------------------------------------------------- words

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'«»“”‘’()[]{}<>.,،;؛:!?؟…-–—|/\\•·*_~`^=+"
_DIGITS = re.compile(r"\d+")
_NUMERIC = re.compile(r"[0\W_]+")  # after digit runs became "0": a number, a time, a date
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_TERMINAL = frozenset(".!?؟…۔")
_CLOSING = "\"'»”’)]"
_DATE_WORDS = date_words()

#: Token kinds.
CONTENT, NUMBER, DATE, TAG, NEUTRAL = range(5)


def word_key(token: str) -> str:
    """The matching form of a word: folded, edge punctuation off, digit runs as ``0``."""
    t = fold(token).strip(_EDGE_PUNCT).casefold().translate(_ALEF)
    return _DIGITS.sub("0", t) if t and any(c.isdigit() for c in t) else t


_HASHES: dict[str, int] = {}


def _word_hash(key: str) -> int:
    h = _HASHES.get(key)
    if h is None:
        if len(_HASHES) > 200_000:
            _HASHES.clear()  # bounded: a long run meets many words once
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
        h = _HASHES[key] = int.from_bytes(digest, "little")
    return h


_MASK = (1 << 64) - 1


_P = 0x100000001B3  # an odd 64-bit multiplier (FNV's prime)


def _gram(a: int, b: int, c: int, d: int) -> int:
    # a stable (run-to-run, process-to-process) hash of four word hashes, order-sensitive
    return ((((a * _P + b) & _MASK) * _P + c & _MASK) * _P + d) & _MASK


@dataclass(slots=True)
class _Tok:
    block: int
    start: int
    end: int
    kind: int
    boundary_before: bool  # a line or block starts here, or the word before ends a sentence
    ends_sentence: bool  # ends with a terminator (closing marks after it allowed)
    key: str


def _tag_words(article: Article) -> frozenset[str]:
    """The words of the record's own tags (``meta.tags``, carried ``categories``)."""
    words: set[str] = set()
    values = [
        article.meta.get("tags"),
        article.extra.get("categories"),
        article.extra.get("category"),
    ]
    for value in values:
        items = re.split(r"[,،;؛|]", value) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            continue
        for item in items:
            for w in str(item).split():
                k = word_key(w)
                if k:
                    words.add(k)
    return frozenset(words)


def _classify(tokens: list[_Tok], tags: frozenset[str]) -> None:
    for t in tokens:
        if not t.key:
            t.kind = NEUTRAL
        elif "0" in t.key and _NUMERIC.fullmatch(t.key):
            t.kind = NUMBER
        elif t.key in tags:
            t.kind = TAG
    # a month or a word such as "today"/"ago" next to a number is part of a date
    for i, t in enumerate(tokens):
        if t.kind == CONTENT and t.key in _DATE_WORDS:
            near = tokens[max(0, i - 2) : i + 3]
            if any(x.kind == NUMBER for x in near):
                t.kind = DATE


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


def _block_tokens(
    blocks: tuple[Block, ...] | list[Block], from_end: bool, limit: int
) -> tuple[list[_Tok], bool]:
    """The first (or last) ``limit`` words of the blocks, in reading order, and whether they
    are all of the article's words."""
    out: list[_Tok] = []
    complete = True
    order = range(len(blocks) - 1, -1, -1) if from_end else range(len(blocks))
    for bi in order:
        text = blocks[bi].text
        need = limit - len(out)
        if need <= 0:
            complete = False
            break
        # only the edge of a long block: about 40 characters a word is plenty
        span = need * 40
        lo, hi = 0, len(text)
        if len(text) > span:
            # (a word longer than the span is cut: it is never template anyway)
            if from_end:
                lo = text.find(" ", len(text) - span)
                lo = len(text) - span if lo < 0 else lo
            else:
                hi = text.rfind(" ", 0, span)
                hi = span if hi < 0 else hi
        found = [
            _Tok(bi, m.start(), m.end(), CONTENT, False, False, word_key(m.group()))
            for m in _TOKEN.finditer(text, lo, hi)
        ]
        if len(found) > need or lo > 0 or hi < len(text):
            complete = False
        found = found[-need:] if from_end else found[:need]
        for t in found:
            t.ends_sentence = _ends_sentence(text[t.start : t.end])
            t.boundary_before = _boundary_before(text, t.start)
        if from_end:
            out[:0] = found
        else:
            out.extend(found)
    return out, complete


def _grams(tokens: list[_Tok]) -> list[tuple[int, int]]:
    """(4-gram hash, index of its last word) over the content words of ``tokens``."""
    idx = [i for i, t in enumerate(tokens) if t.kind == CONTENT]
    hs = [_word_hash(tokens[i].key) for i in idx]
    return [(_gram(hs[j], hs[j + 1], hs[j + 2], hs[j + 3]), j) for j in range(len(hs) - 3)]


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
    recent: dict[int, None] = field(default_factory=dict)

    DECAY_AT = 4000
    PRUNE_EVERY = 64
    RECENT = 4096

    def first_time(self, body: int) -> bool:
        """Note ``body`` (an article's hash); False when it was counted already."""
        if body in self.recent:
            return False
        self.recent[body] = None
        if len(self.recent) > self.RECENT:
            del self.recent[next(iter(self.recent))]
        return True

    def add(self, head: Iterable[int], tail: Iterable[int]) -> None:
        self.articles += 1
        for table, grams in ((self.head, head), (self.tail, tail)):
            for g in set(grams):
                table[g] = table.get(g, 0) + 1
        if self.articles % self.PRUNE_EVERY == 0:
            self.prune()
        if self.articles >= self.DECAY_AT:
            self.articles //= 2
            for table in (self.head, self.tail):
                for g in list(table):
                    table[g] //= 2
            self.prune()

    def prune(self) -> None:
        for table in (self.head, self.tail):
            for g in [g for g, n in table.items() if n <= 1]:
                del table[g]


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


def _edges(
    blocks: tuple[Block, ...] | list[Block], tags: frozenset[str], options: TemplateOptions
) -> tuple[tuple[list[_Tok], bool], tuple[list[_Tok], bool]]:
    head = _block_tokens(blocks, False, options.head_words)
    tail = _block_tokens(blocks, True, options.tail_words)
    _classify(head[0], tags)
    _classify(tail[0], tags)
    return head, tail


def article_grams(article: Article, options: TemplateOptions) -> tuple[list[int], list[int]]:
    """The head and tail 4-gram hashes of an article (what is counted)."""
    (head, _), (tail, _) = _edges(article.blocks, _tag_words(article), options)
    return [g for g, _ in _grams(head)], [g for g, _ in _grams(tail)]


def _covered(tokens: list[_Tok], table: Mapping[int, int]) -> list[int]:
    """For each token: the count of the most frequent template 4-gram holding it (0: none)."""
    cover = [0] * len(tokens)
    idx = [i for i, t in enumerate(tokens) if t.kind == CONTENT]
    for g, j in _grams(tokens):
        n = table.get(g, 0)
        if n:
            for i in idx[j : j + 4]:
                cover[i] = max(cover[i], n)
    return cover


def _tail_cut(
    tokens: list[_Tok], complete: bool, table: Mapping[int, int]
) -> tuple[int, int] | None:
    """(first token of the tail, weakest count in it), or None."""
    if not tokens or not table:
        return None
    cover = _covered(tokens, table)
    i = len(tokens) - 1
    while i >= 0 and (cover[i] or tokens[i].kind != CONTENT):
        i -= 1
    start = i + 1
    if start == 0 and complete:
        return None  # the whole article would go: nothing to keep, so not a template
    # fillers at the start of the tail go with it only after a sentence or a line end
    while start < len(tokens) and not cover[start] and not tokens[start].boundary_before:
        start += 1
    if start < len(tokens) and not tokens[start].boundary_before:
        # the run starts inside a sentence of the article: a template glued to the last
        # sentence holds dates, tags or a label before its first full stop; a sentence
        # that merely ends the same way each time ("... the claim is false.") does not
        k = start
        while k < len(tokens) and not tokens[k].ends_sentence and tokens[k].kind == CONTENT:
            k += 1
        if k < len(tokens) and tokens[k].kind == CONTENT:
            start = k + 1
            while start < len(tokens) and not cover[start] and tokens[start].kind != CONTENT:
                start += 1
    counts = [c for c in cover[start:] if c]
    if not counts:
        return None
    return start, min(counts)


def _dateline_end(tokens: list[_Tok], p: int) -> bool:
    """``tokens[p]`` closes a date or time (a dateline ends there): a time, or a run of
    fillers holding a month or a relative word."""
    q = p
    while q >= 0 and tokens[q].kind in (NUMBER, DATE, NEUTRAL):
        if tokens[q].kind == DATE or (tokens[q].kind == NUMBER and ":" in tokens[q].key):
            return True
        q -= 1
    return False


def _head_cut(tokens: list[_Tok], table: Mapping[int, int], title: str) -> tuple[int, int] | None:
    """(index after the last token of the head, weakest count in it), or None.

    The head ends only where a sentence or a line ends, after a dateline, or where the title
    begins: a run of template words that goes on into a sentence of the article (the
    standard opening of a fact-check) keeps that sentence whole."""
    if not tokens or not table:
        return None
    cover = _covered(tokens, table)
    run = 0
    while run < len(tokens) and (cover[run] or tokens[run].kind != CONTENT):
        run += 1
    if run == len(tokens) or not any(cover[:run]):
        return None
    title_keys = [k for k in (word_key(w) for w in title.split()[:4]) if k]
    n_title = len(title_keys)
    for p in range(run - 1, -1, -1):
        if (
            tokens[p].ends_sentence
            or tokens[p + 1].boundary_before
            or (tokens[p].kind in (NUMBER, DATE) and _dateline_end(tokens, p))
            or (n_title and [t.key for t in tokens[p + 1 : p + 1 + n_title]] == title_keys)
        ):
            counts = [c for c in cover[: p + 1] if c]
            return (p + 1, min(counts)) if counts else None
    return None


def remove_template(
    article: Article, model: Model, options: TemplateOptions | None = None
) -> Article:
    """``article`` without its site's learned head and tail (recorded in ``removed``)."""
    if not model or not article.blocks:
        return article
    opts = options or TemplateOptions()
    tags = _tag_words(article)
    blocks = list(article.blocks)
    removals: list[Removal] = []
    rule = RULE_PREFIX + model.name
    tail, complete = _block_tokens(blocks, True, opts.tail_words)
    _classify(tail, tags)
    cut = _tail_cut(tail, complete, model.tail)
    if cut is not None:
        first = tail[cut[0]]
        b, s = first.block, first.start
        gone = [blocks[b].text[s:], *(blk.text for blk in blocks[b + 1 :])]
        kept = blocks[b].text[:s].rstrip()
        blocks = blocks[:b] + ([Block(blocks[b].type, kept, blocks[b].level)] if kept else [])
        share = cut[1] / max(model.articles, 1)
        position = b if not kept else None
        removals.append(Removal(STEP, rule, "\n".join(t for t in gone if t), position, share=share))
    if blocks and model.head:
        head, _ = _block_tokens(blocks, False, opts.head_words)
        _classify(head, tags)
        hcut = _head_cut(head, model.head, article.title)
        if hcut is not None:
            last = head[hcut[0] - 1]
            b, e = last.block, last.end
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
        return article
    return article.replace(blocks=blocks, removed=article.removing(removals))


# --------------------------------------------------------------------------- the stage


@dataclass(slots=True)
class _Site:
    counts: SiteCounts
    model: Model | None = None


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
        head, tail = article_grams(article, self.options)
        site.counts.add(head, tail)

    def observe(self, article: Article) -> None:
        """Count ``article`` without emitting it (``newsclean learn``)."""
        self._count(self._site(group_of(article, self.options.group_by)), article)

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
        pending: deque[tuple[str, Article]] = deque()
        opts = self.options
        for article in articles:
            name = group_of(article, opts.group_by)
            site = self._site(name)
            if site.model is None or self.keep_counting:
                self._count(site, article)
                if site.model is None and site.counts.articles >= opts.sample:
                    self.decide(name)
            if not self.hold:
                yield remove_template(article, site.model, opts) if site.model else article
                continue
            if site.model is not None and not pending:
                yield remove_template(article, site.model, opts)
                continue
            pending.append((name, article))
            if len(pending) > opts.max_pending:
                self.decide(pending[0][0])
            while pending and self.sites[pending[0][0]].model is not None:
                n, a = pending.popleft()
                yield remove_template(a, self.decide(n), opts)
        while pending:
            n, a = pending.popleft()
            yield remove_template(a, self.decide(n), opts)
