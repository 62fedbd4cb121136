"""The word-id fast table of ``text.keys`` is kept in the pattern cache's file (issue 18:
its 256 folds were ~6% of ``dedup``'s start-up): what a start reads back is the table the
folds build, and a change to the module's source or tables builds it afresh."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsclean import regex_cache
from newsclean.text import keys


def test_the_kept_table_is_the_built_one(restart_cache: Callable[[], str]) -> None:
    built = keys._build_fast_table()
    assert keys._kept_fast_table() == built
    assert regex_cache._added  # computed and kept
    restart_cache()
    assert keys._kept_fast_table() == built
    assert regex_cache._added is False  # read back, not built


def test_another_source_builds_the_table_again(
    restart_cache: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys._kept_fast_table()
    restart_cache()
    calls: list[int] = []
    real = keys._build_fast_table

    def counted() -> tuple[bytes, bytes, bytes]:
        calls.append(1)
        return real()

    monkeypatch.setattr(keys, "_build_fast_table", counted)
    keys._kept_fast_table()
    assert calls == []  # the same source: read back
    monkeypatch.setattr(keys, "_WORD_CODEC", keys._WORD_CODEC.upper())  # its tables changed
    assert keys._kept_fast_table() == real()
    assert calls == [1]


def test_without_a_readable_source_the_table_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "__file__", "/nonexistent/keys.py")
    assert keys._kept_fast_table() == keys._build_fast_table()
