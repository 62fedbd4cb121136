"""Web archives in: WARC (``.warc``, ``.warc.gz``), ARC (``.arc``, ``.arc.gz``) and WET files.

An archive is a multi-record input like a JSONL file: each article record becomes one
part (a decoded page with the archive's metadata), every other record a ``Skipped`` part
(counted and reported, never a failure), and damage a ``Bad`` part naming the offset
(reading goes on at the next record). Recognised by content (``WARC/1.x`` or an ARC
``filedesc://`` line, gzipped or not) as well as by extension. See docs/warc.md.

Meta keys of an archived article: ``url`` (``WARC-Target-URI``), ``captured``
(``WARC-Date``, also the upper bound of a published date found in the page), ``record``
(the record's number in the archive, from 0), ``offset`` (where the record starts: the
gzip member's offset for ``.warc.gz``), ``record_id`` (``WARC-Record-ID``, WARC only);
``source`` is the archive.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsclean.article import Article

FORMAT = "warc"
EXTENSIONS = (".warc", ".arc", ".wet")
_STARTS = (b"WARC/1.", b"WARC/0.", b"filedesc://")
#: A published date more than this after the capture is wrong (htmldate#28: a page cannot
#: be published after it was captured; one day of slack for time zones).
_SLACK = dt.timedelta(days=1)


def looks_like_archive(head: bytes) -> bool:
    """The first bytes of an archive (decompressed): a WARC version or an ARC file line."""
    return head.lstrip(b"\r\n").startswith(_STARTS)


def _peek(stream: Any, n: int) -> bytes:
    peek = getattr(stream, "peek", None)
    return bytes(peek(n)[:n]) if peek is not None else b""


def archive_stream(stream: BinaryIO, forced: bool) -> BinaryIO | None:
    """The raw (still compressed) stream to read as an archive, or None when ``stream``
    (as opened by :func:`newsclean.read.decode.maybe_gunzip`) holds no archive."""
    raw = getattr(stream, "compressed", None) or stream
    head = _peek(raw, 4096)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            head = b""
    if forced or looks_like_archive(head):
        return raw
    return None


def open_archive(raw: BinaryIO, source: str, limit: int = 0) -> Iterator[Any]:
    """The parts of one archive: ``Doc`` per article, ``Skipped``, ``Bad``. ``limit``: the
    largest payload, decompressed (``--max-input-size``, as for one HTML file; 0: none)."""
    from newsclean.read.archive.select import archive_parts
    from newsclean.read.records import Doc

    for part in archive_parts(raw, source, limit):
        if isinstance(part, tuple):
            text, meta, name = part
            yield Doc(text, meta, name)
        else:
            yield part


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def bound_published(article: Article) -> Article:
    """Drop a published date found in the page that lies after the capture date (a
    sidebar's date, a "today" widget): the page existed when it was captured."""
    meta = article.meta
    captured = _date(str(meta.get("captured") or ""))
    published = meta.get("published")
    if captured is None or not published:
        return article
    found = _date(str(published))
    if found is None or found <= captured + _SLACK:
        return article
    warning = f"published date {published} is after the capture ({meta['captured']}); dropped"
    warnings = [*list(meta.get("warnings") or ()), warning]
    kept = {k: v for k, v in meta.items() if k != "published"}
    return article.replace(meta={**kept, "warnings": warnings})
