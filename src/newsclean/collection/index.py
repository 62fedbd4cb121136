"""The duplicate index: compact per-record columns (hashes, sizes, sketches, cluster, record
reference) and their on-disk format for ``newsclean dedup --index FILE``.

No text is kept: a record costs about 300 bytes on disk (k=64 sketch values of 4 bytes, a
few integers and its reference), plus the anchor table in memory. The file is versioned and
checksummed; a file that is not an index, was cut short or was changed is refused with
:class:`IndexFormatError` (never silently replaced), and saving writes a temporary file
beside it and renames it over the old one, so a crash leaves the previous index intact.

Layout (little-endian)::

    magic "NCDEDUP\\0" | version u16 | k u16 | anchors u16 | shingle u16 | hash_check i64
    | count u64 | columns (exact i64, size u32, words u32, cluster u32, sketch_len u8,
    sketch i32*k, ref_end u64) each count long | refs (UTF-8) | blake2b-16 of all before
"""

from __future__ import annotations

import io
import os
import struct
import sys
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from newsclean.atomic import replacing
from newsclean.digest import blake2b

MAGIC = b"NCDEDUP\x00"
VERSION = 1
_HEADER = struct.Struct("<8sHHHHqQ")
_DIGEST = 16

# Tuple hashing of ints is deterministic in CPython (no per-process salt), but a different
# implementation could change it; the value below is stored and checked on load.
HASH_CHECK = hash((1, 2, 3)) ^ hash((0x9E3779B9, 7, 0xFFFFFFFF))

#: Bytes read or written at a time (the sketch column of a large index is big).
_CHUNK = 1 << 24

#: Sentinel for "no value" in sketch padding.
PAD = -(2**31)


class IndexFormatError(Exception):
    """The index file is unreadable, corrupt or from an incompatible version."""


class SignatureStore:
    """Columns of per-record signatures, appended in input order (record id = position)."""

    def __init__(self, k: int, anchors: int, shingle: int) -> None:
        self.k = k
        self.anchors = anchors
        self.shingle = shingle
        self.exact = array("q")  # 64-bit hash of the folded body (or title+body when short)
        self.size = array("I")  # number of shingles (0: compared by exact hash only)
        self.words = array("I")  # folded body length in words (for --keep longest)
        self.cluster = array("I")  # record id of the first member of its duplicate group
        self.sketch_len = array("B")  # how many of the k sketch slots are used
        self.sketch = array("i")  # k values per record, ascending, padded with PAD
        self.ref_end = array("Q")  # end offset of each record's reference in refs
        self.refs = bytearray()
        # One sketch row packed by ``struct`` and appended as bytes: ``array.extend`` converts
        # each value through an argument parser (~40 M instructions per 1,000 records added).
        self._pack_row = struct.Struct(f"={k}i").pack
        self._pads = (PAD,) * k

    def __len__(self) -> int:
        return len(self.exact)

    def append(
        self,
        exact: int,
        size: int,
        words: int,
        cluster: int,
        sketch: Sequence[int],
        ref: str,
    ) -> int:
        """Add one record; returns its id."""
        rid = len(self.exact)
        self.exact.append(exact)
        self.size.append(min(size, 0xFFFFFFFF))
        self.words.append(min(words, 0xFFFFFFFF))
        self.cluster.append(cluster)
        n = min(len(sketch), self.k)
        self.sketch_len.append(n)
        self.sketch.frombytes(self._pack_row(*sketch[:n], *self._pads[n:]))
        self.refs += ref.encode("utf-8", "replace")
        self.ref_end.append(len(self.refs))
        return rid

    def get_sketch(self, rid: int) -> list[int]:
        start = rid * self.k
        return self.sketch[start : start + self.sketch_len[rid]].tolist()

    def ref(self, rid: int) -> str:
        start = self.ref_end[rid - 1] if rid else 0
        return self.refs[start : self.ref_end[rid]].decode("utf-8", "replace")

    def nbytes(self) -> int:
        """Approximate memory held by the columns."""
        cols = (self.exact, self.size, self.words, self.cluster, self.sketch_len, self.sketch)
        return sum(c.itemsize * len(c) for c in cols) + 8 * len(self.ref_end) + len(self.refs)

    # -- persistence -------------------------------------------------------------------------

    def _columns(self) -> list[array]:  # type: ignore[type-arg]
        return [
            self.exact,
            self.size,
            self.words,
            self.cluster,
            self.sketch_len,
            self.sketch,
            self.ref_end,
        ]

    def write_to(self, fh: BinaryIO) -> None:
        """Write the index format to ``fh``, column by column (no copy of the whole file
        is ever held in memory)."""
        digest = blake2b(digest_size=_DIGEST)

        def put(chunk: bytes | memoryview) -> None:
            digest.update(chunk)
            fh.write(chunk)

        put(_HEADER.pack(MAGIC, VERSION, self.k, self.anchors, self.shingle, HASH_CHECK, len(self)))
        for col in self._columns():
            if sys.byteorder == "big":  # pragma: no cover - the format is little-endian
                col = array(col.typecode, col)
                col.byteswap()
            view = memoryview(col).cast("B")
            for start in range(0, len(view), _CHUNK):
                put(view[start : start + _CHUNK])
        view = memoryview(self.refs)
        for start in range(0, len(view), _CHUNK):
            put(view[start : start + _CHUNK])
        fh.write(digest.digest())

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.write_to(buf)
        return buf.getvalue()

    @classmethod
    def read_from(
        cls, fh: BinaryIO, size: int, k: int, anchors: int, shingle: int
    ) -> SignatureStore:
        """Read the index format from ``fh`` (``size`` bytes long), column by column;
        raises :class:`IndexFormatError` with the reason."""
        head = fh.read(_HEADER.size)
        if size < _HEADER.size + _DIGEST or not head.startswith(MAGIC):
            raise IndexFormatError("not a newsclean dedup index (bad magic)")
        _magic, version, fk, fanchors, fshingle, check, count = _HEADER.unpack(head)
        if version != VERSION:
            raise IndexFormatError(
                f"index format version {version}, this newsclean reads {VERSION}"
            )
        digest = blake2b(head, digest_size=_DIGEST)
        store = cls(fk, fanchors, fshingle)
        columns = store._columns()
        widths = [c.itemsize * (fk if c is store.sketch else 1) for c in columns]
        refs_len = size - _HEADER.size - _DIGEST - count * sum(widths)
        if refs_len < 0:
            raise IndexFormatError("file truncated (shorter than its header says)")

        def take(n: int) -> Iterator[bytes]:
            while n > 0:
                chunk = fh.read(min(n, _CHUNK))
                if not chunk:
                    raise IndexFormatError("file truncated (shorter than its header says)")
                digest.update(chunk)
                n -= len(chunk)
                yield chunk

        for col, width in zip(columns, widths, strict=True):
            for chunk in take(count * width):
                col.frombytes(chunk)
            if sys.byteorder == "big":  # pragma: no cover
                col.byteswap()
        for chunk in take(refs_len):
            store.refs += chunk
        if fh.read(_DIGEST) != digest.digest():
            raise IndexFormatError("checksum mismatch (file truncated or modified)")
        if (fk, fanchors, fshingle) != (k, anchors, shingle):
            raise IndexFormatError(
                f"index built with sketch {fk}/{fanchors}/{fshingle}, expected "
                f"{k}/{anchors}/{shingle}"
            )
        if check != HASH_CHECK:
            raise IndexFormatError("index built by a Python with a different hash function")
        if count and store.ref_end[-1] != len(store.refs):
            raise IndexFormatError("record references do not match the header")
        return store

    @classmethod
    def from_bytes(cls, data: bytes, k: int, anchors: int, shingle: int) -> SignatureStore:
        """Parse an index file's bytes (see :meth:`read_from`)."""
        return cls.read_from(io.BytesIO(data), len(data), k, anchors, shingle)


def load(path: str | os.PathLike[str], k: int, anchors: int, shingle: int) -> SignatureStore:
    """Read an index file. A missing file is an empty index; anything else wrong raises."""
    p = Path(path)
    if not p.exists():
        return SignatureStore(k, anchors, shingle)
    try:
        with p.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            return SignatureStore.read_from(fh, size, k, anchors, shingle)
    except OSError as exc:
        raise IndexFormatError(f"cannot read: {exc.strerror}") from exc


def save(store: SignatureStore, path: str | os.PathLike[str]) -> None:
    """Write atomically and durably: a temporary file in the same directory, fsync, rename
    over (:mod:`newsclean.atomic`); raises OSError."""
    with replacing(path, fsync=True) as fh:
        store.write_to(fh)
