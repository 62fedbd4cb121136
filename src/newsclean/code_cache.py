"""The methods ``dataclasses`` writes for each class, compiled once and kept on disk.

``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__`` (and, when
frozen, ``__setattr__``, ``__delattr__``, ``__hash__``) as text and runs ``exec`` on it, so
every class costs the interpreter a parse and a compile at every start: the ~40 dataclasses
a command defines took about a quarter of its start-up (130 M of 554 M instructions for
``normalize`` on an empty input). :func:`install` gives the ``dataclasses`` module an
``exec`` that takes the compiled code from the pattern cache's file
(:func:`newsclean.regex_cache.derived`, tied to the exact Python build, trust-checked,
written atomically) when the same source was compiled before, and otherwise compiles it as
``exec`` would (no inherited ``__future__`` flags, file name ``<string>``). The code is
the same either way, so every class is the same; with ``NEWSCLEAN_CACHE_DIR=off`` this is
plain ``exec``.
"""

from __future__ import annotations

import builtins
import dataclasses
import types
from typing import Any

from newsclean import regex_cache

#: Kind of the kept values in the cache file (what ``derived`` keys them by).
_KIND = "dataclass-exec"
#: Changes whenever what is kept changes meaning (the file itself is per Python build).
_STAMP = "1"


def _compile(source: str) -> types.CodeType:
    # What exec(source, ...) compiles: file "<string>", no flags from this module.
    return builtins.compile(source, "<string>", "exec", dont_inherit=True)


def _is_code(value: Any) -> bool:
    return isinstance(value, types.CodeType)


def _ours(namespace: dict[str, Any] | None) -> bool:
    # dataclasses runs a class's methods in its module's namespace
    name = str(namespace.get("__name__", "")) if namespace is not None else ""
    return name == "newsclean" or name.startswith("newsclean.")


def cached_exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """``exec(source, globals, locals)``, with a str ``source`` compiled once per Python
    build and kept when it defines a method of one of newsclean's own classes; anything
    else (a program's own dataclasses, once newsclean is imported) goes to ``exec`` as it
    is: a library keeps no code of its caller's."""
    if isinstance(source, str) and _ours(globals):
        source = regex_cache.derived(_KIND, source, _STAMP, _compile, _is_code)
    builtins.exec(source, globals, locals)


def install() -> None:
    """Let ``dataclasses`` run its generated methods through :func:`cached_exec` (a name in
    its module that shadows the builtin; nothing else changes). Does nothing when the
    cache is off."""
    if regex_cache.cache_path() is None:
        return
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
