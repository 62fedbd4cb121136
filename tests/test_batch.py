"""The batch engine: ordered parallel execution, picklable stages, collection routing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import newsclean.engine.local as batch
from newsclean.article import Article
from newsclean.cli.common import IOConfig, io_options, run
from newsclean.engine.local import (
    Chain,
    Failure,
    Item,
    Step,
    WorkerConfig,
    check_picklable,
    execute,
    plan,
)
from newsclean.read import ReadOptions
from newsclean.read.walk import expand
from newsclean.write import Renderer


def shout(article: Article, options: str) -> Article:
    return article.replace(title=article.title.upper() + options)


def tag(article: Article) -> Article:
    return article.with_meta(tagged=True)


def drop_odd_records(articles: Iterator[Article]) -> Iterator[Article]:
    for article in articles:
        if article.meta.get("record", 0) % 2 == 0:
            yield article.with_meta(kept_by="collection")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for i in range(30):
        (root / f"f{i:02d}.txt").write_text(f"title {i}\n\n" + "body. " * i + "\n")
    with (root / "recs.jsonl").open("w") as f:
        for i in range(150):
            f.write(json.dumps({"title": f"r{i}", "text": "x"}) + "\n")
    return root


def _titles(events: Iterator[Item | Failure]) -> list[str]:
    out = []
    for event in events:
        assert isinstance(event, Item)
        assert isinstance(event.payload, str)
        out.append(json.loads(event.payload)["title"])
    return out


@pytest.mark.parametrize("split", [False, True])
def test_parallel_order_equals_serial(
    inputs: Path, split: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if split:  # force the big-record path (records chunked in the main process)
        monkeypatch.setattr(batch, "SPLIT_BYTES", 10)
        monkeypatch.setattr(batch, "RECORDS_PER_TASK", 7)
    config = WorkerConfig(ReadOptions(), Chain((Step(shout, "!"), tag)), Renderer("jsonl"))

    def titles(jobs: int) -> list[str]:
        tasks = plan(expand([str(inputs)]), ReadOptions(), stdin=lambda: None)
        return _titles(execute(tasks, config, jobs))

    serial = titles(1)
    assert serial == titles(2)
    assert serial[:2] == ["TITLE 0!", "TITLE 1!"]
    assert serial[-1] == "R149!"
    assert len(serial) == 180


def test_lambda_stage_is_rejected_clearly() -> None:
    with pytest.raises(TypeError, match="picklable"):
        check_picklable(WorkerConfig(ReadOptions(), lambda a: a, None))
    check_picklable(WorkerConfig(ReadOptions(), Step(shout, "?"), Renderer("md")))


def test_failing_stage_reports_record_and_continues(tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text('{"title": "ok", "text": "x"}\n{"title": "boom", "text": "y"}\n')

    def explode(article: Article, _: None) -> Article:
        if article.title == "boom":
            raise ValueError("bad article")
        return article

    config = WorkerConfig(ReadOptions(), Step(explode, None), Renderer("jsonl"))
    events = list(execute(plan(expand([str(src)]), ReadOptions(), stdin=lambda: None), config, 1))
    assert isinstance(events[0], Item)
    assert isinstance(events[1], Failure)
    assert (
        events[1].line().startswith(f"{src}: record 1: unexpected error (ValueError: bad article)")
    )


@click.command("demo")
@io_options
def demo(io: IOConfig) -> None:
    run(io, Step(shout, ""), drop_odd_records)


def test_collection_stage_routes_outputs(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    src.write_text("".join(json.dumps({"title": f"t{i}", "text": "x"}) + "\n" for i in range(5)))
    out = tmp_path / "out"
    result = CliRunner().invoke(demo, ["-j", "2", "-o", str(out), str(src)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / "recs").iterdir()) == ["0000.md", "0002.md", "0004.md"]
    assert (out / "recs" / "0002.md").read_text() == "# T2\n\nx\n"
    as_json = CliRunner().invoke(demo, ["--to", "jsonl", str(src)])
    metas = [json.loads(line)["meta"] for line in as_json.stdout.splitlines()]
    assert [m["record"] for m in metas] == [0, 2, 4]
    assert all(m["kept_by"] == "collection" and "_newsclean_route" not in m for m in metas)


def test_empty_stdin_is_not_an_error() -> None:
    result = CliRunner().invoke(demo, ["--to", "jsonl"], input="")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_skip_existing_output_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    target.write_text("old\n")
    result = CliRunner().invoke(
        demo, ["--skip-existing", "-o", str(target), "-"], input="T\n\nx.\n"
    )
    assert result.exit_code == 0
    assert target.read_text() == "old\n"


SEEN: list[str] = []
SUMMARIES: list[object] = []


@click.command("observed")
@io_options
def observed(io: IOConfig) -> None:
    run(
        io,
        on_event=lambda e: SEEN.append(type(e).__name__),
        on_finish=SUMMARIES.append,
    )


def test_run_hooks_see_events_and_summary(tmp_path: Path) -> None:
    SEEN.clear()
    SUMMARIES.clear()
    src = tmp_path / "r.jsonl"
    src.write_text('{"title": "a", "text": "x"}\nbroken\n{"title": "b", "text": "y"}\n')
    result = CliRunner().invoke(observed, ["-j", "1", "--to", "jsonl", str(src)])
    assert result.exit_code == 1
    assert SEEN == ["Item", "Failure", "Item"]
    (summary,) = SUMMARIES
    assert (summary.written, summary.failures, summary.skipped) == (2, 1, 0)  # type: ignore[attr-defined]


@pytest.mark.parametrize("split", [False, True])
def test_output_trees_identical_whatever_jobs(
    inputs: Path, tmp_path: Path, split: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsclean.cli import cli

    if split:  # big-record path: workers write record files into a prepared directory
        monkeypatch.setattr(batch, "SPLIT_BYTES", 10)
        monkeypatch.setattr(batch, "RECORDS_PER_TASK", 7)
    (inputs / "empty-recs.jsonl").write_text("not json\n" * 20)  # prepared, never published
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(cli, ["export", "-j", jobs, "-o", str(out), str(inputs)])
        assert result.exit_code == 1  # the 20 bad lines
        assert result.stderr.count("empty-recs.jsonl: line") == 20
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    assert len(trees[0]) == 30 + 150
    assert not [p for p in tmp_path.rglob("*") if "newsclean-tmp" in p.name]


def test_with_another_thread_running_workers_come_from_forkserver(inputs: Path) -> None:
    import threading

    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert not others, f"an earlier test left threads running: {others}"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert batch._mp_context().get_start_method() == "forkserver"
        config = WorkerConfig(ReadOptions(), Step(shout, "!"), Renderer("jsonl"))
        tasks = plan(expand([str(inputs)]), ReadOptions(), stdin=lambda: None)
        titles = _titles(execute(tasks, config, 2))  # everything pickled for real here
    finally:
        stop.set()
        thread.join()
    assert titles[:2] == ["TITLE 0!", "TITLE 1!"] and len(titles) == 180
    assert batch._mp_context().get_start_method() == "fork"
