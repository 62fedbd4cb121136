"""The one registry of normalize fixes: the step runs it in order, the gate reads it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from newsclean.steps import normalize_gate
from newsclean.steps.normalize import normalize_text
from newsclean.steps.normalize_fixes import DONE, FIXES, Fix, NormalizeOptions, Stage, plan


def test_names_are_unique_and_stages_in_order() -> None:
    names = [f.name for f in FIXES]
    assert len(names) == len(set(names))
    stages = [f.stage for f in FIXES]
    assert stages == sorted(stages)


def test_plan_follows_the_options() -> None:
    off = plan(NormalizeOptions(spacing=False, keep_tatweel=True))
    names = {f.name for stage in off for f in stage}
    assert "punctuation_spacing" not in names and "tatweel" not in names
    lossy = plan(NormalizeOptions(strip_diacritics=True, digits="ascii"))
    assert [f.name for f in lossy[Stage.LOSSY]] == ["diacritics", "digits"]


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The plan and the gate are cached per options: start and end with empty caches."""

    def clear() -> None:
        plan.cache_clear()
        normalize_gate._gate.cache_clear()
        normalize_gate._site_fixes.cache_clear()

    clear()
    yield
    clear()


@pytest.mark.usefixtures("fresh_caches")
def test_a_new_fix_is_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix added to the registry runs in the step and is seen by the gate."""
    shout = Fix(
        "shout",
        Stage.LOSSY,
        lambda o: True,
        lambda t, ctx: t.replace("!", "!!"),
        sites=lambda gate, o: [i for i, ch in enumerate(gate.whole) if ch == "!"],
    )
    registry = (*FIXES, shout)
    from newsclean.steps import normalize_fixes

    monkeypatch.setattr(normalize_fixes, "FIXES", registry)
    monkeypatch.setattr(normalize_gate, "FIXES", registry)
    options = dataclasses.replace(NormalizeOptions(), language="en")
    assert normalize_text("Hi!", options, "en") == "Hi!!"
    stages = normalize_gate.first_stages(["plain", "Hi!"], "plain\nHi!", (), options, "en", None)
    assert stages == [DONE, Stage.LOSSY]
