"""Export throughput: files/s and MB/s, files in -> files out, against a bare atomic copy.

Generates a few thousand article files (text and HTML) from the saudinewsnet corpus into a
temporary directory, then times in the same run:

- a bare copy (read each file, write it atomically into a mirrored tree, same processes):
  the I/O limit any converter is measured against;
- ``newsclean export --to md -o DIR`` with ``--jobs 1`` and ``--jobs 2``;
- trafilatura's Markdown extraction on the HTML files (the peer), one process, against
  ``newsclean export`` of the same HTML files with ``--jobs 1``;
- ``newsclean export --to jsonl`` of the corpus JSON itself (2,050 records in one file).

    python bench/bench_export.py                      # default corpus location
    python bench/bench_export.py --count 5000 --corpus path/to/2015-07-22.json
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet" / "2015-07-22.json"
CMD = [sys.executable, "-m", "newsclean"]


def generate(corpus: Path, root: Path, count: int) -> tuple[int, int]:
    """Write ``count`` files (3 in 4 .txt, 1 in 4 .html) under ``root``; return (files, bytes)."""
    records = [
        r
        for r in json.loads(corpus.read_text(encoding="utf-8"))
        if str(r.get("content") or "").strip() and str(r.get("title") or "").strip()
    ]
    total = 0
    for i in range(count):
        rec = records[i % len(records)]
        paras = [p.strip() for p in rec["content"].split("\n") if p.strip()]
        sub = root / f"d{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 4 == 3:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            text = (
                f'<!doctype html><html lang="ar"><head><meta charset="utf-8">'
                f"<title>{html.escape(rec['title'])}</title></head><body><nav><a href='/'>الرئيسية"
                f"</a></nav><article><h1>{html.escape(rec['title'])}</h1>{body}</article>"
                f"<footer>جميع الحقوق محفوظة</footer></body></html>"
            )
            path = sub / f"a{i:06d}.html"
        else:
            text = rec["title"] + "\n\n" + "\n\n".join(paras) + "\n"
            path = sub / f"a{i:06d}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return count, total


def _copy_one(job: tuple[str, str, str]) -> None:
    src, src_root, dst_root = job
    dst = os.path.join(dst_root, os.path.relpath(src, src_root))
    with open(src, "rb") as f:
        data = f.read()
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = dst + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, dst)


def bare_copy(src: Path, dst: Path, jobs: int) -> float:
    t0 = time.perf_counter()
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs)
    with Pool(jobs) as pool:
        for _ in pool.imap(_copy_one, [(f, str(src), str(dst)) for f in files], chunksize=64):
            pass
    return time.perf_counter() - t0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds (user + system, workers included) of the last ``timed`` command: unlike wall
#: time it hardly depends on what else the machine is doing.
LAST_CPU = [0.0]


def timed(args: list[str], *, stdout: int | None = subprocess.DEVNULL) -> tuple[float, int]:
    """Seconds and peak RSS in KB (the whole process tree, sampled every 50 ms).

    ``wait4``'s ru_maxrss is no use here: a child inherits the high-water mark of the
    process that forked it (this script, holding the corpus).
    """
    import psutil

    cpu0 = _cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen([*CMD, *args], stdout=stdout, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - t0
    LAST_CPU[0] = _cpu() - cpu0
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"newsclean {' '.join(args)} failed: {err}")
    return elapsed, peak // 1024


def trafilatura_md(files: list[Path]) -> float:
    import trafilatura

    t0 = time.perf_counter()
    for path in files:
        trafilatura.extract(path.read_text(encoding="utf-8"), output_format="markdown")
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--count", type=int, default=3000, help="generated files")
    parser.add_argument("--peer-files", type=int, default=200, help="HTML files for trafilatura")
    parser.add_argument(
        "--memory-check",
        type=int,
        default=0,
        metavar="N",
        help="also export N generated files and compare peak RSS with the main run",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}; pass --corpus (skipping)", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        src = root / "in"
        files, size = generate(args.corpus, src, args.count)
        mb = size / 1e6
        print(f"generated {files} files, {mb:.1f} MB (from {args.corpus.name})")
        rows = []
        for jobs in (1, 2):
            copy = bare_copy(src, root / f"copy{jobs}", jobs)
            secs, rss = timed(
                ["export", "--to", "md", "-j", str(jobs), "-o", str(root / f"md{jobs}"), str(src)]
            )
            rows.append((jobs, copy, secs, rss, LAST_CPU[0]))
        print(f"{'':28}{'files/s':>10}{'MB/s':>8}{'peak RSS':>10}{'vs copy':>9}{'CPU/file':>10}")
        for jobs, copy, secs, rss, cpu in rows:
            speed = f"{files / copy:10.0f}{mb / copy:8.1f}"
            print(f"bare copy       --jobs {jobs}    {speed}{'':>10}{'1.00':>9}")
            print(
                f"export --to md  --jobs {jobs}    {files / secs:10.0f}{mb / secs:8.1f}"
                f"{rss / 1024:8.0f}MB{copy / secs:9.2f}{cpu / files * 1000:8.2f}ms"
            )
        speedup = rows[0][2] / rows[1][2]
        # rows: (jobs, copy seconds, export seconds, peak RSS KB, export CPU seconds)
        print(f"--jobs 2 / --jobs 1 speed-up: {speedup:.2f}x")

        html_files = sorted(src.rglob("*.html"))[: args.peer_files]
        peer_dir = root / "peer"
        peer_dir.mkdir()
        for p in html_files:
            shutil.copy(p, peer_dir / p.name)
        ours, _ = timed(
            ["export", "--to", "md", "-j", "1", "-o", str(root / "peer-out"), str(peer_dir)]
        )
        try:
            theirs = trafilatura_md(html_files)
        except ImportError:
            print("trafilatura not installed: peer comparison skipped")
        else:
            n = len(html_files)
            print(
                f"HTML -> md, {n} pages, one process: newsclean {n / ours:.0f} pages/s "
                f"(incl. start-up), trafilatura {n / theirs:.0f} pages/s; "
                f"ratio {theirs / ours:.2f}x"
            )

        if args.memory_check:
            big = root / "big"
            generate(args.corpus, big, args.memory_check)
            secs, rss_big = timed(["export", "-j", "2", "-o", str(root / "big-md"), str(big)])
            print(
                f"peak RSS, export -j 2: {rows[1][3] / 1024:.0f} MB at {files} files, "
                f"{rss_big / 1024:.0f} MB at {args.memory_check} files "
                f"({args.memory_check / secs:.0f} files/s)"
            )

        corpus_mb = args.corpus.stat().st_size / 1e6
        records = len(json.loads(args.corpus.read_text(encoding="utf-8")))
        for jobs in (1, 2):
            secs, rss = timed(["export", "--to", "jsonl", "-j", str(jobs), str(args.corpus)])
            print(
                f"corpus JSON -> jsonl --jobs {jobs}: {records / secs:.0f} records/s, "
                f"{corpus_mb / secs:.1f} MB/s, peak RSS {rss / 1024:.0f} MB, "
                f"CPU {LAST_CPU[0] / records * 1000:.2f} ms/record"
            )
        secs, rss = timed(
            ["export", "--to", "md", "-j", "2", "-o", str(root / "corpus-md"), str(args.corpus)]
        )
        print(f"corpus JSON -> one .md per record --jobs 2: {records / secs:.0f} records/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
