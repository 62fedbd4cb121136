"""Run documents under the per-document limits from a thread that cannot keep them.

The time limit needs a timer signal, and Python runs signal handlers only in a process's
main thread; Dask runs tasks in worker threads. Such a task sends its inputs to a small pool
of child processes (one per calling thread at most, started once per process with
``forkserver``: forking a threaded process is unsafe), where each document runs in the
main thread under :func:`newsclean.engine.limits.document`. A child that dies (the kernel's
OOM killer, a crash in C) fails the inputs it held, and the next task gets a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsclean.engine import local
from newsclean.engine.limits import Limits, limit_memory
from newsclean.engine.local import Event, Failure
from newsclean.read.walk import InputRef

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            _pool = ProcessPoolExecutor(
                max_workers=max(2, threading.active_count()),
                mp_context=multiprocessing.get_context(method),
            )
        return _pool


def _drop_pool(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _in_child(limits: Limits, fn: Callable[..., list[Event]], args: tuple[Any, ...]) -> list[Event]:
    if not local._in_worker:
        local._in_worker = True
        limit_memory(limits.max_memory)
    return fn(*args)


def run_guarded(
    limits: Limits, refs: Sequence[InputRef], fn: Callable[..., list[Event]], *args: Any
) -> list[Event]:
    """``fn(*args)`` (the events of ``refs``) in a child process, under ``limits``."""
    pool = _get_pool()
    try:
        return pool.submit(_in_child, limits, fn, args).result()
    except BrokenProcessPool as exc:
        _drop_pool(pool)
        message = f"the process cleaning it died ({exc or 'killed'}); skipped"
        return [Failure(ref.display, "", message) for ref in refs]
