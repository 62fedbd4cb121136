"""Shared fixtures. Development data in ../shared is optional: tests that need it skip."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Compiled patterns are cached on disk between runs (newsclean.regex_cache): the test run
# keeps its own cache, never the user's.
os.environ.setdefault("NEWSCLEAN_CACHE_DIR", tempfile.mkdtemp(prefix="newsclean-test-cache-"))

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def _find_shared() -> Path | None:
    # The checkout sits beside shared/ in development and in CI; nowhere else is it needed.
    for base in (REPO, *REPO.parents):
        candidate = base / "shared" / "corpus"
        if candidate.is_dir():
            return candidate.parent
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path to ../shared (the development corpus); skips the test when it is absent."""
    path = _find_shared()
    if path is None:
        pytest.skip("../shared development corpus not available")
    return path


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="module", autouse=True)
def _no_dask_thread_left() -> Iterator[None]:
    """After a module that ran Dask, stop distributed's offload thread.

    Its clients and clusters close their own threads, but distributed keeps one module-global
    thread pool ("Dask-Offload", never shut down by design) whose thread lives on once used;
    a later test's pool would then start with forkserver instead of fork. The pool is
    replaced by a fresh one (its thread starts on first use), so later Dask tests still
    work: distributed looks it up by name on every use."""
    yield
    utils: Any = sys.modules.get("distributed.utils")
    executor: Any = getattr(utils, "_offload_executor", None)
    if executor is None or not getattr(executor, "_threads", None):
        return
    executor.shutdown(wait=True)
    utils._offload_executor = type(executor)(max_workers=1, thread_name_prefix="Dask-Offload")


def _as_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``regex_cache``'s in-memory state as a process starts: the file not read yet."""
    from newsclean import regex_cache

    monkeypatch.setattr(regex_cache, "_table", None)
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_added", False)


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty pattern cache directory, and ``regex_cache``'s state as in a new process."""
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    _as_a_new_process(monkeypatch)
    return tmp_path


@pytest.fixture
def restart_cache(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """A call that saves what the cache gained to its file (as a run does at its end) and
    starts over as a new process, whose lookups read the file back; it returns the path."""
    from newsclean import regex_cache

    def restart() -> str:
        path = regex_cache.cache_path()
        assert path is not None
        regex_cache._save(path, os.getpid())
        _as_a_new_process(monkeypatch)
        return path

    return restart
