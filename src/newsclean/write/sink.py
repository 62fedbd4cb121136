"""Where rendered articles go: stdout, one file (``-o FILE``) or a mirrored tree (``-o DIR``).

Every file is written atomically: into a hidden temporary name in the target directory,
then ``os.replace``d into place, so an interrupted run never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import time
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from newsclean import regex_cache
from newsclean.atomic import ENCODING_ERRORS, TMP_TAG, AtomicFile, held, write_atomic
from newsclean.atomic import tmp_name as _tmp_name
from newsclean.errors import OutputError, output_error
from newsclean.text.terminal import neutralise
from newsclean.write import EXTENSIONS, preamble

__all__ = ["ENCODING_ERRORS", "TMP_TAG", "AtomicFile", "write_atomic"]


class InputRef(Protocol):
    """What a sink needs to know of an input (``newsclean.read.walk.InputRef`` is one): the
    writers name outputs without depending on the readers."""

    @property
    def path(self) -> str | None: ...  # None: stdin

    @property
    def display(self) -> str: ...

    @property
    def rel(self) -> str: ...  # the output name under -o DIR, before its extension


class Sink(Protocol):
    """Receives rendered articles in output order."""

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...

    def exists(self, ref: InputRef) -> bool: ...


class RecordStream:
    """Joins articles into one stream: JSON array when there is more than one in ``json``."""

    def __init__(self, out: BinaryIO, fmt: str, *, flush: bool, empty_json: str = "") -> None:
        self.out = out
        self.fmt = fmt
        self.flush = flush
        self.count = 0
        self.first: str | None = None
        self.empty_json = empty_json

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8", ENCODING_ERRORS))
        if self.flush:
            self.out.flush()

    def add(self, text: str) -> None:
        self.count += 1
        if self.count == 1 and self.fmt == "csv":
            self._write(preamble(self.fmt))
        if self.fmt == "json":
            # One article -> one object; more -> an array. Hold the first until we know.
            if self.count == 1:
                self.first = text
                return
            if self.count == 2:
                assert self.first is not None
                self._write("[\n" + self.first.rstrip("\n"))
                self.first = None
            self._write(",\n" + text.rstrip("\n"))
        elif self.fmt in ("md", "txt") and self.count > 1:
            self._write("\n" + text)  # a blank line between articles
        else:
            self._write(text)

    def finish(self) -> None:
        if self.count == 0 and self.fmt == "csv":
            self._write(preamble(self.fmt))  # no rows: still a valid table, its header
        if self.fmt == "json":
            if self.count == 0 and self.empty_json:
                self._write(self.empty_json)
            elif self.count == 1 and self.first is not None:
                self._write(self.first)
            elif self.count > 1:
                self._write("\n]\n")
        self.out.flush()


# What a terminal would act on in JSON text: the JSON writer escapes C0 controls already,
# but C1 controls and bidi overrides/isolates are valid raw inside a JSON string.
_JSON_UNSAFE = regex_cache.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str, fmt: str) -> str:
    r"""Rendered ``text`` made safe to show on a terminal. Markdown and plain text go through
    the shared neutraliser; JSON gets ``\uXXXX`` escapes instead, so it stays the same JSON.

    >>> for_terminal('{"t": "a\u202eb"}', "json")
    '{"t": "a\\u202eb"}'
    >>> for_terminal("a\x1b[2J\u202eb", "txt")
    'a␛[2J⟨RLO⟩b'
    """
    if fmt in ("json", "jsonl"):
        return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return neutralise(text)


class StreamSink:
    """Everything to one binary stream (stdout). With ``terminal`` (stdout is a terminal)
    articles pass through :func:`for_terminal`; to a file or a pipe they stay byte-exact."""

    def __init__(self, out: BinaryIO, fmt: str, *, terminal: bool = False) -> None:
        # zero articles as JSON is "[]", as in a file: a reader of stdout gets valid JSON
        self._stream = RecordStream(out, fmt, flush=True, empty_json="[]\n")
        self._fmt = fmt
        self._terminal = terminal

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        if self._terminal:
            text = for_terminal(text, self._fmt)
        try:
            self._stream.add(text)
        except BrokenPipeError:
            raise  # the reader went away: the CLI ends quietly
        except OSError as exc:  # stdout redirected to a full disk, say
            raise output_error("standard output", exc, resumable=False) from None

    def close(self) -> None:
        try:
            self._stream.finish()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise output_error("standard output", exc, resumable=False) from None

    def abort(self) -> None:
        pass

    def exists(self, ref: InputRef) -> bool:
        return False


#: The hidden folder an input's record files are written into (``.NAME`` + this tag) before
#: it is renamed to ``NAME``; kept after an interruption so ``--skip-existing`` resumes it.
PARTIAL_TAG = ".newsclean-partial"


def partial_name(target: Path) -> Path:
    """Where the record files of the multi-record output ``target`` wait until it is whole.

    No process id in it (unlike :func:`~newsclean.atomic.tmp_name`): a later run must find
    it, and the output tree's lock keeps two runs from sharing it.
    """
    return target.with_name(f".{target.name}{PARTIAL_TAG}")


def write_record_file(path: str, data: bytes) -> None:
    """One record's file, written atomically (a file in a partial folder is complete: a
    resumed run keeps it as it is); raises OSError."""
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}{TMP_TAG}")
    with held(tmp):
        try:
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def record_file(index: int | None, name: str | None, fmt: str) -> str:
    """The file of one record inside its input's folder: the reader's ``name`` (a web
    archive's ``host/slug-hash``) or the record number, zero-padded."""
    return f"{name if name else f'{index or 0:04d}'}{EXTENSIONS[fmt]}"


class FileSink:
    """Everything into one file (``-o FILE``), replaced atomically at the end."""

    def __init__(self, path: str, fmt: str) -> None:
        self.path = Path(path)
        self.fmt = fmt
        self._file: AtomicFile | None = None
        self._stream: RecordStream | None = None

    def _open(self) -> RecordStream:
        if self._stream is None:
            self._file = AtomicFile(self.path)
            self._stream = RecordStream(self._file.handle, self.fmt, flush=False, empty_json="[]\n")
        return self._stream

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        try:
            self._open().add(text)
        except OSError as exc:
            raise output_error(self.path, exc) from None

    def close(self) -> None:
        stream = self._open()
        stream.finish()
        assert self._file is not None
        self._file.commit()

    def abort(self) -> None:
        if self._file is not None:
            self._file.abort()

    def exists(self, ref: InputRef) -> bool:
        return self.path.exists()


def _filesystem_now(root: str) -> int:
    """The start of a run on the clock file times use, for the collision check.

    File times come from the kernel's coarse clock (it ticks every few ms), so "written by
    this run" is only decidable if the run starts on a fresh tick: a probe file's time is
    the current tick, and we wait (at most a tick, a few ms) until the clock has moved past
    it. Every earlier file is then at most that tick, every file this run writes later.
    An output root that does not exist yet holds nothing older than this run (0).
    """
    if not os.path.isdir(root):
        return 0
    probe = os.path.join(root, f".clock.{os.getpid()}{TMP_TAG}")
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            tick = os.fstat(fd).st_mtime_ns
            for _ in range(100):
                time.sleep(0.001)
                os.utime(fd)
                if os.fstat(fd).st_mtime_ns > tick:
                    break
            return tick + 1
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError:
        return time.time_ns()  # an unwritable root: the first write fails anyway


def lock_exclusive(path: str) -> int | None:
    """Take the kernel's exclusive lock (``flock``) on ``path``, a directory or a file.

    Returns the descriptor that holds it (close it to let go; the kernel lets go anyway
    when the process dies, so a killed run never leaves a lock behind), or None where
    there are no such locks. Raises BlockingIOError if another process holds it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    except OSError:
        pass  # a file system without locks (some network mounts): go on unlocked
    return fd


class DirSink:
    """A tree mirroring the inputs under ``-o DIR``.

    One-article inputs -> ``DIR/<rel>.<ext>``. Multi-record inputs (JSON array, JSONL, CSV)
    -> ``DIR/<rel>/<record>.<ext>`` (record index zero-padded to 4 digits, as in
    ``meta.record``) in md/txt, or one ``DIR/<rel>.jsonl`` / ``.json`` array file.
    """

    def __init__(
        self, root: str, fmt: str, *, started_ns: int | None = None, resume: bool = False
    ) -> None:
        self.root = Path(root)
        #: ``--skip-existing``: the record files an interrupted run left in an input's
        #: partial folder are kept (see :meth:`prepare`).
        self.resume = resume
        #: Partial folders kept by :meth:`abort` (an interrupted run), for its message.
        self.kept: list[Path] = []
        self._root = os.fspath(root)
        self.fmt = fmt
        self.ext = EXTENSIONS[fmt]
        self.started_ns = _filesystem_now(self._root) if started_ns is None else started_ns
        self._current: InputRef | None = None
        self._failed: InputRef | None = None
        self._prepared: dict[InputRef, tuple[Path, Path]] = {}
        self._file: AtomicFile | None = None
        self._stream: RecordStream | None = None
        self._tmpdir: Path | None = None
        self._target_dir: Path | None = None
        self._lock_fd: int | None = None
        self._real_root: str | None = None
        self._inside: set[str] = set()  # directories already found to lie under the root

    def lock(self) -> None:
        """Hold the output tree for this run (released by ``close``/``abort``).

        A second run writing the same tree at the same time (overlapping cron jobs) would
        take the first one's fresh outputs for name collisions, and the two would race on
        every file: it stops at once with one clear error instead.
        """
        try:
            self._lock_fd = lock_exclusive(self._root)
        except BlockingIOError:
            raise OutputError(
                f"another newsclean run is writing to {self._root}",
                "wait for it to finish, or choose another -o",
            ) from None

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def create_root(self) -> None:
        """Create ``-o DIR`` up front: a root that cannot be made (a file in its path, no
        permission) is one error for the run, not one per input."""
        try:
            os.makedirs(self._root, exist_ok=True)
        except FileExistsError:
            raise OutputError(
                f"the output {self._root} exists and is not a directory", "choose another -o"
            ) from None
        except OSError as exc:
            raise OutputError(
                f"cannot create the output directory {self._root}: {exc.strerror or exc}",
                "choose another -o",
            ) from None

    def prepare(self, ref: InputRef) -> str | None:
        """A temporary directory where workers write ``ref``'s record files (md/txt only).

        The directory (``.NAME.newsclean-partial``) is renamed into place when the output
        moves past ``ref`` (``touch`` with another input, or ``close``); if no record of
        ``ref`` ever arrives it is removed. An interrupted run keeps it (``abort``); with
        ``resume`` the next run writes into it again, and workers keep the record files
        already there (per-record resume); without, it is emptied first.
        """
        if self.fmt not in ("md", "txt"):
            return None
        target = self.target(ref, True)
        self._check_inside(target)
        self._check_collision(target, ref)
        tmpdir = partial_name(target)
        # Known before it exists: a Ctrl-C landing right after mkdir must not leave it behind
        # (``abort`` removes what is known; seen under load, issue 19).
        self._prepared[ref] = (tmpdir, target)
        try:
            if tmpdir.is_symlink():
                tmpdir.unlink()  # never written through: it could lead outside the tree
            elif self.resume and tmpdir.is_dir():
                _drop_links(tmpdir)
            else:
                shutil.rmtree(tmpdir, ignore_errors=True)
            tmpdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            del self._prepared[ref]
            raise output_error(target, exc) from None
        return str(tmpdir)

    def touch(self, ref: InputRef) -> None:
        """An article of ``ref`` was written by a worker: keep the output order's state."""
        if ref == self._current:
            return
        self._finish_current()
        self._current = ref
        if ref not in self._prepared:
            return  # a whole-file input (inputs prepared later are still being planned)
        # Prepared inputs before this one got no article at all: nothing to publish.
        # Each directory stays known (to ``abort``) until it is handed on or removed.
        while self._prepared:
            first = next(iter(self._prepared))
            tmpdir, target = self._prepared[first]
            if first == ref:
                self._tmpdir, self._target_dir = tmpdir, target
                del self._prepared[first]
                return
            shutil.rmtree(tmpdir, ignore_errors=True)
            del self._prepared[first]

    def target(self, ref: InputRef, multi: bool) -> Path:
        if multi and self.fmt in ("md", "txt"):
            return self.root / ref.rel
        return self.root / (ref.rel + self.ext)

    def exists(self, ref: InputRef) -> bool:
        return (self.root / (ref.rel + self.ext)).exists() or (self.root / ref.rel).is_dir()

    def _check_inside(self, path: Path | str) -> None:
        """Refuse an output that a symbolic link inside ``-o DIR`` would send elsewhere.

        The inputs' tree is mirrored under the root; a link left in the output tree
        (``out/sub -> /elsewhere``) would otherwise have us write, and replace files,
        outside it. The directory of ``path`` must resolve under the root (the root itself
        may be a link: the user named it). A link in place of an
        output file is harmless: the atomic rename replaces the link, not what it names.
        """
        parent = os.path.dirname(os.fspath(path))
        if parent in self._inside:
            return
        if self._real_root is None:
            self._real_root = os.path.realpath(self._root)
        # realpath resolves the part that exists and keeps the rest as written: a link on
        # the way is followed, a directory still to be made (the root too) is taken as is
        real = os.path.realpath(parent or ".")
        if real != self._real_root and not real.startswith(self._real_root.rstrip(os.sep) + os.sep):
            raise OutputError(
                f"output {path} would be written through a symbolic link to {real}, "
                f"outside {self._root}; not written",
                "remove the link from the output tree, or choose another -o",
            )
        self._inside.add(parent)

    def _check_collision(self, path: Path | str, ref: InputRef) -> None:
        # An output newer than the start of this run was written by this run: two inputs
        # map to one name (a.html and a.txt -> a.md). Checking the file's time costs no
        # memory per input, unlike remembering every name written.
        try:
            if os.stat(path).st_mtime_ns >= self.started_ns:
                raise OutputError(
                    f"output {path} was already written by this run from another input",
                    "rename one of the inputs or export them separately",
                )
        except FileNotFoundError:
            pass

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        if ref == self._failed:
            return  # its one error line was already reported; the rest of it is dropped
        if ref != self._current:
            self._finish_current()
            if multi:
                self._begin_or_fail(ref)
            self._current = ref
        try:
            if not multi:
                path = os.path.join(self._root, ref.rel + self.ext)
                self._check_inside(path)
                self._check_collision(path, ref)
                write_atomic(path, preamble(self.fmt) + text)
            elif self._tmpdir is not None:
                path_in = self._tmpdir / record_file(index, name, self.fmt)
                if name is not None:
                    path_in.parent.mkdir(parents=True, exist_ok=True)
                path_in.write_bytes(text.encode("utf-8", ENCODING_ERRORS))
            else:
                assert self._stream is not None
                self._stream.add(text)
        except OSError as exc:
            self._fail(ref)
            target = self.target(ref, multi)
            raise output_error(target, exc) from None
        except OutputError:
            if multi:
                self._fail(ref)
            raise

    def _begin_or_fail(self, ref: InputRef) -> None:
        try:
            self._begin_multi(ref)
        except OutputError:
            self._fail(ref)
            raise

    def _fail(self, ref: InputRef) -> None:
        self.abort()
        self._failed = ref
        self._current = None

    def _begin_multi(self, ref: InputRef) -> None:
        target = self.target(ref, True)
        self._check_inside(target)
        self._check_collision(target, ref)
        if self.fmt in ("md", "txt"):
            self._target_dir = target
            self._tmpdir = _tmp_name(target)
            try:
                shutil.rmtree(self._tmpdir, ignore_errors=True)
                self._tmpdir.mkdir(parents=True)
            except OSError as exc:
                self._tmpdir = None
                raise output_error(target, exc) from None
        else:
            self._file = AtomicFile(target)
            self._stream = RecordStream(self._file.handle, self.fmt, flush=False, empty_json="[]\n")

    def _finish_current(self) -> None:
        try:
            if self._stream is not None and self._file is not None:
                self._stream.finish()
                self._file.commit()
            elif self._tmpdir is not None and self._target_dir is not None:
                _replace_dir(self._tmpdir, self._target_dir)
        except OSError as exc:
            raise output_error(self._target_dir, exc) from None
        finally:
            self._file = None
            self._stream = None
            self._tmpdir = None
            self._target_dir = None
            self._current = None

    def close(self) -> None:
        try:
            self._finish_current()
            self._drop_prepared()
        finally:
            self._unlock()

    def _drop_prepared(self) -> None:
        for tmpdir, _ in self._prepared.values():
            shutil.rmtree(tmpdir, ignore_errors=True)
        self._prepared.clear()

    def abort(self) -> None:
        """Stop (an interruption, an error): nothing half-written is left in the tree. The
        partial folders of prepared inputs keep the record files workers finished (each
        whole, hidden), for ``--skip-existing`` to resume; empty ones are removed."""
        self._unlock()
        for tmpdir, _ in self._prepared.values():
            self._keep_partial(tmpdir)
        self._prepared.clear()
        if self._file is not None:
            self._file.abort()
        if self._tmpdir is not None:
            if self._tmpdir.name.endswith(PARTIAL_TAG):
                self._keep_partial(self._tmpdir)
            else:
                shutil.rmtree(self._tmpdir, ignore_errors=True)
        self._file = self._stream = None
        self._tmpdir = None
        self._target_dir = None

    def _keep_partial(self, tmpdir: Path) -> None:
        try:
            with os.scandir(tmpdir) as entries:
                if any(True for _ in entries):
                    self.kept.append(tmpdir)
                    return
        except OSError:
            return
        shutil.rmtree(tmpdir, ignore_errors=True)


_TMP_NAME = regex_cache.compile(r"^\..*\.(\d+)(?:\.old)?" + re.escape(TMP_TAG) + "$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def sweep_stale(root: str) -> int:
    """Remove temporary files/directories a killed run left under ``root``; returns how many.

    A temporary name carries the writing process's id; names of processes still alive (a
    concurrent run) are left alone.
    """
    removed = 0
    for directory, dirs, files in os.walk(root):
        for name in [*files, *dirs]:
            match = _TMP_NAME.match(name)
            if match is None or _alive(int(match.group(1))):
                continue
            path = os.path.join(directory, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
                dirs.remove(name)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            removed += 1
    return removed


def _drop_links(root: Path) -> None:
    """Remove every symbolic link under ``root`` (a partial folder about to be written into
    again): workers never write through a link, nor keep one as a finished record."""
    for directory, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                os.unlink(path)
                if name in dirs:
                    dirs.remove(name)


def _replace_dir(new: Path, target: Path) -> None:
    # A directory cannot be os.replace'd over a non-empty one: move the old one aside first,
    # so at every moment the target is either the complete old or the complete new tree.
    if target.exists():
        old = target.with_name(f".{target.name}.{os.getpid()}.old{TMP_TAG}")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)


def _is_archive(path: str) -> bool:
    """A WARC/ARC/WET file, by name or by its first bytes."""
    from newsclean.read.archive import archive_stream
    from newsclean.read.decode import open_binary
    from newsclean.read.sniff import from_name

    if from_name(path) == "warc":
        return True
    try:
        with open_binary(path) as stream:
            return archive_stream(stream, forced=False) is not None
    except OSError:
        return False


class InPlaceSink:
    """``--in-place``: each input file is replaced by its cleaned articles, same name.

    The articles of one input are written (in the chosen format, joined as ``-o FILE``
    joins them) to a temporary file next to it; when the output moves on to the next input,
    the original is copied to ``<name><suffix>`` (with a backup suffix) and the temporary
    file replaces it. An input with any failed record is left untouched: replacing it would
    lose that record.

    Two refusals keep it safe on a collection written by strangers: an input that is a
    symbolic link is not rewritten (replacing the link by a file would leave the file it
    names as it was, and writing through it could reach anywhere); and an existing backup
    is never overwritten: it holds the older text (the original, after a second run).
    """

    def __init__(self, fmt: str, backup_suffix: str = "") -> None:
        self.fmt = fmt
        self.suffix = backup_suffix
        self._ref: InputRef | None = None
        self._file: AtomicFile | None = None
        self._gzip: gzip.GzipFile | None = None
        self._stream: RecordStream | None = None
        self._failed: str | None = None

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        if ref.display == self._failed:
            return
        if ref != self._ref:
            self._finish()
            if ref.path is None:
                raise OutputError("--in-place needs input files, not stdin")
            if os.path.islink(ref.path):
                self._failed = ref.display
                raise OutputError(
                    "a symbolic link: --in-place leaves links and what they name alone",
                    "clean the file it points to by its own path, or write to -o DIR",
                )
            if _is_archive(ref.path):
                # Replacing a crawl's only copy with its articles would lose the archive.
                self._failed = ref.display
                raise OutputError(
                    f"--in-place never rewrites a web archive ({ref.path})",
                    "write its articles with -o DIR instead",
                )
            self._ref = ref
            self._file = AtomicFile(Path(ref.path))
            out: BinaryIO = self._file.handle
            if ref.path.lower().endswith(".gz"):
                # A .gz input stays a gzip file (mtime 0 and no name in the header: the same
                # text gives the same bytes).
                self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0)
                out = cast(BinaryIO, self._gzip)
            self._stream = RecordStream(out, self.fmt, flush=False, empty_json="[]\n")
        assert self._stream is not None
        try:
            self._stream.add(text)
        except OSError as exc:
            self.failed(ref.display)
            raise output_error(ref.path, exc) from None

    def failed(self, display: str) -> None:
        """An article of input ``display`` failed: keep that input as it is."""
        self._failed = display
        if self._ref is not None and self._ref.display == display:
            self.abort()

    def _finish(self) -> None:
        ref, file, stream, gz = self._ref, self._file, self._stream, self._gzip
        self._ref = self._file = self._stream = self._gzip = None
        if ref is None or file is None or stream is None or ref.path is None:
            return
        try:
            stream.finish()
            if gz is not None:
                gz.close()  # writes the gzip trailer; the file itself stays open
            file.handle.flush()
            with contextlib.suppress(OSError):
                shutil.copymode(ref.path, file.tmp)
            backup = Path(ref.path + self.suffix)
            # an existing backup (or anything by that name) holds older text: kept
            if self.suffix and not os.path.lexists(backup):
                tmp_backup = _tmp_name(backup)
                shutil.copy2(ref.path, tmp_backup)
                os.replace(tmp_backup, backup)
        except OSError as exc:
            file.abort()
            raise output_error(ref.path, exc) from None
        file.commit()

    def close(self) -> None:
        self._finish()

    def abort(self) -> None:
        if self._gzip is not None:
            with contextlib.suppress(OSError, ValueError):
                self._gzip.close()  # into the temporary file, which is removed next
        if self._file is not None:
            self._file.abort()
        self._ref = self._file = self._stream = self._gzip = None

    def exists(self, ref: InputRef) -> bool:
        return False
