"""Real processes: closed pipes, a terminal on stdin, parallel runs, pipes between commands."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "newsclean"]


def _many_records(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = f"فقرة رقم {i} من الخبر.\\n" * 20
            f.write(f'{{"id": {i}, "title": "خبر رقم {i}", "text": "{text}"}}\n')
    return path


def test_head_closes_pipe_quietly(tmp_path: Path) -> None:
    src = _many_records(tmp_path / "many.jsonl", 1500)
    proc = subprocess.Popen(
        [*CMD, "export", "--to", "jsonl", "-j", "2", str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    stderr = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert json.loads(first)["id"] == 0
    assert stderr == ""
    assert code == 0


def test_shell_pipe_to_head(tmp_path: Path) -> None:
    src = _many_records(tmp_path / "many.jsonl", 2000)
    cmd = " ".join([*CMD, "export", "--to", "md", str(src)]) + " | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=60)
    assert result.stdout.decode() == "# خبر رقم 0\n"
    assert result.stderr == b""
    assert result.returncode == 0


def test_terminal_stdin_prints_hint_instead_of_hanging() -> None:
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([*CMD, "export"], stdin=terminal, capture_output=True, timeout=30)
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 2
    assert b"stdin is a terminal" in result.stderr
    assert result.stdout == b""


def test_parallel_output_order_equals_serial(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for i in range(40):
        d = root / f"d{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i:03d}.txt").write_text(f"Title {i}\n\n" + f"Body {i}. " * (i * 7 + 1) + "\n")
    _many_records(root / "d1" / "recs.jsonl", 300)
    serial = subprocess.run(
        [*CMD, "export", "--to", "jsonl", "-j", "1", str(root)], capture_output=True
    )
    parallel = subprocess.run(
        [*CMD, "export", "--to", "jsonl", "-j", "2", str(root)], capture_output=True
    )
    assert serial.returncode == parallel.returncode == 0
    assert serial.stdout == parallel.stdout
    assert len(serial.stdout.splitlines()) == 340


def test_pipe_between_commands_round_trip(samples: Path) -> None:
    direct = subprocess.run([*CMD, "export", "--to", "md", str(samples)], capture_output=True)
    first = subprocess.Popen(
        [*CMD, "export", "--to", "jsonl", str(samples)], stdout=subprocess.PIPE
    )
    second = subprocess.run([*CMD, "export", "--to", "md"], stdin=first.stdout, capture_output=True)
    assert first.wait() == 0
    assert second.returncode == 0
    assert second.stdout == direct.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="signal semantics")
def test_interrupt_leaves_no_partial_output(tmp_path: Path) -> None:
    import signal
    import time

    src = _many_records(tmp_path / "many.jsonl", 8000)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*CMD, "export", "-j", "2", "-o", str(out), str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 20
    while time.time() < deadline and not any(out.glob(".*")):
        time.sleep(0.02)
    if proc.poll() is not None:
        proc.communicate()
        pytest.skip("the run finished before it could be interrupted")
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert b"Traceback" not in stderr
    visible = [p for p in out.rglob("*") if "newsclean-tmp" not in str(p)] if out.exists() else []
    if proc.returncode == 0:  # the signal landed as the run was finishing: all or nothing
        assert len(list((out / "many").iterdir())) == 8000
    else:
        assert proc.returncode == 130
        assert visible == []
    assert not [p for p in out.rglob("*") if "newsclean-tmp" in p.name]
