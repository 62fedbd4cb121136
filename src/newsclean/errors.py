"""Exceptions that carry a user-facing, one-line message (and what to do next).

The CLI prints ``str(error)`` as one line on stderr; tracebacks only with ``-v``.
"""

from __future__ import annotations


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
    """An output could not be written (name collision, disk full, permissions)."""


class UsageError(NewscleanError):
    """Options that make no sense together (exit code 2)."""
