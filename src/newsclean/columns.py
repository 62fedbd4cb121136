"""The table schema (CSV and Parquet): an Article as one flat row with a fixed column set.

The columns never depend on the data, so the header is known before the first record
streams and a daily run always yields the same schema (a warehouse table can be appended
to without migrations)::

    title, subtitle, text,
    meta.source, meta.record, meta.format, meta.encoding, meta.url, meta.site,
    meta.author, meta.published, meta.language, meta.tags,
    meta.cluster, meta.duplicate_of, meta.similarity,
    meta.other, extra, removed

``meta.other`` holds every other ``meta`` key (a JSON object: step counts such as
``normalized``, reader ``warnings``), ``extra`` the carried input fields (a JSON object),
``removed`` what the steps took out. Nothing is lost; only ``blocks`` (block types and
heading levels) stay a JSON/JSON Lines feature: ``text`` is the blocks' text.

A row read back (``is_table_row``/``article_from_row``) restores the Article, its body
split into paragraphs at blank lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsclean.article import JSON_KEYS, Article, Block, Removal

#: Body columns, first.
CORE = ("title", "subtitle", "text")
#: ``meta`` keys with a column of their own, and the Parquet type each gets.
META_COLUMNS: dict[str, str] = {
    "source": "string",
    "record": "int64",
    "format": "string",
    "encoding": "string",
    "url": "string",
    "site": "string",
    "author": "string",
    "published": "string",
    "language": "string",
    "tags": "list<string>",
    "cluster": "int64",
    "duplicate_of": "int64",
    "similarity": "float64",
}
#: Every other meta key, as one JSON object.
META_OTHER = "meta.other"
#: Carried input fields, as one JSON object.
EXTRA = "extra"
#: ``Article.removed``: a JSON array in CSV, a list of structs in Parquet.
REMOVED = "removed"
#: The columns, in order.
COLUMNS: tuple[str, ...] = (
    *CORE,
    *(f"meta.{key}" for key in META_COLUMNS),
    META_OTHER,
    EXTRA,
    REMOVED,
)
#: Columns whose value is a list (JSON-encoded in CSV).
LIST_COLUMNS = frozenset({"meta.tags", REMOVED})
#: Columns whose value is a JSON object (a JSON string in CSV and Parquet alike).
JSON_COLUMNS = frozenset({META_OTHER, EXTRA})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _typed(key: str, value: Any) -> Any:
    """A meta value as its column's type, or ``None`` when it does not fit (then it goes to
    ``meta.other`` unchanged: a column never holds a value of another type)."""
    kind = META_COLUMNS[key]
    if value is None:
        return None
    if kind == "string":
        return value if isinstance(value, str) else None
    if kind == "int64":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "float64":
        if isinstance(value, bool):
            return None
        return float(value) if isinstance(value, int | float) else None
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def to_row(article: Article) -> dict[str, Any]:
    """The article as a row: column -> value (None for an absent meta key).

    Lists stay lists and ``removed`` a list of dicts; the CSV writer encodes them as JSON.
    """
    row: dict[str, Any] = {"title": article.title, "subtitle": article.subtitle}
    row["text"] = article.text
    other: dict[str, Any] = {}
    meta = article.meta
    for key in META_COLUMNS:
        row[f"meta.{key}"] = None
    for key, value in meta.items():
        if key in META_COLUMNS:
            typed = _typed(key, value)
            if typed is not None or value is None:
                row[f"meta.{key}"] = typed
                continue
        other[key] = value
    row[META_OTHER] = _dumps(other) if other else None
    extra = {k: v for k, v in article.extra.items() if k not in JSON_KEYS}
    row[EXTRA] = _dumps(extra) if extra else None
    row[REMOVED] = [_removal(r) for r in article.removed]
    return row


def _removal(removal: Removal) -> dict[str, Any]:
    # Every key present (position/field included): a struct column has one fixed shape.
    return {
        "step": removal.step,
        "rule": removal.rule,
        "text": removal.text,
        "position": removal.position,
        "field": removal.field,
    }


# --- reading a row back -------------------------------------------------------------------


def is_table_row(record: Mapping[str, Any]) -> bool:
    """True for a row newsclean wrote as CSV or Parquet (so reading it back is lossless)."""
    return "meta.source" in record and REMOVED in record and "text" in record


def _loads(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return json.loads(value)
    return value


def _meta_value(key: str, value: Any) -> Any:
    """A CSV cell (a string) back to its column's type; Parquet values pass through."""
    if not isinstance(value, str):
        return value
    kind = META_COLUMNS[key]
    if kind == "int64":
        return int(value)
    if kind == "float64":
        return float(value)
    if kind.startswith("list"):
        return json.loads(value)
    return value


def row_to_dict(record: Mapping[str, Any]) -> dict[str, Any]:
    """A table row as the JSON contract's fields (``blocks`` aside): title, subtitle, text,
    meta, removed, and the carried fields at the top level. An empty CSV cell is absent."""
    meta: dict[str, Any] = {}
    for key in META_COLUMNS:
        value = record.get(f"meta.{key}")
        if value is None or value == "":
            continue
        meta[key] = _meta_value(key, value)
    meta.update(_loads(record.get(META_OTHER), {}))
    removed = [
        {k: v for k, v in r.items() if v is not None and not (k == "field" and v == "blocks")}
        for r in _loads(record.get(REMOVED), [])
    ]
    out: dict[str, Any] = dict(_loads(record.get(EXTRA), {}))
    out.update(
        title=str(record.get("title") or ""),
        subtitle=str(record.get("subtitle") or ""),
        text=str(record.get("text") or ""),
        meta=meta,
        removed=removed,
    )
    return out


def article_from_row(record: Mapping[str, Any]) -> Article:
    """Rebuild the Article of a table row; raises ValueError on a malformed JSON cell."""
    d = row_to_dict(record)
    paragraphs = [p for p in d["text"].split("\n\n") if p]
    return Article(
        title=d["title"],
        subtitle=d["subtitle"],
        blocks=tuple(Block("paragraph", p) for p in paragraphs),
        meta=d["meta"],
        extra={k: v for k, v in d.items() if k not in JSON_KEYS},
        removed=tuple(Removal.from_dict(r) for r in d["removed"]),
    )
