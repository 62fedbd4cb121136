"""``newsclean export``: convert articles between formats without cleaning them."""

from __future__ import annotations

import click

from newsclean.cli.common import IOConfig, io_options, run
from newsclean.cli.parsing import Command


@click.command("export", cls=Command)
@io_options
def command(io: IOConfig) -> None:
    """Convert articles to Markdown, JSON, JSON Lines or plain text (no cleaning).

    INPUT: files, directories (walked recursively: files with a known extension, hidden
    entries skipped), or '-' for stdin (the default). Formats: txt, html, json, jsonl,
    csv, optionally .gz-compressed.

    \b
    newsclean export samples/                       # Markdown on stdout
    newsclean export --to jsonl samples/ > all.jsonl
    newsclean export --to md -o out/ samples/       # out/ mirrors samples/
    find . -name '*.html' -print0 | newsclean export --files-from - -0 -o out/
    """
    run(io)
