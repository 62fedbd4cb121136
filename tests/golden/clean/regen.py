"""Regenerate the clean golden files: ``python tests/golden/clean/regen.py``.

Each sample in ``samples/`` is cleaned (default options, one process) in every format,
exactly as ``tests/test_clean_golden.py`` does. The outputs depend on the strip, dedup and
normalize rules: after a rule change, regenerate and review the diff before committing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[3]
GOLDEN = REPO / "tests" / "golden" / "clean"
#: (golden suffix, extra CLI arguments)
VARIANTS = (
    ("md", ["--to", "md"]),
    ("json", ["--to", "json"]),
    ("jsonl", ["--to", "jsonl"]),
    ("txt", ["--to", "txt"]),
)


def samples() -> list[str]:
    return sorted(p.name for p in (REPO / "samples").iterdir() if not p.name.startswith("."))


def render(sample: str, args: list[str]) -> str:
    """Clean one sample (path relative to the repository, so meta.source is stable)."""
    from newsclean.cli import cli

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(
            cli, ["clean", "-j", "1", "-q", *args, f"samples/{sample}"], env={"NO_COLOR": "1"}
        )
    finally:
        os.chdir(cwd)
    if result.exit_code != 0:
        raise RuntimeError(f"{sample} {args}: exit {result.exit_code}: {result.stderr}")
    return result.stdout


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for sample in samples():
        for suffix, args in VARIANTS:
            (GOLDEN / f"{sample}.{suffix}").write_text(render(sample, args), encoding="utf-8")
    print(f"wrote {len(samples()) * len(VARIANTS)} golden files to {GOLDEN}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
