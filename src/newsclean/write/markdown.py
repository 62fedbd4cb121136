"""Markdown: ``# title``, optional YAML front matter, ``##`` headings, quotes, lists.

Scraped text is escaped so it cannot turn into Markdown or HTML structure (a paragraph
starting with ``#`` or ``1.``, an ``<iframe>``, a ``[link](...)``). Escaping is minimal:
only ASCII characters CommonMark gives meaning to; Arabic punctuation is never touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from newsclean import regex_cache
from newsclean.article import Article, Block

# Anywhere in a line: emphasis, code, links/images, raw HTML, tables, strikethrough and the
# backslash itself; "&" only where it would start an entity ("&amp;" must stay visible).
_INLINE = regex_cache.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = regex_cache.compile(r"&(?=#?\w+;)")
# At the start of a line: headings, quotes, lists, thematic breaks, setext underlines, and
# ":" because a line such as ":-" under another line is a GFM table's delimiter row (the
# other characters such a row may start with, "|" and "-", are escaped already).
_LINE_START = frozenset("#>+=-:")
_ORDERED = regex_cache.compile(r"^(\d{1,9})([.)])")
_YAML_KEY = regex_cache.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# Characters YAML does not allow raw in a double-quoted scalar (C0/C1 controls, BOM,
# surrogates, U+FFFE/FFFF): written as \uXXXX escapes.
_YAML_UNSAFE = regex_cache.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ud800-\udfff\ufffe\uffff]"
)


def _has_inline(text: str) -> bool:
    # What ``_INLINE`` looks for, as plain substring tests: a regex character-class scan
    # costs ~10 ns a character on Arabic text, these ten ``in`` tests a fraction of that,
    # and most lines of an article hold none of these characters.
    return (
        "\\" in text
        or "`" in text
        or "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "<" in text
        or ">" in text
        or "|" in text
        or "~" in text
    )


def escape_line(line: str) -> str:
    """Escape one line of scraped text so it renders as itself.

    >>> escape_line("# not a heading")
    '\\\\# not a heading'
    >>> escape_line("1. not a list, *not* <b>bold</b>")
    '1\\\\. not a list, \\\\*not\\\\* \\\\<b\\\\>bold\\\\</b\\\\>'
    >>> escape_line("قال: «نعم»، ثم غادر؟")
    'قال: «نعم»، ثم غادر؟'
    """
    out = line.strip()
    if _has_inline(out):
        out = _INLINE.sub(r"\\\1", out)
    if "&" in out:
        out = _ENTITY.sub("&amp;", out)
    first = out[:1]
    if first in _LINE_START and first:
        return "\\" + out
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", out)
    return out


def escape(text: str) -> str:
    """Escape multi-line text line by line (blank lines inside a block are dropped)."""
    if "\n" not in text:  # most blocks are one line
        return escape_line(text) if text.strip() else ""
    return "\n".join(escape_line(line) for line in text.split("\n") if line.strip())


def _heading(text: str, level: int) -> str:
    body = escape(text).replace("\n", " ")
    # A trailing run of '#' would be read as the closing sequence and vanish. ("(?<!#)": the
    # search starts only where a run starts; else a long run not at the end is quadratic.)
    body = re.sub(r"(?<!#)(#+)$", lambda m: "\\#" * len(m.group(1)), body)
    return "#" * max(1, min(level, 6)) + " " + body


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.strip(chr(10))}\n{fence}"


def render_block(block: Block) -> str:
    """One block as Markdown (without the blank line that separates blocks)."""
    if block.type == "heading":
        return _heading(block.text, block.level or 2)
    if block.type == "quote":
        return "\n".join("> " + line for line in escape(block.text).split("\n"))
    if block.type == "list_item":
        return "- " + escape(block.text).replace("\n", "\n  ")
    if block.type == "preformatted":
        return _fence(block.text)
    return escape(block.text)


def _yaml_scalar(value: Any) -> str:
    # JSON is a subset of YAML's flow style: a JSON string is a valid double-quoted scalar,
    # lists and objects valid flow collections. Only characters YAML forbids raw need help.
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def front_matter(article: Article) -> str:
    """YAML front matter: title, subtitle, then ``meta`` (all values safely quoted)."""
    fields: dict[str, Any] = {"title": article.title}
    if article.subtitle:
        fields["subtitle"] = article.subtitle
    meta: Mapping[str, Any] = article.meta
    fields.update((k, v) for k, v in meta.items() if k not in fields)
    lines = ["---"]
    for key, value in fields.items():
        name = key if _YAML_KEY.match(key) else _yaml_scalar(str(key))
        lines.append(f"{name}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_markdown(article: Article, *, front: bool = False) -> str:
    """The article as Markdown; ``front`` adds YAML front matter with its metadata."""
    chunks: list[str] = []
    if article.title.strip():
        chunks.append(_heading(article.title, 1))
    if article.subtitle.strip():
        chunks.append("*" + escape(article.subtitle) + "*")
    previous = ""
    for block in article.blocks:
        if not block.text.strip():
            continue
        rendered = render_block(block)
        if block.type == "list_item" and previous == "list_item" and chunks:
            chunks[-1] += "\n" + rendered  # consecutive items form one tight list
        else:
            chunks.append(rendered)
        previous = block.type
    body = "\n\n".join(chunks) + "\n"
    return (front_matter(article) + "\n" + body) if front else body
