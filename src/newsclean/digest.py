"""``blake2b`` without importing :mod:`hashlib`, which loads OpenSSL (3% of ``dedup``'s
start-up). CPython's ``hashlib.blake2b`` is the one in ``_blake2`` (never OpenSSL's), so
this is the same constructor; other Python implementations get hashlib's."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

__all__ = ["blake2b"]
