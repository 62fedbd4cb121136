"""The options that say how articles are read, shared by every command that reads (``show``
included): declared here once. A light module (click and the format list only), so ``show``
does not import the run engine to offer them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsclean.read.sniff import FORMATS as INPUT_FORMATS

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["INPUT_OPTIONS", "input_options"]

#: How articles are read (format, encoding, record fields, a list of inputs): every command
#: that reads, ``show`` included, offers these same options.
INPUT_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.option(
        "--from",
        "from_format",
        type=click.Choice(INPUT_FORMATS),
        help="Input format (default: from the extension, confirmed by the content).",
    ),
    click.option(
        "--encoding",
        metavar="NAME",
        help="Input encoding, e.g. cp1256 (default: detected; see docs/formats.md).",
    ),
    click.option(
        "--field",
        "field_map",
        multiple=True,
        metavar="TARGET=COLUMN",
        help="Read TARGET (title, text, html, url, published, author, tags, site, "
        "language, subtitle) from record field COLUMN. Repeatable.",
    ),
    click.option(
        "--files-from",
        metavar="FILE|-",
        help="Read input paths from FILE ('-': stdin), one per line.",
    ),
    click.option(
        "-0",
        "--null",
        is_flag=True,
        help="--files-from paths are NUL-separated (find -print0).",
    ),
)


def input_options(f: F) -> F:
    """``f`` with :data:`INPUT_OPTIONS`, in order."""
    for decorator in reversed(INPUT_OPTIONS):
        f = decorator(f)
    return f
