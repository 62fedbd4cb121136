"""Which archived records are articles, and what each becomes: a page, a skip, a failure.

Articles: ``response`` records with a 2xx status and an HTML/XHTML payload (the type is
taken from ``WARC-Identified-Payload-Type``, then the HTTP ``Content-Type``, then the bytes),
``resource`` records holding HTML, and WET ``conversion`` records (plain text). Everything
else is a :class:`~newsclean.read.records.Skipped` with its category and reason; damage in
the archive is a :class:`~newsclean.read.records.Bad` naming the offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsclean.read.archive import http
from newsclean.read.archive.frames import Damage, Frame, frames
from newsclean.read.archive.names import output_name
from newsclean.read.records import Bad, Skipped

#: Payload types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml"})
#: Types that say nothing about the payload: the bytes decide.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "unk", "unknown", "no-type"})
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_NOT_ARTICLE_TYPES = {
    "request": "request",
    "metadata": "metadata",
    "revisit": "revisit",
    "warcinfo": "warcinfo",
    "arc_header": "warcinfo",
}
#: Bytes of first segments held at once while their continuations are awaited; past it the
#: oldest is given up (memory stays bounded whatever the archive holds).
HELD_BYTES = 1 << 28


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _is_html_bytes(data: bytes) -> bool:
    """Bytes that start like an HTML page (after a BOM, blank space and comments)."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    # Comments skipped by hand: a regex repeating a lazy comment pattern can backtrack
    # exponentially on a run of comments that is followed by no tag.
    while head.startswith(b"<!--"):
        end = head.find(b"-->", 4)
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    return _HTML_TAG.match(head) is not None


def _where(frame: Frame) -> str:
    return f"record {frame.index} (offset {frame.offset})"


@dataclass(slots=True)
class _Held:
    """The first segment of a segmented article record (``WARC-Segment-Number: 1``), held
    until its ``continuation`` records complete it: the page is the joined blocks."""

    frame: Frame
    page: tuple[str, str | None, str | None, str | None, bool]  # fmt, HTTP head, sniff
    body: list[bytes]
    size: int
    next: int = 2


class _Archive:
    """The state of one archive being read: digests seen (identical payloads are
    extracted once), segments awaiting their continuations, and what to put in every
    article's meta."""

    def __init__(self, source: str, limit: int) -> None:
        self.source = source
        self.limit = limit or http.NO_LIMIT
        self.digests: dict[str, int] = {}
        self.held: dict[str, _Held] = {}  # by WARC-Record-ID, in arrival order
        self.held_size = 0

    def parts(self, stream: BinaryIO) -> Iterator[Any]:
        for item in frames(stream):
            if isinstance(item, Damage):
                yield Bad(f"offset {item.offset}", item.message)
                continue
            try:
                part = self.select(item)
            except Exception as exc:  # odd headers on arbitrary bytes: this record only
                part = Bad(_where(item), f"unreadable record ({type(exc).__name__}: {exc})")
            if part is not None:
                yield part
            while self.held_size > HELD_BYTES and self.held:
                yield self._give_up(next(iter(self.held)), "too many segments held at once")
        for record_id in list(self.held):
            yield self._give_up(record_id, "the rest is not in this archive")

    def _give_up(self, record_id: str, why: str) -> Skipped:
        held = self.held.pop(record_id)
        self.held_size -= held.size
        url = held.frame.record.rec_headers.get_header("WARC-Target-URI") or ""
        return Skipped(
            _where(held.frame),
            "incomplete segments",
            f"segmented record: {held.next - 1} segment(s) read; {why}",
            url,
        )

    def select(self, frame: Frame) -> Any:
        record = frame.record
        headers = record.rec_headers
        rec_type = (record.rec_type or "").lower()
        url = headers.get_header("WARC-Target-URI") or ""
        where = _where(frame)
        if rec_type == "continuation":
            return self._continuation(frame)
        if rec_type in _NOT_ARTICLE_TYPES:
            kind = _NOT_ARTICLE_TYPES[rec_type]
            return Skipped(where, kind, f"{kind} record", url)
        if rec_type == "conversion":
            mime = _mime(headers.get_header("Content-Type"))
            if mime and mime != "text/plain":
                return Skipped(where, "not text", f"conversion record of {mime}", url)
            return self._start(frame, "txt", None, None, None)
        if rec_type == "resource":
            mime = _mime(headers.get_header("Content-Type"))
            if mime not in HTML_TYPES and not (mime in _VAGUE_TYPES and self._peek_html(frame)):
                return Skipped(where, "not HTML", f"resource of type {mime or 'unknown'}", url)
            return self._start(frame, "html", None, None, None)
        if rec_type != "response":
            return Skipped(where, rec_type or "unknown", f"{rec_type or 'untyped'} record", url)
        http_headers = record.http_headers
        if http_headers is None:
            return Skipped(where, "not HTTP", "response without an HTTP head (dns:, ftp:...)", url)
        status = http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            if status.startswith("3"):
                target = http_headers.get_header("Location") or "?"
                return Skipped(where, "redirect", f"HTTP {status} to {target}", url)
            if status[:1] in ("4", "5"):
                return Skipped(where, "error page", f"HTTP {status}", url)
            return Skipped(where, "not 2xx", f"HTTP status {status or 'missing'}", url)
        identified = _mime(headers.get_header("WARC-Identified-Payload-Type"))
        declared = _mime(http_headers.get_header("Content-Type"))
        mime = identified if identified not in _VAGUE_TYPES else declared
        if mime in _VAGUE_TYPES:
            mime = ""
        if mime and mime not in HTML_TYPES:
            return Skipped(where, "not HTML", f"payload of type {mime}", url)
        digest = headers.get_header("WARC-Payload-Digest")
        if digest:
            first = self.digests.setdefault(digest, frame.index)
            if first != frame.index:
                return Skipped(where, "same payload", f"same payload as record {first}", url)
        return self._start(
            frame,
            "html",
            http_headers.get_header("Transfer-Encoding"),
            http_headers.get_header("Content-Encoding"),
            http_headers.get_header("Content-Type"),
            sniff=not mime,
        )

    def _start(
        self,
        frame: Frame,
        fmt: str,
        transfer: str | None,
        encoding: str | None,
        content_type: str | None,
        *,
        sniff: bool = False,
    ) -> Any:
        """The page of an article record, or None while it waits for its continuations
        (a first segment: its block is held, bounded by the payload limit)."""
        headers = frame.record.rec_headers
        segment = (headers.get_header("WARC-Segment-Number") or "").strip()
        record_id = headers.get_header("WARC-Record-ID") or ""
        if segment != "1" or not record_id:
            return self._page(frame, fmt, transfer, encoding, content_type, sniff=sniff)
        stream: Any = frame.record.raw_stream
        body = stream.read(self.limit + 1)
        if len(body) > self.limit:
            return Bad(_where(frame), http.too_large(self.limit).replace("inflates past", "over"))
        page = (fmt, transfer, encoding, content_type, sniff)
        self.held[record_id] = _Held(frame, page, [body], len(body))
        self.held_size += len(body)
        return None

    def _continuation(self, frame: Frame) -> Any:
        """A ``continuation`` record: the next block of a held first segment; the page
        when it is the last (``WARC-Segment-Total-Length``)."""
        headers = frame.record.rec_headers
        url = headers.get_header("WARC-Target-URI") or ""
        origin = headers.get_header("WARC-Segment-Origin-ID") or ""
        number = (headers.get_header("WARC-Segment-Number") or "").strip()
        held = self.held.get(origin)
        if held is None:
            why = "continuation of a record that is not an article, or not in this archive"
            return Skipped(_where(frame), "continuation", why, url)
        if number != str(held.next):
            return self._give_up(origin, f"segment {number or '?'} came instead of {held.next}")
        stream: Any = frame.record.raw_stream
        block = stream.read(self.limit + 1 - held.size)
        held.body.append(block)
        held.size += len(block)
        self.held_size += len(block)
        held.next += 1
        if held.size > self.limit:
            del self.held[origin]
            self.held_size -= held.size
            return Bad(
                _where(held.frame), http.too_large(self.limit).replace("inflates past", "over")
            )
        if headers.get_header("WARC-Segment-Total-Length") is None:
            return None  # more to come
        del self.held[origin]
        self.held_size -= held.size
        fmt, transfer, encoding, content_type, sniff = held.page
        missing = int(getattr(stream, "limit", 0) or 0)
        return self._build(
            held.frame, b"".join(held.body), missing, fmt, transfer, encoding, content_type, sniff
        )

    def _peek_html(self, frame: Frame) -> bool:
        # A resource without a useful type: only its bytes can say (read in _page again).
        frame.record.raw_stream = _Replay(frame.record.raw_stream)
        return _is_html_bytes(frame.record.raw_stream.peek(4096))

    def _page(
        self,
        frame: Frame,
        fmt: str,
        transfer: str | None,
        encoding: str | None,
        content_type: str | None,
        *,
        sniff: bool = False,
    ) -> Any:
        stream: Any = frame.record.raw_stream
        body = stream.read(self.limit + 1)
        if len(body) > self.limit:
            return Bad(_where(frame), http.too_large(self.limit).replace("inflates past", "over"))
        missing = int(getattr(stream, "limit", 0) or 0)
        return self._build(frame, body, missing, fmt, transfer, encoding, content_type, sniff)

    def _build(
        self,
        frame: Frame,
        body: bytes,
        missing: int,
        fmt: str,
        transfer: str | None,
        encoding: str | None,
        content_type: str | None,
        sniff: bool,
    ) -> Any:
        """A page from its record's block: ``(text, meta, name)``, or a skip or failure."""
        headers = frame.record.rec_headers
        url = headers.get_header("WARC-Target-URI") or ""
        where = _where(frame)
        warnings: list[str] = []
        if missing:
            # Cut off (the archive ends, or a gzip member breaks): the frame loop reports
            # the damage; what there is of the page is kept, with a warning.
            warnings.append(f"{where}: record cut off, {missing} byte(s) missing")
        try:
            data = http.payload(body, transfer, encoding, self.limit)
        except http.BodyError as exc:
            return Bad(where, str(exc))
        if not data.strip():
            return Skipped(where, "empty", "empty payload", url)
        if sniff and not _is_html_bytes(data):
            return Skipped(where, "not HTML", "payload without a type that is not HTML", url)
        if fmt == "txt":
            text, charset, replaced = http.decode_html(data, "utf-8")
        else:
            text, charset, replaced = http.decode_html(data, http.header_charset(content_type))
        if replaced:
            warnings.append(f"{where}: bytes not valid {charset} were replaced (U+FFFD)")
        truncated = headers.get_header("WARC-Truncated")
        if truncated:
            warnings.append(f"{where}: the crawler truncated this page ({truncated})")
        meta: dict[str, Any] = {
            "source": self.source,
            "format": fmt,
            "encoding": charset,
            "url": url,
            "captured": headers.get_header("WARC-Date") or "",
            "record": frame.index,
            "offset": frame.offset,
        }
        record_id = headers.get_header("WARC-Record-ID")
        if record_id and not frame.arc:
            meta["record_id"] = record_id.strip("<>")
        if warnings:
            meta["warnings"] = warnings
        return (text.removeprefix("\ufeff"), meta, output_name(url, frame.offset))


class _Replay:
    """A record stream whose first bytes can be looked at and still read."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.head = b""

    @property
    def limit(self) -> int:
        return int(getattr(self.inner, "limit", 0) or 0)

    def peek(self, n: int) -> bytes:
        if len(self.head) < n:
            self.head += self.inner.read(n - len(self.head))
        return self.head[:n]

    def read(self, n: int | None = None) -> bytes:
        if self.head:
            if n is None or n < 0 or n >= len(self.head):
                out, self.head = self.head, b""
                rest: bytes = self.inner.read(None if n is None or n < 0 else n - len(out))
                return out + rest
            out, self.head = self.head[:n], self.head[n:]
            return out
        data: bytes = self.inner.read(n)
        return data

    def readline(self, n: int | None = None) -> bytes:
        return bytes(self.inner.readline(n))


def archive_parts(stream: BinaryIO, source: str, limit: int = 0) -> Iterator[Any]:
    """Parts of one archive (raw bytes): ``(text, meta, name)`` for each article,
    ``Skipped`` for the other records, ``Bad`` for damage. ``limit``: the largest payload
    (``--max-input-size``; 0: none)."""
    return _Archive(source, limit).parts(stream)
