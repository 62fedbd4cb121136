"""The strip step: remove boilerplate (footers, disclaimers, related/latest tails, tag lists,
share/follow prompts, credits, ads, navigation) from an Article, recording every removal.

Work goes from the strongest evidence to the weakest: blocks the reader already hinted as
boilerplate; whole lines that match a rule or a structural detector; the tail (a marker such
as "Read also" or "أحدث المواد" followed by nothing or by headline-like lines); then, inside
paragraphs whose line structure was lost, single sentences and an inline tail. Text that is
kept is never edited: removals cut whole lines or whole sentences out of a block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsclean.article import Article, Block, Removal
from newsclean.lang import detect
from newsclean.optspec import cli
from newsclean.steps.boilerplate.dispatch import Dispatch
from newsclean.steps.boilerplate.fold import fold, fold_all, original_pos
from newsclean.steps.boilerplate.matcher import Matcher
from newsclean.steps.boilerplate.rules import load_ruleset, matcher_for
from newsclean.steps.boilerplate.schema import Rule, normalize_line
from newsclean.steps.boilerplate.sentences import (
    CLOSERS,
    TERMINATORS,
    has_single_stop,
    last_spans,
    sentence_spans,
)
from newsclean.steps.boilerplate.stamp import head_stamp
from newsclean.steps.boilerplate.structure import (
    ends_with_timestamp,
    is_breadcrumb,
    is_link_like,
    is_share_item,
    is_tag_list,
    is_timestamp,
    tag_keys,
)

STEP = "strip"


@dataclass(frozen=True, slots=True)
class StripOptions:
    """What the strip step removes. The defaults are safe on clean articles."""

    #: Use the rule files shipped with newsclean (``newsclean/rules/strip_*.toml``).
    builtin_rules: bool = field(
        default=True,
        metadata=cli(
            "--no-builtin-rules",
            "Do not use the phrase rules shipped with newsclean (--rules and the "
            "structural detectors still apply).",
        ),
    )
    #: Extra TOML rule files (same schema as the built-ins), e.g. from ``newsclean learn``.
    rules_files: tuple[str, ...] = field(
        default=(),
        metadata=cli(
            "--rules",
            "Extra boilerplate rules (TOML, the built-ins' schema; e.g. written by "
            "'newsclean learn'). Repeatable.",
            metavar="FILE",
            files=True,
        ),
    )
    #: Drop blocks the reader hinted as boilerplate (``Block.hint``, e.g. HTML navigation).
    hints: bool = field(
        default=True,
        metadata=cli(
            "--no-hints",
            "Keep blocks the HTML reader marked as boilerplate (navigation, asides, ...).",
        ),
    )
    #: Structural detectors: timestamps, breadcrumbs, dated link lists, the record's own tags.
    structure: bool = field(
        default=True,
        metadata=cli(
            "--no-structure",
            "No structural detectors (timestamps, breadcrumbs, dated link lists, the "
            "record's own tags, bylines naming the record's author).",
        ),
    )
    #: Cut "read also / related / latest" tails when what follows reads as a list of links.
    tails: bool = field(
        default=True, metadata=cli("--no-tails", "Keep 'read also / related / latest' tails.")
    )
    #: Look inside paragraphs, sentence by sentence (text whose line breaks were lost).
    sentences: bool = field(
        default=True,
        metadata=cli(
            "--no-sentences", "Only remove whole lines, never single sentences inside a paragraph."
        ),
    )
    #: How many lines at each end count as "head" / "tail" for position-bound rules.
    edge_lines: int = 3
    #: Longest tail (in characters) cut after an inline marker in whitespace-collapsed text.
    max_inline_tail: int = 3000


# Line edges: whitespace and the invisible marks scrapers leave (ZWSP, BOM, LRM/RLM).
_EDGE = (
    " \t\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000\u200b\u200e\u200f\ufeff"
)
# Blocks whose lines are data, not prose: code, and table rows ("Pos | Player | Plays").
_UNTOUCHED = frozenset({"preformatted", "table_row"})
_EDGE_NL = _EDGE + "\n"
# What may separate a marker from the headline it introduces: "Read also: ...", "اقرأ أيضا - ..."
_DELIM = re.compile(r"\s*(?:[:：|»>›]+|[-–—]+(?=\s)|\.{2,}|…)\s*")


@dataclass(slots=True)
class _Line:
    block: int
    start: int  # span of the stripped line inside the block text
    end: int
    text: str
    f: str  # the folded text every rule is matched against (see rules.fold)
    rule: str = ""  # set when the whole line goes
    tail_f: int = -1  # where an inline tail starts in ``f`` (-1: none)
    gate: list[Any] = field(default_factory=list)  # rules with ``needs`` this line passed
    cuts: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, rule) in block


def strip(article: Article, options: StripOptions | None = None) -> Article:
    """Return ``article`` without its boilerplate; what went is appended to ``removed``.

    >>> from newsclean.article import Block
    >>> a = Article(blocks=(Block("paragraph", "قال الوزير إن الاجتماع كان مثمرا."),
    ...                     Block("paragraph", "أحدث المواد")))
    >>> out = strip(a)
    >>> [b.text for b in out.blocks], [(r.rule, r.text) for r in out.removed]
    (['قال الوزير إن الاجتماع كان مثمرا.'], [('tail.latest', 'أحدث المواد')])
    """
    opts = options or StripOptions()
    meta = article.meta
    matcher = _matcher_of(article, opts)

    removals: list[Removal] = []
    blocks = article.blocks
    lines: list[_Line] = []
    for i, b in enumerate(blocks):
        if opts.hints and b.hint:
            removals.append(Removal(STEP, b.hint, b.text, position=i))
        elif b.type not in _UNTOUCHED:
            _add_lines(lines, i, b.text)
    _fold_lines(lines)
    if lines:
        tags = _record_tags(article) if opts.structure else frozenset()
        author = normalize_line(fold(str(meta.get("author") or ""))) if opts.structure else ""
        _mark_lines(lines, matcher, opts, tags, author)
        if opts.structure:
            _mark_end_runs(lines, tags)
            _mark_head_stamp(lines, matcher, opts)
        if opts.tails:
            _mark_tail(lines, matcher, opts, tags)
            if opts.structure:
                _mark_end_runs(lines, tags)  # again: a "more" label may have ended the run
            _mark_inner_markers(lines, matcher)
        if opts.sentences:
            _mark_sentences(lines, matcher)
    # the lines that lose something, by block (a block without any is kept as it is)
    by_block: dict[int, list[_Line]] = {}
    for ln in lines:
        if ln.rule or ln.cuts:
            by_block.setdefault(ln.block, []).append(ln)
    if not removals and not by_block:
        return article

    new_blocks = _rebuild_blocks(blocks, by_block, removals, skip_hinted=opts.hints)
    return article.replace(blocks=new_blocks, removed=article.removing(removals))


def _rebuild_blocks(
    blocks: Sequence[Block],
    by_block: dict[int, list[_Line]],
    removals: list[Removal],
    *,
    skip_hinted: bool = False,
) -> list[Block]:
    """``blocks`` without what their marked lines (``by_block``: block index -> lines with
    a rule or cuts) remove, each removal appended to ``removals``; a block left empty is
    dropped (its removals keep its position). ``skip_hinted``: hinted blocks are dropped
    too (their removal is recorded by the caller)."""
    new_blocks: list[Block] = []
    for i, b in enumerate(blocks):
        if skip_hinted and b.hint:
            continue
        own = by_block.get(i)
        if own is None:
            new_blocks.append(b)
            continue
        text, gone = _rebuild(b.text, own)
        if text.strip(_EDGE_NL):
            new_blocks.append(Block(b.type, text, level=b.level, hint=b.hint))
            removals.extend(Removal(STEP, rule, t) for rule, t in gone)
        else:
            removals.extend(Removal(STEP, rule, t, position=i) for rule, t in gone)
    return new_blocks


def strip_edges(
    article: Article,
    options: StripOptions | None = None,
    *,
    lead: str | None = None,
    tail: bool = False,
) -> Article:
    """The rules that fit only at an article's edge, run again on its new first or last
    line after a later stage cut what stood before or after it (a learned site template):
    a source line ("المصدر: واس", "Source: Reuters") that is the last sentence only once the
    learned tail after it is gone, a byline and a date left after a learned banner.

    ``lead``: the text cut from the head (None: the head was not cut; its last words may
    begin a stamp that goes on into the first line, "كتب:" + a name and a date);
    ``tail``: the tail was cut. What goes is recorded in ``removed`` under the rule that
    fits, as :func:`strip` records it; an article that would lose everything is kept."""
    opts = options or StripOptions()
    blocks = article.blocks
    if not blocks or (lead is None and not tail):
        return article
    last = len(blocks) - 1
    head_ok = lead is not None and blocks[0].type not in _UNTOUCHED
    tail_ok = tail and blocks[last].type not in _UNTOUCHED
    if not (head_ok or tail_ok):
        return article
    matcher = _matcher_of(article, opts)
    # the first lines of the first block and the last of the last; of a long paragraph
    # (collapsed text) only its start or its end, as much as the rules below read
    parts: set[int] = set()  # (ids of the lines read in part: never a whole line)
    head_own: list[_Line] = []
    if head_ok:
        _add_lines(head_own, 0, blocks[0].text)
        head_own = head_own[: opts.edge_lines]
        if head_own and len(head_own[0].text) > _HEAD_READ:
            ln = head_own[0]
            e = ln.text.rfind(" ", 0, _HEAD_READ)
            head_own[0] = _Line(0, ln.start, ln.start + e, ln.text[:e], ln.text[:e])
            parts.add(id(head_own[0]))
    tail_own: list[_Line] = []
    if tail_ok:
        _add_lines(tail_own, last, blocks[last].text)
        tail_own = tail_own[-opts.edge_lines :]
        if tail_own and len(tail_own[-1].text) > _EDGE_REACH * 2:
            ln = tail_own[-1]
            o = ln.text.find(" ", len(ln.text) - _EDGE_REACH) + 1
            tail_own[-1] = _Line(last, ln.start + o, ln.end, ln.text[o:], ln.text[o:])
            parts.add(id(tail_own[-1]))
    lines = head_own + tail_own
    _fold_lines(lines)
    if not lines:
        return article
    known: list[frozenset[str]] = []

    def tags() -> frozenset[str]:  # (found when first needed: most edges never need them)
        if not known:
            known.append(_record_tags(article) if opts.structure else frozenset())
        return known[0]

    meta = article.meta
    author = normalize_line(fold(str(meta.get("author") or ""))) if opts.structure else ""

    def fits(ln: _Line, head: bool) -> str:
        # (only what fits at an edge alone: the rules for any place were tried by strip)
        where = "head" if head else "tail"
        f = ln.f
        hit = matcher.line[where].fullmatch(f)
        if hit is not None:
            return hit.id
        literal = matcher.literal.get(normalize_line(f)) if matcher.literal else None
        if literal is not None and literal.where == where:
            return literal.id
        for rx, rule in matcher.gate(f) if matcher.needs else ():
            if rule.where == where and rx.fullmatch(f) is not None:
                return rule.id
        if not opts.structure:
            return ""
        if is_timestamp(f):
            return "structure.timestamp"
        if is_breadcrumb(f):
            return "structure.breadcrumb"
        if len(f) <= 200 and is_tag_list(f, tags()):
            return "record.tags"
        return _structural(f, True, frozenset(), author)  # (the record's author)

    if head_ok:
        for ln in head_own:
            if id(ln) in parts or len(ln.f) > _EDGE_LINE:
                break  # a paragraph (collapsed text): no line rule fits it whole
            ln.rule = fits(ln, True)
            if not ln.rule:
                break
        if opts.structure:
            _mark_head_stamp(head_own, matcher, opts, fold(lead or ""))
    if tail_ok:
        own = tail_own
        for ln in reversed(own):
            if ln.cuts or id(ln) in parts or len(ln.f) > _EDGE_LINE:
                break
            ln.rule = ln.rule or fits(ln, False)
            if not ln.rule:
                break
        if opts.structure and len(own) > 1 and len(own[-1].f) <= 120:
            _mark_end_runs(own, tags())
        if opts.sentences and not own[-1].rule:
            _tail_sentences(matcher, own[-1])
    by_block: dict[int, list[_Line]] = {}
    seen: set[int] = set()
    for ln in lines:
        if (ln.rule or ln.cuts) and id(ln) not in seen:
            seen.add(id(ln))
            by_block.setdefault(ln.block, []).append(ln)
    if not by_block:
        return article
    removals: list[Removal] = []
    new_blocks = _rebuild_blocks(blocks, by_block, removals)
    if not new_blocks:
        return article  # never the whole article
    return article.replace(blocks=new_blocks, removed=article.removing(removals))


#: Longest line tried whole against the line rules at a new edge (none is longer), and
#: how much of a paragraph's end is read again there.
_EDGE_LINE = 400
_EDGE_REACH = 400
#: How much of a long first paragraph is read for a stamp (``boilerplate.stamp`` reads
#: 36 words at most).
_HEAD_READ = 1200


def _tail_sentences(matcher: Matcher, ln: _Line) -> None:
    """The tail-only line rules ("المصدر: واس", "Source: Reuters", a copyright line) on the
    last sentences of ``ln`` (a paragraph whose line breaks were lost), from the end: each
    that fits goes, and the sentence before it is tried next (at most three)."""
    f = ln.f
    o = 0
    if len(f) > _EDGE_REACH:  # (only the end is read: a long paragraph is not split whole)
        o = f.find(" ", len(f) - _EDGE_REACH) + 1
        f = f[o:]
    table = matcher.line["tail"]
    # a sentence starts at the text's start or after a stop: when no tail rule may begin
    # at any of those places (most ends), there is nothing to split
    places = [0]
    for stop in TERMINATORS:
        i = f.find(stop)
        while i != -1:
            j = i + 1
            while j < len(f) and f[j] in _RUN:
                j += 1
            if j < len(f) and f[j].isspace():
                places.append(j + 1)
            i = f.find(stop, j)
    if not table.fitting(f, places):
        return
    end = len(f)
    for _ in range(3):
        body = f[:end].rstrip()
        spans = last_spans(body, 2)
        if len(spans) < 2:
            return  # (the window's first "sentence" may begin anywhere: never cut)
        last = spans[-1][0]
        hit = table.fullmatch(body[last:])
        if hit is None or not hit.sentence:
            return
        ln.cuts.append(
            (ln.start + _orig(ln, last + o), ln.start + _orig(ln, len(body) + o), hit.id)
        )
        end = last


def _matcher_of(article: Article, opts: StripOptions) -> Matcher:
    """The rules for ``article``: its site's and its language's (detected when not given)."""
    ruleset = load_ruleset(opts.builtin_rules, tuple(opts.rules_files))
    meta = article.meta
    site = ruleset.site_for(_site_keys(meta)) if ruleset.by_site else ""
    language = str(meta.get("language") or "").split("-")[0].split("_")[0].lower()
    if not language:
        language = detect("\n".join(b.text for b in article.blocks[:4])[:1200])
    return matcher_for(ruleset, site, language)


def _add_lines(lines: list[_Line], i: int, text: str) -> None:
    """The lines of block ``i`` (text ``text``), appended to ``lines``."""
    if "\n" in text:
        for s, e in _line_spans(text):
            t = text[s:e]
            lines.append(_Line(i, s, e, t, t))
        return
    # one line (the common case: paragraphs read from files, HTML paragraphs): its
    # span is the text without its edges, found without a loop over characters
    t = text.strip(_EDGE)
    if t:
        s = len(text) - len(text.lstrip(_EDGE))
        lines.append(_Line(i, s, s + len(t), t, t))


def _fold_lines(lines: list[_Line]) -> None:
    texts = [ln.text for ln in lines]
    folded = fold_all(texts)
    if folded != texts:  # (most articles hold nothing to fold)
        for ln, f in zip(lines, folded, strict=True):
            ln.f = f


# --------------------------------------------------------------------------- passes


def _line_spans(text: str) -> list[tuple[int, int]]:
    # str.find, not a regex: a negated character class is slow on long Arabic paragraphs
    spans = []
    n = len(text)
    pos = 0
    while pos <= n:
        nl = text.find("\n", pos)
        e = n if nl == -1 else nl
        s = pos
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if e > s:
            spans.append((s, e))
        if nl == -1:
            break
        pos = nl + 1
    return spans


def _site_keys(meta: Mapping[str, Any]) -> list[str]:
    keys = [str(meta.get("site") or ""), str(meta.get("url") or "")]
    return [k for k in keys if k]


def _mark_lines(
    lines: list[_Line], matcher: Matcher, opts: StripOptions, tags: frozenset[str], author: str
) -> None:
    """Whole lines that a rule or a structural detector recognises, wherever they are."""
    n = len(lines)
    edge = opts.edge_lines
    # the gated rules each line passed, looked up for the whole article at once (most
    # articles hold none of their words, and then no line needs checking)
    gates = matcher.gates([ln.f for ln in lines])
    anywhere = matcher.line["any"]
    plain = not matcher.literal
    for k, ln in enumerate(lines):
        head, tail = k < edge, k >= n - edge
        ln.gate = gates[k]
        if plain and not (ln.gate or head or tail) and not anywhere.candidates(ln.f):
            # inside the article, with no rule whose beginning fits: only the record's tags
            if tags and opts.structure:
                ln.rule = _structural(ln.f, False, tags, author)
            continue
        rule = matcher.match_line(ln.f, head, tail, ln.gate)
        if rule is not None:
            ln.rule = rule.id
        elif opts.structure:
            ln.rule = _structural(ln.f, head or tail, tags, author)
    if opts.structure:
        _mark_share_items(lines)


def _mark_head_stamp(
    lines: list[_Line], matcher: Matcher, opts: StripOptions, lead: str = ""
) -> None:
    """A breadcrumb, byline and date run into the article's first sentence (text whose line
    breaks were lost): cut piece by piece (see ``boilerplate.stamp``) from the first line
    not already gone, when it is one of the first ``edge_lines``. ``lead``: the (folded)
    template words cut just before it."""
    k = next((k for k, ln in enumerate(lines) if not ln.rule), len(lines))
    if k >= min(len(lines), opts.edge_lines):
        return
    ln = lines[k]
    if lead:
        lead = " ".join(lead.split()[-3:]) + " "
    pieces = head_stamp(matcher, lead + ln.f, len(lead))
    for s, e, rule in pieces:
        s, e = max(s - len(lead), 0), e - len(lead)
        if e > 0:
            ln.cuts.append((ln.start + _orig(ln, s), ln.start + _orig(ln, e), rule))


def _mark_share_items(lines: list[_Line]) -> None:
    """Share buttons flattened one a line ("شارك هذا الخبر", "فيسبوك", "تويتر", "واتساب"):
    a run of lines each only a network's name goes when a share prompt or bar sits beside
    it, or when it is two or more lines long at the article's start or end (marked lines
    may sit between). A list of apps inside the article stays."""
    n = len(lines)
    first_open = next((i for i, ln in enumerate(lines) if not ln.rule), n)
    last_open = next((i for i in range(n - 1, -1, -1) if not lines[i].rule), -1)
    k = first_open
    while k < n:
        if lines[k].rule or not is_share_item(lines[k].f):
            k += 1
            continue
        j = k
        while j < n and not lines[j].rule and is_share_item(lines[j].f):
            j += 1
        beside = "share" in (lines[k - 1].rule if k else "") or "share" in (
            lines[j].rule if j < n else ""
        )
        at_edge = j - k >= 2 and (k == first_open or j > last_open)
        if beside or at_edge:
            for ln in lines[k:j]:
                ln.rule = "structure.share-bar"
        k = j


def _record_tags(article: Article) -> frozenset[str]:
    """The record's own tags: ``meta.tags`` (read from ``keywords`` or ``tags``) and the
    carried ``categories`` / ``category`` fields."""
    keys = tag_keys(article.meta.get("tags"))
    for name in ("categories", "category"):
        value = article.extra.get(name)
        if value:
            keys |= tag_keys(value)
    return keys


def _mark_end_runs(lines: list[_Line], tags: frozenset[str]) -> None:
    """At the very end of the article (lines already marked may sit between): a run of lines
    each one of the record's own tags, one a line, and of bare dates and times ("اليوم 06:42",
    "20 اب") — the tag strip and the related stories' times a page leaves behind, any number
    of them. Never the article's first line."""
    for ln in reversed(lines[1:]):
        if ln.rule:
            continue
        if len(ln.f) > 120:
            break
        if tags and " ".join(ln.f.replace("#", " ").split()).casefold() in tags:
            ln.rule = "record.tags"
        elif is_timestamp(ln.f):
            ln.rule = "structure.timestamp"
        else:
            break


def _structural(text: str, at_edge: bool, tags: frozenset[str], author: str) -> str:
    if len(text) > 400:
        return ""
    if tags and is_tag_list(text, tags, spaced=at_edge):
        return "record.tags"
    if at_edge:
        # inside the article a bare time or date is part of it (a live blog's entries, an
        # exhibition's dates); at the top or bottom it is the page's stamp
        if is_timestamp(text):
            return "structure.timestamp"
        if is_breadcrumb(text):
            return "structure.breadcrumb"
        if author and len(author) > 2:
            t = normalize_line(text)
            if t == author or t in (f"by {author}", f"بقلم {author}", f"بقلم: {author}"):
                return "record.author"
    return ""


def _tail_at(matcher: Matcher, text: str, pos: int, whole: bool, limit: int) -> Rule | None:
    """The tail marker starting at ``pos`` when what follows it is nothing or headline-like.

    ``whole``: the fragment is a line of its own (else it runs on at the end of a paragraph).
    """
    hit = matcher.tail_marker(text, pos)
    if hit is None:
        return None
    rule, end = hit
    d = _DELIM.match(text, end)
    body = text[d.end() if d else end :].strip(_EDGE)
    if not body:
        return rule
    delimited = d is not None and bool(d.group(0).strip())
    if len(body) > (220 if whole else limit):
        return None
    if not delimited:
        marker = text[pos:end].strip()
        # A bare word ("Related", "Latest") may begin a sentence; only phrases flagged
        # distinctive may run straight into the headlines they introduce — and single
        # Arabic-script labels ("الوسوم"), which no sentence starts with.
        if not (rule.inline and (len(marker.split()) > 1 or not _LATIN_START.match(marker))):
            return None
    elif whole and body[-1] in ".۔" and body[-2:] != "..":
        # "Read also: <headline>." on a line of its own: one closing stop after a label. Not
        # in run-on text, where the stop may end an article sentence the headline ran into.
        body = body[:-1]
    return None if has_single_stop(body) else rule


def _mark_tail(
    lines: list[_Line], matcher: Matcher, opts: StripOptions, tags: frozenset[str]
) -> None:
    """Cut from the earliest tail marker whose remainder is empty or a list of headlines."""
    n = len(lines)
    cut, cut_rule = -1, ""
    k = n - 1
    while k >= 0:
        ln = lines[k]
        if ln.rule:
            k -= 1
            continue
        rule = _tail_at(matcher, ln.f, 0, True, opts.max_inline_tail)
        if rule is not None:
            cut, cut_rule = k, rule.id
        elif not is_link_like(ln.f):
            break
        k -= 1
    # k is the last prose line (or -1). Its end may hold the tail too, run on after the last
    # sentence (whitespace-collapsed text): peel it off, sentence by sentence.
    if k >= 0 and opts.sentences:
        later = [ln for ln in lines[k + 1 :] if not ln.rule]
        if all(is_link_like(ln.f) for ln in later):
            ln = lines[k]
            cuts, marker = _peel(matcher, ln, opts.max_inline_tail, tags, cut >= 0 or not later)
            for fs, fe, rule_id in cuts:
                ln.cuts.append((ln.start + _orig(ln, fs), ln.start + _orig(ln, fe), rule_id))
            if cuts:
                ln.tail_f = min(c[0] for c in cuts)
            if marker and cut < 0:
                cut, cut_rule = k + 1, cuts[-1][2]
    if cut >= 0:
        current = cut_rule
        for ln in lines[cut:]:
            if not ln.rule:
                # each box keeps its own name: "Related ...", then "Most read ..."
                own = _tail_at(matcher, ln.f, 0, True, opts.max_inline_tail)
                current = own.id if own is not None else current
                ln.rule = current
        return
    if opts.structure:
        # no marker: a run of dated headlines at the very end is a "latest news" list
        run = 0
        for ln in reversed(lines):
            if ln.rule:
                continue
            if is_link_like(ln.f) and ends_with_timestamp(ln.f):
                run += 1
            else:
                break
        if run >= 2:
            left = run
            for ln in reversed(lines):
                if left == 0:
                    break
                if not ln.rule:
                    ln.rule = "structure.timestamp-list"
                    left -= 1


def _peel(
    matcher: Matcher, ln: _Line, limit: int, tags: frozenset[str], suffixes: bool
) -> tuple[list[tuple[int, int, str]], bool]:
    """Boilerplate at the end of the line ``ln`` (folded offsets), peeled from the end:
    boilerplate sentences, a tail marker with its run-on headlines, and the prompts (share,
    follow, tags) left between the last sentence and such a tail. Also says whether a tail
    marker was found (then the lines after ``ln`` go too)."""
    f = ln.f
    cuts: list[tuple[int, int, str]] = []
    marker = False
    end = len(f)
    # only the last sentences matter here (``_inline_tail`` looks back over 12 at most): a
    # long paragraph is not split whole (``last_spans`` gives the same last spans)
    own = last_spans(f, _LOOK_BACK)
    for _ in range(8):
        while end > 0 and (f[end - 1] in _EDGE or f[end - 1].isspace()):
            end -= 1
        body = f[:end]
        spans = own if end == len(f) else last_spans(body, _LOOK_BACK)
        if end < len(f) and own and own[-1][1] == end:
            spans = own  # nothing was cut yet: the line's own spans serve
        if not spans:
            break
        last = spans[-1][0]
        if suffixes:
            hit = _suffix_rule(matcher, body, last, ln.gate)
            if hit is not None:
                cuts.append((hit[0], end, hit[1]))
                end = hit[0]
                continue
        found = _inline_tail(matcher, body, limit, tags, spans)
        if found is not None:
            cuts.append((found[0], end, found[1]))
            end, marker, suffixes = found[0], True, True
            continue
        if cuts and not has_single_stop(body[last:]):
            rule_id = _starts_with_rule(matcher, body, last)
            if rule_id:
                cuts.append((last, end, rule_id))
                end = last
                continue
        break
    return cuts, marker


def _suffix_rule(matcher: Matcher, body: str, last: int, gate: Any) -> tuple[int, str] | None:
    """A boilerplate sentence ending ``body``: the whole last sentence, or — when the sentence
    shows signs of a tail (a marker at its start, a gated word such as "©") — a suffix of at
    least four words that a rule matches ("... Tous droits réservés.")."""
    hit = matcher.match_sentence(body[last:], gate)
    if hit is not None:
        return last, hit.id
    # the article's last sentence is where the tail-only line rules fit ("المصدر: واس")
    hit = matcher.line["tail"].fullmatch(body[last:])
    if hit is not None and hit.sentence:
        return last, hit.id
    # a sentence led by an inline credit: "(Reporting by ...) Sign up for our newsletter."
    for _, e, _rule in matcher.inline_spans(body[last:]):
        start = last + e
        while start < len(body) and body[start].isspace():
            start += 1
        hit = matcher.match_sentence(body[start:], gate)
        if hit is not None:
            return start, hit.id
    if (
        not matcher.literal  # a site's learned lines may end run-on text back to back
        and matcher.tail_marker(body, last) is None
        and not (gate and _gate_near_end(gate, body))
    ):
        return None
    lowest = max(last, len(body) - 250)
    for m in _WORD_START.finditer(body, lowest):
        w = m.start()
        if len(body[w:].split()) < 4:
            break
        hit = matcher.match_sentence(body[w:], gate)
        if hit is not None:
            return w, hit.id
    return None


def _gate_near_end(gate: Any, body: str) -> bool:
    end = body[-250:].casefold()
    return any(word in end for _, rule in gate for word in rule.needs)


def _starts_with_rule(matcher: Matcher, body: str, pos: int) -> str:
    """The rule whose marker or prompt begins ``body`` at ``pos`` ("Share on ...", "Tags")."""
    hit = matcher.tail_marker(body, pos)
    if hit is not None:
        return hit[0].id
    for rule, end in matcher.line_prefixes(body, pos):
        if end >= len(body) or not body[end].isalnum():
            return rule.id
    return ""


def _inline_tail(
    matcher: Matcher,
    text: str,
    limit: int,
    tags: frozenset[str],
    spans: list[tuple[int, int]] | None = None,
) -> tuple[int, str] | None:
    """Start and rule of a tail running on at the end of a paragraph ("... . أحدث المواد").

    ``spans``: the sentence spans of ``text``, or only its last ``_LOOK_BACK`` or more."""
    spans = last_spans(text, _LOOK_BACK) if spans is None else spans
    if len(spans) < 2:
        return None
    best: tuple[int, str] | None = None
    lowest = max(1, len(spans) - (_LOOK_BACK - 1))
    for k in range(len(spans) - 1, lowest - 1, -1):
        start = spans[k][0]
        rule = _tail_at(matcher, text, start, False, limit)
        if rule is not None:
            best = (start, rule.id)
        elif k == len(spans) - 1 and tags and is_tag_list(text[start:], tags):
            best = (start, "record.tags")
        prev = text[spans[k - 1][0] : spans[k - 1][1]]
        if has_single_stop(prev):
            break  # an earlier marker would swallow a prose sentence
    if best is None:
        best = _marker_in_fragment(matcher, text, spans[-1][0], limit)
    return best


#: Sentences ``_inline_tail`` looks back over (and the one before them).
_LOOK_BACK = 13
_LATIN_START = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD_START = re.compile(r"(?<=\s)[^\s]")
_NOT_PROSE_BEFORE = re.compile(r"(?:(?:https?://|www\.)\S+|\d+|[)\]»”\"'…])\s+$")


def _marker_in_fragment(
    matcher: Matcher, text: str, start: int, limit: int
) -> tuple[int, str] | None:
    """A labelled marker ("رابط الخبر بصحيفة X: <headline>") inside the last, unterminated
    fragment, when the sentence before it lost its full stop. Only multi-word markers that are
    distinctive or followed by a delimiter count here: a bare word proves nothing."""
    if len(text) - start > limit or has_single_stop(text[start:]):
        return None
    # a fragment that opens with a prompt or marker ("Share on Facebook ...") is all tail
    tail_zone = bool(_starts_with_rule(matcher, text, start))
    for m in _WORD_START.finditer(text, start):
        hit = matcher.tail_marker(text, m.start())
        if hit is None or len(text[m.start() : hit[1]].split()) < 2:
            continue
        d = _DELIM.match(text, hit[1])
        if d is None or not d.group(0).strip():
            # no ":" after it: only a distinctive marker, and only after something that
            # cannot continue a sentence (a link, a number, a closing bracket or quote) or
            # inside a fragment that is tail already — "... وقال إن آخر الأخبار تشير" stays
            if not hit[0].inline:
                continue
            if _NOT_PROSE_BEFORE.search(text, 0, m.start()) is None and not tail_zone:
                continue
        rule = _tail_at(matcher, text, m.start(), False, limit)
        if rule is not None:
            return m.start(), rule.id
    return None


def _mark_inner_markers(lines: list[_Line], matcher: Matcher) -> None:
    """Lines such as "Read also: <headline>" inside the article, and a bare distinctive marker line
    followed by a few headline lines and then prose again (a related box mid-article)."""
    n = len(lines)
    k = 0
    while k < n:
        ln = lines[k]
        if ln.rule:
            k += 1
            continue
        hit = matcher.tail_marker(ln.f, 0) if matcher.tail_any.candidates(ln.f) else None
        if hit is None or not hit[0].inline:
            k += 1
            continue
        rule = _tail_at(matcher, ln.f, 0, True, 220)
        if rule is None:
            k += 1
            continue
        ln.rule = rule.id
        if _DELIM.sub("", ln.f[hit[1] :]).strip():
            k += 1  # the headline was on the marker's own line
            continue
        j = k + 1
        while j < n and j - k <= 8 and (lines[j].rule or is_link_like(lines[j].f)):
            j += 1
        if j - k > 8 or j == k + 1:
            # a bare marker needs a few headlines after it (a box), then prose again
            ln.rule = ""
            k += 1
            continue
        for m in range(k + 1, j):
            lines[m].rule = lines[m].rule or rule.id
        k = j


def _orig(ln: _Line, fpos: int) -> int:
    """Offset in the line's text of offset ``fpos`` in its folded text."""
    return fpos if len(ln.f) == len(ln.text) else original_pos(ln.text, fpos)


def _mark_sentences(lines: list[_Line], matcher: Matcher) -> None:
    """Boilerplate sentences and inline spans inside paragraphs that are kept."""
    todo = [ln for ln in lines if not ln.rule]
    if not todo:
        return
    bodies = [ln.f if ln.tail_f < 0 else ln.f[: ln.tail_f] for ln in todo]
    # one look over the whole article says which lines may hold an inline span or a sentence
    # a rule begins like (most hold neither): positions found in the joined text map back to
    # their line, and a line's own text can only have fewer
    joined = "\n".join(bodies)
    offsets = []
    pos = 0
    for body in bodies:
        offsets.append(pos)
        pos += len(body) + 1
    hits = matcher.inline.hit_positions(joined)
    if hits is None:
        inline = set(range(len(todo))) if matcher.inline.may_find(joined) else set()
    else:
        inline = {bisect_right(offsets, p) - 1 for p in hits}
    everything = bool(matcher.literal) or bool(matcher.sentence.default)
    starting = set() if everything else _starting_lines(bodies, offsets, joined, matcher.sentence)
    for k, ln in enumerate(todo):
        body = bodies[k]
        if k in inline:
            for s, e, rule in matcher.inline_spans(body):
                ln.cuts.append((ln.start + _orig(ln, s), ln.start + _orig(ln, e), rule.id))
        every = everything or bool(ln.gate)
        if not every and k not in starting:
            continue  # no sentence of it can begin as a rule does: no need to split it
        spans = sentence_spans(body)
        if len(spans) < 2:
            continue
        # only sentences a rule could begin with are tried (most are not)
        starts = matcher.sentence.table
        for s, e in spans:
            if not every and body[s] not in starts:
                continue
            hit = matcher.match_sentence(body[s:e], ln.gate)
            if hit is not None:
                ln.cuts.append((ln.start + _orig(ln, s), ln.start + _orig(ln, e), hit.id))


def _starting_lines(
    bodies: list[str], offsets: list[int], joined: str, table: Dispatch
) -> set[int]:
    """The indexes of ``bodies`` (joined by newlines into ``joined``, each starting at its
    offset) where a sentence may begin as a rule of ``table`` does.

    Cheaper than splitting: every sentence begins at its text's first non-space or after
    terminators, closing marks and whitespace (``sentence_spans`` only drops some of those
    places), and at most places no rule's first characters fit (``Dispatch.candidates``).
    """
    places = []
    for start, body in zip(offsets, bodies, strict=True):
        n = len(body)
        s = 0
        while s < n and body[s].isspace():
            s += 1
        if s < n:
            places.append(start + s)
    n = len(joined)
    for ch in TERMINATORS:
        i = joined.find(ch)
        while i != -1:
            j = i + 1
            while j < n and joined[j] in _RUN:
                j += 1
            if j < n and joined[j].isspace():
                k = j + 1
                while k < n and joined[k].isspace():
                    k += 1
                if k < n:
                    places.append(k)
            i = joined.find(ch, j)
    return {bisect_right(offsets, k) - 1 for k in table.fitting(joined, places)}


_RUN = TERMINATORS + CLOSERS


# --------------------------------------------------------------------------- rebuild


def _rebuild(text: str, own: list[_Line]) -> tuple[str, list[tuple[str, str]]]:
    """The block text without the removed lines and sentences, and what went (rule, text)."""
    drops: list[tuple[int, int, str]] = []
    for ln in own:
        if ln.rule:
            drops.append((ln.start, ln.end, ln.rule))
        else:
            drops.extend(ln.cuts)
    drops.sort()
    merged: list[list[Any]] = []
    for s, e, rule in drops:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            continue
        merged.append([s, e, rule])
    gone: list[tuple[str, str]] = []
    out = ""
    pos = 0
    for s, e, rule in merged:
        gone.append((rule, text[s:e]))
        # take the whitespace that separated the removed piece from what follows (or, at the
        # end of a line, from what precedes), so the kept text closes up without a gap
        b = e
        while b < len(text) and text[b] in _EDGE:
            b += 1
        out += text[pos:s]
        if b == len(text) or text[b] == "\n":
            out = out.rstrip(_EDGE)
            if not out or out.endswith("\n"):  # the whole line went
                if b < len(text):
                    b += 1
                else:
                    out = out.rstrip(_EDGE + "\n")
        pos = b
    out += text[pos:]
    # merge consecutive removals by the same rule into one record
    folded: list[tuple[str, str]] = []
    for rule, t in gone:
        if folded and folded[-1][0] == rule:
            folded[-1] = (rule, folded[-1][1] + "\n" + t)
        else:
            folded.append((rule, t))
    return out, folded
