"""Per-document limits (issue 19): a document past ``--doc-timeout`` or ``--max-worker-memory``
is that document's failure; the others are written and the run exits 1. On ``--jobs 1``
(in the main process), ``--jobs 2`` (pool workers) and Dask (worker threads: a helper
process keeps the limits there).

Small limits (1 s) keep the suite fast; the only timings asserted are generous hang guards.
"""

from __future__ import annotations

import json
import resource
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsclean.article import Article
from newsclean.cli import cli
from newsclean.engine import IOConfig, Plan, Step, io_config, run
from newsclean.engine import local as local_engine
from newsclean.engine.limits import DocTimeout, Limits, deadline
from newsclean.pipeline import CleanOptions, clean
from newsclean.steps.strip import StripOptions

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")

#: A user rule that backtracks catastrophically on 'a' * 40 + 'b' (hours in C regex code).
SLOW_RULE = '[[rules]]\nid = "slow"\nkind = "inline"\npattern = "(a+)+$"\n'
TIMEOUT_LINE = "bad.txt: exceeded the time limit (1 s, --doc-timeout); skipped"
#: Hang guard: well above one 1 s limit plus start-up under load, far below the rule's hours.
HANG_GUARD = 60.0


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for i in range(5):
        (root / f"ok{i}.txt").write_text(
            f"Title {i}\n\nA fine paragraph of text, number {i}.\n", encoding="utf-8"
        )
    (root / "bad.txt").write_text("Bad\n\n" + "a" * 40 + "b\n", encoding="utf-8")
    return root


@pytest.fixture
def slow_rules(tmp_path: Path) -> Path:
    path = tmp_path / "slow.toml"
    path.write_text(SLOW_RULE, encoding="utf-8")
    return path


def _clean(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", "--to", "txt", *args], env=env)


def _written(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_catastrophic_user_rule_fails_that_document_alone(
    tree: Path,
    slow_rules: Path,
    tmp_path: Path,
    jobs: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local_engine, "FILES_PER_TASK", 1)  # several tasks: the pool runs
    out = tmp_path / "out"
    started = time.monotonic()
    result = _clean(
        "--rules", str(slow_rules), "--doc-timeout", "1", "-j", jobs, "-o", str(out), str(tree)
    )
    assert time.monotonic() - started < HANG_GUARD
    assert result.exit_code == 1, result.output
    assert TIMEOUT_LINE in result.stderr
    assert "Traceback" not in result.stderr
    assert _written(out) == [f"ok{i}.txt" for i in range(5)]
    assert "number 3" in (out / "ok3.txt").read_text(encoding="utf-8")


def test_a_record_past_the_limit_is_that_records_failure(slow_rules: Path, tmp_path: Path) -> None:
    rows = [{"title": "One", "text": "Fine text."}, {"title": "Two", "text": "a" * 40 + "b"}]
    rows.append({"title": "Three", "text": "More fine text."})
    src = tmp_path / "rows.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = _clean("--rules", str(slow_rules), "--doc-timeout", "1", "-j", "1", str(src))
    assert result.exit_code == 1
    assert "rows.jsonl: record 1: exceeded the time limit (1 s, --doc-timeout); skipped" in (
        result.stderr
    )
    assert "Fine text." in result.stdout and "More fine text." in result.stdout  # 0-based


def test_the_limit_comes_from_config_and_environment(tree: Path, slow_rules: Path) -> None:
    result = _clean(
        "--rules", str(slow_rules), "-j", "1", str(tree), env={"NEWSCLEAN_DOC_TIMEOUT": "1"}
    )
    assert result.exit_code == 1 and TIMEOUT_LINE in result.stderr
    config = tree.parent / "limits.toml"
    config.write_text("[clean]\ndoc-timeout = 1\n", encoding="utf-8")
    result = _clean("--config", str(config), "--rules", str(slow_rules), "-j", "1", str(tree))
    assert result.exit_code == 1 and TIMEOUT_LINE in result.stderr
    bad = _clean("--doc-timeout", "-1", str(tree))
    assert bad.exit_code == 2


def test_without_a_limit_the_output_is_the_same(tree: Path, tmp_path: Path) -> None:
    (tree / "bad.txt").unlink()
    a, b = tmp_path / "a", tmp_path / "b"
    assert _clean("-j", "1", "-o", str(a), str(tree)).exit_code == 0
    assert _clean("-j", "1", "--doc-timeout", "0", "-o", str(b), str(tree)).exit_code == 0
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {
        p.name: p.read_bytes() for p in b.iterdir()
    }


# --- an injected slow step (pure Python), through the engine API ------------------------


def spin_on_bad(article: Article, _options: Any) -> Article:
    """A per-article step that never returns for the article titled 'Bad'."""
    while article.title == "Bad":
        pass
    return article


def swallow_and_spin(article: Article, _options: Any) -> Article:
    """Worse: catches the first timeout and goes on spinning."""
    if article.title == "Bad":
        try:
            while True:
                pass
        except Exception:
            while True:
                pass
    return article


def _plan(tree: Path, out: Path, fn: Any, jobs: int) -> Plan:
    io = io_config(inputs=(str(tree),), output=str(out), to="txt", jobs=jobs, doc_timeout=1)
    return Plan(io, Step(fn, None))


@pytest.mark.parametrize("fn", [spin_on_bad, swallow_and_spin])
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_injected_endless_step_is_stopped(
    tree: Path,
    tmp_path: Path,
    jobs: int,
    fn: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(local_engine, "FILES_PER_TASK", 2)
    out = tmp_path / "out"
    started = time.monotonic()
    summary = run(_plan(tree, out, fn, jobs))
    assert time.monotonic() - started < HANG_GUARD
    assert summary.exit_code == 1 and summary.written == 5 and summary.failures == 1
    assert TIMEOUT_LINE in capsys.readouterr().err
    assert _written(out) == [f"ok{i}.txt" for i in range(5)]
    # The main process got its SIGALRM handler and timer back.
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_deadline_restores_the_callers_handler() -> None:
    seen: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: seen.append(s))
    try:
        with pytest.raises(DocTimeout, match=r"exceeded the time limit \(0.2 s"), deadline(0.2):
            while True:
                pass
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        signal.raise_signal(signal.SIGALRM)
        assert seen == [signal.SIGALRM]
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_in_another_thread_jobs_1_still_keeps_the_limit(tree: Path, tmp_path: Path) -> None:
    import threading

    out = tmp_path / "out"
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(run(_plan(tree, out, spin_on_bad, 1))))
    thread.start()
    thread.join(HANG_GUARD)
    assert not thread.is_alive()
    assert result[0].failures == 1 and result[0].written == 5


# --- memory ------------------------------------------------------------------------------


def hog_on_bad(article: Article, _options: Any) -> Article:
    """Allocates 2 GB for the article titled 'Bad'."""
    if article.title == "Bad":
        hog = bytearray(2 << 30)
        hog[-1] = 1
    return article


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_past_the_memory_limit_fails_alone(
    tree: Path,
    tmp_path: Path,
    jobs: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(local_engine, "FILES_PER_TASK", 2)
    before = resource.getrlimit(resource.RLIMIT_AS)
    out = tmp_path / "out"
    io = io_config(
        inputs=(str(tree),), output=str(out), to="txt", jobs=jobs, max_worker_memory=256 << 20
    )
    summary = run(Plan(io, Step(hog_on_bad, None)))
    assert summary.exit_code == 1 and summary.written == 5 and summary.failures == 1
    err = capsys.readouterr().err
    assert "bad.txt: exceeded the memory limit (256 MB, --max-worker-memory); skipped" in err
    assert _written(out) == [f"ok{i}.txt" for i in range(5)]
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # jobs 1: given back


def test_memory_option_from_the_command_line(tree: Path, tmp_path: Path) -> None:
    result = _clean("--max-worker-memory", "lots", str(tree))
    assert result.exit_code == 2 and "--max-worker-memory" in result.stderr
    ok = _clean("-j", "1", "--max-worker-memory", "1GB", "-o", str(tmp_path / "o"), str(tree))
    assert ok.exit_code == 0


def test_limits_pickle_with_the_worker_config() -> None:
    import pickle

    config = local_engine.WorkerConfig(
        IOConfig().read, Step(clean, CleanOptions(strip=StripOptions())), None
    )
    assert pickle.loads(pickle.dumps(config)).limits == Limits()


# --- Dask: tasks run in worker threads; a helper process keeps the limits -----------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, processes=False, threads_per_worker=2, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_keeps_the_time_limit(
    tree: Path,
    slow_rules: Path,
    tmp_path: Path,
    client: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newsclean.engine.dask import DaskEngine

    out = tmp_path / "out"
    io = io_config(inputs=(str(tree),), output=str(out), to="txt", jobs=1, doc_timeout=1)
    step = Step(clean, CleanOptions(strip=StripOptions(rules_files=(str(slow_rules),))))
    started = time.monotonic()
    summary = run(Plan(io, step), DaskEngine(client=client, files_per_task=2))
    assert time.monotonic() - started < HANG_GUARD
    assert summary.exit_code == 1 and summary.written == 5 and summary.failures == 1
    assert TIMEOUT_LINE in capsys.readouterr().err
    assert _written(out) == [f"ok{i}.txt" for i in range(5)]


# --- libxml2 and crowded tags --------------------------------------------------------------


@pytest.mark.parametrize("value", ['="x"', "", "='y z'"])
def test_a_page_with_100000_attributes_on_one_element_is_read_fast(
    tmp_path: Path, value: str
) -> None:
    from newsclean.extract.attributes import MAX_ATTRIBUTES, cap_attributes

    attrs = " ".join(f"a{i}{value}" for i in range(100_000))
    page = f"<html><body><h1>Crowded</h1><p {attrs}>The story is here.</p></body></html>"
    capped = cap_attributes(page)
    assert capped.count(" a") == MAX_ATTRIBUTES  # the first ones kept, the rest dropped
    assert capped.endswith(">The story is here.</p></body></html>")
    src = tmp_path / "crowded.html"
    src.write_text(page, encoding="utf-8")
    started = time.monotonic()
    result = _clean("-j", "1", "--doc-timeout", "0", str(src))
    assert time.monotonic() - started < 20  # was ~50 s in libxml2 alone
    assert result.exit_code == 0 and "The story is here." in result.stdout


def test_ordinary_pages_and_script_text_are_untouched() -> None:
    from newsclean.extract.attributes import cap_attributes

    page = '<p class="a" id="b" data-x="1 2 3">Hi</p><img alt="' + "word " * 2000 + '">'
    assert cap_attributes(page) is page
    script = "<script>if (a<b " + " x" * 1000 + ") {}</script><p>ok</p>"
    assert cap_attributes(script) is script
