"""``newsclean show``: look at an article, at what cleaning did to it, or at a whole collection.

The rendering is built from :mod:`newsclean.cli.display` primitives: every piece of article text
goes through :func:`~newsclean.cli.display.inert` into a ``rich.text.Text`` (never markup), is
wrapped to the width, then reordered line by line when bidi is on.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
import traceback
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsclean.article import Article, Block, Removal
from newsclean.cli.display import (
    BIDI_ENV,
    BIDI_MODES,
    inert,
    is_rtl,
    layout,
    print_lines,
    resolve_bidi,
    rule_line,
)
from newsclean.cli.input_options import input_options
from newsclean.cli.parsing import Command
from newsclean.engine import streams
from newsclean.lang import detect
from newsclean.text.terminal import inert_line

# --- what cleaning did ------------------------------------------------------------------------


def run_cleaning(article: Article) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
    """Clean ``article`` with default options (what ``newsclean clean`` runs): (result,
    steps that ran, steps not available; always none now that the pipeline exists)."""
    from newsclean.pipeline import CleanOptions, clean

    return clean(article, CleanOptions()), ("pipeline",), ()


@dataclass(frozen=True)
class Row:
    """One block of the article as read: what became of it."""

    before: Block
    after: Block | None  # None: removed
    removal: Removal | None = None


@dataclass(frozen=True)
class Trace:
    """An article before and after cleaning, block by block, in the original order."""

    original: Article
    cleaned: Article
    rows: tuple[Row, ...]
    #: Removals with no block position (text cut from inside a block, the title, ...).
    loose: tuple[Removal, ...] = ()
    #: Removals the input already carried (it was cleaned before): positions unknown here.
    earlier: tuple[Removal, ...] = ()
    ran: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _new_removals(original: Article, cleaned: Article) -> tuple[Removal, ...]:
    before = len(original.removed)
    if cleaned.removed[:before] == original.removed:
        return cleaned.removed[before:]
    return cleaned.removed


def _by_positions(
    n: int, removals: Sequence[Removal], kept_after: int
) -> tuple[dict[int, Removal], list[int]] | None:
    """Map each step's removal positions back to original block indices.

    A removal's ``position`` indexes the article as *its step* received it, so the steps are
    replayed in order. None when positions do not add up (the caller falls back to text).
    """
    current = list(range(n))
    removed: dict[int, Removal] = {}
    groups: list[list[Removal]] = []
    for r in removals:
        if groups and groups[-1][0].step == r.step:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        positions = {r.position for r in group if r.position is not None}
        if len(positions) != len(group) or not all(0 <= p < len(current) for p in positions):
            return None
        for r in group:
            assert r.position is not None
            removed[current[r.position]] = r
        current = [idx for k, idx in enumerate(current) if k not in positions]
    if len(current) != kept_after:
        return None
    return removed, current


def _by_text(original: Article, cleaned: Article, removals: Sequence[Removal]) -> list[Row]:
    # Fallback alignment on block text; a modified block pairs with its neighbour slot.
    a = [b.text for b in original.blocks]
    b = [x.text for x in cleaned.blocks]
    rows: list[Row] = []
    unused = list(removals)

    def removed(block: Block) -> Row:
        match = next((r for r in unused if r.text == block.text), None)
        if match is not None:
            unused.remove(match)
        return Row(block, None, match or Removal("?", "unknown", block.text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            rows.extend(
                Row(original.blocks[i], cleaned.blocks[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        elif tag in ("delete", "replace"):
            rows.extend(removed(original.blocks[i]) for i in range(i1, i2))
    return rows


def trace(article: Article, cleaner: Callable[[Article], Any] | None = None) -> Trace:
    """Clean ``article`` and line up every original block with its fate."""
    cleaned, ran, missing = (cleaner or run_cleaning)(article)
    new = _new_removals(article, cleaned)
    earlier = article.removed if len(new) != len(cleaned.removed) else ()
    positional = [r for r in new if r.position is not None and r.field == "blocks"]
    loose = tuple(r for r in new if r.position is None or r.field != "blocks")
    mapped = _by_positions(len(article.blocks), positional, len(cleaned.blocks))
    if mapped is None:
        rows = _by_text(article, cleaned, positional)
    else:
        removed, kept = mapped
        after = dict(zip(kept, cleaned.blocks, strict=True))
        rows = [Row(block, after.get(i), removed.get(i)) for i, block in enumerate(article.blocks)]
    return Trace(article, cleaned, tuple(rows), loose, earlier, ran, missing)


# --- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """How to render: width in cells, bidi reordering, styles (else plain-text markers)."""

    width: int = 80
    bidi: bool = False
    styled: bool = True


#: Styles, all readable without colour (NO_COLOR keeps bold/dim/strike/reverse).
STYLE = {
    "title": "bold",
    "subtitle": "italic",
    "label": "dim",
    "heading": "bold",
    "mark": "dim",
    "removed": "dim strike",
    "rule": "red",
    "deleted": "strike red",
    "inserted": "reverse green",
}

_META_KEYS = ("source", "record", "format", "encoding", "site", "url", "author", "published")

_INVISIBLE_NAMES = {
    "\t": "TAB",
    "\n": "LF",
    "\u00a0": "NBSP",
    "\u00ad": "SHY",
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202f": "NNBSP",
    "\ufeff": "BOM",
}


def _visible(chars: str) -> str:
    """Diff pieces must be seen even when they are invisible (a removed ZWSP, a new NBSP)."""
    out = []
    for ch in chars:
        category = unicodedata.category(ch)
        if ch in _INVISIBLE_NAMES:
            out.append(f"⟨{_INVISIBLE_NAMES[ch]}⟩")
        elif ch != " " and category in ("Cf", "Zs", "Zl", "Zp"):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        elif category.startswith("M"):
            out.append("\u25cc" + ch)  # a mark alone is drawn on a dotted circle
        else:
            out.append(ch)
    return inert("".join(out))


def char_diff(before: str, after: str, view: View) -> Text:
    """``after`` with what changed from ``before`` marked: deletions struck, insertions shown.

    Plain output uses wdiff's markers instead of styles: ``{-old-}{+new+}``.
    """
    out = Text(end="")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(inert(after[j1:j2]))
            continue
        if i2 > i1:
            old = _visible(before[i1:i2])
            out.append(old, style=STYLE["deleted"]) if view.styled else out.append(f"{{-{old}-}}")
        if j2 > j1:
            new = _visible(after[j1:j2])
            out.append(new, style=STYLE["inserted"]) if view.styled else out.append(f"{{+{new}+}}")
    return out


def _style(view: View, key: str) -> str:
    return STYLE[key] if view.styled else ""


def _block_text(block: Block, text: Text, view: View) -> tuple[Text, Text | None]:
    """The text of a block and the prefix its lines start with."""
    if block.type == "heading":
        text.stylize(_style(view, "heading"))
        if not view.styled:
            return text, Text("#" * max(1, block.level or 2) + " ")
        return text, None
    if block.type == "list_item":
        return text, Text("• ", style=_style(view, "mark"))
    if block.type == "quote":
        return text, Text("│ ", style=_style(view, "mark"))
    return text, None


def _paragraph(
    text: Text, view: View, prefix: Text | None = None, rtl: bool | None = None
) -> list[Text]:
    return layout(text, view.width, bidi=view.bidi, rtl=rtl, prefix=prefix)


def _meta_line(article: Article, view: View) -> list[Text]:
    meta = article.meta
    items: list[tuple[str, str]] = []
    for key in _META_KEYS:
        value = meta.get(key)
        if value not in (None, ""):
            items.append((key, str(value)))
    language = meta.get("language")
    if not language:
        language = f"{detect(article.title + ' ' + article.text[:2000])} (guessed)"
    items.append(("language", str(language)))
    line = Text(end="")
    for n, (key, value) in enumerate(items):
        if n:
            line.append(" · ", style=_style(view, "label"))
        line.append(f"{key}: ", style=_style(view, "label"))
        # Isolate each value so an Arabic author name cannot drag the next label along.
        line.append(inert(value))
    return _paragraph(line, view, rtl=False)


def _title(before: str, after: str | None, view: View, diff: bool) -> Text:
    if diff and after is not None and after != before:
        text = char_diff(before, after, view)
    else:
        text = Text(inert(after if after is not None else before), end="")
    return text


def render_article(article: Article, view: View, diff: Trace | None = None) -> list[Text]:
    """The lines ``show`` prints for one article (``diff``: with what cleaning did)."""
    shown = diff.cleaned if diff is not None else article
    original = diff.original if diff is not None else article
    lines: list[Text] = []
    title = _title(original.title, shown.title, view, diff is not None)
    if title.plain:
        title.stylize(_style(view, "title"))
        lines += _paragraph(title, view)
    subtitle = _title(original.subtitle, shown.subtitle, view, diff is not None)
    if subtitle.plain:
        subtitle.stylize(_style(view, "subtitle"))
        lines += _paragraph(subtitle, view)
    lines += _meta_line(shown, view)
    lines.append(rule_line(view.width, "─" if view.styled else "-", _style(view, "label")))
    rows = diff.rows if diff is not None else tuple(Row(b, b) for b in article.blocks)
    previous: tuple[str, str] | None = None
    for row in rows:
        # Consecutive blocks removed by the same rule share one label (a run of nav links).
        why = _why(row)
        continued = why is not None and why == previous
        previous = why
        if not continued and lines and lines[-1].plain.strip():
            lines.append(Text(end=""))
        lines += _render_row(row, view, diff is not None, label=not continued)
    if diff is not None:
        lines += _render_tail(diff, view)
    return lines


def _why(row: Row) -> tuple[str, str] | None:
    if row.after is not None:
        return None
    removal = row.removal
    return (removal.step, removal.rule) if removal else ("?", "unknown")


def _render_row(row: Row, view: View, diff: bool, label: bool = True) -> list[Text]:
    why = _why(row)
    if why is not None:
        lines: list[Text] = []
        if label:
            head = Text(end="")
            head.append("− removed by ", style=_style(view, "label"))
            head.append(f"{why[0]}: {why[1]}", style=_style(view, "rule"))
            lines += _paragraph(head, view, rtl=False)
        text = Text(inert(row.before.text), style=_style(view, "removed"), end="")
        mark = Text("- " if not view.styled else "", style=_style(view, "label"))
        return lines + _paragraph(text, view, prefix=mark)
    assert row.after is not None
    if diff and row.after.text != row.before.text:
        text = char_diff(row.before.text, row.after.text, view)
    else:
        text = Text(inert(row.after.text), end="")
    text, prefix = _block_text(row.after, text, view)
    return _paragraph(text, view, prefix=prefix, rtl=is_rtl(row.after.text))


def _render_tail(diff: Trace, view: View) -> list[Text]:
    lines: list[Text] = [Text(end="")]
    lines.append(rule_line(view.width, "─" if view.styled else "-", _style(view, "label")))
    for heading, removals in (
        ("removed from inside blocks or the title", diff.loose),
        ("removed before this run (carried by the input)", diff.earlier),
    ):
        if not removals:
            continue
        lines += _paragraph(Text(heading, style=_style(view, "label"), end=""), view, rtl=False)
        for r in removals:
            where = r.field if r.field != "blocks" else f"block {r.position}"
            label = Text(f"− {r.step}: {r.rule} ({where})", style=_style(view, "rule"), end="")
            lines += _paragraph(label, view, rtl=False)
            text = Text(inert(r.text), style=_style(view, "removed"), end="")
            mark = Text("  " if view.styled else "- ")
            lines += _paragraph(text, view, prefix=mark)
    removed = Counter(f"{r.removal.step}: {r.removal.rule}" for r in diff.rows if r.removal)
    changed = sum(1 for r in diff.rows if r.after is not None and r.after.text != r.before.text)
    summary = f"{sum(removed.values())} block(s) removed, {changed} changed"
    normalized = diff.cleaned.meta.get("normalized")
    if isinstance(normalized, Mapping) and normalized:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(normalized.items()))
        summary += f"; normalized: {kinds}"
    if diff.missing:
        summary += f"; steps not available: {', '.join(diff.missing)}"
    lines += _paragraph(Text(summary, style=_style(view, "label"), end=""), view, rtl=False)
    return lines


# --- collection statistics --------------------------------------------------------------------


@dataclass
class Stats:
    """Counts over a collection of articles, filled one article at a time."""

    articles: int = 0
    failed: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    normalized: Counter[str] = field(default_factory=Counter)
    missing: set[str] = field(default_factory=set)

    def add(self, result: Trace) -> None:
        """Count one cleaned article."""
        article = result.cleaned
        self.articles += 1
        language = article.meta.get("language") or detect(article.title + " " + article.text)
        self.languages[str(language)] += 1
        for r in (*result.earlier, *_new_removals(result.original, article)):
            self.removed[f"{r.step}: {r.rule}"] += 1
            if r.step == "dedup":
                self.duplicates["repeated inside an article"] += 1
        normalized = article.meta.get("normalized")
        if isinstance(normalized, Mapping):
            for kind, count in normalized.items():
                if isinstance(count, int) and not isinstance(count, bool):
                    self.normalized[str(kind)] += count
        self.missing.update(result.missing)


def stats_table(stats: Stats, view: View) -> Table:
    """One table, a section per kind of count."""
    table = Table(
        box=box.SIMPLE_HEAD if view.styled else box.ASCII2,
        show_header=True,
        header_style=_style(view, "title"),
        show_edge=False,
    )
    table.add_column("", justify="left", overflow="fold", max_width=max(10, view.width - 12))
    table.add_column("count", justify="right")
    table.add_row(Text("articles", style=_style(view, "heading")), str(stats.articles))
    if stats.failed:
        table.add_row("inputs that failed", str(stats.failed))
    sections: list[tuple[str, Counter[str]]] = [
        ("languages", stats.languages),
        ("removed blocks by rule", stats.removed),
        ("duplicates", stats.duplicates),
        ("normalizations by kind", stats.normalized),
    ]
    for name, counter in sections:
        table.add_section()
        table.add_row(Text(name, style=_style(view, "heading")), str(sum(counter.values())))
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(Text("  " + inert(key)), str(count))
    if stats.missing:
        table.add_section()
        table.add_row(Text("steps not available: " + ", ".join(sorted(stats.missing))), "")
    return table


# --- command ----------------------------------------------------------------------------------


def _inputs(
    paths: Sequence[str], files_from: str | None, null: bool
) -> Iterator[tuple[str | None, str]]:
    """(path or None for stdin, display name) of every input; errors as (None, message)."""
    from newsclean.read.walk import STDIN, WalkError, expand, read_list

    def refs(items: Iterable[str], from_list: bool = False) -> Iterator[tuple[str | None, str]]:
        for ref in expand(items, from_list=from_list):
            if isinstance(ref, WalkError):
                yield None, f"\0{ref.display}: {ref.message}"
            else:
                yield ref.path, ref.display

    yield from refs(paths or (() if files_from else (STDIN,)))
    if files_from == STDIN:
        yield from refs(read_list(streams.binary("stdin"), null=null), True)
    elif files_from:
        try:
            with open(files_from, "rb") as handle:
                yield from refs(list(read_list(handle, null=null)), True)
        except OSError as exc:
            yield None, f"\0{files_from}: cannot read list: {exc.strerror or exc}"


def read_articles(
    paths: Sequence[str], options: Any, files_from: str | None = None, null: bool = False
) -> Iterator[Article | str]:
    """Articles from every input in order, or a one-line error for an input that failed."""
    # Imported here so `show` (and the CLI group) load even where a reader is unavailable.
    from newsclean.errors import NewscleanError
    from newsclean.read import read_path, read_stream

    for path, display in _inputs(paths, files_from, null):
        if display.startswith("\0"):
            yield display[1:]
            continue
        try:
            if path is None:
                stream = streams.binary("stdin")
                yield from read_stream(stream, options, source="-")
            else:
                yield from read_path(path, options)
        except (NewscleanError, OSError, ValueError) as exc:
            # One line per failed input; the other inputs go on.
            yield f"{display}: {getattr(exc, 'strerror', None) or exc}"


def collection_duplicates(traces: Iterable[Trace]) -> Iterator[tuple[Trace, bool]]:
    """Each trace, and whether its cleaned article duplicates an earlier one of the run.

    Uses the cross-collection stage (``newsclean.collection.duplicates``) in marking mode.
    """
    from newsclean.collection.duplicates import DuplicateOptions, deduplicate

    pending: deque[Trace] = deque()

    def cleaned() -> Iterator[Article]:
        for t in traces:
            pending.append(t)
            yield t.cleaned

    # Marking mode keeps every article, in order, one out for one in.
    for article in deduplicate(cleaned(), DuplicateOptions(mark=True)):
        yield pending.popleft(), bool(article.meta.get("duplicate_of"))


def make_console(
    *, width: int | None, file: Any = None, env: Mapping[str, str] | None = None
) -> tuple[Console, bool, bool]:
    """The stdout console, whether it is a terminal, and whether it is styled.

    Styled means a terminal that is not ``TERM=dumb``; ``NO_COLOR`` drops colours but keeps
    bold, dim, strike and reverse, which is all the diff needs.
    """
    env = os.environ if env is None else env
    stream = file if file is not None else streams.text("stdout")
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    styled = is_tty and env.get("TERM", "") != "dumb"
    console = Console(
        file=stream,
        width=width,
        force_terminal=styled,
        no_color=True if "NO_COLOR" in env else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        color_system="auto" if styled else None,
    )
    return console, is_tty, styled


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head`): stop quietly, and point stdout at /dev/null so the
    # interpreter's final flush does not raise again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@click.command("show", cls=Command)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True))
@click.option(
    "--diff", "diff", is_flag=True, help="Clean each article and show what was removed/changed."
)
@click.option("--stats", is_flag=True, help="Counts over all INPUTs instead of the articles.")
@click.option(
    "--bidi",
    type=click.Choice(BIDI_MODES, case_sensitive=False),
    envvar=BIDI_ENV,
    default="auto",
    show_default=True,
    help=f"Reorder right-to-left text for display. Default from {BIDI_ENV}, else auto: "
    "only on a terminal not known to do bidi itself (docs/commands/show.md).",
)
@click.option("--pager", is_flag=True, help="Page the output (styles kept; sets LESS=-R).")
@click.option("--width", type=click.IntRange(20, 1000), help="Line width (default: terminal).")
@input_options
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
def command(
    inputs: tuple[str, ...],
    diff: bool,
    stats: bool,
    bidi: str,
    pager: bool,
    width: int | None,
    from_format: str | None,
    encoding: str | None,
    field_map: tuple[str, ...],
    files_from: str | None,
    null: bool,
    verbose: bool,
) -> None:
    """Render articles in the terminal, right-to-left text in reading order.

    \b
    newsclean show article.html             title, metadata, headings, paragraphs
    newsclean show --diff article.html      + what cleaning removed (struck, with
                                            its rule) and changed (highlighted)
    newsclean show --stats corpus/          counts over a collection

    Article text is shown inert: markup such as [bold] and escape sequences are
    printed as text. Not on a terminal (a pipe, a file) the output is plain: no
    styles, logical order unless --bidi on, headings marked "##", removed text
    marked "- ", changes marked {-old-}{+new+}.
    """
    from newsclean.read import ReadOptions
    from newsclean.read.records import FieldMap, parse_field_option

    if not inputs and not files_from and streams.stdin_is_terminal():
        raise click.UsageError("no input: pass files or directories, or pipe an article in")
    try:
        fields = FieldMap(tuple(parse_field_option(v) for v in field_map))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    console, is_tty, styled = make_console(width=width)
    view = View(
        width=width or console.width,
        bidi=resolve_bidi(bidi, os.environ, is_tty),
        styled=styled,
    )
    options = ReadOptions(format=from_format, encoding=encoding, fields=fields)
    failed = 0

    def articles() -> Iterator[Article]:
        nonlocal failed
        for item in read_articles(inputs, options, files_from, null):
            if isinstance(item, str):
                failed += 1
                click.echo(f"newsclean: error: {inert_line(item)}", err=True)
            else:
                yield item

    def traced(items: Iterable[Article]) -> Iterator[Trace]:
        # A step that fails on one article is reported in one line; the others go on.
        nonlocal failed
        for article in items:
            try:
                yield trace(article)
            except Exception as exc:
                failed += 1
                where = article.meta.get("source", "-")
                record = article.meta.get("record")
                where = f"{where} (record {record})" if record is not None else where
                line = f"{where}: cleaning failed: {exc}"
                click.echo(f"newsclean: error: {inert_line(line)}", err=True)
                if verbose:
                    traceback.print_exc()

    def emit() -> None:
        if stats:
            total = Stats()
            for result, duplicate in collection_duplicates(traced(articles())):
                total.add(result)
                if duplicate:
                    total.duplicates["of an earlier article"] += 1
            total.failed = failed
            console.print(stats_table(total, view))
            return
        shown: Iterator[tuple[Article, Trace | None]] = (
            ((t.original, t) for t in traced(articles()))
            if diff
            else ((a, None) for a in articles())
        )
        for n, (article, with_diff) in enumerate(shown):
            if n:
                console.print()
            print_lines(console, render_article(article, view, with_diff))

    try:
        if pager and is_tty:
            os.environ.setdefault("LESS", "-R")
            with console.pager(styles=styled):
                emit()
        else:
            emit()
    except BrokenPipeError:
        _quiet_broken_pipe()
        return
    if failed:
        sys.exit(1)
