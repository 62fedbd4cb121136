"""Output names for archived pages: ``<host>/<slug>-<hash>``, stable and collision-safe.

The host keeps one site's pages together; the slug (the last path segment, percent-decoded,
so Arabic slugs stay readable) says which page it is; the hash (of the full URL and the
record's offset in its archive) keeps two captures of one URL, or two URLs with the same
slug, apart. The same archive gives the same names on every run, so ``--skip-existing``
and a rerun line up.
"""

from __future__ import annotations

import hashlib
import unicodedata
import urllib.parse

_SLUG_MAX = 60
_HOST_MAX = 80
_DROP_SUFFIXES = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cfm")


def _clean(text: str, limit: int) -> str:
    """Letters and digits of any script, ``-``, ``_`` and ``.`` kept; the rest folded to
    ``-`` (never a path separator, control or hidden-file character)."""
    text = unicodedata.normalize("NFC", text)
    out = []
    dash = False
    for ch in text:
        if ch.isalnum() or ch in "_.":
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-.")[:limit].strip("-.")


def output_name(url: str, offset: int) -> str:
    """``https://www.x.com/news/2020/a-story.html?id=3`` at offset 1234 ->
    ``www.x.com/a-story-<12 hex>`` (no extension: the writer adds it)."""
    digest = hashlib.sha1(f"{url}\0{offset}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        path = urllib.parse.unquote(parts.path, errors="replace")
    except ValueError:
        host, path = "", ""
    host = _clean(host.lower(), _HOST_MAX) or "no-host"
    segments = [s for s in path.split("/") if s]
    slug = segments[-1] if segments else "index"
    lowered = slug.lower()
    for suffix in _DROP_SUFFIXES:
        if lowered.endswith(suffix) and len(slug) > len(suffix):
            slug = slug[: -len(suffix)]
            break
    slug = _clean(slug, _SLUG_MAX) or "page"
    return f"{host}/{slug}-{digest}"
