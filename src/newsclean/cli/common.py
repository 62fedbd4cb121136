"""Command-line plumbing every subcommand shares: input/output options and the run loop.

A subcommand is ``@io_options`` plus a call to ``run(io, per_article, collection)``::

    @click.command("strip")
    @io_options
    @strip_options
    def command(io: IOConfig, **kwargs: Any) -> None:
        \"\"\"Remove boilerplate.\"\"\"
        run(io, Step(strip, build_strip_options(**kwargs)))

``run`` reads the inputs, applies ``per_article`` in worker processes (it must pickle:
a module-level function, ``functools.partial`` of one, or ``batch.Step``), applies
``collection`` (a stream stage over all articles, in input order, in this process), writes
the outputs, and exits 0 (all good), 1 (some inputs failed) or 2 (usage error).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TypeVar

import click

from newsclean import console
from newsclean.article import Article
from newsclean.batch import (
    Collection,
    DirectOutput,
    Event,
    Failure,
    Item,
    PerArticle,
    WorkerConfig,
    default_jobs,
    execute,
    plan,
)
from newsclean.cli import streams
from newsclean.errors import NewscleanError, OutputError, Terminated, UsageError
from newsclean.read import MAX_INPUT_SIZE, ReadOptions, parse_size
from newsclean.read.decode import canonical
from newsclean.read.records import FieldMap, parse_field_option
from newsclean.read.sniff import FORMATS as INPUT_FORMATS
from newsclean.read.walk import STDIN, InputRef, WalkError, expand, read_list
from newsclean.write import FORMAT_OF_EXTENSION, FORMATS, Renderer, WriteOptions
from newsclean.write.sink import DirSink, FileSink, InPlaceSink, Sink, StreamSink, sweep_stale

F = TypeVar("F", bound=Callable[..., Any])


def with_options(f: F, decorators: Sequence[Callable[[Any], Any]]) -> F:
    """``f`` under click option ``decorators``, the first listed outermost (as if they
    were written above ``f`` in that order): how the option groups are assembled."""
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


#: Default output format when neither ``--to`` nor an ``-o FILE`` extension says otherwise.
DEFAULT_FORMAT = "md"
#: meta key carrying an article's output route through a collection stage (removed after).
ROUTE_KEY = "_newsclean_route"

_TTY_HINT = (
    "no input given and stdin is a terminal: pass files or directories "
    "(newsclean {cmd} samples/), pipe data in (cat a.html | newsclean {cmd}), "
    "or use '-' to type an article (end with Ctrl-D)"
)


@dataclass(frozen=True, slots=True)
class IOConfig:
    """The resolved input/output options of one subcommand invocation."""

    #: Paths as given (files, directories, "-"); empty means stdin.
    inputs: tuple[str, ...] = ()
    #: A file (or "-") listing input paths, one per line (NUL-separated with ``null``).
    files_from: str | None = None
    #: ``--files-from`` entries are NUL-separated (``find -print0``).
    null: bool = False
    #: Output path; None (or "-") is stdout.
    output: str | None = None
    #: Whether ``output`` is a directory (mirror the inputs) or one file.
    output_is_dir: bool = False
    #: Output format: md, json, jsonl or txt.
    to: str = DEFAULT_FORMAT
    #: How inputs are read (format, encoding, field mapping).
    read: ReadOptions = field(default_factory=ReadOptions)
    #: How outputs are written (front matter).
    write: WriteOptions = field(default_factory=WriteOptions)
    #: Worker processes.
    jobs: int = 1
    #: Skip inputs whose output already exists (``-o`` only).
    skip_existing: bool = False
    #: 0 quiet, 1 normal, 2 verbose.
    verbosity: int = 1


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Options of a long batch run (``batch_options``): logs, report, resume modes."""

    #: "text" or "json" (one JSON object per event on stderr).
    log_format: str = "text"
    #: Per-input results as JSON Lines (see ``newsclean.report``).
    report: str | None = None
    #: Say what would be written (stdout, one line per output) and write nothing.
    dry_run: bool = False
    #: Replace each input with its cleaned output; the value is the backup suffix ("" none).
    in_place: str | None = None
    #: Progress bar: None = when stderr is a terminal.
    progress: bool | None = None
    #: Print the end-of-run summary.
    summary: bool = True


def output_is_dir(path: str) -> bool:
    """``-o PATH`` is a directory if it is one, ends with "/", or does not exist and has
    no file extension; otherwise it is one file."""
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        return True
    if os.path.exists(path):
        return False
    return not PurePath(path).suffix


def build_io(
    *,
    inputs: tuple[str, ...] = (),
    output: str | None = None,
    to: str | None = None,
    from_format: str | None = None,
    encoding: str | None = None,
    field_map: tuple[str, ...] = (),
    files_from: str | None = None,
    null: bool = False,
    front_matter: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    jobs: int | None = None,
    skip_existing: bool = False,
    max_input_size: int = MAX_INPUT_SIZE,
) -> IOConfig:
    """Validate raw option values into an IOConfig (raises click.UsageError, exit 2)."""
    if output == STDIN:
        output = None
    is_dir = output is not None and output_is_dir(output)
    if to is None:
        suffix = PurePath(output).suffix.lower() if output and not is_dir else ""
        to = FORMAT_OF_EXTENSION.get(suffix, DEFAULT_FORMAT)
    try:
        enc = canonical(encoding) if encoding else None
        overrides = tuple(parse_field_option(v) for v in field_map)
    except (UsageError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    if null and not files_from:
        raise click.UsageError("-0/--null only applies to --files-from")
    if files_from == STDIN and STDIN in inputs:
        raise click.UsageError("stdin cannot be both the --files-from list and an input")
    if output and is_dir:
        target = os.path.realpath(output)
        for path in inputs:
            if path != STDIN and os.path.isdir(path) and os.path.realpath(path) == target:
                raise click.UsageError(
                    f"-o {output} is the input directory itself; write to another directory"
                )
    if jobs is not None and jobs < 0:
        raise click.UsageError("--jobs must be 0 (all cores) or more")
    if jobs is not None and jobs > max_jobs():
        # each worker holds a document and its copies: -j 100000 ran into the OOM killer
        raise click.UsageError(
            f"--jobs {jobs} is more workers than this machine can use (at most "
            f"{max_jobs()} here: 4 per core, at least 32, at most 256); --jobs 0 uses all cores"
        )
    return IOConfig(
        inputs=tuple(inputs),
        files_from=files_from,
        null=null,
        output=output,
        output_is_dir=is_dir,
        to=to,
        read=ReadOptions(
            format=from_format,
            encoding=enc,
            fields=FieldMap(overrides),
            max_size=max_input_size,
        ),
        write=WriteOptions(front_matter=front_matter),
        jobs=jobs or default_jobs(),
        skip_existing=skip_existing,
        verbosity=0 if quiet else 2 if verbose else 1,
    )


_IO_PARAMS = (
    "inputs",
    "output",
    "to",
    "from_format",
    "encoding",
    "field_map",
    "files_from",
    "null",
    "front_matter",
    "quiet",
    "verbose",
    "jobs",
    "skip_existing",
    "max_input_size",
)


def max_jobs() -> int:
    """The largest ``--jobs``: 4 per core, at least 32, at most 256."""
    return min(256, max(32, 4 * default_jobs()))


class _Size(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.3
    """A size in bytes: 256MB, 1.5GB, 64KB, 1000, or 0 for no limit."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return parse_size(value)
        except (TypeError, ValueError) as exc:
            self.fail(f"{value!r} is not {exc}", param, ctx)


def io_options(f: F) -> F:
    """Add the shared input/output options; the command receives them as ``io: IOConfig``."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        io = build_io(**{k: kwargs.pop(k) for k in _IO_PARAMS})
        return f(*args, io=io, **kwargs)

    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(dir_okay=True)),
        click.option(
            "-o",
            "--output",
            metavar="FILE|DIR",
            help="Write to FILE (all articles), or to DIR mirroring the input tree "
            "(DIR: an existing directory, a path ending in '/', or one with no extension). "
            "Default: stdout.",
        ),
        click.option(
            "--to",
            type=click.Choice(FORMATS),
            help=f"Output format. Default: from the -o FILE extension, else {DEFAULT_FORMAT}. "
            "Use jsonl between subcommands (lossless).",
        ),
        click.option(
            "--from",
            "from_format",
            type=click.Choice(INPUT_FORMATS),
            help="Input format (default: from the extension, confirmed by the content).",
        ),
        click.option(
            "--encoding",
            metavar="NAME",
            help="Input encoding, e.g. cp1256 (default: detected; see docs/formats.md).",
        ),
        click.option(
            "--field",
            "field_map",
            multiple=True,
            metavar="TARGET=COLUMN",
            help="Read TARGET (title, text, html, url, published, author, tags, site, "
            "language, subtitle) from record field COLUMN. Repeatable.",
        ),
        click.option(
            "--files-from",
            metavar="FILE|-",
            help="Read input paths from FILE ('-': stdin), one per line.",
        ),
        click.option(
            "-0",
            "--null",
            is_flag=True,
            help="--files-from paths are NUL-separated (find -print0).",
        ),
        click.option(
            "--front-matter",
            is_flag=True,
            help="Markdown: start with YAML front matter (metadata).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr."),
        click.option("-v", "--verbose", is_flag=True, help="More detail, tracebacks on errors."),
        click.option(
            "-j",
            "--jobs",
            type=int,
            metavar="N",
            help="Worker processes (default: all cores; output order never changes).",
        ),
        click.option(
            "--skip-existing",
            is_flag=True,
            help="With -o DIR: skip inputs whose output already exists (resume a batch).",
        ),
        click.option(
            "--max-input-size",
            type=_Size(),
            default=MAX_INPUT_SIZE,
            show_default="256MB",
            metavar="SIZE",
            help="Skip (as failed) an input that holds, once gunzipped, more than SIZE "
            "(one line, for JSON Lines); e.g. 64MB, 1GB, 0 for no limit. See docs/limits.md.",
        ),
    ]
    return with_options(wrapper, decorators)  # type: ignore[return-value]


# --- the run loop ------------------------------------------------------------------------


def _stdin() -> Any:
    return streams.binary("stdin")


def _inputs(io: IOConfig, exclude: frozenset[str]) -> Iterator[InputRef | WalkError]:
    yield from expand(io.inputs or ((STDIN,) if not io.files_from else ()), exclude=exclude)
    if io.files_from:
        if io.files_from == STDIN:
            stream: Any = _stdin()
            yield from expand(read_list(stream, null=io.null), exclude=exclude, from_list=True)
            return
        try:
            with open(io.files_from, "rb") as handle:
                paths = read_list(handle, null=io.null)
                yield from expand(paths, exclude=exclude, from_list=True)
        except OSError as exc:
            yield WalkError(io.files_from, f"cannot read list: {exc.strerror or exc}")


def make_sink(io: IOConfig, batch: BatchConfig | None = None) -> Sink:
    """The output for this invocation: stdout, one file, a directory tree, or the inputs."""
    if batch is not None and batch.in_place is not None:
        return InPlaceSink(io.to, batch.in_place)
    if io.output is None:
        return StreamSink(streams.binary("stdout"), io.to, terminal=streams.stdout_is_terminal())
    if io.output_is_dir:
        return DirSink(io.output, io.to)
    return FileSink(io.output, io.to)


def _report(failure: Failure) -> None:
    console.error(failure.line())
    if failure.detail:
        console.traceback_text(failure.detail)


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): stop quietly. Point stdout at /dev/null so the
    # interpreter's final flush does not raise a second BrokenPipeError.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@dataclass(slots=True)
class RunSummary:
    """What a run did (handed to ``on_finish``, e.g. for a summary line or report)."""

    #: Articles written.
    written: int = 0
    #: Failed inputs or records (each reported on stderr).
    failures: int = 0
    #: Inputs skipped by ``--skip-existing``.
    skipped: int = 0
    #: Wall-clock seconds.
    seconds: float = 0.0
    #: Removals recorded on the written articles (boilerplate, repeats, ...).
    removed: int = 0
    #: Of those, repeated headlines/paragraphs (the dedup step).
    duplicates: int = 0


def run(
    io: IOConfig,
    per_article: PerArticle | None = None,
    collection: Collection | None = None,
    *,
    on_event: Callable[[Event], None] | None = None,
    on_finish: Callable[[RunSummary], None] | None = None,
    batch: BatchConfig | None = None,
    writes: Iterable[str | None] = (),
) -> None:
    """Read every input, transform, write; exit with 0, 1 (some inputs failed) or 2.

    ``on_event`` sees every article/failure as it comes out of the engine, in order (in this
    process: progress bars, logs); ``on_finish`` gets the RunSummary before the exit.
    ``batch`` adds what a long run needs: progress bar, JSON log, per-file report,
    summary, ``--dry-run`` and ``--in-place``. ``writes``: other files the run writes (a
    duplicate index or report), never read as inputs.
    """
    console.set_verbosity(io.verbosity)
    if batch is not None:
        console.set_log_format(batch.log_format)
    ctx = click.get_current_context(silent=True)
    command = ctx.info_name if ctx is not None else "export"
    stdin_is_tty = streams.stdin_is_terminal()
    if not io.inputs and not io.files_from and stdin_is_tty:
        console.error(_TTY_HINT.format(cmd=command))
        raise click.exceptions.Exit(2)
    if stdin_is_tty and (STDIN in io.inputs or io.files_from == STDIN):
        console.warn("reading from the terminal; end with Ctrl-D")
    if batch is not None and batch.in_place is not None:
        if io.output is not None:
            raise click.UsageError("--in-place replaces the inputs; it cannot go with -o")
        if STDIN in io.inputs or not (io.inputs or io.files_from):
            raise click.UsageError("--in-place needs input files, not stdin")
    if io.skip_existing and io.output and not io.output_is_dir and os.path.exists(io.output):
        console.info(f"{io.output} exists; skipped (--skip-existing)")
        return
    # What this run writes is never read back as input by a walk (a rerun with the output
    # or a report inside the input tree).
    exclude = frozenset(
        os.path.realpath(path)
        for path in (io.output, batch.report if batch else None, *writes)
        if path is not None
    )
    if batch is not None and batch.dry_run:
        _dry_run(io, batch, exclude)
        return
    if io.skip_existing and io.output and io.output_is_dir and os.path.isdir(io.output):
        # Resuming: clear what a killed run left half-written (complete outputs stay).
        stale = sweep_stale(io.output)
        if stale:
            console.info(f"removed {stale} temporary file(s) left by an interrupted run")
    renderer = Renderer(io.to, io.write)
    sink = make_sink(io, batch)
    if isinstance(sink, DirSink):
        try:
            sink.create_root()
        except OutputError as exc:
            _exit_for(exc, io)
    direct = None
    if isinstance(sink, DirSink) and collection is None:
        direct = DirectOutput(str(sink.root), io.to, sink.started_ns)
    config = WorkerConfig(io.read, per_article, None if collection else renderer, direct)
    summary = RunSummary()
    started = time.perf_counter()
    tracking = _Tracking(io, batch, sink, exclude) if batch is not None else None
    if tracking is not None:
        console.event(
            "start",
            command=command,
            inputs=list(io.inputs),
            output=io.output,
            to=io.to,
            jobs=io.jobs,
        )

    def skip(ref: InputRef) -> bool:
        if sink.exists(ref):
            summary.skipped += 1
            if tracking is not None:
                tracking.results.skipped(ref.display, _output_name(io, sink, ref, False))
            return True
        return False

    def observe(event: Event) -> None:
        if isinstance(event, Item):
            summary.removed += event.removed
            summary.duplicates += event.duplicates
            if event.warnings and io.verbosity >= 1:
                for warning in event.warnings:
                    console.warn(f"{event.ref.display}: {warning}")
        elif isinstance(sink, InPlaceSink):
            sink.failed(event.display)
        if tracking is not None:
            tracking.results(event)
        if on_event is not None:
            on_event(event)

    tasks = plan(
        _inputs(io, exclude),
        io.read,
        stdin=_stdin,
        skip=skip if io.skip_existing and io.output else None,
        record_dir=sink.prepare if direct is not None and isinstance(sink, DirSink) else None,
    )
    events = _observed(execute(tasks, config, io.jobs), observe)

    def add(ref: InputRef, index: int | None, multi: bool, text: str) -> None:
        try:
            sink.add(ref, index, multi, text)
            summary.written += 1
        except OutputError as exc:
            # one input's output failing (a collision, a link) is that input's failure alone
            one_input = isinstance(sink, InPlaceSink) or (
                io.output is not None and io.output_is_dir
            )
            if not one_input or exc.stops_run:
                raise
            summary.failures += 1
            console.error(f"{ref.display}: {exc}")

    def _failed(failure: Failure) -> None:
        if failure.stops_run:  # a full disk: every later output would fail the same way
            raise OutputError(failure.line(), stops_run=True)
        summary.failures += 1
        _report(failure)

    def routed() -> Iterator[Article]:
        for event in events:
            if isinstance(event, Failure):
                _failed(event)
            else:
                assert isinstance(event.payload, Article)
                yield event.payload.with_meta(**{ROUTE_KEY: (event.ref, event.index, event.multi)})

    try:
        if isinstance(sink, DirSink):
            sink.lock()
        with contextlib.closing(events):
            if collection is None:
                for event in events:
                    if isinstance(event, Item) and event.payload is None:
                        summary.written += 1  # a worker wrote it
                        if isinstance(sink, DirSink):
                            sink.touch(event.ref)
                    elif isinstance(event, Item):
                        assert isinstance(event.payload, str)
                        add(event.ref, event.index, event.multi, event.payload)
                    else:
                        _failed(event)
            else:
                for article in collection(routed()):
                    meta = dict(article.meta)
                    route = meta.pop(ROUTE_KEY, None)
                    if route is None:  # a collection stage made a new article
                        source = str(meta.get("source", STDIN))
                        route = (InputRef(None, source, "collection"), None, False)
                    ref, index, multi = route
                    add(ref, index, multi, renderer(article.replace(meta=meta)))
        sink.close()
    except BaseException as exc:
        sink.abort()
        if tracking is not None:
            tracking.abort()
        _exit_for(exc, io)
        raise
    summary.seconds = time.perf_counter() - started
    if tracking is not None:
        try:
            tracking.finish(summary)  # writes --report
        except OutputError as exc:
            _exit_for(exc, io)
    if on_finish is not None:
        on_finish(summary)
    if summary.failures:
        console.warn(f"{summary.failures} input(s) or record(s) failed; the rest were written")
        raise click.exceptions.Exit(1)


def _exit_for(exc: BaseException, io: IOConfig) -> None:
    """Map an exception that stopped the run to its message and exit code."""
    if isinstance(exc, BrokenPipeError):
        _quiet_broken_pipe()
        raise click.exceptions.Exit(0) from None
    if isinstance(exc, Terminated):
        console.error("terminated; no partial output was left behind")
        raise click.exceptions.Exit(143) from None
    if isinstance(exc, KeyboardInterrupt):
        console.error("interrupted; no partial output was left behind")
        raise click.exceptions.Exit(130) from None
    if isinstance(exc, NewscleanError):
        console.error(str(exc))
        raise click.exceptions.Exit(1) from None
    if isinstance(exc, Exception):
        console.error(f"unexpected error ({type(exc).__name__}: {exc}); rerun with -v for details")
        if io.verbosity >= 2:
            import traceback

            console.traceback_text(traceback.format_exc())
        raise click.exceptions.Exit(1) from None


def _output_name(io: IOConfig, sink: Sink, ref: InputRef, multi: bool) -> str | None:
    """Where ``ref``'s output goes, as the report names it."""
    if isinstance(sink, DirSink):
        return str(sink.target(ref, multi))
    if isinstance(sink, InPlaceSink):
        return ref.path
    return io.output or STDIN


class _Tracking:
    """Per-file results, progress bar, JSON log and report of one ``batch`` run."""

    def __init__(self, io: IOConfig, batch: BatchConfig, sink: Sink, exclude: frozenset[str]):
        from newsclean import report

        self.batch = batch
        # The summary is for batch runs (a tree or the inputs rewritten) and logs; a
        # filter in a pipe (stdin -> stdout) stays quiet unless -v asks.
        self.summary = (
            batch.summary
            and (io.output_is_dir or batch.in_place is not None or console.json_mode())
        ) or io.verbosity >= 2
        # Output names only for the consumers that print them (a Path per file otherwise).
        named = bool(batch.report) or console.json_mode()
        self.results = report.FileResults(
            (lambda item: _output_name(io, sink, item.ref, item.multi))
            if named
            else (lambda item: None)
        )
        self.writer: report.ReportWriter | None = None
        self.bar: Any = None
        if console.json_mode():
            self.results.listen(report.log_file_event)
        if batch.report:
            try:
                self.writer = report.ReportWriter(batch.report)
            except OutputError as exc:
                console.error(f"--report: {exc}")
                raise click.exceptions.Exit(2) from None
            self.results.listen(self.writer)
        show = batch.progress
        if show is None:  # a terminal, and not a filter over stdin alone
            filtering = not io.files_from and set(io.inputs or (STDIN,)) == {STDIN}
            show = sys.stderr.isatty() and not console.json_mode() and not filtering
        if show and io.verbosity >= 1:
            from newsclean.progress import ProgressBar, count_files

            total = None
            if STDIN not in io.inputs and io.files_from != STDIN and io.inputs:
                refs = (r for r in expand(io.inputs, exclude=exclude) if isinstance(r, InputRef))
                total = count_files(refs)
            self.bar = ProgressBar(total)
            bar = self.bar
            self.results.listen(lambda r: bar.advance(1, int(r.status in ("failed", "partial"))))

    def finish(self, summary: RunSummary) -> None:
        from newsclean.report import print_summary

        self.results.flush()
        if self.bar is not None:
            self.bar.close()
        if self.writer is not None:
            self.writer.close()
        totals = self.results.totals
        totals.seconds = summary.seconds
        if self.summary:
            print_summary(totals)

    def abort(self) -> None:
        self.results.flush()
        if self.bar is not None:
            self.bar.close()
        if self.writer is not None:
            self.writer.abort()


def _dry_run(io: IOConfig, batch: BatchConfig, exclude: frozenset[str]) -> None:
    """``--dry-run``: one line per output that would be written (stdout); nothing written."""
    from newsclean.read.sniff import RECORD_FORMATS, from_name

    out = streams.text("stdout")
    failures = 0
    for ref in _inputs(io, exclude):
        if isinstance(ref, WalkError):
            failures += 1
            console.error(f"{ref.display}: {ref.message}")
            continue
        fmt = io.read.format or (from_name(ref.path) if ref.path else None)
        multi = fmt in RECORD_FORMATS and io.to in ("md", "txt")
        if batch.in_place is not None:
            target = ref.path or STDIN
            if batch.in_place:
                target += f" (original kept as {target}{batch.in_place})"
        elif io.output is None:
            target = STDIN
        elif not io.output_is_dir:
            target = io.output
        else:
            sink = DirSink(io.output, io.to)
            path = sink.target(ref, multi)
            if io.skip_existing and sink.exists(ref):
                out.write(f"skip {console.one_line(ref.display)} ({path} exists)\n")
                continue
            target = f"{path}/ (one file per record)" if multi else str(path)
        out.write(f"{console.one_line(ref.display)} -> {console.one_line(target)}\n")
    out.flush()
    if failures:
        raise click.exceptions.Exit(1)


def _observed(events: Generator[Event], hook: Callable[[Event], None] | None) -> Generator[Event]:
    if hook is None:
        return events

    def watch() -> Generator[Event]:
        with contextlib.closing(events):
            for event in events:
                hook(event)
                yield event

    return watch()


_BATCH_PARAMS = ("log_format", "report", "dry_run", "in_place", "backup_suffix", "progress")


def batch_options(f: F) -> F:
    """Add the long-run options; the command receives them as ``batch: BatchConfig``."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {k: kwargs.pop(k) for k in _BATCH_PARAMS}
        in_place = values["in_place"]
        suffix = values["backup_suffix"]
        if suffix and not in_place:
            raise click.UsageError("--backup-suffix only applies to --in-place")
        batch = BatchConfig(
            log_format=values["log_format"] or "text",
            report=values["report"],
            dry_run=values["dry_run"],
            in_place=(suffix or "") if in_place else None,
            progress=values["progress"],
        )
        return f(*args, batch=batch, **kwargs)

    decorators = [
        click.option(
            "--log-format",
            type=click.Choice(("text", "json")),
            default="text",
            show_default=True,
            help="Messages on stderr as text lines, or one JSON object per event "
            "(start, file, warning, error, summary) for cron and log shippers.",
        ),
        click.option(
            "--report",
            metavar="FILE",
            help="Write per-input results (input, output, status, articles, removed, "
            "duplicates, error) to FILE as JSON Lines.",
        ),
        click.option(
            "--dry-run",
            is_flag=True,
            help="Print 'INPUT -> OUTPUT' for every output that would be written; write nothing.",
        ),
        click.option(
            "--in-place",
            is_flag=True,
            help="Replace each input file with its cleaned output (in the --to format, "
            "same name). Inputs with a failed record are left untouched.",
        ),
        click.option(
            "--backup-suffix",
            metavar="SUFFIX",
            help="With --in-place: keep each original as NAME+SUFFIX (e.g. .bak).",
        ),
        click.option(
            "--progress/--no-progress",
            default=None,
            help="Progress bar on stderr (default: when stderr is a terminal and not -q).",
        ),
    ]
    return with_options(wrapper, decorators)  # type: ignore[return-value]
