"""Reading from a pipe without waiting for it to fill: records flow as they arrive.

``slow-scraper | newsclean clean --to jsonl`` should print each record soon after it comes
in, not after 64 KB or the end of the input. A regular file is always read in full-sized
blocks; a pipe, socket or terminal is read as far as it has data now, and ``idle`` tells
when it has nothing more for the moment (POSIX ``select``; elsewhere streams are read as
files are).
"""

from __future__ import annotations

import os
import select
import stat
import sys
from collections.abc import Callable
from typing import BinaryIO

#: How long an input may be silent before what has arrived is processed (seconds). Short
#: enough to feel immediate; long enough that a producer writing record by record at speed
#: still fills whole chunks.
IDLE_SECONDS = 0.05


def live_fd(stream: BinaryIO) -> int | None:
    """The descriptor of ``stream`` if it is a pipe, socket or terminal that ``select``
    can watch; None for regular files, in-memory streams and gzip readers."""
    if sys.platform == "win32":  # select() there takes sockets only
        return None
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (AttributeError, OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else fd


def idle_check(fd: int) -> Callable[[], bool]:
    """A test that is true when ``fd`` has had nothing to read for ``IDLE_SECONDS``."""

    def idle() -> bool:
        try:
            ready, _, _ = select.select([fd], [], [], IDLE_SECONDS)
        except (OSError, ValueError):
            return False
        return not ready

    return idle


def read_head(stream: BinaryIO, size: int, enough: Callable[[bytes], bool]) -> tuple[bytes, bool]:
    """Up to ``size`` bytes and whether the input ended within them.

    From a live stream, reading stops early once ``enough(head)`` holds and the stream is
    idle: the head then has what has arrived, not ``size`` bytes.
    """
    fd = live_fd(stream)
    read1 = getattr(stream, "read1", None)
    if fd is None or read1 is None:
        head = stream.read(size)
        return head, len(head) < size
    idle = idle_check(fd)
    head = b""
    while len(head) < size:
        chunk = read1(size - len(head))
        if not chunk:
            return head, True
        head += chunk
        if enough(head) and idle():
            break
    return head, False
