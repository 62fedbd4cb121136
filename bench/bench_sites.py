"""Site templates (issue 15): word-4-gram F1 on the development collection of gen_sites.py.

    python bench/gen_sites.py          # once: writes bench/data/sites/
    python bench/bench_sites.py [--data bench/data/sites]

For each form (line-separated, whitespace-collapsed) and each site file: doing nothing,
``strip`` per article without the learned templates (``--no-learn``), and ``strip`` with
them (the collection stage, as ``newsclean strip DIR`` runs it: all files of a
form in one run). Scores are the Zyte benchmark's (bench_zyte.metrics) against the article
text; for the control sites the figure that matters is recall (text kept). Run it with
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "bench" / "data" / "sites"))
    parser.add_argument("--form", choices=("line", "collapsed"), action="append")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "gold").is_dir():
        sys.exit(f"{data}: no development collection; run bench/gen_sites.py first")
    print(
        f"{'form':10} {'site':28} {'n':>4}  {'nothing':>15} {'strip, no learn':>15} {'strip':>15}"
    )
    print(f"{'':10} {'':28} {'':>4}  {'F1   recall':>15} {'F1   recall':>15} {'F1   recall':>15}")
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
        for name in per_file:
            gold = {}
            for line in (data / "gold" / name).read_text("utf-8").splitlines():
                rec = json.loads(line)
                gold[rec["id"]] = rec["text"]
            row = []
            for label, arts in (
                ("nothing", per_file[name]),
                ("before", stripped[name]),
                ("now", learned[name]),
            ):
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
