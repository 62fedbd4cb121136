"""newsclean: turn scraped news articles into clean, consistent text.

The library the CLI drives: ``read()`` turns paths/bytes/text into Articles, the steps
(``strip``, ``dedup``, ``normalize``; ``clean`` runs them all) transform them, ``write()``
serialises them::

    import newsclean
    from pathlib import Path

    for article in newsclean.read(Path("samples/nidaa-post-vershinin-assad.txt")):
        print(newsclean.write(article, "md"))
"""

from __future__ import annotations

import gc

# What these imports build (modules, classes, tables) lives as long as the process: the
# collector's passes over it while it is built find nothing to free (~1% of a command's
# start-up), so they wait until the imports are done.
_COLLECTING = gc.isenabled()
gc.disable()

import importlib  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from newsclean import regex_cache  # noqa: E402

# Before any of our modules compiles its patterns (and before dataclasses, which compiles
# one at import): they come from the kept programs.
regex_cache.prime()

from newsclean import code_cache  # noqa: E402

# Before any of our modules defines a dataclass: its methods' code comes from the same file.
code_cache.install()

from newsclean.article import Article, Block, Removal  # noqa: E402 (after prime)
from newsclean.read import ReadOptions, read_bytes, read_path  # noqa: E402
from newsclean.write import WriteOptions, render  # noqa: E402

if _COLLECTING:
    gc.enable()

if TYPE_CHECKING:
    from newsclean.pipeline import CleanOptions
    from newsclean.steps.dedup import DedupOptions, dedup
    from newsclean.steps.normalize import NormalizeOptions, normalize
    from newsclean.steps.strip import StripOptions, strip

# The steps load their rule tables when imported: only when asked for, so `newsclean
# --version`, `export` and `show` start fast.
_LAZY = {
    "CleanOptions": "newsclean.pipeline",
    "DedupOptions": "newsclean.steps.dedup",
    "dedup": "newsclean.steps.dedup",
    "NormalizeOptions": "newsclean.steps.normalize",
    "normalize": "newsclean.steps.normalize",
    "StripOptions": "newsclean.steps.strip",
    "strip": "newsclean.steps.strip",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsclean' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def _version() -> str:
    # importlib.metadata (with email, zipfile...) and its search of sys.path cost about a
    # sixth of a command's start-up: looked up only when asked for (``--version``).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsclean")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+unknown"


def read(
    source: str | bytes | os.PathLike[str], options: ReadOptions | None = None
) -> Iterator[Article]:
    """Articles from ``source``: a path (``pathlib.Path``), raw bytes, or text (``str``).

    A ``str`` is article *text* (plain text, HTML, JSON...), never a file name: use
    ``pathlib.Path`` (or ``read_path``) for files, so a typo cannot silently become text.
    """
    if isinstance(source, os.PathLike):
        return read_path(source, options)
    if isinstance(source, str):
        return read_bytes(source.encode("utf-8"), options)
    return read_bytes(source, options)


def write(article: Article, fmt: str = "md", options: WriteOptions | None = None) -> str:
    """``article`` rendered as ``fmt`` (md, json, jsonl, txt); ends with one newline."""
    return render(article, fmt, options)


def clean(source: Article | str | bytes, options: CleanOptions | None = None) -> Article:
    """Strip, dedup and normalize one article: an ``Article``, or its text/bytes (plain
    text, HTML, one JSON record...). Text holding several records is a ``ValueError``: read
    it with ``read()`` and clean each article.

    >>> print(clean("Title\\n\\nTitle\\n\\nHe said \\"yes\\".").text)
    He said “yes”.
    """
    if not isinstance(source, Article):
        articles = list(read(source))
        if len(articles) != 1:
            raise ValueError(
                f"expected one article, got {len(articles)}: use read() and clean each"
            )
        source = articles[0]
    from newsclean.pipeline import clean as run_pipeline

    return run_pipeline(source, options)


__all__ = [
    "Article",
    "Block",
    "CleanOptions",
    "DedupOptions",
    "NormalizeOptions",
    "ReadOptions",
    "Removal",
    "StripOptions",
    "WriteOptions",
    "__version__",
    "clean",
    "dedup",
    "normalize",
    "read",
    "read_path",
    "strip",
    "write",
]
