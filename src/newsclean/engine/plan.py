"""What a run does, decided before it starts: :class:`Plan` (inputs and outputs in
:class:`IOConfig`, long-run options in :class:`BatchConfig`, the steps and collection
stages), and what it did: :class:`Summary`, which decides the exit status."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Protocol

from newsclean.engine.limits import DOC_TIMEOUT, Limits, memory_supported
from newsclean.engine.local import Event, PerArticle, default_jobs
from newsclean.engine.stages import CollectionStage
from newsclean.engine.twopass import LearnsFirst
from newsclean.errors import UsageError
from newsclean.filters import Filter, parse_languages
from newsclean.read import MAX_INPUT_SIZE, ReadOptions
from newsclean.read.decode import canonical
from newsclean.read.records import FieldMap, parse_field_option
from newsclean.read.walk import STDIN
from newsclean.write import FORMAT_OF_EXTENSION, WriteOptions

#: Default output format when neither ``--to`` nor an ``-o FILE`` extension says otherwise.
DEFAULT_FORMAT = "md"


@dataclass(frozen=True, slots=True)
class IOConfig:
    """Inputs and outputs of one run."""

    #: Paths as given (files, directories, quoted globs, "-"); empty means stdin.
    inputs: tuple[str, ...] = ()
    #: A file (or "-") listing input paths, one per line (NUL-separated with ``null``).
    files_from: str | None = None
    #: ``--files-from`` entries are NUL-separated (``find -print0``).
    null: bool = False
    #: Paths of a list already read (library callers): after ``inputs``, named as
    #: ``--files-from`` names them (their directories kept under ``-o DIR``).
    listed: tuple[str, ...] = ()
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
    #: Which articles are written (``--lang``, ``--min-words``); the rest are counted.
    keep: Filter = field(default_factory=Filter)
    #: Per-document limits: ``--doc-timeout``, ``--max-worker-memory`` (docs/limits.md).
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Options of a long batch run: logs, report, resume modes."""

    #: "text" or "json" (one JSON object per event on stderr).
    log_format: str = "text"
    #: Per-input results as JSON Lines (see ``newsclean.engine.report``).
    report: str | None = None
    #: Say what would be written (stdout, one line per output) and write nothing.
    dry_run: bool = False
    #: Replace each input with its cleaned output; the value is the backup suffix ("" none).
    in_place: str | None = None
    #: Progress bar: None = when stderr is a terminal.
    progress: bool | None = None
    #: Print the end-of-run summary.
    summary: bool = True


class Monitor(Protocol):
    """Sees each finished input (a progress bar); closed when the run ends."""

    def __call__(self, result: Any) -> None: ...

    def close(self) -> None: ...

    # Optional: ``record()``, called for each record of a multi-record input as it comes;
    # ``phase(text | None)``, what the run does before its inputs move (None: done).


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything one run does, decided before it starts (frozen)."""

    io: IOConfig = field(default_factory=IOConfig)
    #: What each article goes through, in the workers (must pickle: ``Step``, ``Chain``).
    per_article: PerArticle | None = None
    #: Collection stages, in order, over all articles in input order, in this process (see
    #: :mod:`newsclean.engine.stages`).
    stages: tuple[CollectionStage, ...] = ()
    #: Long-run options (report, JSON log, dry run, in place, progress, summary); None for
    #: a plain filter (no per-file results, no summary).
    batch: BatchConfig | None = None
    #: Other files the run writes (never read back as inputs).
    writes: tuple[str | None, ...] = ()
    #: The command name for logs (``start`` event).
    command: str = "run"
    #: Called with the Summary after the stages' own ``finish`` (printing, reports).
    on_finish: tuple[Callable[[Summary], None], ...] = ()
    #: Builds the progress monitor when the run starts (None: no bar).
    progress: Callable[[Plan, frozenset[str]], Monitor | None] | None = None
    #: Sees every event (article or failure) in output order, in this process.
    on_event: Callable[[Event], None] | None = None
    #: A stage that learns from the inputs in a first pass, before anything is written, and
    #: is then applied per article after ``per_article`` (see :mod:`newsclean.engine.twopass`).
    learns_first: LearnsFirst | None = None


@dataclass(slots=True)
class Summary:
    """What a run did, and the exit status it earned (like black's ``Report``)."""

    #: Articles written.
    written: int = 0
    #: Failed inputs or records (each reported on stderr).
    failures: int = 0
    #: Inputs skipped by ``--skip-existing``.
    skipped: int = 0
    #: Of ``written``, records whose file an interrupted run had written already
    #: (``--skip-existing`` resuming a multi-record input): kept, not cleaned again.
    resumed: int = 0
    #: Wall-clock seconds.
    seconds: float = 0.0
    #: Removals recorded on the written articles (boilerplate, repeats, ...).
    removed: int = 0
    #: Of those, repeated headlines/paragraphs (the dedup step).
    duplicates: int = 0
    #: Articles a filter dropped, by reason (``lang``, ``min-words``); never written.
    dropped: dict[str, int] = field(default_factory=dict)
    #: Set when the run stopped early (usage 2, an error 1, Ctrl-C 130, SIGTERM 143).
    stopped: int | None = None

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs failed (the rest were written), else why it stopped."""
        if self.stopped is not None:
            return self.stopped
        return 1 if self.failures else 0


def output_is_dir(path: str) -> bool:
    """``-o PATH`` is a directory if it is one, ends with "/", or does not exist and has
    no file extension; otherwise it is one file."""
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        return True
    if os.path.exists(path):
        return False
    return not PurePath(path).suffix


def io_config(
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
    lang: str | None = None,
    min_words: int | None = None,
    doc_timeout: float = DOC_TIMEOUT,
    max_worker_memory: int = 0,
) -> IOConfig:
    """Validate option values (as the command line gives them) into an IOConfig; raises
    ``UsageError`` (exit 2). ``output`` names a directory when it is one, ends with "/",
    or has no extension; ``to`` defaults from an ``-o FILE`` extension, else md."""
    if output == STDIN:
        output = None
    is_dir = output is not None and output_is_dir(output)
    if to is None:
        suffix = PurePath(output).suffix.lower() if output and not is_dir else ""
        to = FORMAT_OF_EXTENSION.get(suffix, DEFAULT_FORMAT)
    try:
        enc = canonical(encoding) if encoding else None
        overrides = tuple(parse_field_option(v) for v in field_map)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if null and not files_from:
        raise UsageError("-0/--null only applies to --files-from")
    if files_from == STDIN and STDIN in inputs:
        raise UsageError("stdin cannot be both the --files-from list and an input")
    if output and is_dir:
        target = os.path.realpath(output)
        for path in inputs:
            if path != STDIN and os.path.isdir(path) and os.path.realpath(path) == target:
                raise UsageError(
                    f"-o {output} is the input directory itself; write to another directory"
                )
    if jobs is not None and jobs < 0:
        raise UsageError("--jobs must be 0 (all cores) or more")
    if jobs is not None and jobs > max_jobs():
        # each worker holds a document and its copies: -j 100000 ran into the OOM killer
        raise UsageError(
            f"--jobs {jobs} is more workers than this machine can use (at most "
            f"{max_jobs()} here: 4 per core, at least 32, at most 256); --jobs 0 uses all cores"
        )
    if to == "parquet":
        from newsclean.write import parquet as parquet_out  # (only here: json, sink...)

        parquet_out.require()  # without pyarrow: one line saying what to install, exit 2
    try:
        languages = parse_languages(lang) if lang is not None else frozenset[str]()
    except ValueError as exc:
        raise UsageError(f"--lang: {exc}") from None
    if min_words is not None and min_words < 0:
        raise UsageError("--min-words must be 0 or more")
    if doc_timeout < 0:
        raise UsageError("--doc-timeout must be 0 (no limit) or more seconds")
    if max_worker_memory and not memory_supported():
        raise UsageError("--max-worker-memory needs Linux (RLIMIT_AS and /proc); use 0")
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
        keep=Filter(languages, min_words or 0),
        limits=Limits(doc_timeout, max_worker_memory),
    )


def max_jobs() -> int:
    """The largest ``--jobs``: 4 per core, at least 32, at most 256."""
    return min(256, max(32, 4 * default_jobs()))
