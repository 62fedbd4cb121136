"""``--lang`` and ``--min-words``: what is kept, and every dropped article counted with why
(summary, ``--report``, ``-v`` lines) on each command that has them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.article import Article, Block
from newsclean.cli import cli
from newsclean.filters import Filter, parse_languages, primary_tag, word_count

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args[:1], "-j", "1", *args[1:]])


def records(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.split("\n") if line]


def article(text: str, language: str | None = None) -> Article:
    meta = {"language": language} if language is not None else {}
    return Article(title="T", blocks=(Block("paragraph", text),), meta=meta)


def test_filter_reasons() -> None:
    keep = Filter(parse_languages("ar, FA"), min_words=3)
    assert keep.why(article("one two three", "ar")) is None
    assert keep.why(article("one two three", "fa-IR")) is None
    drop = keep.why(article("one two three", "en"))
    assert drop is not None and drop.reason == "lang" and "en" in drop.message
    short = keep.why(article("one two", "ar"))
    assert short is not None and short.reason == "min-words" and "2 words" in short.message
    assert keep.why(article("one two three")) is not None  # unknown language: "und"
    assert not Filter().active and Filter().why(article("")) is None


def test_language_tags_and_words() -> None:
    assert primary_tag("ar_SA") == "ar" and primary_tag("") == "und" and primary_tag(None) == "und"
    assert word_count(article("  كلمة   أخرى\nثالثة ")) == 3
    with pytest.raises(ValueError):
        parse_languages(" , ")


def test_lang_keeps_only_those_languages() -> None:
    everything = records(run("export", "--to", "jsonl", str(SAMPLES)))
    kept = records(run("export", "--to", "jsonl", "--lang", "ar", str(SAMPLES)))
    langs = [str(r["meta"]["language"]) for r in everything]  # type: ignore[index]
    assert "en" in langs and "ar" in langs
    assert len(kept) == langs.count("ar")
    assert all(r["meta"]["language"] == "ar" for r in kept)  # type: ignore[index]


def test_min_words_counts_the_cleaned_body() -> None:
    kept = records(run("clean", "--to", "jsonl", "--min-words", "40", str(SAMPLES)))
    assert kept and all(len(str(r["text"]).split()) >= 40 for r in kept)


def test_every_drop_is_counted_and_explained(tmp_path: Path) -> None:
    report = tmp_path / "run.jsonl"
    result = run(
        "clean",
        "-v",
        "--lang",
        "ar",
        "--min-words",
        "30",
        "--report",
        str(report),
        "-o",
        str(tmp_path / "out"),
        str(SAMPLES),
    )
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if " dropped: " in line]
    assert any("record 1 dropped: language en is not one of --lang ar" in x for x in lines)
    assert any("words, fewer than --min-words 30" in x for x in lines)
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert all(list(r) == ["input", "output", "status", "articles", "removed", "duplicates",
                           "dropped", "error"] for r in rows)  # fmt: skip
    dropped = sum(sum(r["dropped"].values()) for r in rows)
    assert dropped == len(lines)
    total = len(records(run("clean", "--to", "jsonl", str(SAMPLES))))
    assert sum(r["articles"] for r in rows) + dropped == total  # nothing silently lost
    assert f"dropped {dropped} article(s) by filter" in result.stderr
    assert f"dropped {dropped}," in result.stderr  # the summary line


def test_without_filters_the_report_has_no_dropped_key(tmp_path: Path) -> None:
    report = tmp_path / "run.jsonl"
    result = run("clean", "--report", str(report), "-o", str(tmp_path / "o"), str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    assert all("dropped" not in json.loads(x) for x in report.read_text().splitlines())
    assert "dropped" not in result.stderr


@pytest.mark.parametrize("command", ["export", "strip", "normalize", "dedup", "clean"])
def test_every_article_command_filters(command: str) -> None:
    kept = records(run(command, "--to", "jsonl", "--lang", "en", str(SAMPLES)))
    assert kept and all(r["meta"]["language"] == "en" for r in kept)  # type: ignore[index]


def test_filter_with_a_collection_stage() -> None:
    # clean --across dedups across inputs after the filter: dropped articles never enter it.
    kept = records(run("clean", "--across", "--to", "jsonl", "--lang", "ar", str(SAMPLES)))
    assert kept and all(r["meta"]["language"] == "ar" for r in kept)  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--min-words", "-1"), "--min-words must be 0 or more"),
        (("--lang", ","), "--lang: expected language codes"),
    ],
)
def test_bad_filter_values_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run("export", *args, str(SAMPLES))
    assert result.exit_code == 2 and message in result.stderr


def test_filters_never_delete_from_the_inputs(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"title": "T", "text": "one two"}\n', encoding="utf-8")
    result = run("clean", "--in-place", "--min-words", "5", str(source))
    assert result.exit_code == 2 and "--in-place" in result.stderr
    assert source.read_text(encoding="utf-8") == '{"title": "T", "text": "one two"}\n'


def test_skipped_inputs_have_the_dropped_key_too(tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "run.jsonl"
    assert run("clean", "-o", str(out), str(SAMPLES)).exit_code == 0
    args = ("--skip-existing", "--lang", "ar", "--report", str(report))
    result = run("clean", *args, "-o", str(out), str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["status"] == "skipped" and r["dropped"] == {} for r in rows)
