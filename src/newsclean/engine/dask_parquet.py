"""Parquet datasets on Dask: the table columns of ``newsclean.columns`` with their Arrow types.

Library (``dask.dataframe``)::

    bag = read_parquet_bag("s3://bucket/scraped/")        # dd.read_parquet -> Articles
    to_parquet_dataset(clean_bag(bag), "s3://bucket/clean/")  # Articles -> dd.to_parquet

CLI: ``newsclean clean --engine dask --to parquet -o DIR`` writes DIR as a Parquet dataset
(``dd.read_parquet(DIR)``, ``pyarrow.dataset``, DuckDB ``read_parquet('DIR/*.parquet')``):
each task's articles become one part file ``part.NNNNN.parquet``, numbered in input order and
written by the worker that cleaned them, so the client never holds article text and memory
stays bounded by one task (the same one-pass plan as the other formats; ``dd.to_parquet``
over a bag would need a second pass or a persisted bag to report failures). A local DIR is
written into a temporary directory beside it and renamed into place at the end.

Needs the ``dask`` and ``parquet`` extras; imported only when used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsclean.article import Article
from newsclean.columns import COLUMNS, to_row
from newsclean.engine.inputs import local_path
from newsclean.engine.local import Event, Failure, Item
from newsclean.errors import UsageError
from newsclean.read import ReadOptions, Record, to_article
from newsclean.read.parquet import _jsonable
from newsclean.write.parquet import require, schema

if TYPE_CHECKING:
    from newsclean.engine.dask import Job

Bag = Any


def _mod(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def part_name(index: int) -> str:
    """The file name of a dataset's ``index``-th part (sorted names = input order)."""
    return f"part.{index:05d}.parquet"


# --- library --------------------------------------------------------------------------------


def _frame(items: Iterable[Any]) -> Any:
    """Articles (Failures skipped) as a pandas frame of the table columns (object dtype:
    ``dd.to_parquet`` applies the Arrow schema)."""
    pd = _mod("pandas")
    rows = [to_row(a) for a in items if isinstance(a, Article)]
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in COLUMNS})


def to_parquet_dataset(bag: Bag, path: str, **to_parquet: Any) -> None:
    """Write a bag of Articles as a Parquet dataset with the table columns (``dd.to_parquet``;
    extra keyword arguments go to it, e.g. ``storage_options``)."""
    require()
    dask = _mod("dask")
    dd = _mod("dask.dataframe")
    # Object columns stay objects until Arrow converts them with the schema (Dask would
    # otherwise turn them into strings, lists and removed included).
    with dask.config.set({"dataframe.convert-string": False}):
        frames = [dask.delayed(_frame)(part) for part in bag.to_delayed()]
        ddf = dd.from_delayed(frames, meta=_frame([]))
        ddf.to_parquet(path, schema=schema(), write_index=False, **to_parquet)


def _articles(frame: Any, source: str, read: ReadOptions) -> list[Article]:
    pa = _mod("pyarrow")
    rows = pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    base = {"source": source, "format": "parquet", "encoding": "utf-8"}
    return [
        to_article(Record({str(k): _jsonable(v) for k, v in row.items()}, base), read)
        for row in rows
    ]


def read_parquet_bag(path: str, read: ReadOptions | None = None, **read_parquet: Any) -> Bag:
    """A bag of Articles from a Parquet file or dataset (``dd.read_parquet``; extra keyword
    arguments go to it). Rows map to articles as every record input's do; a newsclean table
    is restored."""
    require()
    dask = _mod("dask")
    dd = _mod("dask.dataframe")
    dask_bag = _mod("dask.bag")
    # Arrow-backed columns keep int64 with nulls and list<struct> as they were written.
    ddf = dd.read_parquet(path, dtype_backend="pyarrow", **read_parquet)
    convert = dask.delayed(_articles)
    read = read or ReadOptions()
    return dask_bag.from_delayed([convert(p, path, read) for p in ddf.to_delayed()])


# --- the CLI's dataset output -----------------------------------------------------------


def _part_bytes(rows: list[dict[str, Any]]) -> bytes:
    pa = _mod("pyarrow")
    pq = _mod("pyarrow.parquet")
    from newsclean.write.parquet import ParquetSink

    table = ParquetSink.table_of(rows, schema())
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer, compression="zstd")
    return bytes(buffer.getvalue().to_pybytes())


def write_part(events: list[Event], where: str, index: int) -> list[Event]:
    """Write the rendered rows among ``events`` as part ``index`` under ``where`` (a local
    directory or an fsspec URL); the events come back without their payloads."""
    rows = [
        json.loads(e.payload) for e in events if isinstance(e, Item) and isinstance(e.payload, str)
    ]
    out: list[Event] = []
    if rows:
        try:
            put(where, part_name(index), _part_bytes(rows))
        except OSError as exc:
            failed = {e.ref.display for e in events if isinstance(e, Item)}
            message = f"cannot write {part_name(index)}: {exc.strerror or exc}"
            return [
                *(e for e in events if isinstance(e, Failure)),
                *(Failure(d, "", message) for d in sorted(failed)),
            ]
    for event in events:
        if isinstance(event, Item) and isinstance(event.payload, str):
            event = dataclasses.replace(event, payload=None)
        out.append(event)
    return out


def put(where: str, name: str, data: bytes) -> None:
    """One file, whole: a local write or one object PUT (atomic on an object store)."""
    root = local_path(where)
    if root is not None:
        with open(os.path.join(root, name), "wb") as handle:
            handle.write(data)
        return
    import fsspec

    fs, base = fsspec.core.url_to_fs(where)
    fs.pipe(f"{base.rstrip('/')}/{name}", data)


def clean_and_write_part(refs: tuple[Any, ...], job: Job, where: str, index: int) -> list[Event]:
    """Dataset task: read, clean and render ``refs``, write them as one part."""
    from newsclean.engine.dask_io import read_unit

    return write_part(read_unit(refs, job.config), where, index)


class Dataset:
    """The run's sink for ``--engine dask --to parquet -o DIR``: where the workers write the
    parts (a fresh temporary directory beside a local DIR, published on :meth:`close`; or
    the URL itself). Nothing is added through it: the workers write."""

    def __init__(self, output: str) -> None:
        self.output = output
        self.root = local_path(output)
        self.tmp: str | None = None
        if self.root is None:
            return
        root = self.root.rstrip("/" + os.sep) or self.root
        if os.path.isdir(root):
            others = [n for n in os.listdir(root) if not n.endswith(".parquet")]
            if others:
                raise UsageError(
                    f"{root} holds other files than a Parquet dataset's parts ({others[0]})",
                    "choose a new or empty directory for --to parquet",
                )
        elif os.path.exists(root):
            raise UsageError(
                f"the output {root} exists and is not a directory", "choose another -o"
            )
        from newsclean.write.sink import TMP_TAG

        parent, name = os.path.split(root)
        self.tmp = os.path.join(parent, f".{name}.{os.getpid()}{TMP_TAG}")
        shutil.rmtree(self.tmp, ignore_errors=True)
        os.makedirs(self.tmp)
        self.root = root

    @property
    def where(self) -> str:
        return self.tmp if self.tmp is not None else self.output

    def add(
        self, ref: Any, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        raise AssertionError("the workers write a Parquet dataset's parts")

    def exists(self, ref: Any) -> bool:
        return False

    def close(self) -> None:
        """Publish the parts (an empty run still gets one part: the schema, no rows)."""
        if self.tmp is not None and not os.listdir(self.tmp):
            put(self.where, part_name(0), _part_bytes([]))
        if self.tmp is not None and self.root is not None:
            from pathlib import Path

            from newsclean.write.sink import _replace_dir

            _replace_dir(Path(self.tmp), Path(self.root))

    def abort(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self.tmp)
