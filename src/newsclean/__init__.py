"""newsclean: turn scraped news articles into clean, consistent text.

The library the CLI drives: ``read()`` turns bytes/paths into Articles, the steps
(``strip``, ``dedup``, ``normalize``) transform them, ``write()`` serialises them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from newsclean.article import Article, Block, Removal

try:
    __version__ = version("newsclean")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["Article", "Block", "Removal", "__version__"]
