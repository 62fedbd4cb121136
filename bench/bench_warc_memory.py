"""Peak memory of ``newsclean clean`` on big web archives of distinct pages (issue 16).

    python bench/bench_warc_memory.py [--corpus ../shared/corpus/zyte] [--sizes 60,250,500]
                                      [--modes j1,j2,dir] [--gzip] [--tmp /tmp]

For each size (MB on disk) an archive is written under ``--tmp`` (deleted afterwards) of
distinct pages made from the Zyte pages: each copy's paragraphs have their words shuffled
(seeded) and its URL changed, so no two payloads are alike (no "same payload" skip: every
page is extracted and cleaned), with a request record before each response. Uncompressed
by default (more bytes per page cleaned: the run stays short); ``--gzip`` writes gzip
per record.

Each mode is one whole process, its tree's memory sampled every 50 ms with psutil:

- ``j1``: ``newsclean clean --to jsonl -j 1 ARCHIVE > /dev/null``
- ``j2``: ``newsclean clean --to jsonl -j 2 ARCHIVE > /dev/null``
- ``dir``: ``newsclean clean -j 2 -o DIR ARCHIVE`` (a Markdown file per article)
- ``j1-nolearn``, ``j2-nolearn``: ``j1``/``j2`` with ``--no-learn`` (no site templates
  learned: ``-o DIR`` runs do not learn either)

Printed per size and mode: pages, seconds, the peak RSS of the largest process and the peak
of the whole tree's RSS (main process plus workers). Flat memory: these do not grow with
the size.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_PARA = re.compile(rb"(<p\b[^>]{0,200}>)([^<]{20,})")


def _vary(body: bytes, seed: int) -> bytes:
    """The page with each paragraph's words shuffled (same words, other text)."""
    rng = random.Random(seed)

    def shuffle(m: re.Match[bytes]) -> bytes:
        words = m.group(2).split(b" ")
        rng.shuffle(words)
        return m.group(1) + b" ".join(words)

    return _PARA.sub(shuffle, body)


def write_archive(path: Path, corpus: Path, mb: int, gz: bool) -> int:
    """Distinct pages until the file is ``mb`` MB; returns how many pages."""
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    pages = []
    for page in sorted((corpus / "html").iterdir()):
        key = page.name.split(".")[0]
        pages.append((truth[key]["url"], gzip.decompress(page.read_bytes())))
    headers = [("Content-Type", "text/html; charset=utf-8")]
    n = 0
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        while f.tell() < mb * 1_000_000:
            url, body = pages[n % len(pages)]
            url = f"{url}?v={n}"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=req))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            payload = io.BytesIO(_vary(body, n))
            record = w.create_warc_record(url, "response", payload=payload, http_headers=http)
            w.write_record(record)
            n += 1
    return n


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Seconds, peak RSS of the largest process (MB), peak RSS of the tree (MB)."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    largest = tree = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            rss = []
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    rss.append(p.memory_info().rss)
            if rss:
                largest, tree = max(largest, max(rss)), max(tree, sum(rss))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd}: exit {proc.returncode}")
    return time.perf_counter() - start, largest / 2**20, tree / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus/zyte"))
    ap.add_argument("--sizes", default="60,250,500", help="archive sizes, MB, comma-separated")
    ap.add_argument("--modes", default="j1,j2,dir")
    ap.add_argument("--gzip", action="store_true", help="gzip per record")
    ap.add_argument("--tmp", default="/tmp")
    args = ap.parse_args()
    py = [sys.executable, "-m", "newsclean", "clean"]
    print(f"{'MB':>5} {'pages':>6} {'mode':<4} {'seconds':>8} {'largest MB':>10} {'tree MB':>8}")
    with tempfile.TemporaryDirectory(dir=args.tmp, prefix="bench-warc-memory-") as tmp:
        root = Path(tmp)
        for mb in (int(s) for s in args.sizes.split(",")):
            archive = root / ("big.warc.gz" if args.gzip else "big.warc")
            pages = write_archive(archive, args.corpus, mb, args.gzip)
            for mode in args.modes.split(","):
                if mode == "dir":
                    out = root / "out"
                    cmd = [*py, "-j", "2", "-q", "-o", f"{out}/", str(archive)]
                else:
                    jobs, _, nolearn = mode[1:].partition("-")
                    cmd = [*py, "--to", "jsonl", "-j", jobs, str(archive)]
                    if nolearn:
                        cmd.append("--no-learn")
                seconds, largest, tree = measure(cmd)
                print(f"{mb:>5} {pages:>6} {mode:<4} {seconds:>8.1f} {largest:>10.0f} {tree:>8.0f}")
                sys.stdout.flush()
                shutil.rmtree(root / "out", ignore_errors=True)
            archive.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
