"""``newsclean dedup`` through click's CliRunner: data on stdout, summary on stderr,
--keep/--mark/--report/--index behaviour and exit codes."""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.cli.dedup import DEDUP_PARAMS, build_dedup_options, build_duplicate_options
from newsclean.steps.dedup import DedupOptions


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["dedup", "-j", "1", *args], input=input)


def _story(seed: int, sentences: int = 8) -> str:
    rnd = random.Random(seed)
    words = [f"w{rnd.randrange(5000)}" for _ in range(sentences * 12)]
    return "\n".join(" ".join(words[i : i + 12]) + "." for i in range(0, len(words), 12))


def _jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _collection() -> list[dict[str, object]]:
    a, b, c = _story(1), _story(2), _story(3)
    return [
        {"id": "a", "title": "Story A", "text": a, "published": "2024-05-01"},
        {"id": "b", "title": "عاجل", "text": b, "published": "2024-05-01"},
        {"id": "c", "title": "عاجل", "text": c, "published": "2024-05-02"},  # generic title
        {"id": "a2", "title": "Story A - Daily", "text": a.upper(), "published": "2024-05-03"},
        {"id": "a3", "title": "Story A", "text": a + "\nOne more line added.", "published": ""},
    ]


def test_drops_duplicates_keeps_generic_headline_stories(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(_collection()), encoding="utf-8")
    result = invoke("--to", "jsonl", str(src))
    assert result.exit_code == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["a", "b", "c"]
    assert "5 records, 2 duplicates dropped in 1 groups" in result.stderr


def test_mark_keeps_everything(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(_collection()), encoding="utf-8")
    result = invoke("--to", "jsonl", "--mark", str(src))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a", "b", "c", "a2", "a3"]
    assert all("cluster" in r["meta"] for r in out)
    assert out[3]["meta"]["duplicate_of"] == f"{src}#0"
    assert out[3]["meta"]["cluster"] == out[0]["meta"]["cluster"]
    assert "duplicate_of" not in out[2]["meta"]


def test_keep_longest_and_newest_from_stdin() -> None:
    data = _jsonl(_collection())
    longest = invoke("--to", "jsonl", "--keep", "longest", "--from", "jsonl", input=data)
    assert longest.exit_code == 0, longest.stderr
    assert [json.loads(x)["id"] for x in longest.stdout.splitlines()] == ["b", "c", "a3"]
    newest = invoke("--to", "jsonl", "--keep", "newest", "--from", "jsonl", input=data)
    assert [json.loads(x)["id"] for x in newest.stdout.splitlines()] == ["b", "c", "a2"]


def test_report_json_and_csv(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(_collection()), encoding="utf-8")
    rj, rc = tmp_path / "r.json", tmp_path / "r.csv"
    assert invoke("--to", "jsonl", "--report", str(rj), str(src)).exit_code == 0
    doc = json.loads(rj.read_text(encoding="utf-8"))
    assert doc["summary"]["records"] == 5 and doc["summary"]["duplicates"] == 2
    (group,) = doc["groups"]
    assert group["kept"] == f"{src}#0"
    assert [d["record"] for d in group["duplicates"]] == [f"{src}#3", f"{src}#4"]
    assert {d["why"] for d in group["duplicates"]} == {"identical", "near-duplicate"}
    assert invoke("--to", "jsonl", "--report", str(rc), str(src)).exit_code == 0
    rows = list(csv.DictReader(rc.open(encoding="utf-8")))
    assert [r["record"] for r in rows] == [f"{src}#3", f"{src}#4"]
    assert float(rows[0]["similarity"]) == 1.0


def test_index_across_runs_and_corrupt_index(tmp_path: Path) -> None:
    idx = tmp_path / "seen.idx"
    day1, day2 = tmp_path / "d1.jsonl", tmp_path / "d2.jsonl"
    recs = _collection()
    day1.write_text(_jsonl(recs[:3]), encoding="utf-8")
    day2.write_text(_jsonl([*recs[3:], {"id": "d", "title": "New", "text": _story(9)}]), "utf-8")
    first = invoke("--to", "jsonl", "--index", str(idx), str(day1))
    assert first.exit_code == 0 and idx.exists()
    second = invoke("--to", "jsonl", "--index", str(idx), str(day2))
    assert second.exit_code == 0, second.stderr
    assert [json.loads(x)["id"] for x in second.stdout.splitlines()] == ["d"]
    assert "index 3 -> 6 records" in second.stderr
    # A damaged index: clear one-line error, exit 2, no output, file untouched.
    data = bytearray(idx.read_bytes())
    data[-1] ^= 0xFF
    idx.write_bytes(bytes(data))
    bad = invoke("--to", "jsonl", "--index", str(idx), str(day2))
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert "checksum" in bad.stderr and str(idx) in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert idx.read_bytes() == bytes(data)


def test_in_article_step_and_scope(samples: Path) -> None:
    seed = str(samples / "nidaa-post-vershinin-assad.txt")
    result = invoke("--to", "jsonl", "--scope", "within", seed)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert [r["rule"] for r in record["removed"] if r["step"] == "dedup"] == ["headline-repeat"]
    assert result.stderr == ""
    kept = invoke("--to", "jsonl", "--no-headline", seed)
    assert not [r for r in json.loads(kept.stdout)["removed"] if r["step"] == "dedup"]
    assert invoke("--scope", "within", "--mark", seed).exit_code == 2


def test_empty_input_and_quiet() -> None:
    result = invoke("--to", "jsonl", "-q", "--from", "jsonl", input="")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_builders_cover_every_option() -> None:
    assert build_dedup_options() == DedupOptions()
    opts = build_dedup_options(no_headline=True, near=1.0, min_chars=10, unrelated=1)
    assert (opts.headline, opts.near, opts.min_chars) == (False, 1.0, 10)
    assert set(DEDUP_PARAMS) == {"no_headline", "no_lede", "no_paragraphs", "near", "min_chars"}
    assert build_duplicate_options(keep="newest", mark=True).keep == "newest"


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_an_index_in_use_by_another_run_is_one_error(tmp_path: Path) -> None:
    import fcntl
    import os

    idx = tmp_path / "seen.idx"
    day1, day2 = tmp_path / "d1.jsonl", tmp_path / "d2.jsonl"
    recs = _collection()
    day1.write_text(_jsonl(recs[:3]), encoding="utf-8")
    day2.write_text(_jsonl(recs[3:]), encoding="utf-8")
    assert invoke("--to", "jsonl", "--index", str(idx), str(day1)).exit_code == 0
    before = idx.read_bytes()
    fd = os.open(idx, os.O_RDONLY)  # what an overlapping run holds while it works
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = invoke("--to", "jsonl", "--index", str(idx), str(day2))
        assert busy.exit_code == 1 and busy.stdout == ""
        assert busy.stderr.splitlines() == [
            f"newsclean: error: {idx}: another newsclean run is using this index; wait for "
            "it to finish"
        ]
        assert idx.read_bytes() == before
    finally:
        os.close(fd)
    second = invoke("--to", "jsonl", "--index", str(idx), str(day2))
    assert second.exit_code == 0, second.stderr
    assert "index 3 -> 5 records" in second.stderr


def test_missing_directory_for_index_or_report(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(_collection()), encoding="utf-8")
    for option in ("--index", "--report"):
        result = invoke("--to", "jsonl", option, str(tmp_path / "nope" / "f"), str(src))
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "does not exist" in result.stderr


def test_every_dedup_option_is_documented_in_the_dedup_page() -> None:
    root = Path(__file__).resolve().parent.parent
    section = (root / "docs" / "commands" / "dedup.md").read_text(encoding="utf-8")
    from newsclean.cli.common import _IO_PARAMS
    from newsclean.cli.dedup import command

    for param in command.params:
        if isinstance(param, click.Option) and param.name not in _IO_PARAMS:
            assert any(f"`{opt}" in section for opt in param.opts), param.opts
