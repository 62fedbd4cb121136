"""What a Dask task reads, and what the client sees of a remote output tree.

Kept apart from :mod:`newsclean.engine.dask` so that the run (:mod:`newsclean.engine.run`,
which builds a :class:`RemoteTree` sink) and the Parquet dataset tasks
(:mod:`newsclean.engine.dask_parquet`) can use them without importing the Dask engine,
which itself drives the run: no import circle. Nothing here imports Dask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from newsclean.engine.inputs import is_url, local_path
from newsclean.engine.limits import guard_here
from newsclean.engine.local import Event, WorkerConfig, failure_event, read_file
from newsclean.errors import OutputError
from newsclean.read.decode import maybe_gunzip, open_binary
from newsclean.read.walk import InputRef
from newsclean.write import EXTENSIONS

__all__ = ["RemoteTree", "exists_in", "read_unit"]


def _open(path: str) -> Any:
    if not is_url(path):
        return open_binary(path)
    import fsspec

    return maybe_gunzip(fsspec.open(path, "rb").open())


def read_unit(refs: Sequence[InputRef], config: WorkerConfig) -> list[Event]:
    """Read and transform whole inputs (local paths or URLs); the batch engine's ``run_task``
    for files, with an opener that also takes fsspec URLs. Each document runs under
    ``config.limits``: in a child process when this is not a process's main thread (Dask's
    worker threads), see :mod:`newsclean.engine.guard`."""
    if not guard_here(config.limits):
        from newsclean.engine.guard import run_guarded

        return run_guarded(config.limits, refs, read_unit, tuple(refs), config)
    events: list[Event] = []
    for ref in refs:
        assert ref.path is not None
        try:
            with _open(ref.path) as stream:
                events.extend(read_file(ref, stream, config))
        except Exception as exc:
            events.append(failure_event(ref.display, "", exc))
    return events


def exists_in(output: str, fmt: str) -> Callable[[InputRef], bool]:
    root = local_path(output)
    if root is not None:
        from newsclean.write.sink import DirSink

        return DirSink(root, fmt).exists
    import fsspec

    fs, base = fsspec.core.url_to_fs(output)
    base = base.rstrip("/")
    ext = EXTENSIONS[fmt]
    return lambda ref: bool(fs.exists(f"{base}/{ref.rel}{ext}") or fs.isdir(f"{base}/{ref.rel}"))


class RemoteTree:
    """The main process's view of an fsspec ``-o URL`` (the workers write it): what exists
    (``--skip-existing``); nothing to lock or create."""

    def __init__(self, root: str, fmt: str) -> None:
        self._exists = exists_in(root, fmt)

    def exists(self, ref: Any) -> bool:
        return self._exists(ref)

    def add(
        self, ref: Any, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        raise OutputError("the workers write a URL output")  # pragma: no cover

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass
