"""Run newsclean on a Dask cluster: ``clean`` files-in/files-out, and library maps over
``dask.bag`` and ``dask.dataframe``. Needs ``pip install 'newsclean[dask]'``; Dask is imported
inside the functions, never when this module is imported.

``DaskEngine`` is the engine ``newsclean clean --engine dask [--scheduler ADDRESS|local]``
hands to :func:`newsclean.engine.run.run`, which does the listing, ``--skip-existing``, the
lock, reports, logs, ``--dry-run`` and exit status as for the local engine; options it cannot
honour (stdin, stdout, ``--in-place``, ``--explain``, stages other than the dedup) are refused
with exit 2. The library call::

    run_clean_on_dask(
        inputs: Sequence[str],            # paths, directories, globs, fsspec URLs (s3://...)
        output_dir: str,                  # -o DIR: local path, file:// or any fsspec URL
        options: CleanOptions | None = None,
        write: WriteOptions | None = None,
        read: ReadOptions | None = None,
        scheduler: str | None = None,     # None/"local": a LocalCluster here; else an address
        *,
        to: str = "md",                   # --to
        duplicates: Deduplicator | DuplicateOptions | None = None,  # cross-collection dedup
        per_article: PerArticle | None = None,  # instead of clean(options), e.g. a batch.Chain
        client: distributed.Client | None = None,  # an existing client (wins over scheduler)
        jobs: int | None = None,          # LocalCluster workers (default: all cores)
        files_per_task: int | None = None,
        skip_existing: bool = False,      # --skip-existing
        progress: bool | None = None,     # bar on stderr (default: stderr is a terminal)
        files_from: Iterable[str] = (),   # paths from --files-from (named as locally)
    ) -> DaskRunResult

Semantics, all equal to a local ``newsclean clean -o DIR`` of the same inputs:

- Inputs are listed on the client in the local run's order (directories walked sorted, globs
  expanded sorted, URLs listed with fsspec) and cut into tasks of whole files; each task is
  read, cleaned, rendered and written *by a worker* (the client never sees article text),
  with the same :class:`~newsclean.write.sink.DirSink` code as the local run: same names,
  same bytes, each file written to a temporary name and renamed into place. Output to a
  non-local fsspec URL is written object by object (an object store's PUT is atomic per
  object; a multi-record md/txt input's directory is not replaced as a whole there).
- With ``duplicates``, workers return only each article's dedup signature (a few hundred
  bytes); the client decides in global input order with the local ``DuplicateIndex``
  (the very loop a local ``Deduplicator`` runs: ``Deduplicator.decider``), then workers
  write the survivors. A ``Deduplicator``
  passed in gets its ``index`` and ``report`` filled exactly as a local run would, so
  ``CollectionDedup.finish`` (index save, ``--report``, summary) works unchanged.
- A failing input or record never fails the job: each becomes a
  :class:`~newsclean.engine.local.Failure`,
  printed on stderr as one line (in input order, as the local run does) and returned in
  ``DaskRunResult.failures``; ``exit_code`` is 1 when there are any. The dashboard address,
  when the cluster has one, is printed on stderr.

One input file is one unit of work: a single huge JSONL file is not split across workers
(split it into several files to spread it).

Why the client decides duplicates instead of a shuffle by anchor or LSH band: the local
decision is sequential (each record against every earlier one, through capped anchor lists,
then chained into the earlier record's cluster), so reproducing it exactly with shuffles
takes several rounds (anchor -> candidates -> their sketches -> verify -> chain), each moving
the sketches again. What the client receives is ~420 bytes pickled per article, and the
index it builds is the one a local run holds anyway (~450 bytes per article: 4.5 GB for ten
million). The serial pass (a few thousand decisions a second) is the ceiling of ``--across``
runs; a sharded decision is the next step when that is not enough.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsclean import console
from newsclean.article import Article
from newsclean.collection.duplicates import (
    KEEP,
    Deduplicator,
    DuplicateOptions,
    Ranked,
    Report,
    Verdict,
    annotate,
    ranked,
)
from newsclean.engine.dask_io import read_unit
from newsclean.engine.inputs import expand_inputs, local_path
from newsclean.engine.limits import Limits
from newsclean.engine.local import (
    DirectOutput,
    Event,
    Failure,
    Item,
    PerArticle,
    Skip,
    Step,
    WorkerConfig,
    Wrote,
    check_picklable,
    default_jobs,
    failure_event,
    write_direct,
)
from newsclean.errors import NewscleanError, OutputError, UsageError
from newsclean.filters import Filter
from newsclean.pipeline import CleanOptions, clean
from newsclean.read import Doc, ReadOptions, Record, read_bytes, to_article
from newsclean.read.walk import STDIN, InputRef, WalkError
from newsclean.write import EXTENSIONS, FORMATS, Renderer, WriteOptions

# Dask objects are typed loosely here: Dask's own annotations are partial, and naming them
# would need Dask at type-check time for an optional extra.
Bag = Any
DataFrame = Any
Client = Any
Future = Any

if TYPE_CHECKING:
    from newsclean.engine.plan import Plan, Summary
    from newsclean.engine.run import Output

INSTALL_HINT = "the dask engine needs Dask: pip install 'newsclean[dask]'"


def _mod(name: str) -> Any:
    """Import a Dask module on first use (never at newsclean's import time)."""
    import importlib

    return importlib.import_module(name)


def require_dask() -> None:
    """Raise UsageError (one line, what to do) when the ``[dask]`` extra is missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


# --- what a worker does ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a task needs besides its inputs (small; pickled into each task)."""

    config: WorkerConfig
    #: ``-o DIR`` as given (a local path, or an fsspec URL for :class:`RemoteSink`).
    output: str
    fmt: str
    write: WriteOptions
    started_ns: int
    #: Options of the cross-collection dedup (None: no dedup).
    duplicates: DuplicateOptions | None = None


def clean_and_write(refs: tuple[InputRef, ...], job: Job) -> list[Event]:
    """Task without dedup: read, clean, render and write ``refs``; counts and failures back."""
    events = read_unit(refs, job.config)
    root = local_path(job.output)
    if root is not None:
        return write_direct(events, DirectOutput(root, job.fmt, job.started_ns))
    return _write_remote(((e, KEEP) for e in events), job)


#: A signed task's result, kept on the worker: its events (articles), and for the client their
#: signatures with each article's event (without its text) or the failures, in order.
Signed = tuple[list[Event], list[tuple[Ranked, Item] | Item | Failure | Skip]]


def clean_and_sign(refs: tuple[InputRef, ...], job: Job) -> Signed:
    """Dedup task, first half: read and clean; keep the articles, compute their signatures."""
    assert job.duplicates is not None
    events = read_unit(refs, job.config)
    sigs: list[tuple[Ranked, Item] | Item | Failure | Skip] = []
    for e in events:
        if isinstance(e, Failure | Skip) or e.dropped is not None:
            sigs.append(e)  # a failure, a skipped archive record, or an article a filter dropped
        elif isinstance(e.payload, Article):
            seen = dataclasses.replace(e, payload=None, written=False)
            sigs.append((ranked(e.payload, job.duplicates), seen))
    return events, sigs


def signatures_of(signed: Signed) -> list[tuple[Ranked, Item] | Item | Failure | Skip]:
    """The small half of a signed result (what the client gathers)."""
    return signed[1]


def write_kept(signed: Signed, verdicts: Sequence[Verdict], job: Job) -> list[Event]:
    """Dedup task, second half: render and write the articles the client kept, in order."""
    # Dropped articles were reported with the signatures: only the others have verdicts.
    items = [e for e in signed[0] if isinstance(e, Item) and e.dropped is None]
    pairs = zip(items, verdicts, strict=True)
    root = local_path(job.output)
    if root is None:
        return _write_remote(pairs, job)
    from newsclean.write.sink import DirSink

    renderer = Renderer(job.fmt, job.write)
    sink = DirSink(root, job.fmt, started_ns=job.started_ns)
    out: list[Event] = []
    for item, verdict in pairs:
        if verdict is None:
            continue
        assert isinstance(item.payload, Article)
        try:
            text = renderer(annotate(item.payload, verdict))
            sink.add(item.ref, item.index, item.multi, text, item.name)
        except NewscleanError as exc:
            failure = failure_event(item.ref.display, "", exc)
            out.append(failure)
            if failure.stops_run:
                break  # the client stops the run; the other outputs would fail too
            continue
        out.append(dataclasses.replace(item, payload=None))
    try:
        sink.close()
    except NewscleanError as exc:
        out.append(Failure(root, "", str(exc)))
    return out


class RemoteSink:
    """``DirSink``'s names and bytes, written to an fsspec filesystem object by object.

    Object stores have no rename: each object is written whole (one PUT, atomic there), a
    multi-record json/jsonl output as one object once all its records are in."""

    def __init__(self, root: str, fmt: str) -> None:
        import fsspec

        self.fs, self.root = fsspec.core.url_to_fs(root)
        self.root = self.root.rstrip("/")
        self.fmt = fmt
        self.ext = EXTENSIONS[fmt]
        self._current: InputRef | None = None
        self._buffer: Any = None
        self._stream: Any = None

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        from newsclean.write.sink import ENCODING_ERRORS, RecordStream, record_file

        if ref != self._current:
            self.close()
            self._current = ref
            if multi and self.fmt not in ("md", "txt"):
                import io

                self._buffer = io.BytesIO()
                self._stream = RecordStream(self._buffer, self.fmt, flush=False, empty_json="[]\n")
        if self._stream is not None:
            self._stream.add(text)
            return
        target = f"{ref.rel}/{record_file(index, name, self.fmt)}" if multi else ref.rel + self.ext
        self._put(target, text.encode("utf-8", ENCODING_ERRORS))

    def _put(self, name: str, data: bytes) -> None:
        path = f"{self.root}/{name}"
        try:
            parent = path.rsplit("/", 1)[0]
            self.fs.makedirs(parent, exist_ok=True)
            self.fs.pipe_file(path, data)
        except Exception as exc:
            raise OutputError(f"cannot write {self.fs.unstrip_protocol(path)}: {exc}") from None

    def close(self) -> None:
        if self._stream is not None and self._current is not None:
            self._stream.finish()
            self._put(self._current.rel + self.ext, self._buffer.getvalue())
        self._stream = self._buffer = None
        self._current = None


def _write_remote(pairs: Iterable[tuple[Event, Verdict]], job: Job) -> list[Event]:
    renderer = Renderer(job.fmt, job.write)
    sink = RemoteSink(job.output, job.fmt)
    out: list[Event] = []
    failed: InputRef | None = None
    for event, verdict in pairs:
        if not isinstance(event, Item) or event.dropped is not None:
            out.append(event)
            continue
        if verdict is None or event.ref == failed:
            continue
        payload = event.payload
        text = payload if isinstance(payload, str) else renderer(annotate(payload, verdict))  # type: ignore[arg-type]
        try:
            sink.add(event.ref, event.index, event.multi, text, event.name)
        except NewscleanError as exc:
            failed = event.ref
            out.append(Failure(event.ref.display, "", str(exc)))
            continue
        out.append(dataclasses.replace(event, payload=None))
    try:
        sink.close()
    except NewscleanError as exc:
        out.append(Failure(job.output, "", str(exc)))
    return out


# --- the client side ---------------------------------------------------------------------


@dataclass
class DaskRunResult:
    """What a distributed run did."""

    #: Input files found (after --skip-existing).
    inputs: int = 0
    #: Articles written.
    written: int = 0
    #: Failed inputs, records or outputs, in input order (each already printed on stderr).
    failures: list[Failure] = field(default_factory=list)
    #: Inputs skipped by ``skip_existing``.
    skipped: int = 0
    #: Duplicates dropped (or marked, with ``mark``) by the cross-collection dedup.
    duplicates: int = 0
    #: The dedup report (None without dedup); the same object as ``deduplicator.report``.
    report: Report | None = None
    #: Wall-clock seconds, from listing the inputs to the last file written.
    seconds: float = 0.0
    #: The cluster's dashboard address, when it has one.
    dashboard: str | None = None
    #: Articles a filter (``keep``) dropped, by reason; never written.
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs failed (the CLI contract)."""
        return 1 if self.failures else 0

    def to_summary(self) -> Summary:
        """The run's Summary (for ``finish`` hooks, e.g. ``CollectionDedup``)."""
        from newsclean.engine.plan import Summary

        return Summary(
            written=self.written,
            failures=len(self.failures),
            skipped=self.skipped,
            seconds=self.seconds,
            dropped=dict(self.dropped),
        )


@contextlib.contextmanager
def _connect(scheduler: str | None, client: Client | None, jobs: int | None) -> Iterator[Client]:
    if client is not None:
        yield client
        return
    distributed = _mod("distributed")

    if scheduler in (None, "", "local"):
        cluster = distributed.LocalCluster(
            n_workers=jobs or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        )
        try:
            with distributed.Client(cluster) as local:
                yield local
        finally:
            cluster.close()
        return
    try:
        remote = distributed.Client(scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc})",
            "check the address (tcp://HOST:8786) or use --scheduler local",
        ) from None
    with remote:
        yield remote


def dashboard_of(client: Client) -> str | None:
    """The dashboard URL when the scheduler serves one, else None.

    A scheduler always runs an HTTP server (health, metrics); the dashboard pages on it need
    bokeh. For a cluster started here that is checked; a remote scheduler is trusted."""
    import importlib.util

    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        if getattr(client, "cluster", None) is not None and not importlib.util.find_spec("bokeh"):
            return None
        link = client.dashboard_link
    except Exception:
        return None
    return str(link) if link else None


def _units(
    listed: Iterable[InputRef | WalkError], per_task: int
) -> list[tuple[InputRef, ...] | Failure]:
    units: list[tuple[InputRef, ...] | Failure] = []
    pending: list[InputRef] = []
    for ref in listed:
        if isinstance(ref, WalkError):
            if pending:
                units.append(tuple(pending))
                pending = []
            units.append(Failure(ref.display, "", ref.message))
            continue
        pending.append(ref)
        if len(pending) >= per_task:
            units.append(tuple(pending))
            pending = []
    if pending:
        units.append(tuple(pending))
    return units


def _per_task(n: int, workers: int) -> int:
    # Small tasks balance the load (the last task on each worker is the tail of the run) and
    # let results flow back in order; at least 8 files each keeps the scheduler's ~1 ms per
    # task small next to the work (8 files take 50-200 ms to clean).
    return max(8, min(32, n // max(1, workers * 100)))


def _deduplicator(stages: Sequence[Any]) -> Deduplicator | None:
    if not stages:
        return None
    dd = getattr(stages[0], "deduplicator", None)
    if dd is None and hasattr(stages[0], "load"):
        stages[0].load()
        dd = getattr(stages[0], "deduplicator", None)
    return dd if isinstance(dd, Deduplicator) else None


class DaskEngine:
    """Runs a Plan on a Dask cluster: the workers read, clean, render and write (see the
    module docstring); the run (:func:`newsclean.engine.run.run`) does the rest, as for the
    local engine. ``scheduler``: None/"local" for a LocalCluster of ``--jobs`` workers, or
    an address; ``client``: an existing client (wins)."""

    runs_stages = True

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        client: Client | None = None,
        files_per_task: int | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.client = client
        self.files_per_task = files_per_task
        #: Set once connected, when the cluster serves a dashboard.
        self.dashboard: str | None = None
        #: Input files of the last run (after ``--skip-existing``).
        self.inputs = 0

    def check(self, plan: Plan) -> None:
        require_dask()
        io, batch = plan.io, plan.batch
        if io.to not in FORMATS:
            known = ", ".join(FORMATS)
            raise UsageError(f"unknown output format {io.to!r}; expected one of {known}")
        if batch is not None and batch.in_place is not None:
            raise UsageError("--in-place needs --engine local")
        if not io.output or not io.output_is_dir:
            raise UsageError("--engine dask needs -o DIR")
        if STDIN in io.inputs or io.files_from == STDIN:
            raise UsageError("--engine dask cannot read stdin; pass files, or use --engine local")
        if not (io.inputs or io.files_from or io.listed):
            raise UsageError("--engine dask cannot read stdin; pass files, or use --engine local")
        if io.to == "parquet" and (plan.stages or io.skip_existing):
            raise UsageError(
                "--engine dask writes --to parquet without --across or --skip-existing",
                "drop them, or use --engine local with -o FILE.parquet",
            )
        stages = plan.stages
        if len(stages) > 1 or (stages and not hasattr(stages[0], "deduplicator")):
            raise UsageError("only --across runs as a collection stage on --engine dask")

    def events(
        self, plan: Plan, inputs: Iterator[InputRef | WalkError], out: Output
    ) -> Iterator[Event | Wrote]:
        from newsclean.write.sink import DirSink

        io = plan.io
        dedup = _deduplicator(plan.stages)
        listed = list(inputs)
        count = self.inputs = sum(isinstance(r, InputRef) for r in listed)
        renderer = None if dedup is not None else Renderer(io.to, io.write)
        step: PerArticle = plan.per_article or Step(clean, CleanOptions())
        keep = io.keep if io.keep.active else None
        config = WorkerConfig(io.read, step, renderer, None, keep, io.limits)
        check_picklable(config)
        assert io.output is not None
        started = out.sink.started_ns if isinstance(out.sink, DirSink) else time.time_ns()
        job = Job(config, io.output, io.to, io.write, started, dedup.options if dedup else None)
        with _connect(self.scheduler, self.client, io.jobs) as cl:
            self.dashboard = dashboard_of(cl)
            if self.dashboard and console.verbosity() >= 1:
                print(f"newsclean: dask dashboard: {self.dashboard}", file=sys.stderr, flush=True)
            workers = len(cl.scheduler_info().get("workers", {})) or 1
            units = _units(listed, self.files_per_task or _per_task(count, workers))
            as_completed = _mod("distributed").as_completed
            if io.to == "parquet":
                from newsclean.engine.dask_parquet import Dataset

                assert isinstance(out.sink, Dataset)
                yield from _run_dataset(cl, units, job, out.sink.where, as_completed)
            elif dedup is None:
                yield from _run_plain(cl, units, job, as_completed)
            else:
                yield from _run_dedup(cl, units, job, dedup, as_completed)


def run_clean_on_dask(
    inputs: Sequence[str],
    output_dir: str,
    options: CleanOptions | None = None,
    write: WriteOptions | None = None,
    read: ReadOptions | None = None,
    scheduler: str | None = None,
    *,
    to: str = "md",
    duplicates: Deduplicator | DuplicateOptions | None = None,
    per_article: PerArticle | None = None,
    client: Client | None = None,
    jobs: int | None = None,
    files_per_task: int | None = None,
    skip_existing: bool = False,
    progress: bool | None = None,
    files_from: Iterable[str] = (),
    keep: Filter | None = None,
) -> DaskRunResult:
    """``newsclean clean INPUT... -o DIR`` on a Dask cluster (see the module docstring), as
    a library call that returns what happened instead of an exit status.

    ``files_from``: paths read from a ``--files-from`` list, processed after ``inputs`` and
    named as the local run names them (their directories kept under ``-o DIR``).
    ``keep``: ``--lang``/``--min-words``, applied on the workers; dropped articles are
    counted by reason in ``DaskRunResult.dropped``.

    Raises :class:`~newsclean.errors.UsageError` for what the CLI maps to exit 2 (no Dask,
    unknown format, unreachable scheduler, -o not a directory); everything that goes wrong
    with one input is a Failure in the result instead.
    """
    require_dask()
    if to not in FORMATS:
        raise UsageError(f"unknown output format {to!r}; expected one of {', '.join(FORMATS)}")
    if not output_dir or output_dir == "-":
        raise UsageError("--engine dask writes with the workers: give -o DIR")
    from newsclean.engine.plan import IOConfig, Plan
    from newsclean.engine.run import run

    dedup = Deduplicator(duplicates) if isinstance(duplicates, DuplicateOptions) else duplicates
    result = DaskRunResult(report=dedup.report if dedup is not None else None)
    io = IOConfig(
        inputs=tuple(inputs),
        listed=tuple(files_from),
        output=output_dir,
        output_is_dir=True,
        to=to,
        read=read or ReadOptions(),
        write=write or WriteOptions(),
        jobs=jobs or default_jobs(),
        skip_existing=skip_existing,
        verbosity=console.verbosity(),
        keep=keep or Filter(),
    )

    def collect(event: Event) -> None:
        if isinstance(event, Failure):
            result.failures.append(event)

    step: PerArticle = per_article or Step(clean, options or CleanOptions())
    stages = (_Given(dedup),) if dedup is not None else ()
    engine = DaskEngine(scheduler, client=client, files_per_task=files_per_task)
    summary = run(Plan(io, step, stages, on_event=collect), engine)
    if summary.stopped:  # the run stopped (a full disk, a locked -o): its line is printed
        result.failures.append(Failure(output_dir, "", "the run stopped"))
    result.written, result.skipped, result.seconds = (
        summary.written,
        summary.skipped,
        summary.seconds,
    )
    result.inputs, result.dashboard = engine.inputs, engine.dashboard
    result.dropped = dict(summary.dropped)
    if dedup is not None:
        result.duplicates = dedup.report.duplicates
    return result


@dataclass(frozen=True)
class _Given:
    """A Deduplicator handed to :func:`run_clean_on_dask`, as the stage the engine runs."""

    deduplicator: Deduplicator

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        return self.deduplicator.run(articles)


def _in_order(
    futures: dict[int, Future], as_completed: Any, on_done: Callable[[int, Any], None]
) -> Iterator[tuple[int, Any]]:
    """Results as (position, value), in position order, as soon as the prefix is complete."""
    done: dict[int, Any] = {}
    position = {f.key: i for i, f in futures.items()}
    order = sorted(futures)
    nxt = 0
    # raise_errors=False: a task that died (its worker was killed, out of memory...) comes
    # back as its exception, which the caller turns into failures of that task's inputs.
    for fut, value in as_completed(list(futures.values()), with_results=True, raise_errors=False):
        i = position[fut.key]
        on_done(i, value)
        done[i] = value
        while nxt < len(order) and order[nxt] in done:
            yield order[nxt], done.pop(order[nxt])
            nxt += 1


def _lost(unit: Any, exc: BaseException) -> list[Event]:
    """Failures for every input of a task whose worker died (the rest of the job goes on)."""
    message = f"worker failed on this task ({type(exc).__name__}: {exc}); rerun it alone"
    return [Failure(ref.display, "", message) for ref in unit]


def _run_plain(
    cl: Client, units: list[tuple[InputRef, ...] | Failure], job: Job, ac: Any
) -> Iterator[Event]:
    futures = {
        i: cl.submit(clean_and_write, u, job, pure=False)
        for i, u in enumerate(units)
        if not isinstance(u, Failure)
    }
    fixed = {i: [u] for i, u in enumerate(units) if isinstance(u, Failure)}

    def done(i: int, _value: Any) -> None:
        pass

    results = _in_order(futures, ac, done)
    for i in range(len(units)):
        if i in fixed:
            yield from fixed.pop(i)
            continue
        j, events = next(results)
        assert j == i
        yield from _lost(units[i], events) if isinstance(events, BaseException) else events


def _run_dataset(
    cl: Client, units: list[tuple[InputRef, ...] | Failure], job: Job, where: str, ac: Any
) -> Iterator[Event]:
    """``--to parquet``: -o DIR as a Parquet dataset, one part per task, written into
    ``where`` (see :mod:`newsclean.engine.dask_parquet`; its sink publishes the parts)."""
    from newsclean.engine.dask_parquet import clean_and_write_part

    futures = {
        i: cl.submit(clean_and_write_part, u, job, where, i, pure=False)
        for i, u in enumerate(units)
        if not isinstance(u, Failure)
    }

    def done(i: int, _value: Any) -> None:
        pass

    results = _in_order(futures, ac, done)
    for i, unit in enumerate(units):
        if isinstance(unit, Failure):
            yield unit
            continue
        j, events = next(results)
        assert j == i
        yield from _lost(unit, events) if isinstance(events, BaseException) else events


def _run_dedup(
    cl: Client,
    units: list[tuple[InputRef, ...] | Failure],
    job: Job,
    dedup: Deduplicator,
    ac: Any,
) -> Iterator[Event | Wrote]:
    signed = {
        i: cl.submit(clean_and_sign, u, job, pure=False)
        for i, u in enumerate(units)
        if not isinstance(u, Failure)
    }
    small = {i: cl.submit(signatures_of, f, pure=False) for i, f in signed.items()}
    decider = dedup.decider()
    writes: list[tuple[Future, tuple[InputRef, ...]]] = []
    held: list[
        tuple[int, tuple[InputRef, ...], int]
    ] = []  # (unit, articles) waiting for keep=longest/newest

    def done(i: int, _value: Any) -> None:
        pass

    results = _in_order(small, ac, done)
    for i, unit in enumerate(units):
        if isinstance(unit, Failure):
            yield unit
            continue
        j, infos = next(results)
        assert j == i
        if isinstance(infos, BaseException):
            yield from _lost(unit, infos)
            signed.pop(i)
            continue
        verdicts: list[Verdict] = []
        # Every article is reported in input order as the local run reports it (before the
        # collection stage); what is written is counted when its write comes back.
        for info in infos:
            if isinstance(info, Failure | Item | Skip):
                yield info
            else:
                verdicts.append(decider.add(info[0]))
                yield info[1]
        if decider.streaming:
            # Decisions for this unit are final: write it now and let its articles go.
            writes.append((cl.submit(write_kept, signed.pop(i), verdicts, job, pure=False), unit))
            while len(writes) > 1 and writes[0][0].done():
                yield from _written(*writes.pop(0))
        else:
            held.append((i, unit, len(verdicts)))
    if not decider.streaming:
        later = decider.finish()
        for i, unit, count in held:
            verdicts = [next(later) for _ in range(count)]
            writes.append((cl.submit(write_kept, signed.pop(i), verdicts, job, pure=False), unit))
    for fut, unit in writes:
        yield from _written(fut, unit)


def _written(fut: Future, unit: tuple[InputRef, ...]) -> Iterator[Wrote | Failure]:
    try:
        events = fut.result()
    except Exception as exc:
        events = _lost(unit, exc)
    for event in events:
        yield Wrote(event.ref) if isinstance(event, Item) else event


# --- library: dask.bag and dask.dataframe -------------------------------------------------


def _article_of(item: Any, read: ReadOptions) -> Iterator[Article]:
    if isinstance(item, Article):
        yield item
    elif isinstance(item, Doc | Record):
        yield to_article(item, read)
    elif isinstance(item, dict):
        yield to_article(Record(item, {"source": "-", "format": "json"}), read)
    elif isinstance(item, str | bytes):
        data = item.encode("utf-8") if isinstance(item, str) else item
        yield from read_bytes(data, read)
    else:
        raise TypeError(f"cannot read a {type(item).__name__} as an article")


def _clean_partition(
    items: Iterable[Any], step: PerArticle, read: ReadOptions, errors: str
) -> list[Any]:
    out: list[Any] = []
    for n, item in enumerate(items):
        try:
            out.extend(step(a) for a in _article_of(item, read))
        except Exception as exc:
            if errors == "raise":
                raise
            if errors == "keep":
                out.append(failure_event("item", f"item {n} of its partition", exc))
    return out


def clean_bag(
    bag: Bag,
    options: CleanOptions | None = None,
    read: ReadOptions | None = None,
    *,
    per_article: PerArticle | None = None,
    errors: str = "raise",
) -> Bag:
    """A bag of cleaned Articles from a bag of Articles, record dicts (a JSON/CSV row, fields
    as ``--field`` maps them), or documents (``str``/``bytes``: text, HTML, JSON...).

    ``errors``: ``"raise"`` (a bad item fails the computation, Dask's usual way), ``"skip"``
    (dropped), or ``"keep"`` (a :class:`~newsclean.engine.local.Failure` takes its place).
    """
    require_dask()
    if errors not in ("raise", "skip", "keep"):
        raise ValueError("errors must be 'raise', 'skip' or 'keep'")
    step = per_article or Step(clean, options or CleanOptions())
    return bag.map_partitions(_clean_partition, step, read or ReadOptions(), errors)


def read_bag(
    paths: str | Sequence[str],
    read: ReadOptions | None = None,
    *,
    files_per_partition: int = 64,
    errors: str = "raise",
) -> Bag:
    """A bag of Articles read from paths, directories, globs or fsspec URLs (every record of
    a multi-record file, in order). ``errors`` as in :func:`clean_bag` (files that fail)."""
    require_dask()
    dask_bag = _mod("dask.bag")
    listed = list(expand_inputs([paths] if isinstance(paths, str) else paths))
    refs = [r for r in listed if isinstance(r, InputRef)]
    bad = [r for r in listed if isinstance(r, WalkError)]
    if bad and errors == "raise":
        raise UsageError(f"{bad[0].display}: {bad[0].message}")
    chunks = [
        tuple(refs[i : i + files_per_partition]) for i in range(0, len(refs), files_per_partition)
    ]
    bag = dask_bag.from_sequence(chunks or [()], npartitions=max(1, len(chunks)))
    return bag.map_partitions(_read_partition, read or ReadOptions(), errors)


def _read_partition(
    chunks: Iterable[tuple[InputRef, ...]], read: ReadOptions, errors: str
) -> list[Any]:
    # Reading only (bounded by --max-input-size, linear readers): no timer, no child process.
    config = WorkerConfig(read, None, None, limits=Limits(0, 0))
    out: list[Any] = []
    for refs in chunks:
        for event in read_unit(refs, config):
            if isinstance(event, Item):
                out.append(event.payload)
            elif isinstance(event, Skip):
                continue  # a web archive's record that holds no article
            elif errors == "raise":
                raise NewscleanError(event.line())
            elif errors == "keep":
                out.append(event)
    return out


def render_bag(bag: Bag, to: str = "jsonl", write: WriteOptions | None = None) -> Bag:
    """Articles rendered as ``to`` (md, json, jsonl, txt): a bag of strings, e.g. for
    ``.to_textfiles('s3://bucket/out/*.jsonl')`` (jsonl lines already end with a newline)."""
    return bag.map(Renderer(to, write or WriteOptions()))


def deduplicate_bag(bag: Bag, duplicates: Deduplicator | DuplicateOptions | None = None) -> Bag:
    """The bag's Articles without cross-collection duplicates (or all of them annotated, with
    ``mark``): the same decisions as ``Deduplicator(options).run(bag.compute())``.

    Eager in part: the signatures are computed and decided here (in bag order), and a lazy
    bag of the survivors is returned, which computes ``bag`` again: ``persist()`` it first
    when that is expensive. Failure items pass through.
    """
    require_dask()
    dask = _mod("dask")
    dask_bag = _mod("dask.bag")
    dd = (
        duplicates
        if isinstance(duplicates, Deduplicator)
        else Deduplicator(duplicates or DuplicateOptions())
    )
    parts = bag.to_delayed()
    sign = dask.delayed(_sign_partition)
    (infos,) = dask.compute([sign(p, dd.options) for p in parts])
    decider = dd.decider()
    per_part: list[list[Verdict]] = [[decider.add(i) for i in part] for part in infos]
    if not decider.streaming:
        later = decider.finish()
        per_part = [[next(later) for _ in part] for part in per_part]
    keep = dask.delayed(_apply_verdicts)
    return dask_bag.from_delayed([keep(p, v) for p, v in zip(parts, per_part, strict=True)])


def _sign_partition(items: Iterable[Any], options: DuplicateOptions) -> list[Ranked]:
    return [ranked(a, options) for a in items if isinstance(a, Article)]


def _apply_verdicts(items: Iterable[Any], verdicts: Sequence[Verdict]) -> list[Any]:
    out: list[Any] = []
    it = iter(verdicts)
    for item in items:
        if not isinstance(item, Article):
            out.append(item)
            continue
        verdict = next(it)
        if verdict is not None:
            out.append(annotate(item, verdict))
    return out


def _clean_frame(
    frame: Any, column: str, title: str | None, output: str, step: PerArticle, errors: str
) -> Any:
    pd = _mod("pandas")
    texts = frame[column].tolist()
    titles = frame[title].tolist() if title else [None] * len(texts)
    cleaned: list[str | None] = []
    for text, head in zip(texts, titles, strict=True):
        if not isinstance(text, str):
            cleaned.append(None)
            continue
        try:
            record: dict[str, Any] = {"text": text}
            if isinstance(head, str):
                record["title"] = head
            article = to_article(Record(record, {"source": "-", "format": "json"}), ReadOptions())
            cleaned.append(step(article).text)
        except Exception:
            if errors == "raise":
                raise
            cleaned.append(None)
    out = frame.copy()
    out[output] = pd.Series(cleaned, index=frame.index, dtype=frame[column].dtype)
    return out


def clean_dataframe(
    df: DataFrame,
    column: str = "text",
    options: CleanOptions | None = None,
    *,
    title: str | None = None,
    output: str | None = None,
    per_article: PerArticle | None = None,
    errors: str = "raise",
) -> DataFrame:
    """``df`` with a new column ``output`` (default ``<column>_clean``): each row's ``column``
    cleaned as an article body (``title``: the headline column, which lets dedup drop a
    headline repeated at the top of the body). Missing texts stay missing; with
    ``errors="null"`` a row that fails becomes missing instead of failing the computation.
    """
    require_dask()
    if errors not in ("raise", "null"):
        raise ValueError("errors must be 'raise' or 'null'")
    out_col = output or f"{column}_clean"
    step = per_article or Step(clean, options or CleanOptions())
    meta = df._meta.copy()
    meta[out_col] = meta[column]
    return df.map_partitions(_clean_frame, column, title, out_col, step, errors, meta=meta)
