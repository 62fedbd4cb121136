"""Archive-scale benchmark: `newsclean clean` files-in/files-out against a bare copy.

The bare copy reads each file and writes it atomically into a mirrored tree with the same
number of processes: the practical I/O limit for this job on this machine. Both run in the
same invocation on the same tree, so the ratio is meaningful whatever the machine.

    python bench/bench_clean.py --count 10000            # generates the tree if needed
    python bench/bench_clean.py --count 100000 --jobs 2
"""

from __future__ import annotations

import argparse
import os
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


def run_newsclean(src: Path, dst: Path, jobs: int, extra: list[str]) -> tuple[float, int, int]:
    n = sum(len(fs) for _, _, fs in os.walk(src))
    cmd = ["newsclean", "clean", "--to", "md", "-q", "--jobs", str(jobs), "-o", str(dst)]
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, *extra, str(src)])
    peak = PeakRSS(proc.pid)
    rc = proc.wait()
    elapsed = time.perf_counter() - t0
    return n / elapsed, peak.stop(), rc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tree", type=Path, help="existing input tree (default: generated)")
    ap.add_argument("--skip-jobs1", action="store_true", help="do not measure --jobs 1")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    try:
        tree = args.tree or BENCH / "data" / f"articles-{args.count}"
        if not tree.exists():
            subprocess.run(
                [sys.executable, str(BENCH / "gen_articles.py"), str(tree), "--count",
                 str(args.count)],
                check=True,
            )
        mb = sum(f.stat().st_size for f in tree.rglob("*") if f.is_file()) / 1e6
        print(f"input: {tree} ({args.count} files, {mb:.0f} MB)")

        copy_rate = bare_copy(tree, work / "copy", args.jobs)
        print(f"bare atomic copy, {args.jobs} processes: {copy_rate:,.0f} files/s")

        rates: dict[int, float] = {}
        for jobs in sorted({1, args.jobs} if not args.skip_jobs1 else {args.jobs}):
            out = work / f"out-{jobs}"
            rate, peak, rc = run_newsclean(tree, out, jobs, [])
            rates[jobs] = rate
            print(
                f"newsclean clean --jobs {jobs}: {rate:,.0f} files/s, "
                f"ratio to bare copy {rate / copy_rate:.2f}x, peak RSS {peak / 1e6:.0f} MB"
                f"{'' if rc == 0 else f', exit {rc}'}"
            )
        if 1 in rates and args.jobs in rates and args.jobs != 1:
            print(f"--jobs {args.jobs} / --jobs 1: {rates[args.jobs] / rates[1]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
