"""Option defaults for ``clean`` from files and the environment, and their precedence:
CLI > NEWSCLEAN_CLEAN_* > NEWSCLEAN_* > --config > newsclean.toml > pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.cli.config import config_argument

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "nidaa-post-vershinin-assad.txt"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "a.txt")
    return tmp_path


def fmt_of(result: Result) -> str:
    """Which output format ``clean`` wrote (md, json, jsonl or txt)."""
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if out.startswith("# "):
        return "md"
    if out.startswith("{\n"):
        return "json"
    if out.startswith("{"):
        return "jsonl"
    return "txt"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", "-j", "1", *args, "a.txt"], env=env)


def test_layers_in_order(cwd: Path) -> None:
    assert fmt_of(run()) == "md"  # built-in default
    (cwd / "pyproject.toml").write_text('[tool.newsclean.clean]\nto = "txt"\n')
    assert fmt_of(run()) == "txt"
    (cwd / "newsclean.toml").write_text('[clean]\nto = "jsonl"\n')
    assert fmt_of(run()) == "jsonl"
    (cwd / "other.toml").write_text('to = "json"\n')  # top level: every command
    assert fmt_of(run("--config", "other.toml")) == "json"
    assert fmt_of(run("--config=other.toml", env={"NEWSCLEAN_TO": "txt"})) == "txt"
    env = {"NEWSCLEAN_TO": "txt", "NEWSCLEAN_CLEAN_TO": "md"}
    assert fmt_of(run("--config", "other.toml", env=env)) == "md"
    assert fmt_of(run("--config", "other.toml", "--to", "jsonl", env=env)) == "jsonl"


def test_flags_and_dashed_names(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_text("no-strip = true\nno_dedup = true\n")
    result = run("--to", "jsonl")
    assert fmt_of(result) == "jsonl"
    assert '"removed":[]' in result.stdout.replace(" ", "")
    assert '"removed":[]' not in run("--to", "jsonl", env={"NEWSCLEAN_NO_STRIP": "false",
        "NEWSCLEAN_NO_DEDUP": "0"}).stdout.replace(" ", "")  # fmt: skip


def test_option_aliases(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_text('from = "txt"\nto = "txt"\n')
    assert fmt_of(run()) == "txt"


def test_bad_values_and_files_are_usage_errors(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_text('to = "pdf"\n')
    bad = run()
    assert bad.exit_code == 2 and "pdf" in bad.stderr
    (cwd / "newsclean.toml").write_text("to = \n")
    broken = run()
    assert broken.exit_code == 2 and "newsclean.toml" in broken.stderr
    (cwd / "newsclean.toml").unlink()
    missing = run("--config", "nope.toml")
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


def test_unrelated_keys_and_other_commands_are_ignored(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_text('bidi = "on"\n[export]\nto = "json"\n')
    assert fmt_of(run()) == "md"


def test_config_argument() -> None:
    assert config_argument(["--to", "md", "--config", "a.toml"]) == "a.toml"
    assert config_argument(["--config=b.toml"]) == "b.toml"
    assert config_argument(["--", "--config", "x"]) is None
    assert config_argument([]) is None
