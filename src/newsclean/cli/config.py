"""Option defaults from configuration files and ``NEWSCLEAN_*`` environment variables.

Precedence, highest first (each layer only fills what the layers above left unset):

1. options on the command line;
2. ``NEWSCLEAN_<COMMAND>_<OPTION>`` then ``NEWSCLEAN_<OPTION>`` environment variables
   (``NEWSCLEAN_CLEAN_JOBS=4``, ``NEWSCLEAN_TO=jsonl``);
3. ``--config FILE``;
4. ``newsclean.toml`` in the working directory;
5. ``[tool.newsclean]`` in ``pyproject.toml`` in the working directory;
6. built-in defaults.

A file holds option names (long option without dashes; ``-`` or ``_`` alike) at the top
level, for every command, and per command in a table (``[clean]`` in newsclean.toml,
``[tool.newsclean.clean]`` in pyproject.toml)::

    jobs = 4
    [clean]
    to = "md"
    skip-existing = true

Everything becomes the command's click ``default_map``, so values are checked and
converted exactly like typed options, and ``--help`` shows them as defaults.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ENV_PREFIX = "NEWSCLEAN_"
LOCAL_FILE = "newsclean.toml"


class ConfigError(click.UsageError):
    """A configuration file that cannot be read or parsed (exit 2)."""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: not valid TOML ({exc}); fix or remove it") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config {path}: not UTF-8 text; save it as UTF-8") from None


def layers(config_file: str | None, cwd: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The configuration tables that apply, lowest precedence first, with their origin."""
    cwd = cwd or Path.cwd()
    found: list[tuple[str, dict[str, Any]]] = []
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        section = _read_toml(pyproject).get("tool", {}).get("newsclean")
        if isinstance(section, dict):
            found.append((str(pyproject), section))
    local = cwd / LOCAL_FILE
    if local.is_file():
        found.append((str(local), _read_toml(local)))
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"--config {config_file}: no such file")
        found.append((str(path), _read_toml(path)))
    return found


def _names(command: click.Command) -> dict[str, click.Parameter]:
    """Every spelling a config key may use for the command's options -> the option."""
    names: dict[str, click.Parameter] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name is None:
            continue
        names[param.name] = param
        for opt in (*param.opts, *param.secondary_opts):
            if opt.startswith("--"):
                names.setdefault(opt[2:].replace("-", "_"), param)
    return names


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__  # a TOML date or time


def _check(param: click.Parameter, value: object, where: str) -> None:
    """A file's value must have the TOML type the option takes; click would otherwise crash
    on some (a list for --jobs) and silently convert others (``jobs = true`` as 1)."""
    kind = param.type
    if isinstance(param, click.Option) and param.multiple:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        expected = 'a list of strings (["a", "b"])'
    elif (isinstance(param, click.Option) and param.is_flag) or isinstance(
        kind, click.types.BoolParamType
    ):
        ok, expected = isinstance(value, bool), "true or false"
    elif isinstance(kind, click.types.IntParamType):
        ok, expected = isinstance(value, int) and not isinstance(value, bool), "an integer"
    elif isinstance(kind, click.types.FloatParamType):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected = "a number"
    elif isinstance(kind, (click.types.StringParamType, click.Choice, click.Path)):
        ok, expected = isinstance(value, str), "a string"
    else:  # an option's own type (a size): a string, or a plain number
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        expected = "a string or a number"
    if not ok:
        raise ConfigError(f"config {where}: must be {expected}, not {_kind(value)}")


def default_map(
    command_name: str,
    command: click.Command,
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    others: Callable[[], Mapping[str, click.Command]] | None = None,
) -> dict[str, Any]:
    """The ``default_map`` for one command from files and environment (see module doc).

    ``others``: every command by name (asked only when a key is not this command's, as
    loading them all costs start-up time); a file's key that is none of their options, or a
    table that is none of them, is then an error (a typo would otherwise do nothing)."""
    names = _names(command)
    result: dict[str, Any] = {}

    def known(key: str) -> bool:
        return others is None or any(_key(key) in _names(c) for c in others().values())

    def apply(table: Mapping[str, Any], origin: str, section: str = "") -> None:
        for key, value in table.items():
            # a key is anything a quoted TOML key holds: no control character reaches stderr
            shown = key if key.isprintable() else ascii(key)
            where = f"{origin}: {section}{shown}"
            if isinstance(value, dict) and not section:
                if others is not None and key not in others():
                    raise ConfigError(f"config {where}: no such command table")
                continue  # another command's table
            param = names.get(_key(key))
            if param is None:
                if not known(key) or section:
                    raise ConfigError(f"config {where}: unknown option; see --help")
                continue  # an option of another command (top level)
            if param.name == "config_file":
                continue
            _check(param, value, where)
            result[str(param.name)] = value

    for origin, table in layers(config_file, cwd):
        apply(table, origin)
        section = table.get(command_name)
        if isinstance(section, dict):
            apply(section, origin, f"[{command_name}] ")
    env = os.environ if environ is None else environ
    specific = f"{ENV_PREFIX}{command_name.upper()}_"
    general = {k[len(ENV_PREFIX) :]: v for k, v in env.items() if k.startswith(ENV_PREFIX)}
    command_env = {k[len(specific) :]: v for k, v in env.items() if k.startswith(specific)}
    for table in (general, command_env):
        for key, value in table.items():
            param = names.get(_key(key))
            if param is None or param.name == "config_file":
                continue
            result[str(param.name)] = value.split() if param.multiple else value
    return result


def config_argument(args: Sequence[str]) -> str | None:
    """The value of ``--config FILE`` / ``--config=FILE`` among a command's raw arguments."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None
