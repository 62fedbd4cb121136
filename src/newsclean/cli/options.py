"""Click options generated from a step's options dataclass (see :mod:`newsclean.optspec`):
each option is declared once, on its field; here it becomes a click option, the name
``clean`` pops, and the value set on the dataclass (``--no-x`` inverted)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from newsclean.optspec import CLI

T = TypeVar("T")

__all__ = ["build", "click_options", "params"]


def _offered(cls: type[Any]) -> list[tuple[dataclasses.Field[Any], dict[str, Any]]]:
    return [(f, f.metadata[CLI]) for f in dataclasses.fields(cls) if CLI in f.metadata]


def _param(flag: str) -> str:
    # (a "--x/--no-x" pair is named by its first flag)
    return flag.split("/", 1)[0].lstrip("-").replace("-", "_")


def _pair(f: dataclasses.Field[Any], spec: Mapping[str, Any]) -> bool:
    """A tri-state switch: ``--x/--no-x``, unset (None) when neither is given."""
    return f.default is None and "/" in spec["flag"]


def click_options(cls: type[Any]) -> list[Callable[[Any], Any]]:
    """One click option per offered field of ``cls``, in field order."""
    out = []
    for f, spec in _offered(cls):
        flag, help_ = spec["flag"], spec["help"]
        if _pair(f, spec):
            out.append(click.option(flag, _param(flag), default=None, help=help_))
        elif isinstance(f.default, bool):
            out.append(click.option(flag, is_flag=True, help=help_))
        elif isinstance(f.default, tuple):
            kind = click.Path(dir_okay=False) if spec["files"] else None
            metavar = spec["metavar"] or None
            out.append(click.option(flag, multiple=True, metavar=metavar, type=kind, help=help_))
        elif isinstance(f.default, (int, float)):
            lo, hi = spec["bounds"]
            number: click.IntRange | click.FloatRange = (
                click.IntRange(lo, hi) if isinstance(f.default, int) else click.FloatRange(lo, hi)
            )
            out.append(
                click.option(flag, type=number, default=f.default, show_default=True, help=help_)
            )
        elif spec["choices"]:
            choice = click.Choice(spec["choices"])
            out.append(
                click.option(flag, type=choice, default=f.default, show_default=True, help=help_)
            )
        else:
            out.append(
                click.option(
                    flag,
                    metavar=spec["metavar"] or None,
                    type=click.Path(dir_okay=False) if spec["files"] else None,
                    default=f.default,
                    show_default=f.default is not None,
                    help=help_,
                )
            )
    return out


def params(cls: type[Any]) -> tuple[str, ...]:
    """The keyword arguments the options of ``cls`` add to a command."""
    return tuple(_param(spec["flag"]) for _, spec in _offered(cls))


def build(cls: Callable[..., T], kwargs: Mapping[str, Any]) -> T:
    """An instance of ``cls`` from a command's keyword arguments (others are ignored; an
    option not given keeps the field's default)."""
    values: dict[str, Any] = {}
    for f, spec in _offered(cls):  # type: ignore[arg-type]
        given = kwargs.get(_param(spec["flag"]))
        if _pair(f, spec):
            values[f.name] = given
        elif isinstance(f.default, bool):
            values[f.name] = not given if f.default else bool(given)
        elif isinstance(f.default, tuple):
            values[f.name] = tuple(given or ())
        elif given:
            values[f.name] = given
    return cls(**values)
