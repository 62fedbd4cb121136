"""``newsclean dedup``: repeated headlines/paragraphs inside each article, and duplicate
articles across everything read (optionally against an index kept from earlier runs).

Exports ``dedup_options``/``build_dedup_options`` (the in-article step, for ``clean``) and
``collection_options``/``build_duplicate_options``/``CollectionDedup`` (the cross-collection
stage, for any command that wants it).
"""

from __future__ import annotations

import csv
import io as _io
import json
import os
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from newsclean import console
from newsclean.article import Article
from newsclean.atomic import replacing
from newsclean.cli.common import IOConfig, RunSummary, io_options, run, with_options
from newsclean.cli.options import build, click_options, params
from newsclean.cli.parsing import Command
from newsclean.collection.duplicates import (
    Deduplicator,
    DuplicateIndex,
    DuplicateOptions,
)
from newsclean.collection.index import IndexFormatError
from newsclean.engine.local import Step
from newsclean.steps.dedup import DedupOptions, dedup
from newsclean.write.sink import lock_exclusive

F = TypeVar("F", bound=Callable[..., Any])

#: Keyword arguments ``dedup_options`` adds (``clean`` pops exactly these).
DEDUP_PARAMS = params(DedupOptions)
#: Keyword arguments ``collection_options`` adds.
COLLECTION_PARAMS = (*params(DuplicateOptions), "index", "report")


def dedup_options(f: F) -> F:
    """Add the in-article dedup options: those ``DedupOptions`` declares on its fields."""
    return with_options(f, click_options(DedupOptions))


def build_dedup_options(**kwargs: Any) -> DedupOptions:
    """``DedupOptions`` from the keyword arguments ``dedup_options`` adds (others ignored)."""
    return build(DedupOptions, kwargs)


def collection_options(f: F) -> F:
    """Add the cross-collection duplicate options."""
    decorators = [
        *click_options(DuplicateOptions),
        click.option(
            "--index",
            metavar="FILE",
            help="Also compare against the articles recorded in FILE by earlier runs, then "
            "add this run's (created if missing; written atomically; a damaged FILE stops "
            "the run and is left untouched).",
        ),
        click.option(
            "--report",
            metavar="FILE",
            help="Write the duplicate groups (kept, dropped, why, similarity) to FILE: "
            ".csv for CSV, anything else JSON.",
        ),
    ]
    return with_options(f, decorators)


def build_duplicate_options(**kwargs: Any) -> DuplicateOptions:
    """``DuplicateOptions`` from the keyword arguments ``collection_options`` adds."""
    return build(DuplicateOptions, kwargs)


class CollectionDedup:
    """The cross-collection stage for ``run(..., collection=...)``, with its index and report
    handling. ``load()`` before the run (raises ``click`` exit 2 on a damaged index),
    ``finish(summary)`` after it (saves the index, writes the report, prints the summary)."""

    def __init__(
        self,
        options: DuplicateOptions,
        index_path: str | None = None,
        report_path: str | None = None,
    ) -> None:
        self.options = options
        self.index_path = index_path
        self.report_path = report_path
        self.deduplicator: Deduplicator | None = None

    @property
    def writes(self) -> tuple[str | None, ...]:
        """The files this stage writes (never read as inputs by the same run)."""
        return (self.index_path, self.report_path)

    @property
    def dropped(self) -> dict[str, int]:
        """Articles this stage held back, for the run's summary (none with ``--mark``)."""
        dd = self.deduplicator
        if dd is None or dd.options.mark or not dd.report.duplicates:
            return {}
        return {"duplicates across articles": dd.report.duplicates}

    def load(self) -> None:
        for path, what in ((self.index_path, "--index"), (self.report_path, "--report")):
            if path and not Path(path).resolve().parent.is_dir():
                console.error(f"{what} {path}: the directory does not exist; create it first")
                raise click.exceptions.Exit(2)
        index = DuplicateIndex()
        if self.index_path:
            self._lock_index(self.index_path)
            try:
                index = DuplicateIndex.load(self.index_path)
            except IndexFormatError as exc:
                console.error(
                    f"{self.index_path}: {exc}; the file was left untouched: restore it from "
                    "a backup, or pass another --index path to start a new index"
                )
                raise click.exceptions.Exit(2) from None
        self.deduplicator = Deduplicator(self.options, index)

    def _lock_index(self, path: str) -> None:
        # Two overlapping runs would each load the old index, and the last to save would
        # drop the other's articles from it. Held until this stage is dropped (or the
        # process ends); the index is replaced atomically at the end, so a later run locks
        # the new file.
        if not os.path.exists(path):
            return
        try:
            fd = lock_exclusive(path)
        except BlockingIOError:
            console.error(
                f"{path}: another newsclean run is using this index; wait for it to finish"
            )
            raise click.exceptions.Exit(1) from None
        if fd is not None:
            weakref.finalize(self, os.close, fd)

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        if self.deduplicator is None:
            self.load()
        assert self.deduplicator is not None
        return self.deduplicator.run(articles)

    def finish(self, summary: RunSummary) -> None:
        dd = self.deduplicator
        if dd is None:
            return
        if self.index_path:
            try:
                dd.index.save(self.index_path)
            except OSError as exc:
                console.error(f"{self.index_path}: cannot save the index ({exc.strerror})")
                raise click.exceptions.Exit(1) from None
        if self.report_path:
            try:
                with replacing(self.report_path) as fh:
                    fh.write(self.report_text().encode("utf-8"))
            except OSError as exc:
                console.error(f"{self.report_path}: cannot write the report ({exc.strerror})")
                raise click.exceptions.Exit(1) from None
        self.print_summary()

    def report_text(self) -> str:
        assert self.deduplicator is not None
        report = self.deduplicator.report
        if (self.report_path or "").lower().endswith(".csv"):
            buf = _io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["cluster", "kept", "record", "matched", "why", "similarity"])
            for cluster, kept, ref, matched, why, sim in report.rows:
                writer.writerow([cluster, kept, ref, matched, why, f"{sim:.3f}"])
            return buf.getvalue()
        doc = {
            "summary": self.summary(),
            "groups": report.groups(),
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def summary(self) -> dict[str, Any]:
        assert self.deduplicator is not None
        dd = self.deduplicator
        report = dd.report
        why = Counter(row[4] for row in report.rows)
        return {
            "records": report.records,
            "duplicates": report.duplicates,
            "groups": len({row[0] for row in report.rows}),
            "kept": report.records - (0 if dd.options.mark else report.duplicates),
            "mode": "mark" if dd.options.mark else "drop",
            "keep": dd.options.keep,
            "why": dict(sorted(why.items())),
            "indexed_before": dd.index.previous,
            "indexed_now": len(dd.index),
        }

    def print_summary(self) -> None:
        if console.verbosity() < 1:
            return
        s = self.summary()
        action = "marked" if s["mode"] == "mark" else "dropped"
        reasons = ", ".join(f"{k} {v}" for k, v in s["why"].items()) or "none"
        if console.stderr_is_terminal():
            from rich.table import Table

            table = Table(title="newsclean dedup", show_header=True, title_justify="left")
            table.add_column("records", justify="right")
            table.add_column(f"duplicates {action}", justify="right")
            table.add_column("groups", justify="right")
            table.add_column("why")
            table.add_column("index", justify="right")
            table.add_row(
                str(s["records"]),
                str(s["duplicates"]),
                str(s["groups"]),
                reasons,
                f"{s['indexed_before']} -> {s['indexed_now']}" if self.index_path else "-",
            )
            console.get_console().print(table)
            return
        line = (
            f"dedup: {s['records']} records, {s['duplicates']} duplicates {action} "
            f"in {s['groups']} groups ({reasons})"
        )
        if self.index_path:
            line += f"; index {s['indexed_before']} -> {s['indexed_now']} records"
        click.echo(line, err=True)


@click.command("dedup", cls=Command)
@io_options
@dedup_options
@collection_options
@click.option(
    "--scope",
    type=click.Choice(("both", "within", "across")),
    default="both",
    show_default=True,
    help="within: only repeats inside each article (streams, no index); across: only "
    "duplicate articles; both.",
)
def command(io: IOConfig, scope: str, **kwargs: Any) -> None:
    """Remove repeated headlines/paragraphs and duplicate articles.

    Inside each article: the headline repeated at the top of the body, the standfirst
    repeated as the first paragraph, paragraphs captured twice (compared ignoring case,
    punctuation, quotes, diacritics, tatweel and alef/yeh/teh-marbuta forms; the kept text
    is never changed). Across all inputs: exact copies, cosmetic variants, copies with a few
    words edited, a sentence added or cut, or truncated; a shared generic headline
    ("عاجل", "Breaking news") alone never makes a duplicate. Removed blocks go to
    "removed"; dropped articles are listed with --report.

    \b
    newsclean dedup --to jsonl feeds/*.jsonl > unique.jsonl
    newsclean dedup --index seen.idx --report dups.csv --to jsonl today.jsonl
    newsclean dedup --mark --keep longest --to jsonl data.jsonl
    """
    step = Step(dedup, build_dedup_options(**kwargs)) if scope != "across" else None
    if scope == "within":
        if kwargs.get("index") or kwargs.get("report") or kwargs.get("mark"):
            raise click.UsageError("--index, --report and --mark need --scope both or across")
        run(io, step)
        return
    stage = CollectionDedup(
        build_duplicate_options(**kwargs), kwargs.get("index"), kwargs.get("report")
    )
    stage.load()  # a damaged index stops here, before any output
    run(io, step, stage, on_finish=stage.finish, writes=stage.writes)
