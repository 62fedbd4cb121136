"""Segmented WARC records (issue 16): a record split into a first segment and
``continuation`` records is joined back into one page; segments that cannot be joined are
skipped with a counted reason (summary and ``--report``), never a failure."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsclean.read import Doc, ReadOptions, Skipped, open_parts, read_bytes
from newsclean.read.archive import select

sys.path.insert(0, str(Path(__file__).parent))
from warc_fixtures import response, zyte_pages

HTML = "text/html; charset=utf-8"


def _segmented(
    w: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    cuts: int,
    *,
    between: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    drop: set[int] = frozenset(),  # type: ignore[assignment]
    order: list[int] | None = None,
) -> None:
    """``body`` as ``cuts`` segments: a ``response`` (segment 1, with the HTTP head) and
    continuations; ``between``: other pages written after segment 1; ``drop``: segment
    numbers left out; ``order``: the order continuations are written in."""
    size = -(-len(body) // cuts)
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    first = w.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(pieces[0]),
        http_headers=http,
        length=len(pieces[0]),
        warc_headers_dict={"WARC-Segment-Number": "1"},
    )
    w.write_record(first)
    origin = first.rec_headers.get_header("WARC-Record-ID")
    for other_url, other in between:
        response(w, other_url, other, [("Content-Type", HTML)])
    numbers = order or list(range(2, len(pieces) + 1))
    for number in numbers:
        if number in drop:
            continue
        extra = {"WARC-Segment-Number": str(number), "WARC-Segment-Origin-ID": origin}
        if number == len(pieces):
            extra["WARC-Segment-Total-Length"] = str(len(body))
        piece = pieces[number - 1]
        w.write_record(
            w.create_warc_record(
                url,
                "continuation",
                payload=io.BytesIO(piece),
                length=len(piece),
                warc_headers_dict=extra,
            )
        )


def _parts(data: bytes) -> list[object]:
    opened = open_parts(io.BytesIO(data), name="s.warc.gz", source="s", options=ReadOptions())
    return list(opened.parts)


@pytest.fixture(scope="module")
def pages(shared: Path) -> list[tuple[str, str, bytes]]:
    return zyte_pages(shared, 3)


def _html_text(body: bytes) -> str:
    return next(iter(read_bytes(body, name="page.html"))).text


def test_segments_are_joined_into_the_page(pages: list[tuple[str, str, bytes]]) -> None:
    (_, url, body), (_, url2, body2), (_, url3, body3) = pages
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    # Segment 1, then two other pages, then the continuations; the second page is stored
    # gzipped across four segments (the HTTP encoding spans the cuts).
    _segmented(w, url, body, [("Content-Type", HTML)], 3, between=[(url2, body2)])
    packed = gzip.compress(body3)
    _segmented(w, url3, packed, [("Content-Type", HTML), ("Content-Encoding", "gzip")], 4)
    parts = _parts(buf.getvalue())
    docs = [p for p in parts if isinstance(p, Doc)]
    assert [d.meta["url"] for d in docs] == [url2, url, url3]
    assert not [p for p in parts if isinstance(p, Skipped)]
    joined = docs[1]
    assert joined.meta["record"] == 0  # the first segment's record and offset
    assert joined.meta["offset"] == 0
    for doc, html in ((docs[1], body), (docs[2], body3)):
        article = next(iter(read_bytes(doc.text.encode("utf-8"), name="page.html")))
        assert article.text == _html_text(html)


def test_segments_that_cannot_be_joined_are_skipped(pages: list[tuple[str, str, bytes]]) -> None:
    (_, url, body), (_, url2, body2), (_, url3, body3) = pages
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    _segmented(w, url, body, [("Content-Type", HTML)], 3, drop={3})  # the last is missing
    _segmented(w, url2, body2, [("Content-Type", HTML)], 3, order=[3, 2])  # out of order
    _segmented(w, "http://example.com/a.png", bytes(5000), [("Content-Type", "image/png")], 2)
    response(w, url3, body3, [("Content-Type", HTML)])
    parts = _parts(buf.getvalue())
    docs = [p for p in parts if isinstance(p, Doc)]
    assert [d.meta["url"] for d in docs] == [url3]
    skipped = [(p.kind, p.url) for p in parts if isinstance(p, Skipped)]
    assert ("incomplete segments", url) in skipped
    assert ("incomplete segments", url2) in skipped
    assert ("not HTML", "http://example.com/a.png") in skipped
    assert ("continuation", "http://example.com/a.png") in skipped
    why = {p.url: p.why for p in parts if isinstance(p, Skipped) and p.url == url}
    assert "not in this archive" in why[url]


def test_held_segments_are_bounded(
    pages: list[tuple[str, str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(select, "HELD_BYTES", 1000)
    (_, url, body), (_, url2, body2), _ = pages
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    _segmented(w, url, body, [("Content-Type", HTML)], 2, between=[(url2, body2)])
    kinds = [p.kind for p in _parts(buf.getvalue()) if isinstance(p, Skipped)]
    assert kinds == ["incomplete segments", "continuation"]


def test_cli_counts_and_reports_segments(
    pages: list[tuple[str, str, bytes]], tmp_path: Path
) -> None:
    (_, url, body), (_, url2, body2), _ = pages
    path = tmp_path / "s.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _segmented(w, url, body, [("Content-Type", HTML)], 2)
        _segmented(w, url2, body2, [("Content-Type", HTML)], 3, drop={2})
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    cmd = [sys.executable, "-m", "newsclean", "clean", "-o", f"{out}/", "--report", str(report)]
    result = subprocess.run(
        [*cmd, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "s.warc.gz: 1 article(s); not articles: 1 incomplete segments" in result.stderr
    assert len(list(out.rglob("*.md"))) == 1
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    skipped = [r for r in rows if r.get("status") == "not-article"]
    assert [(r["kind"], r["url"]) for r in skipped] == [("incomplete segments", url2)]
    assert "segment 3 came instead of 2" in skipped[0]["why"]
    assert "1 segment(s) read" in skipped[0]["why"]
