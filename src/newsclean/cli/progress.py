"""The progress bar of a batch run: files done/total, rate, ETA and failures, on stderr.

Only on a terminal (never in a pipe or a cron log) and not with ``--quiet``. The bar is
refreshed by the run loop itself (no refresher thread), at most ten times a second: a
thread in the main process would make the engine start its workers with forkserver
instead of fork, which costs a second of start-up per worker.

The total is counted before the run by walking the inputs once more (names only, no
reading); on a huge tree that would take long the count gives up after ``COUNT_BUDGET``
seconds and the bar runs without a total (a spinner, the count and the rate).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

#: Seconds the up-front count of input files may take before the bar goes without a total.
COUNT_BUDGET = 2.0
#: Seconds between two redraws.
REFRESH = 0.1


def count_files(refs: Iterable[object], budget: float = COUNT_BUDGET) -> int | None:
    """How many items ``refs`` yields, or None when that takes longer than ``budget``."""
    deadline = time.monotonic() + budget
    n = 0
    for _ in refs:
        n += 1
        if not n % 1024 and time.monotonic() > deadline:
            return None
    return n


class ProgressBar:
    """A rich progress bar for a run over ``total`` files (None: unknown)."""

    def __init__(self, total: int | None, description: str = "cleaning") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [TextColumn("{task.description}")]
        if total is None:
            columns += [SpinnerColumn(), TextColumn("{task.completed} files")]
        else:
            columns += [BarColumn(), MofNCompleteColumn(), TaskProgressColumn()]
        columns += [
            TextColumn("{task.fields[rate]} files/s"),
            TimeElapsedColumn(),
        ]
        if total is not None:
            columns.append(TimeRemainingColumn())
        # Multi-record inputs (a web archive, a big JSONL file) move slowly in files: the
        # records done show that the run is alive.
        columns.append(TextColumn("{task.fields[records]}"))
        columns.append(TextColumn("{task.fields[failed]}"))
        self.progress = Progress(
            *columns,
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            auto_refresh=False,
        )
        self.task = self.progress.add_task(
            description, total=total, rate="-", failed="", records=""
        )
        self.description = description
        self.records = 0
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self.progress.start()
        from newsclean import console

        out = self.progress.console
        # Error and warning lines are printed above the bar, never into its line.
        console.set_live(
            lambda line: out.print(line, markup=False, highlight=False, soft_wrap=True)
        )

    def phase(self, what: str | None) -> None:
        """Say what the run is doing before its files move (``learning site templates``:
        a first pass reads every input); None: back to the run's own description."""
        self.progress.update(self.task, description=what or self.description)
        self.progress.refresh()

    def record(self) -> None:
        """One more record of a multi-record input done (an article or a skipped record)."""
        self.records += 1
        if not self.records % 64:
            self.progress.update(self.task, records=f"{self.records:,} records")
            self.advance(0)

    def advance(self, files: int = 1, failed: int = 0) -> None:
        """``files`` more inputs finished, ``failed`` of them with an error."""
        self.done += files
        self.failed += failed
        now = time.monotonic()
        if now - self._drawn < REFRESH:
            self.progress.update(self.task, completed=self.done)
            return
        self._drawn = now
        elapsed = max(now - self.started, 1e-9)
        self.progress.update(
            self.task,
            completed=self.done,
            rate=f"{self.done / elapsed:,.0f}",
            failed=f"{self.failed} failed" if self.failed else "",
        )
        self.progress.refresh()

    def close(self) -> None:
        from newsclean import console

        console.set_live(None)
        self.progress.stop()
