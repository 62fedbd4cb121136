"""Hashes of what the learned-template stage outputs, to show a speed change left it alone.

    python bench/gen_sites.py                                  # once: bench/data/sites/
    python bench/check_templates.py --work /tmp/tpl > before.txt
    ... change the learner ...
    python bench/check_templates.py --work /tmp/tpl > after.txt && diff before.txt after.txt

One line per check, ``name sha256``:

* ``stage.<form>.<how>``: the stage over clean's outputs for ``bench_templates.py``'s 10,000
  articles of each form (line-separated, collapsed), held (a run's default), streamed (a
  pipe: ``hold=False``) and over two runs sharing a profile (the second run decides from the
  first's counts). Clean's outputs are kept in ``--work`` (pickled; written once) so that
  only the stage runs again.
* ``strip.<form>.<file>`` and ``strip.<form>.interleaved``: ``newsclean strip --to jsonl``
  (the CLI, a separate process) over each development file, and over all of a form's files
  interleaved record by record (sites alternating) as one file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_templates import articles
from newsclean.article import Article
from newsclean.collection.templates import SiteCounts, SiteTemplates
from newsclean.pipeline import clean

REPO = Path(__file__).resolve().parent.parent
FORMS = ("line", "collapsed")


def digest(outputs: Iterable[Article]) -> str:
    h = hashlib.sha256()
    for a in outputs:
        h.update(json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True).encode())
        h.update(b"\n")
    return h.hexdigest()


def cleaned(work: Path, data: Path, form: str, count: int) -> list[Article]:
    """Clean's outputs (the stage's input), kept in ``work`` (a pickle this script wrote)."""
    cache = work / f"cleaned-{form}-{count}.pkl"
    if cache.exists():
        loaded: list[Article] = pickle.loads(cache.read_bytes())
        return loaded
    out = [clean(a) for a in articles(data, form, count)]
    cache.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def stage_checks(work: Path, data: Path, count: int) -> None:
    for form in FORMS:
        arts = cleaned(work, data, form, count)
        print(f"stage.{form}.held {digest(SiteTemplates()(arts))}", flush=True)
        print(f"stage.{form}.streamed {digest(SiteTemplates(hold=False)(arts))}", flush=True)
        profile: dict[str, SiteCounts] = {}
        half = len(arts) // 2
        first = list(SiteTemplates(profile=profile)(arts[:half]))
        second = list(SiteTemplates(profile=profile)(arts[half:]))
        print(f"stage.{form}.profile {digest(first + second)}", flush=True)


def strip(path: Path) -> str:
    cmd = [sys.executable, "-m", "newsclean", "strip", "-q", "--to", "jsonl", str(path)]
    run = subprocess.run(cmd, check=True, capture_output=True, env=dict(os.environ))
    return hashlib.sha256(run.stdout).hexdigest()


def strip_checks(work: Path, data: Path) -> None:
    for form in FORMS:
        files = sorted((data / form).glob("*.jsonl"))
        for f in files:
            print(f"strip.{form}.{f.stem} {strip(f)}", flush=True)
        lines = [f.read_text(encoding="utf-8").splitlines() for f in files]
        mixed = work / f"interleaved-{form}.jsonl"
        with mixed.open("w", encoding="utf-8") as fh:
            for k in range(max(map(len, lines))):
                for each in lines:
                    if k < len(each):
                        fh.write(each[k] + "\n")
        print(f"strip.{form}.interleaved {strip(mixed)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "bench" / "data" / "sites"))
    parser.add_argument("--work", required=True, help="a directory for cached inputs")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    stage_checks(work, Path(args.data), args.count)
    strip_checks(work, Path(args.data))


if __name__ == "__main__":
    main()
