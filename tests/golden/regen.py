"""Regenerate the golden files: ``python tests/golden/regen.py [export] [clean]`` (both
when none is named); review the diff before committing.

Each sample in ``samples/`` goes through ``export`` in every format (and Markdown with
front matter) and through ``clean`` (default options) in every format, exactly as
``tests/test_cli_export_golden.py`` and ``tests/test_clean_golden.py`` do. The clean
outputs depend on the strip, dedup and normalize rules: regenerate after a rule change.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]


def samples() -> list[str]:
    return sorted(p.name for p in (REPO / "samples").iterdir() if not p.name.startswith("."))


class GoldenSet:
    """One command's golden files: where they live and the (suffix, CLI arguments) variants.

    (A plain class: the tests load this file with importlib, outside ``sys.modules``, where
    ``dataclasses`` cannot resolve its annotations.)
    """

    def __init__(
        self,
        command: str,
        golden: Path,
        variants: tuple[tuple[str, list[str]], ...],
        extra: tuple[str, ...] = ("-j", "1"),
        env: dict[str, str] | None = None,
    ) -> None:
        self.command = command
        self.golden = golden
        self.variants = variants
        self.extra = extra
        self.env = env or {}

    def render(self, sample: str, args: list[str]) -> str:
        """Run the command on one sample (path relative to the repository, so meta.source
        is stable) and return its stdout."""
        from newsclean.cli import cli

        cwd = os.getcwd()
        os.chdir(REPO)
        try:
            result = CliRunner().invoke(
                cli, [self.command, *self.extra, *args, f"samples/{sample}"], env=self.env
            )
        finally:
            os.chdir(cwd)
        if result.exit_code != 0:
            raise RuntimeError(f"{sample} {args}: exit {result.exit_code}: {result.stderr}")
        return result.stdout

    def write_all(self) -> int:
        self.golden.mkdir(parents=True, exist_ok=True)
        for sample in samples():
            for suffix, args in self.variants:
                text = self.render(sample, args)
                (self.golden / f"{sample}.{suffix}").write_text(text, encoding="utf-8")
        return len(samples()) * len(self.variants)


_FORMATS = tuple((fmt, ["--to", fmt]) for fmt in ("md", "json", "jsonl", "txt"))
EXPORT = GoldenSet(
    "export",
    REPO / "tests" / "golden" / "export",
    (*_FORMATS[:1], ("fm.md", ["--to", "md", "--front-matter"]), *_FORMATS[1:]),
)
CLEAN = GoldenSet(
    "clean",
    REPO / "tests" / "golden" / "clean",
    _FORMATS,
    extra=("-j", "1", "-q"),
    env={"NO_COLOR": "1"},
)
SETS = {"export": EXPORT, "clean": CLEAN}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in SETS]
    if unknown:
        print(f"unknown golden set(s): {', '.join(unknown)}; use export or clean", file=sys.stderr)
        return 2
    for name in argv or list(SETS):
        n = SETS[name].write_all()
        print(f"wrote {n} golden files to {SETS[name].golden}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
