"""Bad configuration values are a usage error naming the key and the type (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "nidaa-post-vershinin-assad.txt"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "a.txt")
    return tmp_path


def run() -> Result:
    return CliRunner().invoke(cli, ["clean", "-j", "1", "a.txt"])


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("skip-existing = 1\n", "skip-existing: must be true or false, not a number"),
        ("rules = [1, 2]\n", 'rules: must be a list of strings (["a", "b"]), not a list'),
        ("[clean]\njobs = [1]\n", "[clean] jobs: must be an integer, not a list"),
        ("jobs = true\n", "jobs: must be an integer, not true/false"),
        ("jbos = 4\n", "jbos: unknown option"),
        ("[clean]\nbidi = 'on'\n", "[clean] bidi: unknown option"),
        ("[claen]\nto = 'md'\n", "claen: no such command table"),
        ('"a\\u001b[2Jb" = 1\n', "'a\\x1b[2Jb': unknown option"),
    ],
)
def test_a_bad_value_names_the_key_and_the_type(cwd: Path, toml: str, message: str) -> None:
    (cwd / "newsclean.toml").write_text(toml, encoding="utf-8")
    result = run()
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr


def test_a_config_file_that_is_not_utf8(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_bytes(b'to = "\xff\xfe"\n')
    result = run()
    assert result.exit_code == 2
    assert "newsclean.toml: not UTF-8 text" in result.stderr


def test_good_values_still_apply(cwd: Path) -> None:
    (cwd / "newsclean.toml").write_text(
        'jobs = 1\nmax-input-size = "64MB"\n[clean]\nto = "txt"\nskip-existing = false\n',
        encoding="utf-8",
    )
    result = run()
    assert result.exit_code == 0, result.stderr
    assert not result.stdout.startswith("# ")  # txt, not the md default
