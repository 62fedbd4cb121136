"""The one stderr console and a tiny logger: data goes to stdout, everything else here.

Messages are written as plain lines (never through rich markup: article text may contain
``[...]``), so one failure is always exactly one line, whatever the terminal width.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

#: Verbosity: 0 = quiet (errors only), 1 = normal, 2 = verbose (tracebacks, details).
_level = 1


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


def _line(text: str) -> str:
    # One event, one line: a file name with a newline in it must not split the message.
    return text.replace("\r", "\\r").replace("\n", "\\n")


def error(text: str) -> None:
    """A failure (always shown)."""
    click.echo(f"newsclean: error: {_line(text)}", err=True)


def warn(text: str) -> None:
    """Something the user should know about (hidden by ``-q``)."""
    if _level >= 1:
        click.echo(f"newsclean: warning: {_line(text)}", err=True)


def info(text: str) -> None:
    """Progress chatter (shown only with ``-v``)."""
    if _level >= 2:
        click.echo(f"newsclean: {_line(text)}", err=True)


def traceback_text(text: str) -> None:
    """A traceback (only with ``-v``)."""
    if _level >= 2:
        sys.stderr.flush()
        click.echo(text.rstrip("\n"), err=True)
