"""Run documents under the per-document limits from a thread that cannot keep them.

The time limit needs a timer signal, and Python runs signal handlers only in a process's
main thread; Dask runs tasks in worker threads. Such a task sends its inputs to a helper
process of its own (one per calling thread, started on first use and kept), where each
document runs in the main thread under :func:`newsclean.engine.limits.document`.

The helper is a plain subprocess (``python -m newsclean.engine.guard``) talking pickles
over its stdin/stdout, not a ``multiprocessing`` child: Dask's worker processes are
daemonic, and daemonic processes may not start ``multiprocessing`` children. A helper that
dies (the kernel's OOM killer, a crash in C) fails the inputs it held; the next task starts
a new one. A helper exits when its parent goes (its stdin closes).
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO, Any

from newsclean.engine import local
from newsclean.engine.limits import Limits, limit_memory
from newsclean.engine.local import Event, Failure
from newsclean.read.walk import InputRef

_HEADER = struct.Struct("!Q")
_helpers = threading.local()


class HelperDied(Exception):
    """The helper process ended before answering."""


def _send(stream: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise HelperDied
    size = _HEADER.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise HelperDied
    return pickle.loads(data)


def _start() -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    # The caller's import path, so that its per-article functions unpickle in the helper.
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.Popen(
        [sys.executable, "-m", "newsclean.engine.guard"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )


def _helper() -> subprocess.Popen[bytes]:
    proc: subprocess.Popen[bytes] | None = getattr(_helpers, "proc", None)
    if proc is None or proc.poll() is not None:
        proc = _helpers.proc = _start()
    return proc


def _discard(proc: subprocess.Popen[bytes]) -> int | None:
    _helpers.proc = None
    proc.kill()
    return proc.wait()


def run_guarded(
    limits: Limits, refs: Sequence[InputRef], fn: Callable[..., list[Event]], *args: Any
) -> list[Event]:
    """``fn(*args)`` (the events of ``refs``) in this thread's helper process, under
    ``limits``; an error that ``fn`` raises is raised here."""
    proc = _helper()
    assert proc.stdin is not None and proc.stdout is not None
    try:
        _send(proc.stdin, (limits, fn, args))
        ok, value = _receive(proc.stdout)
    except (HelperDied, OSError):
        code = _discard(proc)
        why = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
        message = f"the process cleaning it died ({why}); skipped"
        return [Failure(ref.display, "", message) for ref in refs]
    if not ok:
        raise value
    result: list[Event] = value
    return result


def _serve() -> None:
    """The helper's loop: read a task, run it, answer; until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    local._in_worker = True
    limited = False
    while True:
        try:
            limits, fn, args = _receive(requests)
        except HelperDied:
            return
        if not limited:
            config = next((a for a in args if isinstance(a, local.WorkerConfig)), None)
            if config is not None and config.per_article is not None:
                local.warm_up(config.per_article)  # first-use loading: not a document's time
            limit_memory(limits.max_memory)
            limited = True
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:
            answer = (False, exc)
        _send(answers, answer)


if __name__ == "__main__":
    _serve()
