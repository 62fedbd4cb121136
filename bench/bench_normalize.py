"""Benchmark newsclean normalize against ftfy.fix_text on real Arabic news text.

    python bench/bench_normalize.py [--articles 400] [--rounds 5]

Prints, from one run on the same text:
- throughput (MB of UTF-8 per second, best of --rounds, CPU time) of the full default
  normalization vs ``ftfy.fix_text`` with its defaults, and the ratio;
- mojibake repair exactness per kind, on damaged copies of real articles (whole text and a
  damaged segment inside good text), next to what ftfy makes of the same samples;
- changes made by the mojibake repair to the clean corpus (must be zero).

Needs ../shared/corpus/saudinewsnet (research use only; never copied into the package).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import ftfy

from newsclean.steps.normalize import NormalizeOptions, normalize_text
from newsclean.text.mojibake import fix_mojibake, fix_mojibake_counted

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/saudinewsnet/2015-07-22.json"


def best_rates(fns: list[Callable[[str], object]], texts: list[str], rounds: int) -> list[float]:
    """MB/s of each function, best of ``rounds``; rounds interleave the functions so that
    load from other processes on the machine hits both sides alike."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            start = time.process_time()
            for t in texts:
                fn(t)
            best[k] = min(best[k], time.process_time() - start)
    return [size / b / 1e6 for b in best]


def peak_memory(fn: Callable[[str], object], texts: list[str]) -> int:
    """Peak bytes allocated while processing the texts one by one (results not kept)."""
    tracemalloc.start()
    for t in texts:
        fn(t)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def damage(text: str, kind: str) -> str | None:
    """The damaged form of ``text`` for one kind (None when the code page cannot hold it)."""
    try:
        if kind == "utf8_as_cp1256":
            return text.encode("utf-8").decode("cp1256")
        if kind == "utf8_as_cp1256+ftfy_uncurl":
            return str(ftfy.fixes.uncurl_quotes(text.encode("utf-8").decode("cp1256")))
        if kind == "utf8_as_cp1252":
            # "Sloppy" windows-1252, as browsers decode: undefined bytes pass through.
            return "".join(_SLOPPY_1252[b] for b in text.encode("utf-8"))
        if kind == "utf8_as_latin1":
            return text.encode("utf-8").decode("latin-1")
        if kind == "cp1256_as_latin1":
            return text.encode("cp1256").decode("latin-1")
        if kind == "cp1256_as_cp1252":
            return text.encode("cp1256").decode("cp1252")
    except UnicodeError:
        return None
    raise ValueError(kind)


def _sloppy(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_SLOPPY_1252 = [_sloppy(b) for b in range(256)]

KINDS = (
    "utf8_as_cp1256",
    "utf8_as_cp1256+ftfy_uncurl",
    "utf8_as_cp1252",
    "utf8_as_latin1",
    "cp1256_as_latin1",
    "cp1256_as_cp1252",
)


def exactness(texts: list[str]) -> None:
    print("\nmojibake repair exactness (samples repaired exactly / samples)")
    print(f"{'kind':30} {'whole newsclean':>16} {'whole ftfy':>11} {'segment newsclean':>18}")
    for kind in KINDS:
        whole = seg = whole_ftfy = n_whole = n_seg = 0
        for t in texts:
            sample = t[:800]
            bad = damage(sample, kind)
            if bad is not None:
                n_whole += 1
                whole += fix_mojibake(bad) == sample
                whole_ftfy += ftfy.fix_encoding(bad) == sample
            # A damaged segment (a middle sentence) inside otherwise good text.
            parts = sample.split(". ")
            if len(parts) >= 3:
                mid = damage(parts[1], kind)
                if mid is not None and mid != parts[1]:
                    n_seg += 1
                    damaged = ". ".join([parts[0], mid, *parts[2:]])
                    seg += fix_mojibake(damaged) == sample
        print(f"{kind:30} {whole:>7}/{n_whole:<8} {whole_ftfy:>5}/{n_whole:<5} {seg:>8}/{n_seg:<9}")


def clean_changes(articles: list[dict[str, str]]) -> int:
    changed = 0
    for a in articles:
        for key in ("title", "content"):
            text = a.get(key) or ""
            if fix_mojibake_counted(text)[0] != text:
                changed += 1
    return changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    articles = json.loads(CORPUS.read_text(encoding="utf-8"))
    texts = [a["content"] for a in articles[: args.articles] if a.get("content")]
    size = sum(len(t.encode("utf-8")) for t in texts)
    options = NormalizeOptions()
    normalize_text("warm up «»", options, "ar")
    ftfy.fix_text("warm up")
    ours, theirs = best_rates(
        [lambda t: normalize_text(t, options, "ar"), ftfy.fix_text], texts, args.rounds
    )
    print(f"text: {len(texts)} saudinewsnet articles, {size / 1e6:.2f} MB UTF-8")
    print(f"newsclean normalize (defaults): {ours:7.2f} MB/s")
    print(f"ftfy.fix_text (defaults):       {theirs:7.2f} MB/s")
    print(f"ratio: {ours / theirs:.1f}x")
    peaks = [
        peak_memory(fn, texts) for fn in (lambda t: normalize_text(t, options, "ar"), ftfy.fix_text)
    ]
    print(
        f"peak Python memory while processing (tracemalloc): newsclean {peaks[0] / 1e6:.2f} MB,"
        f" ftfy {peaks[1] / 1e6:.2f} MB (largest article {max(map(len, texts)) / 1e3:.0f}k chars)"
    )
    exactness(texts)
    n = clean_changes(articles)
    total = sum(1 for a in articles for k in ("title", "content") if a.get(k))
    print(f"\nclean corpus: mojibake repair changed {n} of {total} texts", end="")
    print(f" ({len(articles)} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
