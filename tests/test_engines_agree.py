"""Both engines run the same Plan through the same run: every batch option gives the same
files, report, JSON log, messages and exit status on the local pool and on Dask.

The Dask side uses an in-process LocalCluster (threads), so a monkeypatched full disk
reaches its workers too. Skips when Dask is not installed.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from newsclean import console  # noqa: E402
from newsclean.cli import cli  # noqa: E402
from newsclean.cli.dedup import CollectionDedup  # noqa: E402
from newsclean.collection.duplicates import DuplicateOptions  # noqa: E402
from newsclean.engine import BatchConfig, IOConfig, LocalEngine, Plan, Step, run  # noqa: E402
from newsclean.engine.dask import DaskEngine  # noqa: E402
from newsclean.errors import UsageError, output_error  # noqa: E402
from newsclean.pipeline import CleanOptions, clean  # noqa: E402
from newsclean.write import sink as sink_module  # noqa: E402

STORY = (
    "The council approved the new budget on Monday after a long debate about schools, "
    "roads and the harbour, which the mayor called the most important vote of the year."
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(autouse=True)
def _text_log() -> Iterator[None]:
    yield
    console.set_log_format("text")
    console.set_verbosity(1)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for i in range(6):
        text = f"Headline {i}\n\n{STORY} Item {i}.\n\nShare this article\n"
        (root / ("sub" if i % 2 else "") / f"a{i}.txt").write_text(text, encoding="utf-8")
    (root / "copy.txt").write_text(f"Headline 0\n\n{STORY} Item 0.\n", encoding="utf-8")
    rows = [{"title": f"Row {i}", "text": f"{STORY} Row {i}."} for i in range(3)]
    (root / "rows.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8"
    )
    (root / "broken.json").write_text("{ nope", encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _run_both(
    tmp_path: Path,
    client: Any,
    capsys: pytest.CaptureFixture[str],
    make: Any,
    prepare: Any = None,
) -> dict[str, dict[str, Any]]:
    """Run ``make(out, side) -> Plan`` on each engine; what each left behind, with the
    output directory's name made the same."""
    seen: dict[str, dict[str, Any]] = {}
    for side, engine in (("local", LocalEngine()), ("dask", DaskEngine(client=client))):
        out = tmp_path / side / "out"
        out.parent.mkdir()
        if prepare is not None:
            prepare(out)
        capsys.readouterr()
        summary = run(make(out, side), engine)
        captured = capsys.readouterr()
        prefix = str(tmp_path / side)
        lines = [
            line.replace(prefix, "<side>")
            for line in captured.err.splitlines()
            if line.startswith(("newsclean:", "{"))
        ]
        logs = []
        for line in lines:
            if line.startswith("{"):
                record = json.loads(line)
                record.pop("seconds", None)
                logs.append(record)
            else:
                logs.append(re.sub(r", [0-9.]+ s$", "", line))  # the summary's wall time
        report = tmp_path / side / "report.jsonl"
        seen[side] = {
            "code": summary.exit_code,
            "written": summary.written,
            "files": _files(out),
            "stdout": captured.out.replace(prefix, "<side>"),
            "stderr": logs,
            "report": report.read_text().replace(prefix, "<side>") if report.exists() else None,
            "side": {
                k: v.replace(prefix.encode(), b"<side>")
                for k, v in _files(tmp_path / side).items()
                if not k.startswith("out/")
            },
        }
    return seen


def _io(tree: Path, out: Path, **kw: Any) -> IOConfig:
    return IOConfig(inputs=(str(tree),), output=str(out), output_is_dir=True, jobs=1, **kw)


def _step() -> Step:
    return Step(clean, CleanOptions())


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_report_and_log_are_the_same(
    tree: Path, tmp_path: Path, client: Any, capsys: pytest.CaptureFixture[str], log_format: str
) -> None:
    def make(out: Path, side: str) -> Plan:
        batch = BatchConfig(log_format=log_format, report=str(out.parent / "report.jsonl"))
        return Plan(_io(tree, out), _step(), batch=batch, command="clean")

    seen = _run_both(tmp_path, client, capsys, make)
    local, dask = seen["local"], seen["dask"]
    assert local == dask
    assert local["code"] == 1  # broken.json and one bad record
    assert "a0.md" in local["files"] and "sub/a1.md" in local["files"]
    report = [json.loads(line) for line in local["report"].splitlines()]
    assert {r["status"] for r in report} == {"ok", "failed", "partial"}
    if log_format == "json":
        events = [r["event"] for r in local["stderr"] if isinstance(r, dict)]
        assert events[0] == "start" and "summary" in events and events.count("file") == 9


def test_dry_run_writes_nothing_on_either_engine(
    tree: Path, tmp_path: Path, client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    def prepare(out: Path) -> None:
        out.mkdir()
        (out / "a0.md").write_text("keep me\n")

    def make(out: Path, side: str) -> Plan:
        batch = BatchConfig(dry_run=True)
        return Plan(_io(tree, out, skip_existing=True), _step(), batch=batch)

    seen = _run_both(tmp_path, client, capsys, make, prepare)
    assert seen["local"] == seen["dask"]
    assert seen["dask"]["files"] == {"a0.md": b"keep me\n"}
    assert "skip " in seen["dask"]["stdout"] and " -> " in seen["dask"]["stdout"]
    assert seen["dask"]["code"] == 0


def test_skip_existing_is_the_same(
    tree: Path, tmp_path: Path, client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    def prepare(out: Path) -> None:
        out.mkdir()
        (out / "a0.md").write_text("old\n")
        (out / ".a2.md.999.newsclean-tmp").write_text("half")  # left by a killed run

    def make(out: Path, side: str) -> Plan:
        batch = BatchConfig(report=str(out.parent / "report.jsonl"))
        return Plan(_io(tree, out, skip_existing=True), _step(), batch=batch)

    seen = _run_both(tmp_path, client, capsys, make, prepare)
    assert seen["local"] == seen["dask"]
    files = seen["dask"]["files"]
    assert files["a0.md"] == b"old\n" and ".a2.md.999.newsclean-tmp" not in files
    assert '"status": "skipped"' in seen["dask"]["report"]


@pytest.mark.parametrize("keep", ["first", "longest"])
def test_across_with_index_and_dedup_report_is_the_same(
    tree: Path, tmp_path: Path, client: Any, capsys: pytest.CaptureFixture[str], keep: str
) -> None:
    def make(out: Path, side: str) -> Plan:
        stage = CollectionDedup(
            DuplicateOptions(keep=keep),
            str(out.parent / "seen.idx"),
            str(out.parent / "dups.json"),
        )
        stage.load()
        batch = BatchConfig(report=str(out.parent / "report.jsonl"))
        return Plan(_io(tree, out), _step(), (stage,), batch=batch)

    seen = _run_both(tmp_path, client, capsys, make)
    local, dask = seen["local"], seen["dask"]
    assert local == dask
    assert "seen.idx" in local["side"] and "dups.json" in local["side"]
    groups = json.loads(local["side"]["dups.json"])
    assert groups["summary"]["duplicates"] >= 1  # copy.txt repeats a0.txt
    assert len(local["files"]) < 9


def test_full_disk_stops_both_engines_the_same_way(
    tree: Path,
    tmp_path: Path,
    client: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = sink_module.write_atomic

    def filling(path: Any, text: str) -> None:
        # The disk fills up at a4 (whichever worker gets there first: Dask's run in parallel).
        if os.path.basename(path) >= "a4.md":
            raise output_error(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        real(path, text)

    monkeypatch.setattr(sink_module, "write_atomic", filling)

    def make(out: Path, side: str) -> Plan:
        batch = BatchConfig(report=str(out.parent / "report.jsonl"))
        return Plan(_io(tree, out), _step(), batch=batch)

    seen = _run_both(tmp_path, client, capsys, make)
    for side in ("local", "dask"):
        got = seen[side]
        assert got["code"] == 1
        assert any("No space left on device" in str(e) for e in got["stderr"])
        assert any("free some space" in str(e) for e in got["stderr"])
        assert got["report"] is None  # the run stopped: no report claims it finished
        assert not [k for k in got["files"] if "newsclean-tmp" in k]
    assert seen["local"]["stderr"][-1] == seen["dask"]["stderr"][-1]


def test_a_locked_output_directory_stops_both_engines(
    tree: Path, tmp_path: Path, client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    held: list[int] = []

    def prepare(out: Path) -> None:
        out.mkdir()
        fd = sink_module.lock_exclusive(str(out))
        assert fd is not None
        held.append(fd)

    def make(out: Path, side: str) -> Plan:
        return Plan(_io(tree, out), _step(), batch=BatchConfig())

    try:
        seen = _run_both(tmp_path, client, capsys, make, prepare)
    finally:
        for fd in held:
            os.close(fd)
    assert seen["local"] == seen["dask"]
    assert seen["dask"]["code"] == 1 and seen["dask"]["files"] == {}
    assert "another newsclean run is writing to" in seen["dask"]["stderr"][0]


def test_dask_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    engine = DaskEngine()
    out = str(tmp_path / "out")
    refused = {
        "stdin": Plan(IOConfig(output=out, output_is_dir=True)),
        "stdout": Plan(IOConfig(inputs=(str(tmp_path),))),
        "in place": Plan(IOConfig(inputs=(str(tmp_path),)), batch=BatchConfig(in_place="")),
        "a stage": Plan(
            IOConfig(inputs=(str(tmp_path),), output=out, output_is_dir=True),
            stages=(lambda articles: articles,),
        ),
    }
    for name, plan in refused.items():
        with pytest.raises(UsageError):
            run(plan, engine)
        assert not (tmp_path / "out").exists(), name


def test_cli_dask_dry_run_and_stdin_are_honoured_or_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f"Title\n\n{STORY}\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("keep\n")
    runner = CliRunner()
    dry = runner.invoke(cli, ["clean", "--engine", "dask", "--dry-run", "-o", str(out), str(src)])
    assert dry.exit_code == 0, dry.output
    assert f"{src / 'a.txt'} -> {out / 'a.md'}" in dry.stdout
    assert (out / "a.md").read_text() == "keep\n"  # nothing written
    piped = runner.invoke(cli, ["clean", "--engine", "dask", "-o", str(out)], input="T\n\nx.\n")
    assert piped.exit_code == 2
    assert "cannot read stdin" in piped.stderr
