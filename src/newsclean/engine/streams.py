"""The process's standard streams, as the commands read and write them.

click's ``get_binary_stream`` and ``get_text_stream`` are deprecated from Click 8.5 and go
in 9.0. These look ``sys.stdin``/``sys.stdout`` up at call time, so click's test runner,
which swaps them, still gets its own streams.
"""

from __future__ import annotations

import sys
from typing import BinaryIO, Literal, TextIO, cast


def binary(name: Literal["stdin", "stdout"]) -> BinaryIO:
    """The bytes underneath ``sys.stdin`` or ``sys.stdout``."""
    stream = getattr(sys, name)
    return cast(BinaryIO, getattr(stream, "buffer", stream))


def text(name: Literal["stdin", "stdout"]) -> TextIO:
    """``sys.stdin`` or ``sys.stdout`` as text."""
    return cast(TextIO, getattr(sys, name))


def stdin_is_terminal() -> bool:
    """True when stdin is a terminal (nothing piped in); False when it is closed."""
    stdin = sys.stdin
    return stdin is not None and stdin.isatty()


def stdout_is_terminal() -> bool:
    """True when stdout is a terminal (not a file or a pipe): what we print there is
    neutralised (see ``newsclean.text.terminal``)."""
    stdout = sys.stdout
    try:
        return stdout is not None and stdout.isatty()
    except ValueError:  # closed
        return False
