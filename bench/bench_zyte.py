"""Main-content extraction on the Zyte article-extraction benchmark: newsclean vs trafilatura.

    python bench/bench_zyte.py [--corpus ../shared/corpus/zyte] [--worst 15] [--limit N]

Metric: the benchmark's published one (scrapinghub/article-extraction-benchmark, evaluate.py),
re-implemented here: tokens are ``\\w+`` runs, shingles are word 4-grams counted with
multiplicity, each page's TP/FP/FN is normalised to sum to 1, precision is averaged over pages
with TP+FP > 0 and recall over pages with TP+FN > 0, and F1 is the harmonic mean of those two
averages. newsclean's extraction = ``read_html`` then the non-hinted blocks joined by newlines
(the title is never a body block). Both extractors run on the same pages in the same process;
the timings also show lxml's parse alone, to show where the time goes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from newsclean.read.html import read_html
from newsclean.steps.strip import StripOptions, strip

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    grams = [tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark computes them."""
    p = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * p * r / (p + r), p, r


def page_f1(c: tuple[float, float, float]) -> float:
    p, r = _precision(*c), _recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def newsclean_extract(html: str) -> str:
    article = read_html(html, {"source": "-"})
    return "\n".join(b.text for b in article.blocks if not b.hint)


def newsclean_strip(html: str) -> str:
    """What ``newsclean strip`` gives: the reader, then the strip step's text rules too."""
    article = strip(read_html(html, {"source": "-"}), StripOptions())
    return "\n".join(b.text for b in article.blocks)


def trafilatura_extract(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def lxml_parse_only(html: str) -> str:
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    etree.fromstring(html.encode("utf-8"), parser)
    return ""


def run_interleaved(
    runs: list[tuple[str, Callable[[str], str]]], pages: list[tuple[str, str]]
) -> dict[str, tuple[dict[str, str], float]]:
    """Each page goes through every extractor in turn, so load on a shared machine hits all
    of them alike; each extractor's time is summed over pages."""
    outs: dict[str, dict[str, str]] = {name: {} for name, _ in runs}
    secs = dict.fromkeys(outs, 0.0)
    for key, html in pages:
        for name, fn in runs:
            start = time.perf_counter()
            outs[name][key] = fn(html)
            secs[name] += time.perf_counter() - start
    return {name: (outs[name], secs[name]) for name in outs}


_MEM_PROBE = """
import gzip, resource, sys
html = gzip.open(sys.argv[1], "rt", encoding="utf-8").read()
from newsclean.read.html import read_html
from newsclean.steps.strip import StripOptions, strip
import tracemalloc
read_html("<p>warm up</p>", {})
tracemalloc.start()
read_html(html, {"source": "-"})
py_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(py_peak / 1e6, rss / 1024)
"""


def peak_memory(path: Path) -> tuple[float, float]:
    """(Python-heap peak, whole-process peak RSS) in MB of a fresh process reading one page."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _MEM_PROBE, str(path)], capture_output=True, text=True, check=True
    )
    py, rss = out.stdout.split()
    return float(py), float(rss)


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus" / "zyte")
    ap.add_argument("--worst", type=int, default=15, help="list the N worst pages by F1")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura (quick iteration)")
    ap.add_argument(
        "--strip", action="store_true", help="also score the reader followed by the strip step"
    )
    args = ap.parse_args()
    gold = json.loads((args.corpus / "ground-truth.json").read_text("utf-8"))
    pages: list[tuple[str, str]] = []
    for key in sorted(gold):
        with gzip.open(args.corpus / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            pages.append((key, f.read()))
    if args.limit:
        pages = pages[: args.limit]
    n = len(pages)
    mb = sum(len(h.encode("utf-8")) for _, h in pages) / 1e6
    print(f"{n} pages, {mb:.1f} MB of HTML")

    runs = [("newsclean", newsclean_extract), ("lxml parse only", lxml_parse_only)]
    if args.strip:
        runs.append(("newsclean strip", newsclean_strip))
    if not args.no_peer:
        runs.append(("trafilatura 2", trafilatura_extract))
    if not args.no_peer:
        trafilatura_extract(pages[0][1])  # import and warm up outside the timing
    results = run_interleaved(runs, pages)

    print(f"\n{'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8}")
    scores: dict[str, list[tuple[float, float, float]]] = {}
    for name, (out, secs) in results.items():
        rate = n / secs
        if name == "lxml parse only":
            print(f"{name:<18} {'':>6} {'':>6} {'':>6} {rate:8.1f}")
            continue
        counts = [tp_fp_fn(gold[k]["articleBody"], out[k]) for k, _ in pages]
        scores[name] = counts
        f1, p, r = metrics(counts)
        print(f"{name:<18} {f1:6.3f} {p:6.3f} {r:6.3f} {rate:8.1f}")

    ours = results["newsclean"][1]
    parse = results["lxml parse only"][1]
    print(f"\nparse share of newsclean time: {parse / ours:.0%}")
    if "trafilatura 2" in results:
        theirs = results["trafilatura 2"][1]
        f_ours = metrics(scores["newsclean"])[0]
        f_theirs = metrics(scores["trafilatura 2"])[0]
        print(f"speed ratio newsclean/trafilatura: {theirs / ours:.2f}x")
        print(f"F1 difference newsclean - trafilatura: {f_ours - f_theirs:+.3f}")

    big_key, big = max(pages, key=lambda kv: len(kv[1]))
    py, rss = peak_memory(args.corpus / "html" / f"{big_key}.html.gz")
    print(
        f"largest page {len(big) / 1e6:.1f} MB: newsclean Python-heap peak {py:.1f} MB, "
        f"process peak RSS {rss:.0f} MB"
    )

    if args.worst:
        print(f"\nworst {args.worst} pages for newsclean (F1, precision, recall, url):")
        ranked = sorted(
            zip((k for k, _ in pages), scores["newsclean"], strict=True),
            key=lambda kc: page_f1(kc[1]),
        )
        for key, c in ranked[: args.worst]:
            peer = ""
            if "trafilatura 2" in scores:
                idx = [k for k, _ in pages].index(key)
                peer = f"  (traf {page_f1(scores['trafilatura 2'][idx]):.2f})"
            print(
                f"  {page_f1(c):.2f} p={_precision(*c):.2f} r={_recall(*c):.2f}"
                f"{peer}  {key[:10]} {gold[key].get('url', '')[:80]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
