"""Writing outputs among links and old backups (docs/safety.md "Files and links").

* ``--in-place`` on an input that is a symbolic link: refused for that input (one error line,
  exit 1), the link and the file it names untouched, other inputs cleaned.
* ``-o DIR`` never writes through a symbolic link inside DIR to outside it.
* ``--backup-suffix`` never overwrites an existing backup: it holds the older text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")

ARTICLE = 'Title\n\nHe said "yes" to the plan , and left.\n'
CLEANED = "Title\n\nHe said “yes” to the plan, and left.\n"


def clean(*args: str) -> Result:
    return CliRunner().invoke(cli, ["clean", *args])


def test_in_place_leaves_a_symlinked_input_alone(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "real.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    link = src / "link.txt"
    link.symlink_to(target)
    result = clean("--in-place", "--to", "txt", str(link), str(src / "plain.txt"))
    assert result.exit_code == 1
    errors = [e for e in result.stderr.splitlines() if ": error: " in e]
    assert len(errors) == 1 and "link.txt: a symbolic link" in errors[0]
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text("utf-8") == ARTICLE
    assert (src / "plain.txt").read_text("utf-8") == CLEANED  # the others go on
    assert sorted(p.name for p in src.iterdir()) == ["link.txt", "plain.txt"]


def test_output_dir_never_writes_through_a_link_to_outside(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "deeper").mkdir()
    (src / "sub" / "deeper" / "c.txt").write_text(ARTICLE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)
    result = clean("-o", str(out), str(src))
    assert result.exit_code == 1
    errors = [e for e in result.stderr.splitlines() if ": error: " in e]
    assert len(errors) == 2  # sub/a.txt and sub/deeper/c.txt
    assert all("would be written through a symbolic link" in e for e in errors)
    assert (elsewhere / "a.md").read_text("utf-8") == "precious"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["a.md"]
    assert (out / "b.md").exists()  # the rest is written


def test_output_dir_that_is_itself_a_link_is_fine(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    real = tmp_path / "real-out"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    result = clean("--to", "txt", "-o", str(tmp_path / "out"), str(src))
    assert result.exit_code == 0, result.stderr
    assert (real / "sub" / "a.txt").read_text("utf-8") == CLEANED


def test_an_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    args = ("--in-place", "--backup-suffix", ".orig", "--to", "txt", str(src))
    assert clean(*args).exit_code == 0
    assert (tmp_path / "a.txt.orig").read_text("utf-8") == ARTICLE
    # a second run: the input is cleaned again, the backup keeps the original
    src.write_text(ARTICLE.replace("plan", "deal"), encoding="utf-8")
    assert clean(*args).exit_code == 0
    assert src.read_text("utf-8") == CLEANED.replace("plan", "deal")
    assert (tmp_path / "a.txt.orig").read_text("utf-8") == ARTICLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.orig"]


def test_a_backup_name_held_by_a_link_is_left_alone(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "a.txt.bak").symlink_to(victim)
    result = clean("--in-place", "--backup-suffix", ".bak", "--to", "txt", str(src))
    assert result.exit_code == 0, result.stderr
    assert victim.read_text("utf-8") == "keep me"
    assert (tmp_path / "a.txt.bak").is_symlink()
