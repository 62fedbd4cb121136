"""Readers: any supported input (path, bytes, stream) -> Articles.

Reading happens in two stages so the batch engine can spread the expensive part over
processes: ``open_parts`` decodes and splits an input into *parts* (a whole document, or one
raw record, or a ``Bad`` record), and ``to_article`` turns one part into an Article.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from newsclean import regex_cache
from newsclean.article import Article
from newsclean.errors import DecodeError, EmptyInputError, InputError
from newsclean.lang import detect as detect_language
from newsclean.read import decode as dec
from newsclean.read import parquet, pipe, sniff
from newsclean.read.decode import size_text
from newsclean.read.records import (
    Bad,
    Doc,
    FieldMap,
    Record,
    Skipped,
    iter_csv,
    iter_json,
    iter_jsonl,
    record_to_article,
)
from newsclean.read.text import read_text

__all__ = [
    "Bad",
    "Doc",
    "FieldMap",
    "Opened",
    "ReadOptions",
    "Record",
    "Skipped",
    "open_parts",
    "parse_size",
    "read_bytes",
    "read_path",
    "read_stream",
    "to_article",
]

#: How much is read before deciding encoding and format.
HEAD_SIZE = 64 * 1024
#: Default of ``--max-input-size``: the most one input read whole (txt, html, json, csv),
#: or one JSON Lines line, may hold once inflated. Memory while cleaning it is some ten
#: times this; an input over it is that input's failure, and the batch goes on.
MAX_INPUT_SIZE = 256 * 1024 * 1024
_CHUNK = 1 << 16
_LANGUAGE_SAMPLE = 1200


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read (the CLI's ``--from``, ``--encoding``, ``--field``)."""

    #: Force the input format (txt, html, json, jsonl, csv) instead of detecting it.
    format: str | None = None
    #: Force the encoding (any Python codec name) instead of detecting it.
    encoding: str | None = None
    #: Record field mapping overrides (``--field text=column``).
    fields: FieldMap = field(default_factory=FieldMap)
    #: ``--max-input-size`` in bytes (0: no limit), see ``MAX_INPUT_SIZE``.
    max_size: int = MAX_INPUT_SIZE


Part = Doc | Record | Bad | Skipped


@dataclass(slots=True)
class Opened:
    """An input being read: its format, encoding, whether it holds records, and its parts."""

    format: str
    encoding: str
    multi: bool
    parts: Iterator[Part]
    #: For records read from a pipe: true when it has nothing more to read for now, so the
    #: records that arrived can be processed and written without waiting for more.
    idle: Callable[[], bool] | None = None


def to_article(part: Doc | Record, options: ReadOptions) -> Article:
    """Turn one part into an Article (pure: safe in a worker process)."""
    if isinstance(part, Record):
        article = record_to_article(part.data, part.meta, options.fields)
    elif part.meta.get("format") == "html":
        from newsclean.read.html import read_html

        article = read_html(part.text, part.meta, utf8=part.utf8)
    else:
        article = read_text(part.text, part.meta)
    if "captured" in article.meta:
        from newsclean.read.archive import bound_published

        article = bound_published(article)
    if not article.meta.get("language"):
        # A bounded sample keeps the guess cheap whatever the article's length.
        sample = article.title + "\n" + "\n".join(b.text for b in article.blocks[:4])
        article = article.with_meta(language=detect_language(sample[:_LANGUAGE_SAMPLE]))
    return article


def parse_size(text: str | int) -> int:
    """``"256MB"``, ``"1.5G"``, ``"64k"``, ``"1000"`` (bytes) or ``0`` (no limit) -> bytes.

    >>> parse_size("256MB"), parse_size("1k"), parse_size(0)
    (268435456, 1024, 0)
    """
    if isinstance(text, bool):
        raise ValueError("a size such as 256MB, 1GB or 0 (no limit)")
    if isinstance(text, int):
        number, unit = float(text), ""
    else:
        match = _SIZE.fullmatch(text.strip())
        if match is None:
            raise ValueError("a size such as 256MB, 1GB or 0 (no limit)")
        number, unit = float(match.group(1)), match.group(2).lower()
    if number < 0:
        raise ValueError("a size such as 256MB, 1GB or 0 (no limit)")
    return int(number * _UNITS[unit[:1]])


_SIZE = regex_cache.compile(r"(\d+(?:\.\d+)?)\s*((?:[kmgt]i?)?b?)", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def _too_large(stream: BinaryIO, limit: int) -> InputError:
    verb = "inflates past" if getattr(stream, "inflating", False) else "is larger than"
    return InputError(f"{verb} {size_text(limit)} (--max-input-size); skipped")


def _read_rest(head: bytes, stream: BinaryIO, limit: int) -> bytes:
    """``head`` + the rest of ``stream``, read in chunks; an InputError as soon as it
    holds more than ``limit`` bytes (0: no limit), so a bomb never sits in memory whole."""
    if not limit:
        return head + stream.read()
    data = bytearray(head)
    while True:
        chunk = stream.read(min(_CHUNK * 16, limit + 1 - len(data)) or 1)
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > limit:
            raise _too_large(stream, limit)


#: Stands for a JSON Lines line longer than ``--max-input-size`` (its bytes were dropped).
_LONG_LINE = b"\x00long"


def _byte_lines(
    head: bytes, stream: BinaryIO, backlog: list[int] | None = None, limit: int = 0
) -> Iterator[bytes]:
    """The lines of ``head`` + ``stream``; ``backlog[0]``, if given, counts the complete
    non-blank lines already read but not yet handed out (a pipe is idle only at 0). A line
    longer than ``limit`` (0: no limit) comes out as ``_LONG_LINE``, never held whole."""
    read1 = getattr(stream, "read1", stream.read)
    partial: list[bytes] = []  # the line being read, in pieces (joined once, at its end)
    size = 0
    skipping = False  # inside a line too long to keep: its bytes are dropped
    chunk = head
    while True:
        if b"\n" in chunk:
            first, *lines, rest = chunk.split(b"\n")
            lines.insert(0, _LONG_LINE if skipping else b"".join((*partial, first)))
            partial, size, skipping = [rest], len(rest), False
            if backlog is None:
                yield from lines
            else:
                # Blank lines are no records: only lines with content keep the pipe busy.
                left = sum(1 for line in lines if line.strip())
                for line in lines:
                    left -= bool(line.strip())
                    backlog[0] = left
                    yield line
        elif not skipping:
            partial.append(chunk)
            size += len(chunk)
        if limit and size > limit:
            partial, size, skipping = [], 0, True
        # read1: whatever a pipe has now, so records flow through a chain of subcommands
        # without waiting for 64 KB to pile up.
        chunk = read1(_CHUNK)
        if not chunk:
            break
    if skipping:
        yield _LONG_LINE
    elif size:
        yield b"".join(partial)


def _jsonl_lines(
    head: bytes, stream: BinaryIO, encoding: str, backlog: list[int] | None = None, limit: int = 0
) -> Iterator[str | Bad]:
    if encoding.startswith(("utf-16", "utf-32")):
        # Multi-byte code units: split lines after decoding, not on raw b"\n".
        raw = io.BufferedReader(_Chain(head, stream))
        yield from io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline=None)
        return
    first = True
    for number, raw_line in enumerate(_byte_lines(head, stream, backlog, limit), 1):
        if raw_line is _LONG_LINE:
            yield Bad(
                f"line {number}", f"longer than {size_text(limit)} (--max-input-size); skipped"
            )
            continue
        if first and encoding == "utf-8-sig":
            raw_line = raw_line.removeprefix(codecs.BOM_UTF8)
        first = False
        try:
            yield raw_line.decode(encoding)
        except UnicodeDecodeError:
            # Keep line numbering; the record reader reports this line and goes on.
            yield Bad(f"line {number}", f"not valid {encoding}; try --encoding cp1256")


class _Chain(io.RawIOBase):
    """A raw stream that first replays ``head`` then reads ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _records(
    rows: Iterator[tuple[int, Mapping[str, Any] | Bad]], base: Mapping[str, Any]
) -> Iterator[Part]:
    for index, row in rows:
        if isinstance(row, Bad):
            yield row
        else:
            yield Record(row, {**base, "record": index})


def _jsonl_parts(lines: Iterator[str | Bad], base: Mapping[str, Any]) -> Iterator[Part]:
    for index, row in iter_jsonl(lines):
        if isinstance(row, Bad):
            yield row
        else:
            yield Record(row, {**base, "record": index})


def _may_be_jsonl(guess: str | None, head: bytes) -> bool:
    return guess == "jsonl" or (guess in (None, "json") and head.lstrip()[:1] == b"{")


def partial_head_ok(fmt: str | None) -> Callable[[bytes], bool]:
    """When a head cut short by a quiet pipe is enough to go on: JSON Lines only.

    Records can then flow before 64 KB have piled up: one complete line with ``--from
    jsonl``, two otherwise (one JSON object alone looks like a JSON document). Any other
    input is read whole anyway, so its encoding is decided on a full head, as from a file.
    """
    if fmt not in (None, "jsonl"):
        return lambda head: False
    lines = 1 if fmt == "jsonl" else 2

    def ok(head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and head.count(b"\n") >= lines

    return ok


def _archive(stream: BinaryIO, name: str | None, options: ReadOptions) -> BinaryIO | None:
    """The raw stream of a web archive (by ``--from``, extension or first bytes), or None."""
    if options.format not in (None, "warc"):
        return None
    from newsclean.read.archive import archive_stream

    return archive_stream(stream, forced=(options.format or sniff.from_name(name)) == "warc")


def open_parts(stream: BinaryIO, *, name: str | None, source: str, options: ReadOptions) -> Opened:
    """Start reading ``stream`` (already gunzipped); ``name`` guides format detection.

    Raises InputError for an input that cannot be read at all (empty, binary, undecodable,
    invalid JSON document). Problems with single records come back as ``Bad`` parts.
    """
    archive = _archive(stream, name, options)
    if archive is not None:
        from newsclean.read.archive import FORMAT, open_archive

        return Opened(FORMAT, "", True, open_archive(archive, source, options.max_size))
    head, complete = pipe.read_head(stream, HEAD_SIZE, partial_head_ok(options.format))
    if not head.strip():
        raise EmptyInputError("empty input, nothing to read", "check the file")
    guess = options.format or sniff.from_name(name)
    if guess == "parquet" or (options.format is None and head.startswith(parquet.MAGIC)):
        # Binary: no encoding to detect; rows stream row group by row group.
        table = parquet.seekable(head, stream)
        base = {"source": source, "format": "parquet", "encoding": "utf-8"}
        return Opened("parquet", "utf-8", True, _records(parquet.iter_parquet(table), base))
    html = guess == "html" or (guess is None and head.lstrip()[:1] == b"<")
    lenient = False
    head_text: str | None = None
    try:
        if options.encoding:
            encoding = options.encoding
        else:
            encoding, head_text = dec.detect_decoding(head, html=html, final=complete)
    except DecodeError:
        if not (_may_be_jsonl(guess, head) and dec.mostly_utf8(head)):
            raise
        # JSON Lines from mixed sources: read it as UTF-8 and report the odd lines one by one.
        encoding, lenient = "utf-8", True
    if head_text is None:
        head_text = dec.strict_decode(head, encoding, final=complete)
    if head_text is None and lenient:
        head_text = head.decode(encoding, errors="replace")
    if head_text is None:
        raise DecodeError(f"not valid {encoding}", "try another --encoding, e.g. cp1256")
    fmt = sniff.resolve(name, head_text[:HEAD_SIZE], options.format)
    if lenient and fmt != "jsonl":
        raise DecodeError("mostly UTF-8 but with bytes that are not", "try --encoding cp1256")
    base = {"source": source, "format": fmt, "encoding": encoding}
    if fmt == "jsonl":
        fd = None if complete or encoding.startswith(("utf-16", "utf-32")) else pipe.live_fd(stream)
        if fd is None:
            lines = _jsonl_lines(head, stream, encoding, limit=options.max_size)
            return Opened(fmt, encoding, True, _jsonl_parts(lines, base))
        # A live pipe: idle only once the lines already read are all handed out, and then
        # the pipe itself stays quiet (a burst of records is never cut into single ones).
        backlog = [0]
        quiet = pipe.idle_check(fd)
        parts = _jsonl_parts(_jsonl_lines(head, stream, encoding, backlog, options.max_size), base)
        return Opened(fmt, encoding, True, parts, lambda: backlog[0] == 0 and quiet())
    if options.max_size and len(head) > options.max_size:
        raise _too_large(stream, options.max_size)
    if complete:
        # The whole input was in the head and is already decoded.
        data = head
        decoded = dec.Decoded(head_text.removeprefix("\ufeff"), encoding)
    else:
        data = _read_rest(head, stream, options.max_size)
        try:
            decoded = dec.decode(data, encoding=encoding, mixed=not options.encoding)
        except DecodeError:
            if options.encoding:
                raise
            # The first 64 KB fitted an encoding the rest does not: look at the whole input.
            decoded = dec.decode(data, html=fmt == "html")
            base["encoding"] = decoded.encoding
    text = decoded.text
    if fmt == "json":
        try:
            rows = list(iter_json(text))
        except InputError as exc:
            if "Extra data" not in exc.message:
                raise
            # Several objects one after another: JSON Lines without the extension.
            base["format"] = "jsonl"
            parts = _jsonl_parts(iter(text.splitlines()), base)
            return Opened("jsonl", decoded.encoding, True, parts)
        multi = text.lstrip("\ufeff \t\r\n").startswith("[")
        if not multi:
            return Opened(fmt, decoded.encoding, False, iter([Record(rows[0][1], base)]))  # type: ignore[arg-type]
        return Opened(fmt, decoded.encoding, True, _records(iter(rows), base))
    if fmt == "csv":
        delimiter = "\t" if name and sniff.strip_gz(name).lower().endswith(".tsv") else None
        return Opened(fmt, decoded.encoding, True, _records(iter_csv(text, delimiter), base))
    # A page decoded strictly as UTF-8 without a BOM: its bytes are ``text`` encoded, and
    # the HTML parser reads them as they are (encoding a page again was 2.6% of a run).
    utf8 = (
        data
        if fmt == "html" and decoded.encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8)
        else None
    )
    return Opened(fmt, decoded.encoding, False, iter([Doc(text, base, utf8=utf8)]))


def read_stream(
    stream: BinaryIO,
    options: ReadOptions | None = None,
    *,
    name: str | None = None,
    source: str = "-",
) -> Iterator[Article]:
    """Articles from a binary stream. A bad record raises InputError (naming it)."""
    options = options or ReadOptions()
    opened = open_parts(dec.maybe_gunzip(stream), name=name, source=source, options=options)
    for part in opened.parts:
        if isinstance(part, Bad):
            raise InputError(f"{part.where}: {part.message}")
        if isinstance(part, Skipped):
            continue  # a web archive's record that holds no article
        yield to_article(part, options)


def read_path(
    path: str | os.PathLike[str], options: ReadOptions | None = None
) -> Iterator[Article]:
    """Articles from a file (``.gz`` read transparently)."""
    name = os.fspath(path)
    with dec.open_binary(name) as stream:
        yield from read_stream(stream, options, name=name, source=name)


def read_bytes(
    data: bytes, options: ReadOptions | None = None, *, name: str | None = None, source: str = "-"
) -> Iterator[Article]:
    """Articles from bytes in memory (``name`` only guides format detection)."""
    return read_stream(io.BytesIO(data), options, name=name, source=source)
