"""The HTTP layer of a captured response: transfer and content encodings, the charset.

Crawlers store bodies every way: chunked as sent, de-chunked with the ``Transfer-Encoding``
header left in place, still chunked with the header removed (10-15% of ArchiveBot
documents), compressed with gzip, deflate or brotli, or decompressed with the
``Content-Encoding`` header kept. Each step is therefore tried strictly and falls back to
the bytes as they are when they do not fit. Brotli is decoded here with the ``brotli``
package (warcio's own path fails with current brotli releases).
"""

from __future__ import annotations

import codecs
import re
import zlib

from newsclean.read import decode as dec

#: The largest body read when ``--max-input-size`` is 0 (no limit): a zip bomb guard.
NO_LIMIT = 1 << 40
_CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]{0,1024})?\r?\n")
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)


_HEADER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


class BodyError(Exception):
    """A body that cannot be decoded (corrupt compressed data, too large)."""


def dechunk(body: bytes) -> bytes | None:
    """The body of a chunked transfer, or None when ``body`` is not exactly that."""
    out: list[bytes] = []
    i = 0
    size_total = 0
    while True:
        match = _CHUNK_LINE.match(body, i)
        if match is None:
            return None
        size = int(match.group(1), 16)
        i = match.end()
        if size == 0:
            return b"".join(out)  # trailers, if any, carry nothing we need
        if i + size > len(body):
            return None
        out.append(body[i : i + size])
        size_total += size
        i += size
        if body.startswith(b"\r\n", i):
            i += 2
        elif body.startswith(b"\n", i):
            i += 1
        else:
            return None


def looks_chunked(body: bytes) -> bool:
    """A body that starts like a chunk-size line (the header may have been dropped)."""
    return _CHUNK_LINE.match(body, 0, 40) is not None and not body[:1].isspace()


def too_large(limit: int) -> str:
    from newsclean.read.decode import size_text

    return f"payload inflates past {size_text(limit)} (--max-input-size); skipped"


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, limit + 1)
    if len(out) > limit:
        raise BodyError(too_large(limit))
    return out


def _brotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli
    except ImportError:
        raise BodyError(
            "brotli-compressed (Content-Encoding: br); install the brotli package"
        ) from None
    decoder = brotli.Decompressor()
    try:
        out = decoder.process(data, output_buffer_limit=limit + 1)
    except TypeError:  # brotli < 1.2 has no output limit
        out = decoder.process(data)
    if len(out) > limit:
        raise BodyError(too_large(limit))
    return bytes(out)


def decompress(body: bytes, encoding: str, limit: int = NO_LIMIT) -> bytes:
    """``body`` decoded for one ``Content-Encoding`` token; the body unchanged when it is
    evidently not encoded that way (a crawler stored it decoded)."""
    token = encoding.strip().lower()
    try:
        if token in ("gzip", "x-gzip"):
            if not body.startswith(b"\x1f\x8b"):
                return body
            return _inflate(body, 47, limit)  # gzip or zlib header, automatically
        if token == "deflate":
            try:
                return _inflate(body, 15, limit)
            except zlib.error:
                return _inflate(body, -15, limit)  # raw deflate, as some servers send
        if token == "br":
            if body.lstrip()[:1] == b"<":
                return body  # already decoded HTML (brotli output never starts so)
            return _brotli(body, limit)
    except zlib.error as exc:
        raise BodyError(f"corrupt {token} data ({exc})") from None
    except BodyError:
        raise
    except Exception as exc:  # brotli.error and friends
        raise BodyError(f"corrupt {token} data ({exc})") from None
    return body  # identity, or an encoding nobody uses: leave the bytes


def payload(body: bytes, transfer: str | None, content: str | None, limit: int = NO_LIMIT) -> bytes:
    """The payload of an HTTP body: de-chunked when it is chunked (whatever the header
    says), then decoded for each ``Content-Encoding``, last applied first."""
    chunked = transfer is not None and "chunked" in transfer.lower()
    if chunked or looks_chunked(body):
        plain = dechunk(body)
        if plain is not None:
            body = plain
    if content:
        for token in reversed(content.split(",")):
            if token.strip():
                body = decompress(body, token, limit)
    return body


def header_charset(content_type: str | None) -> str | None:
    """The charset of a ``Content-Type`` header, as a Python codec name, if known."""
    if not content_type:
        return None
    match = _CHARSET.search(content_type)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    # Browsers read latin-1 and ASCII as windows-1252 (WHATWG), as the file reader does;
    # only what a page may declare is honoured (no base64, rot13, UTF-7, EBCDIC...).
    name = _HEADER_ALIASES.get(name, name)
    return name if name in dec.DECLARABLE else None


def decode_html(data: bytes, header: str | None) -> tuple[str, str, bool]:
    """Decode a captured page: the HTTP charset first, then the page's own declaration,
    then detection (the file reader's path, :mod:`newsclean.read.decode`).

    Valid UTF-8 wins over a legacy header charset, as over a page's declaration: servers
    that say ``iso-8859-1`` for UTF-8 pages are common, UTF-8 bytes that are really legacy
    text essentially never occur. Returns the text, the encoding and whether bytes had
    to be replaced (a page that decodes under nothing cleanly, kept with U+FFFD).
    """
    if header and dec.bom_encoding(data) is None:
        utf8 = dec.strict_decode(data, "utf-8")
        # A page the header says is UTF-8 (the norm) is decoded once, not again below.
        if utf8 is not None and (header == "utf-8" or not data.isascii()):
            return utf8, "utf-8", False
        text = dec.strict_decode(data, header)
        if text is not None:
            return text, header, False
    try:
        decoded = dec.decode(data, html=True)
        return decoded.text, decoded.encoding, False
    except Exception:
        # A browser shows such a page with replacement characters; an archive has no
        # better copy, so the article is kept and the reader warns.
        encoding = header or dec.declared_charset(data) or "utf-8"
        return data.decode(encoding, errors="replace"), encoding, True
