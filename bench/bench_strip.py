"""Throughput of the strip step on plain-text/record articles, beside the cost of reading them.

Runs on one day of SaudiNewsNet (2,050 Arabic articles from 10 papers), as the reader gives
them (one block per paragraph) and whitespace-collapsed (one paragraph per article), in one
process, timed in CPU seconds (best of --repeat). Reading the JSON into Articles is the
baseline: strip should cost a fraction of it.
There is no text-only peer (trafilatura and jusText work on HTML), so trafilatura's
``baseline()`` over the same text wrapped in <p> tags is shown for scale only.

    python bench/bench_strip.py                 # needs ../shared/corpus (development data)
    python bench/bench_strip.py --repeat 5
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections import Counter
from pathlib import Path

from newsclean.article import Article, Block
from newsclean.read import read_path
from newsclean.steps.boilerplate.rules import load_ruleset, matcher_for
from newsclean.steps.strip import strip

ROOT = Path(__file__).resolve().parent.parent


def _corpus() -> Path:
    for base in (ROOT, *ROOT.parents):
        path = base / "shared" / "corpus" / "saudinewsnet" / "2015-07-22.json"
        if path.exists():
            return path
    sys.exit("bench_strip: ../shared/corpus/saudinewsnet not found (development data)")


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    # CPU time of this process: on a shared machine wall-clock swings with the neighbours'
    # load, while the ratios below are what the step costs against reading
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = _corpus()

    t = time.perf_counter()
    matcher_for(load_ruleset(), "", "ar")
    startup = time.perf_counter() - t
    read_s = _best(lambda: list(read_path(path)), args.repeat)
    articles = list(read_path(path))
    n = len(articles)
    flat = [a.replace(blocks=(Block("paragraph", " ".join(a.text.split())),)) for a in articles]
    rows = []
    for name, batch in (("paragraphs", articles), ("collapsed", flat)):
        seconds = _best(lambda b=batch: [strip(a) for a in b], args.repeat)
        removed = Counter(r.rule for a in batch for r in strip(a).removed)
        rows.append((name, seconds, removed))

    print(f"articles: {n} ({path.name}); rules compiled in {startup * 1000:.0f} ms")
    print(f"read (json -> Article): {n / read_s:8.0f} articles/s")
    for name, seconds, removed in rows:
        print(
            f"strip ({name:10}):  {n / seconds:8.0f} articles/s"
            f"  = {seconds / read_s:.2f}x the reading time; removed {sum(removed.values())}"
        )
    try:
        from trafilatura import baseline
    except ImportError:
        return
    pages = [
        "<html><body>"
        + "".join(f"<p>{html.escape(b.text)}</p>" for b in a.blocks)
        + "</body></html>"
        for a in articles
    ]
    seconds = _best(lambda: [baseline(p) for p in pages], 1)
    strip_s = rows[0][1]
    print(
        f"trafilatura.baseline (same text as <p>): {n / seconds:8.0f} articles/s"
        f"  -> strip is {seconds / strip_s:.1f}x its speed (scale only: it reads HTML)"
    )


if __name__ == "__main__":
    main()
    _ = Article
