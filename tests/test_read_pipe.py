"""Reading from a live pipe: the head stops at what has arrived; files are read in full."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from newsclean.read import pipe

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes")


def _two_lines(head: bytes) -> bool:
    return head.count(b"\n") >= 2


def test_a_quiet_pipe_gives_what_has_arrived() -> None:
    r, w = os.pipe()
    with os.fdopen(r, "rb") as reader, os.fdopen(w, "wb") as writer:
        writer.write(b'{"a": 1}\n{"a": 2}\n{"a"')
        writer.flush()
        head, ended = pipe.read_head(reader, 1 << 16, _two_lines)  # would block without idle
        assert head == b'{"a": 1}\n{"a": 2}\n{"a"' and not ended
        writer.write(b": 3}\n")
        writer.close()
        assert reader.read() == b": 3}\n"


def test_a_pipe_that_ends_is_read_to_its_end() -> None:
    r, w = os.pipe()
    with os.fdopen(r, "rb") as reader:
        with os.fdopen(w, "wb") as writer:
            writer.write(b"one line, no newline")
        assert pipe.read_head(reader, 1 << 16, _two_lines) == (b"one line, no newline", True)


def test_files_and_memory_streams_are_read_in_full_sized_heads(tmp_path: Path) -> None:
    data = b"line\n" * 30_000
    path = tmp_path / "a.jsonl"
    path.write_bytes(data)
    with path.open("rb") as f:
        assert pipe.live_fd(f) is None
        assert pipe.read_head(f, 1 << 16, _two_lines) == (data[: 1 << 16], False)
    stream = io.BytesIO(data[:100])
    assert pipe.live_fd(stream) is None
    assert pipe.read_head(stream, 1 << 16, _two_lines) == (data[:100], True)


def test_idle_is_false_while_data_waits() -> None:
    r, w = os.pipe()
    try:
        idle = pipe.idle_check(r)
        assert idle()
        os.write(w, b"x")
        assert not idle()
    finally:
        os.close(r)
        os.close(w)


def test_a_burst_of_records_is_not_cut_into_single_ones() -> None:
    # Three records (and blank lines) arrive in one write, then the pipe goes quiet: the
    # reader is busy until the last of them is out, then idle; it never waits per record.
    from newsclean.read import ReadOptions, Record, open_parts

    r, w = os.pipe()
    with os.fdopen(r, "rb") as reader, os.fdopen(w, "wb") as writer:
        writer.write(b'{"id": 1}\n\n{"id": 2}\n{"id": 3}\n\n')
        writer.flush()
        opened = open_parts(reader, name=None, source="-", options=ReadOptions(format="jsonl"))
        assert opened.idle is not None
        ids = []
        for _ in range(3):
            part = next(opened.parts)
            assert isinstance(part, Record)
            ids.append(part.data["id"])
            assert opened.idle() == (len(ids) == 3), ids
        writer.write(b'{"id": 4}\n')
        writer.close()
        assert [p.data["id"] for p in opened.parts if isinstance(p, Record)] == [4]


def test_only_json_lines_stop_at_a_partial_head() -> None:
    from newsclean.read import partial_head_ok

    assert partial_head_ok("jsonl")(b'{"a": 1}\n')
    assert not partial_head_ok(None)(b'{"a": 1}\n')  # could still be one JSON document
    assert partial_head_ok(None)(b'\xef\xbb\xbf{"a": 1}\n{"a": 2}\n')
    # Text, HTML or a JSON array is read whole: its encoding is decided on a full head.
    for head in (b"Title\n\nBody\n", b"<html>\n<p>x</p>\n", b'[{"a": 1},\n{"a": 2}]\n'):
        assert not partial_head_ok(None)(head)
    assert not partial_head_ok("txt")(b'{"a": 1}\n{"a": 2}\n')
