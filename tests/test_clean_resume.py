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
