"""Compiled regular expressions kept on disk between runs, so a run does not pay to
compile the same rule patterns again.

``re`` parses and optimises a pattern in Python before its C engine runs it: the strip
rules, the timestamp detector and the other large patterns cost 0.2-0.4 s of CPU at each
start of ``strip`` or ``clean`` (and in each Dask worker), more than a short run's work.
:func:`compile` keeps what ``re`` hands its engine (the opcode list, flags and group
names) in one file under the user's cache directory, keyed by pattern and flags; later
runs give it straight to the engine. The engine checks every program before it accepts
it, the file is tied to the exact Python build and engine version, and anything unusual
(an unreadable file, a Python without these internals) means an ordinary ``re.compile``:
the patterns, and so every output, are the same either way (a test compares them).

The file holds an index (a hash of each key: where its entry is) and then the entries, each
marshalled on its own, so a run reads only the entries it asks for: the file grows with
every command and rule set ever used (2-4 MB), and reading all of it cost every start
20-40 M instructions, most of them for entries that command never uses.

``NEWSCLEAN_CACHE_DIR`` names the directory (default: ``$XDG_CACHE_HOME/newsclean``,
else ``~/.cache/newsclean``); ``NEWSCLEAN_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import marshal
import os
import re
import struct
import sys
import tempfile
import zlib
from array import array
from collections.abc import Callable
from typing import Any, TypeVar, cast

# The engine's entry point and re's own compiler are internal (hence Any): any surprise
# in them sends compile() to plain re.compile.
_sre: Any
_compiler: Any
_parser: Any
try:
    _sre = importlib.import_module("_sre")
    _new = sys.version_info >= (3, 11)
    _compiler = importlib.import_module("re._compiler" if _new else "sre_compile")
    _parser = importlib.import_module("re._parser" if _new else "sre_parse")
    # The engine's code units, as an array type of the same width.
    _CODE_TYPE = "I" if array("I").itemsize == _sre.CODESIZE else "L"
    if array(_CODE_TYPE).itemsize != _sre.CODESIZE:  # pragma: no cover
        _sre = None
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

#: A program entry: (flags, code, groups, groupindex, indexgroup), as _sre.compile takes
#: them but for the code, kept as the bytes of an unsigned array (fast to load).
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

T = TypeVar("T")

#: Entries kept at most; past it, a run keeps only the ones it used (user rules come and go).
MAX_ENTRIES = 20_000

#: The start of every cache file of this format (then the index's length, the index, the
#: entries); anything else is not read.
_MAGIC = b"newsclean regex cache 2\n"
_LENGTH = struct.Struct("<Q")

Key = tuple[str, int]


def _hash(key: Key) -> int:
    """A key's place in the index: stable between processes (``hash`` of a str is not)."""
    pattern, flags = key
    return zlib.crc32(pattern.encode("utf-8", "surrogatepass"), flags & 0xFFFFFFFF)


class _Table:
    """The cache file's entries, each read from the file when first asked for, and the
    ones this run added. Entries, and (key, -1) -> value for derived() (a flags value no
    pattern has)."""

    def __init__(
        self, data: Any = b"", index: dict[int, tuple[int, ...]] | None = None, start: int = 0
    ) -> None:
        self._data = data  # the file's bytes (a read-only mmap, or bytes)
        self._index = index or {}  # hash -> (offset, length, offset, length...) from start
        self._start = start
        self._known: dict[Key, Any] = {}  # read from the file, or added

    def get(self, key: Key, default: Any = None) -> Any:
        known = self._known.get(key, _ABSENT)
        if known is not _ABSENT:
            return known
        spots = self._index.get(_hash(key))
        if spots:
            for i in range(0, len(spots), 2):
                entry = self._entry(spots[i], spots[i + 1])
                if entry is not None and entry[0] == key:
                    self._known[key] = entry[1]
                    return entry[1]
        return default

    def __contains__(self, key: Key) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def __getitem__(self, key: Key) -> Any:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Key, value: Any) -> None:
        self._known[key] = value

    def known(self) -> dict[Key, Any]:
        """The entries read or added so far."""
        return self._known

    def everything(self) -> dict[Key, Any]:
        """Every entry of the file (read now), updated with those this run read or added."""
        out: dict[Key, Any] = {}
        for spots in self._index.values():
            for i in range(0, len(spots), 2):
                entry = self._entry(spots[i], spots[i + 1])
                if entry is not None:
                    out[entry[0]] = entry[1]
        out.update(self._known)
        return out

    def _entry(self, offset: int, length: int) -> tuple[Key, Any] | None:
        """The (key, value) stored at ``offset``; None for anything damaged."""
        at = self._start + offset
        try:
            entry: Any = marshal.loads(self._data[at : at + length])
        except (EOFError, ValueError, TypeError):
            return None
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple):
            return cast(tuple[Key, Any], entry)
        return None


_ABSENT: Any = object()

#: The cache, once read (see :func:`_load`).
_table: _Table | None = None
_used: set[tuple[str, int]] = set()
_added = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when this pattern was seen before."""
    table = _load()
    if table is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    entry = table.get(key)
    if entry is not None:
        try:
            flags_, code, groups, groupindex, indexgroup = entry
            program = array(_CODE_TYPE, code).tolist()
            compiled: re.Pattern[str] = _sre.compile(
                pattern, flags_, program, groups, groupindex, indexgroup
            )
            _used.add(key)
            return compiled
        except Exception:  # a stale or damaged entry: compile afresh below
            pass
    try:
        compiled, entry = _fresh(pattern, flags)
    except re.error:
        raise
    except Exception:  # re's internals changed: the cache has nothing to offer
        return re.compile(pattern, flags)
    global _added
    table[key] = entry
    _used.add(key)
    _added = True
    return compiled


#: The table key listing the patterns to put into ``re``'s own cache at start (see
#: :func:`prime`): a flags value no pattern has.
_PRIMED = ("re-cache", -2)
#: ``re``'s cache of compiled patterns, keyed ``(type(pattern), pattern, flags)`` on
#: CPython 3.10-3.13; anything else and :func:`prime` does nothing.
_RE_CACHE: Any = getattr(re, "_cache", None)
if not isinstance(_RE_CACHE, dict):  # pragma: no cover - another Python
    _RE_CACHE = None


def prime() -> None:
    """Put the patterns earlier runs compiled with plain ``re.compile`` (ours at module
    level, and the standard library's) into ``re``'s own cache, from the kept programs.

    Each module's ``re.compile`` is then a dictionary lookup: those ~140 patterns cost
    60-190 ms of every start of ``strip`` or ``clean`` (5% of a run over 180 pages),
    without a change to any module. Which patterns they are is learned at exit (``_save``
    reads ``re``'s cache); an entry ``re`` would not give back is dropped, never used.
    """
    table = _load()
    if table is None or _RE_CACHE is None or len(_RE_CACHE) > 64:
        return  # (a full re cache: something compiled a great many; leave it alone)
    keys = table.get(_PRIMED)
    if not isinstance(keys, tuple):
        return
    room = getattr(re, "_MAXCACHE", 512) // 2  # never evict what re holds
    for key in keys[:room]:
        entry = table.get(key)
        if entry is None or not isinstance(key, tuple) or len(key) != 2:
            continue
        pattern, flags = key
        if not isinstance(pattern, str) or not isinstance(flags, int) or flags < 0:
            continue
        slot = _slot(pattern, flags)
        if slot in _RE_CACHE:
            continue
        try:
            flags_, code, groups, groupindex, indexgroup = entry
            program = array(_CODE_TYPE, code).tolist()
            compiled = _sre.compile(slot[1], flags_, program, groups, groupindex, indexgroup)
        except Exception:
            continue
        _RE_CACHE[slot] = compiled
        _used.add(key)
    _used.add(_PRIMED)


#: Marks a primed key whose pattern is bytes (kept as its latin-1 text): a flag bit no
#: ``re`` flag uses (they end at 0x100).
_BYTES = 1 << 30


def _slot(pattern: str, flags: int) -> tuple[Any, ...]:
    """The ``re`` cache slot of a primed key: ``(str, pattern, flags)``, or for a bytes
    pattern (the standard library's and a reader's: ``<meta charset>``, UTF-8 runs)
    ``(bytes, pattern as latin-1 bytes, flags)``."""
    if flags & _BYTES:
        return (bytes, pattern.encode("latin-1"), flags & ~_BYTES)
    return (str, pattern, flags)


def _key(slot: Any) -> tuple[str, int] | None:
    """The primed key of an ``re`` cache slot (None: not one kept)."""
    if not (isinstance(slot, tuple) and len(slot) == 3 and isinstance(slot[2], int)):
        return None
    kind, pattern, flags = slot
    if flags < 0 or flags & _BYTES:
        return None
    if kind is str and isinstance(pattern, str):
        return (pattern, flags)
    if kind is bytes and isinstance(pattern, bytes):
        return (pattern.decode("latin-1"), flags | _BYTES)
    return None


def _learn_primed(table: _Table) -> bool:
    """Add the str patterns in ``re``'s cache to the primed list (with their programs);
    True when anything was added."""
    if _RE_CACHE is None:
        return False
    old = table.get(_PRIMED)
    keys: list[tuple[str, int]] = list(old) if isinstance(old, tuple) else []
    known = set(keys)
    added = False
    for slot in list(_RE_CACHE):
        key = _key(slot)
        if key is None or key in known:
            continue
        if key not in table:
            try:
                table[key] = _fresh(slot[1], slot[2])[1]
            except Exception:
                continue
        keys.append(key)
        known.add(key)
        _used.add(key)
        added = True
    if added:
        table[_PRIMED] = tuple(keys)
        _used.add(_PRIMED)
    return added


def derived(
    kind: str, pattern: str, stamp: str, compute: Callable[[str], T], valid: Callable[[Any], bool]
) -> T:
    """``compute(pattern)``, kept in the same file: for what a module derives from parsing
    a pattern (also slow in Python). ``stamp`` must change whenever the code of
    ``compute`` does (e.g. a hash of its module's source); a kept value that ``valid``
    refuses is computed again. Values must be ones marshal stores (None, str, tuples,
    frozensets...)."""
    table = _load()
    if table is None:
        return compute(pattern)
    global _added
    key = (f"{kind}\0{stamp}\0{pattern}", -1)
    if key in table:
        value = table[key]
        if valid(value):
            _used.add(key)
            return cast(T, value)
    value = compute(pattern)
    table[key] = value
    _used.add(key)
    _added = True
    return value


def _fresh(pattern: str, flags: int) -> tuple[re.Pattern[str], Entry]:
    """What ``re._compiler.compile`` does, keeping the program it hands the engine."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    final = int(flags | parsed.state.flags)  # a plain int, as marshal stores
    entry: Entry = (
        final,
        array(_CODE_TYPE, code).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    compiled = _sre.compile(pattern, final, code, parsed.state.groups - 1, groupindex, entry[4])
    return compiled, entry


def cache_path() -> str | None:
    """The cache file for this Python build, or None when the cache is off."""
    folder = os.environ.get("NEWSCLEAN_CACHE_DIR")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "newsclean")
    elif folder in ("", "off"):
        return None
    if _sre is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
    return os.path.join(folder, f"regex-2-{tag}.marshal")  # 2: this file format


def _trusted(f: Any) -> bool:
    """Whether the open cache file is the user's own and nobody else can write it.

    marshal is not safe against crafted data, so a file another user could have written
    (a shared or world-writable ``NEWSCLEAN_CACHE_DIR``) is ignored, as ssh ignores a key
    file others can write."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owner bits to check; the user's profile is private
        return True
    st = os.fstat(f.fileno())
    return bool(st.st_uid == getuid() and not st.st_mode & 0o022)


def _read(path: str) -> _Table:
    """The cache file's index; its entries are read when asked for. An empty table for a
    file that is missing, not trusted or not of this format."""
    try:
        with open(path, "rb") as f:
            if not _trusted(f):
                return _Table()
            data = _map(f)
    except (OSError, ValueError):
        return _Table()
    head = len(_MAGIC) + _LENGTH.size
    if data[: len(_MAGIC)] != _MAGIC or len(data) < head:
        return _Table()
    (length,) = _LENGTH.unpack(data[len(_MAGIC) : head])
    try:
        index: Any = marshal.loads(data[head : head + length])
    except (EOFError, ValueError, TypeError):
        return _Table()
    if not isinstance(index, dict):
        return _Table()
    return _Table(data, index, head + length)


def _map(f: Any) -> Any:
    """The open file's bytes: mapped (only the pages of the entries read are touched),
    else read whole."""
    try:
        import mmap

        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (ImportError, OSError, ValueError):  # (an empty file cannot be mapped)
        f.seek(0)
        return f.read()


def _dump(entries: dict[Key, Any]) -> bytes:
    """The file for ``entries``: the magic, the index's length, the index, the entries."""
    index: dict[int, tuple[int, ...]] = {}
    blobs: list[bytes] = []
    offset = 0
    for key, value in entries.items():
        blob = marshal.dumps((key, value))
        h = _hash(key)
        index[h] = (*index.get(h, ()), offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    head = marshal.dumps(index)
    return b"".join([_MAGIC, _LENGTH.pack(len(head)), head, *blobs])


def _load() -> _Table | None:
    global _table
    if _table is None:
        path = cache_path()
        if path is None:
            return None
        _table = _read(path)
        atexit.register(_save, path, os.getpid())
    return _table


def _save(path: str, pid: int) -> None:
    """Write the entries this run added (merged with any another run wrote meanwhile),
    atomically; a cache that cannot be written is simply not kept."""
    if _table is None or os.getpid() != pid:
        return  # a forked worker (its parent saves)
    if not (_learn_primed(_table) or _added):
        return  # nothing new
    try:
        merged = _read(path).everything()  # what other runs wrote meanwhile is kept
        merged.update(_table.known())
        if len(merged) > MAX_ENTRIES:
            known = _table.known()
            merged = {key: known[key] for key in _used if key in known}
        data = _dump(merged)
        folder = os.path.dirname(path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".regex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        # the previous format's file for this Python build is never read again
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, "regex-1-" + os.path.basename(path)[len("regex-2-") :]))
    except Exception:
        pass
