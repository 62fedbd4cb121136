"""Command-line plumbing every subcommand shares: input/output options, and ``run``, which
builds a :class:`~newsclean.engine.run.Plan`, runs it and exits with its status.

A subcommand is ``@io_options`` plus a call to ``run(io, per_article, collection)``::

    @click.command("strip")
    @io_options
    @strip_options
    def command(io: IOConfig, **kwargs: Any) -> None:
        \"\"\"Remove boilerplate.\"\"\"
        run(io, Step(strip, build_strip_options(**kwargs)))

``run`` reads the inputs, applies ``per_article`` in worker processes (it must pickle:
a module-level function, ``functools.partial`` of one, or ``engine.Step``), applies
``collection`` (a stream stage over all articles, in input order, in this process), writes
the outputs, and exits 0 (all good), 1 (some inputs failed) or 2 (usage error).
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from newsclean import cli as _cli
from newsclean import console
from newsclean.cli.input_options import INPUT_OPTIONS
from newsclean.engine import streams
from newsclean.engine.limits import DOC_TIMEOUT
from newsclean.engine.local import Event, PerArticle
from newsclean.engine.plan import DEFAULT_FORMAT, BatchConfig, IOConfig, Plan, io_config
from newsclean.engine.plan import Summary as RunSummary
from newsclean.engine.plan import max_jobs as max_jobs
from newsclean.engine.plan import output_is_dir as output_is_dir
from newsclean.engine.run import Engine
from newsclean.engine.run import run as run_plan
from newsclean.engine.stages import CollectionStage
from newsclean.engine.twopass import LearnsFirst
from newsclean.errors import UsageError
from newsclean.read import MAX_INPUT_SIZE, parse_size
from newsclean.read.walk import STDIN, InputRef, expand
from newsclean.write import FORMATS

__all__ = ["BatchConfig", "IOConfig", "RunSummary"]

F = TypeVar("F", bound=Callable[..., Any])


def with_options(f: F, decorators: Sequence[Callable[[Any], Any]]) -> F:
    """``f`` under click option ``decorators``, the first listed outermost (as if they
    were written above ``f`` in that order): how the option groups are assembled."""
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


_TTY_HINT = (
    "no input given and stdin is a terminal: pass files or directories "
    "(newsclean {cmd} samples/), pipe data in (cat a.html | newsclean {cmd}), "
    "or use '-' to type an article (end with Ctrl-D)"
)


def build_io(**options: Any) -> IOConfig:
    """Validate raw option values into an IOConfig (raises click.UsageError, exit 2)."""
    try:
        return io_config(**options)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


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
    "doc_timeout",
    "max_worker_memory",
    "lang",
    "min_words",
)


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
            "Use jsonl between subcommands (lossless); csv/parquet: one row per article "
            "(parquet: -o FILE, pip install 'newsclean[parquet]'; see docs/tables.md).",
        ),
        *INPUT_OPTIONS,
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
        click.option(
            "--doc-timeout",
            type=click.FloatRange(min=0),
            default=DOC_TIMEOUT,
            show_default=True,
            metavar="SECONDS",
            help="Skip (as failed) a document (a file, or one record) still being cleaned "
            "after SECONDS; 0 for no limit. See docs/limits.md.",
        ),
        click.option(
            "--max-worker-memory",
            type=_Size(),
            default=0,
            show_default="0 (no limit)",
            metavar="SIZE",
            help="Skip (as failed) a document that would grow its worker's memory (address "
            "space) by more than SIZE, e.g. 2GB. See docs/limits.md.",
        ),
        click.option(
            "--lang",
            metavar="CODES",
            help="Keep only articles in these languages (e.g. ar,fa: meta.language, else "
            "newsclean's guess); the others are dropped and counted. See docs/tables.md.",
        ),
        click.option(
            "--min-words",
            type=int,
            metavar="N",
            help="Drop articles whose cleaned body has fewer than N words (counted).",
        ),
    ]
    return with_options(wrapper, decorators)  # type: ignore[return-value]


# --- the run: build the Plan, run it, exit with its status ---------------------------------


def run(
    io: IOConfig,
    per_article: PerArticle | None = None,
    collection: CollectionStage | None = None,
    *,
    on_event: Callable[[Event], None] | None = None,
    on_finish: Callable[[RunSummary], None] | None = None,
    batch: BatchConfig | None = None,
    writes: Iterable[str | None] = (),
    engine: Engine | None = None,
    learns_first: LearnsFirst | None = None,
) -> None:
    """Run one subcommand's batch (:func:`newsclean.engine.run`) and exit with its status.

    ``collection``: a stage over all articles (its ``finish`` is called after the run);
    ``on_event`` sees each article/failure in output order; ``on_finish`` gets the Summary;
    ``batch`` adds what a long run needs (progress, JSON log, report, summary,
    ``--dry-run``, ``--in-place``); ``writes``: other files the run writes, never read as
    inputs; ``learns_first``: a stage that learns in a first pass, then applies per article
    (``newsclean.engine.twopass``).
    """
    ctx = click.get_current_context(silent=True)
    command = (ctx.info_name if ctx is not None else None) or "export"
    check_terminal(io, command)
    stages = (collection,) if collection is not None else ()
    hooks: tuple[Callable[[RunSummary], None], ...] = () if on_finish is None else (on_finish,)
    # A stage's own finish is called by the run: a hook naming it again is the same call.
    hooks = tuple(h for h in hooks if not any(h == getattr(s, "finish", None) for s in stages))
    plan = Plan(
        io,
        per_article,
        stages,
        batch,
        tuple(writes),
        command,
        hooks,
        progress_monitor if batch is not None else None,
        on_event,
        learns_first,
    )
    if _cli.WHOLE_PROCESS:
        # What the imports built lives as long as the process: out of the collector's
        # full passes, which walked it again and again (1.4% of normalizing 800 articles).
        gc.freeze()
    try:
        summary = run_plan(plan, engine)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if summary.exit_code:
        raise click.exceptions.Exit(summary.exit_code)


def check_terminal(io: IOConfig, command: str) -> None:
    """No input and stdin is a terminal: say what to do (exit 2) instead of waiting."""
    stdin_is_tty = streams.stdin_is_terminal()
    if not io.inputs and not io.files_from and stdin_is_tty:
        console.error(_TTY_HINT.format(cmd=command))
        raise click.exceptions.Exit(2)
    if stdin_is_tty and (STDIN in io.inputs or io.files_from == STDIN):
        console.warn("reading from the terminal; end with Ctrl-D")


class _Bar:
    """The progress bar as the run's monitor: one step per finished input."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __call__(self, result: Any) -> None:
        self.bar.advance(1, int(result.status in ("failed", "partial")))

    def record(self) -> None:
        """One record of a multi-record input done (a web archive moves slowly in files)."""
        self.bar.record()

    def phase(self, what: str | None) -> None:
        """What the run does before its inputs move (None: back to cleaning them)."""
        self.bar.phase(what)

    def close(self) -> None:
        self.bar.close()


def progress_monitor(plan: Plan, exclude: frozenset[str]) -> _Bar | None:
    """A progress bar when asked, or on a terminal for anything but a filter over stdin."""
    io, batch = plan.io, plan.batch
    assert batch is not None
    show = batch.progress
    if show is None:  # a terminal, and not a filter over stdin alone
        filtering = not io.files_from and set(io.inputs or (STDIN,)) == {STDIN}
        show = sys.stderr.isatty() and not console.json_mode() and not filtering
    if not show or io.verbosity < 1:
        return None
    from newsclean.cli.progress import ProgressBar, count_files

    total = None
    if STDIN not in io.inputs and io.files_from != STDIN and io.inputs:
        refs = (r for r in expand(io.inputs, exclude=exclude) if isinstance(r, InputRef))
        total = count_files(refs)
    return _Bar(ProgressBar(total))


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
