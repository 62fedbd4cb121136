"""Site templates (issue 15): word-4-gram F1 on the development collection of gen_sites.py.

    python bench/gen_sites.py          # once: writes bench/data/sites/
    python bench/bench_sites.py [--data bench/data/sites] [--tree]

For each form (line-separated, whitespace-collapsed) and each site file: doing nothing,
``strip`` per article without the learned templates (``--no-learn``), and ``strip`` with
them (the collection stage, as ``newsclean strip DIR`` runs it: all files of a
form in one run). Scores are the Zyte benchmark's (bench_zyte.metrics) against the article
text; for the control sites the figure that matters is recall (text kept). ``--tree`` adds a
column: ``newsclean strip --to jsonl -o DIR`` over the form's directory, run as a command
(tree output: the templates learned in a first pass, removed in the workers). Run it with
``PYTHONPATH=../main/src`` to score an older newsclean (its strip alone).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_zyte import metrics, tp_fp_fn
from newsclean.article import Article

try:
    from newsclean.collection.templates import SiteTemplates
except ImportError:  # an older newsclean (PYTHONPATH=../main/src): strip alone
    SiteTemplates = None  # type: ignore[assignment,misc]
from newsclean.read import ReadOptions, open_parts, to_article
from newsclean.read import decode as dec
from newsclean.read.records import Bad
from newsclean.steps.strip import StripOptions, strip

REPO = Path(__file__).resolve().parent.parent


def read(path: Path) -> list[Article]:
    options = ReadOptions()
    with dec.open_binary(str(path)) as handle:
        opened = open_parts(handle, name=str(path), source=str(path), options=options)
        return [to_article(p, options) for p in opened.parts if not isinstance(p, Bad)]


def body(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks)


def score(gold: dict[str, str], outs: dict[str, str]) -> tuple[float, float, float]:
    return metrics([tp_fp_fn(gold[k], outs[k]) for k in gold])


def tree_run(folder: Path) -> dict[str, list[Article]]:
    """``newsclean strip --to jsonl -o DIR folder`` (the command), its outputs by file name."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "newsclean", "strip", "-q", "--to", "jsonl", "-o", tmp]
        subprocess.run([*cmd, str(folder)], check=True)
        return {f.name: read(f) for f in sorted(Path(tmp).glob("*.jsonl"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "bench" / "data" / "sites"))
    parser.add_argument("--form", choices=("line", "collapsed"), action="append")
    parser.add_argument("--tree", action="store_true", help="also strip -o DIR (the CLI)")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "gold").is_dir():
        sys.exit(f"{data}: no development collection; run bench/gen_sites.py first")
    tree_head = f" {'strip -o DIR':>15}" if args.tree else ""
    print(
        f"{'form':10} {'site':28} {'n':>4}  {'nothing':>15} {'strip, no learn':>15} {'strip':>15}"
        + tree_head
    )
    print(
        f"{'':10} {'':28} {'':>4}  {'F1   recall':>15} {'F1   recall':>15} {'F1   recall':>15}"
        + (f" {'F1   recall':>15}" if args.tree else "")
    )
    for form in args.form or ("line", "collapsed"):
        files = sorted((data / form).glob("*.jsonl"))
        per_file = {f.name: read(f) for f in files}
        stripped = {
            name: [strip(a, StripOptions()) for a in arts] for name, arts in per_file.items()
        }
        flat = [a for name in per_file for a in stripped[name]]
        learned_flat = list(SiteTemplates()(flat)) if SiteTemplates is not None else flat
        learned: dict[str, list[Article]] = {}
        pos = 0
        for name, arts in per_file.items():
            learned[name] = learned_flat[pos : pos + len(arts)]
            pos += len(arts)
        sums = {"nothing": [], "before": [], "now": []}  # type: dict[str, list[float]]
        columns: list[tuple[str, dict[str, list[Article]]]] = [
            ("nothing", per_file),
            ("before", stripped),
            ("now", learned),
        ]
        if args.tree:
            sums["tree"] = []
            columns.append(("tree", tree_run(data / form)))
        for name in per_file:
            gold = {}
            for line in (data / "gold" / name).read_text("utf-8").splitlines():
                rec = json.loads(line)
                gold[rec["id"]] = rec["text"]
            row = []
            for label, by_file in columns:
                arts = by_file[name]
                outs = {str(a.extra.get("id")): body(a) for a in arts}
                f1, _p, r = score(gold, outs)
                if not name.startswith(("clean", "adversarial")):
                    sums[label].append(f1)
                row.append(f"{f1:.3f} {r:.4f}")
            print(f"{form:10} {name:28} {len(gold):4d}  " + " ".join(f"{c:>15}" for c in row))
        means = [sum(v) / len(v) for v in sums.values()]
        print(
            f"{form:10} {'mean F1 of template sites':28} {'':4}  "
            + " ".join(f"{m:15.3f}" for m in means)
        )


if __name__ == "__main__":
    main()
