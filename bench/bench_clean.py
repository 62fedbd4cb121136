"""Archive-scale benchmark: `newsclean clean` files-in/files-out against a bare copy.

The bare copy reads each file and writes it atomically into a mirrored tree with the same
number of processes: the practical I/O limit for this job on this machine. Both run in the
same invocation on the same tree, so the ratio is meaningful whatever the machine.

    python bench/bench_clean.py --count 10000            # generates the tree if needed
    python bench/bench_clean.py --count 100000 --jobs 2
    python bench/bench_clean.py --count 10000 --stages 2000   # + per-stage CPU profile
    python bench/bench_clean.py --count 100000 --skip-jobs1 -- --no-strip --no-dedup

The machine may be shared: the load average is printed before and after, every
measurement is repeated ``--repeat`` times interleaved (copy, clean -j N, clean -j 1) and
the best rate of each is used (the least disturbed run). Before each measurement the
earlier outputs are deleted and the kernel's writeback is waited for, so that no
measurement pays for the one before it. CPU seconds per file (user+sys
of the process tree) are printed too: they are what the code costs, whatever the load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import Pool
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent


def _copy_one(args: tuple[str, str, str]) -> None:
    src, src_root, dst_root = args
    rel = os.path.relpath(src, src_root)
    dst = os.path.join(dst_root, rel)
    with open(src, "rb") as f:
        data = f.read()
    tmp = dst + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
    os.replace(tmp, dst)


def bare_copy(src: Path, dst: Path, jobs: int) -> float:
    """Files/s of the bare atomic copy (walk included, as newsclean must walk too)."""
    t0 = time.perf_counter()
    files = [os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs]
    work = [(f, str(src), str(dst)) for f in files]
    with Pool(jobs) as pool:
        for _ in pool.imap_unordered(_copy_one, work, chunksize=64):
            pass
    return len(files) / (time.perf_counter() - t0)


class PeakRSS:
    """Samples the RSS of a process and all its children (workers included)."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs)
                self.peak = max(self.peak, rss)
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def settle(*trees: Path) -> float:
    """Delete earlier outputs and wait until the kernel has written everything back.

    Without this, the deletion of the previous run's 100,000 files (and its discards) is
    still being flushed while the next measurement runs, and whichever runs next pays
    for it: the copy measured 2,000 files/s that way here, and 10,000 once settled.
    Returns the seconds spent settling (not part of any measurement).
    """
    t0 = time.perf_counter()
    for tree in trees:
        shutil.rmtree(tree, ignore_errors=True)
    os.sync()
    time.sleep(SETTLE_SECONDS)
    os.sync()
    return time.perf_counter() - t0


#: Pause after the sync, for writeback the sync does not wait for (e.g. discards).
SETTLE_SECONDS = 3.0


def run_newsclean(
    src: Path, dst: Path, jobs: int, extra: list[str]
) -> tuple[float, int, int, float]:
    """files/s, peak RSS (bytes, whole process tree), exit code, CPU seconds per file."""
    n = sum(len(fs) for _, _, fs in os.walk(src))
    cmd = ["newsclean", "clean", "--to", "md", "-q", "--jobs", str(jobs), "-o", str(dst)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, *extra, str(src)])
    peak = PeakRSS(proc.pid)
    rc = proc.wait()
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return n / elapsed, peak.stop(), rc, cpu / n


def stage_profile(tree: Path, count: int) -> None:
    """CPU ms per file of each stage, in this process (no workers): where the time goes."""
    from newsclean.read import ReadOptions, open_parts, to_article
    from newsclean.read.decode import open_binary
    from newsclean.read.walk import InputRef, expand
    from newsclean.steps.dedup import DedupOptions, dedup
    from newsclean.steps.normalize import NormalizeOptions, normalize
    from newsclean.steps.strip import StripOptions, strip
    from newsclean.write import Renderer, WriteOptions
    from newsclean.write.sink import DirSink

    t = time.process_time()
    refs = [r for r in expand((str(tree),), exclude=None) if isinstance(r, InputRef)][:count]
    walk = time.process_time() - t
    options = ReadOptions()
    render = Renderer("md", WriteOptions())
    so, do, no = StripOptions(), DedupOptions(), NormalizeOptions()
    totals = dict.fromkeys(("read", "strip", "dedup", "normalize", "render", "write"), 0.0)
    with tempfile.TemporaryDirectory() as out:
        for warm in (True, False):  # the first pass compiles rules and fills caches
            sink = DirSink(os.path.join(out, str(warm)), "md")
            for ref in refs[:200] if warm else refs:
                assert ref.path is not None
                clock = time.process_time
                t0 = clock()
                with open_binary(ref.path) as stream:
                    opened = open_parts(stream, name=ref.path, source=ref.display, options=options)
                    articles = [to_article(p, options) for p in opened.parts]  # type: ignore[arg-type]
                t1 = clock()
                stamps = [t0, t1]
                for a in articles:
                    a = strip(a, so)
                    stamps.append(clock())
                    a = dedup(a, do)
                    stamps.append(clock())
                    a = normalize(a, no)
                    stamps.append(clock())
                    text = render(a)
                    stamps.append(clock())
                    sink.add(ref, None, False, text)
                    stamps.append(clock())
                if warm:
                    continue
                totals["read"] += t1 - t0
                for i, name in enumerate(("strip", "dedup", "normalize", "render", "write")):
                    totals[name] += stamps[2 + i] - stamps[1 + i]
    n = len(refs)
    total = sum(totals.values())
    print(f"per-stage CPU, one process, {n} files (ms per file):")
    print(f"  walk       {walk / n * 1000:6.3f}")
    for name, value in totals.items():
        print(f"  {name:<10} {value / n * 1000:6.3f}  ({value / total:5.1%})")
    print(f"  total      {total / n * 1000:6.3f}  -> at most {n / total:,.0f} files/s per process")


def _busy(article: object, ms: float) -> object:
    end = time.process_time() + ms / 1000
    while time.process_time() < end:
        pass
    return article


def engine_check(tree: Path, jobs: int, count: int) -> None:
    """The engine alone: a whole library run (``newsclean.engine.run``) of ``count`` files
    through a fixed 4 ms CPU stage per file, written as txt, --jobs N vs 1.

    Separates what the engine scales from what the steps cost and the machine allows.
    """
    from itertools import islice

    from newsclean.engine import Plan, Step, io_config, run
    from newsclean.read.walk import InputRef, expand

    refs = islice((r for r in expand((str(tree),)) if isinstance(r, InputRef)), count)
    walls: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        listing = os.path.join(scratch, "inputs.txt")
        with open(listing, "w", encoding="utf-8") as f:
            f.writelines(f"{r.path}\n" for r in refs)
        for n, j in enumerate((jobs, 1, jobs, 1)):
            io = io_config(
                files_from=listing, output=os.path.join(scratch, f"out{n}/"), to="txt", jobs=j
            )
            t0 = time.perf_counter()
            summary = run(Plan(io, Step(_busy, 4.0)))
            wall = time.perf_counter() - t0
            assert summary.exit_code == 0, summary
            walls[j] = min(walls.get(j, wall), wall)
    print(
        f"engine check ({count} files, 4 ms CPU each): --jobs {jobs} {count / walls[jobs]:,.0f}"
        f" files/s, --jobs 1 {count / walls[1]:,.0f} files/s, ratio {walls[1] / walls[jobs]:.2f}x"
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tree", type=Path, help="existing input tree (default: generated)")
    ap.add_argument("--skip-jobs1", action="store_true", help="do not measure --jobs 1")
    ap.add_argument("--repeat", type=int, default=1, help="interleaved repetitions")
    ap.add_argument(
        "--stages",
        type=int,
        default=0,
        metavar="N",
        help="also profile each stage in-process on N files",
    )
    ap.add_argument(
        "--engine-check",
        type=int,
        default=0,
        metavar="N",
        help="also time the engine alone (fixed-cost stage) on N files",
    )
    ap.add_argument("extra", nargs="*", help="extra arguments for newsclean clean (after --)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    try:
        tree = args.tree or BENCH / "data" / f"articles-{args.count}"
        if not tree.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "gen_articles.py"),
                    str(tree),
                    "--count",
                    str(args.count),
                ],
                check=True,
            )
        files = sum(len(fs) for _, _, fs in os.walk(tree))
        mb = sum(f.stat().st_size for f in tree.rglob("*") if f.is_file()) / 1e6
        print(f"input: {tree} ({files} files, {mb:.0f} MB); load average {_load()}")
        if args.stages:
            stage_profile(tree, args.stages)
        if args.engine_check:
            engine_check(tree, args.jobs, args.engine_check)

        copies: list[float] = []
        rates: dict[int, list[float]] = {}
        peaks: dict[int, int] = {}
        cpus: dict[int, float] = {}
        job_set = sorted({1, args.jobs} if not args.skip_jobs1 else {args.jobs}, reverse=True)
        outputs = [work / "copy", *(work / f"out-{jobs}" for jobs in job_set)]
        for _ in range(args.repeat):
            settle(*outputs)
            copies.append(bare_copy(tree, work / "copy", args.jobs))
            print(f"  bare atomic copy, {args.jobs} processes: {copies[-1]:,.0f} files/s")
            for jobs in job_set:
                settle(*outputs)
                rate, peak, rc, cpu = run_newsclean(tree, work / f"out-{jobs}", jobs, args.extra)
                rates.setdefault(jobs, []).append(rate)
                peaks[jobs] = max(peaks.get(jobs, 0), peak)
                cpus[jobs] = min(cpus.get(jobs, cpu), cpu)
                print(
                    f"  newsclean clean --jobs {jobs}: {rate:,.0f} files/s, "
                    f"{cpu * 1000:.2f} ms CPU/file, peak RSS {peak / 1e6:.0f} MB"
                    f"{'' if rc == 0 else f', exit {rc}'}"
                )
        copy_rate = max(copies)
        print(f"best of {args.repeat}; load average now {_load()}")
        print(f"bare atomic copy, {args.jobs} processes: {copy_rate:,.0f} files/s")
        for jobs in job_set:
            rate = max(rates[jobs])
            print(
                f"newsclean clean --jobs {jobs}: {rate:,.0f} files/s, "
                f"ratio to bare copy {rate / copy_rate:.3f}x, "
                f"{cpus[jobs] * 1000:.2f} ms CPU/file, peak RSS {peaks[jobs] / 1e6:.0f} MB"
            )
        if 1 in rates and args.jobs in rates and args.jobs != 1:
            print(f"--jobs {args.jobs} / --jobs 1: {max(rates[args.jobs]) / max(rates[1]):.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
