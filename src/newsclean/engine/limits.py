"""Per-document limits: time (``--doc-timeout``) and worker memory (``--max-worker-memory``).

A guard that holds for the slow cases nobody has found yet (a user ``--rules`` pattern that
backtracks, a pathological page): past the limit, that document is a failure and the run
goes on. Nothing about the other documents depends on the machine's speed.

Time: an interval timer (``SIGALRM``) raises :class:`DocTimeout` in the thread that runs
the document. Python runs signal handlers only in the main thread, so the guard works where
documents run in a process's main thread: pool workers, the main process with ``--jobs 1``.
Elsewhere (Dask's worker threads, a library caller's thread) the engines send the work to a
child process, where it runs in the main thread (see :func:`can_alarm`). CPython's regex
engine checks for signals while it backtracks, so a catastrophic pattern is interrupted
too; C code that never returns to Python (libxml2 parsing) is interrupted when it returns.

Memory: the soft ``RLIMIT_AS`` of a worker is set to its address space at start plus the
limit, so one document that needs more gets ``MemoryError``: that document fails alone.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

from newsclean.errors import InputError

#: Default of ``--doc-timeout``, in seconds: generous, far above any real article (the
#: slowest page of the corpora takes well under a second).
DOC_TIMEOUT = 30.0
#: After the limit, the timer fires again this often, in case the first ``DocTimeout`` was
#: swallowed by some ``except Exception`` inside the document's code.
_REPEAT = 0.25

# The C module under ``signal``: ``signal.signal`` converts each handler to and from an
# enum (a failed enum lookup for a function), 5 of the 12 microseconds deadline() costs per
# document; and importing ``signal`` builds its enums (about 1% of a command's start-up).
# Same calls, same constants, same effect; plain ``signal`` where it is missing.
_raw: Any
try:
    _raw = importlib.import_module("_signal")
    _raw.signal, _raw.setitimer, _raw.SIGALRM  # noqa: B018 - what the timer uses
except (ImportError, AttributeError):  # pragma: no cover - another Python implementation
    _raw = importlib.import_module("signal")


class DocTimeout(InputError):
    """The document took longer than ``--doc-timeout``."""

    def __init__(self, seconds: float) -> None:
        limit = seconds_text(seconds)
        super().__init__(f"exceeded the time limit ({limit}, --doc-timeout); skipped")


def seconds_text(seconds: float) -> str:
    """``30.0`` -> ``30 s``, ``0.5`` -> ``0.5 s``."""
    return f"{seconds:g} s"


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost (0: no limit)."""

    #: Seconds per document (a file, or one record of a multi-record input).
    doc_timeout: float = DOC_TIMEOUT
    #: Bytes of address space one worker may add to what it had at start.
    max_memory: int = 0

    @property
    def active(self) -> bool:
        return self.doc_timeout > 0 or self.max_memory > 0


def can_alarm() -> bool:
    """Whether a document run here can be interrupted by the timer (this is the main
    thread of a POSIX process)."""
    return hasattr(_raw, "setitimer") and threading.current_thread() is threading.main_thread()


def guard_here(limits: Limits) -> bool:
    """Whether documents under ``limits`` may run in this thread (else: in a child process).

    Without ``setitimer`` (Windows) no process could keep the time limit: run here."""
    if not limits.active or not hasattr(_raw, "setitimer"):
        return True
    return can_alarm() and (not limits.max_memory or memory_supported())


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`DocTimeout` in this (main) thread if the block runs past ``seconds``.

    Cheap (a few system calls); restores the previous ``SIGALRM`` handler, so it can be
    used inside a library caller's program. No-op for 0, or where no timer can fire here.
    """
    if seconds <= 0 or not can_alarm():
        yield
        return
    armed = True

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise DocTimeout(seconds)

    previous = _raw.signal(_raw.SIGALRM, on_alarm)
    _raw.setitimer(_raw.ITIMER_REAL, seconds, _REPEAT)
    try:
        yield
    finally:
        armed = False  # first: an alarm landing from here on is ignored
        _raw.setitimer(_raw.ITIMER_REAL, 0)
        _raw.signal(_raw.SIGALRM, previous)


# --- one alarm for a whole run ---------------------------------------------------------
#
# deadline() sets a SIGALRM handler, arms the timer, disarms it and puts the old handler
# back around every document: two generator context managers, a closure and four system
# calls, about 5-20 microseconds a record (1-3% of normalizing 800 short records). Within
# a run (alarm_for_run), the handler is set once; a document only notes when it started
# and arms the timer if it is not armed already. When the timer fires, the handler
# compares the running document's own start with the limit: past it, DocTimeout (and the
# timer again every _REPEAT seconds, as deadline() does); not yet (a later document), the
# timer is armed for the rest of that document's time; between documents, it lapses.

#: The limit the run-wide handler keeps (0: none installed) and the thread it serves.
_run_seconds = 0.0
_run_thread: int | None = None
#: When the running document started (``time.monotonic()``); None between documents.
_started: float | None = None
#: Whether the timer is armed (it lapses when it fires between documents).
_armed = False


def _on_run_alarm(signum: int, frame: FrameType | None) -> None:
    global _armed
    _armed = False
    started = _started
    if started is None:
        return
    left = started + _run_seconds - time.monotonic()
    if left > 0:  # a document that started after the timer was armed: the rest of its time
        _raw.setitimer(_raw.ITIMER_REAL, max(left, 1e-6))
        _armed = True
        return
    _raw.setitimer(_raw.ITIMER_REAL, _REPEAT)  # again, in case this one is swallowed
    _armed = True
    raise DocTimeout(_run_seconds)


#: What :func:`_install` returns when it installed nothing (``signal`` itself returns None
#: for a handler that C code set, so None cannot say it).
_NOT_INSTALLED = object()


def _install(seconds: float) -> Any:
    """Make :func:`_on_run_alarm` this thread's handler for ``seconds`` a document;
    returns the handler it replaces, or ``_NOT_INSTALLED``."""
    global _run_seconds, _run_thread, _started, _armed
    if seconds <= 0 or not can_alarm() or _run_seconds:
        return _NOT_INSTALLED
    previous = _raw.signal(_raw.SIGALRM, _on_run_alarm)
    _run_seconds, _run_thread, _started, _armed = seconds, threading.get_ident(), None, False
    return previous


def alarm_for_process(seconds: float) -> None:
    """The run-wide handler for the rest of this process (a pool worker's life)."""
    global _run_seconds
    _run_seconds = 0.0  # forked inside a parent's run: its handler, not its armed timer
    _install(seconds)


@contextlib.contextmanager
def alarm_for_run(seconds: float) -> Iterator[None]:
    """The run-wide handler during the block (documents done in this thread use it through
    :func:`enter`); the timer is disarmed and the previous handler restored at the end."""
    global _run_seconds, _run_thread, _started, _armed
    previous = _install(seconds)
    if previous is _NOT_INSTALLED:
        yield
        return
    try:
        yield
    finally:
        _started = None
        _raw.setitimer(_raw.ITIMER_REAL, 0)
        _armed = False
        # (None: a handler C code set, which Python cannot put back; the default is the
        # nearest thing, and never leaves this run's handler behind)
        _raw.signal(_raw.SIGALRM, _raw.SIG_DFL if previous is None else previous)
        _run_seconds, _run_thread = 0.0, None


def enter(limits: Limits, *, in_worker: bool) -> bool:
    """Start a document under ``limits`` with the run-wide handler: False when that cannot
    keep them (none installed for this limit in this thread, or a memory cap to set around
    the document here): then use :func:`document`. End it with :func:`leave`."""
    global _started, _armed
    seconds = limits.doc_timeout
    if limits.max_memory and not in_worker:
        return False
    if seconds <= 0:
        return True  # no time limit: nothing to arm
    if seconds != _run_seconds or threading.get_ident() != _run_thread:
        return False
    _started = time.monotonic()
    if not _armed:
        _raw.setitimer(_raw.ITIMER_REAL, seconds)  # one shot: re-armed by the handler
        _armed = True
    return True


def leave() -> None:
    """The document started by :func:`enter` is over: an alarm from now on is ignored."""
    global _started
    _started = None


# --- memory --------------------------------------------------------------------------------

#: The limit applied in this process (for the failure message), 0 when none.
_memory_limit = 0


def memory_supported() -> bool:
    """``RLIMIT_AS`` and ``/proc/self/statm`` (Linux): what ``--max-worker-memory`` needs."""
    try:
        import resource  # noqa: F401
    except ImportError:  # pragma: no cover - not POSIX
        return False
    return os.path.exists("/proc/self/statm")


def address_space() -> int:
    """This process's address space in bytes (what ``RLIMIT_AS`` counts)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def limit_memory(extra: int) -> tuple[int, int] | None:
    """Set this process's soft ``RLIMIT_AS`` to its address space now plus ``extra`` bytes
    (never above the hard limit); returns the previous limits for :func:`restore_memory`."""
    global _memory_limit
    if extra <= 0 or not memory_supported():
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    target = address_space() + extra
    if hard != resource.RLIM_INFINITY:
        target = min(target, hard)
    if soft != resource.RLIM_INFINITY and soft <= target:
        return None  # already at least as strict
    resource.setrlimit(resource.RLIMIT_AS, (target, hard))
    _memory_limit = extra
    return soft, hard


def restore_memory(previous: tuple[int, int] | None) -> None:
    global _memory_limit
    if previous is None:
        return
    import resource

    resource.setrlimit(resource.RLIMIT_AS, previous)
    _memory_limit = 0


@contextlib.contextmanager
def memory_cap(extra: int) -> Iterator[None]:
    """Bound this process's address space to what it is now plus ``extra`` during the block
    (``--jobs 1``: the document runs in the main process, which gets its limit back)."""
    previous = limit_memory(extra)
    try:
        yield
    finally:
        restore_memory(previous)


def memory_message() -> str | None:
    """The failure line for a ``MemoryError`` under a limit set here (None: no limit)."""
    if not _memory_limit:
        return None
    from newsclean.read.decode import size_text

    return f"exceeded the memory limit ({size_text(_memory_limit)}, --max-worker-memory); skipped"


@contextlib.contextmanager
def document(limits: Limits, *, in_worker: bool) -> Iterator[None]:
    """The limits around one document: the timer, and in the main process the memory cap
    (a worker process has its cap from start, see :func:`limit_memory`)."""
    with deadline(limits.doc_timeout):
        if limits.max_memory and not in_worker:
            with memory_cap(limits.max_memory):
                yield
        else:
            yield
