"""Input paths of a run: local paths, quoted globs, or fsspec URLs, as ``InputRef``s.

Local paths go through :func:`newsclean.read.walk.expand`, so every input gets the same
``display`` (``meta.source``) and output name (``rel``) as in a local ``newsclean clean`` run.
URLs (``s3://bucket/dir``, ``gcs://…``, ``memory://…``, ``file:///…``) are listed with fsspec
the same way a directory is walked: sorted by name, hidden names skipped, only known input
extensions; the ``display`` of a URL input is the full URL.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Collection, Iterable, Iterator

from newsclean.read.walk import STDIN, InputRef, WalkError, expand, is_candidate, output_stem

_MAGIC = ("*", "?", "[")


def is_url(path: str) -> bool:
    """``s3://…``-style paths (read with fsspec on the workers)."""
    head, sep, _ = path.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").isalnum()


def local_path(url: str) -> str | None:
    """The local path a ``file://`` URL (or a plain path) points at; None for remote URLs."""
    if url.startswith("file://"):
        return url[len("file://") :]
    return None if is_url(url) else url


def expand_inputs(
    inputs: Iterable[str], *, exclude: Collection[str] = (), from_list: bool = False
) -> Iterator[InputRef | WalkError]:
    """Every input file, in the order a local run would process them (``from_list``: paths
    from ``--files-from``, which keep their directories in output names)."""
    for item in inputs:
        if item == STDIN:
            yield from expand([item])  # only the local engine reads it (Dask refuses stdin)
        elif is_url(item):
            yield from _expand_url(item)
        elif not from_list and any(ch in item for ch in _MAGIC) and not os.path.exists(item):
            # A glob the shell did not expand (quoted): expand it as a shell would, sorted.
            matches = sorted(glob.glob(item))
            if not matches:
                yield WalkError(item, "no file matches this pattern")
            yield from expand(matches, exclude=exclude)
        else:
            yield from expand([item], exclude=exclude, from_list=from_list)


def _expand_url(url: str) -> Iterator[InputRef | WalkError]:
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        if any(ch in path for ch in _MAGIC):
            found = sorted(p for p in fs.glob(path) if not fs.isdir(p))
            if not found:
                yield WalkError(url, "no file matches this pattern")
            for p in found:
                yield InputRef(
                    fs.unstrip_protocol(p), fs.unstrip_protocol(p), output_stem(_base(p))
                )
            return
        if fs.isdir(path):
            root = path.rstrip("/")
            for p in sorted(fs.find(root), key=lambda p: _walk_order(p[len(root) :])):
                rel = p[len(root) :].lstrip("/")
                if any(part.startswith(".") for part in rel.split("/")) or not is_candidate(
                    _base(rel)
                ):
                    continue
                yield InputRef(fs.unstrip_protocol(p), fs.unstrip_protocol(p), output_stem(rel))
            return
        if not fs.exists(path):
            yield WalkError(url, "No such file or directory")
            return
        yield InputRef(url, url, output_stem(_base(path)))
    except ImportError as exc:
        yield WalkError(url, f"no filesystem for this URL ({exc}); install its fsspec package")
    except Exception as exc:  # a missing bucket, bad credentials, an unknown protocol...
        yield WalkError(url, f"cannot list: {exc}")


def _walk_order(rel: str) -> tuple[tuple[int, str], ...]:
    # The local walk yields a directory's files (sorted) before its subdirectories (sorted).
    parts = rel.strip("/").split("/")
    return (*((1, d) for d in parts[:-1]), (0, parts[-1]))


def _base(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]
