"""The site profile file (``--profile FILE``): what earlier runs learned about each site's
template, so that a run with few articles of a site (a daily cron job) benefits from them.

No text is kept: per site, its article count and its head and tail 4-gram counts (64-bit
hashes). The file is versioned and checksummed; one that is not a profile, was cut short or
was changed is refused with :class:`ProfileFormatError` (never silently replaced). Saving
writes a temporary file beside it, fsyncs and renames it over the old one
(``newsclean.atomic``), so a crash leaves the previous profile intact. Each table keeps at
most ``MAX_GRAMS`` entries (the most frequent), so the file stays small whatever the runs.

Layout (little-endian)::

    magic "NCSITES\\0" | version u16 | hash_check i64 | sites u32
    | per site: name_len u16, name (UTF-8), articles u32, heads u32, tails u32, recent u32,
      heads x (hash i64, count u32), tails x (hash i64, count u32), recent x body hash u64
    | blake2b-16 of all before
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

from newsclean.atomic import replacing
from newsclean.collection.templates import SiteCounts

MAGIC = b"NCSITES\x00"
VERSION = 1
MAX_GRAMS = 20_000
_HEAD = struct.Struct("<8sHqI")
# 4-gram hashes are CPython tuple hashes of ints: the same in every process (no salt), but
# another implementation could differ; the value below is stored and checked on load.
HASH_CHECK = hash((1, 2, 3)) ^ hash((0x9E3779B9, 7, 0xFFFFFFFF))
_SITE = struct.Struct("<IIII")
_HASH = struct.Struct("<Q")
_NAME = struct.Struct("<H")
_PAIR = struct.Struct("<qI")
_DIGEST = 16


class ProfileFormatError(Exception):
    """The profile file is unreadable, corrupt or from an incompatible version."""


def _table(table: dict[int, int]) -> list[tuple[int, int]]:
    items = sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_GRAMS]
    return sorted(items)


def to_bytes(profile: dict[str, SiteCounts]) -> bytes:
    """The file's bytes (sites and entries sorted: the same profile, the same bytes)."""
    parts = [_HEAD.pack(MAGIC, VERSION, HASH_CHECK, len(profile))]
    for name in sorted(profile):
        counts = profile[name]
        raw = name.encode("utf-8")[:0xFFFF]
        head, tail = _table(counts.head), _table(counts.tail)
        recent = list(counts.recent)
        parts += [
            _NAME.pack(len(raw)),
            raw,
            _SITE.pack(counts.articles, len(head), len(tail), len(recent)),
        ]
        parts += [_PAIR.pack(g, min(n, 0xFFFFFFFF)) for g, n in head]
        parts += [_PAIR.pack(g, min(n, 0xFFFFFFFF)) for g, n in tail]
        parts += [_HASH.pack(h) for h in recent]
    body = b"".join(parts)
    return body + hashlib.blake2b(body, digest_size=_DIGEST).digest()


def from_bytes(data: bytes) -> dict[str, SiteCounts]:
    """Parse a profile file's bytes; raises :class:`ProfileFormatError` with the reason."""
    if len(data) < _HEAD.size + _DIGEST or not data.startswith(MAGIC):
        raise ProfileFormatError("not a newsclean site profile (bad magic)")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    _magic, version, check, sites = _HEAD.unpack_from(body)
    if version != VERSION:
        raise ProfileFormatError(
            f"profile format version {version}, this newsclean reads {VERSION}"
        )
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        raise ProfileFormatError("checksum mismatch (file truncated or modified)")
    if check != HASH_CHECK:
        raise ProfileFormatError("profile built by a Python with a different hash function")
    out: dict[str, SiteCounts] = {}
    pos = _HEAD.size
    try:
        for _ in range(sites):
            (n,) = _NAME.unpack_from(body, pos)
            pos += _NAME.size
            name = body[pos : pos + n].decode("utf-8")
            pos += n
            articles, heads, tails, recent = _SITE.unpack_from(body, pos)
            pos += _SITE.size
            counts = SiteCounts(articles)
            for table, k in ((counts.head, heads), (counts.tail, tails)):
                for g, c in _PAIR.iter_unpack(body[pos : pos + k * _PAIR.size]):
                    table[g] = c
                pos += k * _PAIR.size
            for (h,) in _HASH.iter_unpack(body[pos : pos + recent * _HASH.size]):
                counts.recent[h] = None
            pos += recent * _HASH.size
            out[name] = counts
    except (struct.error, UnicodeDecodeError) as exc:
        raise ProfileFormatError(f"damaged profile ({exc})") from None
    if pos != len(body):
        raise ProfileFormatError("damaged profile (its length does not match its header)")
    return out


def load(path: str | os.PathLike[str]) -> dict[str, SiteCounts]:
    """Read a profile. A missing file is an empty profile; anything else wrong raises."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        return from_bytes(p.read_bytes())
    except OSError as exc:
        raise ProfileFormatError(f"cannot read: {exc.strerror}") from exc


def save(profile: dict[str, SiteCounts], path: str | os.PathLike[str]) -> None:
    """Write atomically (``newsclean.atomic``: a temporary file beside it, fsynced, renamed
    over the old one)."""
    with replacing(path, fsync=True) as fh:
        fh.write(to_bytes(profile))
