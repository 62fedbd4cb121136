"""How a step's option is offered on the command line, declared once on the dataclass field
it sets: ``field(default=..., metadata=cli("--no-mojibake", "Do not repair mojibake."))``.

The metadata is plain data (this module imports nothing of newsclean or click), so the
steps keep knowing nothing of the CLI; ``newsclean.cli.options`` turns it into click
options and the parsed values back into the dataclass. A field without it has no option.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["CLI", "cli"]

#: The metadata key the CLI reads.
CLI = "newsclean.cli"


def cli(
    flag: str,
    help: str,
    *,
    choices: tuple[str, ...] = (),
    metavar: str = "",
    files: bool = False,
    bounds: tuple[float | None, float | None] = (None, None),
) -> Mapping[str, Any]:
    """Field metadata offering the field as ``flag``.

    A boolean field whose default is true is offered as a ``--no-...`` flag that turns it
    off; one whose default is false, as a flag that turns it on; one whose default is
    ``None`` (decided later, from the rest of the run) as a ``--x/--no-x`` pair, ``flag``
    naming both. A string field takes a value: one of ``choices`` when given, else free
    text shown as ``metavar`` (``files``: a file path). A tuple field (``files``: of file
    paths) takes the option once per value. A number field takes a number within
    ``bounds`` (either end ``None``: open).
    """
    spec = {
        "flag": flag,
        "help": help,
        "choices": choices,
        "metavar": metavar,
        "files": files,
        "bounds": bounds,
    }
    return {CLI: spec}
