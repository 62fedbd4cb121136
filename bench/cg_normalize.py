"""Instruction counts of the normalize step alone, for ``valgrind --tool=callgrind``.

Reads the first COUNT SaudiNewsNet articles as ``newsclean normalize`` reads JSON Lines
records (``to_article``: the language is guessed there), normalizes one of them (rules
loaded and compiled), then, in mode ``step``, all of them. The step's figure is the
difference of the two runs (steady on a loaded machine, unlike timings):

    python -m compileall -q src
    for m in base step; do PYTHONHASHSEED=0 NEWSCLEAN_CACHE_DIR=/tmp/cgn valgrind \\
        --tool=callgrind --callgrind-out-file=/dev/null python bench/cg_normalize.py $m; done

Needs ../shared/corpus/saudinewsnet (research use only; never copied into the package).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsclean.read import ReadOptions, to_article
from newsclean.read.records import Record
from newsclean.steps.normalize import NormalizeOptions, normalize

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/saudinewsnet/2015-07-22.json"


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "step"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 800
    if mode not in ("base", "step"):
        raise SystemExit("usage: cg_normalize.py base|step [COUNT]")
    records = json.loads(CORPUS.read_text(encoding="utf-8"))[:count]
    articles = [
        to_article(
            Record({"title": r["title"], "text": r["content"], "url": r["url"]}, {}),
            ReadOptions(),
        )
        for r in records
    ]
    options = NormalizeOptions()
    normalize(articles[0], options)
    if mode == "step":
        for article in articles:
            normalize(article, options)


if __name__ == "__main__":
    main()
