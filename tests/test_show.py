"""``newsclean show``: golden renders (bidi on/off, styled/plain), --diff, --stats, the CLI.

Golden files live in tests/golden/show/. To regenerate them after an intended change, run

    NEWSCLEAN_REGEN_GOLDEN=1 python -m pytest tests/test_show.py

and review the diff before committing. Renders are captured at a fixed width of 60 cells.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from newsclean.article import Article, Block, Removal
from newsclean.cli import cli
from newsclean.cli import show as show_mod
from newsclean.cli.display import print_lines
from newsclean.cli.show import Stats, View, render_article, stats_table, trace

DATA = Path(__file__).parent / "data" / "show"
GOLDEN = Path(__file__).parent / "golden" / "show"
REGEN = os.environ.get("NEWSCLEAN_REGEN_GOLDEN") == "1"
WIDTH = 60
SAMPLES = ("arabic", "persian", "mixed", "injection")
ANSI_SGR = re.compile(r"\x1b\[[0-9;]*m")


def load(name: str) -> Article:
    return Article.from_dict(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")))


def fake_clean(article: Article) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
    """A deterministic stand-in for strip → dedup → normalize, recording like the real ones."""
    removed: list[Removal] = []
    kept: list[Block] = []
    for pos, block in enumerate(article.blocks):
        if block.text.startswith("ـ"):  # an agency sign-off line
            removed.append(Removal("strip", "signoff.ar", block.text, pos))
        else:
            kept.append(block)
    seen: set[str] = set()
    deduped: list[Block] = []
    for pos, block in enumerate(kept):
        if block.text in seen:
            removed.append(Removal("dedup", "repeated-block", block.text, pos))
        else:
            seen.add(block.text)
            deduped.append(block)
    counts = {"quotes": 0, "nbsp": 0}
    final: list[Block] = []
    for block in deduped:
        text = block.text
        counts["quotes"] += text.count('"')
        counts["nbsp"] += text.count("\u00a0")
        text = re.sub(r'"([^"]*)"', r"«\1»", text).replace("\u00a0", " ")
        final.append(Block(block.type, text, block.level, block.hint))
    cleaned = article.replace(blocks=final, removed=article.removing(removed)).with_meta(
        normalized={k: v for k, v in counts.items() if v}
    )
    return cleaned, ("strip", "dedup", "normalize"), ()


def diff_article() -> Article:
    base = load("arabic")
    blocks = list(base.blocks)
    blocks.insert(1, Block("paragraph", 'قال الوزير "نحن مستعدون"\u00a0للحوار.'))
    blocks.insert(3, blocks[0])  # a repeated paragraph
    return base.replace(blocks=blocks)


def render(article: Article, view: View, diff: bool = False, styles: bool = False) -> str:
    console = Console(
        width=WIDTH,
        record=True,
        file=io.StringIO(),
        force_terminal=True,
        color_system="standard" if styles else None,
    )
    result = trace(article, fake_clean) if diff else None
    print_lines(console, render_article(article, view, result))
    return console.export_text(styles=styles)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not REGEN:
            pytest.fail(f"golden {name} was missing and has been written; review it")
    assert text == path.read_text(encoding="utf-8"), f"render differs from golden {name}"


# --- golden renders ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("bidi", [True, False], ids=["bidi-on", "bidi-off"])
def test_render_matches_golden(name: str, bidi: bool) -> None:
    text = render(load(name), View(width=WIDTH, bidi=bidi, styled=True))
    check_golden(f"{name}.{'bidi-on' if bidi else 'bidi-off'}.txt", text)
    assert all(cell_len(line) <= WIDTH for line in text.splitlines())


@pytest.mark.parametrize("bidi", [True, False], ids=["bidi-on", "bidi-off"])
def test_diff_matches_golden(bidi: bool) -> None:
    suffix = "bidi-on" if bidi else "bidi-off"
    styled = render(diff_article(), View(WIDTH, bidi, styled=True), diff=True)
    check_golden(f"diff.{suffix}.txt", styled)
    plain = render(diff_article(), View(WIDTH, bidi, styled=False), diff=True)
    check_golden(f"diff.plain.{suffix}.txt", plain)


def test_plain_render_matches_golden() -> None:
    check_golden("arabic.plain.txt", render(load("arabic"), View(WIDTH, False, styled=False)))


# --- what the renders must show ---------------------------------------------------------------


def test_rtl_paragraphs_are_right_aligned_only_when_reordered() -> None:
    on = render(load("arabic"), View(WIDTH, bidi=True)).splitlines()
    off = render(load("arabic"), View(WIDTH, bidi=False)).splitlines()
    body_on = [x for x in on[on.index("─" * WIDTH) + 1 :] if x.strip()]
    assert len(body_on) > 5 and all(cell_len(x) == WIDTH for x in body_on)
    assert not any(x.startswith(" ") for x in off)
    # Logical order without bidi: the title reads as stored.
    assert off[0] == load("arabic").title


def test_mixed_runs_stay_readable_when_reordered() -> None:
    # NFKC undoes the shaping (presentation forms) so the assertions read as plain letters.
    text = unicodedata.normalize("NFKC", render(load("mixed"), View(WIDTH, bidi=True)))
    # Latin names, numbers, URLs and e-mail addresses keep their own left-to-right order.
    for run in ("John Smith", "Acme Corp", "3.5%", "2024", "https://example.com/news?id=42"):
        assert run in text
    assert "info@example.com" in text and "15/06/2024" in text
    # The English paragraph stays left-to-right and left-aligned; its Arabic word reversed.
    assert "The English summary: Acme (ةكرشلا) reported growth of 3.5%" in text


def test_persian_keeps_zwnj_and_persian_digits() -> None:
    text = render(load("persian"), View(WIDTH, bidi=False))
    assert "گفت\u200cوگوها" in text and "۱۴۰۲" in text
    shown = render(load("persian"), View(WIDTH, bidi=True))
    assert "۱۴۰۲" in shown  # digits keep their order inside reversed text


@pytest.mark.parametrize("bidi", [True, False])
@pytest.mark.parametrize("styled", [True, False])
def test_markup_and_escapes_in_articles_are_inert(bidi: bool, styled: bool) -> None:
    out = render(load("injection"), View(WIDTH, bidi, styled), styles=True)
    # The only escape sequences are our own styles; the article's are shown as text.
    assert "\x1b" not in ANSI_SGR.sub("", out)
    assert "\x07" not in out and "\x9b" not in out and "\r" not in out
    text = ANSI_SGR.sub("", out)
    assert "[bold red]Breaking[/]" in text
    assert "␛[31mnews" in text
    assert "[link=https://evil.example]here[/link]" in text
    assert ":smile:" in text and "😄" not in text
    assert "\\x9b31m" in text and "␇" in text


def test_diff_marks_removals_with_rule_in_position_order() -> None:
    text = render(diff_article(), View(WIDTH, bidi=False, styled=False), diff=True)
    lines = text.splitlines()
    dedup = next(i for i, x in enumerate(lines) if "dedup: repeated-block" in x)
    strip = next(i for i, x in enumerate(lines) if "strip: signoff.ar" in x)
    heading = next(i for i, x in enumerate(lines) if "تفاصيل الزيارة" in x)
    assert heading < dedup < strip  # where the blocks were in the article
    assert "- ـــ وكالات ـــ" in text
    # Normalization shown as a character diff: old quotes struck, new ones highlighted.
    assert '{-"-}{+«+}نحن مستعدون{-"⟨NBSP⟩-}{+» +}للحوار' in text
    assert "normalized: nbsp 1, quotes 2" in text


def test_styled_diff_uses_styles_not_markers() -> None:
    out = render(diff_article(), View(WIDTH, bidi=False, styled=True), diff=True, styles=True)
    assert "{-" not in out and "{+" not in out
    assert "\x1b[9" in out  # strike
    assert "\x1b[7" in out  # reverse (highlight)


def test_trace_aligns_removals_across_steps() -> None:
    result = trace(diff_article(), fake_clean)
    fates = [(r.removal.step if r.removal else "kept") for r in result.rows]
    assert fates == ["kept", "kept", "kept", "dedup", "kept", "kept", "kept", "strip"]
    assert all(r.after is not None for r in result.rows if r.removal is None)


def test_trace_falls_back_to_text_when_positions_do_not_add_up() -> None:
    def sloppy(article: Article) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
        blocks = article.blocks[1:]
        return article.replace(blocks=blocks), ("strip",), ()  # removed without a Removal

    result = trace(load("arabic"), sloppy)
    assert result.rows[0].after is None and result.rows[0].removal is not None
    assert result.rows[0].removal.rule == "unknown"
    assert [r.after for r in result.rows[1:]] == list(load("arabic").blocks[1:])


def test_stats_counts_over_a_collection() -> None:
    stats = Stats()
    for article in (diff_article(), load("persian"), load("mixed")):
        stats.add(trace(article, fake_clean))
    assert stats.articles == 3
    assert stats.languages == {"ar": 2, "fa": 1}
    assert stats.removed == {"strip: signoff.ar": 1, "dedup: repeated-block": 1}
    assert stats.duplicates["repeated inside an article"] == 1
    assert stats.normalized == {"quotes": 2, "nbsp": 1}
    console = Console(width=WIDTH, record=True, file=io.StringIO(), color_system=None)
    console.print(stats_table(stats, View(WIDTH, styled=False)))
    table = console.export_text()
    assert re.search(r"articles\s*\|\s*3", table)
    assert re.search(r"strip: signoff.ar\s*\|\s*1", table)
    assert re.search(r"quotes\s*\|\s*2", table)


# --- command line -----------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for var in ("NEWSCLEAN_BIDI", "NO_COLOR", "VTE_VERSION"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(show_mod, "run_cleaning", fake_clean)
    return CliRunner()


def test_cli_prints_plain_logical_text_when_not_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "--width", "60", str(DATA / "arabic.json")])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[0] == load("arabic").title
    assert "author: محمد العلي" in result.stdout
    assert "## تفاصيل الزيارة" in result.stdout  # plain headings are marked
    assert result.stderr == ""


def test_cli_bidi_on_reorders_and_env_var_is_the_default(runner: CliRunner) -> None:
    path = str(DATA / "arabic.json")
    title_visual = "ةرقنأ يف يكرتلا هريظن يقتلي ةيجراخلا ريزو"
    on = runner.invoke(cli, ["show", "--bidi", "on", "--width", "60", path])
    assert title_visual in unicodedata.normalize("NFKC", on.stdout)
    env_on = runner.invoke(cli, ["show", "--width", "60", path], env={"NEWSCLEAN_BIDI": "on"})
    assert env_on.stdout == on.stdout
    assert any("\ufe70" <= c <= "\ufeff" for c in on.stdout)  # letters shaped for display
    # An explicit option beats the environment.
    off = runner.invoke(
        cli, ["show", "--bidi", "off", "--width", "60", path], env={"NEWSCLEAN_BIDI": "on"}
    )
    assert title_visual not in unicodedata.normalize("NFKC", off.stdout)
    assert load("arabic").title in off.stdout


def test_cli_markup_injection_is_inert(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", str(DATA / "injection.json")])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]Breaking[/] ␛[31mnews␛[0m" in result.stdout


def test_cli_diff(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(diff_article().to_dict(), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["show", "--diff", "--width", "60", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "− removed by dedup: repeated-block" in result.stdout
    assert "{+«+}" in result.stdout
    assert "2 block(s) removed, 1 changed" in result.stdout


def test_cli_stats_over_several_inputs(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "--stats", str(DATA)])
    assert result.exit_code == 0, result.stderr
    assert re.search(r"articles\s*\|\s*4", result.stdout)
    assert re.search(r"languages\s*\|\s*4", result.stdout)


def test_cli_bad_input_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["show", str(empty), str(DATA / "persian.json")])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and str(empty) in errors[0]
    assert "Traceback" not in result.stderr
    assert "وزیر خارجه" in result.stdout  # the good input was still shown


def test_consecutive_removals_by_one_rule_share_a_label() -> None:
    article = load("persian")
    nav = [Block("paragraph", t) for t in ("خانه", "سیاست", "ورزش")]
    article = article.replace(blocks=[*nav, *article.blocks])

    def strip_nav(a: Article) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
        gone = [Removal("strip", "html.nav", b.text, i) for i, b in enumerate(a.blocks[:3])]
        return a.replace(blocks=a.blocks[3:], removed=gone), ("strip",), ()

    view = View(WIDTH, bidi=False, styled=False)
    console = Console(width=WIDTH, record=True, file=io.StringIO(), color_system=None)
    print_lines(console, render_article(article, view, trace(article, strip_nav)))
    text = console.export_text()
    assert text.count("removed by strip: html.nav") == 1
    assert "- خانه\n- سیاست\n- ورزش\n" in text


def test_cross_collection_duplicates_are_flagged_when_the_stage_exists() -> None:
    pytest.importorskip("newsclean.collection.duplicates")
    from newsclean.cli.show import collection_duplicates

    first = load("arabic")
    copy = first.with_meta(source="copy.json")
    other = load("persian")
    flags = [
        dup for _, dup in collection_duplicates(trace(a, fake_clean) for a in (first, other, copy))
    ]
    assert flags == [False, False, True]


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_console_respects_no_color_and_dumb_terminals() -> None:
    console, is_tty, styled = show_mod.make_console(width=40, file=_FakeTTY(), env={})
    assert is_tty and styled and console.color_system is not None
    console, _, styled = show_mod.make_console(width=40, file=_FakeTTY(), env={"NO_COLOR": "1"})
    assert styled and console.no_color
    console.print(Text("x", style="strike red"))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[9m" in out and "31" not in out  # strike kept, no colour
    _, is_tty, styled = show_mod.make_console(width=40, file=_FakeTTY(), env={"TERM": "dumb"})
    assert is_tty and not styled
    _, is_tty, styled = show_mod.make_console(width=40, file=io.StringIO(), env={})
    assert not is_tty and not styled


def test_cli_files_from_list(runner: CliRunner, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"{DATA / 'persian.json'}\n{DATA / 'mixed.json'}\n", encoding="utf-8")
    result = runner.invoke(cli, ["show", "--stats", "--files-from", str(listing)])
    assert result.exit_code == 0, result.stderr
    assert re.search(r"articles\s*\|\s*2", result.stdout)


def test_cli_missing_input_is_named(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "no/such/file.json"])
    assert result.exit_code == 1
    assert result.stderr.startswith("newsclean: error: no/such/file.json")
    assert "Traceback" not in result.stderr


def test_quiet_when_the_pipe_closes(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = "from newsclean.cli import main; main()"
    # Enough output to overflow the pipe buffer after head has gone.
    args = [sys.executable, "-c", script, "show", *[str(DATA)] * 80]
    head = subprocess.run(
        f"{subprocess.list2cmdline(args)} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert head.stdout.count("\n") == 1
    assert "Traceback" not in head.stderr and "BrokenPipe" not in head.stderr


def test_cli_a_failing_step_is_one_line_and_the_rest_goes_on(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky(article: Article) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
        if article.meta.get("language") == "fa":
            raise RuntimeError("rules file broken")
        return fake_clean(article)

    monkeypatch.setattr(show_mod, "run_cleaning", flaky)
    args = ["show", "--diff", str(DATA / "persian.json"), str(DATA / "arabic.json")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("newsclean: error: ")
    assert errors[0].endswith("persian.json: cleaning failed: rules file broken")
    assert "removed by strip: signoff.ar" in result.stdout


def test_cli_pager_is_ignored_when_not_a_terminal(runner: CliRunner) -> None:
    plain = runner.invoke(cli, ["show", str(DATA / "mixed.json")])
    paged = runner.invoke(cli, ["show", "--pager", str(DATA / "mixed.json")])
    assert paged.exit_code == 0 and paged.stdout == plain.stdout


def test_cli_rejects_an_unknown_bidi_mode(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", str(DATA / "mixed.json")], env={"NEWSCLEAN_BIDI": "x"})
    assert result.exit_code == 2
    assert "--bidi" in result.stderr


def test_diff_of_an_already_cleaned_record_lists_earlier_removals() -> None:
    earlier = Removal("strip", "ar.disclaimer", "المقالات المنشورة تعبر عن آراء كتابها", 7)
    article = load("persian").replace(removed=[earlier])
    result = trace(article, fake_clean)
    assert result.earlier == (earlier,)
    text = render(article, View(WIDTH, bidi=False, styled=False), diff=True)
    assert "removed before this run (carried by the input)" in text
    assert "− strip: ar.disclaimer (block 7)" in text
