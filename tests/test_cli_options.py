"""Step options are declared once, on their dataclass fields; the CLI is generated."""

from __future__ import annotations

import click
import pytest

from newsclean.cli import cli
from newsclean.cli.options import build, params
from newsclean.steps.dedup import DedupOptions
from newsclean.steps.normalize import NormalizeOptions
from newsclean.steps.strip import StripOptions

STEPS = {"strip": StripOptions, "dedup": DedupOptions, "normalize": NormalizeOptions}


def _command_params(name: str) -> set[str]:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    return {p.name for p in command.params if p.name}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_every_declared_option_is_offered_by_its_command_and_by_clean(name: str) -> None:
    declared = set(params(STEPS[name]))
    assert declared and declared <= _command_params(name)
    assert declared <= _command_params("clean")


@pytest.mark.parametrize("cls", list(STEPS.values()))
def test_no_option_given_means_the_defaults(cls: type) -> None:
    assert build(cls, {}) == cls()


def test_values_reach_their_fields() -> None:
    got = build(
        NormalizeOptions,
        {"no_mojibake": True, "keep_tatweel": True, "quotes": "curly", "language": None},
    )
    assert (got.mojibake, got.keep_tatweel, got.quotes, got.language) == (
        False,
        True,
        "curly",
        "auto",
    )
    strip = build(StripOptions, {"rules": ("a.toml", "b.toml"), "no_tails": True})
    assert strip.rules_files == ("a.toml", "b.toml") and not strip.tails and strip.hints
    dedup = build(DedupOptions, {"near": 1.0, "min_chars": 5, "no_lede": True})
    assert (dedup.near, dedup.min_chars, dedup.lede, dedup.headline) == (1.0, 5, False, True)
