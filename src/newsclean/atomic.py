"""Atomic file writes, the one implementation every output, report and index uses.

A file is written under a hidden temporary name in its target directory (``.NAME.PID`` +
:data:`TMP_TAG`, which the resume sweep recognises) and ``os.replace``d into place, so an
interrupted run never leaves a half-written file and a reader sees the old file or the new
one. ``fsync=True`` also flushes the data (and the directory entry) to the disk before and
after the rename: for files whose loss costs more than a rerun (the duplicate index).

- :func:`write_atomic`: one whole file from a string (the hot path of ``-o DIR``).
- :class:`AtomicFile`: a file written in pieces, then ``commit`` or ``abort``.
- :func:`replacing`: the same as a context manager, raising the plain ``OSError`` (for
  callers that word their own message).

The first two raise :class:`~newsclean.errors.OutputError` naming the file; a full disk is
an error that stops the run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsclean.errors import output_error

TMP_TAG = ".newsclean-tmp"
#: Characters errors="backslashreplace" protects us from: lone surrogates (from JSON input's
#: "\ud800" or undecodable file names) cannot be encoded as UTF-8. In JSON the result is a
#: valid escape again.
ENCODING_ERRORS = "backslashreplace"


#: The temporary files this process has open now. A worker whose parent was killed removes
#: them before it exits (:func:`remove_own_temporaries`): the resume sweep spares the names
#: of living processes, so a rerun started at once would otherwise leave them behind.
_OPEN: set[str] = set()


def tmp_name(path: Path) -> Path:
    """The temporary name ``path`` is written under by this process."""
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_TAG}")


@contextlib.contextmanager
def held(tmp: str) -> Iterator[None]:
    """Count ``tmp`` among this process's open temporary files while the block runs."""
    _OPEN.add(tmp)
    try:
        yield
    finally:
        _OPEN.discard(tmp)


def remove_own_temporaries() -> None:
    """Delete the temporary files this process is writing (it is about to exit unclean)."""
    for tmp in list(_OPEN):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _sync_dir(directory: str) -> None:
    # The rename itself is durable only once the directory is (POSIX); not every file
    # system lets a directory be opened or synced, and the data is safe already then.
    with contextlib.suppress(OSError):
        fd = os.open(directory or ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish(handle: BinaryIO, tmp: Path, path: Path, fsync: bool) -> None:
    """Close ``handle`` (written to ``tmp``) and rename it over ``path``; raises OSError."""
    if fsync:
        handle.flush()
        os.fsync(handle.fileno())
    handle.close()
    os.replace(tmp, path)
    if fsync:
        _sync_dir(os.path.dirname(os.fspath(path)))


class AtomicFile:
    """A file written under a temporary name and renamed into place on ``commit``."""

    def __init__(self, path: Path, *, fsync: bool = False) -> None:
        self.path = path
        self.tmp = tmp_name(path)
        self.fsync = fsync
        _OPEN.add(str(self.tmp))
        try:
            try:
                self.handle: BinaryIO = open(self.tmp, "wb")  # noqa: SIM115
            except FileNotFoundError:
                # Create the directory only when missing: one syscall saved per file.
                path.parent.mkdir(parents=True, exist_ok=True)
                self.handle = open(self.tmp, "wb")  # noqa: SIM115
        except OSError as exc:
            _OPEN.discard(str(self.tmp))
            raise output_error(path, exc) from None

    def commit(self) -> None:
        try:
            _publish(self.handle, self.tmp, self.path, self.fsync)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None
        _OPEN.discard(str(self.tmp))

    def abort(self) -> None:
        # Closing flushes what is buffered, which fails again on a full disk: the temporary
        # file goes all the same.
        with contextlib.suppress(OSError):
            self.handle.close()
        self.tmp.unlink(missing_ok=True)
        _OPEN.discard(str(self.tmp))


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], *, fsync: bool = False) -> Iterator[BinaryIO]:
    """Write ``path`` atomically through the handle yielded; on any error (raised as the
    plain ``OSError``, or from the block) the temporary file is removed and ``path`` is
    left as it was. The directory must exist."""
    target = Path(path)
    tmp = tmp_name(target)
    _OPEN.add(str(tmp))
    try:
        handle = open(tmp, "wb")  # noqa: SIM115
        try:
            yield handle
            _publish(handle, tmp, target, fsync)
        except BaseException:
            with contextlib.suppress(OSError):
                handle.close()
            tmp.unlink(missing_ok=True)
            raise
    finally:
        _OPEN.discard(str(tmp))


def write_atomic(path: Path | str, text: str, *, fsync: bool = False) -> None:
    """Write one whole file atomically.

    The hot path of ``-o DIR`` (once per output file): plain string paths and ``os``
    calls, no ``Path`` objects or buffered file, so the per-file cost stays close to the
    system calls a bare copy makes (open, write, close, rename).
    """
    target = os.fspath(path)
    directory, name = os.path.split(target)
    tmp = os.path.join(directory, f".{name}.{os.getpid()}{TMP_TAG}")
    data = text.encode("utf-8", ENCODING_ERRORS)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    _OPEN.add(tmp)
    try:
        _write_new(tmp, target, directory, data, flags, fsync)
    finally:
        _OPEN.discard(tmp)


def _write_new(tmp: str, target: str, directory: str, data: bytes, flags: int, fsync: bool) -> None:
    try:
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileNotFoundError:
            # Create the directory only when missing: one syscall saved per file.
            os.makedirs(directory or ".", exist_ok=True)
            fd = os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        if fsync:
            _sync_dir(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise output_error(target, exc) from None
