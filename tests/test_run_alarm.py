"""The run-wide time-limit alarm (``engine.limits.alarm_for_run``, ``enter``/``leave``): one
SIGALRM handler for a run, each document still gets exactly its own ``--doc-timeout``.

Small limits keep this fast; the only timings asserted are generous hang guards, and every
document's duration is measured on the monotonic clock the alarm itself uses.
"""

from __future__ import annotations

import signal
import time

import pytest

from newsclean.engine import limits
from newsclean.engine.limits import DocTimeout, Limits

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _document(lim: Limits, seconds: float) -> None:
    assert limits.enter(lim, in_worker=False)
    try:
        _busy(seconds)
    finally:
        limits.leave()


def test_a_document_past_the_limit_fails_and_the_next_one_runs() -> None:
    lim = Limits(doc_timeout=0.3)
    with limits.alarm_for_run(0.3):
        _document(lim, 0.01)
        started = time.monotonic()
        with pytest.raises(DocTimeout, match=r"exceeded the time limit \(0.3 s"):
            _document(lim, 30.0)
        assert time.monotonic() - started < 20  # hang guard
        _document(lim, 0.01)  # its own time again: no alarm left over from the last one


def test_a_later_document_gets_its_whole_time() -> None:
    # The timer is armed by the first document and not re-armed by the second: when it fires
    # 0.5 s after the first started, the second has run only ~0.1 s of its 0.5 s.
    lim = Limits(doc_timeout=0.5)
    with limits.alarm_for_run(0.5):
        _document(lim, 0.0)
        time.sleep(0.4)  # between documents (the timer is still armed)
        _document(lim, 0.3)  # no DocTimeout: 0.3 s < 0.5 s of its own


def test_a_swallowed_timeout_fires_again() -> None:
    lim = Limits(doc_timeout=0.2)
    fired = 0
    with limits.alarm_for_run(0.2):
        assert limits.enter(lim, in_worker=False)
        try:
            with pytest.raises(DocTimeout):
                end = time.monotonic() + 30
                while time.monotonic() < end:
                    try:
                        _busy(30.0)
                    except DocTimeout:
                        fired += 1  # a step's own "except Exception" swallowing it
                        if fired == 1:
                            continue
                        raise
        finally:
            limits.leave()
    assert fired == 2


def test_the_callers_handler_and_timer_come_back() -> None:
    seen: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: seen.append(s))
    try:
        with limits.alarm_for_run(0.3):
            _document(Limits(doc_timeout=0.3), 0.01)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        signal.raise_signal(signal.SIGALRM)
        assert seen == [signal.SIGALRM]
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_without_the_runs_alarm_documents_use_their_own() -> None:
    # Another limit, a memory cap to set around the document here, or no run alarm: enter()
    # declines and the caller falls back to limits.document().
    assert not limits.enter(Limits(doc_timeout=0.3), in_worker=False)
    with limits.alarm_for_run(0.3):
        assert not limits.enter(Limits(doc_timeout=0.7), in_worker=False)
        assert not limits.enter(Limits(doc_timeout=0.3, max_memory=1 << 30), in_worker=False)
        assert limits.enter(Limits(doc_timeout=0.3, max_memory=1 << 30), in_worker=True)
        limits.leave()
    assert limits.enter(Limits(doc_timeout=0), in_worker=False)  # no limit: nothing to arm
    limits.leave()


def test_a_handler_python_did_not_set_does_not_leave_the_runs_handler_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # signal.signal returns None for a handler C code installed: the run must still take
    # its own handler back off and forget its limit afterwards
    real = limits._raw
    calls: list[object] = []

    class _CSet:
        SIGALRM, ITIMER_REAL, SIG_DFL = real.SIGALRM, real.ITIMER_REAL, real.SIG_DFL
        setitimer = staticmethod(real.setitimer)

        @staticmethod
        def signal(sig: int, handler: object) -> object:
            calls.append(handler)
            previous = real.signal(sig, handler)
            return None if len(calls) == 1 else previous

    before = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(limits, "_raw", _CSet)
    try:
        with limits.alarm_for_run(0.5):
            assert limits.enter(Limits(doc_timeout=0.5), in_worker=False)
            limits.leave()
        assert calls[-1] is real.SIG_DFL  # the run's handler is gone
        assert limits._run_seconds == 0.0  # and the next run installs its own
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL if before is None else before)
