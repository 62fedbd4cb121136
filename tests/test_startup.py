"""What a command imports at start-up, and the shortcuts that spare imports give what the
long way gives (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsclean.cli import COMMANDS, SUMMARIES, LazyGroup, cli


def _help(group: click.Group, width: int, eager: bool) -> str:
    ctx = click.Context(group, info_name="newsclean", terminal_width=width, max_content_width=width)
    formatter = ctx.make_formatter()
    if eager:
        click.Group.format_commands(group, ctx, formatter)
    else:
        group.format_commands(ctx, formatter)
    return formatter.getvalue()


def test_summaries_are_the_first_paragraph_of_each_commands_help() -> None:
    assert set(SUMMARIES) == set(COMMANDS)
    for name in COMMANDS:
        command = import_module(f"newsclean.cli.{name}").command
        assert command.help is not None
        first = command.help.split("\n\n")[0]
        assert " ".join(first.split()) == SUMMARIES[name], name
        assert command.short_help is None and not command.deprecated and not command.hidden


@pytest.mark.parametrize("width", [30, 60, 80, 100, 200])
def test_the_commands_list_equals_clicks_own_before_and_after_imports(width: int) -> None:
    fresh = LazyGroup(
        name="newsclean",
        help=cli.help,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    lazy = _help(fresh, width, eager=False)  # nothing imported into this group yet
    assert not fresh.commands
    eager = _help(fresh, width, eager=True)  # click's own: imports every command
    assert set(fresh.commands) == set(COMMANDS)
    assert lazy == eager
    assert _help(fresh, width, eager=False) == eager  # and once they are loaded


def _imported(*args: str) -> set[str]:
    code = (
        "import sys\nfrom newsclean.cli import main\ntry:\n main()\nexcept SystemExit:\n pass\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    env = dict(os.environ, NEWSCLEAN_CACHE_DIR="off")
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    ).stdout
    return set(out.split())


def test_help_imports_no_subcommand() -> None:
    modules = _imported("--help")
    assert not {f"newsclean.cli.{name}" for name in COMMANDS} & modules


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize(
    "env", [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"}]
)
def test_stderr_is_terminal_agrees_with_rich(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str]
) -> None:
    from rich.console import Console

    from newsclean import console

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "JPY_PARENT_PID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stderr", _Stream(tty))
    console.get_console.cache_clear()
    try:
        expected = Console(stderr=True, highlight=False, soft_wrap=True).is_terminal
        assert console.stderr_is_terminal() == expected
    finally:
        console.get_console.cache_clear()


def test_dedup_into_a_pipe_imports_no_rich() -> None:
    modules = _imported("dedup", "--to", "jsonl")  # the summary line goes to a pipe
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)
    assert "email.utils" not in modules and "traceback" not in modules


def test_rule_tables_kept_in_the_cache_equal_tomllibs_parse(
    restart_cache: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import resources

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the package reads its TOML with tomli
        import tomli as tomllib  # type: ignore[no-redef]

    from newsclean import regex_cache
    from newsclean.text import tables

    names = ("chars_arabic", "chars_invisible", "quotes")
    expected = {
        n: tomllib.loads((resources.files("newsclean") / "rules" / f"{n}.toml").read_text("utf-8"))
        for n in names
    }
    tables.load.cache_clear()
    try:
        assert {n: tables.load(n) for n in names} == expected  # parsed, kept
        assert regex_cache._added
        restart_cache()
        tables.load.cache_clear()
        monkeypatch.setattr(tables, "_parse", None)  # would fail if called: read back
        assert {n: tables.load(n) for n in names} == expected
        assert not regex_cache._added
    finally:
        tables.load.cache_clear()


def test_a_table_the_cache_cannot_store_is_parsed_not_kept(fresh_cache: Path) -> None:
    from newsclean import regex_cache
    from newsclean.text import tables

    text = 'when = 2024-01-02\nname = "x"\n'
    with pytest.raises(tables._Unkept) as caught:
        regex_cache.derived("toml", text, "1", tables._parse, tables._is_table)
    assert caught.value.table["name"] == "x"
    assert not regex_cache._added  # nothing the file cannot hold was put in it


@pytest.mark.parametrize("command", ["normalize", "dedup"])
def test_record_commands_import_no_html_reader_nor_site_templates(command: str) -> None:
    """JSON Lines in, JSON Lines out: the engine's first-pass helpers (site templates, the
    HTML page reader with lxml) are imported only when a run needs them."""
    modules = _imported(command, "--to", "jsonl", "-q")
    assert "lxml.etree" not in modules and "newsclean.extract" not in modules
    assert "newsclean.collection.templates" not in modules
    assert "newsclean.write.parquet" not in modules


def test_dedup_and_help_skip_the_normalize_fixes_text_modules() -> None:
    modules = _imported("--help")
    assert "newsclean.text.mojibake" not in modules and "newsclean.text.quotes" not in modules
    modules = _imported("dedup", "--to", "jsonl", "-q")  # (its keys repair mojibake)
    assert "newsclean.text.quotes" not in modules and "newsclean.text.entities" not in modules


def test_text_package_names_resolve_on_first_use() -> None:
    import newsclean.text as text
    from newsclean.text import fix_quotes, style_for
    from newsclean.text.quotes import fix_quotes as direct

    assert fix_quotes is direct and callable(style_for)
    assert {name for name in text.__all__ if callable(getattr(text, name))} == set(text.__all__)
    with pytest.raises(AttributeError):
        text.no_such_fix  # noqa: B018


def test_an_empty_input_runs_no_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-up (rules loaded before the first document's timer starts) waits for a first
    task: an empty input ends without running the step."""
    from newsclean.engine import local
    from newsclean.engine.limits import Limits
    from newsclean.read import ReadOptions

    calls: list[object] = []
    monkeypatch.setattr(local, "warm_up", calls.append)
    config = local.WorkerConfig(ReadOptions(), lambda a: a, None, limits=Limits(doc_timeout=5.0))
    assert list(local.execute(iter([]), config, 1)) == []
    assert calls == []


@pytest.mark.parametrize("short", ["-q", "-qj1", "-h"])
def test_short_options_import_no_difflib(short: str) -> None:
    """click tries ``-q`` as a long option first; the suggestions it would compute for that
    failure (with difflib) are never shown, so they are not computed."""
    modules = _imported("normalize", "--to", "jsonl", short)
    assert "difflib" not in modules
    assert "difflib" not in _imported("-h")  # the group's own short options too


def test_short_options_mean_what_the_long_ones_mean(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"title": "A", "text": "He said \\"yes\\" , today."}\n', encoding="utf-8")
    runner = CliRunner()
    short = runner.invoke(cli, ["normalize", "--to", "jsonl", "-qj1", str(src)])
    long = runner.invoke(cli, ["normalize", "--to", "jsonl", "--quiet", "--jobs", "1", str(src)])
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout and "yes" in short.stdout
    assert short.stderr == long.stderr == ""


def test_option_errors_still_read_as_clicks() -> None:
    runner = CliRunner()
    typo = runner.invoke(cli, ["normalize", "--quite"])
    assert typo.exit_code == 2
    assert "No such option '--quite'" in typo.stderr and "'--quiet'" in typo.stderr
    unknown = runner.invoke(cli, ["normalize", "-x"])
    assert unknown.exit_code == 2 and "Error: No such option '-x'.\n" in unknown.stderr
    group = runner.invoke(cli, ["--vers"])
    assert group.exit_code == 2 and "Did you mean '--version'?" in group.stderr
    assert runner.invoke(cli, ["-V"]).stdout.startswith("newsclean, version ")


def test_a_parser_without_clicks_private_names_is_left_alone() -> None:
    from newsclean.cli.parsing import quick_short_options

    class Bare:
        pass

    parser = Bare()
    quick_short_options(parser, click.Context(cli))
    assert not hasattr(parser, "_match_long_opt")


def test_dedup_loads_no_openssl() -> None:
    """The duplicate stage's blake2b is hashlib's own (from _blake2): hashlib itself, which
    loads OpenSSL at import, is not imported."""
    from newsclean.collection import duplicates, index

    assert duplicates.blake2b is index.blake2b
    import hashlib

    assert duplicates.blake2b is hashlib.blake2b
    modules = _imported("dedup", "--to", "jsonl", "-q")
    assert "hashlib" not in modules and "_hashlib" not in modules
