"""A worker whose parent was killed removes its own temporary files before it exits.

The resume sweep spares the temporary names of living processes (a concurrent run), so a
rerun started right after a ``kill -9`` used to leave the dying workers' files behind.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsclean import atomic

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX process parents")

# The grandchild plays a worker: it holds a temporary file open, watches its parent, and
# then waits; the child starts it and dies at once, as a killed run's main process would.
WORKER = textwrap.dedent(
    """
    import os, sys, time
    from newsclean import atomic
    from newsclean.engine import local
    local.PARENT_CHECK_SECONDS = 0.05
    tmp = sys.argv[1]
    with atomic.held(tmp):
        open(tmp, "wb").write(b"half a file")
        local._exit_with_parent()
        print("ready", flush=True)
        time.sleep(30)
    """
)
PARENT = textwrap.dedent(
    """
    import subprocess, sys
    worker = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]],
                              stdout=subprocess.PIPE)
    assert worker.stdout.readline() == b"ready\\n"
    print(worker.pid, flush=True)
    """
)


def test_an_orphaned_worker_removes_its_temporary_file(tmp_path: Path) -> None:
    tmp = tmp_path / f".a.md.12345{atomic.TMP_TAG}"
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, WORKER, str(tmp)],
        capture_output=True,
        timeout=30,
        check=True,
    )
    assert parent.stdout.strip().isdigit()
    deadline = time.monotonic() + 10
    while tmp.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not tmp.exists()


def test_finished_writes_leave_nothing_registered(tmp_path: Path) -> None:
    atomic.write_atomic(tmp_path / "a.txt", "text")
    with atomic.replacing(tmp_path / "b.txt") as handle:
        handle.write(b"text")
    f = atomic.AtomicFile(tmp_path / "c.txt")
    f.handle.write(b"text")
    f.commit()
    g = atomic.AtomicFile(tmp_path / "d.txt")
    g.abort()
    assert not atomic._OPEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_remove_own_temporaries_deletes_what_is_open(tmp_path: Path) -> None:
    f = atomic.AtomicFile(tmp_path / "a.txt")
    f.handle.write(b"half")
    atomic.remove_own_temporaries()
    assert list(tmp_path.iterdir()) == []
    f.abort()
    assert not atomic._OPEN
