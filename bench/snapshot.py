"""Snapshot every command's output, to check that a speed change changes no byte.

Runs each command on ``samples/`` (md and jsonl), the 2,050 SaudiNewsNet records through
``dedup``, ``normalize`` and ``clean --to jsonl``, ``dedup`` with ``--index``/``--report``,
``--help`` of every command and a few error cases; stdout, stderr and the exit code of each
go to one file per run under DIR. Compare two trees with ``diff -r``:

    python bench/snapshot.py /tmp/snap-before     # on the old tree
    python bench/snapshot.py /tmp/snap-after      # on the new tree
    diff -r /tmp/snap-before /tmp/snap-after

``newsclean`` is run as ``python -m newsclean.cli`` from whatever ``PYTHONPATH`` holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared" / "corpus"


def saudinewsnet_jsonl(work: Path) -> Path:
    """The 2,050 SaudiNewsNet records as JSON Lines (title, text, url)."""
    path = work / "saudi.jsonl"
    articles = json.loads((SHARED / "saudinewsnet" / "2015-07-22.json").read_text("utf-8"))
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            rec = {"title": a["title"], "text": a["content"], "url": a["url"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def run(out: Path, name: str, args: list[str], stdin: Path | None, work: Path) -> None:
    cmd = [sys.executable, "-c", "from newsclean.cli import main; main()", *args]
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    with open(stdin or os.devnull, "rb") as f:
        proc = subprocess.run(cmd, stdin=f, capture_output=True, env=env, cwd=work)
    text = proc.stderr.replace(str(work).encode(), b"WORK")
    (out / f"{name}.out").write_bytes(proc.stdout)
    (out / f"{name}.err").write_bytes(text + f"\nexit {proc.returncode}\n".encode())


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: snapshot.py DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nc-snap-") as tmp:
        work = Path(tmp)
        saudi = saudinewsnet_jsonl(work)
        samples = str(SAMPLES)
        commands = ["clean", "strip", "dedup", "normalize", "export"]
        run(out, "help", ["--help"], None, work)
        run(out, "version", ["--version"], None, work)
        for c in [*commands, "show", "learn"]:
            run(out, f"help-{c}", [c, "--help"], None, work)
        for c in commands:
            for to in ("md", "jsonl"):
                run(out, f"{c}-samples-{to}", [c, "--jobs", "1", "--to", to, samples], None, work)
            run(out, f"{c}-saudi-jsonl", [c, "--to", "jsonl"], saudi, work)
            run(out, f"{c}-empty", [c, "--to", "jsonl"], None, work)
            run(out, f"{c}-missing", [c, "no-such-file.txt"], None, work)
        run(out, "show-samples", ["show", samples], None, work)
        run(out, "show-diff", ["show", "--diff", samples], None, work)
        run(out, "show-stats", ["show", "--stats", samples], None, work)
        run(out, "learn-saudi", ["learn", "--group-by", "none"], saudi, work)
        run(out, "normalize-saudi-md", ["normalize"], saudi, work)
        run(out, "dedup-saudi-mark", ["dedup", "--mark", "--to", "jsonl"], saudi, work)
        idx, rep = work / "seen.idx", work / "dups.csv"
        for i in (1, 2):  # the second run reads the index the first wrote
            args = ["dedup", "--index", str(idx), "--report", str(rep), "--to", "jsonl"]
            run(out, f"dedup-index-{i}", args, saudi, work)
            (out / f"dedup-index-{i}.csv").write_bytes(rep.read_bytes())
        (out / "dedup-index.idx").write_bytes(idx.read_bytes())
        run(out, "bad-option", ["dedup", "--threshold", "7"], None, work)
        run(out, "bad-command", ["frobnicate"], None, work)
    print(f"snapshot in {out}: {len(list(out.iterdir()))} files")


if __name__ == "__main__":
    main()
