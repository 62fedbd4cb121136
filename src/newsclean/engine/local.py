"""The local engine: read many inputs, transform each article (in worker processes), keep order.

``newsclean.engine.run`` drives it (listing, sinks, reports); this module only turns inputs
into events.

Work is cut into *tasks*: a few whole files (read, transformed and rendered in a worker), or
a chunk of records from one big JSON/JSONL/CSV input (split in the main process, converted
and transformed in a worker). Results come back in submission order whatever ``jobs`` is,
and only a bounded number of tasks is in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar

from newsclean.article import Article
from newsclean.atomic import remove_own_temporaries
from newsclean.engine import limits as _limits
from newsclean.engine.limits import (
    DocTimeout,
    Limits,
    document,
    guard_here,
    limit_memory,
    memory_message,
)
from newsclean.errors import EmptyInputError, NewscleanError, OutputError, run_wide_hint
from newsclean.filters import Drop, Filter
from newsclean.read import Bad, Doc, Opened, ReadOptions, Record, Skipped, open_parts, to_article
from newsclean.read.decode import open_binary
from newsclean.read.sniff import RECORD_FORMATS, from_name
from newsclean.read.walk import InputRef, WalkError

if TYPE_CHECKING:  # imported when a pool starts: a one-process run never pays for them
    import multiprocessing.context
    from concurrent.futures import Future

PerArticle = Callable[[Article], Article]
Collection = Callable[[Iterator[Article]], Iterator[Article]]

#: Whole files per task (amortises inter-process overhead for many small files; at a few
#: ms per file a task is still short enough for an even spread and a prompt Ctrl-C).
FILES_PER_TASK = 16
#: Records per task when a big multi-record input is split.
RECORDS_PER_TASK = 64
#: Characters of page text per task when a big multi-record input is split (whichever of
#: the two limits comes first): a web archive's pages are large (~170 KB of HTML each), and
#: 64 of them a task held ~100 MB of pages in flight with two workers (166 MB peak on a
#: 13 MB archive; 108 MB at 1 MB a task, 88 MB at 256 KB, the same CPU time and output).
CHARS_PER_TASK = 1 << 19
#: Record inputs larger than this are split into record chunks in the main process.
SPLIT_BYTES = 1 << 20
#: Tasks in flight per worker (bounds memory; keeps workers busy).
INFLIGHT_PER_JOB = 4
#: CPU seconds of records done in this process before a pool starts for the rest of them.
#: Forking workers and pickling every record to them and every article back costs more
#: than two cores save on a short run: on 800-1,000 JSON Lines records, ``normalize`` and
#: ``dedup`` took 23-30% more CPU with a pool of two, and longer on the clock too.
INLINE_SECONDS = 0.5


# --- picklable building blocks for subcommands -----------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """``fn(article, options)`` as a picklable ``Article -> Article`` (for worker processes)."""

    fn: Callable[[Article, Any], Article]
    options: Any

    def __call__(self, article: Article) -> Article:
        return self.fn(article, self.options)


@dataclass(frozen=True, slots=True)
class Chain:
    """Several ``Article -> Article`` functions applied in order (picklable)."""

    stages: tuple[PerArticle, ...]

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            article = stage(article)
        return article


# --- events coming out of the engine ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One output article: rendered text, the Article when a collection stage follows, or
    None when a worker already wrote it (``-o DIR``)."""

    ref: InputRef
    index: int | None
    multi: bool
    payload: str | Article | None
    #: Removals recorded on the article (boilerplate, repeats, ...), for summaries/reports.
    removed: int = 0
    #: Of those, the ones the dedup step made (repeated headlines/paragraphs).
    duplicates: int = 0
    #: Reader warnings (``meta["warnings"]``, e.g. an HTML page with no article).
    warnings: tuple[str, ...] = ()
    #: The article was dropped by a filter (``--lang``, ``--min-words``) and why; its
    #: payload is None and nothing is written for it.
    dropped: Drop | None = None
    #: False: the article is only reported here (payload None); whether it is written comes
    #: later as a :class:`Wrote` (an engine that runs the collection stages itself).
    written: bool = True
    #: The output file name the reader chose (web archives: from the URL), else None.
    name: str | None = None
    #: Its file was already there, written by an interrupted run (``--skip-existing``):
    #: kept as it is, not cleaned again (payload None).
    resumed: bool = False


@dataclass(frozen=True, slots=True)
class Wrote:
    """An article of ``ref`` that an engine reported earlier (``Item.written`` False) was
    written. Counted, never reported again."""

    ref: InputRef


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed input or record: ``where`` is e.g. ``line 7`` (empty for a whole input)."""

    display: str
    where: str
    message: str
    detail: str = ""  # traceback text, shown with -v
    #: Every later output would fail too (a full disk): the run stops here.
    stops_run: bool = False

    def line(self) -> str:
        return (
            f"{self.display}: {self.where}: {self.message}"
            if self.where
            else f"{self.display}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Skip:
    """A record of a web archive that holds no article (request, redirect, image, ...):
    counted per input and listed in ``--report``, never a failure."""

    display: str
    where: str
    kind: str
    why: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Pause:
    """The input (a pipe) has nothing more for now, and every event before this one is out:
    a collection stage holding articles lets them out rather than wait for more input."""


#: The one Pause (it carries nothing).
PAUSED: Final = Pause()

Event = Item | Failure | Skip


# --- tasks -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilesTask:
    refs: tuple[InputRef, ...]


@dataclass(frozen=True, slots=True)
class RecordsTask:
    ref: InputRef
    multi: bool
    parts: tuple[Doc | Record | Bad | Skipped, ...]
    #: With ``-o DIR`` in md/txt: the (temporary) directory where the worker writes each
    #: record's file itself; the main process renames the directory into place at the end.
    out_dir: str | None = None
    #: The input (a pipe) has nothing more for now: write this task's results before
    #: waiting for more input.
    flush: bool = False


@dataclass(frozen=True, slots=True)
class Ready:
    events: tuple[Event, ...]


Task = FilesTask | RecordsTask | Ready


class Probe(Protocol):
    """What a first pass asks of each input part instead of its article (picklable)."""

    def __call__(self, part: Doc | Record, read: ReadOptions, /) -> str: ...

    def whole_file(self, ref: InputRef, read: ReadOptions, /) -> str | None:
        """The answer for a whole input file read the quick way, or None: read it as the
        run does and ask for each part."""


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """Everything a worker needs; sent once per worker process (must pickle)."""

    read: ReadOptions
    per_article: PerArticle | None
    render: Callable[[Article], str] | None
    #: With ``-o DIR`` (and no collection stage), workers write whole-file inputs' outputs
    #: themselves: writing files is the slow part of a big batch and must not funnel
    #: through the main process.
    direct: DirectOutput | None = None
    #: Articles it drops are not rendered or written, only counted (``Item.dropped``).
    keep: Filter | None = None
    #: Per-document limits (time, worker memory), see :mod:`newsclean.engine.limits`.
    limits: Limits = dataclasses.field(default_factory=Limits)
    #: A first pass over the inputs (``newsclean.engine.twopass``): each part's payload is
    #: ``probe(part, read)`` (a short string, e.g. its site) instead of its article.
    probe: Probe | None = None


@dataclass(frozen=True, slots=True)
class DirectOutput:
    """Where workers write: ``-o DIR``, the format, and when the run started (collisions)."""

    root: str
    fmt: str
    started_ns: int


def failure_event(display: str, where: str, exc: BaseException) -> Failure:
    """The one-line failure for ``exc`` raised while handling ``display`` (``where``: e.g.
    ``record 7``); unexpected errors point at ``-v``, which shows the traceback kept here."""
    import traceback  # only on a failure: spared at every start

    if isinstance(exc, NewscleanError):
        stops = isinstance(exc, OutputError) and exc.stops_run
        return Failure(display, where, str(exc), traceback.format_exc(), stops)
    if isinstance(exc, OSError):
        return Failure(display, where, exc.strerror or str(exc), traceback.format_exc())
    if isinstance(exc, MemoryError) and (message := memory_message()):
        return Failure(display, where, message, traceback.format_exc())
    return Failure(
        display,
        where,
        f"unexpected error ({type(exc).__name__}: {exc}); rerun with -v for details",
        traceback.format_exc(),
    )


def convert(
    part: Doc | Record | Bad | Skipped, ref: InputRef, multi: bool, config: WorkerConfig
) -> Event:
    """One read part through ``config`` (to Article, per-article steps, render) as an
    event; any error becomes a :class:`Failure` for this part alone. Used by every engine."""
    if isinstance(part, Bad):
        return Failure(ref.display, part.where, part.message)
    if isinstance(part, Skipped):
        return Skip(ref.display, part.where, part.kind, part.why, part.url)
    index = part.meta.get("record") if multi else None
    try:
        article = to_article(part, config.read)
        if config.per_article is not None:
            article = config.per_article(article)
        drop = config.keep.why(article) if config.keep is not None else None
        if drop is not None:
            return Item(ref, index, multi, None, dropped=drop)
        payload: str | Article = config.render(article) if config.render else article
    except Exception as exc:
        where = f"record {index}" if index is not None else ""
        return failure_event(ref.display, where, exc)
    removed = article.removed
    duplicates = sum(1 for r in removed if r.step == "dedup") if removed else 0
    warnings = article.meta.get("warnings")
    notes = tuple(str(w) for w in warnings) if isinstance(warnings, list | tuple) else ()
    name = part.name if isinstance(part, Doc) else None
    return Item(ref, index, multi, payload, len(removed), duplicates, notes, name=name)


#: True in a pool worker process (its memory limit was set at start).
_in_worker = False


def convert_limited(
    part: Doc | Record | Bad | Skipped, ref: InputRef, multi: bool, config: WorkerConfig
) -> Event:
    """:func:`convert` under the per-document limits (``config.limits``)."""
    try:
        if _limits.enter(config.limits, in_worker=_in_worker):  # the run's alarm (see limits)
            try:
                return convert(part, ref, multi, config)
            finally:
                _limits.leave()
        with document(config.limits, in_worker=_in_worker):
            return convert(part, ref, multi, config)
    except DocTimeout as exc:  # fired after convert's own handler: still this part's
        index = part.meta.get("record") if multi and isinstance(part, Doc | Record) else None
        return failure_event(ref.display, f"record {index}" if index is not None else "", exc)


def probe_limited(
    part: Doc | Record | Bad | Skipped, ref: InputRef, multi: bool, config: WorkerConfig
) -> Event | None:
    """What ``config.probe`` says of one read part (a first pass: nothing is converted), as
    an Item whose payload is the answer; None for a part that is no article or fails (the
    run's own pass reports it)."""
    assert config.probe is not None
    if not isinstance(part, Doc | Record):
        return None
    index = part.meta.get("record") if multi else None
    try:
        with document(config.limits, in_worker=_in_worker):
            return Item(ref, index, multi, config.probe(part, config.read))
    except Exception:  # (DocTimeout included: the run's own pass reports it)
        return None


def _parts(
    parts: Iterable[Doc | Record | Bad | Skipped], ref: InputRef, multi: bool, config: WorkerConfig
) -> Iterator[Event]:
    """Each part's event: converted, or only probed in a first pass."""
    if config.probe is None:
        for part in parts:
            yield convert_limited(part, ref, multi, config)
        return
    for part in parts:
        event = probe_limited(part, ref, multi, config)
        if event is not None:
            yield event


def read_file(ref: InputRef, stream: Any, config: WorkerConfig) -> Iterator[Event]:
    """The events of one whole input (opened as ``stream``): each document under the limits;
    the opening (format sniffing, decoding) under the time limit too. An error reading the
    parts is raised after the events of the parts before it (the caller reports it)."""
    try:
        with document(config.limits, in_worker=_in_worker):
            opened = open_parts(stream, name=ref.path, source=ref.display, options=config.read)
    except DocTimeout as exc:
        yield failure_event(ref.display, "", exc)
        return
    yield from _parts(opened.parts, ref, opened.multi, config)


def run_task(task: Task, config: WorkerConfig) -> list[Event]:
    """Do one task (in a worker or inline) and return its events in order."""
    if isinstance(task, Ready):
        return list(task.events)
    if isinstance(task, RecordsTask):
        if task.out_dir is not None and config.direct is not None:
            return _write_records(task, task.out_dir, config)
        return list(_parts(task.parts, task.ref, task.multi, config))
    events: list[Event] = []
    for ref in task.refs:
        assert ref.path is not None
        if config.probe is not None:
            quick = config.probe.whole_file(ref, config.read)
            if quick is not None:
                events.append(Item(ref, None, False, quick))
                continue
        try:
            with open_binary(ref.path) as stream:
                events.extend(read_file(ref, stream, config))
        except Exception as exc:
            events.append(failure_event(ref.display, "", exc))
    if config.direct is not None and config.render is not None:
        return write_direct(events, config.direct)
    return events


def _write_records(task: RecordsTask, out_dir: str, config: WorkerConfig) -> list[Event]:
    """Clean and write record files into a directory the main process prepared (and will
    publish). A record whose file is already there (left by an interrupted run: each file
    is written whole or not at all) is kept, not cleaned again: per-record resume."""
    from newsclean.write.sink import record_file, write_record_file

    direct = config.direct
    assert direct is not None
    out: list[Event] = []
    for part in task.parts:
        path = None
        if isinstance(part, Doc | Record):
            index = part.meta.get("record") if task.multi else None
            name = part.name if isinstance(part, Doc) else None
            path = os.path.join(out_dir, record_file(index, name, direct.fmt))
            if os.path.exists(path):
                out.append(Item(task.ref, index, task.multi, None, name=name, resumed=True))
                continue
        event = convert_limited(part, task.ref, task.multi, config)
        if isinstance(event, Item) and isinstance(event.payload, str) and path is not None:
            try:
                if event.name is not None:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                write_record_file(path, event.payload.encode("utf-8", "backslashreplace"))
            except OSError as exc:
                hint = run_wide_hint(exc)
                # The file is in a temporary directory: its name would only confuse.
                message = str(OutputError(f"cannot write: {exc.strerror or exc}", hint))
                where = f"record {event.index}"
                out.append(Failure(event.ref.display, where, message, stops_run=bool(hint)))
                if hint:
                    break  # the main process stops the run; the other records would fail too
                continue
            out.append(dataclasses.replace(event, payload=None))
        else:
            out.append(event)
    return out


def write_direct(events: list[Event], direct: DirectOutput) -> list[Event]:
    """Write the articles of whole-file inputs here; the main process only counts them."""
    from newsclean.write.sink import DirSink

    sink = DirSink(direct.root, direct.fmt, started_ns=direct.started_ns)
    out: list[Event] = []
    for event in events:
        if isinstance(event, Item) and isinstance(event.payload, str):
            try:
                sink.add(event.ref, event.index, event.multi, event.payload, event.name)
            except NewscleanError as exc:
                failure = failure_event(event.ref.display, "", exc)
                out.append(failure)
                if failure.stops_run:
                    break  # the main process stops the run; the other outputs would fail too
                continue
            out.append(dataclasses.replace(event, payload=None))
        else:
            out.append(event)
    try:
        sink.close()
    except NewscleanError as exc:
        out.append(Failure(direct.root, "", str(exc)))
    return out


#: Tiny articles in the scripts whose rules load and compile on first use.
_WARM_UP = (
    'عنوان الخبر\n\nعنوان الخبر\n\nقال الوزير إن "الاجتماع" كان مثمرا، وأضاف أن المحادثات '
    "ستستأنف الأسبوع المقبل.\n\nاقرأ أيضاً:\n\nجميع الحقوق محفوظة © 2024\n",
    'A headline\n\nA headline\n\nThe minister said on Monday that the "talks" would '
    "resume next week.\n\nRelated\n\nShare this article\n\n© 2024 Example News.\n",
)


def warm_up(per_article: PerArticle) -> None:
    """Run ``per_article`` over two tiny articles (Arabic, English), results dropped.

    Called in the main process just before workers are forked: they inherit the loaded
    and compiled rules instead of each paying the first-use cost (about a second of CPU
    per worker with all steps on). An optimisation only: any error is left to the run.
    """
    from newsclean.read import read_bytes

    with contextlib.suppress(Exception):
        for text in _WARM_UP:
            for article in read_bytes(text.encode("utf-8"), name="warm-up.txt"):
                per_article(article)


# --- splitting inputs into tasks ---------------------------------------------------------


def _streams_records(ref: InputRef, options: ReadOptions) -> bool:
    # Big record inputs and stdin are split in the main process so that one large JSONL
    # file (or a pipe between subcommands) is spread over the workers. Everything else --
    # including the many small one-record JSON files scrapers write -- goes whole to a
    # worker, several files per task.
    if ref.path is None:
        return True
    if (options.format or from_name(ref.path)) not in RECORD_FORMATS:
        return False
    try:
        return os.path.getsize(ref.path) > SPLIT_BYTES
    except OSError:
        return False  # the worker reports it


def _open_in_main(ref: InputRef, options: ReadOptions, stdin: Callable[[], Any]) -> Opened:
    if ref.path is None:
        from newsclean.read.decode import maybe_gunzip

        return open_parts(maybe_gunzip(stdin()), name=None, source=ref.display, options=options)
    stream = open_binary(ref.path)
    try:
        return open_parts(stream, name=ref.path, source=ref.display, options=options)
    except BaseException:
        stream.close()
        raise


def plan(
    inputs: Iterable[InputRef | WalkError],
    options: ReadOptions,
    *,
    stdin: Callable[[], Any],
    record_dir: Callable[[InputRef], str | None] | None = None,
) -> Iterator[Task]:
    """Lazily cut inputs into tasks, in input order.

    ``record_dir(ref)`` (the output side, ``-o DIR`` in md/txt) prepares a directory where
    workers write the records of a split multi-record input, or returns None.
    """
    pending: list[InputRef] = []
    for ref in inputs:
        if isinstance(ref, WalkError):
            if pending:
                yield FilesTask(tuple(pending))
                pending = []
            yield Ready((Failure(ref.display, "", ref.message),))
            continue
        if not _streams_records(ref, options):
            pending.append(ref)
            if len(pending) >= FILES_PER_TASK:
                yield FilesTask(tuple(pending))
                pending = []
            continue
        if pending:
            yield FilesTask(tuple(pending))
            pending = []
        try:
            opened = _open_in_main(ref, options, stdin)
        except EmptyInputError as exc:
            if ref.path is None:
                continue  # an empty pipe (an upstream step that wrote nothing) is no error
            yield Ready((failure_event(ref.display, "", exc),))
            continue
        except Exception as exc:
            yield Ready((failure_event(ref.display, "", exc),))
            continue
        out_dir = None
        if record_dir is not None and opened.multi:
            try:
                out_dir = record_dir(ref)
            except NewscleanError as exc:
                yield Ready((failure_event(ref.display, "", exc),))
                continue
        chunk: list[Doc | Record | Bad | Skipped] = []
        chars = 0
        try:
            for part in opened.parts:
                chunk.append(part)
                if isinstance(part, Doc):
                    chars += len(part.text)
                if len(chunk) >= RECORDS_PER_TASK or chars >= CHARS_PER_TASK:
                    yield RecordsTask(ref, opened.multi, tuple(chunk), out_dir)
                    chunk, chars = [], 0
                elif opened.idle is not None and opened.idle():
                    yield RecordsTask(ref, opened.multi, tuple(chunk), out_dir, flush=True)
                    chunk, chars = [], 0
        except Exception as exc:
            if chunk:
                yield RecordsTask(ref, opened.multi, tuple(chunk), out_dir)
                chunk = []
            yield Ready((failure_event(ref.display, "", exc),))
        if chunk:
            yield RecordsTask(ref, opened.multi, tuple(chunk), out_dir)
    if pending:
        yield FilesTask(tuple(pending))


# --- ordered, bounded parallel map ------------------------------------------------------

T = TypeVar("T")
R = TypeVar("R")

_worker_config: WorkerConfig | None = None


def _init_worker(config: WorkerConfig) -> None:
    import signal  # (a pool only: the enums it builds are spared at every start)

    global _worker_config, _in_worker
    _worker_config = config
    _in_worker = True
    # Ctrl-C is the main process's business: it stops the pool and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM kills a worker outright (a forked worker inherits the command line's
    # handler): the pool's own clean-up terminates workers with it and waits for them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the main process deferred it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _exit_with_parent()
    _limits.alarm_for_process(config.limits.doc_timeout)
    if config.per_article is not None and config.limits.doc_timeout > 0:
        warm_up(config.per_article)  # not forked from a warm process: not a document's time
    # Last: the watcher thread's stack, its arena and the rules count as this worker's base.
    limit_memory(config.limits.max_memory)


#: How often a worker checks that the process that started it is still there (seconds).
PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent() -> None:
    """End this worker soon after its parent dies (``kill -9``, a crash).

    A worker waits for tasks on a pipe that every worker also holds open, so it never sees
    the parent go: without this, the workers of a killed run would wait forever.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        # A rerun may have started already, and its sweep spares a living process's files.
        remove_own_temporaries()
        os._exit(1)

    threading.Thread(target=watch, name="newsclean-parent-watch", daemon=True).start()


def _run_in_worker(task: Task) -> list[Event]:
    assert _worker_config is not None
    return run_task(task, _worker_config)


class _Done(Generic[R]):
    """A result computed in the main process, behaving like a finished Future."""

    def __init__(self, value: R) -> None:
        self.value = value

    def result(self) -> R:
        return self.value


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts workers fastest (nothing to re-import), but forking a process that runs
    # other threads (a progress bar's refresher, say) can deadlock: then use forkserver.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context()


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_picklable(config: WorkerConfig) -> None:
    """Fail early and clearly if a stage cannot go to a worker process."""
    import pickle  # only when a pool starts: spared at every start

    try:
        pickle.dumps(config)
    except Exception as exc:
        raise TypeError(
            "per-article functions must be picklable (module-level functions, "
            f"functools.partial or batch.Step with frozen options): {exc}"
        ) from exc


def execute(tasks: Iterator[Task], config: WorkerConfig, jobs: int) -> Generator[Event | Pause]:
    """Run tasks (in ``jobs`` processes), yielding their events in task order.

    With ``jobs`` 1 the tasks run here, unless the limits cannot be kept in this thread
    (not the main thread): then in one worker process.
    """
    # One SIGALRM handler for the documents done here, not one per document.
    with _limits.alarm_for_run(config.limits.doc_timeout):
        yield from _execute(tasks, config, jobs)


def _execute(tasks: Iterator[Task], config: WorkerConfig, jobs: int) -> Generator[Event | Pause]:
    first = next(tasks, None)
    if first is None:
        return  # (nothing to warm up for: an empty input starts and ends at once)
    if config.per_article is not None and config.limits.doc_timeout > 0:
        # Rules load and compile on first use (about a second): not a document's time.
        warm_up(config.per_article)
    if jobs <= 1 and guard_here(config.limits):
        for task in itertools.chain((first,), tasks):
            yield from run_task(task, config)
            if isinstance(task, RecordsTask) and task.flush:
                yield PAUSED
        return
    # A pipe that trickles: its records are done here as they arrive; a pool (started only
    # once two tasks are at hand) would hold them until more input comes.
    while isinstance(first, RecordsTask) and first.flush and guard_here(config.limits):
        yield from run_task(first, config)
        yield PAUSED
        first = next(tasks, None)
    if isinstance(first, RecordsTask) and guard_here(config.limits):
        # Records (of JSON Lines, CSV, an archive...): here until there is enough work left
        # to pay for a pool (see INLINE_SECONDS); a short run never starts one.
        budget = time.process_time() + INLINE_SECONDS
        while isinstance(first, RecordsTask) and time.process_time() < budget:
            yield from run_task(first, config)
            if first.flush:
                yield PAUSED  # as below: the input has nothing more for now
            first = next(tasks, None)
    second = next(tasks, None)
    if first is None:
        return
    jobs = max(jobs, 1)
    if second is None and guard_here(config.limits):
        # one task: a pool would only cost start-up time
        yield from run_task(first, config)
        return
    check_picklable(config)
    from concurrent.futures import ProcessPoolExecutor

    context = _mp_context()
    fork = context.get_start_method() == "fork"
    if config.per_article is not None and fork and config.limits.doc_timeout <= 0:
        warm_up(config.per_article)  # (with a time limit: done above)
    window: deque[Future[list[Event]] | _Done[list[Event]]] = deque()
    limit = jobs * INFLIGHT_PER_JOB
    with _signals_deferred():
        # Workers are forked during the first submits; a Ctrl-C (or SIGTERM) landing inside
        # fork's handlers would be swallowed there ("Exception ignored ..."), so it waits
        # until the pool stands and then interrupts cleanly.
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(config,),
        )

        def submit(task: Task) -> None:
            if isinstance(task, Ready):
                window.append(_Done(list(task.events)))
            else:
                window.append(pool.submit(_run_in_worker, task))

        submit(first)
        if second is not None:
            submit(second)
    try:
        for task in tasks:
            submit(task)
            # A pipe gone quiet: write everything in flight before waiting for more input.
            flush = isinstance(task, RecordsTask) and task.flush
            while len(window) >= limit or (flush and window):
                yield from window.popleft().result()
            if flush:
                yield PAUSED
        while window:
            yield from window.popleft().result()
    finally:
        # Queued tasks are cancelled; running ones finish first, so no worker is still
        # writing when the caller cleans up temporary outputs after an interruption.
        pool.shutdown(wait=True, cancel_futures=True)
