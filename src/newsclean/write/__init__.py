"""Writers: Article -> text in one output format (``md``, ``json``, ``jsonl``, ``txt``,
``csv``, ``parquet``).

``parquet`` renders an article as its table row in JSON; ``write.parquet.ParquetSink``
turns the rows into a Parquet file (needs the ``parquet`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.article import Article
from newsclean.write.csv import csv_header, render_csv_row
from newsclean.write.json import render_json, render_jsonl
from newsclean.write.markdown import render_markdown
from newsclean.write.text import render_text

#: Output formats and the file extension each one gets.
FORMATS = ("md", "json", "jsonl", "txt", "csv", "parquet")
EXTENSIONS = {
    "md": ".md",
    "json": ".json",
    "jsonl": ".jsonl",
    "txt": ".txt",
    "csv": ".csv",
    "parquet": ".parquet",
}
#: Formats with one row per article under a fixed header (``newsclean.columns``).
TABLE_FORMATS = frozenset({"csv", "parquet"})
#: File extensions that imply a format for ``-o FILE``.
FORMAT_OF_EXTENSION = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "txt",
    ".text": "txt",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """How articles are written."""

    #: Markdown only: start each article with YAML front matter holding its metadata.
    front_matter: bool = False


def render(article: Article, fmt: str, options: WriteOptions | None = None) -> str:
    """One article in ``fmt``; always ends with exactly one newline."""
    options = options or WriteOptions()
    if fmt == "md":
        return render_markdown(article, front=options.front_matter)
    if fmt == "json":
        return render_json(article)
    if fmt == "jsonl":
        return render_jsonl(article)
    if fmt == "txt":
        return render_text(article)
    if fmt == "csv":
        return render_csv_row(article)
    if fmt == "parquet":
        from newsclean.write.parquet import render_parquet_row

        return render_parquet_row(article)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")


def preamble(fmt: str) -> str:
    """What an output file of ``fmt`` starts with before its first article (CSV: the
    header, also in a file with no rows)."""
    return csv_header() if fmt == "csv" else ""


@dataclass(frozen=True, slots=True)
class Renderer:
    """A picklable ``Article -> str`` for worker processes."""

    fmt: str
    options: WriteOptions = WriteOptions()

    def __call__(self, article: Article) -> str:
        return render(article, self.fmt, self.options)


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "TABLE_FORMATS",
    "Renderer",
    "WriteOptions",
    "preamble",
    "render",
]
