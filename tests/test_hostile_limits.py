"""Per-input limits (issue 19 #4, #5): an inflated input over --max-input-size is that input's
failure, read only up to the limit; --jobs has an upper bound."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.errors import InputError
from newsclean.read import Bad, ReadOptions, Record, open_parts, parse_size
from newsclean.read.decode import maybe_gunzip


def clean(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", "-j", "1", *args], env=env)


def _bomb(path: Path, inflated: int) -> Path:
    line = b"hello world, this is text that compresses very well indeed.\n"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b"Title\n\n")
        for _ in range(inflated // len(line)):
            handle.write(line)
    return path


class _Counting(io.RawIOBase):
    """A raw stream that counts the bytes handed out."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._inner.readinto(buffer)
        self.read_bytes += n
        return n


def test_a_gzip_text_bomb_is_that_inputs_failure_and_the_batch_goes_on(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.txt.gz", 8 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nA fine paragraph of text.\n", encoding="utf-8")
    result = clean("--max-input-size", "1MB", "--to", "txt", str(bomb), str(good))
    assert result.exit_code == 1
    assert "bomb.txt.gz: inflates past 1 MB (--max-input-size); skipped" in result.stderr
    assert "A fine paragraph of text." in result.stdout
    assert "Traceback" not in result.stderr


def test_the_bomb_is_inflated_only_up_to_the_limit(tmp_path: Path) -> None:
    raw = _bomb(tmp_path / "b.txt.gz", 32 * 1024 * 1024).read_bytes()
    inner = io.BytesIO(raw)
    gz = maybe_gunzip(inner)
    options = ReadOptions(max_size=1024 * 1024)
    with pytest.raises(InputError, match="inflates past 1 MB"):
        opened = open_parts(gz, name="b.txt.gz", source="b", options=options)
        list(opened.parts)
    # the compressed stream was not read to its end: memory stayed near the limit
    assert inner.tell() < len(raw)


def test_a_plain_input_over_the_limit_fails_with_its_own_message() -> None:
    stream = _Counting(b"Title\n\n" + b"word " * 400_000)
    with pytest.raises(InputError, match="is larger than 1 MB"):
        open_parts(
            io.BufferedReader(stream),
            name="x.txt",
            source="x",
            options=ReadOptions(max_size=1 << 20),
        )
    assert stream.read_bytes < 1.2 * (1 << 20)


def test_a_jsonl_line_over_the_limit_fails_alone_with_its_number() -> None:
    lines = [
        json.dumps({"title": "one", "text": "first record"}),
        json.dumps({"title": "two", "text": "x" * 300_000}),
        json.dumps({"title": "three", "text": "third record"}),
    ]
    data = ("\n".join(lines) + "\n").encode()
    opened = open_parts(
        io.BufferedReader(_Counting(data)),
        name="x.jsonl",
        source="x",
        options=ReadOptions(max_size=100_000),
    )
    parts = list(opened.parts)
    assert [p.data["title"] for p in parts if isinstance(p, Record)] == ["one", "three"]
    bad = [p for p in parts if isinstance(p, Bad)]
    assert len(bad) == 1 and bad[0].where == "line 2"
    assert "longer than 97.66 KB (--max-input-size); skipped" in bad[0].message


def test_max_input_size_from_the_environment_and_zero_for_no_limit(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.txt.gz", 2 * 1024 * 1024)
    env = {"NEWSCLEAN_MAX_INPUT_SIZE": "1MB"}
    assert "inflates past 1 MB" in clean("--to", "txt", str(bomb), env=env).stderr
    assert clean("--to", "txt", "--max-input-size", "0", str(bomb), env=env).exit_code == 0


def test_max_input_size_rejects_what_is_not_a_size(tmp_path: Path) -> None:
    result = clean("--max-input-size", "lots", str(tmp_path))
    assert result.exit_code == 2
    assert "'lots' is not a size" in result.stderr
    assert parse_size("256MB") == 256 * 1024 * 1024
    assert parse_size("1.5k") == 1536


def test_jobs_has_an_upper_bound(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "-j", "100000", str(good)])
    assert result.exit_code == 2
    assert "--jobs 100000 is more workers than this machine can use" in result.stderr
    assert "Traceback" not in result.stderr
