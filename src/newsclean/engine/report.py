"""Per-file results of a batch run: JSON log events, the ``--report`` file, the summary.

The engine yields one event per article (or failure), in input order; ``FileResults``
folds consecutive events of the same input into one ``FileResult`` and hands each finished
input to its listeners (progress bar, ``--log-format json``, ``--report``).

The report is JSON Lines, one object per input, keys in a fixed order::

    {"input": "in/a.html", "output": "out/a.md", "status": "ok", "articles": 1,
     "removed": 3, "duplicates": 1, "error": null}

With ``--lang``/``--min-words``, a ``dropped`` object (reason -> count, e.g. ``{"lang": 2}``)
comes before ``error``: articles a filter dropped, not counted in ``articles``.

``status`` is ``ok``, ``failed`` (nothing usable; ``error`` says why), ``partial`` (some
records failed) or ``skipped`` (``--skip-existing``). No timestamps or durations, so an
identical rerun writes an identical report.

A web archive's line also has ``not_articles``, a tally of the records that hold no article
by category (``{"request": 40, "revisit": 3}``), and each such record has its own line
before it::

    {"input": "crawl/a.warc.gz", "record": "record 3 (offset 2012)", "status": "not-article",
     "kind": "request", "why": "request record", "url": "http://example.com/"}
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsclean import console
from newsclean.engine.local import Event, Failure, Item, Skip
from newsclean.errors import OutputError, output_error
from newsclean.write.sink import AtomicFile


@dataclass(slots=True)
class FileResult:
    """What happened to one input."""

    input: str
    output: str | None = None
    status: str = "ok"
    articles: int = 0
    removed: int = 0
    duplicates: int = 0
    #: Articles dropped by a filter, by reason (None: no filter in this run).
    dropped: dict[str, int] | None = None
    error: str | None = None
    #: Web archives: records that hold no article, by category (None for other inputs).
    not_articles: dict[str, int] | None = None

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        if self.not_articles is None:
            del d["not_articles"]
        if self.dropped is None:
            del d["dropped"]
        return d

    def tally(self) -> str:
        """``40 request, 3 revisit`` (most common first), for the summary."""
        counts = sorted((self.not_articles or {}).items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{n} {kind}" for kind, n in counts)


@dataclass(slots=True)
class Totals:
    """Counts over the whole run (for the summary)."""

    files: int = 0
    failed_files: int = 0
    skipped: int = 0
    articles: int = 0
    removed: int = 0
    duplicates: int = 0
    #: Articles dropped by a filter, by reason (``--lang``, ``--min-words``).
    dropped: dict[str, int] = field(default_factory=dict)
    #: Articles a collection stage held back, by what they were (``duplicates across
    #: articles``); counted in ``articles`` until the stage says so at the end.
    held: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    warnings: int = 0
    #: Web-archive records that hold no article (all inputs).
    not_articles: int = 0
    listeners: list[Callable[[FileResult], None]] = field(default_factory=list)
    #: Told of every web-archive record that is no article, as it comes (``--report``).
    skip_listeners: list[Callable[[Skip], None]] = field(default_factory=list)
    #: Told of every record of a multi-record input as it comes (the progress bar).
    record_listeners: list[Callable[[], None]] = field(default_factory=list)


class FileResults:
    """Folds the engine's events into per-input results and passes each one on."""

    def __init__(self, output_of: Callable[[Item], str | None], *, filtering: bool = False) -> None:
        self.output_of = output_of
        #: A filter is on: every result says how many of its articles were dropped.
        self.filtering = filtering
        self.totals = Totals()
        self.current: FileResult | None = None

    def listen(self, listener: Callable[[FileResult], None]) -> None:
        self.totals.listeners.append(listener)

    def _switch(self, display: str) -> FileResult:
        if self.current is None or self.current.input != display:
            self.flush()
            self.current = FileResult(display, dropped={} if self.filtering else None)
        return self.current

    def __call__(self, event: Event) -> None:
        if isinstance(event, Item | Skip) and (isinstance(event, Skip) or event.multi):
            for tick in self.totals.record_listeners:
                tick()
        if isinstance(event, Item) and event.dropped is not None:
            result = self._switch(event.ref.display)
            dropped = result.dropped if result.dropped is not None else {}
            reason = event.dropped.reason
            dropped[reason] = dropped.get(reason, 0) + 1
            result.dropped = dropped
            if result.output is None:
                result.output = self.output_of(event)
            return
        if isinstance(event, Item):
            result = self._switch(event.ref.display)
            result.articles += 1
            result.removed += event.removed
            result.duplicates += event.duplicates
            if result.output is None:
                result.output = self.output_of(event)
            self.totals.warnings += len(event.warnings)
            return
        if isinstance(event, Skip):
            result = self._switch(event.display)
            if result.not_articles is None:
                result.not_articles = {}
            result.not_articles[event.kind] = result.not_articles.get(event.kind, 0) + 1
            self.totals.not_articles += 1
            for listener in self.totals.skip_listeners:
                listener(event)
            return
        assert isinstance(event, Failure)
        result = self._switch(event.display)
        self.totals.errors += 1
        message = f"{event.where}: {event.message}" if event.where else event.message
        result.error = message if result.error is None else result.error
        result.status = "failed"

    def skipped(self, display: str, output: str | None) -> None:
        self.flush()
        self.current = FileResult(
            display, output, status="skipped", dropped={} if self.filtering else None
        )
        self.flush()

    def flush(self) -> None:
        """The current input is finished: count it and tell the listeners."""
        result, self.current = self.current, None
        if result is None:
            return
        if result.status == "failed" and result.articles:
            result.status = "partial"
        totals = self.totals
        if result.status == "skipped":
            totals.skipped += 1
        else:
            totals.files += 1
            totals.failed_files += result.status != "ok"
            totals.articles += result.articles
            totals.removed += result.removed
            totals.duplicates += result.duplicates
            for reason, count in (result.dropped or {}).items():
                totals.dropped[reason] = totals.dropped.get(reason, 0) + count
        for listener in totals.listeners:
            listener(result)


def log_file_event(result: FileResult) -> None:
    """``--log-format json``: one ``file`` event per input."""
    console.event("file", **result.as_dict())


class ReportWriter:
    """``--report FILE``: one JSON line per input, written atomically when the run ends."""

    def __init__(self, path: str) -> None:
        self.path = path
        target = Path(path)
        if not target.resolve().parent.is_dir():  # a typo should not create directories
            raise OutputError(f"{path}: the directory does not exist", "create it first")
        self._file = AtomicFile(target)  # OutputError if it cannot be created

    def __call__(self, result: FileResult) -> None:
        line = json.dumps(result.as_dict(), ensure_ascii=False) + "\n"
        try:
            # backslashreplace: a lone surrogate (an undecodable byte in a file name)
            # becomes its JSON escape again instead of failing the run.
            self._file.handle.write(line.encode("utf-8", "backslashreplace"))
        except OSError as exc:  # a full disk stops the run, like any output that fails
            raise output_error(self.path, exc) from None

    def skip(self, event: Skip) -> None:
        """One line for a web-archive record that holds no article."""
        row = {
            "input": event.display,
            "record": event.where,
            "status": "not-article",
            "kind": event.kind,
            "why": event.why,
            "url": event.url,
        }
        line = json.dumps(row, ensure_ascii=False) + "\n"
        try:
            self._file.handle.write(line.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            raise output_error(self.path, exc) from None

    def close(self) -> None:
        self._file.commit()

    def abort(self) -> None:
        """Drop the unfinished report; never raises (it runs while a run is stopping)."""
        self._file.abort()


def print_summary(totals: Totals, *, terminal: bool | None = None) -> None:
    """The end-of-run summary on stderr: a table on a terminal, else one line (or JSON)."""
    fields = {
        "processed": totals.files,
        "failed": totals.failed_files,
        "skipped": totals.skipped,
        "articles": totals.articles,
        **(
            {"dropped": sum(totals.dropped.values()) + sum(totals.held.values())}
            if totals.dropped or totals.held
            else {}
        ),
        "removed": totals.removed,
        "duplicates": totals.duplicates,
        "seconds": round(totals.seconds, 2),
    }
    if totals.not_articles:
        fields["not_articles"] = totals.not_articles
    if console.json_mode():
        console.event("summary", **fields)
        return
    if console.verbosity() < 1:
        return
    if terminal is None:
        terminal = sys.stderr.isatty()
    if not terminal:
        line = ", ".join(f"{k} {v}" for k, v in fields.items() if k != "seconds")
        console.note(f"{line}, {totals.seconds:.1f} s")
        return
    from rich.table import Table

    table = Table(title="newsclean", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    rate = totals.files / totals.seconds if totals.seconds else 0.0
    for label, value in (
        ("processed files", f"{totals.files:,}"),
        ("failed files", f"{totals.failed_files:,}"),
        ("skipped (--skip-existing)", f"{totals.skipped:,}"),
        ("articles written", f"{totals.articles:,}"),
        *(
            (f"dropped (--{reason})", f"{count:,}")
            for reason, count in sorted(totals.dropped.items())
        ),
        *((f"dropped ({what})", f"{count:,}") for what, count in sorted(totals.held.items())),
        ("removed blocks", f"{totals.removed:,}"),
        ("repeats removed inside articles", f"{totals.duplicates:,}"),
        *(
            (("archive records, not articles", f"{totals.not_articles:,}"),)
            if totals.not_articles
            else ()
        ),
        ("time", f"{totals.seconds:.1f} s ({rate:,.0f} files/s)"),
    ):
        table.add_row(label, value)
    console.get_console().print(table)
