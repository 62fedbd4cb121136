"""Which input format a file holds: the extension proposes, the first bytes confirm.

Formats: ``txt``, ``html``, ``json`` (one object or an array of objects), ``jsonl``,
``csv``, ``parquet`` (binary: recognised by its magic bytes before any decoding) and
``warc`` (web archives: WARC, ARC, WET; recognised by their first bytes in
``newsclean.read.archive``). ``--from`` overrides both.
"""

from __future__ import annotations

import json
import os
import re

from newsclean import regex_cache

FORMATS = ("txt", "html", "json", "jsonl", "csv", "parquet", "warc")
#: Formats that may hold many articles (one output per record in md/txt mode).
RECORD_FORMATS = frozenset({"json", "jsonl", "csv", "parquet", "warc"})

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    # Web archives (newsclean.read.archive): WARC, ARC, Common Crawl's WET.
    ".warc": "warc",
    ".arc": "warc",
    ".wet": "warc",
}
_HTML_START = regex_cache.compile(
    # a comment ends at its first "-->" ("(?:(?!-->).)*", not ".*?", which could run on into
    # the next comment: a head of many comments then took exponential time to reject)
    r"\s*(?:<!--(?:(?!-->).)*-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|h[1-6]|section|header|span|table|ul|ol|blockquote)\b",
    re.IGNORECASE | re.DOTALL,
)


def strip_gz(name: str) -> str:
    """``a.html.gz`` -> ``a.html`` (the format lives in the inner extension)."""
    return name[:-3] if name.lower().endswith(".gz") else name


def from_name(name: str | None) -> str | None:
    """The format an input's name suggests, or None (stdin, unknown extension)."""
    if not name:
        return None
    return EXTENSIONS.get(os.path.splitext(strip_gz(name))[1].lower())


def _first_line_is_json_object(text: str) -> bool:
    line = text.lstrip().split("\n", 1)[0].strip()
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def from_content(head: str) -> str:
    """The format the first characters of a decoded input look like."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        return (
            "jsonl" if _first_line_is_json_object(stripped) and "\n" in stripped.strip() else "json"
        )
    if _HTML_START.match(stripped):
        return "html"
    return "txt"


def resolve(name: str | None, head: str, override: str | None = None) -> str:
    """Decide the format: ``--from``, else the extension confirmed by content, else content.

    Content can correct the extension only where the evidence is unambiguous: a ``.txt``
    that is really an HTML page, a ``.html`` with no markup at all, a ``.json`` holding
    JSON Lines (or the other way round).
    """
    if override:
        return override
    by_name = from_name(name)
    by_content = from_content(head)
    if by_name is None:
        return by_content
    if by_name == "jsonl" and by_content in ("json", "jsonl"):
        # A long first line may be cut off in ``head``: trust the extension unless it's an array.
        return "json" if head.lstrip("\ufeff \t\r\n").startswith("[") else "jsonl"
    if by_name == "json" and by_content == "jsonl":
        return "jsonl"
    if by_name == "txt" and by_content == "html":
        return "html"
    if by_name == "html" and "<" not in head:
        return "txt"
    return by_name
