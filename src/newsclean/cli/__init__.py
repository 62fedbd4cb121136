"""The ``newsclean`` command group. Each subcommand lives in its own module in this package;
this module only assembles them and maps uncaught failures to exit codes."""

from __future__ import annotations

import click

from newsclean import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsclean")
def cli() -> None:
    """Turn scraped news articles into clean, consistent text.

    \b
    clean      strip + dedup + normalize + export, in one pass
    strip      remove boilerplate (footers, disclaimers, related tails, ...)
    dedup      remove repeated headlines/paragraphs and duplicate articles
    normalize  unify quotes, punctuation, spacing; repair encoding damage
    export     convert only (md, json, jsonl, txt)

    Each reads files, directories or stdin (no INPUT or "-") and writes stdout or -o.
    Exit codes: 0 all good, 1 some inputs failed (the rest were processed), 2 usage error.
    """


def _register() -> None:
    # Subcommands register here, one import each, so the group stays readable at a glance.
    from importlib import import_module

    for name in ("export", "strip", "dedup", "normalize", "clean", "learn", "show"):
        try:
            module = import_module(f"newsclean.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsclean.cli.{name}":
                raise
            continue
        cli.add_command(module.command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsclean")
