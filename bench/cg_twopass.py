"""Instruction counts of the parts of two-pass learning (``-o DIR``), one part per process,
for ``valgrind --tool=callgrind`` (steady on a loaded machine; subtract ``base``/``load``).

    python bench/bench_templates.py --count 10000 --tree jsonl --rounds 1  # writes the file
    F=bench/data/sites/tree-jsonl-10000 W=/tmp/cgw
    python bench/cg_twopass.py prep $F $W          # once, natively: cleaned.pkl, applier.pkl
    for m in base warm where first load apply; do valgrind --tool=callgrind \\
        --callgrind-out-file=/dev/null python bench/cg_twopass.py $m $F $W; done

Modes: ``base`` (imports, inputs listed), ``warm`` (+ the rules loaded and compiled,
which any run pays once: the first pass pays it for the run), ``where`` (+ each record's
site), ``first`` (+ the whole first pass: sites, each site's first 40 cleaned and
counted), ``load`` (the pickles loaded), ``apply`` (+ the decided templates removed
from the 10,000 cleaned articles, as the workers do). The whole run for comparison:
``valgrind ... python -m newsclean clean -q -j 1 --no-learn --to jsonl -o OUT $F``.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from newsclean.cli.templates import TemplateStage
from newsclean.engine import twopass
from newsclean.engine.local import Step
from newsclean.engine.plan import io_config
from newsclean.engine.run import list_inputs
from newsclean.pipeline import CleanOptions, clean
from newsclean.read import Doc, Record, open_parts, to_article
from newsclean.read.decode import open_binary
from newsclean.read.walk import InputRef


def main() -> None:
    mode, src, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    io = io_config(inputs=(src,), output=str(work / "out") + "/", jobs=1)
    listing = [r for r in list_inputs(io, frozenset()) if isinstance(r, InputRef)]
    step = Step(clean, CleanOptions())
    stage = TemplateStage(first=True)
    stage.load()
    if mode == "warm":  # the rules loaded and compiled (paid once by any run)
        from newsclean.engine.local import warm_up

        warm_up(step)
    elif mode == "where":
        twopass._where(stage, listing, io.read, io.limits, 1)
    elif mode in ("first", "prep"):
        applier = twopass.learn_first(
            stage, listing, io.read, step, keep=None, limits=io.limits, jobs=1
        )
        if mode == "prep":
            arts = []
            for ref in listing:
                assert ref.path is not None
                with open_binary(ref.path) as stream:
                    opened = open_parts(stream, name=ref.path, source=ref.display, options=io.read)
                    parts = [p for p in opened.parts if isinstance(p, Record | Doc)]
                    arts += [step(to_article(p, io.read)) for p in parts]
            work.mkdir(parents=True, exist_ok=True)
            # (pickles this script wrote: read only files you made)
            (work / "cleaned.pkl").write_bytes(pickle.dumps(arts, protocol=5))
            (work / "applier.pkl").write_bytes(pickle.dumps(applier, protocol=5))
    elif mode in ("load", "apply"):
        arts = pickle.loads((work / "cleaned.pkl").read_bytes())
        applier = pickle.loads((work / "applier.pkl").read_bytes())
        if mode == "apply":
            print(sum(len(a.removed) for a in map(applier, arts)))


if __name__ == "__main__":
    main()
