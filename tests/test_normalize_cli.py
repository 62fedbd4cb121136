"""``newsclean normalize`` through click's CliRunner: data on stdout, --explain on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.cli.normalize import NORMALIZE_PARAMS, build_normalize_options
from newsclean.steps.normalize import NormalizeOptions


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["normalize", "-j", "1", *args], input=input)


def test_stdin_to_text() -> None:
    result = invoke("--to", "txt", input='قال ط§ظ„ط±ط¦ظٹط³ "كذا" , ثم\n')
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "قال الرئيس «كذا»، ثم"
    assert result.stderr == ""


def test_explain_on_stderr(samples: Path) -> None:
    result = invoke("--explain", "--to", "jsonl", str(samples / "nidaa-post-vershinin-assad.txt"))
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert "مشيراً إلى «النجاحات السياسية» التي" in record["text"]
    assert record["meta"]["normalized"]["quotes"] == 20
    assert "changes by kind" in result.stderr
    assert "20  quotes: quotation marks changed" in result.stderr
    assert "«" not in result.stderr  # counts only, never article text


def test_options_reach_the_step() -> None:
    result = invoke(
        "--to", "txt", "--quotes", "straight", "--digits", "ascii", input="قال «كذا» ٢٠١٥\n"
    )
    assert result.stdout.strip() == 'قال "كذا" 2015'
    result = invoke("--to", "txt", "--keep-tatweel", input="جـــدا\n")
    assert result.stdout.strip() == "جـــدا"


def test_jsonl_round_trip_is_idempotent(samples: Path) -> None:
    once = invoke("--to", "jsonl", str(samples / "nidaa-post-vershinin-assad.txt"))
    twice = invoke("--to", "jsonl", input=once.stdout_bytes)
    assert twice.exit_code == 0, twice.stderr
    assert json.loads(twice.stdout)["text"] == json.loads(once.stdout)["text"]
    assert (
        json.loads(twice.stdout)["meta"]["normalized"]
        == json.loads(once.stdout)["meta"]["normalized"]
    )


def test_usage_error() -> None:
    result = invoke("--quotes", "fancy", input="x")
    assert result.exit_code == 2
    assert "fancy" in result.stderr


def test_builder_defaults_and_params() -> None:
    assert build_normalize_options() == NormalizeOptions()
    assert build_normalize_options(no_mojibake=True, unrelated=1).mojibake is False
    help_text = CliRunner().invoke(cli, ["normalize", "--help"]).stdout
    for name in NORMALIZE_PARAMS:
        assert "--" + name.replace("_", "-") in help_text
