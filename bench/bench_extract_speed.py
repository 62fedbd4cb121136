"""HTML extraction speed as whole processes, one worker: newsclean against trafilatura's CLI.

    python bench/bench_extract_speed.py [--sets zyte,readability] [--repeat 3]

Each set's pages are written once as plain ``.html`` files into a temporary folder, then each
command runs as its own process over the whole folder, alternating commands per repeat so a
neighbour's load hits all of them alike (the machine is shared): ``newsclean export --to txt
--jobs 1`` (the reader), ``newsclean strip --to txt --jobs 1`` (reader + strip) and
``trafilatura --input-dir … --parallel 1``. Both times include interpreter start-up and
imports, as a user running the command pays them: CPU seconds of the process (steady on a
shared machine) and wall-clock; the best of ``--repeat`` runs is kept. (trafilatura writes no
file for pages it finds nothing in: fewer outputs than pages is normal for it.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _write_pages(corpus: Path, set_name: str, out: Path) -> int:
    out.mkdir(parents=True)
    n = 0
    if set_name == "zyte":
        gold = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
        for key in sorted(gold):
            with gzip.open(corpus / "html" / f"{key}.html.gz", "rb") as f:
                (out / f"{key}.html").write_bytes(f.read())
            n += 1
    else:
        for d in sorted((corpus / "pages").iterdir()):
            src = d / "source.html.gz"
            if src.exists():
                with gzip.open(src, "rb") as f:
                    (out / f"{d.name}.html").write_bytes(f.read())
                n += 1
    return n


def _commands(pages: Path, scratch: Path) -> dict[str, list[str]]:
    exe = shutil.which("newsclean") or "newsclean"
    traf = shutil.which("trafilatura") or "trafilatura"
    return {
        "newsclean reader": [exe, "export", "--to", "txt", "-j", "1", "-q", "-o", f"{scratch}/r/"],
        "newsclean strip": [exe, "strip", "--to", "txt", "-j", "1", "-q", "-o", f"{scratch}/s/"],
        "trafilatura 2": [traf, "--input-dir", str(pages), "-o", f"{scratch}/t", "--parallel", "1"],
    }


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="zyte,readability")
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--baseline-src",
        type=Path,
        help="also time the reader from another checkout's src (before/after in one run)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for set_name in args.sets.split(","):
            pages = Path(tmp) / set_name / "pages"
            n = _write_pages(args.corpus / set_name, set_name, pages)
            best: dict[str, float] = {}
            walls: dict[str, float] = {}
            for _ in range(args.repeat):
                scratch = Path(tmp) / set_name / "out"
                commands = _commands(pages, scratch)
                if args.baseline_src:
                    commands["reader (baseline)"] = commands["newsclean reader"]
                for name, cmd in commands.items():
                    shutil.rmtree(scratch, ignore_errors=True)
                    env = dict(os.environ)
                    if name == "reader (baseline)":
                        env["PYTHONPATH"] = str(args.baseline_src)
                    if name != "trafilatura 2":
                        cmd = [*cmd, str(pages)]
                    start = time.perf_counter()
                    proc = subprocess.Popen(
                        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                    _, status, usage = os.wait4(proc.pid, 0)
                    wall = time.perf_counter() - start
                    # CPU seconds of the process (user + system): a busy neighbour stretches
                    # wall-clock time, much less the CPU time the command itself needs.
                    secs = usage.ru_utime + usage.ru_stime
                    walls[name] = min(walls.get(name, wall), wall)
                    written = sum(1 for p in scratch.rglob("*") if p.is_file())
                    if status or (written < n and name != "trafilatura 2"):
                        print(f"{name}: exit status {status}, {written}/{n} outputs")
                    best[name] = min(best.get(name, secs), secs)
            print(f"\n== {set_name}: {n} pages, whole processes, --jobs 1, best of {args.repeat}")
            head = f"{'CPU pages/s':>12} {'ratio':>6} {'wall pages/s':>13} {'ratio':>6}"
            print(f"{'command':<18} {head}")
            theirs, theirs_wall = best["trafilatura 2"], walls["trafilatura 2"]
            for name, secs in best.items():
                wall = walls[name]
                print(
                    f"{name:<18} {n / secs:12.1f} {theirs / secs:5.2f}x"
                    f" {n / wall:13.1f} {theirs_wall / wall:5.2f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
