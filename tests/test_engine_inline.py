"""Records are done in the main process until there is enough work to pay for a pool
(``INLINE_SECONDS``), with the same events, in the same order, as a pool gives (issue 18)."""

from __future__ import annotations

import concurrent.futures
import json
import time
from pathlib import Path
from typing import Any

import pytest

import newsclean.engine.local as local
from newsclean.article import Article
from newsclean.engine.local import Item, Step, WorkerConfig, execute, plan
from newsclean.read import ReadOptions
from newsclean.read.walk import expand
from newsclean.write import Renderer


def mark(article: Article, options: str) -> Article:
    return article.replace(title=article.title + options)


def slow_mark(article: Article, options: str) -> Article:
    end = time.process_time() + 0.002  # CPU, so the budget runs out on any machine
    while time.process_time() < end:
        pass
    return mark(article, options)


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src = tmp_path / "recs.jsonl"
    with src.open("w") as f:
        for i in range(120):
            f.write(json.dumps({"title": f"r{i}", "text": f"body {i}."}) + "\n")
    monkeypatch.setattr(local, "SPLIT_BYTES", 10)  # records chunked in the main process
    monkeypatch.setattr(local, "RECORDS_PER_TASK", 8)  # into 15 tasks
    return src


class _Pools:
    """Counts the pools the engine starts (a real pool each time)."""

    def __init__(self) -> None:
        self.started = 0
        self.real = concurrent.futures.ProcessPoolExecutor

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.started += 1
        return self.real(*args, **kwargs)


def _titles(src: Path, fn: Any, jobs: int) -> list[str]:
    config = WorkerConfig(ReadOptions(), Step(fn, "!"), Renderer("jsonl"))
    tasks = plan(expand([str(src)]), ReadOptions(), stdin=lambda: None)
    out = []
    for event in execute(tasks, config, jobs):
        assert isinstance(event, Item) and isinstance(event.payload, str)
        out.append(json.loads(event.payload)["title"])
    return out


def test_a_short_run_of_records_starts_no_pool(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = _Pools()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pools)
    monkeypatch.setattr(local, "INLINE_SECONDS", 60.0)
    titles = _titles(records, mark, 2)
    assert pools.started == 0
    assert titles == [f"r{i}!" for i in range(120)]


def test_with_no_budget_the_pool_does_the_records_and_gives_the_same(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _titles(records, mark, 1)
    pools = _Pools()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pools)
    monkeypatch.setattr(local, "INLINE_SECONDS", 0.0)
    assert _titles(records, mark, 2) == serial
    assert pools.started == 1


def test_past_the_budget_a_pool_does_the_rest_in_order(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = _Pools()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pools)
    monkeypatch.setattr(local, "INLINE_SECONDS", 0.05)  # ~3 tasks of 8 slow records
    assert _titles(records, slow_mark, 2) == [f"r{i}!" for i in range(120)]
    assert pools.started == 1


def test_a_pipe_gone_quiet_during_the_inline_records_lets_them_out(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from newsclean.engine.local import PAUSED, RecordsTask

    monkeypatch.setattr(local, "INLINE_SECONDS", 60.0)
    config = WorkerConfig(ReadOptions(), Step(mark, "!"), Renderer("jsonl"))
    tasks = list(plan(expand([str(records)]), ReadOptions(), stdin=lambda: None))
    assert len(tasks) > 4 and all(isinstance(t, RecordsTask) for t in tasks)
    quiet = tasks[3]
    assert isinstance(quiet, RecordsTask)
    tasks[3] = dataclasses.replace(quiet, flush=True)  # the pipe had nothing more here
    events = list(execute(iter(tasks), config, 2))
    before = sum(len(t.parts) for t in tasks[:4] if isinstance(t, RecordsTask))
    assert events.count(PAUSED) == 1
    assert events.index(PAUSED) == before  # right after that task's records
    assert len(events) == 121
