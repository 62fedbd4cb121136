"""Web archives: newsclean on a WARC against warcio + trafilatura, F1 from a WARC against F1
from the same pages as HTML files, and peak memory on a large archive.

    python bench/bench_warc.py [--corpus ../shared/corpus/zyte] [--reps 2] [--rounds 3]
                               [--big-mb 300]

1. Writes a WARC (gzip per record, warcio's writer) of the Zyte pages ``--reps`` times over
   (different URLs), with a request and a non-HTML record per page like a real crawl.
2. Speed, whole processes, alternating, ``--rounds`` each: ``newsclean clean --to jsonl
   ARCHIVE`` (default jobs) against a script that iterates the archive with warcio and
   calls ``trafilatura.extract`` on each HTML response (one process: trafilatura has no
   parallel mode), best-of times and the ratio printed.
   ``newsclean export --to jsonl ARCHIVE`` (the reader alone) is timed in the same rounds.
3. F1, like for like with bench_zyte.py: its metric (per-page precision and recall averaged
   over pages, F1 of the two means), the peer called as there (``include_comments=False``,
   the ground truth has no comments), and newsclean scored twice: the reader (``export``:
   the blocks without a hint, as bench_zyte scores it) and ``clean`` (its ``text``: the
   strip step's rules and the normalizer's quotes and punctuation on top), each from the
   archive and from the HTML files themselves.
4. Memory: an archive of about ``--big-mb`` MB (the pages repeated) read by
   ``newsclean clean --to jsonl -j 1`` to /dev/null; peak RSS (ru_maxrss of the child),
   next to the small archive's peak.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).parent))
from bench_zyte import metrics, tp_fp_fn

PEER = r"""
import sys
from warcio.archiveiterator import ArchiveIterator
import trafilatura
n = 0
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "w") as out:
    for rec in ArchiveIterator(f):
        if rec.rec_type != "response":
            continue
        if "html" not in (rec.http_headers.get_header("Content-Type") or ""):
            continue
        html = rec.content_stream().read().decode("utf-8", "replace")
        text = trafilatura.extract(html, include_comments=False) or ""
        out.write(text.replace("\n", " ") + "\n")
        n += 1
print(n)
"""


def write_archive(path: Path, corpus: Path, reps: int, distinct: bool = True) -> dict[str, str]:
    """The archive; returns url -> ground-truth key. ``distinct``: every capture's bytes
    differ; else repeated captures are identical (newsclean reads and skips them)."""
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    keys: dict[str, str] = {}
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for r in range(reps):
            for page in sorted((corpus / "html").iterdir()):
                key = page.name.split(".")[0]
                # Each capture's bytes differ (a comment): identical payloads would be
                # cleaned once by newsclean ("same payload") but extracted again by the peer.
                mark = f"\n<!-- capture {r} -->" if distinct else ""
                body = gzip.decompress(page.read_bytes()) + mark.encode()
                url = truth[key]["url"] + (f"#r{r}" if r else "")
                keys[url] = key
                headers = [("Content-Type", "text/html; charset=utf-8")]
                http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
                w.write_record(w.create_warc_record(url, "request", http_headers=req))
                w.write_record(
                    w.create_warc_record(
                        url, "response", payload=io.BytesIO(body), http_headers=http
                    )
                )
                img = StatusAndHeaders(
                    "200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"
                )
                w.write_record(
                    w.create_warc_record(
                        url + ".png", "response", payload=io.BytesIO(bytes(2000)), http_headers=img
                    )
                )
    return keys


def timed(cmd: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB, the largest process of the tree) and CPU seconds (user +
    system, the whole tree, workers included) of one whole process."""
    # ru_maxrss of RUSAGE_CHILDREN is a maximum over every child so far: a fresh wrapper
    # process measures this command (and its workers) alone.
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], check=True, stdout=stdout, stderr=subprocess.PIPE
    )
    seconds = time.perf_counter() - start
    peak, cpu = done.stderr.decode().strip().splitlines()[-1].split()
    return seconds, int(peak) / 1024, float(cpu)


def scores_of(
    jsonl: Path, truth: dict[str, dict[str, str]], key_of: dict[str, str], reader: bool
) -> tuple[float, float, float]:
    """(F1, precision, recall); ``reader``: score an ``export`` line as bench_zyte scores the
    reader (the blocks without a hint), else a ``clean`` line's ``text``."""
    counts = []
    for line in jsonl.read_text("utf-8").splitlines():
        d = json.loads(line)
        key = key_of.get(d["meta"].get("url", "")) or Path(d["meta"]["source"]).name.split(".")[0]
        if reader:
            text = "\n".join(b["text"] for b in d["blocks"] if not b.get("hint"))
        else:
            text = d["text"]
        counts.append(tp_fp_fn(truth[key]["articleBody"], text))
    return metrics(counts)


def show(name: str, f1_p_r: tuple[float, float, float]) -> None:
    f1, p, r = f1_p_r
    print(f"{name:<34}: F1 {f1:.4f}  precision {p:.4f}  recall {r:.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus/zyte"))
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--big-mb", type=int, default=300, help="0: no memory run")
    args = ap.parse_args()
    truth = json.loads((args.corpus / "ground-truth.json").read_text("utf-8"))
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        archive = tmpdir / "zyte.warc.gz"
        key_of = write_archive(archive, args.corpus, args.reps)
        print(f"archive: {len(key_of)} pages, {archive.stat().st_size / 1e6:.1f} MB")
        peer = tmpdir / "peer.py"
        peer.write_text(PEER)
        ours_out = tmpdir / "ours.jsonl"
        export_out = tmpdir / "export.jsonl"
        ours_t, peer_t, ours_c, peer_c, exp_t, exp_c = [], [], [], [], [], []
        for _ in range(args.rounds):
            with open(ours_out, "wb") as out:
                wall, _, cpu = timed(
                    [py, "-m", "newsclean", "clean", "--to", "jsonl", str(archive)], out.fileno()
                )
            ours_t.append(round(wall, 2))
            ours_c.append(round(cpu, 2))
            wall, _, cpu = timed([py, str(peer), str(archive), str(tmpdir / "peer.txt")])
            peer_t.append(round(wall, 2))
            peer_c.append(round(cpu, 2))
            with open(export_out, "wb") as out:
                wall, _, cpu = timed(
                    [py, "-m", "newsclean", "export", "--to", "jsonl", str(archive)], out.fileno()
                )
            exp_t.append(round(wall, 2))
            exp_c.append(round(cpu, 2))
        print(f"newsclean clean --to jsonl : best {min(ours_t):.2f} s wall {ours_t}, CPU {ours_c}")
        print(f"newsclean export --to jsonl: best {min(exp_t):.2f} s wall {exp_t}, CPU {exp_c}")
        print(f"warcio + trafilatura       : best {min(peer_t):.2f} s wall {peer_t}, CPU {peer_c}")
        for name, t, c in (("clean", ours_t, ours_c), ("export", exp_t, exp_c)):
            print(
                f"ratio (peer / {name:<6})      : {min(peer_t) / min(t):.2f}x wall, "
                f"{min(peer_c) / min(c):.2f}x CPU"
            )
        files: dict[str, Path] = {}
        for cmd in ("clean", "export"):
            files[cmd] = tmpdir / f"files-{cmd}.jsonl"
            with open(files[cmd], "wb") as out:
                subprocess.run(
                    [py, "-m", "newsclean", cmd, "--to", "jsonl", str(args.corpus / "html")],
                    check=True,
                    stdout=out,
                )
        show("reader (export), from the WARC", scores_of(export_out, truth, key_of, True))
        show("reader (export), from HTML files", scores_of(files["export"], truth, {}, True))
        show("clean, from the WARC", scores_of(ours_out, truth, key_of, False))
        show("clean, from HTML files", scores_of(files["clean"], truth, {}, False))
        # The peer wrote one line per HTML response, in archive order.
        lines = (tmpdir / "peer.txt").read_text("utf-8").splitlines()
        peer_counts = [
            tp_fp_fn(truth[key]["articleBody"], text)
            for key, text in zip(key_of.values(), lines, strict=True)
        ]
        show("warcio + trafilatura", metrics(peer_counts))
        if not args.big_mb:
            return 0
        small = timed([py, "-m", "newsclean", "clean", "--to", "jsonl", "-j", "1", str(archive)])[1]
        # The big archive repeats identical captures: read, framed and skipped as "same
        # payload", so it measures the reader's memory on a large file in little time.
        reps = max(1, round(args.big_mb * 1e6 / archive.stat().st_size * args.reps))
        big = tmpdir / "big.warc.gz"
        write_archive(big, args.corpus, reps, distinct=False)
        size = big.stat().st_size / 1e6
        seconds, peak, _ = timed(
            [py, "-m", "newsclean", "clean", "--to", "jsonl", "-j", "1", str(big)]
        )
        print(f"peak RSS, {archive.stat().st_size / 1e6:.0f} MB archive : {small:.0f} MB")
        print(
            f"peak RSS, {size:.0f} MB archive ({reps * 181} captures): "
            f"{peak:.0f} MB ({seconds:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
