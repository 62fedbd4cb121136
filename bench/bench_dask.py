"""Dask engine overhead: `newsclean clean` on a 2-worker LocalCluster vs `--jobs 2` locally.

The same generated tree (``bench/gen_articles.py``) is cleaned to Markdown by the local engine
(a ``newsclean clean --jobs N`` subprocess) and by ``run_clean_on_dask`` on an N-worker
process LocalCluster started in this process. Prints both rates, the overhead ratio (dask time
/ local time; the goal is <= 1.3), the cluster start-up time separately, and checks that the
two output trees are byte-identical. ``--across`` does the same with cross-collection dedup.

    python bench/bench_dask.py --count 20000            # generates the tree if needed
    python bench/bench_dask.py --count 2000 --across
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_clean import PeakRSS  # same process-tree sampler as the clean benchmark

BENCH = Path(__file__).resolve().parent


def tree_digest(root: Path) -> tuple[int, str]:
    """(file count, one hash over every relative name and its bytes)."""
    h = hashlib.blake2b(digest_size=16)
    n = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        n += 1
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return n, h.hexdigest()


def run_local(tree: Path, out: Path, jobs: int, across: bool) -> float:
    """Time a ``newsclean clean`` subprocess; print its peak memory."""
    cmd = ["newsclean", "clean", "--to", "md", "-q", "--jobs", str(jobs), "-o", f"{out}/"]
    if across:
        cmd.append("--across")
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(tree)])
    peak = PeakRSS(proc.pid)
    rc = proc.wait()
    elapsed = time.perf_counter() - t0
    if rc not in (0, 1):
        sys.exit(f"local run failed with exit code {rc}")
    print(f"local peak RSS (all processes): {peak.stop() / 1e6:.0f} MB")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20_000)
    ap.add_argument("--jobs", type=int, default=2, help="local processes = dask workers")
    ap.add_argument("--tree", type=Path, help="existing input tree (default: generated)")
    ap.add_argument("--across", action="store_true", help="with cross-collection dedup")
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from newsclean.collection.duplicates import DuplicateOptions
    from newsclean.engine.dask import run_clean_on_dask

    tree = args.tree or BENCH / "data" / f"articles-{args.count}"
    if not tree.exists():
        subprocess.run(
            [sys.executable, str(BENCH / "gen_articles.py"), str(tree), "--count", str(args.count)],
            check=True,
        )
    files = sum(1 for p in tree.rglob("*") if p.is_file())
    mb = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file()) / 1e6
    print(f"input: {tree} ({files} files, {mb:.0f} MB); {args.jobs} local processes / workers")
    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-dask-"))
    try:
        local_s = run_local(tree, work / "local", args.jobs, args.across)
        print(
            f"local  newsclean clean --jobs {args.jobs}: {local_s:6.1f} s, "
            f"{files / local_s:,.0f} files/s"
        )

        t0 = time.perf_counter()
        cluster = LocalCluster(
            n_workers=args.jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
        client = Client(cluster)
        startup = time.perf_counter() - t0
        try:
            peak = PeakRSS(os.getpid())
            t0 = time.perf_counter()
            result = run_clean_on_dask(
                [str(tree)],
                str(work / "dask"),
                to="md",
                client=client,
                duplicates=DuplicateOptions() if args.across else None,
                progress=False,
            )
            dask_s = time.perf_counter() - t0
            print(f"dask peak RSS (client + scheduler + workers): {peak.stop() / 1e6:.0f} MB")
        finally:
            client.close()
            cluster.close()
        print(
            f"dask   {args.jobs}-worker LocalCluster:   {dask_s:6.1f} s, "
            f"{files / dask_s:,.0f} files/s"
            f" (+{startup:.1f} s cluster start-up; {result.written} written, "
            f"{len(result.failures)} failed, {result.duplicates} duplicates)"
        )
        print(f"overhead ratio dask / local: {dask_s / local_s:.2f}x (goal <= 1.30x)")
        print(f"  including cluster start-up: {(dask_s + startup) / local_s:.2f}x")
        same = tree_digest(work / "local") == tree_digest(work / "dask")
        print(f"output trees byte-identical: {same}")
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
