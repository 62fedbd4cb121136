"""Click's option parser without the suggestions it computes and throws away.

Click's parser tries every option word as a long option first: ``-q`` is looked up among
the long options, and the failure builds a ``NoSuchOption`` whose "did you mean" list is
``difflib.get_close_matches`` over every long option (importing ``difflib``) before the
parser falls back to the short options. For a word with a one-character prefix (``-q``,
``-j4``) that error is always caught and dropped: only ``--name`` shows its suggestions.
:func:`quick_short_options` makes that first failure a plain ``NoSuchOption`` (no
suggestions, no ``gettext`` lookup), so every run that uses a short option skips it;
``--quite`` still prints click's own "(Possible options: --quiet)". On a click whose parser
lacks the private names this relies on, the parser is left as it is.
"""

from __future__ import annotations

from typing import Any

import click


def quick_short_options(parser: Any, ctx: click.Context) -> None:
    """Let ``parser`` (what ``Command.make_parser`` returned) skip the suggestions of a
    long-option lookup whose failure it never shows."""
    match_long = getattr(parser, "_match_long_opt", None)
    longs = getattr(parser, "_long_opt", None)
    prefixes = getattr(parser, "_opt_prefixes", None)
    if match_long is None or not isinstance(longs, dict) or not isinstance(prefixes, set):
        return

    def _match_long_opt(opt: str, explicit_value: str | None, state: Any) -> None:
        # Exactly the words whose NoSuchOption _process_opts catches and drops for the
        # short-option lookup (its test is ``arg[:2] not in self._opt_prefixes``).
        if opt not in longs and opt[:2] not in prefixes:
            raise click.NoSuchOption(opt, message=opt, ctx=ctx)
        match_long(opt, explicit_value, state)

    parser._match_long_opt = _match_long_opt


class Command(click.Command):
    """A ``click.Command`` whose parser tries short options without click's discarded
    suggestions (see :func:`quick_short_options`)."""

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        quick_short_options(parser, ctx)
        return parser
