"""Without the ``[dask]`` extra newsclean works and never imports Dask; with the engine asked
for, a missing Dask is one clear line. Runs whether or not Dask is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_importing_newsclean_and_running_the_cli_never_imports_dask() -> None:
    code = f"""
import sys
import newsclean, newsclean.engine, newsclean.engine.dask
from click.testing import CliRunner
from newsclean.cli import cli as main
for cmd in (["clean", "--to", "jsonl"], ["export", "--to", "md"], ["dedup", "--to", "jsonl"]):
    result = CliRunner().invoke(main, [*cmd, {str(SAMPLES / "records.jsonl")!r}])
    assert result.exit_code == 0, (cmd, result.output)
    assert result.stdout.strip(), cmd
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed", "fsspec"))
print(loaded)
"""
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_missing_dask_is_one_line_saying_what_to_install(tmp_path: Path) -> None:
    code = f"""
import sys
sys.modules["dask"] = None  # as if the [dask] extra were not installed
sys.modules["distributed"] = None
from newsclean.errors import UsageError
from newsclean.engine.dask import run_clean_on_dask
try:
    run_clean_on_dask([{str(SAMPLES)!r}], {str(tmp_path / "out")!r})
except UsageError as exc:
    print(exc)
"""
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert "pip install 'newsclean[dask]'" in proc.stdout
    assert not (tmp_path / "out").exists()
