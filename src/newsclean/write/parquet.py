"""Parquet: the table columns (``newsclean.columns``) with real types, written as records
stream, one row group at a time (memory stays bounded), into one file replaced atomically.

Needs pyarrow (``pip install 'newsclean[parquet]'``), imported only when Parquet is used.
Workers render an article as its row in JSON (a string, like every other format, so the
engines and sinks carry it unchanged); the sink here parses rows and writes row groups.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from newsclean.article import Article
from newsclean.columns import COLUMNS, META_COLUMNS, to_row
from newsclean.errors import UsageError, output_error
from newsclean.write.sink import InputRef

#: What to tell a user without pyarrow (one line, what to do).
INSTALL_HINT = "pip install 'newsclean[parquet]'"
#: Rows per row group: large enough for good compression and fast scans, small enough
#: that a group of long articles stays a few tens of MB in memory.
ROWS_PER_GROUP = 2048
#: A row group is also written once its rows hold this many characters of JSON.
CHARS_PER_GROUP = 64 << 20


def available() -> bool:
    """Whether pyarrow can be imported (without importing it)."""
    try:
        return importlib.util.find_spec("pyarrow") is not None
    except (ImportError, ValueError):
        return False


def require() -> None:
    """Raise UsageError (exit 2) when pyarrow is missing."""
    if not available():
        raise UsageError("Parquet needs pyarrow, which is not installed", INSTALL_HINT)


def render_parquet_row(article: Article) -> str:
    """One article as its table row in compact JSON (the sink turns rows into columns)."""
    return json.dumps(to_row(article), ensure_ascii=False, separators=(",", ":")) + "\n"


def schema() -> Any:
    """The Arrow schema of the table columns."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "list<string>": pa.list_(pa.string()),
    }
    removal = pa.struct(
        [
            ("step", pa.string()),
            ("rule", pa.string()),
            ("text", pa.string()),
            ("position", pa.int64()),
            ("field", pa.string()),
        ]
    )
    fields = []
    for column in COLUMNS:
        if column.startswith("meta.") and column[5:] in META_COLUMNS:
            kind = types[META_COLUMNS[column[5:]]]
        elif column == "removed":
            kind = pa.list_(removal)
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields, metadata={"newsclean.columns": "1"})


def _clean_text(value: Any) -> Any:
    # Arrow strings are UTF-8: a lone surrogate (JSON input's "\ud800") becomes its escape,
    # as in every other output format.
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_clean_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_text(v) for k, v in value.items()}
    return value


class ParquetSink:
    """Every article into one Parquet file (``-o FILE.parquet``), committed at the end."""

    def __init__(self, path: str) -> None:
        require()
        from newsclean.write.sink import AtomicFile

        self.path = Path(path)
        self._atomic = AtomicFile
        self._file: Any = None
        self._writer: Any = None
        self._schema = schema()
        self._rows: list[dict[str, Any]] = []
        self._chars = 0

    def _open(self) -> Any:
        if self._writer is None:
            import pyarrow.parquet as pq

            self._file = self._atomic(self.path)
            self._writer = pq.ParquetWriter(
                self._file.handle, self._schema, compression="zstd", write_statistics=True
            )
        return self._writer

    def add(
        self, ref: InputRef, index: int | None, multi: bool, text: str, name: str | None = None
    ) -> None:
        self._rows.append(json.loads(text))
        self._chars += len(text)
        if len(self._rows) >= ROWS_PER_GROUP or self._chars >= CHARS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:

        rows, self._rows, self._chars = self._rows, [], 0
        if not rows:
            return
        table = self.table_of(rows, self._schema)
        try:
            self._open().write_table(table)
        except OSError as exc:
            raise output_error(self.path, exc) from None

    @staticmethod
    def table_of(rows: list[dict[str, Any]], schema: Any) -> Any:
        """Rows (``columns.to_row`` dicts) as an Arrow table of ``schema``."""
        import pyarrow as pa

        def build(rows: list[dict[str, Any]]) -> Any:
            # Column by column: about 4x faster than Table.from_pylist over row dicts.
            arrays = [pa.array([row[f.name] for row in rows], type=f.type) for f in schema]
            return pa.Table.from_arrays(arrays, schema=schema)

        try:
            return build(rows)
        except (pa.ArrowInvalid, UnicodeEncodeError):
            return build([_clean_text(r) for r in rows])

    def close(self) -> None:
        self._flush()
        try:
            self._open().close()  # an empty run still writes a valid file (no rows)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None
        self._file.commit()

    def abort(self) -> None:
        if self._writer is not None:
            # The temporary file is removed next: a failing close changes nothing.
            with contextlib.suppress(Exception):
                self._writer.close()
        if self._file is not None:
            self._file.abort()
        self._writer = self._file = None

    def exists(self, ref: InputRef) -> bool:
        return self.path.exists()


__all__ = ["INSTALL_HINT", "ParquetSink", "available", "render_parquet_row", "require", "schema"]
