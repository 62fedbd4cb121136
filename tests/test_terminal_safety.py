"""Scraped text on a terminal: every path goes through the one neutraliser; files stay exact.

An article may carry an OSC 52 clipboard write (``ESC ] 52 ; c ; … BEL``), a screen clear
(``ESC [ 2 J``), C1 controls or a right-to-left override (U+202E). ``--explain`` (strip,
clean), the ``learn`` summary, articles on stdout when stdout is a terminal, and ``show``
(with ``--bidi off`` too) must show them as visible symbols; output to a file or a pipe must
keep them byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cli import cli
from newsclean.engine import streams
from newsclean.text.terminal import inert, inert_line, neutralise
from newsclean.write.sink import StreamSink, for_terminal

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"
C1 = "\x9b"
HOSTILE = f"{OSC52}{CLEAR}{C1}{RLO}exe.gnp"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def _clean(text: str) -> bool:
    return not any(ch in text for ch in RAW)


def test_neutraliser_shows_every_dangerous_character() -> None:
    out = neutralise(HOSTILE + "\u2066x\u2069\x00\x7f")
    assert _clean(out)
    assert out.startswith("␛]52;c;cm0gLXJmIH4=␇␛[2J\\x9b⟨RLO⟩exe.gnp⟨LRI⟩x⟨PDI⟩␀␡")
    # layout and ordinary text are left alone: tabs, newlines, Arabic, LRM/RLM
    plain = "قال\u200f: «نعم»\tand\nthen"
    assert neutralise(plain) == plain
    assert inert("a\tb") == "a   b"
    assert inert_line("a\nb\u2028c") == "a\\nb\\u2028c"


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Title\n\nThe body of the article is here and it is long enough to stay.\n\n"
        f"© 2019 Evil {HOSTILE}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["strip", "clean"])
def test_explain_is_neutralised(command: str, hostile: Path) -> None:
    result = CliRunner().invoke(cli, [command, "--explain", "--to", "txt", str(hostile)])
    assert result.exit_code == 0, result.stderr
    assert "structure.copyright" in result.stderr
    assert _clean(result.stderr)
    assert "␛]52;c;cm0gLXJmIH4=␇␛[2J\\x9b⟨RLO⟩exe.gnp" in result.stderr


def test_normalize_explain_kinds_from_input_meta_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    rec = {"title": "T", "text": "Body.", "meta": {"normalized": {f"x{CLEAR}": 3}}}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["normalize", "--explain", "--to", "jsonl", str(path)])
    assert result.exit_code == 0, result.stderr
    assert _clean(result.stderr)


def test_learn_summary_is_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(6):
            rec = {
                "site": f"evil{OSC52}{RLO}.example",
                "title": "t",
                "content": f"Article number {i} says something new.\n{HOSTILE} footer line",
            }
            out.write(json.dumps(rec) + "\n")
    result = CliRunner().invoke(cli, ["learn", str(path), "-o", str(tmp_path / "r.toml")])
    assert result.exit_code == 0, result.stderr
    assert "6 articles, 1 rules" in result.stderr
    assert _clean(result.stderr)
    assert "evil␛]52;c;cm0gLXJmIH4=␇⟨RLO⟩.example" in result.stderr


def test_messages_naming_a_file_are_neutralised(tmp_path: Path) -> None:
    missing = tmp_path / f"no{CLEAR}such\nfile.txt"
    result = CliRunner().invoke(cli, ["export", str(missing)])
    assert result.exit_code != 0
    assert _clean(result.stderr)
    assert "no␛[2Jsuch\\nfile.txt" in result.stderr


def test_export_to_a_file_or_pipe_stays_byte_exact(hostile: Path, tmp_path: Path) -> None:
    # CliRunner's stdout is not a terminal: what is written is the data itself
    piped = CliRunner().invoke(cli, ["export", "--to", "txt", str(hostile)])
    assert piped.exit_code == 0, piped.stderr
    assert HOSTILE in piped.stdout
    out = tmp_path / "out.txt"
    assert CliRunner().invoke(cli, ["export", "-o", str(out), str(hostile)]).exit_code == 0
    assert HOSTILE in out.read_text("utf-8")


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "jsonl"])
def test_export_to_a_terminal_is_neutralised(
    fmt: str, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "stdout_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["export", "--to", fmt, str(hostile)])
    assert result.exit_code == 0, result.stderr
    assert _clean(result.stdout)
    if fmt in ("json", "jsonl"):
        # still the same JSON: the characters are escaped, not changed
        assert HOSTILE in json.loads(result.stdout)["text"]
    else:
        assert "⟨RLO⟩exe.gnp" in result.stdout


def test_stream_sink_only_neutralises_for_a_terminal() -> None:
    import io

    for terminal in (False, True):
        buf = io.BytesIO()
        sink = StreamSink(buf, "txt", terminal=terminal)
        sink.add(None, None, False, HOSTILE + "\n")  # type: ignore[arg-type]
        sink.close()
        got = buf.getvalue().decode("utf-8")
        assert (got == HOSTILE + "\n") is (not terminal)
        assert _clean(got) is terminal
    assert for_terminal('"\u2066"', "json") == '"\\u2066"'


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_export_on_a_real_terminal(hostile: Path) -> None:
    # stdout a real pseudo-terminal: the CLI must see it is one and neutralise
    leader, follower = os.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "export", "--to", "txt", str(hostile)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0, proc.stderr
    assert "The body of the article" in shown
    assert _clean(shown)
    assert "⟨RLO⟩exe.gnp" in shown


def test_show_bidi_off_shows_overrides(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    article = {"title": f"Title {RLO}txt.exe", "text": f"Body with {RLO}evil{CLEAR} text."}
    path.write_text(json.dumps(article), encoding="utf-8")
    for mode in ("off", "on"):
        result = CliRunner().invoke(cli, ["show", "--bidi", mode, "--width", "80", str(path)])
        assert result.exit_code == 0, result.stderr
        assert _clean(result.stdout)
        assert "⟨RLO⟩" in result.stdout


def test_learn_summary_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from newsclean import console
    from newsclean.cli import learn as learn_cli
    from newsclean.collection.learn import Learned

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    console.get_console.cache_clear()
    try:
        site = f"evil{OSC52}{RLO}.example"
        learned = [Learned(site, site, "line", f"{HOSTILE} footer", 6, 6)]
        learn_cli._summary(learned, Counter({site: 6}))
    finally:
        console.get_console.cache_clear()
    shown = screen.getvalue()
    assert "learned boilerplate" in shown  # the table, not the plain lines
    assert OSC52 not in shown and CLEAR not in shown and RLO not in shown and C1 not in shown
    assert "⟨RLO⟩" in shown


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_neutralised_text_is_safe_and_stable(text: str) -> None:
    out = neutralise(text)
    assert not any(0x80 <= ord(c) <= 0x9F or (ord(c) < 0x20 and c not in "\t\n") for c in out)
    assert not any(c in out for c in "\x7f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert neutralise(out) == out
    assert "\n" not in inert_line(text) and "\r" not in inert_line(text)


def test_show_errors_naming_a_file_are_neutralised(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", str(tmp_path / f"gone{CLEAR}{RLO}.txt")])
    assert result.exit_code != 0
    assert "gone␛[2J⟨RLO⟩.txt" in result.stderr
    assert _clean(result.stderr)
