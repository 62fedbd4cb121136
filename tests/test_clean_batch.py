"""``clean`` as a batch/cron job: per-input report, JSON log, summary, dry run, in place,
reader warnings, byte-identical reruns, and bad input specific to the batch options."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED = "nidaa-post-vershinin-assad.txt"


def clean(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", "-j", "1", *args], env=env)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    (src / "empty.html").write_text("<html><head><style>p{}</style></head></html>")
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_report_has_one_line_per_input(tree: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "run.jsonl"
    result = clean("-o", str(out), "--report", str(report), str(tree))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [r["input"] for r in rows] == sorted(str(p) for p in tree.iterdir())
    assert all(list(r) == ["input", "output", "status", "articles", "removed", "duplicates",
                           "error"] for r in rows)  # fmt: skip
    seed = next(r for r in rows if r["input"].endswith(SEED))
    assert seed["status"] == "ok"
    assert seed["output"] == str(out / "nidaa-post-vershinin-assad.md")
    assert seed["articles"] == 1 and seed["removed"] == 3 and seed["duplicates"] == 1
    records = next(r for r in rows if r["input"].endswith("records.jsonl"))
    assert records["articles"] == 3 and records["output"] == str(out / "records")
    assert not list(tmp_path.glob(".run.jsonl*"))  # written atomically, no temporary left


def test_report_names_failed_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Title\n\nA paragraph of text.\n")
    (src / "bad.json").write_text("{not json")
    report = tmp_path / "r.jsonl"
    result = clean("-o", str(tmp_path / "out"), "--report", str(report), str(src))
    assert result.exit_code == 1
    rows = {Path(r["input"]).name: r for r in map(json.loads, report.read_text().splitlines())}
    assert rows["bad.json"]["status"] == "failed" and rows["bad.json"]["error"]
    assert rows["good.txt"]["status"] == "ok" and rows["good.txt"]["error"] is None


def test_json_log_is_one_object_per_line(tree: Path, tmp_path: Path) -> None:
    (tree / "broken.json").write_text("{")
    result = clean("--log-format", "json", "-o", str(tmp_path / "out"), str(tree))
    assert result.exit_code == 1
    events = [json.loads(line) for line in result.stderr.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] in ("summary", "warning")
    assert "summary" in kinds
    files = [e for e in events if e["event"] == "file"]
    assert len(files) == len(list(tree.iterdir()))
    assert any(e["event"] == "error" and "broken.json" in e["message"] for e in events)
    assert any(e["event"] == "warning" and "empty.html" in e["message"] for e in events)
    summary = next(e for e in events if e["event"] == "summary")
    assert summary["processed"] == len(files) and summary["failed"] == 1


def test_summary_is_one_line_off_a_terminal(tree: Path, tmp_path: Path) -> None:
    result = clean("-o", str(tmp_path / "out"), str(tree))
    assert result.exit_code == 0, result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("newsclean: processed 7, failed 0, skipped 0, articles 12")
    assert "duplicates 1" in last
    quiet = clean("-q", "-o", str(tmp_path / "out2"), str(tree))
    assert quiet.stderr == ""


def test_reader_warnings_name_the_file(tree: Path) -> None:
    result = clean("--to", "jsonl", str(tree / "empty.html"))
    lines = result.stderr.splitlines()
    assert lines and all(str(tree / "empty.html") in line for line in lines)
    assert clean("-q", "--to", "jsonl", str(tree / "empty.html")).stderr == ""
    # every command: the engine prints them
    export = CliRunner().invoke(cli, ["export", "-j", "1", str(tree / "empty.html")])
    assert "empty.html" in export.stderr


def test_dry_run_writes_nothing(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = clean("--dry-run", "-o", str(out), str(tree))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"{tree / SEED} -> {out / 'nidaa-post-vershinin-assad.md'}" in lines
    assert f"{tree / 'records.jsonl'} -> {out / 'records'}/ (one file per record)" in lines
    assert len(lines) == len(list(tree.iterdir()))
    assert not out.exists()
    clean("-o", str(out), str(tree / SEED))
    again = clean("--dry-run", "--skip-existing", "-o", str(out), str(tree))
    assert any(line.startswith(f"skip {tree / SEED}") for line in again.stdout.splitlines())


def test_in_place_with_backup(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    shutil.copy(SAMPLES / SEED, src)
    original = src.read_bytes()
    expected = clean("--to", "txt", str(SAMPLES / SEED)).stdout_bytes
    result = clean("--in-place", "--backup-suffix", ".bak", "--to", "txt", str(src))
    assert result.exit_code == 0, result.stderr
    assert src.read_bytes() == expected
    assert (tmp_path / "a.txt.bak").read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.bak"]


def test_in_place_keeps_a_gz_input_gzip_compressed(tmp_path: Path) -> None:
    import gzip

    original = (SAMPLES / SEED).read_bytes()
    expected = clean("--to", "md", str(SAMPLES / SEED)).stdout_bytes
    copies = []
    for name in ("one", "two"):
        src = tmp_path / name
        src.mkdir()
        (src / "a.txt.gz").write_bytes(gzip.compress(original, mtime=1))
        assert clean("--in-place", "--backup-suffix", ".bak", str(src)).exit_code == 0
        copies.append((src / "a.txt.gz").read_bytes())
        assert gzip.decompress((src / "a.txt.gz.bak").read_bytes()) == original
    assert gzip.decompress(copies[0]) == expected  # still a .gz, holding the cleaned text
    assert copies[0] == copies[1]  # the same text gives the same bytes (no time, no name)


def test_in_place_leaves_an_input_with_a_failed_record_untouched(tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text('{"title": "A", "text": "Body one."}\n{broken\n{"title": "B", "text": "Two."}\n')
    before = src.read_bytes()
    result = clean("--in-place", "--to", "jsonl", str(src))
    assert result.exit_code == 1
    assert src.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.jsonl"]


def test_in_place_refuses_output_and_stdin(tmp_path: Path) -> None:
    assert clean("--in-place", "-o", str(tmp_path / "o"), str(SAMPLES / SEED)).exit_code == 2
    assert clean("--in-place", "-").exit_code == 2
    assert clean("--backup-suffix", ".bak", str(SAMPLES / SEED)).exit_code == 2


def test_identical_reruns_are_byte_identical(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "run"
    outputs = []
    for _ in range(2):
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
        for fmt in ("md", "json", "jsonl", "txt"):
            out, report = root / fmt, root / f"{fmt}.report"
            result = clean("--to", fmt, "-o", str(out), "--report", str(report), str(tree))
            assert result.exit_code == 0, result.stderr
        outputs.append(_files(root))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 20
    # a rerun over the existing outputs changes nothing either
    result = clean("--to", "md", "-o", str(root / "md"), str(tree))
    assert result.exit_code == 0
    assert _files(root) == outputs[0]


def test_jobs_do_not_change_outputs(tree: Path, tmp_path: Path) -> None:
    one = CliRunner().invoke(cli, ["clean", "-j", "1", "-o", str(tmp_path / "1"), str(tree)])
    two = CliRunner().invoke(cli, ["clean", "-j", "2", "-o", str(tmp_path / "2"), str(tree)])
    assert one.exit_code == two.exit_code == 0
    assert _files(tmp_path / "1") == _files(tmp_path / "2")


def test_dedup_report_is_the_across_report(tree: Path, tmp_path: Path) -> None:
    groups = tmp_path / "groups.json"
    result = clean("--across", "--dedup-report", str(groups), "--to", "jsonl", str(tree))
    assert result.exit_code == 0, result.stderr
    assert groups.exists()
    assert clean("--dedup-report", str(groups), str(tree)).exit_code == 2  # needs --across


def test_full_disk_is_a_clear_error_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from newsclean.write import sink

    real = sink.RecordStream._write

    def full(self: object, text: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sink.RecordStream, "_write", full)
    out = tmp_path / "all.md"
    result = clean("-o", str(out), str(SAMPLES / SEED))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and str(out) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(sink.RecordStream, "_write", real)


def _numbered_tree(root: Path, count: int) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"a{i:02d}.txt").write_text(f"Title {i}\n\nBody of story {i}, told once.\n")
    return root


def _disk_full_from(monkeypatch: pytest.MonkeyPatch, first_failing: int) -> None:
    """Outputs a00..a{first_failing - 1} are written; every later one hits a full disk."""
    import errno

    from newsclean.write import sink

    real = sink.write_atomic

    def write(path: Path | str, text: str) -> None:
        if int(os.path.basename(path)[1:3]) >= first_failing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, text)

    monkeypatch.setattr(sink, "write_atomic", write)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_disk_in_a_tree_stops_the_run_and_a_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    import multiprocessing
    import threading

    if jobs != "1" and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers see the simulated full disk only when forked")
    if jobs != "1":  # else the engine uses forkserver and its workers miss the patch
        others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
        assert not others, f"an earlier test left threads running: {others}"
    src = _numbered_tree(tmp_path / "in", 40)  # several tasks of 16 files with -j 2
    out = tmp_path / "out"
    _disk_full_from(monkeypatch, 10)
    result = CliRunner().invoke(cli, ["clean", "-j", jobs, "-o", str(out), str(src)])
    assert result.exit_code == 1
    # One line, for the first output that did not fit (in input order), saying what to do;
    # not one line per remaining input.
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1, result.stderr
    assert str(src / "a10.txt") in errors[0] and "No space left on device" in errors[0]
    assert "--skip-existing" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == [f"a{i:02d}.md" for i in range(10)]

    monkeypatch.undo()  # space was freed
    resumed = CliRunner().invoke(
        cli, ["clean", "-j", jobs, "--skip-existing", "-o", str(out), str(src)]
    )
    assert resumed.exit_code == 0, resumed.stderr
    fresh = tmp_path / "fresh"
    assert clean("-o", str(fresh), str(src)).exit_code == 0
    assert _files(out) == _files(fresh)


def test_full_disk_with_a_collection_stage_names_the_input_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --learn: the main process writes each output after the collection stage (not the
    # workers); a full disk is reported the same way, naming the input that did not fit.
    src = _numbered_tree(tmp_path / "in", 40)
    out = tmp_path / "out"
    _disk_full_from(monkeypatch, 10)
    result = clean("--learn", "-o", str(out), str(src))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1, result.stderr
    assert str(src / "a10.txt") in errors[0] and "No space left on device" in errors[0]
    assert "--skip-existing" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == [f"a{i:02d}.md" for i in range(10)]


def test_an_error_of_one_output_does_not_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from newsclean.write import sink

    real = sink.write_atomic

    def write(path: Path | str, text: str) -> None:
        if os.path.basename(path) == "a01.md":
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        real(path, text)

    monkeypatch.setattr(sink, "write_atomic", write)
    src = _numbered_tree(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = clean("-o", str(out), str(src))
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "error" in line] == [
        f"newsclean: error: {src / 'a01.txt'}: cannot write {out / 'a01.md'}: Permission denied"
    ]
    assert sorted(p.name for p in out.iterdir()) == ["a00.md", "a02.md"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_one_clear_line() -> None:
    import subprocess

    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "newsclean", "clean", "--to", "md", str(SAMPLES / SEED)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "newsclean: error: cannot write standard output: No space left on device; stopped, as "
        "every later output would fail too: free some space and rerun the same command"
    ]


def test_output_errors_that_stop_a_run() -> None:
    import errno

    from newsclean.errors import output_error

    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        error = output_error("out/a.md", OSError(code, os.strerror(code)))
        assert error.stops_run and error.hint and str(error).startswith("cannot write out/a.md: ")
    for code in (errno.EACCES, errno.EFBIG, errno.ENAMETOOLONG, errno.EEXIST):
        error = output_error("out/a.md", OSError(code, os.strerror(code)))
        assert not error.stops_run and str(error) == f"cannot write out/a.md: {os.strerror(code)}"


def test_what_a_run_writes_inside_its_input_tree_is_not_read_back(tmp_path: Path) -> None:
    # A nightly job that keeps its report, its output file and its duplicate report next
    # to the scrape: the next night must not clean them as articles.
    src = _numbered_tree(tmp_path / "in", 3)
    report, out, dups = src / "report.jsonl", src / "all.jsonl", src / "dups.json"
    args = ["--report", str(report), "--to", "jsonl", "-o", str(out)]
    args += ["--across", "--dedup-report", str(dups), str(src)]
    first = clean(*args)
    assert first.exit_code == 0, first.stderr
    written = {p.name: p.read_bytes() for p in (report, out, dups)}
    second = clean(*args)
    assert second.exit_code == 0, second.stderr
    assert {p.name: p.read_bytes() for p in (report, out, dups)} == written
    assert [json.loads(line)["input"] for line in report.read_text().splitlines()] == [
        str(src / f"a{i:02d}.txt") for i in range(3)
    ]
    assert clean("--to", "jsonl", str(report)).exit_code == 0  # named, it is read


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_second_run_into_the_same_tree_at_once_stops_with_one_error(tmp_path: Path) -> None:
    import fcntl

    src = _numbered_tree(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)  # what a run writing to `out` right now holds
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = clean("-o", str(out), str(src))
        assert busy.exit_code == 1
        assert busy.stderr.splitlines() == [
            f"newsclean: error: another newsclean run is writing to {out}; wait for it to "
            "finish, or choose another -o"
        ]
        assert list(out.iterdir()) == []
    finally:
        os.close(fd)
    assert clean("-o", str(out), str(src)).exit_code == 0
    assert clean("-o", str(out), str(src)).exit_code == 0  # each run lets go of the tree
    assert len(list(out.iterdir())) == 3


@pytest.mark.parametrize("fails_on", ["write", "close"])
def test_a_report_on_a_full_disk_is_one_error_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails_on: str
) -> None:
    import errno
    import io

    from newsclean import atomic

    class Full(io.BytesIO):
        def write(self, data: object) -> int:
            if fails_on == "write":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)  # type: ignore[arg-type]

        def close(self) -> None:
            super().close()
            if fails_on == "close":  # the buffered rest does not fit
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_open(path: Path, *args: object, **kwargs: object) -> Full:
        Path(path).write_bytes(b"")  # the temporary file exists, as with a real open
        return Full()

    # The report is the only file written with open() here (-o DIR uses os.open).
    monkeypatch.setattr(atomic, "open", full_open, raising=False)
    src = _numbered_tree(tmp_path / "in", 3)
    reports = tmp_path / "reports"
    reports.mkdir()
    result = clean("-o", str(tmp_path / "out"), "--report", str(reports / "r.jsonl"), str(src))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"newsclean: error: cannot write {reports / 'r.jsonl'}: No space")
    assert list(reports.iterdir()) == []


def test_failed_records_are_counted_as_such(tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text('{"title": "A", "text": "One."}\n[1]\n"x"\n', encoding="utf-8")
    result = clean("--to", "jsonl", str(src))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "newsclean: warning: 2 input(s) or record(s) failed; the rest were written"
    )


def test_a_report_in_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    src = _numbered_tree(tmp_path / "in", 1)
    report = tmp_path / "no" / "such" / "r.jsonl"
    result = clean("-o", str(tmp_path / "out"), "--report", str(report), str(src))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"newsclean: error: --report: {report}: the directory does not exist; create it first"
    ]
    assert not (tmp_path / "no").exists()


def test_odd_file_names_in_the_report(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "with space.txt").write_text("T\n\nBody text here.\n")
    (src / "new\nline.txt").write_text("T\n\nBody text here.\n")
    bad = os.fsencode(str(src)) + b"/caf\xe9.txt"
    with open(bad, "wb") as f:
        f.write(b"T\n\nBody text here.\n")
    report = tmp_path / "r.jsonl"
    result = clean("-o", str(tmp_path / "out"), "--report", str(report), str(src))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and all(r["status"] == "ok" for r in rows)
    assert len(list((tmp_path / "out").iterdir())) == 3


@pytest.mark.skipif(sys.platform != "linux", reason="needs RLIMIT_FSIZE")
def test_write_errors_in_a_tree_name_the_file_and_leave_nothing_half_written(
    tmp_path: Path,
) -> None:
    # RLIMIT_FSIZE makes every write past 2 KB fail (EFBIG) like a full disk would, without
    # root or a special mount: small outputs are written, big ones fail cleanly.
    import resource
    import signal
    import subprocess

    src = tmp_path / "in"
    src.mkdir()
    (src / "small.txt").write_text("Small\n\nA short body.\n")
    shutil.copy(SAMPLES / SEED, src / "big.txt")  # about 5 KB of Arabic

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "clean", "-j", "1", "-o", str(out), str(src)],
        preexec_fn=limit,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(out / "big.md") in errors[0] and "large" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == ["small.md"]


def test_bad_inputs_each_get_one_report_row_and_the_rest_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsclean.engine import local as batch

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "gone.txt", "z.txt"):
        (src / name).write_text("Title\n\nTitle\n\nA paragraph of the story.\n")
    os.symlink(src / "missing.txt", src / "dangling.txt")
    os.symlink(src, src / "loop")
    real_open = batch.open_binary

    def vanishing(path: str) -> object:
        if path.endswith("gone.txt"):
            os.unlink(path)  # deleted between the walk and the read
        return real_open(path)

    monkeypatch.setattr(batch, "open_binary", vanishing)
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    result = clean("-o", str(out), "--report", str(report), str(src))
    assert result.exit_code == 1
    rows = {Path(r["input"]).name: r for r in map(json.loads, report.read_text().splitlines())}
    assert rows["gone.txt"]["status"] == "failed"
    assert "No such file" in rows["gone.txt"]["error"]
    assert rows["dangling.txt"]["status"] == "failed"
    assert rows["loop"]["status"] == "failed" and "loop" in rows["loop"]["error"]
    assert rows["a.txt"]["status"] == rows["z.txt"]["status"] == "ok"
    assert rows["a.txt"]["duplicates"] == 1  # the repeated title
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "z.md"]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 3


def test_quiet_json_log_has_only_errors(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("T\n\nBody.\n")
    (src / "b.json").write_text("{")
    result = clean("-q", "--log-format", "json", "-o", str(tmp_path / "out"), str(src))
    assert result.exit_code == 1
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["event"] for e in events] == ["error"]
    assert "b.json" in events[0]["message"]


def test_forced_progress_bar_changes_no_output(tree: Path, tmp_path: Path) -> None:
    plain = clean("-o", str(tmp_path / "a"), str(tree))
    bar = clean("--progress", "-o", str(tmp_path / "b"), str(tree))
    assert plain.exit_code == bar.exit_code == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert "empty.html" in bar.stderr  # the warning still reaches stderr, one line
    assert sum("empty.html" in line for line in bar.stderr.splitlines()) == 1


def test_summary_counts_articles_written_after_across(tree: Path, tmp_path: Path) -> None:
    # Two copies of the seed: --across writes one, and the summary says so (it once
    # counted both as written and showed only the in-article repeats).
    shutil.copy(tree / SEED, tree / "copy.txt")
    out = tmp_path / "out"
    result = clean("--across", "--log-format", "json", "-o", str(out), str(tree))
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    summary = next(e for e in events if e["event"] == "summary")
    written = [p for p in out.rglob("*") if p.is_file()]
    assert summary["articles"] == len(written)
    assert summary["dropped"] == 1
    line = clean("--across", "-o", str(tmp_path / "out2"), str(tree)).stderr.splitlines()
    assert f"articles {len(written)}, dropped 1," in next(x for x in line if "processed" in x)
