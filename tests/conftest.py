"""Shared fixtures. Development data in ../shared is optional: tests that need it skip."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Compiled patterns are cached on disk between runs (newsclean.regex_cache): the test run
# keeps its own cache, never the user's.
os.environ.setdefault("NEWSCLEAN_CACHE_DIR", tempfile.mkdtemp(prefix="newsclean-test-cache-"))

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
