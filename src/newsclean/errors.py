"""Exceptions that carry a user-facing, one-line message (and what to do next).

The CLI prints ``str(error)`` as one line on stderr; tracebacks only with ``-v``.
"""

from __future__ import annotations

import errno


class NewscleanError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` what to try next."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InputError(NewscleanError):
    """One input (or one record of it) could not be read; the others go on."""


class EmptyInputError(InputError):
    """The input holds nothing but whitespace (an error for a file; stdin may be empty)."""


class DecodeError(InputError):
    """The bytes could not be decoded as text without guessing wrongly."""


class FormatError(InputError):
    """The content is not valid for its format (bad JSON, not an object, ...)."""


class OutputError(NewscleanError):
    """An output could not be written (name collision, disk full, permissions).

    ``stops_run``: every later output would fail the same way (a full disk, a read-only
    file system), so a batch stops at the first one instead of reporting each file.
    """

    def __init__(self, message: str, hint: str = "", *, stops_run: bool = False) -> None:
        super().__init__(message, hint)
        self.stops_run = stops_run


#: What to do when the output's file system refuses every write, by errno.
_RUN_WIDE = {
    errno.ENOSPC: "stopped, as every later output would fail too: free some space and rerun "
    "the same command",
    errno.EDQUOT: "stopped, as every later output would fail too: the disk quota is used up; "
    "free some space and rerun the same command",
    errno.EROFS: "stopped: the output is on a read-only file system; choose another output",
}
_RESUME = " (with --skip-existing, what was written is kept)"


def run_wide_hint(exc: OSError, *, resumable: bool = True) -> str:
    """What to do when ``exc`` means no output can be written at all (disk full, quota,
    read-only file system); empty for an error of one file. ``resumable``: the outputs are
    files that ``--skip-existing`` would keep (not standard output)."""
    hint = _RUN_WIDE.get(exc.errno or 0, "")
    if hint and resumable and exc.errno != errno.EROFS:
        hint += _RESUME
    return hint


def output_error(target: object, exc: OSError, *, resumable: bool = True) -> OutputError:
    """The error for writing ``target`` failing with ``exc``; one that no other output
    would escape (disk full, quota, read-only file system) stops the run."""
    hint = run_wide_hint(exc, resumable=resumable)
    return OutputError(f"cannot write {target}: {exc.strerror or exc}", hint, stops_run=bool(hint))


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, a service manager) reached the command line: it stops
    the run the way Ctrl-C does, cleaning up, and exits with 143."""


class UsageError(NewscleanError):
    """Options that make no sense together (exit code 2)."""
