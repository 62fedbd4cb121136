"""The one stderr console and a tiny logger: data goes to stdout, everything else here.

Messages are written as plain lines (never through rich markup: article text may contain
``[...]``), so one failure is always exactly one line, whatever the terminal width.

With ``--log-format json`` (cron, log shippers) every message is instead one JSON object
on one line: ``{"event": "error", "message": ...}``; ``event()`` adds structured records
(start, file, summary) that only exist in that mode.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import click

from newsclean.text.terminal import inert_line

if TYPE_CHECKING:
    from rich.console import Console

#: Verbosity: 0 = quiet (errors only), 1 = normal, 2 = verbose (tracebacks, details).
_level = 1
#: "text" (human lines) or "json" (one JSON object per event).
_format = "text"


#: While a progress bar is live, lines go through it (printed above the bar).
_live: Callable[[str], None] | None = None


def set_live(printer: Callable[[str], None] | None) -> None:
    """Route stderr lines through ``printer`` (a live progress bar), or back (None)."""
    global _live
    _live = printer


def _echo(line: str) -> None:
    if _live is not None:
        _live(line)
    else:
        click.echo(line, err=True)


def set_log_format(name: str) -> None:
    """``text`` (default) or ``json``."""
    global _format
    _format = name


def log_format() -> str:
    return _format


def json_mode() -> bool:
    return _format == "json"


def event(name: str, **fields: object) -> None:
    """One structured record on stderr (json log format only; quiet hides all but errors)."""
    if _format != "json" or _level < 1:
        return
    record = {"event": name, **fields}
    _echo(json.dumps(record, ensure_ascii=False, default=str))


def set_verbosity(level: int) -> None:
    """Set how much goes to stderr (0 quiet, 1 normal, 2 verbose)."""
    global _level
    _level = level


def verbosity() -> int:
    return _level


@cache
def get_console() -> Console:
    """The stderr rich Console (progress bars, tables); honours NO_COLOR and TERM=dumb."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def stderr_is_terminal() -> bool:
    """``get_console().is_terminal``, without importing rich when the answer is plainly no
    (stderr is no terminal and neither ``TTY_COMPATIBLE`` nor ``FORCE_COLOR`` is set, when
    rich says no too): rich costs ~25 ms of a start, and most runs write to a pipe."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return get_console().is_terminal
    try:
        if not sys.stderr.isatty():
            return False
    except (AttributeError, ValueError):  # no isatty, or closed: rich says no as well
        return False
    return get_console().is_terminal


def one_line(text: str) -> str:
    """``text`` on one line and inert: CR/LF shown as ``\\r \\n``, controls made visible."""
    return _line(text)


def _line(text: str) -> str:
    # One event, one line: a file name with a newline in it must not split the message, and
    # an escape sequence in it must not reach the terminal (the shared neutraliser).
    return inert_line(text)


def _emit(kind: str, text: str) -> None:
    if _format == "json":
        _echo(json.dumps({"event": kind, "message": text}, ensure_ascii=False))
    elif kind == "info":
        _echo(f"newsclean: {_line(text)}")
    else:
        _echo(f"newsclean: {kind}: {_line(text)}")


def error(text: str) -> None:
    """A failure (always shown)."""
    _emit("error", text)


def warn(text: str) -> None:
    """Something the user should know about (hidden by ``-q``)."""
    if _level >= 1:
        _emit("warning", text)


def note(text: str) -> None:
    """A normal-verbosity message, e.g. the end-of-run summary line (hidden by ``-q``)."""
    if _level >= 1:
        _emit("info", text)


def info(text: str) -> None:
    """Progress chatter (shown only with ``-v``)."""
    if _level >= 2:
        _emit("info", text)


def traceback_text(text: str) -> None:
    """A traceback (only with ``-v``)."""
    if _level >= 2:
        sys.stderr.flush()
        click.echo(text.rstrip("\n"), err=True)
