"""Parquet input: each row is a record, read one row group at a time (memory bounded).

Rows go through the same field mapping as JSON and CSV records (``read.records``); a
table newsclean wrote itself (``newsclean.columns``) is restored. Values Arrow gives as
Python objects JSON cannot hold (timestamps, dates, decimals, bytes) become strings, so
carried fields survive every output format. Needs pyarrow (the ``parquet`` extra).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from newsclean.errors import FormatError, InputError

#: Every Parquet file starts (and ends) with these bytes.
MAGIC = b"PAR1"
#: Rows converted at a time (a row group is read whole by Arrow; this bounds the Python
#: objects alive at once).
BATCH_ROWS = 256
INSTALL_HINT = "pip install 'newsclean[parquet]'"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    import datetime  # only for values JSON lacks: spared at every start
    import decimal

    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def seekable(head: bytes, stream: BinaryIO) -> BinaryIO:
    """A seekable stream over the whole input: the file itself, rewound, or (a pipe, a
    gzip stream) the input read into memory. Parquet's index is at the end of the file."""
    try:
        if stream.seekable():
            stream.seek(0)
            return stream
    except (OSError, ValueError, AttributeError):
        pass
    return io.BytesIO(head + stream.read())


def iter_parquet(source: BinaryIO) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(index, row) for every row, row group by row group."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow", INSTALL_HINT) from None
    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(f"not a readable Parquet file ({exc})", "check the file") from None
    index = 0
    try:
        for group in range(parquet.num_row_groups):
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
                for row in batch.to_pylist():
                    yield index, {str(k): _jsonable(v) for k, v in row.items()}
                    index += 1
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(f"unreadable Parquet data after row {index} ({exc})") from None
