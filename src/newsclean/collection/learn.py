"""Learn a site's boilerplate from a collection: lines and sentences that repeat across many
articles of the same site, written as rules that ``newsclean strip --rules`` reads.

Articles are grouped by ``meta.site``, else the url's host, else the input's directory. A line
(or, in whitespace-collapsed text, a sentence) seen in at least ``min_articles`` distinct
articles of a group and in at least ``min_share`` of them becomes an exact-text rule scoped to
that site. A "label: <headline>" line that ends many articles with a different headline each
time becomes a tail marker ("رابط الخبر بصحيفة X: ..."). Memory stays bounded: counts are
kept as 64-bit hashes, and keys seen only once are dropped every ``window`` articles.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from newsclean.article import Article
from newsclean.steps.boilerplate.fold import fold
from newsclean.steps.boilerplate.schema import normalize_line, normalize_site
from newsclean.steps.boilerplate.sentences import sentence_spans

GROUP_BY = ("auto", "site", "host", "dir", "none")


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """Thresholds and grouping for ``learn``."""

    #: A line must occur in at least this many distinct articles of its group.
    min_articles: int = 5
    #: ... and in at least this share of the group's articles (0-1).
    min_share: float = 0.2
    #: Group articles by: auto (site, else url host, else directory), site, host, dir, none.
    group_by: str = "auto"
    #: Also count sentences inside paragraphs (for text whose line breaks were lost).
    sentences: bool = True
    #: Learn "label: <headline>" endings as tail markers.
    tails: bool = True
    #: Lines longer than this are never taken for boilerplate.
    max_length: int = 400
    #: Lines shorter than this (in letters) are ignored: too little to be sure of.
    min_letters: int = 3
    #: Drop keys seen once every this many articles of a group (bounded memory).
    window: int = 5000


@dataclass(frozen=True, slots=True)
class Learned:
    """One learned rule and the evidence for it."""

    group: str  # what the articles were grouped by (site, host or directory)
    site: str  # the site the rule is scoped to ("" when grouped by directory or not at all)
    kind: str  # "line" (exact text) or "tail" (a label ending articles)
    text: str
    articles: int  # distinct articles of the group it was seen in
    total: int  # distinct articles in the group


@dataclass(slots=True)
class _Group:
    total: int = 0
    seen: set[int] = field(default_factory=set)  # body hashes: duplicates count once
    lines: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    labels: dict[int, int] = field(default_factory=dict)
    label_texts: dict[int, str] = field(default_factory=dict)
    label_tails: dict[int, set[int]] = field(default_factory=dict)


_LETTER = re.compile(r"[^\W\d_]")
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.DOTALL)
_LABEL = re.compile(r"^([^:：\n]{3,60}?)\s*[:：]\s*\S")


def _key(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@lru_cache(maxsize=1024)
def _parent(source: str) -> str:
    # (remembered: a collection's articles come from few files; PurePath is slow to build)
    return str(PurePath(source).parent)


def group_of(article: Article, group_by: str = "auto") -> tuple[str, str]:
    """``(group, site)`` of an article: the grouping key and the site a rule may be scoped to."""
    meta: Mapping[str, Any] = article.meta
    site = str(meta.get("site") or "").strip()
    if group_by in ("auto", "site") and site:
        return site, site
    url = meta.get("url")
    host = normalize_site(str(url)) if url else ""
    if group_by in ("auto", "host") and host:
        return host, host
    if group_by in ("auto", "dir"):
        source = str(meta.get("source") or "-")
        return _parent(source) if source != "-" else "-", ""
    return "*", ""


class Learner:
    """Feed articles with ``add``; ``result`` gives the learned rules."""

    def __init__(self, options: LearnOptions | None = None) -> None:
        self.options = options or LearnOptions()
        if self.options.group_by not in GROUP_BY:
            raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}")
        self.groups: dict[tuple[str, str], _Group] = {}

    def add(self, article: Article) -> None:
        opts = self.options
        group = self.groups.setdefault(group_of(article, opts.group_by), _Group())
        body = _key(normalize_line(article.text))
        if body in group.seen:
            return  # the same article twice would make all of its lines look repeated
        group.seen.add(body)
        group.total += 1
        units: dict[int, str] = {}
        last = ""
        for block in article.blocks:
            for raw in block.text.split("\n"):
                line = raw.strip()
                if not line:
                    continue
                last = line
                self._unit(units, line)
                if opts.sentences and len(line) > opts.max_length // 2:
                    spans = sentence_spans(line)
                    if len(spans) > 1:
                        for s, e in spans:
                            self._unit(units, line[s:e])
                        last = line[spans[-1][0] : spans[-1][1]]
        for k, text in units.items():
            n = group.lines.get(k, 0) + 1
            group.lines[k] = n
            if n == 2:
                group.texts[k] = text
        if opts.tails and last:
            self._label(group, last)
        if group.total % opts.window == 0:
            _prune(group.lines, group.texts)
            _prune(group.labels, group.label_texts)

    def _unit(self, units: dict[int, str], text: str) -> None:
        opts = self.options
        if len(text) > opts.max_length or not _enough_letters(text, opts.min_letters):
            return
        units.setdefault(_key(normalize_line(fold(text))), text)

    def _label(self, group: _Group, line: str) -> None:
        m = _LABEL.match(line)
        if m is None or len(line) > 300:
            return
        label = m.group(1).strip()
        if not _enough_letters(label, self.options.min_letters):
            return
        k = _key(normalize_line(fold(label)))
        n = group.labels.get(k, 0) + 1
        group.labels[k] = n
        group.label_texts.setdefault(k, label)
        tails = group.label_tails.setdefault(k, set())
        if len(tails) < 64:
            tails.add(_key(normalize_line(line[m.end(1) :])))

    def result(self) -> list[Learned]:
        """Rules for every group, most frequent first within a group."""
        opts = self.options
        out: list[Learned] = []
        for (group_name, site), g in sorted(self.groups.items()):
            need = max(opts.min_articles, opts.min_share * g.total)
            lines = [
                Learned(group_name, site, "line", g.texts[k], n, g.total)
                for k, n in g.lines.items()
                if n >= need and k in g.texts
            ]
            lines.sort(key=lambda x: (-x.articles, x.text))
            out.extend(lines)
            for k, n in sorted(g.labels.items(), key=lambda kv: -kv[1]):
                # a label whose headline changes from article to article (else it is a line)
                if n >= need and len(g.label_tails.get(k, ())) >= min(n, 64) // 2 + 1:
                    out.append(Learned(group_name, site, "tail", g.label_texts[k], n, g.total))
        return out


def _enough_letters(text: str, n: int) -> bool:
    if n == 3:
        return _THREE_LETTERS.search(text) is not None
    return len(_LETTER.findall(text)) >= n


def _prune(counts: dict[int, int], texts: dict[int, str]) -> None:
    for k in [k for k, n in counts.items() if n <= 1]:
        del counts[k]
        texts.pop(k, None)


def learn(articles: Iterable[Article], options: LearnOptions | None = None) -> list[Learned]:
    """Learn boilerplate lines and tail labels from ``articles`` (see the module docstring)."""
    learner = Learner(options)
    for article in articles:
        learner.add(article)
    return learner.result()


# Characters a TOML basic string may not hold raw (C0 controls but tab, DEL) or that we
# escape anyway so a reviewer sees them: C1 controls, invisible and bidi formatting
# characters (a right-to-left override would make a rule read as something else), line and
# paragraph separators, BOM. Lone surrogates cannot be written at all: U+FFFD stands in.
_TOML_ESCAPED = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)


def _toml_char(m: re.Match[str]) -> str:
    c = m.group()
    return "\\ufffd" if "\ud800" <= c <= "\udfff" else f"\\u{ord(c):04x}"


def toml_string(text: str) -> str:
    r"""``text`` as a one-line TOML basic string: quotes, backslashes and every control,
    invisible or bidi character escaped, so no value can end the string or the line.

    >>> toml_string('x"\n[[rules]]\u202e')
    '"x\\"\\u000a[[rules]]\\u202e"'
    """
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _TOML_ESCAPED.sub(_toml_char, body) + '"'


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


def to_toml(learned: Iterable[Learned], articles: int | None = None) -> str:
    """The learned rules as a rule file for ``newsclean strip --rules``."""
    items = list(learned)
    head = [
        "# Boilerplate learned by `newsclean learn`"
        + (f" from {articles} articles" if articles is not None else "")
        + f" on {date.today().isoformat()}.",
        "# Each rule: the share of its site's articles it was seen in. Review, then use with",
        "#   newsclean strip --rules THIS_FILE ...",
        'language = "*"',
        "",
    ]
    body: list[str] = []
    counters: dict[str, int] = {}
    for item in items:
        slug = _slug(item.site or item.group)
        counters[slug] = counters.get(slug, 0) + 1
        share = 100 * item.articles / max(item.total, 1)
        what = "ends" if item.kind == "tail" else "appears in"
        # a group name is scraped data (meta.site, a directory name): quoted and escaped, so
        # a newline in it cannot end the comment and start rules of its own
        where = f"of {toml_string(item.site)}" if item.site else f"under {toml_string(item.group)}"
        body += [
            "[[rules]]",
            f"# {what} {item.articles} of {item.total} articles {where} ({share:.0f}%)",
            f'id = "learned.{slug}.{counters[slug]}"',
        ]
        if item.kind == "tail":
            body.append('kind = "tail"')
        body.append(f"text = {toml_string(item.text)}")
        if item.site:
            body.append(f"site = {toml_string(item.site)}")
        body.append("")
    return "\n".join(head + body)
