"""Walk a parsed page once, iteratively, and cut it into text blocks in reading order.

Alongside the blocks it records a light tree of *frames* (block-level or marked elements:
the candidate containers for main-content detection) with the boilerplate markers they
carry. No recursion anywhere: ``lxml.etree.iterwalk`` drives a flat loop, so a page nested
100 000 levels deep costs what a flat one does.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

from lxml import etree

from newsclean.extract.rules import classify_attrs, marker_rules

#: Subtrees that never hold article text (their tail text still counts).
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "head",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "map",
        "audio",
        "video",
        "source",
        "track",
        "math",
        "frame",
        "frameset",
        "title",
        "meta",
        "link",
        "base",
        "param",
        "datalist",
        "output",
        "progress",
        "meter",
    ]
)

#: Elements that start a new block (and are candidate containers).
BLOCK_TAGS = frozenset(
    [
        "html",
        "body",
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "address",
        "center",
        "details",
        "summary",
        "hr",
        "dialog",
        "menu",
        "hgroup",
    ]
)

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LIST_TAGS = frozenset({"li", "dt", "dd"})
# A table row holding any of these is layout, not data: walk into it instead.
_HEAVY = [
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "script",
    "style",
    "form",
    "br",
    "iframe",
]
_CELL = 250  # longest text a data-table cell is expected to hold
_WS = re.compile(r"[ \t\n\r\f\v]+")
_STRIP = " \t\n\r\f\v\u00a0\u200b\ufeff"
# style="display:none" / "visibility:hidden": hidden on screen, not part of what a reader sees.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(slots=True)
class Frame:
    """A candidate container: a block-level element (or one with a boilerplate marker)."""

    idx: int
    el: Any
    tag: str
    parent: int
    marker: str | None = None  # boilerplate category announced by class/id/tag/role
    positive: bool = False  # class/id/tag announce article content
    strong: bool = False  # itemprop="articleBody" or similar: the container is named
    first_block: int = 0
    end_block: int = 0
    end_frame: int = 0
    good: float = 0.0
    bad: float = 0.0
    trusted: bool = False  # its marker is believed (it does not hold most of the prose)


@dataclass(slots=True)
class RawBlock:
    """One block of text plus the evidence scoring needs."""

    text: str
    kind: str
    level: int
    frame: int  # index of the frame that owns the text
    link: int  # characters of link text inside
    negs: tuple[int, ...]  # marked frames enclosing the block, outermost first
    good: float = 0.0
    bad: float = 0.0
    hint: str | None = None
    ld: bool = False  # its text is in the page's JSON-LD articleBody


# Whitespace to str.split() that is not HTML whitespace (NBSP and the other Unicode spaces
# are text): a string without any of them splits exactly at HTML whitespace runs.
_SPLIT_ONLY = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def collapse(text: str) -> str:
    """HTML whitespace runs to one space, ends trimmed (NBSP inside is kept: it is text)."""
    # str.split() in C is twice as fast as the regex substitution (a match object and a
    # piece per space) whenever it splits at the same places: most texts, and every ASCII
    # text without the four information separators (isascii() is a flag, not a scan).
    if text.isascii():
        if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
            return _WS.sub(" ", text).strip(_STRIP)
        return " ".join(text.split())
    if _SPLIT_ONLY.search(text) is None:
        return " ".join(text.split()).strip(_STRIP)
    return _WS.sub(" ", text).strip(_STRIP)


_NO_MARKER: tuple[str | None, bool, bool] = (None, False, False)
_KEY_ORDER = ("class", "id", "role", "itemprop", "hidden", "aria-hidden", "style")
_KEYS = frozenset(_KEY_ORDER)
#: Above this many attributes an element's relevant ones are looked up by name.
_MANY_ATTRIBUTES = 64


def _marker(el: Any, tag: str) -> tuple[str | None, bool, bool]:
    """(category, positive, strong) for one element; cached by its relevant attributes.
    (``walk`` inlines this lookup: it runs once per element of every page.)

    The key is the tag alone when none of the element's attributes is relevant (as the
    tag with no attributes reads), else the tag and the relevant (name, value) pairs in
    document order. Only the names are read first (``keys()``): ``items()`` would copy
    every value (long ``href``, ``srcset``, ``data-*`` JSON) to keep one or two."""
    names = el.keys()
    if _KEYS.isdisjoint(names):
        key: tuple[Any, ...] | str = tag
    elif len(names) <= _MANY_ATTRIBUTES:
        key = (tag, *[(k, el.get(k)) for k in names if k in _KEYS])
    else:
        key = _key_of_crowded(el, tag)
    hit = _MARKER_CACHE.get(key)
    return hit if hit is not None else _marker_miss(key)


def _key_of_crowded(el: Any, tag: str) -> tuple[Any, ...]:
    """The marker cache key of an element with many attributes (see ``walk``)."""
    # lxml's items() is quadratic in the attribute count (one <p> with 100,000 attributes
    # took minutes; keys() is linear): look up only the names that matter, each a linear
    # scan
    return (tag, *[(k, v) for k in _KEY_ORDER if (v := el.get(k)) is not None])


def _marker_miss(key: tuple[Any, ...] | str) -> tuple[str | None, bool, bool]:
    """(category, positive, strong) of an element whose cache ``key`` (its tag, or its tag
    and its relevant attributes as built in ``walk``) was not seen yet; cached."""
    hit = _marker_of(key, {}) if isinstance(key, str) else _marker_of(key[0], dict(key[1:]))
    if len(_MARKER_CACHE) >= MARKER_CACHE_SIZE:
        # Start afresh rather than stop learning: a long run moves from site to site, and
        # the keys of the sites already read (a third hold unique ids) would never hit again.
        _MARKER_CACHE.clear()
    _MARKER_CACHE[key] = hit
    return hit


#: Keys the marker cache holds (about 0.45 KB each). Over the 311 Zyte and Readability
#: pages in one process (36,103 distinct keys) the hit rate is 80.9% unbounded and 79.6%
#: cleared at this size; the earlier bound (100,000 kept, then no more) held ~45 MB.
MARKER_CACHE_SIZE = 20_000
_MARKER_CACHE: dict[tuple[Any, ...] | str, tuple[str | None, bool, bool]] = {}


def _marker_of(tag: str, attrib: dict[str, str]) -> tuple[str | None, bool, bool]:
    rules = marker_rules()
    category = rules.tags.get(tag)
    positive = tag in ("article", "main")
    if not attrib:
        return (category, positive, False) if category or positive else _NO_MARKER
    strong = False
    cls = attrib.get("class")
    ident = attrib.get("id")
    if cls or ident:
        cat, pos = classify_attrs(f"{cls or ''} {ident or ''}")
        category = category or cat
        positive = positive or pos
    role = attrib.get("role")
    if role:
        category = category or rules.roles.get(role.strip().lower())
        positive = positive or role.strip().lower() in ("main", "article")
    if tag in ("article", "main", "body", "html"):
        # The page and its article elements carry site-wide classes ("has-sidebar"); their
        # meaning comes from the tag, never from a token.
        category = None
    elif tag == "a" and category == "hidden":
        # <a class="popup"> opens a popup: its own text is visible, often inside a sentence
        category = None
    prop = attrib.get("itemprop")
    if prop and "articlebody" in prop.lower():
        positive = strong = True
        category = None
    if category is None and (
        "hidden" in attrib
        or attrib.get("aria-hidden") == "true"
        or ("style" in attrib and _HIDDEN_STYLE.search(attrib.get("style", "")))
    ):
        category = "hidden"
    return category, positive, strong


def _row_text(tr: Any) -> tuple[list[str], int]:
    cells = []
    for cell in tr:
        if cell.tag in ("td", "th"):
            txt = collapse("".join(cell.itertext()))
            if txt:
                cells.append(txt)
    link = sum(len("".join(a.itertext()).strip()) for a in tr.iter("a"))
    return cells, link


#: What ``walk`` records in ``opened`` for a comment or processing instruction.
_NOT_ELEMENT = -2

# What an element's start does, by its tag (``_TagInfo``'s second field).
_SKIP, _INLINE, _BREAK, _LINK, _ROW, _BLOCK = range(6)
#: Its kind pushed for the blocks inside: ``None``, or ``_LIST_KIND`` (pushed unless
#: inside a heading), or the kind itself.
_LIST_KIND = ("list_item", 0)
#: (tag as the walk names it, what its start does, its marker when it has no relevant
#: attribute, the kind it pushes)
_TagInfo = tuple[str, int, tuple[str | None, bool, bool], tuple[str, int] | None]
_TAG_INFO: dict[Any, _TagInfo] = {}


def _tag_info(tag: str) -> _TagInfo:
    """What the walk needs of a tag, worked out once per process (see ``_TagInfo``)."""
    name = tag
    if "}" in name or ":" in name:  # namespaced (XHTML served as XML, o:p from Word)
        name = name.rpartition("}")[2].rpartition(":")[2].lower()
    if name in SKIP_TAGS:
        code = _SKIP
    elif name == "tr":
        code = _ROW
    elif name in BLOCK_TAGS:
        code = _BLOCK
    elif name == "br":
        code = _BREAK
    elif name == "a":
        code = _LINK
    else:
        code = _INLINE
    level = _HEADINGS.get(name)
    push: tuple[str, int] | None = None
    if level:
        push = ("heading", level)
    elif name in _LIST_TAGS:
        push = _LIST_KIND
    elif name == "blockquote":
        push = ("quote", 0)
    elif name == "pre":
        push = ("preformatted", 0)
    info = (name, code, _marker_of(name, {}), push)
    _TAG_INFO[tag] = info
    return info


def walk(root: Any) -> tuple[list[Frame], list[RawBlock]]:
    """Frames and blocks of the tree under ``root``, in document order."""
    frames: list[Frame] = []
    blocks: list[RawBlock] = []
    frame_stack: list[int] = []
    kind_stack: list[tuple[str, int]] = [("paragraph", 0)]
    negs: tuple[int, ...] = ()
    # Per open element: did it push a frame / a kind / a neg marker, is it a link?
    opened: list[int] = []
    parts: list[str] = []
    link_len = 0
    link_depth = 0
    marker_cache = _MARKER_CACHE
    keys_disjoint = _KEYS.isdisjoint
    tag_info = _TAG_INFO

    def add(raw: str, link: int) -> None:
        """A block of the text ``raw`` (not blank) with ``link`` characters of links."""
        kind, level = kind_stack[-1]
        if kind == "preformatted":
            # Common indentation is page layout, not content (dedent keeps the relative
            # indentation a code listing needs); blank edges are layout too.
            text = textwrap.dedent(raw.strip("\n\r")).strip("\n\r").rstrip()
            if not text.strip():
                text = ""
        else:
            text = collapse(raw)
        if text and frame_stack:
            blocks.append(RawBlock(text, kind, level, frame_stack[-1], min(link, len(text)), negs))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            # (an end event reads no tag: what its start pushed is in ``opened``)
            tag = el.tag
            info = tag_info.get(tag)
            if info is None:
                if not isinstance(tag, str):  # comments / processing instructions
                    opened.append(_NOT_ELEMENT)  # only their tail is read, at their end
                    continue
                info = _tag_info(tag)
            tag, code, category_positive_strong, push = info
            if code == _SKIP:
                walker.skip_subtree()
                opened.append(-1)
                continue
            # (the marker cache's hit path inline: one lookup per element of the page)
            names = el.keys()
            if keys_disjoint(names):
                category, positive, strong = category_positive_strong
            else:
                if len(names) == 1:  # (most often a lone class: no list to filter)
                    name = names[0]
                    key: tuple[Any, ...] = (tag, (name, el.get(name)))
                elif len(names) <= _MANY_ATTRIBUTES:
                    key = (tag, *[(k, el.get(k)) for k in names if k in _KEYS])
                else:
                    key = _key_of_crowded(el, tag)
                hit = marker_cache.get(key)
                category, positive, strong = hit if hit is not None else _marker_miss(key)
            if code >= _ROW or category is not None or strong:
                if parts:
                    # (two in three are the whitespace between tags: no block)
                    raw = "".join(parts)
                    parts.clear()
                    if raw.strip(_STRIP):
                        add(raw, link_len)
                    link_len = 0
                idx = len(frames)
                frames.append(
                    Frame(
                        idx,
                        el,
                        tag,
                        frame_stack[-1] if frame_stack else -1,
                        category,
                        positive,
                        strong,
                        len(blocks),  # first_block
                    )
                )
                frame_stack.append(idx)
                flags = 1
                if category is not None:
                    negs = (*negs, idx)
                    flags = 5
                if push is not None and (push is not _LIST_KIND or kind_stack[-1][0] != "heading"):
                    kind_stack.append(push)
                    flags |= 2
                if code == _ROW and next(el.iterdescendants(*_HEAVY), None) is None:
                    cells, link = _row_text(el)
                    # A cell holding a paragraph's worth of text makes it a layout row
                    # (old sites put the whole article in a <td>): walk into it instead.
                    if all(len(c) <= _CELL for c in cells):
                        if cells:
                            text = " | ".join(cells)
                            kind = "table_row" if len(cells) > 1 else kind_stack[-1][0]
                            blocks.append(RawBlock(text, kind, 0, idx, min(link, len(text)), negs))
                        walker.skip_subtree()
                        opened.append(flags)
                        continue
            else:
                flags = 0
                if code == _BREAK and parts:
                    raw = "".join(parts)
                    parts.clear()
                    if raw.strip(_STRIP):
                        add(raw, link_len)
                    link_len = 0
            # A link: an <a> that leads somewhere, not a named anchor (<a name> wrapping a
            # section on old sites), whose text is the page's own. (javascript: hooks stay
            # links: share buttons use them.)
            if code == _LINK and (href := el.get("href")) is not None and href.strip() != "":
                link_depth += 1
                flags |= 8
            opened.append(flags)
            text = el.text
            if text:
                parts.append(text)
                if link_depth:
                    link_len += len(text.strip())
        else:  # end
            flags = opened.pop()
            if flags > 0:
                if flags & 1:
                    if parts:
                        raw = "".join(parts)
                        parts.clear()
                        if raw.strip(_STRIP):
                            add(raw, link_len)
                        link_len = 0
                    frame = frames[frame_stack.pop()]
                    frame.end_block = len(blocks)
                    frame.end_frame = len(frames)
                if flags & 2:
                    kind_stack.pop()
                if flags & 4:
                    negs = negs[:-1]
                if flags & 8:
                    link_depth -= 1
            tail = el.tail
            if tail:
                parts.append(tail)
                if link_depth and flags != _NOT_ELEMENT:
                    link_len += len(tail.strip())
    if parts:
        raw = "".join(parts)
        if raw.strip(_STRIP):
            add(raw, link_len)
    return frames, blocks
