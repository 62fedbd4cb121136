"""Snapshot of the HTML path's outputs, to show a speed change leaves every byte alone.

Runs ``export`` and ``strip`` (``--jobs 1 --to jsonl``) of the tree on ``PYTHONPATH`` over
the 181 Zyte and 130 Readability pages (inflated into one folder, as bench_process.py
does), the CNN Arabic page and ``samples/``, and writes each run's stdout, stderr and exit
code into OUT. The inputs are copied once into one folder (``--inputs``) and named relative
to it, so the ``source`` paths in the outputs are the same whichever tree runs. Compare two
snapshots with ``diff -r``:

    PYTHONPATH=/path/to/before/src python bench/snapshot_html.py /tmp/snap-before
    PYTHONPATH=src python bench/snapshot_html.py /tmp/snap-after
    diff -r /tmp/snap-before /tmp/snap-after && echo identical
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SHARED = BENCH.parents[1] / "shared" / "corpus"
sys.path.insert(0, str(BENCH))

from bench_process import html_pages  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder for the snapshot (created)")
    ap.add_argument("--inputs", type=Path, default=Path("/tmp/newsclean-snapshot-inputs"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sources = {
        "pages": html_pages(),
        "cnn-arabic.html": SHARED / "cnn-arabic-2013" / "page.html",
        "samples": BENCH.parent / "samples",
    }
    for name, path in sources.items():
        target = args.inputs / name
        if not target.exists():
            args.inputs.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                shutil.copytree(path, target)
            else:
                shutil.copyfile(path, target)
    for name in sources:
        label = name.removesuffix(".html")
        for command in ("export", "strip"):
            argv = [sys.executable, "-m", "newsclean", command, "--jobs", "1"]
            proc = subprocess.run(
                [*argv, "--to", "jsonl", name], capture_output=True, check=False, cwd=args.inputs
            )
            stem = f"{label}.{command}"
            (args.out / f"{stem}.stdout").write_bytes(proc.stdout)
            (args.out / f"{stem}.stderr").write_bytes(proc.stderr)
            (args.out / f"{stem}.rc").write_text(f"{proc.returncode}\n")
            print(f"{label} {command}: exit {proc.returncode}, {len(proc.stdout):,} bytes")


if __name__ == "__main__":
    main()
