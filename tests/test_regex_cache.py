"""The on-disk cache of compiled patterns gives exactly the patterns ``re.compile`` gives,
whether it compiles them, reads them back, or finds its file damaged or switched off."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsclean import regex_cache

PATTERNS = [
    ("a(?P<x>b)+", re.IGNORECASE),
    (r"\d{1,2}[:h]\d{2}|(?<!\w)(?:يناير|january)(?!\w)", re.IGNORECASE),
    ("[\u0600-\u06ff\ufb50-\ufdff]+", 0),
    (r"(?m)^\s*(?:Read more|اقرأ أيضا)\b.*$", 0),
    ("(?P<g0>x)|(?P<g1>y(?=z))()", 0),
]


def test_compiled_and_reloaded_patterns_equal_re_compile(
    restart_cache: Callable[[], str],
) -> None:
    first = [regex_cache.compile(p, f) for p, f in PATTERNS]
    assert first == [re.compile(p, f) for p, f in PATTERNS]  # same pattern, flags, program
    assert Path(restart_cache()).is_file()
    again = [regex_cache.compile(p, f) for p, f in PATTERNS]
    assert regex_cache._added is False  # all read back, none compiled
    assert again == [re.compile(p, f) for p, f in PATTERNS]
    assert again[0].groupindex == {"x": 1}
    assert again[1].search("نشر 22 يناير 2015").group() == "يناير"  # type: ignore[union-attr]


def test_damaged_file_and_bad_patterns(restart_cache: Callable[[], str]) -> None:
    path = regex_cache.cache_path()
    assert path is not None
    Path(path).write_bytes(b"\x00not marshal data")
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")
    with pytest.raises(re.error):
        regex_cache.compile("(unclosed", 0)
    restart_cache()  # the save replaces the damaged file
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")
    assert regex_cache._added is False


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_a_file_others_can_write_is_ignored(restart_cache: Callable[[], str]) -> None:
    regex_cache.compile("ab+", 0)
    path = restart_cache()
    assert (os.stat(path).st_mode & 0o077) == 0  # written private to the user
    os.chmod(path, 0o666)  # as in a shared, world-writable cache directory
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")
    assert regex_cache._added is True  # compiled afresh: the file was not trusted


def test_entry_that_the_engine_refuses_is_compiled_afresh(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regex_cache.compile("ab+", 0)
    table = regex_cache._table
    assert table is not None
    flags, code, groups, groupindex, indexgroup = table[("ab+", 0)]
    invalid = b"\xff\xff\x00\x00" + code  # an opcode the engine does not have
    table[("ab+", 0)] = (flags, invalid, groups, groupindex, indexgroup)
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", "off")
    monkeypatch.setattr(regex_cache, "_table", None)
    assert regex_cache.cache_path() is None
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")
    assert regex_cache._table is None


def test_cli_output_same_cold_warm_and_off(tmp_path: Path, samples: Path) -> None:
    """A whole clean run: cache cold (written at exit), warm (read), off; byte-identical."""
    env = {**os.environ, "NEWSCLEAN_CACHE_DIR": str(tmp_path / "cache")}
    argv = [sys.executable, "-m", "newsclean", "clean", "--jobs", "1", "--to", "json"]
    argv += [str(samples)]
    cold = subprocess.run(argv, env=env, capture_output=True, timeout=120, check=True)
    assert list((tmp_path / "cache").iterdir())  # written at exit
    warm = subprocess.run(argv, env=env, capture_output=True, timeout=120, check=True)
    env["NEWSCLEAN_CACHE_DIR"] = "off"
    off = subprocess.run(argv, env=env, capture_output=True, timeout=120, check=True)
    assert cold.stdout == warm.stdout == off.stdout
    assert b'"removed"' in cold.stdout


def test_derived_values_are_kept_per_stamp_and_checked(
    restart_cache: Callable[[], str],
) -> None:
    calls: list[str] = []

    def compute(pattern: str) -> tuple[str, ...]:
        calls.append(pattern)
        return (pattern.upper(),)

    def valid(value: object) -> bool:
        return isinstance(value, tuple)

    assert regex_cache.derived("k", "ab", "v1", compute, valid) == ("AB",)
    restart_cache()
    assert regex_cache.derived("k", "ab", "v1", compute, valid) == ("AB",)
    assert calls == ["ab"]  # read back, not computed
    assert regex_cache.derived("k", "ab", "v2", compute, valid) == ("AB",)
    assert calls == ["ab", "ab"]  # another code stamp: computed again
    table = regex_cache._table
    assert table is not None
    table[("k\0v1\0ab", -1)] = "not a tuple"  # a damaged value is refused
    assert regex_cache.derived("k", "ab", "v1", compute, valid) == ("AB",)
    assert calls == ["ab", "ab", "ab"]


def test_strip_rule_shortcuts_same_from_the_cache(
    restart_cache: Callable[[], str],
) -> None:
    """first_chars / needles / prefixes of every built-in rule: computed = read back."""
    from newsclean.steps.boilerplate import analysis
    from newsclean.steps.boilerplate.dispatch import _KEY, _LONG_KEY
    from newsclean.steps.boilerplate.schema import builtin_rules

    patterns = [r.pattern for r in builtin_rules() if r.pattern]

    def shortcuts() -> list[object]:
        for f in (analysis.first_chars, analysis.needles, analysis.prefix_rx):
            f.cache_clear()
        return [
            (
                analysis.first_chars(p),
                analysis.needles(p),
                analysis.prefix_rx(p, _KEY),
                analysis.prefix_rx(p, _LONG_KEY),
            )
            for p in patterns
        ]

    computed = shortcuts()
    restart_cache()
    assert shortcuts() == computed
    assert regex_cache._added is False


MODULES_USING_THE_CACHE = [
    "newsclean.lang",
    "newsclean.read",
    "newsclean.read.decode",
    "newsclean.read.fragment",
    "newsclean.read.sniff",
    "newsclean.read.text",
    "newsclean.steps.boilerplate.fold",
    "newsclean.steps.boilerplate.matcher",
    "newsclean.steps.boilerplate.structure",
    "newsclean.steps.normalize_fixes",
    "newsclean.text.arabic",
    "newsclean.text.entities",
    "newsclean.text.invisible",
    "newsclean.text.keys",
    "newsclean.text.mojibake",
    "newsclean.text.quotes",
    "newsclean.text.spacing",
    "newsclean.text.spans",
    "newsclean.text.terminal",
    "newsclean.write.markdown",
    "newsclean.write.sink",
]


@pytest.mark.parametrize("name", MODULES_USING_THE_CACHE)
def test_module_patterns_from_the_cache_equal_re_compile(name: str) -> None:
    """The module-level patterns compiled through the cache at import (start-up cost) are
    the patterns ``re.compile`` gives: same source, flags and groups, same matches."""
    import importlib

    module = importlib.import_module(name)
    patterns = [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    assert patterns, f"{name} has no module-level pattern"
    for p in patterns:
        if isinstance(p.pattern, bytes):
            continue  # bytes patterns stay with re.compile
        plain = re.compile(p.pattern, p.flags)
        assert p == plain
        assert (p.groups, p.groupindex) == (plain.groups, plain.groupindex)


def test_a_run_reads_only_the_entries_it_asks_for(restart_cache: Callable[[], str]) -> None:
    """The file is indexed: a start that compiles one pattern reads that entry alone, not
    the whole file (which holds every command's patterns and dataclass code)."""
    for p, f in PATTERNS:
        regex_cache.compile(p, f)
    restart_cache()
    assert regex_cache.compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])
    table = regex_cache._table
    assert table is not None
    assert list(table.known()) == [PATTERNS[1]]
    assert regex_cache._added is False


def test_keys_sharing_an_index_slot_are_told_apart(
    restart_cache: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "_hash", lambda key: 7)  # every key collides
    first = [regex_cache.compile(p, f) for p, f in PATTERNS]
    restart_cache()
    assert [regex_cache.compile(p, f) for p, f in reversed(PATTERNS)] == first[::-1]
    assert regex_cache._added is False


def test_a_file_of_another_format_is_not_read(restart_cache: Callable[[], str]) -> None:
    regex_cache.compile("ab+", 0)
    path = Path(restart_cache())
    data = path.read_bytes()
    assert data.startswith(regex_cache._MAGIC)
    path.write_bytes(b"newsclean regex cache 9\n" + data[len(regex_cache._MAGIC) :])
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")
    assert regex_cache._added is True  # compiled afresh
    path.write_bytes(data[: len(data) // 2])  # cut short: the index or entries damaged
    restart_cache()
    path.write_bytes(path.read_bytes()[:-3])
    regex_cache._table = None
    regex_cache._added = False
    assert regex_cache.compile("ab+", 0) == re.compile("ab+")


def test_saving_removes_the_previous_formats_file(restart_cache: Callable[[], str]) -> None:
    path = Path(regex_cache.cache_path() or "")
    old = path.with_name("regex-1-" + path.name[len("regex-2-") :])
    path.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"newsclean regex cache 1\n")
    regex_cache.compile("c+d", 0)
    assert Path(restart_cache()) == path
    assert path.exists() and not old.exists()


_PRIMED_SCRIPT = r"""
import re
import newsclean
from newsclean import regex_cache
P = [(rb'<meta[^>]{0,300}?charset\s*=\s*([A-Za-z0-9._:-]{1,40})', 2), (b'[\x80-\xfe]y', 0),
     ('st(?P<g>r)', 8)]
primed = [(type(p), p, f) in regex_cache._RE_CACHE for p, f in P]
got = [re.compile(p, f) for p, f in P]
compiler = getattr(re, '_compiler', None) or __import__('sre_compile')  # (3.10: sre_compile)
fresh = [compiler.compile(p, f) for p, f in P]
same = got == fresh and [(g.groups, g.groupindex) for g in got] == [
    (g.groups, g.groupindex) for g in fresh]
print(primed, same, got[0].search(b'<META CHARSET=utf-8>').group(1).decode())
"""


def test_bytes_patterns_are_primed_too(tmp_path: Path) -> None:
    """Patterns compiled with plain ``re.compile`` (the standard library's, a reader's bytes
    patterns) are put into ``re``'s cache at the next start, bytes ones included, and equal
    what ``re`` compiles itself."""
    env = dict(os.environ, NEWSCLEAN_CACHE_DIR=str(tmp_path / "cache"))
    runs = [
        subprocess.run(
            [sys.executable, "-c", _PRIMED_SCRIPT],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=60,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs[0] == "[False, False, False] True utf-8"
    assert runs[1] == "[True, True, True] True utf-8"
