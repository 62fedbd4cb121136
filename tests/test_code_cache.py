"""Dataclass methods compiled through the code cache are the ones ``exec`` compiles, whether
compiled, read back from the file, or with the cache switched off (issue 18)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from newsclean import code_cache, regex_cache

_POINT = """
import dataclasses

@dataclasses.dataclass(frozen=True, slots=True, order=True)
class Point:
    x: int
    y: str = "a"
    tags: tuple[str, ...] = dataclasses.field(default=())
"""


def _define(module: str = "newsclean._probe") -> type:
    """A dataclass defined in ``module`` (a stand-in for one of newsclean's own)."""
    namespace = types.ModuleType(module)
    sys.modules[module] = namespace
    try:
        exec(_POINT, namespace.__dict__)
    finally:
        del sys.modules[module]
    return namespace.Point  # type: ignore[no-any-return]


def _check(cls: type) -> None:
    p = cls(1, "b", ("t",))
    assert repr(p) == f"{cls.__qualname__}(x=1, y='b', tags=('t',))"
    assert p == cls(1, "b", ("t",)) and p < cls(2)
    assert hash(p) == hash(cls(1, "b", ("t",)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[attr-defined]
    assert cls(3).y == "a" and cls(3).tags == ()


def test_compiled_read_back_and_plain_exec_make_the_same_methods(
    restart_cache: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "def f(a, b=2):\n return (a, b, __name__)\n"
    compiled = code_cache._compile(source)
    assert compiled.co_code == compile(source, "<string>", "exec").co_code
    assert (
        compiled.co_filename == "<string>"
        and compiled.co_flags == compile(source, "<string>", "exec", dont_inherit=True).co_flags
    )
    monkeypatch.setattr(dataclasses, "exec", code_cache.cached_exec, raising=False)
    _check(_define())  # compiled, kept
    assert regex_cache._added
    restart_cache()
    _check(_define())  # read back
    assert not regex_cache._added
    namespace: dict[str, object] = {"__name__": "m"}
    code_cache.cached_exec(source, namespace)
    assert namespace["f"](1) == (1, 2, "m")  # type: ignore[operator]


def test_switched_off_leaves_dataclasses_alone(tmp_path: Path) -> None:
    code = (
        "import dataclasses, builtins\nimport newsclean\n"
        "print(getattr(dataclasses, 'exec', builtins.exec) is builtins.exec)"
    )
    for setting, plain in (("off", "True"), (str(tmp_path), "False")):
        env = dict(os.environ, NEWSCLEAN_CACHE_DIR=setting)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        assert out.stdout.strip() == plain, out.stderr


def test_a_callers_own_dataclasses_are_not_kept(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Importing newsclean as a library must not put the program's code in newsclean's cache.
    monkeypatch.setattr(dataclasses, "exec", code_cache.cached_exec, raising=False)
    _check(_define("someapp.models"))
    assert not regex_cache._added
    _check(_define())
    assert regex_cache._added
