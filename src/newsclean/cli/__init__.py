"""The ``newsclean`` command group. Each subcommand lives in its own module in this package;
this module only assembles them (imported on first use, so ``newsclean --help`` and a
one-file run do not pay for every subcommand's imports) and applies configuration files
and ``NEWSCLEAN_*`` environment variables (see ``newsclean.cli.config``)."""

from __future__ import annotations

import gc

# Importing click and newsclean builds ~100,000 objects that live as long as the process;
# the collector's passes over them while they are built find nothing to free (about 1% of
# a command's start-up), so it waits until they are built.
_COLLECTING = gc.isenabled()
gc.disable()

import threading  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from gettext import gettext as _  # noqa: E402
from importlib import import_module  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from newsclean.cli.parsing import quick_short_options  # noqa: E402
from newsclean.errors import Terminated  # noqa: E402

if _COLLECTING:
    gc.enable()

#: Subcommands, in the order ``--help`` lists them; ``newsclean.cli.<name>.command``.
COMMANDS = ("clean", "strip", "dedup", "normalize", "export", "learn", "show")
#: Commands whose option defaults come from config files and the environment.
CONFIGURED = ("clean",)

#: The first paragraph of each subcommand's help, which is all ``newsclean --help`` shows
#: of it: listing them from here spares that listing importing every subcommand (about a
#: third of its start-up). ``tests/test_cli_lazy.py`` checks them against the commands.
SUMMARIES = {
    "clean": "Strip boilerplate, drop repeated headlines and paragraphs, normalize typography "
    "and export, in one pass. Every option of strip, dedup and normalize is accepted here.",
    "strip": "Remove boilerplate: site footers and copyright lines, disclaimers, 'read also / "
    "related / latest / most read' tails, tag lists, share/follow/newsletter/cookie/comment "
    "prompts, photo credits, ads and navigation. The article's own sentences are kept byte "
    "for byte; everything removed is recorded in the output's 'removed' list.",
    "dedup": "Remove repeated headlines/paragraphs and duplicate articles.",
    "normalize": "Unify quotes, punctuation and spacing; remove invisible damage; repair mojibake.",
    "export": "Convert articles to Markdown, JSON, JSON Lines or plain text (no cleaning).",
    "learn": "Learn a site's boilerplate from a collection: lines and sentences that repeat "
    "across many articles of the same site (grouped by meta.site, url host or directory), "
    "and 'label: <headline>' lines that end many of them. Writes a rules file (TOML) for "
    "'newsclean strip --rules FILE'; prints what it learned on stderr.",
    "show": "Render articles in the terminal, right-to-left text in reading order.",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in COMMANDS:
            return command
        try:
            module = import_module(f"newsclean.cli.{cmd_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsclean.cli.{cmd_name}":
                raise
            return None
        command = module.command
        assert isinstance(command, click.Command)
        self.add_command(command, cmd_name)
        _imports_done()
        return command

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        quick_short_options(parser, ctx)  # ``newsclean -h`` skips click's discarded suggestions
        return parser

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands' list in ``--help``, as ``click.Group`` writes it, from
        ``SUMMARIES`` for the subcommands not imported yet."""
        names = self.list_commands(ctx)
        rows: list[tuple[str, click.Command | None]] = []
        for name in names:
            if name in COMMANDS and name not in self.commands:
                rows.append((name, None))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        listed = [
            (
                name,
                command.get_short_help_str(limit)
                if command is not None
                else click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit),
            )
            for name, command in rows
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(listed)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name in CONFIGURED and command is not None and not ctx.resilient_parsing:
            from newsclean.cli.config import config_argument, default_map

            def others() -> dict[str, click.Command]:
                return {n: c for n in COMMANDS if (c := self.get_command(ctx, n)) is not None}

            defaults = default_map(name, command, config_argument(rest), others=others)
            ctx.default_map = {**(ctx.default_map or {}), name: defaults}
        return name, command, rest


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """What click's version_option prints, with the version looked up only now."""
    if not value or ctx.resilient_parsing:
        return
    from newsclean import __version__

    click.echo(f"newsclean, version {__version__}", color=ctx.color)
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
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


def _signal_module() -> Any:
    try:
        return import_module("_signal")
    except ImportError:  # pragma: no cover - another Python implementation
        return import_module("signal")


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


#: Set by :func:`main`: this process is one command run, not a program using newsclean.
WHOLE_PROCESS = False
#: Set by :func:`main` while the collector waits for the command's imports.
_PAUSED = False


def _imports_done() -> None:
    """The command's module is imported: what the imports built lives as long as the
    process, out of the collector's passes (``gc.freeze``), which resume now."""
    global _PAUSED
    if _PAUSED:
        _PAUSED = False
        gc.freeze()
        gc.enable()


def main(args: Sequence[str] | None = None, **extra: Any) -> None:
    """Console-script entry point."""
    global WHOLE_PROCESS
    WHOLE_PROCESS = True
    # SIGTERM stops a run like Ctrl-C (workers finish their task, nothing half-written is
    # left) instead of killing this process alone and leaving its workers behind.
    if threading.current_thread() is threading.main_thread():
        # (the C module under ``signal``: the same call, without building signal's enums)
        signals = _signal_module()
        signals.signal(signals.SIGTERM, _terminate)
    global _PAUSED
    # As while this module's imports ran: no collection until the command's are done.
    _PAUSED = gc.isenabled()
    gc.disable()
    try:
        cli(args, prog_name="newsclean", **extra)
    finally:
        if _PAUSED:
            _PAUSED = False
            gc.enable()
