"""Parquet datasets on Dask: ``clean --engine dask --to parquet -o DIR`` and the library's
``to_parquet_dataset``/``read_parquet_bag`` give the table columns of the local run. Skips
without Dask. An in-process (threads) cluster keeps these tests quick."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pytest.importorskip("pandas")

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from newsclean.cli import cli  # noqa: E402
from newsclean.columns import COLUMNS, row_to_dict  # noqa: E402
from newsclean.engine import dask as engine  # noqa: E402
from newsclean.engine import dask_parquet  # noqa: E402
from newsclean.errors import UsageError  # noqa: E402
from newsclean.pipeline import CleanOptions, clean  # noqa: E402
from newsclean.read import ReadOptions, read_path  # noqa: E402
from newsclean.write import WriteOptions  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as c:
        yield c


def local_json(*inputs: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["clean", "-j", "1", "--to", "jsonl", *inputs])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.split("\n") if line]
    for record in records:
        del record["blocks"]
    return records


def dataset_rows(path: Path) -> list[dict[str, Any]]:
    import dask.dataframe as dd

    frame = dd.read_parquet(str(path), dtype_backend="pyarrow").compute()
    assert tuple(frame.columns) == COLUMNS
    return [row_to_dict(r) for r in pa.Table.from_pandas(frame, preserve_index=False).to_pylist()]


def test_cli_dataset_equals_the_local_json(tmp_path: Path, client: Any) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    (src / "broken.json").write_text("{")
    out = tmp_path / "out"
    result = engine.run_clean_on_dask(
        [str(src)],
        str(out),
        CleanOptions(),
        WriteOptions(),
        ReadOptions(),
        to="parquet",
        client=client,
        files_per_task=2,
    )
    assert [f.display for f in result.failures] == [str(src / "broken.json")]
    parts = sorted(p.name for p in out.iterdir())
    assert parts == [dask_parquet.part_name(i) for i in range(len(parts))] and len(parts) >= 3
    assert not list(tmp_path.glob(".out.*"))  # the temporary directory was renamed into place
    expected = local_json(*(str(p) for p in sorted(src.iterdir()) if p.name != "broken.json"))
    assert dataset_rows(out) == expected
    assert result.written == len(expected)
    schema = pq.read_schema(out / parts[0])
    assert pa.types.is_list(schema.field("removed").type)


def test_library_round_trip(tmp_path: Path) -> None:
    import dask
    import dask.bag as db

    articles = [clean(a, CleanOptions()) for a in read_path(SAMPLES / "scraper-array.json")]
    articles += list(read_path(SAMPLES / "records.jsonl"))
    with dask.config.set(scheduler="sync"):
        dask_parquet.to_parquet_dataset(db.from_sequence(articles, npartitions=2), str(tmp_path))
        back = dask_parquet.read_parquet_bag(str(tmp_path)).compute()
    assert [a.to_dict() | {"blocks": None} for a in back] == [
        a.to_dict() | {"blocks": None} for a in articles
    ]


def test_dataset_directory_must_be_new_or_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="other files"):
        dask_parquet.Dataset(str(tmp_path))


def test_parquet_output_refuses_across() -> None:
    result = CliRunner().invoke(
        cli,
        ["clean", "--engine", "dask", "--across", "--to", "parquet", "-o", "x/", str(SAMPLES)],
    )
    assert result.exit_code == 2
    assert "--across" in result.stderr


@pytest.mark.parametrize("across", [False, True])
def test_filters_on_dask_equal_the_local_run(tmp_path: Path, client: Any, across: bool) -> None:
    from newsclean.collection.duplicates import DuplicateOptions
    from newsclean.filters import Filter

    out = tmp_path / "out"
    result = engine.run_clean_on_dask(
        [str(SAMPLES)],
        str(out),
        CleanOptions(),
        WriteOptions(),
        ReadOptions(),
        to="jsonl",
        client=client,
        keep=Filter(frozenset({"ar"}), min_words=30),
        duplicates=DuplicateOptions() if across else None,
    )
    assert result.failures == []
    got = [
        json.loads(line)
        for path in sorted(out.rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    args = ["--lang", "ar", "--min-words", "30", *(["--across"] if across else [])]
    expected = local_json(*args, *(str(p) for p in sorted(SAMPLES.iterdir())))
    for record in got:
        del record["blocks"]
    assert sorted(r["title"] for r in got) == sorted(r["title"] for r in expected)
    assert result.written == len(expected)
    assert sum(result.dropped.values()) == len(local_json(str(SAMPLES))) - len(expected) - (
        result.duplicates if across else 0
    )
    assert set(result.dropped) == {"lang", "min-words"}
