"""Plain-text articles: the first non-empty line is the title, blank lines separate paragraphs.

A short single line with no closing punctuation, standing between two paragraphs, is a
subheading (``heading``, level 2). A file with no blank line at all is read one paragraph
per line (many scrapers write text that way). Lines inside a paragraph keep their newline:
the reader never changes a letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsclean import regex_cache
from newsclean.article import Article, Block

#: A subheading is at most this many characters / words.
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 12
#: Characters that end a sentence (or clause) in the scripts we read; a line ending in one of
#: these (possibly followed by closing quotes/brackets) is prose, not a heading.
_CLOSING = regex_cache.compile(r"[.!?…:;،؛؟۔,)\]}»”’\"'*-]$")
_NEWLINES = regex_cache.compile(r"\r\n?")
_BLANK_SPLIT = regex_cache.compile(r"\n[ \t\u00a0\u200f\u200e]*\n\s*")


def is_heading_line(line: str) -> bool:
    """True when ``line`` looks like a subheading (short, one line, no closing punctuation)."""
    stripped = line.strip()
    return (
        bool(stripped)
        and "\n" not in stripped
        and len(stripped) <= HEADING_MAX_CHARS
        and len(stripped.split()) <= HEADING_MAX_WORDS
        and not _CLOSING.search(stripped)
    )


def paragraphs(body: str) -> list[str]:
    """Split body text into paragraphs: by blank lines, or by lines when there are none."""
    body = body.strip("\n")
    if not body.strip():
        return []
    chunks = _BLANK_SPLIT.split(body)
    if len(chunks) == 1:  # no blank line: one paragraph per line
        return [stripped for line in body.split("\n") if (stripped := line.strip())]
    paras = []
    for chunk in chunks:
        if "\n" not in chunk:  # most paragraphs are one line
            if para := chunk.strip():
                paras.append(para)
        elif lines := [stripped for line in chunk.split("\n") if (stripped := line.strip())]:
            paras.append("\n".join(lines))
    return paras


def blocks_from_paragraphs(paras: list[str], *, headings: bool = True) -> tuple[Block, ...]:
    """Paragraph blocks, with subheadings recognised between paragraphs when ``headings``."""
    blocks: list[Block] = []
    last = len(paras) - 1
    for i, para in enumerate(paras):
        between = 0 < i < last and blocks and blocks[-1].type == "paragraph"
        if headings and between and is_heading_line(para) and not is_heading_line(paras[i + 1]):
            blocks.append(Block("heading", para, level=2))
        else:
            blocks.append(Block("paragraph", para))
    return tuple(blocks)


def read_text(text: str, meta: Mapping[str, Any]) -> Article:
    """Read a plain-text article (already decoded)."""
    text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
    lines = text.split("\n")
    title = ""
    rest = ""
    for i, line in enumerate(lines):
        if line.strip():
            title = line.strip()
            rest = "\n".join(lines[i + 1 :])
            break
    return Article(title=title, blocks=blocks_from_paragraphs(paragraphs(rest)), meta=dict(meta))
