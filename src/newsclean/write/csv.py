"""CSV: one row per article under a fixed header (``newsclean.columns``), RFC 4180.

Fields are quoted when they hold a comma, a quote or a line break (doubled quotes inside);
rows end with CRLF; lists, ``removed`` and the JSON-object columns are JSON text. Cells are
written as they are: a cell starting with ``=``, ``+``, ``-`` or ``@`` is not prefixed
against spreadsheet formula injection, since that would change article text for every
data tool reading the file (see docs/tables.md).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from newsclean.article import Article
from newsclean.columns import COLUMNS, LIST_COLUMNS, to_row


def _writer(buffer: io.StringIO) -> Any:
    return csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def csv_header() -> str:
    """The header line (ends with CRLF)."""
    buffer = io.StringIO()
    _writer(buffer).writerow(COLUMNS)
    return buffer.getvalue()


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def render_csv_row(article: Article) -> str:
    """One article as one CSV row (ends with CRLF; quoted line breaks may come before)."""
    row = to_row(article)
    buffer = io.StringIO()
    _writer(buffer).writerow([_cell(c, row[c]) for c in COLUMNS])
    return buffer.getvalue()
