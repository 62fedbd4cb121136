"""Web archives in (issue 16): WARC/ARC/WET framing, record selection, the HTTP layer,
damage and resync, and the CLI's output, report and resume for archives."""

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

from newsclean.read import ReadOptions, Skipped, open_parts, read_bytes, read_path
from newsclean.read.archive.http import dechunk, payload
from newsclean.read.archive.names import output_name
from newsclean.read.decode import open_binary

sys.path.insert(0, str(Path(__file__).parent))
from warc_fixtures import build, response, zyte_pages

TESTDATA = ("corpus", "warcio-testdata")


def _parts(path: Path) -> list[object]:
    with open_binary(str(path)) as stream:
        opened = open_parts(stream, name=str(path), source=str(path), options=ReadOptions())
        return list(opened.parts)


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


# --- warcio's test files: real quirks ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "articles", "damaged"),
    [
        ("example.warc", 1, False),
        ("example.warc.gz", 1, False),
        ("example.arc", 1, False),
        ("example.arc.gz", 1, False),
        ("example-iana.org-chunked.warc", 1, False),
        ("example-resource.warc.gz", 1, False),
        ("example-wget-bad-target-uri.warc.gz", 1, False),
        ("example-wrong-chunks.warc.gz", 1, False),  # a record spanning gzip members
        ("example-bad-non-chunked.warc.gz", 1, False),  # a whole file in one gzip member
        ("example-trunc.warc", 1, True),
        ("example-space-in-url.arc", 1, True),  # its last record is 12 bytes short
        ("bad.arc", 0, True),
        ("post-test.warc.gz", 0, False),
        ("example-digest.warc", 0, False),
    ],
)
def test_warcio_testdata(shared: Path, name: str, articles: int, damaged: bool) -> None:
    parts = _parts(shared.joinpath(*TESTDATA, name))
    docs = [p for p in parts if type(p).__name__ == "Doc"]
    bad = [p for p in parts if type(p).__name__ == "Bad"]
    assert len(docs) == articles
    assert bool(bad) == damaged
    for doc in docs:
        meta = doc.meta  # type: ignore[attr-defined]
        assert meta["url"].startswith("http")
        assert meta["captured"][:4].isdigit()
        assert isinstance(meta["offset"], int)
    for b in bad:
        assert b.where.startswith("offset ")  # type: ignore[attr-defined]


def test_by_content_not_extension(shared: Path, tmp_path: Path) -> None:
    # The whole-file-gzipped example, under a name that says nothing.
    data = shared.joinpath(*TESTDATA, "example-bad.warc.gz.bad").read_bytes()
    path = tmp_path / "crawl.dat"
    path.write_bytes(data)
    articles = list(read_path(path))
    assert [a.meta["url"] for a in articles] == ["http://example.com?example=1"]
    assert "Example Domain" in articles[0].title + articles[0].text


# --- archives written here from Zyte pages -------------------------------------------


@pytest.fixture(scope="module")
def variety(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    pages = zyte_pages(shared, 12)
    path = tmp_path_factory.mktemp("warc") / "variety.warc.gz"
    build(path, pages)
    return path, pages


def test_same_text_as_the_html_files(variety: tuple[Path, list]) -> None:
    # Chunked, gzip, br, deflate, charset only in <meta>: every page reads exactly as the
    # same page read from an HTML file (so F1 from a WARC equals F1 from files).
    path, pages = variety
    got = {a.meta["url"]: a for a in read_path(path)}
    assert len(got) == len(pages)
    for _, url, html in pages:
        expected = next(read_bytes(html, name="page.html"))
        assert got[url].text == expected.text
        assert got[url].title == expected.title


def test_skipped_records_and_why(variety: tuple[Path, list]) -> None:
    path, _ = variety
    kinds = {p.kind: p for p in _parts(path) if isinstance(p, Skipped)}
    assert set(kinds) == {"warcinfo", "revisit", "redirect", "error page", "not HTML"}
    assert "301" in kinds["redirect"].why
    assert "404" in kinds["error page"].why


def test_gzip_whole_file_and_uncompressed(variety: tuple[Path, list], tmp_path: Path) -> None:
    _, pages = variety
    plain = tmp_path / "plain.warc"
    build(plain, pages, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    for p in (plain, whole):
        assert len(list(read_path(p))) == len(pages)


def test_legacy_charsets_header_then_meta(tmp_path: Path) -> None:
    arabic = (
        "<html><head><title>خبر</title>{meta}</head><body><p>قال الوزير إن الاجتماع كان "
        "مثمرا وأضاف أن المحادثات ستستأنف.</p></body></html>"
    )
    path = tmp_path / "cp1256.warc"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        body = arabic.format(meta="").encode("cp1256")
        response(
            w,
            "http://a.example/header",
            body,
            [("Content-Type", "text/html; charset=windows-1256")],
        )
        body = arabic.format(meta='<meta charset="windows-1256">').encode("cp1256")
        response(w, "http://a.example/meta", body, [("Content-Type", "text/html")])
    got = {a.meta["url"]: a for a in read_path(path)}
    for url in ("http://a.example/header", "http://a.example/meta"):
        assert got[url].meta["encoding"] == "cp1256"
        assert "الاجتماع" in got[url].text


def test_published_after_capture_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "dates.warc"
    page = (
        '<html><head><meta property="article:published_time" content="{d}"><title>T</title>'
        "</head><body><article><p>{p}</p></article></body></html>"
    )
    text = "A paragraph long enough to be the article body of this small test page. " * 3
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for url, date in (
            ("http://a.example/future", "2031-05-01"),
            ("http://a.example/ok", "2020-05-01"),
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = page.format(d=date, p=text).encode()
            rec = w.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2021-01-01T00:00:00Z"},
            )
            w.write_record(rec)
    got = {a.meta["url"]: a.meta for a in read_path(path)}
    assert got["http://a.example/ok"]["published"].startswith("2020-05-01")
    assert "published" not in got["http://a.example/future"]
    assert any("after the capture" in w for w in got["http://a.example/future"]["warnings"])


# --- damage ----------------------------------------------------------------------------


def test_cut_off_last_record(variety: tuple[Path, list], tmp_path: Path) -> None:
    path, pages = variety
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 40])  # inside the last member (the CSS response)
    result = _cli("clean", "--to", "jsonl", str(cut))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == len(pages)  # every whole record came out
    assert "cut off" in result.stderr and "offset" in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_member_resyncs(variety: tuple[Path, list], tmp_path: Path) -> None:
    path, pages = variety
    data = bytearray(path.read_bytes())
    # The third page's member: corrupt bytes in its middle.
    offsets = [p.meta["offset"] for p in _parts(path) if type(p).__name__ == "Doc"]  # type: ignore[attr-defined]
    middle = (offsets[2] + offsets[3]) // 2
    data[middle : middle + 64] = bytes(64)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    parts = _parts(broken)
    docs = [p for p in parts if type(p).__name__ == "Doc"]
    bad = [p for p in parts if type(p).__name__ == "Bad"]
    assert len(docs) >= len(pages) - 1  # at most the damaged page is lost or partial
    assert bad and bad[0].where == f"offset {offsets[2]}"  # type: ignore[attr-defined]
    assert "corrupt gzip member" in bad[0].message  # type: ignore[attr-defined]


def test_wrong_content_length_resyncs(tmp_path: Path) -> None:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    html = (
        b"<html><head><title>One</title></head><body><p>"
        + b"First page text. " * 20
        + b"</p></body></html>"
    )
    for url in ("http://a.example/1", "http://a.example/2", "http://a.example/3"):
        response(w, url, html.replace(b"One", url[-1:].encode()), [("Content-Type", "text/html")])
    data = buf.getvalue()
    # The second record claims 50 bytes fewer than it has.
    second = data.index(b"WARC/1.", 10)
    length_at = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = data.index(b"\r\n", length_at)
    data = data[:length_at] + str(int(data[length_at:end]) - 50).encode() + data[end:]
    path = tmp_path / "wrong.warc"
    path.write_bytes(data)
    parts = _parts(path)
    urls = [p.meta["url"] for p in parts if type(p).__name__ == "Doc"]  # type: ignore[attr-defined]
    assert urls[0] == "http://a.example/1" and urls[-1] == "http://a.example/3"
    assert any("Content-Length" in p.message for p in parts if type(p).__name__ == "Bad")  # type: ignore[attr-defined]


# --- HTTP layer -------------------------------------------------------------------------


def test_chunked_and_wrong_chunks() -> None:
    assert dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n") == b"hello world"
    assert dechunk(b"ff\r\nshort\r\n0\r\n\r\n") is None  # wrong sizes
    # The header says chunked, the body was stored de-chunked: the raw body is kept.
    assert payload(b"<html>x</html>", "chunked", None) == b"<html>x</html>"
    # Still chunked, the header dropped (ArchiveBot): de-chunked anyway.
    assert payload(b"e\r\n<html>x</html>\r\n0\r\n\r\n", None, None) == b"<html>x</html>"
    # Stored decoded with Content-Encoding kept.
    assert payload(b"<html>x</html>", None, "gzip") == b"<html>x</html>"
    assert payload(b"<html>x</html>", None, "br") == b"<html>x</html>"


# --- names, output tree, report, resume -------------------------------------------------


def test_names_are_stable_and_distinct() -> None:
    a = output_name("https://www.x.com/news/2020/a-story.html?id=3", 10)
    assert a == output_name("https://www.x.com/news/2020/a-story.html?id=3", 10)
    assert a.startswith("www.x.com/a-story-")
    assert a != output_name("https://www.x.com/news/2020/a-story.html?id=3", 99)
    assert output_name("https://x.com/%D8%AE%D8%A8%D8%B1", 0).startswith("x.com/خبر-")
    assert ".." not in output_name("http://x.com/../../etc/passwd", 0)


def test_cli_tree_report_and_resume(variety: tuple[Path, list], tmp_path: Path) -> None:
    path, pages = variety
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    report = tmp_path / "report.jsonl"
    result = _cli("clean", "-o", f"{out}/", "--report", str(report), str(crawl))
    assert result.returncode == 0, result.stderr
    # The summary's per-archive tally (most common category first).
    assert f"variety.warc.gz: {len(pages)} article(s); not articles: 3 not HTML" in result.stderr
    assert "not_articles 7" in result.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert len(files) == len(pages)
    assert all(f.startswith("variety.warc.gz/") for f in files)
    assert any(f.startswith("variety.warc.gz/www.wsj.com/") for f in files)
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    skipped = [r for r in rows if r["status"] == "not-article"]
    assert {r["kind"] for r in skipped} >= {"revisit", "redirect", "error page", "not HTML"}
    summary = [r for r in rows if r.get("articles") == len(pages)]
    assert summary and summary[0]["not_articles"]["not HTML"] == 3
    again = _cli("clean", "-o", f"{out}/", "--skip-existing", str(crawl))
    assert again.returncode == 0
    assert "skipped 1" in again.stderr
    rerun_files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert rerun_files == files


# --- WET, stdin, --across ---------------------------------------------------------------


def test_wet_conversion_records(tmp_path: Path) -> None:
    path = tmp_path / "CC-MAIN-x.warc.wet.gz"
    text = "عنوان الخبر\n\nقال الوزير إن الاجتماع كان مثمرا.\n\nوأضاف أن المحادثات ستستأنف.\n"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(w.create_warcinfo_record("x.wet", {"software": "test"}))
        rec = w.create_warc_record(
            "http://a.example/story",
            "conversion",
            payload=io.BytesIO(text.encode()),
            warc_content_type="text/plain",
        )
        w.write_record(rec)
    articles = list(read_path(path))
    assert len(articles) == 1
    assert articles[0].meta["format"] == "txt"
    assert "الاجتماع" in articles[0].text
    assert articles[0].meta["url"] == "http://a.example/story"


def test_stdin_archive(variety: tuple[Path, list]) -> None:
    path, pages = variety
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", "clean", "--to", "jsonl"],
        input=path.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    urls = [json.loads(line)["meta"]["url"] for line in result.stdout.splitlines()]
    assert urls == [url for _, url, _ in pages]


def test_across_drops_repeated_captures(shared: Path, tmp_path: Path) -> None:
    pages = zyte_pages(shared, 3)
    path = tmp_path / "twice.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for i, (_, url, body) in enumerate([*pages, pages[0]]):
            # The first page captured again, with other bytes (a comment): extracted, then
            # found a duplicate.
            again = b"\n<!-- capture -->" * (i == 3)
            response(w, url, body + again, [("Content-Type", "text/html")])
    plain = _cli("clean", "--to", "jsonl", str(path))
    across = _cli("clean", "--to", "jsonl", "--across", str(path))
    assert len(plain.stdout.splitlines()) == 4
    assert len(across.stdout.splitlines()) == 3


def test_identical_payloads_extracted_once(shared: Path, tmp_path: Path) -> None:
    _, url, body = zyte_pages(shared, 1)[0]
    path = tmp_path / "same.warc"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for _ in range(2):
            response(w, url, body, [("Content-Type", "text/html")])
    parts = _parts(path)
    assert [type(p).__name__ for p in parts] == ["Doc", "Skipped"]
    assert parts[1].why == "same payload as record 0"  # type: ignore[attr-defined]


def test_in_place_never_rewrites_an_archive(shared: Path, tmp_path: Path) -> None:
    original = shared.joinpath(*TESTDATA, "example.warc").read_bytes()
    path = tmp_path / "crawl.dat"  # an archive by content only
    path.write_bytes(original)
    result = _cli("clean", "--in-place", str(path))
    assert result.returncode == 1
    assert "never rewrites a web archive" in result.stderr
    assert path.read_bytes() == original


def test_header_charset_is_a_text_encoding() -> None:
    from newsclean.read.archive.http import header_charset

    assert header_charset("text/html; charset=windows-1256") == "cp1256"
    assert header_charset('text/html; charset="ISO-8859-1"') == "cp1252"  # as browsers do
    for bogus in ("base64", "rot13", "utf-7", "no-such-codec"):
        assert header_charset(f"text/html; charset={bogus}") is None


@pytest.mark.parametrize("block", [61, 4093])
def test_block_boundaries_anywhere(
    variety: tuple[Path, list], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    # A gzip magic, a header line or a chunk split between two reads must not matter (a
    # 250 MB archive once met a member whose magic straddled two 64 KB blocks).
    from newsclean.read.archive import frames

    path, pages = variety
    plain = tmp_path / "plain.warc"
    build(plain, pages, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    monkeypatch.setattr(frames, "_BLOCK", block)
    for p in (path, plain, whole):
        parts = _parts(p)
        assert not [x for x in parts if type(x).__name__ == "Bad"], p
        assert len([x for x in parts if type(x).__name__ == "Doc"]) == len(pages)


@pytest.mark.parametrize(
    "data",
    [
        b"WARC/1.0",
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\n<html>no length</html>",
        b"WARC/1.0\r\nContent-Length: 99999999999\r\nWARC-Type: response\r\n\r\nx",
        b"WARC/1.0\r\nContent-Length: -5\r\n\r\n" + bytes(range(256)) * 4,
        b"filedesc://x 1.2.3.4 20200101000000 text/plain 5\n",
        b"\x1f\x8b\x08" + bytes(40),
    ],
)
def test_hostile_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(data)
    parts = _parts(path)  # no exception, whatever comes out
    assert all(type(p).__name__ in ("Doc", "Skipped", "Bad") for p in parts)


def test_html_sniff_is_linear_on_comments() -> None:
    import time

    from newsclean.read.archive.select import _is_html_bytes

    assert _is_html_bytes(b"\xef\xbb\xbf <!-- a --> <!DOCTYPE html><html>")
    assert not _is_html_bytes(b'{"json": true}')
    start = time.perf_counter()
    assert not _is_html_bytes(b"<!-- -->" * 500 + b"x")
    assert time.perf_counter() - start < 5  # a guard against a hang, not a timing


def test_payload_limit_is_max_input_size(variety: tuple[Path, list]) -> None:
    path, pages = variety
    result = _cli("clean", "--to", "jsonl", "--max-input-size", "64KB", str(path))
    assert result.returncode == 1
    assert "(--max-input-size); skipped" in result.stderr
    assert "record " in result.stderr and "Traceback" not in result.stderr
    small = [html for _, _, html in pages if len(html) <= 64 * 1024]
    assert len(result.stdout.splitlines()) >= len(small)
