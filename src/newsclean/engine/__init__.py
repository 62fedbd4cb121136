"""Engines that run newsclean somewhere other than this machine's process pool.

``newsclean.engine.dask`` maps the pure per-article pipeline and the cross-collection dedup over
a Dask cluster. Importing this package (or ``newsclean.engine.dask``) never imports Dask: it is
imported inside the functions that need it, so ``pip install newsclean`` without the ``[dask]``
extra keeps working and stays fast to start.
"""

from __future__ import annotations
