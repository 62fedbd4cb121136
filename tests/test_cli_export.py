"""``newsclean export`` through click's CliRunner: inputs, outputs, naming, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli

ARTICLE = "Title line\n\nFirst paragraph.\n\nSecond paragraph.\n"


def export(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(cli, ["export", "-j", "1", *args], input=input)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Other\n\nBody text.\n", encoding="utf-8")
    (root / "sub" / "c.html").write_text("<h1>Page</h1><p>Para one.</p>", encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\x00\x01")  # unknown extension: not picked up
    (root / ".hidden.txt").write_text("secret\n\nx.\n", encoding="utf-8")
    return root


def test_stdin_to_stdout_markdown_by_default() -> None:
    result = export(input=ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == "# Title line\n\nFirst paragraph.\n\nSecond paragraph.\n"
    assert result.stderr == ""


def test_dash_is_stdin_and_source_is_dash() -> None:
    result = export("--to", "json", "-", input=ARTICLE)
    data = json.loads(result.stdout)
    assert data["meta"]["source"] == "-"
    assert data["title"] == "Title line"
    assert data["text"] == "First paragraph.\n\nSecond paragraph."


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tree: Path) -> None:
    result = export("--to", "jsonl", str(tree))
    assert result.exit_code == 0, result.stderr
    sources = [json.loads(line)["meta"]["source"] for line in result.stdout.splitlines()]
    assert sources == [
        str(tree / "a.txt"),
        str(tree / "sub" / "b.txt"),
        str(tree / "sub" / "c.html"),
    ]


def test_output_dir_mirrors_tree_with_new_extension(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = export("-o", str(out) + "/", str(tree))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a.md", "sub/b.md", "sub/c.md"]
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# Title line\n")


def test_output_dir_inside_input_dir_is_not_reprocessed(tree: Path) -> None:
    out = tree / "out"
    first = export("-o", str(out), str(tree))
    assert first.exit_code == 0, first.stderr
    second = export("-o", str(out), str(tree))
    assert second.exit_code == 0, second.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a.md", "sub/b.md", "sub/c.md"]


def test_multi_record_input_one_file_per_record_in_md(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    src.write_text('{"title": "A", "text": "x"}\n{"title": "B", "text": "y"}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = export("-o", str(out), str(src))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / "recs").iterdir()) == ["0000.md", "0001.md"]
    assert (out / "recs" / "0001.md").read_text(encoding="utf-8") == "# B\n\ny\n"


def test_multi_record_input_one_stream_in_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "recs.json"
    src.write_text('[{"title": "A", "text": "x"}, {"title": "B", "text": "y"}]', encoding="utf-8")
    out = tmp_path / "out"
    result = export("--to", "jsonl", "-o", str(out), str(src))
    assert result.exit_code == 0, result.stderr
    lines = (out / "recs.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["title"] for x in lines] == ["A", "B"]


def test_output_file_format_from_extension_json_array(tmp_path: Path, tree: Path) -> None:
    target = tmp_path / "all.json"
    result = export("-o", str(target), str(tree))
    assert result.exit_code == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 3


def test_single_article_json_is_an_object() -> None:
    result = export("--to", "json", input=ARTICLE)
    assert isinstance(json.loads(result.stdout), dict)


def test_files_from_stdin_nul_separated(tree: Path) -> None:
    names = [str(tree / "sub" / "b.txt"), str(tree / "a.txt")]
    listing = "\0".join(names) + "\0"
    result = export("--to", "jsonl", "--files-from", "-", "-0", input=listing)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["title"] for x in result.stdout.splitlines()] == ["Other", "Title line"]


def test_files_from_file_keeps_relative_paths(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    listing = tmp_path / "list.txt"
    listing.write_text("sub/b.txt\n./a.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    result = export("--files-from", str(listing), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "sub" / "b.md").exists() and (out / "a.md").exists()


def test_skip_existing(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export("-o", str(out), str(tree)).exit_code == 0
    (out / "a.md").write_text("kept\n", encoding="utf-8")
    (out / "sub" / "b.md").unlink()
    result = export("--skip-existing", "-o", str(out), str(tree))
    assert result.exit_code == 0, result.stderr
    assert (out / "a.md").read_text(encoding="utf-8") == "kept\n"
    assert (out / "sub" / "b.md").exists()


def test_no_temporary_files_left(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export("-o", str(out), str(tree))
    assert not [p for p in out.rglob("*") if "newsclean-tmp" in p.name]


def test_name_collision_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("From txt\n\nx.\n", encoding="utf-8")
    (src / "a.html").write_text("<h1>From html</h1><p>y.</p>", encoding="utf-8")
    out = tmp_path / "out"
    result = export("-o", str(out), str(src))
    assert result.exit_code == 1
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# From html")
    assert "already written by this run" in result.stderr
    assert str(src / "a.txt") in result.stderr


# --- exit codes and bad input -----------------------------------------------------------


def test_missing_file_exit_1_others_processed(tree: Path) -> None:
    result = export("--to", "jsonl", str(tree / "nope.txt"), str(tree / "a.txt"))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "nope.txt" in errors[0]


def test_usage_errors_exit_2() -> None:
    assert export("--to", "pdf", input="x").exit_code == 2
    assert export("--field", "nonsense", input="x").exit_code == 2
    assert export("-0", input="x").exit_code == 2


def test_unknown_encoding_is_a_usage_error() -> None:
    result = export("--encoding", "klingon-8", input="x")
    assert result.exit_code == 2
    assert "unknown encoding" in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = export(str(empty))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{empty}: empty input" in result.stderr
    assert "Traceback" not in result.stderr


def test_binary_file_gets_a_hint(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = export(str(binary))
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert str(binary) in line and "binary" in line and "--encoding" in line


def test_invalid_jsonl_line_reported_with_line_number_and_run_continues(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    src.write_text('{"title": "A", "text": "x"}\n{"title": oops}\n{"title": "C", "text": "z"}\n')
    result = export("--to", "jsonl", str(src))
    assert result.exit_code == 1
    assert [json.loads(x)["title"] for x in result.stdout.splitlines()] == ["A", "C"]
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1
    assert f"{src}: line 2: invalid JSON" in errors[0]


def test_invalid_json_document(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text('[{"title": "A"}, ', encoding="utf-8")
    result = export(str(src))
    assert result.exit_code == 1
    assert "invalid JSON at line 1" in result.stderr


def test_unreadable_file_simulated(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, so simulate the permission error where files are opened.
    import newsclean.engine.local as batch

    real = batch.open_binary
    target = str(tree / "a.txt")

    def fake(path: str):  # type: ignore[no-untyped-def]
        if path == target:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(batch, "open_binary", fake)
    result = export("--to", "jsonl", str(tree))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert f"{target}: Permission denied" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_real(tree: Path) -> None:
    target = tree / "a.txt"
    target.chmod(0)
    try:
        result = export(str(target))
    finally:
        target.chmod(0o644)
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr


def test_verbose_shows_traceback_quiet_hides_warning(tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"  \n")
    verbose = export("-v", str(empty))
    assert "Traceback" in verbose.stderr
    quiet = export("-q", str(empty))
    assert quiet.exit_code == 1
    assert quiet.stderr.count("\n") == 1  # the one error line, no summary warning


def test_cp1256_file_detected_and_recorded(tmp_path: Path) -> None:
    src = tmp_path / "legacy.txt"
    src.write_bytes("عنوان الخبر\n\nقال المتحدث إن الاجتماع كان مثمراً.\n".encode("cp1256"))
    result = export("--to", "json", str(src))
    data = json.loads(result.stdout)
    assert data["title"] == "عنوان الخبر"
    assert data["meta"]["encoding"] == "cp1256"


def test_encoding_override(tmp_path: Path) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes("Café crème\n\nUn paragraphe.\n".encode("latin-1"))
    result = export("--to", "json", "--encoding", "latin-1", str(src))
    data = json.loads(result.stdout)
    assert data["title"] == "Café crème"
    assert data["meta"]["encoding"] == "latin-1" or data["meta"]["encoding"] == "iso8859-1"


def test_gzip_input(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "a.html.gz"
    src.write_bytes(gzip.compress(b"<h1>Zipped</h1><p>Body.</p>"))
    result = export("--to", "json", str(src))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Zipped"
    assert data["meta"]["format"] == "html"


def test_field_override_and_extra_carried(tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text('{"id": 7, "headline": "H", "story": "S1\\nS2", "text": "ignored"}\n')
    result = export("--to", "json", "--field", "text=story", str(src))
    data = json.loads(result.stdout)
    assert data["text"] == "S1\n\nS2"
    assert data["id"] == 7
    assert data["input_text"] == "ignored"
    assert list(data)[:2] == ["id", "input_text"]


def test_front_matter_flag() -> None:
    result = export("--front-matter", input=ARTICLE)
    assert result.stdout.startswith('---\ntitle: "Title line"\nsource: "-"\n')
    assert "\n---\n\n# Title line\n" in result.stdout


def test_help_lists_shared_options() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    for option in (
        "--to",
        "--from",
        "--encoding",
        "--field",
        "--files-from",
        "--null",
        "--front-matter",
        "--jobs",
        "--skip-existing",
        "--output",
    ):
        assert option in result.stdout


def test_corrupt_gzip_is_one_error_line(tmp_path: Path) -> None:
    src = tmp_path / "broken.txt.gz"
    src.write_bytes(b"\x1f\x8b\x08\x00garbage")
    result = export(str(src))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"newsclean: error: {src}: corrupt")


def test_record_dir_collision_is_one_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.csv").write_text("title,text\nA,x\nB,y\n", encoding="utf-8")
    (src / "r.jsonl").write_text('{"title": "C", "text": "z"}\n{"title": "D", "text": "w"}\n')
    out = tmp_path / "out"
    result = export("-o", str(out), str(src))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "r.jsonl" in errors[0]
    assert (out / "r" / "0000.md").read_text(encoding="utf-8") == "# A\n\nx\n"
    assert not [p for p in out.rglob("*") if "newsclean-tmp" in p.name]


def test_output_dir_equal_to_input_dir_is_a_usage_error(tree: Path) -> None:
    result = export("-o", str(tree), str(tree))
    assert result.exit_code == 2
    assert "input directory itself" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipes_and_devices_in_a_tree_are_named_and_never_opened(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("T\n\nA body.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")  # opening it would wait for a writer forever
    os.symlink(os.devnull, src / "device.txt")
    os.symlink(src / "missing.txt", src / "dangling.txt")
    (src / "notes.bin").write_bytes(b"\0")  # not named like an input: not mentioned
    result = export("-o", str(tmp_path / "out"), str(src))
    assert result.exit_code == 1
    assert sorted(line for line in result.stderr.splitlines() if "error" in line) == [
        f"newsclean: error: {src / 'dangling.txt'}: broken symlink, skipped",
        f"newsclean: error: {src / 'device.txt'}: not a regular file (a pipe, device or "
        "socket), skipped",
        f"newsclean: error: {src / 'pipe.txt'}: not a regular file (a pipe, device or "
        "socket), skipped",
    ]
    assert os.listdir(tmp_path / "out") == ["a.md"]


def test_an_output_directory_that_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text("T\n\nA body.\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    under = export("-o", str(blocker / "out"), str(src))
    assert under.exit_code == 1
    assert under.stderr.splitlines() == [
        f"newsclean: error: cannot create the output directory {blocker / 'out'}: Not a "
        "directory; choose another -o"
    ]
    itself = export("-o", f"{blocker}/", str(src))
    assert itself.exit_code == 1
    assert itself.stderr.splitlines() == [
        f"newsclean: error: the output {blocker}/ exists and is not a directory; choose another -o"
    ]
    assert blocker.read_text() == "not a directory"


def test_awkward_names_symlinks_and_loops(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "new\nline.txt").write_text("T\n\nx.\n", encoding="utf-8")
    (src / "with space.txt").write_text("T\n\ny.\n", encoding="utf-8")
    os.symlink(src / "missing.txt", src / "dangling.txt")
    os.symlink(src, src / "loop")
    raw = os.fsencode(src) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(b"Title\n\nBody.\n")
    out = tmp_path / "out"
    result = export("-o", str(out), str(src))
    assert result.exit_code == 1  # the dangling link and the loop are reported
    errors = result.stderr.splitlines()
    assert any("dangling.txt: broken symlink" in e for e in errors)
    assert any("symlink loop" in e for e in errors)
    assert all(e.startswith("newsclean: ") for e in errors)  # one line each, even "new\nline"
    written = sorted(os.listdir(os.fsencode(out)))
    assert written == [b"caf\xe9.md", b"new\nline.md", b"with space.md"]
    as_json = export("--to", "jsonl", raw.decode("utf-8", "surrogateescape"))
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["meta"]["source"].endswith("caf\udce9.txt")


def test_jsonl_with_one_legacy_line_reports_that_line(tmp_path: Path) -> None:
    good = '{"title": "خبر", "text": "قال المتحدث إن الاجتماع كان مثمراً."}\n'
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(good.encode() + good.encode("cp1256") + good.encode())
    result = export("--to", "jsonl", str(src))
    assert result.exit_code == 1
    assert [json.loads(x)["title"] for x in result.stdout.splitlines()] == ["خبر", "خبر"]
    assert f"{src}: line 2: not valid utf-8; try --encoding cp1256" in result.stderr


def test_every_shared_option_is_documented_in_the_export_page() -> None:
    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "commands" / "export.md").read_text(encoding="utf-8")
    from newsclean.cli.export import command

    for param in command.params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}" in page for opt in param.opts), param.opts


def test_skip_existing_sweeps_temporaries_of_a_killed_run(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = 999_999_999  # no such process
    (out / f".a.md.{dead}.newsclean-tmp").write_text("half")
    (out / "sub" / f".recs.{dead}.newsclean-tmp").mkdir()
    alive = out / f".b.md.{os.getpid()}.newsclean-tmp"  # a live process's: left alone
    alive.write_text("busy")
    result = export("--skip-existing", "-o", str(out), str(tree))
    assert result.exit_code == 0, result.stderr
    leftovers = sorted(p.name for p in out.rglob("*newsclean-tmp*"))
    assert leftovers == [alive.name]
    assert (out / "a.md").exists()
