"""Finding inputs: files, directories (walked recursively), ``-`` and ``--files-from`` lists.

Each input gets an ``InputRef``: where to read it, how to name it in messages and
``meta.source``, and its output name relative to ``-o DIR`` (without extension). Inputs are
yielded lazily and in a stable order (directory entries sorted by name), so memory does not
grow with the number of files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from newsclean.read.sniff import EXTENSIONS, strip_gz

STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input. ``path`` is None for stdin; ``rel`` is its output name under ``-o DIR``."""

    path: str | None
    display: str
    rel: str


@dataclass(frozen=True, slots=True)
class WalkError:
    """An input that cannot even be listed (missing, unreadable directory, symlink loop)."""

    display: str
    message: str


def output_stem(name: str) -> str:
    """``sub/a.html.gz`` -> ``sub/a``: the name an output gets before its new extension."""
    inner = strip_gz(name)
    stem, suffix = os.path.splitext(inner)
    if EXTENSIONS.get(suffix.lower()) == "warc":
        # A web archive's folder keeps its whole name: a.warc, a.warc.gz and a.arc are
        # three crawls, not one.
        return name
    return stem if suffix.lower() in EXTENSIONS else inner


def is_candidate(name: str) -> bool:
    """Files a directory walk picks up: known input extensions (optionally ``.gz``), not hidden."""
    return not name.startswith(".") and os.path.splitext(strip_gz(name))[1].lower() in EXTENSIONS


def _walk(root: str, exclude: Collection[str]) -> Iterator[InputRef | WalkError]:
    # Depth-first with an explicit stack; (device, inode) of the directories on the current
    # path guard against symlink loops.
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [(root, "", frozenset())]
    while stack:
        directory, rel_dir, seen = stack.pop()
        try:
            st = os.stat(directory)
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield WalkError(directory, "symlink loop, skipped")
                continue
            real = os.path.realpath(directory) if exclude else ""
            if real in exclude:
                continue  # our own output directory inside the input tree
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield WalkError(directory, exc.strerror or str(exc))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith(".") or (
                exclude and os.path.join(real, entry.name) in exclude
            ):
                continue  # hidden, or a file this run writes (-o FILE, --report)
            path = os.path.join(directory, entry.name)
            rel = f"{rel_dir}{entry.name}"
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                subdirs.append((path, rel + "/", seen | {key}))
            elif is_file and is_candidate(entry.name):
                yield InputRef(path, path, output_stem(rel))
            elif is_candidate(entry.name):
                yield WalkError(path, _not_read(path))
        stack.extend(reversed(subdirs))


def _not_read(path: str) -> str:
    """Why an entry of a tree that is named like an input is neither a file nor a directory.

    A pipe or a device is never opened from a walk: reading it could block the run forever
    or never end (``/dev/zero``). Named on the command line, it is read like a file.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return "broken symlink, skipped"
    except OSError as exc:
        return f"{exc.strerror or exc}, skipped"
    return "not a regular file (a pipe, device or socket), skipped"


def _relative_for_list(path: str) -> str:
    # Paths from --files-from keep their directories (like rsync --relative): "./a/b.html"
    # -> "a/b"; absolute paths lose their anchor; ".." falls back to the file name.
    pure = PurePath(path)
    parts = [p for p in pure.parts if p not in (pure.anchor, ".")]
    if not parts or ".." in parts:
        return output_stem(pure.name)
    return output_stem("/".join(parts))


def expand(
    paths: Iterable[str], *, exclude: Collection[str] = (), from_list: bool = False
) -> Iterator[InputRef | WalkError]:
    """Turn command-line paths into inputs: ``-`` is stdin, directories are walked.

    ``exclude``: real paths (``os.path.realpath``) of what this run writes, the output
    directory or file and its reports; a walk never reads them as inputs. A path named on
    the command line is always read.
    """
    for path in paths:
        if path == STDIN:
            yield InputRef(None, STDIN, "stdin")
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            if os.path.islink(path):
                yield WalkError(path, "broken symlink")
            else:
                yield WalkError(path, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, exclude)
        else:
            rel = _relative_for_list(path) if from_list else output_stem(PurePath(path).name)
            yield InputRef(path, path, rel)


def read_list(stream: BinaryIO, *, null: bool) -> Iterator[str]:
    """Paths from a ``--files-from`` list: one per line, or NUL-separated with ``-0``.

    Read in chunks, so a list of a million paths is never held in memory at once.
    """
    sep = b"\0" if null else b"\n"
    pending = b""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        pending += chunk
        *items, pending = pending.split(sep)
        yield from _list_items(items, null)
    yield from _list_items([pending], null)


def _list_items(items: list[bytes], null: bool) -> Iterator[str]:
    for raw in items:
        if not null:
            raw = raw.rstrip(b"\r")
        if raw.strip():
            yield os.fsdecode(raw)
