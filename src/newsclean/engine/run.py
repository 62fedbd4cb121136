"""One batch run for everyone: ``run(plan, engine) -> Summary``.

The CLI, the benchmarks and library users all run a batch through here; the engines (the
local process pool, :class:`newsclean.engine.dask.DaskEngine`) only turn listed inputs into
events (an article written or to write, or a failure) in input order. Everything else is
this module's, once, for every engine: listing inputs, ``--skip-existing`` and the resume
sweep, the output-directory lock, the sinks, routing articles through collection stages,
the full-disk stop, ``--dry-run``, per-file results (``--report``, ``--log-format json``,
progress, summary) and the exit status, which :class:`Summary` decides (0 all good, 1 some
inputs failed, 2 a usage error, 130/143 interrupted).

An option an engine cannot honour is refused (:meth:`Engine.check` raises ``UsageError``),
never ignored. A library user::

    from newsclean.engine import Plan, Step, io_config, run
    from newsclean.pipeline import CleanOptions, clean
    plan = Plan(io_config(inputs=("scraped/",), output="clean/"), Step(clean, CleanOptions()))
    summary = run(plan)  # summary.exit_code: 0, or 1 when some inputs failed
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from newsclean import console
from newsclean.article import Article
from newsclean.engine import streams
from newsclean.engine.inputs import expand_inputs, is_url
from newsclean.engine.local import (
    Chain,
    DirectOutput,
    Event,
    Failure,
    Item,
    Pause,
    WorkerConfig,
    Wrote,
    execute,
)
from newsclean.engine.local import plan as plan_tasks
from newsclean.engine.plan import (
    BatchConfig,
    IOConfig,
    Monitor,
    Plan,
    Summary,
)
from newsclean.engine.stages import PAUSE, chain, hears_pauses
from newsclean.engine.twopass import LearnsFirst, learn_first
from newsclean.errors import NewscleanError, OutputError, Terminated, UsageError
from newsclean.read.walk import STDIN, InputRef, WalkError, read_list
from newsclean.write import Renderer
from newsclean.write.sink import DirSink, FileSink, InPlaceSink, Sink, StreamSink, sweep_stale

#: meta key carrying an article's output route through a collection stage (removed after).
ROUTE_KEY = "_newsclean_route"


class Engine(Protocol):
    """Turns listed inputs into events, in input order. Implementations: :class:`LocalEngine`
    (a process pool here) and ``newsclean.engine.dask.DaskEngine``."""

    #: Whether the engine applies ``plan.stages`` itself (else the run routes articles).
    runs_stages: bool

    def check(self, plan: Plan) -> None:
        """Raise ``UsageError`` for anything in ``plan`` this engine cannot honour."""

    def events(self, plan: Plan, inputs: Iterator[InputRef | WalkError], out: Output) -> Any:
        """Events for ``inputs`` (already filtered by ``--skip-existing``), in order; a
        generator the run closes when it stops early."""


@dataclass(slots=True)
class Output:
    """The output side as an engine sees it."""

    sink: Sink
    #: Renders articles (None when collection stages come after the engine).
    render: Renderer | None
    #: Where workers write themselves (``-o DIR`` and no stage in this process).
    direct: DirectOutput | None
    #: The process's stdin (read only by the main process).
    stdin: Callable[[], Any]


class _Stop(Exception):
    """Unwinds a run with an exit status (the message, if any, is already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _stdin() -> Any:
    return streams.binary("stdin")


# --- the engines' common parts ------------------------------------------------------------


class LocalEngine:
    """Worker processes on this machine (``--jobs``); see :mod:`newsclean.engine.local`."""

    runs_stages = False

    def check(self, plan: Plan) -> None:
        urls = [p for p in plan.io.inputs if is_url(p)]
        if urls:
            raise UsageError(f"{urls[0]}: URL inputs need --engine dask")
        if plan.io.output and is_url(plan.io.output):
            raise UsageError(f"-o {plan.io.output}: a URL output needs --engine dask")
        if plan.io.to == "parquet" and plan.io.output_is_dir:
            # A dataset directory is the Dask engine's (clean --engine dask -o DIR).
            raise UsageError("--to parquet writes one file: use -o FILE.parquet")

    def events(
        self, plan: Plan, inputs: Iterator[InputRef | WalkError], out: Output
    ) -> Generator[Event | Pause]:
        keep = plan.io.keep if plan.io.keep.active else None
        config = WorkerConfig(
            plan.io.read, plan.per_article, out.render, out.direct, keep, plan.io.limits
        )
        record_dir = None
        if out.direct is not None and isinstance(out.sink, DirSink):
            record_dir = out.sink.prepare
        tasks = plan_tasks(inputs, plan.io.read, stdin=out.stdin, record_dir=record_dir)
        return execute(tasks, config, plan.io.jobs)


def list_inputs(io: IOConfig, exclude: frozenset[str]) -> Iterator[InputRef | WalkError]:
    """Every input, in order: paths, directories (walked sorted), quoted globs, then the
    ``--files-from`` list; stdin when nothing is given."""
    given = io.inputs or ((STDIN,) if not (io.files_from or io.listed) else ())
    yield from expand_inputs(given, exclude=exclude)
    yield from expand_inputs(io.listed, exclude=exclude, from_list=True)
    if io.files_from:
        if io.files_from == STDIN:
            stream: Any = _stdin()
            paths = read_list(stream, null=io.null)
            yield from expand_inputs(paths, exclude=exclude, from_list=True)
            return
        try:
            with open(io.files_from, "rb") as handle:
                paths = read_list(handle, null=io.null)
                yield from expand_inputs(paths, exclude=exclude, from_list=True)
        except OSError as exc:
            yield WalkError(io.files_from, f"cannot read list: {exc.strerror or exc}")


def make_sink(io: IOConfig, batch: BatchConfig | None = None) -> Sink:
    """The output for this run: stdout, one file, a directory tree, or the inputs."""
    if batch is not None and batch.in_place is not None:
        return InPlaceSink(io.to, batch.in_place)
    if io.to == "parquet" and io.output is not None:
        if io.output_is_dir:
            from newsclean.engine.dask_parquet import Dataset

            return Dataset(io.output)
        from newsclean.write.parquet import ParquetSink

        return ParquetSink(io.output)
    if io.output is None:
        return StreamSink(streams.binary("stdout"), io.to, terminal=streams.stdout_is_terminal())
    if io.output_is_dir:
        if is_url(io.output):
            from newsclean.engine.dask_io import RemoteTree

            return RemoteTree(io.output, io.to)
        return DirSink(io.output, io.to, resume=io.skip_existing)
    return FileSink(io.output, io.to)


def output_name(io: IOConfig, sink: Sink, ref: InputRef, multi: bool) -> str | None:
    """Where ``ref``'s output goes, as the report names it."""
    if isinstance(sink, DirSink):
        return str(sink.target(ref, multi))
    if isinstance(sink, InPlaceSink):
        return ref.path
    return io.output or STDIN


def check(plan: Plan) -> None:
    """Raise ``UsageError`` for options that make no sense together (any engine)."""
    io, batch = plan.io, plan.batch
    if batch is not None and batch.in_place is not None:
        if io.output is not None:
            raise UsageError("--in-place replaces the inputs; it cannot go with -o")
        if STDIN in io.inputs or not (io.inputs or io.files_from):
            raise UsageError("--in-place needs input files, not stdin")
        if io.to == "parquet":
            raise UsageError("--in-place cannot write Parquet; use -o FILE.parquet")
        if io.keep.active:
            # Rewriting an input without its dropped articles would delete them from disk.
            raise UsageError("--lang and --min-words cannot go with --in-place; use -o")
    if plan.learns_first is not None and (
        STDIN in io.inputs
        or io.files_from == STDIN
        or not (io.inputs or io.files_from or io.listed)
    ):
        # (the first pass reads every input, then the run reads them again)
        raise UsageError("a stage that learns first needs inputs it can read twice, not stdin")
    if io.to == "parquet" and io.output is None:
        # One file with its index at the end: not for a terminal or a pipe.
        raise UsageError("--to parquet writes one file: use -o FILE.parquet")


# --- the run ------------------------------------------------------------------------------


def run(plan: Plan, engine: Engine | None = None) -> Summary:
    """Run ``plan`` on ``engine`` (default: the local process pool) and say how it went.

    Raises ``UsageError`` (exit 2) before anything is read when the options do not fit
    together or the engine cannot honour one; every other outcome is in the Summary
    (messages already on stderr).
    """
    engine = engine or LocalEngine()
    io, batch = plan.io, plan.batch
    console.set_verbosity(io.verbosity)
    if batch is not None:
        console.set_log_format(batch.log_format)
    check(plan)
    engine.check(plan)
    summary = Summary()
    try:
        _run(plan, engine, summary)
    except _Stop as stop:
        summary.stopped = stop.code
        return summary
    if summary.resumed:
        console.note(
            f"resumed: {summary.resumed} record file(s) an interrupted run had written were "
            "kept, not cleaned again"
        )
    if summary.dropped:
        by = ", ".join(f"--{reason} {n}" for reason, n in sorted(summary.dropped.items()))
        console.note(f"dropped {sum(summary.dropped.values())} article(s) by filter ({by})")
    if summary.failures:
        console.warn(f"{summary.failures} input(s) or record(s) failed; the rest were written")
    return summary


def _run(plan: Plan, engine: Engine, summary: Summary) -> None:
    io, batch = plan.io, plan.batch
    if io.skip_existing and io.output and not io.output_is_dir and os.path.exists(io.output):
        console.info(f"{io.output} exists; skipped (--skip-existing)")
        return
    exclude = _excluded(plan)
    if batch is not None and batch.dry_run:
        from newsclean.engine.dryrun import dry_run

        if dry_run(io, batch, list_inputs(io, exclude)):
            raise _Stop(1)
        return
    sink = _open_sink(io, batch)
    renderer = Renderer(io.to, io.write)
    stages_here = plan.stages and not engine.runs_stages
    direct = None
    if isinstance(sink, DirSink) and not stages_here:
        direct = DirectOutput(str(sink.root), io.to, sink.started_ns)
    out = Output(sink, None if stages_here else renderer, direct, _stdin)
    started = time.perf_counter()
    tracking = _Tracking(plan, sink, exclude) if batch is not None else None
    if tracking is not None:
        console.event(
            "start",
            command=plan.command,
            inputs=list(io.inputs),
            output=io.output,
            to=io.to,
            jobs=io.jobs,
        )
    loop = _Loop(plan, sink, summary, tracking)
    listed: Iterable[InputRef | WalkError] = list_inputs(io, exclude)
    try:
        if isinstance(sink, DirSink):
            sink.lock()
        if plan.learns_first is not None:
            # (a first pass over every input: the bar says so rather than sit at 0)
            phase = getattr(tracking.bar if tracking else None, "phase", None)
            if callable(phase):
                phase("learning site templates")
            plan, listed = _learned_first(plan, plan.learns_first, exclude)
            if callable(phase):
                phase(None)
        if io.skip_existing and io.output:
            listed = (r for r in listed if isinstance(r, WalkError) or not loop.skip(r))
        events = _observed(engine.events(plan, iter(listed), out), loop.observe)
        with contextlib.closing(events):
            if stages_here:
                loop.through_stages(events, renderer)
            else:
                loop.write(events)
        sink.close()
    except BaseException as exc:
        sink.abort()
        if tracking is not None:
            tracking.abort()
        if isinstance(sink, DirSink) and sink.kept:
            console.note(
                f"kept the finished records of {len(sink.kept)} input(s) in hidden "
                f"*.newsclean-partial folders: rerun with --skip-existing to go on from there"
            )
        _exit_for(exc, io)
        raise
    summary.seconds = time.perf_counter() - started
    _finish(plan, summary, tracking)


#: Inputs a first pass lists and the run then reads from its list (more: listed again).
KEEP_LISTED = 200_000


def _learned_first(
    plan: Plan, stage: LearnsFirst, exclude: frozenset[str]
) -> tuple[Plan, Iterable[InputRef | WalkError]]:
    """``plan`` with what ``stage`` learned in a first pass over every input (also those
    ``--skip-existing`` skips: a resumed run decides as the first one did) chained after
    its per-article steps, and the inputs to run. Up to ``KEEP_LISTED`` inputs, the run
    reads the very inputs the first pass listed (a file deleted meanwhile is reported as
    any unreadable input); past that, the walk is done again (memory stays bounded)."""
    io = plan.io
    walk = list_inputs(io, exclude)
    listing = list(itertools.islice(walk, KEEP_LISTED + 1))
    kept = len(listing) <= KEEP_LISTED
    step = learn_first(
        stage,
        listing if kept else itertools.chain(listing, walk),
        io.read,
        plan.per_article,
        keep=io.keep if io.keep.active else None,
        limits=io.limits,
        jobs=io.jobs,
    )
    listed = listing if kept else list_inputs(io, exclude)
    if step is None:
        return plan, listed
    steps = (plan.per_article, step) if plan.per_article is not None else (step,)
    return dataclasses.replace(plan, per_article=Chain(steps)), listed


def _excluded(plan: Plan) -> frozenset[str]:
    """What this run writes, never read back as input by a walk (a rerun with the output
    or a report inside the input tree)."""
    io, batch = plan.io, plan.batch
    stage_writes = (w for s in plan.stages for w in getattr(s, "writes", ()))
    return frozenset(
        os.path.realpath(path)
        for path in (io.output, batch.report if batch else None, *plan.writes, *stage_writes)
        if path is not None and not is_url(path)
    )


def _open_sink(io: IOConfig, batch: BatchConfig | None) -> Sink:
    """The run's sink, with ``-o DIR`` created (and swept when resuming) up front."""
    local_dir = io.output is not None and io.output_is_dir and not is_url(io.output)
    if io.skip_existing and local_dir and io.output and os.path.isdir(io.output):
        # Resuming: clear what a killed run left half-written (complete outputs stay).
        stale = sweep_stale(io.output)
        if stale:
            console.info(f"removed {stale} temporary file(s) left by an interrupted run")
    sink = make_sink(io, batch)
    if isinstance(sink, DirSink):
        try:
            sink.create_root()
        except OutputError as exc:
            _exit_for(exc, io)
    return sink


def _finish(plan: Plan, summary: Summary, tracking: _Tracking | None) -> None:
    """After the outputs: the report and summary, then the stages' and the caller's hooks."""
    if tracking is not None:
        try:
            tracking.finish(summary)  # writes --report
        except OutputError as exc:
            _exit_for(exc, plan.io)
    for stage in plan.stages:
        finish = getattr(stage, "finish", None)
        if finish is not None:
            finish(summary)
    for hook in plan.on_finish:
        hook(summary)


class _Loop:
    """The event side of one run: counting, writing, routing through stages."""

    def __init__(
        self, plan: Plan, sink: Sink, summary: Summary, tracking: _Tracking | None
    ) -> None:
        self.io = plan.io
        self.plan = plan
        self.sink = sink
        self.summary = summary
        self.tracking = tracking

    def skip(self, ref: InputRef) -> bool:
        if self.sink.exists(ref):
            self.summary.skipped += 1
            if self.tracking is not None:
                name = output_name(self.io, self.sink, ref, False)
                self.tracking.results.skipped(ref.display, name)
            return True
        return False

    def observe(self, event: Event | Wrote | Pause) -> None:
        if isinstance(event, Wrote | Pause):
            return  # its article was reported when the engine saw it; a pause is no article
        if isinstance(event, Item) and event.dropped is not None:
            self.dropped(event)
        elif isinstance(event, Item):
            self.summary.resumed += event.resumed
            self.summary.removed += event.removed
            self.summary.duplicates += event.duplicates
            if event.warnings and self.io.verbosity >= 1:
                for warning in event.warnings:
                    console.warn(f"{event.ref.display}: {warning}")
        elif isinstance(self.sink, InPlaceSink) and isinstance(event, Failure):
            self.sink.failed(event.display)
        if self.tracking is not None:
            self.tracking.results(event)
        if self.plan.on_event is not None:
            self.plan.on_event(event)

    def dropped(self, event: Item) -> None:
        """A filter dropped this article: count it, and say which and why with ``-v``."""
        assert event.dropped is not None
        reason = event.dropped.reason
        self.summary.dropped[reason] = self.summary.dropped.get(reason, 0) + 1
        where = f" record {event.index}" if event.index is not None else ""
        console.info(f"{event.ref.display}:{where} dropped: {event.dropped.message}")

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        try:
            self.sink.add(ref, index, multi, text, name)
            self.summary.written += 1
        except OutputError as exc:
            # one input's output failing (a collision, a link) is that input's failure alone
            io = self.io
            one_input = isinstance(self.sink, InPlaceSink) or (
                io.output is not None and io.output_is_dir
            )
            if not one_input:
                raise
            if exc.stops_run:
                # named by its input, as a worker writing it itself names it
                raise OutputError(f"{ref.display}: {exc}", stops_run=True) from None
            self.summary.failures += 1
            console.error(f"{ref.display}: {exc}")

    def failed(self, failure: Failure) -> None:
        if failure.stops_run:  # a full disk: every later output would fail the same way
            raise OutputError(failure.line(), stops_run=True)
        self.summary.failures += 1
        console.error(failure.line())
        if failure.detail:
            console.traceback_text(failure.detail)

    def write(self, events: Iterable[Event | Wrote | Pause]) -> None:
        sink = self.sink
        for event in events:
            if isinstance(event, Item) and event.dropped is not None:
                continue  # counted by observe, never written
            if isinstance(event, Wrote) or (isinstance(event, Item) and event.payload is None):
                if isinstance(event, Item) and not event.written:
                    continue  # reported now, counted when its Wrote comes
                self.summary.written += 1  # a worker wrote it
                if isinstance(sink, DirSink):
                    sink.touch(event.ref)
            elif isinstance(event, Item):
                assert isinstance(event.payload, str)
                self.add(event.ref, event.index, event.multi, event.payload, event.name)
            elif isinstance(event, Failure):
                self.failed(event)
            # a Skip (a web archive's record that holds no article) is only counted

    def routed(self, events: Iterable[Event | Wrote | Pause], pauses: bool) -> Iterator[Article]:
        for event in events:
            if isinstance(event, Pause):
                if pauses:
                    yield PAUSE
            elif isinstance(event, Failure):
                self.failed(event)
            elif isinstance(event, Item) and event.dropped is not None:
                continue  # counted by observe; never enters a collection stage
            elif isinstance(event, Item):
                assert isinstance(event.payload, Article)
                route = (event.ref, event.index, event.multi, event.name)
                yield event.payload.with_meta(**{ROUTE_KEY: route})

    def through_stages(self, events: Iterable[Event | Wrote | Pause], render: Renderer) -> None:
        stages = chain(self.plan.stages)
        for article in stages(self.routed(events, hears_pauses(stages))):
            meta = dict(article.meta)
            route = meta.pop(ROUTE_KEY, None)
            if route is None:  # a collection stage made a new article
                source = str(meta.get("source", STDIN))
                route = (InputRef(None, source, "collection"), None, False, None)
            ref, index, multi, name = route
            self.add(ref, index, multi, render(article.replace(meta=meta)), name)


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): stop quietly. Point stdout at /dev/null so the
    # interpreter's final flush does not raise a second BrokenPipeError.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _exit_for(exc: BaseException, io: IOConfig) -> None:
    """Map an exception that stopped the run to its message and exit status."""
    if isinstance(exc, _Stop):
        raise exc
    if isinstance(exc, BrokenPipeError):
        _quiet_broken_pipe()
        raise _Stop(0) from None
    if isinstance(exc, Terminated):
        console.error("terminated; no partial output was left behind")
        raise _Stop(143) from None
    if isinstance(exc, KeyboardInterrupt):
        console.error("interrupted; no partial output was left behind")
        raise _Stop(130) from None
    if isinstance(exc, NewscleanError):
        console.error(str(exc))
        raise _Stop(1) from None
    if isinstance(exc, Exception):
        console.error(f"unexpected error ({type(exc).__name__}: {exc}); rerun with -v for details")
        if io.verbosity >= 2:
            import traceback

            console.traceback_text(traceback.format_exc())
        raise _Stop(1) from None


def _archive_tally(result: Any) -> None:
    """A web archive's records that hold no article, one line per archive (summary)."""
    if result.not_articles:
        console.note(
            f"{console.one_line(result.input)}: {result.articles} article(s); "
            f"not articles: {result.tally()}"
        )


class _Tracking:
    """Per-file results, progress, JSON log and report of one batch run."""

    def __init__(self, plan: Plan, sink: Sink, exclude: frozenset[str]) -> None:
        from newsclean.engine import report

        io, batch = plan.io, plan.batch
        assert batch is not None
        self.stages = plan.stages
        # The summary is for batch runs (a tree or the inputs rewritten) and logs; a
        # filter in a pipe (stdin -> stdout) stays quiet unless -v asks.
        self.summary = (
            batch.summary
            and (io.output_is_dir or batch.in_place is not None or console.json_mode())
        ) or io.verbosity >= 2
        # Output names only for the consumers that print them (a Path per file otherwise).
        named = bool(batch.report) or console.json_mode()
        self.results = report.FileResults(
            (lambda item: output_name(io, sink, item.ref, item.multi))
            if named
            else (lambda item: None),
            filtering=io.keep.active,
        )
        self.writer: report.ReportWriter | None = None
        self.bar: Monitor | None = None
        if console.json_mode():
            self.results.listen(report.log_file_event)
        if batch.report:
            try:
                self.writer = report.ReportWriter(batch.report)
            except OutputError as exc:
                console.error(f"--report: {exc}")
                raise _Stop(2) from None
            self.results.listen(self.writer)
            self.results.totals.skip_listeners.append(self.writer.skip)
        if self.summary:
            self.results.listen(_archive_tally)
        if plan.progress is not None:
            self.bar = plan.progress(plan, exclude)
            if self.bar is not None:
                self.results.listen(self.bar)
                record = getattr(self.bar, "record", None)
                if callable(record):
                    self.results.totals.record_listeners.append(record)

    def finish(self, summary: Summary) -> None:
        from newsclean.engine.report import print_summary

        self.results.flush()
        if self.bar is not None:
            self.bar.close()
        if self.writer is not None:
            self.writer.close()
        totals = self.results.totals
        totals.seconds = summary.seconds
        for stage in self.stages:
            # Articles a stage held back (dedup --across) were counted as they came.
            for what, count in getattr(stage, "dropped", {}).items():
                totals.held[what] = totals.held.get(what, 0) + count
                totals.articles -= count
        if self.summary:
            print_summary(totals)

    def abort(self) -> None:
        self.results.flush()
        if self.bar is not None:
            self.bar.close()
        if self.writer is not None:
            self.writer.abort()


def _observed(
    events: Generator[Event | Wrote | Pause], hook: Callable[[Event | Wrote | Pause], None]
) -> Generator[Event | Wrote | Pause]:
    def watch() -> Generator[Event | Wrote | Pause]:
        with contextlib.closing(events):
            for event in events:
                hook(event)
                yield event

    return watch()
