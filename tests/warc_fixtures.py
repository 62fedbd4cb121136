"""Small web archives written at test time with warcio's writer (no network, no files kept).

``build(path, pages)`` writes one WARC with the HTTP variety archivists meet: chunked,
gzip, br, a charset only in ``<meta>``, a revisit, a redirect, a 404, non-HTML responses;
``cut`` drops the end of the last record.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def zyte_pages(shared: Path, n: int) -> list[tuple[str, str, bytes]]:
    """``(key, url, html bytes)`` of the first ``n`` Zyte pages (sorted by name)."""
    root = shared / "corpus" / "zyte"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    out = []
    for path in sorted((root / "html").iterdir())[:n]:
        key = path.name.split(".")[0]
        out.append((key, truth[key]["url"], gzip.decompress(path.read_bytes())))
    return out


def _chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, length=len(body)
    )
    writer.write_record(record)


def build(path: Path, pages: list[tuple[str, str, bytes]], *, gz: bool = True) -> dict[str, str]:
    """Write the variety archive; returns url -> how that page was stored."""
    how: dict[str, str] = {}
    html = "text/html; charset=utf-8"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record("test.warc", {"software": "newsclean tests"}))
        for i, (_, url, body) in enumerate(pages):
            kind = ("plain", "chunked", "gzip", "br", "deflate", "meta-charset")[i % 6]
            how[url] = kind
            if kind == "plain":
                response(w, url, body, [("Content-Type", html)])
            elif kind == "chunked":
                response(
                    w,
                    url,
                    _chunked(body),
                    [("Content-Type", html), ("Transfer-Encoding", "chunked")],
                )
            elif kind == "gzip":
                response(
                    w,
                    url,
                    gzip.compress(body),
                    [("Content-Type", html), ("Content-Encoding", "gzip")],
                )
            elif kind == "br":
                response(
                    w,
                    url,
                    brotli.compress(body),
                    [("Content-Type", html), ("Content-Encoding", "br")],
                )
            elif kind == "deflate":
                response(
                    w,
                    url,
                    zlib.compress(body),
                    [("Content-Type", html), ("Content-Encoding", "deflate")],
                )
            else:
                response(w, url, body, [("Content-Type", "text/html")])
        url = pages[0][1]
        revisit = w.create_revisit_record(
            url, digest="sha1:AAAA", refers_to_uri=url, refers_to_date="2020-01-01T00:00:00Z"
        )
        w.write_record(revisit)
        response(
            w, "http://example.com/old", b"", [("Location", url)], status="301 Moved Permanently"
        )
        response(
            w,
            "http://example.com/missing",
            b"<html><body>Not found</body></html>",
            [("Content-Type", html)],
            status="404 Not Found",
        )
        response(
            w,
            "http://example.com/logo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(100),
            [("Content-Type", "image/png")],
        )
        response(w, "http://example.com/api", b'{"a": 1}', [("Content-Type", "application/json")])
        response(
            w,
            "http://example.com/style.css",
            b"body { color: red }",
            [("Content-Type", "text/css")],
        )
    return how
