"""Shared fixtures. Development data in ../shared is optional: tests that need it skip."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def _find_shared() -> Path | None:
    # The checkout sits beside shared/ in development and in CI; nowhere else is it needed.
    for base in (REPO, *REPO.parents):
        candidate = base / "shared" / "corpus"
        if candidate.is_dir():
            return candidate.parent
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path to ../shared (the development corpus); skips the test when it is absent."""
    path = _find_shared()
    if path is None:
        pytest.skip("../shared development corpus not available")
    return path


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
