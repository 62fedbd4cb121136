"""The run engine: one batch run (:func:`run` of a :class:`Plan`, giving a :class:`Summary`)
driven by the CLI, the benchmarks and library users alike, on the local process pool
(:mod:`newsclean.engine.local`) or a Dask cluster (:mod:`newsclean.engine.dask`).

Importing this package never imports Dask: ``newsclean.engine.dask`` imports it inside the
functions that need it, so ``pip install newsclean`` without the ``[dask]`` extra keeps
working and stays fast to start. See docs/engine.md.
"""

from __future__ import annotations

from newsclean.engine.local import Chain, Failure, Item, Step
from newsclean.engine.plan import BatchConfig, IOConfig, Plan, Summary, io_config
from newsclean.engine.run import Engine, LocalEngine, run
from newsclean.engine.stages import CollectionStage, Prepass

__all__ = [
    "BatchConfig",
    "Chain",
    "CollectionStage",
    "Engine",
    "Failure",
    "IOConfig",
    "Item",
    "LocalEngine",
    "Plan",
    "Prepass",
    "Step",
    "Summary",
    "io_config",
    "run",
]
