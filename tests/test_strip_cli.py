"""``newsclean strip`` on the command line: output, --explain, rule options, errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsclean.cli import cli

DISCLAIMER = "المقالات المنشورة في"


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_strip_seed_to_text(samples: Path) -> None:
    result = run("strip", "--to", "txt", str(samples / "nidaa-post-vershinin-assad.txt"))
    assert result.exit_code == 0, result.stderr
    assert DISCLAIMER not in result.stdout
    assert "أحدث المواد" not in result.stdout
    assert result.stdout.rstrip().endswith("ولأيّ تعاوُن في أي مجال”.")
    assert result.stderr == ""


def test_explain_lists_each_removal_on_stderr(samples: Path) -> None:
    seed = str(samples / "nidaa-post-vershinin-assad.txt")
    result = run("strip", "--explain", "--to", "jsonl", seed)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines == [
        f"{seed}: strip: ar.disclaimer: " + lines[0].split("ar.disclaimer: ", 1)[1],
        f"{seed}: strip: tail.latest: أحدث المواد",
    ]
    assert DISCLAIMER in lines[0]
    record = json.loads(result.stdout)
    assert [r["rule"] for r in record["removed"]] == ["ar.disclaimer", "tail.latest"]
    assert "_newsclean_strip_before" not in record["meta"]


def test_explain_in_a_pipe_shows_only_new_removals(samples: Path) -> None:
    first = run("strip", "--to", "jsonl", str(samples / "nidaa-post-vershinin-assad.txt"))
    again = run("strip", "--explain", "--to", "jsonl", stdin=first.stdout)
    assert again.exit_code == 0
    assert again.stderr == ""
    assert json.loads(again.stdout)["removed"] == json.loads(first.stdout)["removed"]


def test_no_builtin_rules_and_user_rules(samples: Path, tmp_path: Path) -> None:
    seed = str(samples / "nidaa-post-vershinin-assad.txt")
    bare = run("strip", "--no-builtin-rules", "--to", "txt", seed)
    assert DISCLAIMER in bare.stdout and "أحدث المواد" in bare.stdout
    rules = tmp_path / "mine.toml"
    rules.write_text(
        '[[rules]]\n# our own footer\nid = "mine.latest"\nkind = "tail"\ntext = "أحدث المواد"\n',
        encoding="utf-8",
    )
    mine = run(
        "strip", "--no-builtin-rules", "--rules", str(rules), "--explain", "--to", "txt", seed
    )
    assert mine.exit_code == 0
    assert "أحدث المواد" not in mine.stdout and DISCLAIMER in mine.stdout
    assert mine.stderr.strip().endswith("strip: mine.latest: أحدث المواد")


def test_bad_rules_file_is_one_line_and_exit_2(samples: Path, tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rules]]\nid = "x"\npattern = "(unclosed"\n', encoding="utf-8")
    result = run("strip", "--rules", str(rules), str(samples))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert str(rules) in result.stderr and "bad pattern" in result.stderr


def test_hinted_blocks_from_a_jsonl_pipe() -> None:
    record = {
        "title": "t",
        "subtitle": "",
        "blocks": [
            {"type": "paragraph", "text": "The council met on Tuesday."},
            {"type": "list_item", "text": "World", "hint": "html.nav"},
        ],
        "meta": {"source": "page.html"},
        "removed": [],
    }
    result = run("strip", "--explain", "--to", "jsonl", "-", stdin=json.dumps(record) + "\n")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert [b["text"] for b in out["blocks"]] == ["The council met on Tuesday."]
    assert out["removed"] == [{"step": "strip", "rule": "html.nav", "text": "World", "position": 1}]
    assert "html.nav: World" in result.stderr
