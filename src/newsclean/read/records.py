"""Scraper records (JSON objects, JSON Lines, CSV and Parquet rows) -> Articles.

Common field names map without configuration (``FIELD_NAMES``); ``--field text=column``
overrides one target. Every field not used is carried to ``Article.extra`` unchanged
(types preserved for JSON input). A record newsclean wrote itself is restored losslessly
(a CSV/Parquet row of ``newsclean.columns``: all but block types).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsclean.article import JSON_KEYS, Article
from newsclean.columns import article_from_row, is_table_row
from newsclean.errors import FormatError
from newsclean.read.fragment import fragment_text, looks_like_markup
from newsclean.read.text import blocks_from_paragraphs

#: Target -> field names tried in order (first present, non-empty one wins).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "subtitle": ("subtitle", "standfirst", "lede", "dek"),
    "text": ("text", "content", "body", "article", "full_text", "maintext", "articleBody"),
    "html": ("html", "raw_html"),
    "url": ("url", "link"),
    "published": (
        "date",
        "published",
        "date_published",
        "published_at",
        "date_publish",
        "datePublished",
        "publish_date",
        "pubDate",
    ),
    "author": ("author", "authors"),
    "tags": ("keywords", "tags"),
    "site": ("site", "source_name", "sitename", "source"),
    "language": ("language", "lang"),
}
TARGETS = tuple(FIELD_NAMES)
#: Field name -> (its target, its place in the target's list): without ``--field``, a
#: record's few keys are looked up here instead of trying every name of every target.
_TARGET_OF = {
    name: (target, rank) for target, names in FIELD_NAMES.items() for rank, name in enumerate(names)
}
#: Prefix for a carried field whose name is one of our own top-level JSON keys.
CLASH_PREFIX = "input_"


def _raise_csv_limit() -> None:
    # Scraped CSVs hold whole articles (and raw HTML) in one cell: lift csv's 128 KB cap.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_raise_csv_limit()


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which record fields feed which Article parts. ``overrides`` come from ``--field``."""

    overrides: tuple[tuple[str, str], ...] = ()

    def names(self, target: str) -> tuple[str, ...]:
        for key, column in self.overrides:
            if key == target:
                return (column,)
        return FIELD_NAMES[target]


def parse_field_option(value: str) -> tuple[str, str]:
    """``"text=my_column"`` -> ``("text", "my_column")``; ValueError explains a bad one."""
    target, sep, column = value.partition("=")
    target, column = target.strip(), column.strip()
    if not sep or not column or target not in FIELD_NAMES:
        raise ValueError(
            f"expected TARGET=COLUMN with TARGET one of {', '.join(TARGETS)}, got {value!r}"
        )
    return target, column


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _usable(target: str, value: Any) -> bool:
    """Whether ``value`` can feed ``target``: present, and for ``site`` a string (a news
    API's {"id": ..., "name": ...} is carried, not guessed)."""
    return _present(value) and (target != "site" or isinstance(value, str))


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        # A list of paragraphs (some scrapers write the body that way).
        return "\n\n".join(_as_text(v) for v in value if _present(v))
    if value is None:
        return ""
    return str(value)


def _as_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        parts = value.replace("،", ",").split(",")
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if _present(v) and str(v).strip()]
    return [str(value)]


def _as_author(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v).strip() for v in value if _present(v))
    return _as_text(value).strip()


def record_place(
    record: Mapping[str, Any], meta: Mapping[str, Any], fields: FieldMap
) -> dict[str, Any] | None:
    """The meta keys that say where a record comes from (``site``, ``url`` and what the
    reader knows, ``source``), exactly as :func:`record_to_article` sets them, without
    building the article (a pre-pass only needs each record's site). None when only
    building it tells: a newsclean or table record, or a page in an HTML field that names
    no site of its own (the page's metadata may)."""
    if Article.is_newsclean_dict(record) or is_table_row(record):
        return None
    place: dict[str, Any] = dict(meta)
    for target in ("site", "url"):
        for name in fields.names(target):
            value = record.get(name)
            if not _present(value) or (target == "site" and not isinstance(value, str)):
                continue
            place[target] = _as_text(value).strip()
            break
    named = bool(str(place.get("site") or "").strip())
    text = any(_present(record.get(n)) for n in fields.names("text"))
    if not named and not text and any(_present(record.get(n)) for n in fields.names("html")):
        return None
    return place


def record_to_article(
    record: Mapping[str, Any], meta: Mapping[str, Any], fields: FieldMap
) -> Article:
    """One record -> one Article. ``meta`` is what the reader knows (source, format, record)."""
    if Article.is_newsclean_dict(record):
        return Article.from_dict(record)
    if is_table_row(record):
        try:
            return article_from_row(record)
        except (ValueError, TypeError, AttributeError) as exc:
            raise FormatError(f"a newsclean table row with a malformed cell ({exc})") from None
    used: set[str] = set()
    found: dict[str, Any] = {}
    if fields.overrides:
        for target in TARGETS:
            for name in fields.names(target):
                value = record.get(name)
                if _usable(target, value):
                    found[target] = value
                    used.add(name)
                    break
    else:
        # The same choice (per target, the first of its names that is usable), by key.
        chosen: dict[str, tuple[int, str]] = {}
        for name, value in record.items():
            spot = _TARGET_OF.get(name)
            if spot is None:
                continue
            target, rank = spot
            if (target not in chosen or rank < chosen[target][0]) and _usable(target, value):
                chosen[target] = (rank, name)
        for target in TARGETS:  # (in the targets' order, as the loop above fills them)
            if target in chosen:
                name = chosen[target][1]
                found[target] = record[name]
                used.add(name)
    new_meta: dict[str, Any] = dict(meta)
    for target, key in (("url", "url"), ("published", "published"), ("language", "language")):
        if target in found:
            new_meta[key] = _as_text(found[target]).strip()
    if "site" in found:
        new_meta["site"] = found["site"].strip()
    if "author" in found:
        new_meta["author"] = _as_author(found["author"])
    if "tags" in found:
        new_meta["tags"] = _as_tags(found["tags"])
    title = _as_text(found.get("title", "")).strip()
    subtitle = _as_text(found.get("subtitle", "")).strip()
    if "text" in found or "html" not in found:
        body = _as_text(found.get("text", ""))
        if looks_like_markup(body):
            body = fragment_text(body)  # "<p>...</p>" in a text field: its text, by block
        blocks = blocks_from_paragraphs(_record_paragraphs(body), headings=False)
        if "html" in found:
            used.discard(_name_of(record, fields, "html"))  # raw HTML stays with the record
    else:
        from newsclean.read.html import read_html

        parsed = read_html(_as_text(found["html"]), new_meta)
        blocks = parsed.blocks
        title = title or parsed.title
        subtitle = subtitle or parsed.subtitle
        new_meta = {**dict(parsed.meta), **new_meta}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        if key in used:
            continue
        if key in JSON_KEYS:
            if not _present(value):
                continue  # an empty "title"/"text": our own key says the same
            key = CLASH_PREFIX + key  # keep it without shadowing the output schema
        extra[key] = value
    return Article(title=title, subtitle=subtitle, blocks=blocks, meta=new_meta, extra=extra)


def _name_of(record: Mapping[str, Any], fields: FieldMap, target: str) -> str:
    for name in fields.names(target):
        if _present(record.get(name)):
            return name
    return ""


def _record_paragraphs(body: str) -> list[str]:
    # Scrapers separate paragraphs with blank lines or with single newlines; both count.
    return [
        line.strip()
        for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if line.strip()
    ]


# --- containers -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doc:
    """A whole txt/html document, decoded."""

    text: str
    meta: Mapping[str, Any]
    #: The output file name this article asks for inside its input's folder (``-o DIR``,
    #: md/txt), without extension; None: the record number. Web archives name by URL.
    name: str | None = None
    #: The input's bytes when ``text`` is exactly their UTF-8 decoding (an HTML page read
    #: whole): the HTML parser takes them as they are instead of encoding ``text`` again.
    #: Never pickled (a worker encodes instead of receiving the page twice).
    utf8: bytes | None = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Doc, (self.text, self.meta, self.name))


@dataclass(frozen=True, slots=True)
class Record:
    """One raw record of a multi-record input (converted later, maybe in a worker)."""

    data: Mapping[str, Any]
    meta: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Bad:
    """A record that could not be read (the others go on). ``where`` is e.g. ``line 7``."""

    where: str
    message: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that holds no article (a web archive's request, redirect, image, ...):
    counted and reported, never a failure. ``kind`` is a short category for tallies
    (``revisit``, ``redirect``, ``not HTML``), ``why`` the detail."""

    where: str
    kind: str
    why: str
    url: str = ""


def _number(text: str) -> float | str:
    """A JSON number with a fraction or exponent; one too large for a float ("1e999") stays
    the string it was, so the output stays strict JSON (Infinity is not JSON)."""
    value = float(text)
    return value if math.isfinite(value) else text


#: What ``json.loads(text, parse_constant=str, parse_float=_number)`` builds at every call
#: (a decoder and its scanner: a tenth of reading a short record), built once.
_DECODER = json.JSONDecoder(parse_constant=str, parse_float=_number)


def _loads(text: str) -> Any:
    """``json.loads`` for untrusted text: NaN/Infinity (which Python accepts but JSON does
    not) are read as the strings "NaN"/"Infinity", and what Python refuses to build (an
    integer of over 4,300 digits, nesting deeper than the interpreter's recursion limit)
    is a ValueError like any invalid JSON, so a caller can fail just that record."""
    if text.startswith("\ufeff"):  # as json.loads says it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:  # int() refusing a 5,000-digit number
        raise ValueError(str(exc).split(";")[0]) from None


def iter_json(text: str) -> Iterator[tuple[int, Mapping[str, Any] | Bad]]:
    """A JSON document: one object (index 0) or an array of objects."""
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            "check the file, or use --from jsonl / --from txt",
        ) from None
    except ValueError as exc:
        raise FormatError(f"cannot read this JSON: {exc}", "check the file") from None
    if isinstance(data, dict):
        yield 0, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, dict):
                yield i, item
            else:
                yield i, Bad(f"record {i}", f"expected an object, got {type(item).__name__}")
    else:
        raise FormatError(f"expected a JSON object or array, got {type(data).__name__}")


def iter_jsonl(lines: Iterable[str | Bad]) -> Iterator[tuple[int, Mapping[str, Any] | Bad]]:
    """JSON Lines: one object per line; blank lines skipped; index = line number - 1.

    A ``Bad`` among the lines (a line that could not even be decoded) is passed on with its
    line number.
    """
    for i, line in enumerate(lines):
        if isinstance(line, Bad):
            yield i, Bad(f"line {i + 1}", line.message)
            continue
        if not line.strip():
            continue
        try:
            data = _loads(line)
        except json.JSONDecodeError as exc:
            yield i, Bad(f"line {i + 1}", f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except ValueError as exc:
            yield i, Bad(f"line {i + 1}", f"cannot read this JSON: {exc}")
            continue
        if isinstance(data, dict):
            yield i, data
        else:
            yield i, Bad(f"line {i + 1}", f"expected a JSON object, got {type(data).__name__}")


def iter_csv(
    text: str, delimiter: str | None = None
) -> Iterator[tuple[int, Mapping[str, Any] | Bad]]:
    """CSV with a header row; the delimiter is guessed from the header when not given."""
    if delimiter is None:
        header = text.split("\n", 1)[0]
        counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for i, row in enumerate(reader):
            record: dict[str, Any] = {k: v for k, v in row.items() if k is not None}
            if None in row:
                record["_extra_cells"] = row[None]
            yield i, record
    except csv.Error as exc:
        raise FormatError(f"invalid CSV at line {reader.line_num}: {exc}") from None
