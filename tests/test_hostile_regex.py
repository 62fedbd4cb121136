"""No built-in pattern backtracks catastrophically (issue 19, item 1).

For every built-in rule and every module-level regex of the package, adversarial strings are
generated from the pattern's own structure: long runs of its alternation words (letters
drawn from each folded variant class), its separators and repeats, each ending in a
near-miss. Every ``search``/``match``/``fullmatch`` must return before a generous alarm: a
hang guard (an exponential pattern takes minutes on these), not a timing assertion.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import cli
from newsclean.steps.boilerplate.schema import builtin_rules
from newsclean.steps.boilerplate.structure import ends_with_timestamp, is_timestamp

if sys.version_info >= (3, 11):
    from re import _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover
    import sre_parse

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")

SIZE = 2000
GUARD = 3.0  # seconds for one call on a 2 KB string: linear patterns take milliseconds
# callers that only ever pass a bounded line (structure.py checks the length first)
MAX_LEN = {"_TS_SUFFIX": 250}
_CATEGORY = {
    "CATEGORY_DIGIT": "5٥",
    "CATEGORY_NOT_DIGIT": "b.",
    "CATEGORY_SPACE": " \t",
    "CATEGORY_NOT_SPACE": "bب.",
    "CATEGORY_WORD": "bب_",
    "CATEGORY_NOT_WORD": " .",
}


def _one_of(items: list[tuple[Any, Any]], rnd: random.Random) -> str:
    chars: list[str] = []
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(av))
        elif name == "RANGE":
            chars += [chr(av[0]), chr(av[1]), chr(rnd.randint(av[0], av[1]))]
        elif name == "CATEGORY":
            chars += _CATEGORY.get(str(av), "b")
    if negate:
        outside = [c for c in "bب .1-:" if c not in chars]
        return rnd.choice(outside) if outside else "z"
    return rnd.choice(chars) if chars else "b"


def _sample(items: Any, rnd: random.Random, reps: int) -> str:
    """A string shaped like a match of the parsed pattern (repeats run ``reps`` times)."""
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append("c" if chr(av) == "b" else "b")
        elif name == "IN":
            out.append(_one_of(av, rnd))
        elif name == "CATEGORY":
            out.append(_one_of([(op, av)], rnd))
        elif name == "ANY":
            out.append(rnd.choice("bب "))
        elif name == "BRANCH":
            out.append(_sample(rnd.choice(av[1]), rnd, reps))
        elif name == "SUBPATTERN":
            out.append(_sample(av[-1], rnd, reps))
        elif name == "ATOMIC_GROUP":
            out.append(_sample(av, rnd, reps))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            many = high if high < 400 else max(low, reps)
            count = rnd.choice([low, many, many, max(low, min(high, 3))])
            out.extend(_sample(sub, rnd, max(1, reps // 4)) for _ in range(count))
    return "".join(out)


def _alternations(items: Any, found: list[Any]) -> list[Any]:
    for op, av in items:
        name = str(op)
        if name == "BRANCH":
            found.append(av[1])
            for branch in av[1]:
                _alternations(branch, found)
        elif name == "SUBPATTERN":
            _alternations(av[-1], found)
        elif name == "ATOMIC_GROUP":
            _alternations(av, found)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _alternations(av[2], found)
    return found


def adversarial(pattern: str, flags: int, size: int = SIZE, seed: int = 19) -> Iterator[str]:
    """Strings built from the pattern's own pieces, each followed by near-misses."""
    rnd = random.Random(seed)
    tree = sre_parse.parse(pattern, flags)
    bodies = [_sample(tree, rnd, 60 + 40 * k)[:size] for k in range(5)]
    for alternation in _alternations(tree, [])[:25]:
        for sep in (" ", "", "  ", " | ", ", "):
            words: list[str] = []
            while sum(map(len, words)) < size // 2 and len(words) < 400:
                words += [_sample(rnd.choice(alternation), rnd, 3), sep]
            body = "".join(words)[:size]
            head = _sample(tree, rnd, 2)[:40]
            bodies += [body, head + " " + body, head + "\n\n" + body]
    for body in bodies:
        for tail in ("", "y", ".", "\x00", "؟ ه"):
            yield body + tail


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: dict[tuple[str, int], str] = {}
    for rule in builtin_rules():
        if rule.pattern:
            found.setdefault((rule.pattern, re.IGNORECASE), rule.id)
    for info in pkgutil.walk_packages(newsclean.__path__, "newsclean."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dask) that is not installed
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault((value.pattern, value.flags), f"{info.name}.{name}")
    return [(name, re.compile(p, f)) for (p, f), name in found.items()]


PATTERNS = _patterns()


def test_the_audit_sees_the_rules_and_the_modules() -> None:
    names = {name for name, _ in PATTERNS}
    assert "structure.share-bar" in names
    assert "newsclean.steps.boilerplate.structure._TS_FULL" in names
    assert len(PATTERNS) > 100


@pytest.mark.parametrize(("name", "rx"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_text(name: str, rx: re.Pattern[str]) -> None:
    size = MAX_LEN.get(name.rsplit(".", 1)[-1], SIZE)
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for text in adversarial(rx.pattern, rx.flags, size):
            for method in (rx.search, rx.match, rx.fullmatch):
                signal.setitimer(signal.ITIMER_REAL, GUARD)
                try:
                    method(text)
                except _Hang:
                    pytest.fail(f"{name}.{method.__name__} hangs on {text[:120]!r}…")
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ the reported cases


def _guarded(seconds: float, fn: Any, *args: Any) -> Any:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    except _Hang:
        pytest.fail(f"{getattr(fn, '__name__', fn)} did not finish in {seconds} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "body",
    [
        "T\n\n" + "x " * 24 + "y\n",  # the report: 16 s, x1.8 per extra word
        "عنوان\n\n" + "يوتيوب " * 11 + ".\n",  # folded variants: 6 s, x4 per word
        "عنوان\n\n" + "یوتیوب يوتيوب " * 20 + ".\n",
        "T\n\n" + "5" * 26 + "x\n",  # a line of digits: the timestamp test was exponential
        "T\n\n" + "نشر في " * 12 + "x\n",
    ],
)
def test_default_clean_finishes_on_the_reported_files(tmp_path: Path, body: str) -> None:
    src = tmp_path / "s.txt"
    src.write_text(body, encoding="utf-8")
    result = _guarded(20.0, CliRunner().invoke, cli, ["clean", "--to", "txt", str(src)])
    assert result.exit_code == 0, result.output


def test_the_rewritten_patterns_still_match_what_they_are_for() -> None:
    share_bar = next(r for r in builtin_rules() if r.id == "structure.share-bar")
    rx = re.compile(share_bar.pattern, re.IGNORECASE)
    for line in ("Facebook | Twitter | Email", "فيسبوك تويتر واتس اب", "x  ,  youtube print"):
        assert rx.fullmatch(line), line
    assert not rx.fullmatch("x " * 24 + "y")
    assert is_timestamp("الأربعاء 22 يوليو 2015 - 10:30 ص")
    assert is_timestamp("نشر في 22 يوليو 2015 10:30 min")
    assert not _guarded(5.0, is_timestamp, "5" * 80 + "x")
    assert ends_with_timestamp("الدخيل يؤكد جاهزية المدارس - منذ ساعتين")


# ------------------------------------------------------------------ every step, end to end


def test_every_step_finishes_on_text_built_from_every_rule() -> None:
    """The whole clean pipeline (strip, dedup, normalize) over articles whose lines are the
    adversarial strings of every built-in rule: line, sentence, tail and inline matching all
    meet them. A hang guard per article."""
    from newsclean.article import Article, Block
    from newsclean.pipeline import clean

    for name, rx in PATTERNS:
        if not name.startswith(("structure.", "ar.", "en.", "fr.", "fa.", "ur.")):
            continue
        texts = list(adversarial(rx.pattern, rx.flags, size=600, seed=7))[::9]
        blocks = tuple(Block("paragraph", t.replace("\x00", "")) for t in texts if t.strip())
        for language in ("ar", "en"):
            article = Article(title="T", blocks=blocks, meta={"language": language})
            _guarded(30.0, clean, article)
