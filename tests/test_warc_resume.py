"""Per-record resume of big web archives (issue 16): a run stopped in the middle of an
archive keeps the record files it finished (hidden, each whole), and ``--skip-existing``
goes on from there: nothing finished is cleaned again, nothing is lost, and the tree ends
byte for byte as an uninterrupted run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

import newsclean.engine.local as local
from newsclean.cli import main
from newsclean.write.sink import PARTIAL_TAG

sys.path.insert(0, str(Path(__file__).parent))
from warc_fixtures import response, zyte_pages


def _archive(path: Path, pages: list[tuple[str, str, bytes]], copies: int = 1) -> int:
    """An uncompressed WARC (over 1 MB: split into record chunks) of ``pages`` ``copies``
    times (other URLs each time) with a request record before each response; returns
    how many articles it holds."""
    html = "text/html; charset=utf-8"
    n = 0
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "newsclean tests"}))
        for copy in range(copies):
            for _, url, body in pages:
                url = f"{url}?copy={copy}" if copy else url
                w.write_record(w.create_warc_record(url, "request"))
                # Other bytes each copy: no "same payload" skip.
                response(w, url, body + b"<!-- %d -->" % copy, [("Content-Type", html)])
                n += 1
    assert path.stat().st_size > local.SPLIT_BYTES
    return n


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    code = exit_info.value.code
    return code if isinstance(code, int) else 1


def _partial(out: Path, name: str) -> Path:
    return out / f".{name}{PARTIAL_TAG}"


@pytest.fixture(scope="module")
def crawl(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    root = tmp_path_factory.mktemp("crawl")
    n = _archive(root / "big.warc", zyte_pages(shared, 12))
    return root, n


@pytest.fixture(scope="module")
def whole(crawl: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree of an uninterrupted run."""
    root, n = crawl
    out = tmp_path_factory.mktemp("whole") / "out"
    assert _run("clean", "-q", "-j", "1", "-o", f"{out}/", str(root)) == 0
    assert len(list((out / "big.warc").rglob("*.md"))) == n
    return out


def test_stopped_run_resumes_per_record(
    crawl: tuple[Path, int],
    whole: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, n = crawl
    out = tmp_path / "out"
    # Small chunks, and a Ctrl-C while the 4th chunk is being cleaned (simulated).
    monkeypatch.setattr(local, "RECORDS_PER_TASK", 5)
    real = local.convert_limited
    calls = 0

    def stopping(*args: object, **kwargs: object) -> local.Event:
        nonlocal calls
        calls += 1
        if calls == 18:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(local, "convert_limited", stopping)
    assert _run("clean", "-j", "1", "-o", f"{out}/", str(root)) == 130
    err = capsys.readouterr().err
    assert "--skip-existing" in err
    assert not (out / "big.warc").exists()  # no partial output in the tree
    partial = _partial(out, "big.warc")
    kept = {p: p.stat().st_ino for p in partial.rglob("*.md")}
    # Three whole chunks of 5 parts (the warcinfo and request records are parts too).
    assert 0 < len(kept) < n
    monkeypatch.setattr(local, "convert_limited", real)
    cleaned = 0

    def counting(*args: object, **kwargs: object) -> local.Event:
        nonlocal cleaned
        event = real(*args, **kwargs)  # type: ignore[arg-type]
        cleaned += isinstance(event, local.Item)
        return event

    monkeypatch.setattr(local, "convert_limited", counting)
    assert _run("clean", "-j", "1", "-o", f"{out}/", "--skip-existing", str(root)) == 0
    err = capsys.readouterr().err
    assert f"resumed: {len(kept)} record file(s)" in err
    assert cleaned == n - len(kept)  # the finished records were not cleaned again
    assert not partial.exists()
    assert _tree(out) == _tree(whole)
    final = out / "big.warc"
    for path, inode in kept.items():
        assert (final / path.relative_to(partial)).stat().st_ino == inode


def test_rerun_without_skip_existing_starts_over(
    crawl: tuple[Path, int], whole: Path, tmp_path: Path
) -> None:
    root, _ = crawl
    out = tmp_path / "out"
    partial = _partial(out, "big.warc")
    (partial / "stale.example").mkdir(parents=True)
    (partial / "stale.example" / "left-over.md").write_text("not from this archive\n")
    # A killed run's half-written record file (a process id that is not running).
    (partial / ".x.md.999999999.newsclean-tmp").write_text("half")
    assert _run("clean", "-q", "-j", "1", "-o", f"{out}/", str(root)) == 0
    assert not partial.exists()
    assert _tree(out) == _tree(whole)


def test_resume_sweeps_half_written_record_files(
    crawl: tuple[Path, int], whole: Path, tmp_path: Path
) -> None:
    root, _ = crawl
    out = tmp_path / "out"
    partial = _partial(out, "big.warc")
    partial.mkdir(parents=True)
    (partial / ".x.md.999999999.newsclean-tmp").write_text("half")
    code = _run("clean", "-q", "-j", "1", "-o", f"{out}/", "--skip-existing", str(root))
    assert code == 0
    assert _tree(out) == _tree(whole)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_then_resume_gives_the_same_tree(
    crawl: tuple[Path, int], whole: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    """A real signal to a real run with two workers, then ``--skip-existing``."""
    root, n = crawl
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newsclean", "clean", "-j", "2", "-o", f"{out}/", str(root)]
    partial = _partial(out, "big.warc")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if partial.is_dir() and any(partial.rglob("*.md")):
                break
            time.sleep(0.01)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal landed (a very fast machine)")
    assert proc.returncode == (130 if sig == signal.SIGINT else 143), err
    assert not (out / "big.warc").exists()
    kept = {p: p.stat().st_ino for p in partial.rglob("*.md")}
    assert kept
    assert not [p for p in out.rglob("*") if p.name.endswith(".newsclean-tmp")]
    again = subprocess.run(
        [*cmd, "--skip-existing"], capture_output=True, text=True, timeout=120, check=False
    )
    assert again.returncode == 0, again.stderr
    assert f"resumed: {len(kept)} record file(s)" in again.stderr
    assert _tree(out) == _tree(whole)
    final = out / "big.warc"
    for path, inode in kept.items():
        assert (final / path.relative_to(partial)).stat().st_ino == inode
    assert n == len(list(final.rglob("*.md")))


def test_a_planted_link_is_not_written_through(
    crawl: tuple[Path, int], whole: Path, tmp_path: Path
) -> None:
    root, _ = crawl
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, _partial(out, "big.warc"))
    code = _run("clean", "-q", "-j", "1", "-o", f"{out}/", "--skip-existing", str(root))
    assert code == 0
    assert not any(elsewhere.iterdir())
    assert _tree(out) == _tree(whole)


def test_links_inside_a_partial_folder_are_dropped(
    crawl: tuple[Path, int], whole: Path, tmp_path: Path
) -> None:
    root, _ = crawl
    out = tmp_path / "out"
    partial = _partial(out, "big.warc")
    partial.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # A host folder and a record file that lead outside the tree.
    some = next(p for p in (whole / "big.warc").rglob("*.md"))
    host = some.parent.name
    os.symlink(elsewhere, partial / host)
    other = next(p for p in (whole / "big.warc").rglob("*.md") if p.parent.name != host)
    (partial / other.parent.name).mkdir()
    os.symlink(tmp_path / "secret.md", partial / other.parent.name / other.name)
    (tmp_path / "secret.md").write_text("not an article\n")
    code = _run("clean", "-q", "-j", "1", "-o", f"{out}/", "--skip-existing", str(root))
    assert code == 0
    assert not any(elsewhere.iterdir())
    assert (tmp_path / "secret.md").read_text() == "not an article\n"
    assert _tree(out) == _tree(whole)
    assert not [p for p in out.rglob("*") if p.is_symlink()]
