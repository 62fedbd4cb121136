"""What learning site templates costs, as a share of ``clean``'s time (issue 15: goal <= 10%).

    python bench/gen_sites.py                       # once: writes bench/data/sites/
    python bench/bench_templates.py [--count 10000] [--form line] [--cli] [--tree files]

Builds ``--count`` articles from the development collection (its sites repeated, each copy made
unique so no article is skipped as a duplicate), then, in this one process and alternating
so the machine's load hits both alike: ``clean`` (strip, dedup, normalize) over every article,
and the learned-template stage over clean's outputs (counting and removal, as a run does).
Prints both times and their ratio for each round, and the median ratio. ``--cli`` also writes
the articles to one JSON Lines file and times ``newsclean clean --to jsonl`` over it, end to
end with ``--jobs 2``, with learning on and off, alternating (CPU time of the run and its
workers, and the wall clock: the learning runs in the main process while the workers clean).
``--tree files`` (one JSON file a record, in one directory per site) or ``--tree jsonl`` (one
file) times ``newsclean clean -j 2 -o DIR`` over them, learning (the default: a first pass,
then the templates removed in the workers) and ``--no-learn``, alternating.

Instruction counts (steady on a loaded machine): ``--cleaned FILE`` keeps clean's outputs
(pickled; written once), and ``--only stage`` / ``--only load`` runs just the stage over them /
just the loading, so that the stage's count is the difference::

    python bench/bench_templates.py --cleaned /tmp/c.pkl --only load     # once: writes it
    for m in load stage; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python bench/bench_templates.py --cleaned /tmp/c.pkl --only $m; done
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import read
from newsclean.article import Article, Block
from newsclean.collection.templates import SiteTemplates
from newsclean.pipeline import clean

REPO = Path(__file__).resolve().parent.parent


def articles(data: Path, form: str, count: int) -> list[Article]:
    base = [a for f in sorted((data / form).glob("*.jsonl")) for a in read(f)]
    if not base:
        sys.exit(f"no development collection in {data / form}: run python bench/gen_sites.py")
    out = []
    for k in range(count):
        a = base[k % len(base)]
        copy = k // len(base)
        if copy:
            first = a.blocks[0]
            # a number in front: the body differs (not a duplicate) but no template word does
            blocks = (Block(first.type, f"{copy} {first.text}", first.level), *a.blocks[1:])
            a = a.replace(blocks=blocks, meta={**a.meta, "record": k})
        out.append(a)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "bench" / "data" / "sites"))
    parser.add_argument("--form", choices=("line", "collapsed"), default="line")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cli", action="store_true", help="also time the CLI end to end")
    parser.add_argument("--tree", choices=("files", "jsonl"), help="time clean -o DIR instead")
    parser.add_argument("--cleaned", help="pickle of clean's outputs (written if missing)")
    parser.add_argument("--only", choices=("load", "stage"), help="with --cleaned: no timing")
    args = parser.parse_args()
    if args.only:
        if not args.cleaned:
            parser.error("--only needs --cleaned FILE")
        cleaned = cleaned_articles(Path(args.cleaned), Path(args.data), args.form, args.count)
        if args.only == "stage":
            list(SiteTemplates()(cleaned))
        return
    arts = articles(Path(args.data), args.form, args.count)
    if args.tree:
        tree_rounds(arts, Path(args.data), args.rounds, args.tree)
        return
    if args.cli:
        cli_rounds(arts, Path(args.data), args.rounds)
    ratios = []
    # CPU time of this process, not the wall clock: on a shared machine the wall clock also
    # counts the time other jobs had the CPU
    clock = time.process_time
    for r in range(args.rounds):
        start = clock()
        cleaned = [clean(a) for a in arts]
        t_clean = clock() - start
        start = clock()
        out = list(SiteTemplates()(cleaned))
        t_learn = clock() - start
        learned = sum(1 for a in out if any(x.rule.startswith("learned.") for x in a.removed))
        ratios.append(t_learn / t_clean)
        print(
            f"round {r + 1}: {len(arts)} articles ({args.form}); clean {t_clean:.1f} s CPU, "
            f"templates {t_learn:.2f} s = {100 * t_learn / t_clean:.1f}% of clean; "
            f"{learned} articles lost a learned template"
        )
    print(f"median: templates cost {100 * statistics.median(ratios):.1f}% of clean's time")


def cleaned_articles(cache: Path, data: Path, form: str, count: int) -> list[Article]:
    """Clean's outputs for ``articles(data, form, count)``, kept in ``cache`` (a pickle this
    script wrote: read only files you made)."""
    if cache.exists():
        loaded: list[Article] = pickle.loads(cache.read_bytes())
        return loaded
    cleaned = [clean(a) for a in articles(data, form, count)]
    cache.write_bytes(pickle.dumps(cleaned, protocol=pickle.HIGHEST_PROTOCOL))
    return cleaned


def _record(a: Article) -> dict[str, object]:
    rec: dict[str, object] = {"url": a.meta.get("url"), "site": a.meta.get("site")}
    rec["title"] = a.title
    rec = {k: v for k, v in rec.items() if v}
    rec["keywords"] = list(a.meta.get("tags") or [])
    rec["full_text"] = "\n".join(b.text for b in a.blocks)
    return rec


def tree_rounds(arts: list[Article], data: Path, rounds: int, layout: str) -> None:
    """``clean -j 2 -o DIR``, learning (default) and ``--no-learn``, alternating."""
    import shutil

    src = data / f"tree-{layout}-{len(arts)}"
    if not src.exists():
        src.mkdir()
        if layout == "jsonl":
            with (src / "all.jsonl").open("w", encoding="utf-8") as fh:
                for a in arts:
                    fh.write(json.dumps(_record(a), ensure_ascii=False) + "\n")
        else:
            for k, a in enumerate(arts):
                site = str(a.meta.get("site") or a.meta.get("url", "x/x/none").split("/")[2])
                (src / site).mkdir(exist_ok=True)
                path = src / site / f"{k:06d}.json"
                path.write_text(json.dumps(_record(a), ensure_ascii=False), "utf-8")
    ratios = []
    for r in range(rounds):
        wall, cpu = {}, {}
        for flag in ("--no-learn", "--learn"):
            out = data / f"tree-out{flag}"
            shutil.rmtree(out, ignore_errors=True)
            wall[flag], cpu[flag] = _timed_clean(flag, out, src)
        ratios.append(cpu["--learn"] / cpu["--no-learn"] - 1)
        print(
            f"tree ({layout}) round {r + 1}: clean -o DIR --no-learn {wall['--no-learn']:.1f} s "
            f"({cpu['--no-learn']:.1f} s CPU), learning {wall['--learn']:.1f} s "
            f"({cpu['--learn']:.1f} s CPU): learning adds {100 * ratios[-1]:.1f}% CPU"
        )
    print(f"tree median: learning adds {100 * statistics.median(ratios):.1f}% to clean's CPU")


def _timed_clean(flag: str, out: Path, src: Path) -> tuple[float, float]:
    """``newsclean clean -j 2 FLAG --to jsonl -o OUT SRC`` as a process: wall seconds, and the
    CPU seconds of the run and its workers (children of children count once waited for)."""
    cmd = [sys.executable, "-m", "newsclean", "clean", "-q", "-j", "2", flag, "--to", "jsonl"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*cmd, "-o", str(out), str(src)], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def cli_rounds(arts: list[Article], data: Path, rounds: int) -> None:
    src = data / f"bench-{len(arts)}.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in arts:
            rec = {"url": a.meta.get("url"), "site": a.meta.get("site"), "title": a.title}
            rec = {k: v for k, v in rec.items() if v}
            rec["keywords"] = list(a.meta.get("tags") or [])
            rec["full_text"] = "\n".join(b.text for b in a.blocks)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    ratios = []
    for r in range(rounds):
        wall, cpu = {}, {}
        for flag in ("--no-learn", "--learn"):
            wall[flag], cpu[flag] = _timed_clean(flag, data / f"bench-out{flag}.jsonl", src)
        ratios.append(cpu["--learn"] / cpu["--no-learn"] - 1)
        print(
            f"cli round {r + 1}: clean --no-learn {wall['--no-learn']:.1f} s "
            f"({cpu['--no-learn']:.1f} s CPU), --learn {wall['--learn']:.1f} s "
            f"({cpu['--learn']:.1f} s CPU): learning adds {100 * ratios[-1]:.1f}% CPU"
        )
    print(f"cli median: learning adds {100 * statistics.median(ratios):.1f}% to clean's CPU time")


if __name__ == "__main__":
    main()
