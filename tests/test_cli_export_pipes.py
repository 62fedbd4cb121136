"""Real processes: closed pipes, a terminal on stdin, parallel runs, pipes between commands."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    # Issue 16: the records finished before the signal stay in a hidden partial folder
    # (for --skip-existing to resume), never in the visible tree.
    hidden = ("newsclean-tmp", "newsclean-partial")
    visible = (
        [p for p in out.rglob("*") if not any(h in str(p) for h in hidden)] if out.exists() else []
    )
    if proc.returncode == 0:  # the signal landed as the run was finishing: all or nothing
        assert len(list((out / "many").iterdir())) == 8000
    else:
        assert proc.returncode == 130
        assert visible == []
    assert not [p for p in out.rglob("*") if "newsclean-tmp" in p.name]


def test_an_interrupt_right_after_the_record_directory_appears_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race behind a rare leftover in the test above (seen at load 11): the signal landed
    # between creating a split input's record directory and recording it for clean-up.
    from newsclean.read.walk import InputRef
    from newsclean.write.sink import DirSink

    real_mkdir = Path.mkdir

    def mkdir_then_interrupt(self: Path, *args: Any, **kwargs: Any) -> None:
        real_mkdir(self, *args, **kwargs)
        if self.name.endswith(("newsclean-tmp", "newsclean-partial")):
            raise KeyboardInterrupt

    out = tmp_path / "out"
    sink = DirSink(str(out), "md", started_ns=0)
    ref = InputRef(str(tmp_path / "many.jsonl"), "many.jsonl", "many.jsonl")
    monkeypatch.setattr(Path, "mkdir", mkdir_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        sink.prepare(ref)
    monkeypatch.undo()
    sink.abort()
    assert not [p for p in out.rglob("*") if "newsclean-" in p.name]


def _line_within(stream: Any, seconds: float) -> bytes:
    """The next line of ``stream``, or b"" if none comes in time (a deadlock guard only)."""
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else b""


@pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes")
@pytest.mark.parametrize(
    ("args", "first_batch"),
    [(["--from", "jsonl", "-j", "1"], 1), (["--from", "jsonl", "-j", "2"], 1), (["-j", "2"], 2)],
    ids=["from-jsonl-j1", "from-jsonl-j2", "sniffed-j2"],
)
def test_records_from_a_pipe_come_out_as_they_arrive(args: list[str], first_batch: int) -> None:
    # A producer that sends the next record only after the previous one came out: this
    # deadlocks (and fails on the guard) if newsclean waits for 64 KB, 64 records or EOF.
    # Without --from, two lines are needed to tell JSON Lines from one JSON document.
    proc = subprocess.Popen(
        [*CMD, "clean", "--to", "jsonl", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: select() then sees every byte that has come out
    )
    assert proc.stdin is not None and proc.stdout is not None
    sent = 0

    def send(n: int) -> None:
        nonlocal sent
        for _ in range(n):
            record = {"id": sent, "title": f"Story {sent}", "text": f"Body of story {sent}."}
            proc.stdin.write(json.dumps(record).encode() + b"\n")  # type: ignore[union-attr]
            sent += 1
        proc.stdin.flush()  # type: ignore[union-attr]

    try:
        send(first_batch)
        for expected in range(5):
            line = _line_within(proc.stdout, 30)
            assert line, f"record {expected} did not come out before more input"
            assert json.loads(line)["id"] == expected
            if expected + 1 == sent:
                send(1)
        proc.stdin.close()
        rest = proc.stdout.read()
        assert [json.loads(x)["id"] for x in rest.splitlines()] == list(range(5, sent))
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
