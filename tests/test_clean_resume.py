"""Resume after a crash: kill ``clean -o DIR`` at random points (SIGINT and SIGKILL, the
whole process group), rerun with ``--skip-existing``: every output is complete and
byte-identical to an uninterrupted run, finished outputs are not redone, and no temporary
file is left. Subprocess tests on a couple of hundred small files (a few seconds)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_FILES = 160
CMD = [sys.executable, "-m", "newsclean", "clean", "-q", "-j", "2", "--to", "md"]

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals and groups")


def _make_tree(root: Path) -> None:
    rng = random.Random(6)
    words = [
        "the",
        "minister",
        "said",
        "talks",
        "would",
        "resume",
        "after",
        "a",
        "week",
        "of",
        "meetings",
        "in",
        "the",
        "capital",
    ]
    for i in range(N_FILES):
        sub = root / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        paragraphs = [" ".join(rng.choices(words, k=40)) + "." for _ in range(8)]
        title = f"Story number {i}"
        body = "\n\n".join([title, title, *paragraphs, "Share this article"])
        (sub / f"a{i:04d}.txt").write_text(body + "\n", encoding="utf-8")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _temporaries(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if "newsclean-tmp" in p.name]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    base = tmp_path_factory.mktemp("resume")
    src = base / "in"
    _make_tree(src)
    ref = base / "ref"
    subprocess.run([*CMD, "-o", str(ref), str(src)], check=True)
    snapshot = _snapshot(ref)
    assert len(snapshot) == N_FILES
    return src, snapshot


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_runs_resume_to_identical_outputs(
    corpus: tuple[Path, dict[str, bytes]], tmp_path: Path, sig: signal.Signals
) -> None:
    src, expected = corpus
    out = tmp_path / "out"
    rng = random.Random(int(sig))
    for attempt in range(2):
        proc = subprocess.Popen(
            [*CMD, "--skip-existing", "-o", str(out), str(src)],
            start_new_session=True,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.8, 3.0))
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
        if sig == signal.SIGINT:
            # -2: interrupted while the interpreter was still importing, before any work
            assert proc.returncode in (0, 130, -signal.SIGINT), err.decode()
            if proc.returncode == 130:
                assert b"interrupted" in err and b"Traceback" not in err
            if out.exists():
                assert not _temporaries(out), attempt  # Ctrl-C cleans up after itself
        else:
            assert proc.returncode in (0, -signal.SIGKILL)
        # Whatever is there is complete: identical to the uninterrupted run's file.
        for name, data in _snapshot(out).items() if out.exists() else ():
            if "newsclean-tmp" not in name:
                assert data == expected[name], name
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    subprocess.run([*CMD, "--skip-existing", "-o", str(out), str(src)], check=True)
    assert _snapshot(out) == expected
    assert not _temporaries(out)
    for path, mtime in before.items():
        assert path.stat().st_mtime_ns == mtime, f"{path} was redone"


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _started(out: Path, src: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A run with its two workers up and the first outputs written."""
    proc = subprocess.Popen([*CMD, "--skip-existing", "-o", str(out), str(src)],
                            stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 30
    while not (out.exists() and any(out.rglob("*.md"))) and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) == 2, "the run ended before it could be stopped"
    return proc, workers


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_signal_to_the_main_process_alone_leaves_no_worker_behind(
    corpus: tuple[Path, dict[str, bytes]], tmp_path: Path, sig: signal.Signals
) -> None:
    # Only the main process is signalled: `timeout` or `kill PID` (SIGTERM), the OOM killer
    # (SIGKILL).
    src, expected = corpus
    out = tmp_path / "out"
    proc, workers = _started(out, src)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert _gone(workers, 5), "workers outlived the run"
    if sig == signal.SIGTERM:  # stops like Ctrl-C: cleanly, with its own exit code
        assert proc.returncode == 143, err.decode()
        assert b"terminated" in err and b"Traceback" not in err
        assert not _temporaries(out)
        assert 0 < len(_snapshot(out)) < len(expected)
    for name, data in _snapshot(out).items():
        if "newsclean-tmp" not in name:
            assert data == expected[name], name
    subprocess.run([*CMD, "--skip-existing", "-o", str(out), str(src)], check=True)
    assert _snapshot(out) == expected
    assert not _temporaries(out)
