"""Records out of a WARC/ARC byte stream, with exact offsets and resync after damage.

warcio parses each record (WARC and ARC headers, the HTTP head); the loop that finds where
records start is ours, because warcio's ``ArchiveIterator`` fails exactly where archives are
damaged (measured on warcio's own test files): it refuses a whole file gzipped as one member,
truncates a corrupt gzip member silently (printing the zlib error on stderr), and stops at the
first bad header or wrong ``Content-Length`` without looking for the next record.

Here a corrupt or cut-off gzip member, a bad header or a record not followed by its blank
lines becomes a :class:`Damage` (what and where), and reading goes on at the next record:
the next gzip member that starts a WARC/ARC record, or the next ``WARC/1.x`` header line.
Memory stays flat: bodies are streamed, and a scan for the next record looks at one block
at a time.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsclean.read.archive.warcio_loader import ArcWarcRecord, ArcWarcRecordLoader

# warcio logs (e.g. "Replacing spaces in invalid WARC-Target-URI") through Python logging:
# without a handler anywhere they would reach stderr through logging's last resort, in
# the middle of our own output. An application that configured logging still gets them.
logging.getLogger("warcio").addHandler(logging.NullHandler())

GZIP_MAGIC = b"\x1f\x8b\x08"
_BLOCK = 1 << 16
#: How far a scan for the next record looks before giving up on the rest of the archive.
_SCAN_LIMIT = 1 << 30
#: A header line longer than this is no header (bounded memory on binary garbage).
_LINE_LIMIT = 1 << 16
_WARC_STARTS = (b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/0.17\r\n", b"WARC/0.18\r\n")


@dataclass(slots=True)
class Frame:
    """One parsed record: warcio's record (its ``raw_stream`` is the rest of the block, not
    yet read) and where it starts: the gzip member's offset in the file for a gzip-per-record
    archive (what CDX indexes and ``warcio extract`` use), else the byte offset in the
    (decompressed) stream."""

    record: ArcWarcRecord
    offset: int
    index: int
    #: Read from an ARC file (its record ids are made up by warcio, not stored).
    arc: bool = False


@dataclass(frozen=True, slots=True)
class Damage:
    """Something wrong in the archive at ``offset``; reading went on where it could."""

    offset: int
    message: str


class _Raw:
    """A binary stream read in blocks, with the absolute position of every byte."""

    def __init__(self, stream: BinaryIO, start: int = 0) -> None:
        self.stream = stream
        self.buf = b""
        self.i = 0
        self.base = start  # absolute position of buf[0]
        self.eof = False

    @property
    def pos(self) -> int:
        return self.base + self.i

    def _refill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(_BLOCK)
        if not data:
            self.eof = True
            return False
        self.base += len(self.buf)
        self.buf, self.i = data, 0
        return True

    def take(self, n: int) -> bytes:
        """Up to ``n`` bytes, never spanning a refill (so ``give_back`` can undo it)."""
        if self.i >= len(self.buf) and not self._refill():
            return b""
        out = self.buf[self.i : self.i + n]
        self.i += len(out)
        return out

    def give_back(self, n: int) -> None:
        self.i -= n

    def read(self, n: int) -> bytes:
        parts = []
        while n > 0:
            chunk = self.take(n)
            if not chunk:
                break
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)

    def readline(self, limit: int = _LINE_LIMIT) -> bytes:
        parts = []
        while limit > 0:
            if self.i >= len(self.buf) and not self._refill():
                break
            end = self.buf.find(b"\n", self.i, self.i + limit)
            stop = end + 1 if end >= 0 else min(len(self.buf), self.i + limit)
            parts.append(self.buf[self.i : stop])
            limit -= stop - self.i
            self.i = stop
            if end >= 0:
                break
        return b"".join(parts)

    def seek(self, pos: int) -> bool:
        """Go to ``pos``: within the block at hand, forward by reading, or anywhere on a
        seekable stream. False when that is not possible."""
        if self.base <= pos <= self.base + len(self.buf):
            self.i = pos - self.base
            return True
        try:
            self.stream.seek(pos)
        except (OSError, AttributeError, ValueError):
            if pos < self.pos:
                return False
            while self.pos < pos:
                if not self.take(pos - self.pos):
                    return False
            return True
        self.buf, self.i, self.base, self.eof = b"", 0, pos, False
        return True

    def peek(self, n: int) -> bytes:
        """The next ``n`` bytes (fewer at the end), not consumed."""
        while len(self.buf) - self.i < n and self._refill_keeping(self.buf[self.i :]):
            pass
        return self.buf[self.i : self.i + n]

    def find(self, needles: tuple[bytes, ...], limit: int = _SCAN_LIMIT) -> int | None:
        """Move to the next occurrence of any of ``needles`` (within ``limit`` bytes) and
        return its position; None (at the end) when there is none."""
        keep = max(len(n) for n in needles) - 1
        scanned = 0
        while scanned < limit:
            hits = [h for h in (self.buf.find(n, self.i) for n in needles) if h >= 0]
            if hits:
                self.i = min(hits)
                return self.pos
            # Keep the last few bytes: a needle may straddle two blocks.
            tail = self.buf[max(self.i, len(self.buf) - keep) :]
            scanned += len(self.buf) - self.i
            if not self._refill_keeping(tail):
                self.i = len(self.buf)
                return None
        return None

    def _refill_keeping(self, tail: bytes) -> bool:
        if self.eof:
            return False
        data = self.stream.read(_BLOCK)
        if not data:
            self.eof = True
            return False
        self.base += len(self.buf) - len(tail)
        self.buf, self.i = tail + data, 0
        return True


class _Members:
    """The decompressed bytes of consecutive gzip members as one stream (a record may
    span members when a writer cut them wrongly), with each member's compressed offset.

    Corrupt data, a cut-off member or bytes that are not gzip end the stream and set
    ``error``; :meth:`resync` goes on at the next member that starts a record.
    """

    def __init__(self, raw: _Raw) -> None:
        self.raw = raw
        self.d: Any = None
        self.out = b""
        self.j = 0
        self.pos = 0  # position in the decompressed stream
        self.member_start = raw.pos
        self.member_base = 0
        self.error: str | None = None
        self.error_at = 0
        self._start_member()

    def _start_member(self) -> bool:
        # peek, not take: the magic may straddle two blocks.
        head = self.raw.peek(3)
        if not head:
            return False
        self.member_start = self.raw.pos
        self.member_base = self.pos + (len(self.out) - self.j)
        if head != GZIP_MAGIC:
            self._fail("bytes that are not a gzip member")
            return False
        self.d = zlib.decompressobj(31)
        return True

    def _fail(self, message: str) -> None:
        self.error, self.error_at, self.d = message, self.member_start, None

    def _more(self) -> bool:
        """Decompress the next block into ``out``; False at the end or on an error."""
        while self.d is not None:
            data = self.d.unconsumed_tail or self.raw.take(_BLOCK)
            if not data:
                self._fail("the archive ends inside this gzip member (file cut off)")
                return False
            try:
                out = self.d.decompress(data, _BLOCK)
            except zlib.error as exc:
                self._fail(f"corrupt gzip member ({_short(exc)})")
                return False
            ended = bool(self.d.eof)
            if ended:
                self.raw.give_back(len(self.d.unused_data))
                self.d = None
            if out:
                self.out, self.j = out, 0
                if ended:
                    self._ended = True  # the next member starts after these bytes
                return True
            if ended and not self._start_member():
                return False
        if self._ended and self.error is None:
            self._ended = False
            if self._start_member():
                return self._more()
        return False

    _ended = False

    def tell(self) -> int:
        return self.pos

    def offset(self, p: int) -> int:
        """Where a record that starts at decompressed position ``p`` is in the file: its
        member's offset when it starts a member (the norm), else ``p`` itself (records
        inside a member, as in a whole file gzipped at once)."""
        return self.member_start if p == self.member_base else p

    def read(self, n: int | None = None) -> bytes:
        parts = []
        want = _LINE_LIMIT * 16 if n is None or n < 0 else n
        while want > 0:
            if self.j >= len(self.out) and not self._more():
                break
            chunk = self.out[self.j : self.j + want]
            self.j += len(chunk)
            want -= len(chunk)
            parts.append(chunk)
        data = b"".join(parts)
        self.pos += len(data)
        return data

    def readline(self, limit: int | None = None) -> bytes:
        limit = _LINE_LIMIT if limit is None or limit < 0 else limit
        parts = []
        while limit > 0:
            if self.j >= len(self.out) and not self._more():
                break
            end = self.out.find(b"\n", self.j, self.j + limit)
            stop = end + 1 if end >= 0 else min(len(self.out), self.j + limit)
            parts.append(self.out[self.j : stop])
            limit -= stop - self.j
            self.j = stop
            if end >= 0:
                break
        data = b"".join(parts)
        self.pos += len(data)
        return data

    def resync(self, origin: int) -> bool:
        """Go on at the next gzip member (after the current one's start) that begins a
        record; ``origin`` is unused: members, not bytes, are the unit here."""
        self.error = None
        self.out, self.j, self.d, self._ended = b"", 0, None, False
        if not _resync_gzip(self.raw, self.member_start + 1):
            return False
        return self._start_member()


class _Plain:
    """An uncompressed stream as warcio reads it (``read``/``readline``), with positions."""

    error: str | None = None
    error_at = 0
    #: An ARC file: resync looks for ARC header lines instead of WARC version lines.
    arc = False

    def __init__(self, raw: _Raw) -> None:
        self.raw = raw

    @property
    def pos(self) -> int:
        return self.raw.pos

    def offset(self, p: int) -> int:
        return p

    def tell(self) -> int:
        return self.raw.pos

    def read(self, n: int | None = None) -> bytes:
        return self.raw.read(_LINE_LIMIT * 16 if n is None or n < 0 else n)

    def readline(self, limit: int | None = None) -> bytes:
        return self.raw.readline(_LINE_LIMIT if limit is None or limit < 0 else limit)

    def resync(self, origin: int) -> bool:
        """Go on at the next WARC header line at or after ``origin``."""
        raw = self.raw
        if not raw.seek(origin):
            return False
        if self.arc:
            raw.readline()  # the rest of the line ``origin`` is in
            scanned = 0
            while scanned < _SCAN_LIMIT:
                start = raw.pos
                line = raw.readline()
                if not line:
                    return False
                if _looks_like_record(line):
                    return raw.seek(start)
                scanned += len(line)
            return False
        found = raw.find(tuple(b"\n" + s for s in _WARC_STARTS))
        if found is None:
            return False
        raw.seek(found + 1)
        return True


def _loader() -> ArcWarcRecordLoader:
    # verify_http=False: "HTTP/2 200" and other odd status lines are read, not refused.
    return ArcWarcRecordLoader(verify_http=False, arc2warc=True)


def _looks_like_record(head: bytes) -> bool:
    """The first bytes of a record: a WARC version line, or an ARC header line."""
    if head.startswith(_WARC_STARTS) or head.startswith(b"filedesc://"):
        return True
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    parts = line.rsplit(b" ", 4)
    # ARC v1: URL IP DATE(14 digits) MIME LENGTH
    return len(parts) == 5 and parts[2].isdigit() and len(parts[2]) == 14 and parts[4].isdigit()


def _drain(record: ArcWarcRecord) -> int:
    """Read the rest of a record's block; the bytes its Content-Length promised but the
    stream did not have (0 for a whole record)."""
    stream: Any = record.raw_stream
    while stream.read(_BLOCK):
        pass
    return int(getattr(stream, "limit", 0) or 0)


def _skip_blank(src: _Plain | _Members) -> tuple[bytes, int, int]:
    """Skip blank lines: the first other line (b"" at the end), its position in the
    stream and its offset in the file."""
    while True:
        start = src.pos
        line = src.readline()
        if not line or line.strip():
            return line, start, src.offset(start)


def frames(stream: BinaryIO) -> Iterator[Frame | Damage]:
    """Every record of an archive (raw bytes: gzip per record, one gzip member for the
    whole file, or uncompressed), and a :class:`Damage` for each problem met.

    The caller reads each record's ``raw_stream`` (or not) before asking for the next one.
    """
    raw = _Raw(stream)
    head = raw.peek(3)
    src: _Plain | _Members = _Members(raw) if head == GZIP_MAGIC else _Plain(raw)
    loader = _loader()
    index = 0
    line, start, offset = _skip_blank(src)
    if isinstance(src, _Plain):
        src.arc = line.startswith(b"filedesc://")
    while True:
        if src.error is not None:
            yield Damage(src.error_at, f"{src.error}; looking for the next record")
            if not src.resync(start):
                return
            line, start, offset = _skip_blank(src)
            continue
        if not line:
            return
        try:
            record = loader.parse_record_stream(src, line, None, False, False, False)
        except EOFError:
            return
        except Exception as exc:  # warcio on arbitrary bytes: anything but a crash
            if src.error is not None:
                continue  # the member broke while its header was read: reported above
            yield Damage(offset, f"not a WARC/ARC record header ({_short(exc)})")
            if not src.resync(start + 1):
                return
            line, start, offset = _skip_blank(src)
            continue
        if record.length is None:
            # Without a length the block would run to the end of the archive.
            yield Damage(offset, "record without a Content-Length; looking for the next record")
            if not src.resync(start + 1):
                return
            line, start, offset = _skip_blank(src)
            continue
        yield Frame(record, offset, index, not line.startswith(b"WARC/"))
        index += 1
        missing = _drain(record)
        if src.error is not None:
            continue  # a corrupt or cut-off member: reported at the top of the loop
        if missing:
            yield Damage(offset, f"record {index - 1} cut off: {missing} byte(s) missing")
            return
        after = src.pos
        line, start, offset = _skip_blank(src)
        if line and src.error is None and not _looks_like_record(line):
            yield Damage(
                src.offset(after),
                f"record {index - 1} is not followed by a record header "
                "(wrong Content-Length?); looking for the next record",
            )
            if not src.resync(after):
                return
            line, start, offset = _skip_blank(src)


def _resync_gzip(raw: _Raw, origin: int) -> bool:
    """Move to the next gzip member at or after ``origin`` that starts a WARC/ARC record."""
    if not raw.seek(origin):
        return False
    while True:
        found = raw.find((GZIP_MAGIC,))
        if found is None:
            return False
        probe = zlib.decompressobj(31)
        try:
            sample = probe.decompress(raw.peek(4096), 64)
        except zlib.error:
            sample = b""
        if _looks_like_record(sample):
            return True
        raw.seek(found + 1)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__
