"""Writers: Article -> text in one output format (``md``, ``json``, ``jsonl``, ``txt``)."""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.article import Article
from newsclean.write.json import render_json, render_jsonl
from newsclean.write.markdown import render_markdown
from newsclean.write.text import render_text

#: Output formats and the file extension each one gets.
FORMATS = ("md", "json", "jsonl", "txt")
EXTENSIONS = {"md": ".md", "json": ".json", "jsonl": ".jsonl", "txt": ".txt"}
#: File extensions that imply a format for ``-o FILE``.
FORMAT_OF_EXTENSION = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "txt",
    ".text": "txt",
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
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")


@dataclass(frozen=True, slots=True)
class Renderer:
    """A picklable ``Article -> str`` for worker processes."""

    fmt: str
    options: WriteOptions = WriteOptions()

    def __call__(self, article: Article) -> str:
        return render(article, self.fmt, self.options)


__all__ = ["EXTENSIONS", "FORMATS", "Renderer", "WriteOptions", "render"]
