"""Golden outputs: every sample in every format, and the jsonl -> md round trip."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import cli

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regen", REPO / "tests" / "golden" / "regen.py")
assert _spec is not None and _spec.loader is not None
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

CASES = [(s, suffix, args) for s in regen.samples() for suffix, args in regen.EXPORT.variants]


@pytest.mark.parametrize(("sample", "suffix", "args"), CASES, ids=[f"{s}.{x}" for s, x, _ in CASES])
def test_golden(sample: str, suffix: str, args: list[str]) -> None:
    golden = regen.EXPORT.golden / f"{sample}.{suffix}"
    if not golden.exists():
        pytest.fail(f"missing golden {golden.name}: run python tests/golden/regen.py export")
    assert regen.EXPORT.render(sample, args) == golden.read_text(encoding="utf-8"), (
        "output changed; if intended, run python tests/golden/regen.py export and review the diff"
    )


@pytest.mark.parametrize("sample", regen.samples())
@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_jsonl_round_trip_equals_direct(
    sample: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    runner = CliRunner()
    direct = runner.invoke(cli, ["export", "-j", "1", "--to", fmt, f"samples/{sample}"])
    assert direct.exit_code == 0, direct.stderr
    jsonl = runner.invoke(cli, ["export", "-j", "1", "--to", "jsonl", f"samples/{sample}"])
    assert jsonl.exit_code == 0, jsonl.stderr
    again = runner.invoke(cli, ["export", "-j", "1", "--to", fmt], input=jsonl.stdout_bytes)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == direct.stdout


def test_all_outputs_end_with_one_newline() -> None:
    for path in regen.EXPORT.golden.iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path.name
    assert os.listdir(regen.EXPORT.golden)
