"""Tables: size and write time of Parquet and CSV against JSON Lines for N cleaned articles.

Builds N articles (default 10,000) by cleaning the SaudiNewsNet records once (cycled, each
copy's title numbered so rows differ), then, alternating the formats in each round so
machine load hits them alike:

- *write*: the articles already in memory rendered and written through the sink the CLI
  uses (``Renderer`` + ``FileSink``/``ParquetSink``): the cost of the output format alone;
- *export*: ``newsclean export -j 1 articles.jsonl -o out.FMT`` end to end (read + write).

Reports file sizes (JSON Lines also gzip-compressed, for reference) and the median time of
the rounds. Timings are noisy on a shared machine: compare the ratios of one run.

    python bench/bench_tables.py                 # 10,000 articles, 3 rounds
    python bench/bench_tables.py --count 2000 --rounds 1
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet" / "2015-07-22.json"
FORMATS = ("jsonl", "csv", "parquet")


def build_articles(corpus: Path, count: int) -> list[object]:
    """``count`` cleaned Articles (the corpus cleaned once, then cycled)."""
    from newsclean.pipeline import CleanOptions, clean
    from newsclean.read import read_path

    base = [clean(a, CleanOptions()) for a in read_path(corpus)]
    return [
        base[i % len(base)].replace(title=f"{base[i % len(base)].title} #{i}") for i in range(count)
    ]


def write(articles: list[object], fmt: str, path: Path) -> float:
    """Seconds to render and write ``articles`` as ``fmt`` to ``path`` (as the CLI does)."""
    from newsclean.read.walk import InputRef
    from newsclean.write import Renderer
    from newsclean.write.parquet import ParquetSink
    from newsclean.write.sink import FileSink, Sink

    ref = InputRef(None, "bench", "bench")
    render = Renderer(fmt)
    started = time.perf_counter()
    sink: Sink = ParquetSink(str(path)) if fmt == "parquet" else FileSink(str(path), fmt)
    for i, article in enumerate(articles):
        sink.add(ref, i, True, render(article))  # type: ignore[arg-type]
    sink.close()
    return time.perf_counter() - started


def export(source: Path, fmt: str, path: Path) -> float:
    command = [sys.executable, "-m", "newsclean", "export", "-q", "-j", "1"]
    started = time.perf_counter()
    subprocess.run([*command, "--to", fmt, "-o", str(path), str(source)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    articles = build_articles(args.corpus, args.count)
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        root = Path(tmp)
        source = root / "articles.jsonl"
        write(articles, "jsonl", source)
        times: dict[str, dict[str, list[float]]] = {f: {"write": [], "export": []} for f in FORMATS}
        for round_ in range(args.rounds):
            order = FORMATS[round_ % 3 :] + FORMATS[: round_ % 3]  # rotate who goes first
            for fmt in order:
                times[fmt]["write"].append(write(articles, fmt, root / f"w.{fmt}"))
            for fmt in order:
                times[fmt]["export"].append(export(source, fmt, root / f"e.{fmt}"))
        jsonl_size = (root / "w.jsonl").stat().st_size
        gz_size = len(gzip.compress((root / "w.jsonl").read_bytes(), 6))
        print(f"{args.count:,} articles, {args.rounds} round(s), median seconds")
        print(f"{'format':<10}{'bytes':>14}{'vs jsonl':>10}{'write s':>10}{'export s':>10}")
        results = {}
        for fmt in FORMATS:
            size = (root / f"w.{fmt}").stat().st_size
            w = statistics.median(times[fmt]["write"])
            e = statistics.median(times[fmt]["export"])
            results[fmt] = {"bytes": size, "write_s": round(w, 3), "export_s": round(e, 3)}
            print(f"{fmt:<10}{size:>14,}{size / jsonl_size:>10.2f}{w:>10.2f}{e:>10.2f}")
        print(f"{'jsonl.gz':<10}{gz_size:>14,}{gz_size / jsonl_size:>10.2f}")
        print(json.dumps({"count": args.count, "jsonl_gz_bytes": gz_size, **results}))


if __name__ == "__main__":
    main()
