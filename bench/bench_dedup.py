"""Cross-collection dedup: newsclean against datasketch MinHashLSH, same collection, same run.

    python bench/bench_dedup.py                      # generate from saudinewsnet, compare
    python bench/bench_dedup.py --per-kind 150 --seed 1
    python bench/bench_dedup.py --scale 100000       # memory/speed on 100k distinct records

Speeds are per CPU second of this process (``time.process_time``): best of ``--repeat``
alternating whole runs, and ``--paired`` runs in which the two tools alternate every
``--chunk`` records, so both meet the same state of a shared machine (the paired median is
the ratio to quote; whole runs on a busy VM swing by a third).

Prints recall per variant kind, wrong drops (a corpus article or a generic-headline story
dropped although it duplicates nothing earlier), docs/s for both and the ratio, and peak
memory. Corpus articles that already duplicate an earlier one (the generator's ``genuine``
label: exact containment >= 0.7 of word 3-grams) are counted apart, not as wrong drops.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_duplicates as gen
from newsclean.article import Article, Block
from newsclean.collection.duplicates import (
    Deduplicator,
    DuplicateIndex,
    DuplicateOptions,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/saudinewsnet/2015-07-22.json"


def to_article(i: int, r: dict[str, Any]) -> Article:
    blocks = tuple(Block("paragraph", p) for p in r["content"].split("\n") if p.strip())
    return Article(title=r["title"], blocks=blocks, meta={"source": "bench", "record": i})


def run_newsclean(arts: list[Article]) -> tuple[dict[int, int], float]:
    """record index -> index of the record it was found to duplicate; seconds."""
    dd = Deduplicator(DuplicateOptions())
    t0 = time.process_time()
    for _ in dd.run(arts):
        pass
    dt = time.process_time() - t0
    dups = {}
    for _cluster, _kept, ref, matched, _why, _sim in dd.report.rows:
        dups[int(ref.rsplit("#", 1)[1])] = int(matched.rsplit("#", 1)[1])
    return dups, dt


def run_datasketch(texts: list[str]) -> tuple[dict[int, list[int]], float]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    dups: dict[int, list[int]] = {}
    t0 = time.process_time()
    for i, text in enumerate(texts):
        w = text.lower().split()
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(s).encode("utf-8") for s in zip(w, w[1:], w[2:], strict=False)])
        found = lsh.query(m)
        if found:
            dups[i] = sorted(found)
        lsh.insert(i, m)
    return dups, time.process_time() - t0


def paired_speed(arts: list[Article], texts: list[str], chunk: int) -> tuple[float, float]:
    """CPU seconds of each tool over the whole collection, measured chunk by chunk in
    alternation (newsclean on records i..i+chunk, then datasketch on the same records): on a
    shared machine both then run in the same few hundred milliseconds, so a slow spell of
    the machine slows both alike instead of skewing the ratio. Each keeps its index across
    chunks, as in a whole run (the decisions are the same)."""
    from datasketch import MinHash, MinHashLSH

    dd = Deduplicator(DuplicateOptions())
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    ours = theirs = 0.0
    for start in range(0, len(arts), chunk):
        t0 = time.process_time()
        for _ in dd.run(arts[start : start + chunk]):
            pass
        t1 = time.process_time()
        for i in range(start, min(start + chunk, len(texts))):
            w = texts[i].lower().split()
            m = MinHash(num_perm=128)
            m.update_batch(
                [" ".join(s).encode("utf-8") for s in zip(w, w[1:], w[2:], strict=False)]
            )
            lsh.query(m)
            lsh.insert(i, m)
        t2 = time.process_time()
        ours += t1 - t0
        theirs += t2 - t1
    return ours, theirs


def overlap(a: str, b: str) -> float:
    """Exact containment of the smaller body's word 3-gram set in the other's."""
    sa, sb = gen._shingles(a), gen._shingles(b)
    small = min(len(sa), len(sb))
    return len(sa & sb) / small if small else 0.0


def score(recs: list[dict[str, Any]], dups: dict[int, Any]) -> dict[str, Any]:
    """Recall per kind; wrong drops (corpus article dropped as a copy of a record sharing
    under half of its text) and borderline ones (sharing 50-70%: one wire story rewritten
    by two papers) are told apart by exact overlap with the record it was matched with."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    borderline = []
    genuine_found = genuine_total = 0
    for i, r in enumerate(recs):
        kind = r["kind"]
        if kind in ("original", "generic"):
            if r.get("genuine"):
                genuine_total += 1
                genuine_found += i in dups
            elif i in dups:
                # datasketch returns every candidate: judge it by the best one.
                share, j = max(
                    (overlap(r["content"], recs[j]["content"]), j)
                    for j in (dups[i] if isinstance(dups[i], list) else [dups[i]])
                )
                m = recs[j]
                (wrong if share < 0.5 else borderline).append((r["id"], m["id"], round(share, 2)))
        else:
            total[kind] += 1
            found[kind] += i in dups
    recall = {k: found[k] / total[k] for k in gen.KINDS if total[k]}
    return {
        "recall": recall,
        "wrong": wrong,
        "borderline": borderline,
        "genuine": (genuine_found, genuine_total),
    }


def rss_mb() -> float:
    """Current resident memory (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compare(args: argparse.Namespace) -> int:
    corpus = gen.load(args.corpus)
    recs = gen.generate(corpus, args.per_kind, args.seed)
    arts = [to_article(i, r) for i, r in enumerate(recs)]
    texts = [a.text for a in arts]
    print(f"{len(recs)} records ({args.per_kind} per variant kind) from {args.corpus.name}")
    # The machine is shared: alternate the two and keep each one's best time.
    t_ours = t_theirs = float("inf")
    for _ in range(args.repeat):
        ours, t = run_newsclean(arts)
        t_ours = min(t_ours, t)
        theirs, t = run_datasketch(texts)
        t_theirs = min(t_theirs, t)
    s_ours, s_theirs = score(recs, ours), score(recs, theirs)
    print(f"\n{'kind':<12} {'newsclean':>10} {'datasketch':>11}")
    for kind in s_ours["recall"]:
        print(f"{kind:<12} {s_ours['recall'][kind]:>10.1%} {s_theirs['recall'][kind]:>11.1%}")
    print(
        f"{'worst kind':<12} {min(s_ours['recall'].values()):>10.1%} "
        f"{min(s_theirs['recall'].values()):>11.1%}"
    )
    print(
        f"{'wrong drops':<12} {len(s_ours['wrong']):>10} {len(s_theirs['wrong']):>11}"
        "  (corpus article dropped though it shares < 50% with its match)"
    )
    print(
        f"{'borderline':<12} {len(s_ours['borderline']):>10} {len(s_theirs['borderline']):>11}"
        "  (shares 50-70%: one wire story rewritten by two papers)"
    )
    g1, gt = s_ours["genuine"]
    g2, _ = s_theirs["genuine"]
    print(
        f"{'corpus dups':<12} {g1:>7}/{gt} {g2:>8}/{gt}  (corpus articles that repeat an "
        "earlier one, exact containment >= 0.7; not scored)"
    )
    n = len(recs)
    print(
        f"\ndocs/s   newsclean {n / t_ours:,.0f}   datasketch {n / t_theirs:,.0f}   "
        f"ratio {t_theirs / t_ours:.1f}x  (whole runs, best of {args.repeat})"
    )
    ratios = []
    for _ in range(args.paired):
        ours_s, theirs_s = paired_speed(arts, texts, args.chunk)
        ratios.append(theirs_s / ours_s)
        print(
            f"paired   newsclean {n / ours_s:,.0f}   datasketch {n / theirs_s:,.0f}   "
            f"ratio {ratios[-1]:.1f}x  (alternating chunks of {args.chunk} records)"
        )
    if ratios:
        print(
            f"paired ratio: median {statistics.median(ratios):.2f}x, "
            f"range {min(ratios):.2f}-{max(ratios):.2f}x over {len(ratios)} runs"
        )
    print(f"peak RSS {peak_mb():.0f} MB (whole bench process)")
    if s_ours["wrong"] or s_ours["borderline"]:
        print("newsclean wrong/borderline drops:", s_ours["wrong"][:20], s_ours["borderline"][:20])
    return 0


def scale(args: argparse.Namespace) -> int:
    corpus = gen.load(args.corpus)

    def stream() -> Iterator[Article]:
        for i, r in enumerate(gen.filler(corpus, args.scale, args.seed)):
            yield to_article(i, r)

    gc.collect()
    base = peak_mb()
    index = DuplicateIndex()
    dd = Deduplicator(DuplicateOptions(), index)
    t0 = time.process_time()
    kept = 0
    step = max(1, args.scale // 10)
    for kept, _ in enumerate(dd.run(stream()), 1):
        if kept % step == 0:
            n = dd.report.records
            print(
                f"  {n:>9,} records  {n / (time.process_time() - t0):,.0f} docs/s  "
                f"RSS {rss_mb():.0f} MB  index ~{index.nbytes() / 2**20:.0f} MB",
                flush=True,
            )
    dt = time.process_time() - t0
    print(
        f"{args.scale:,} distinct synthetic records: {kept:,} kept, "
        f"{dd.report.duplicates:,} flagged (random sentence mixes can share most sentences)"
    )
    print(f"{args.scale / dt:,.0f} docs/s per CPU second (generation included)")
    print(
        f"peak RSS {peak_mb():.0f} MB, before the run {base:.0f} MB; "
        f"index columns+tables ~{index.nbytes() / 2**20:.0f} MB "
        f"({index.nbytes() / max(1, len(index)):.0f} B/record)"
    )
    if args.save:
        t0 = time.process_time()
        index.save(args.save)
        print(
            f"index saved to {args.save}: {Path(args.save).stat().st_size / 2**20:.0f} MB "
            f"in {time.process_time() - t0:.1f}s"
        )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--per-kind", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=0, help="memory/speed run on N filler records")
    ap.add_argument("--save", help="with --scale: also save the index here")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each (best time kept)")
    ap.add_argument(
        "--paired", type=int, default=3, help="paired speed runs (alternating chunks; 0: none)"
    )
    ap.add_argument("--chunk", type=int, default=200, help="records per chunk in paired runs")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    return scale(args) if args.scale else compare(args)


if __name__ == "__main__":
    sys.exit(main())
