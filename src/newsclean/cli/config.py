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
from collections.abc import Mapping, Sequence
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


def default_map(
    command_name: str,
    command: click.Command,
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    """The ``default_map`` for one command from files and environment (see module doc)."""
    names = _names(command)
    result: dict[str, Any] = {}

    def apply(table: Mapping[str, Any]) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                continue  # another command's table
            param = names.get(_key(key))
            if param is None:
                continue  # an option of another command (top level) or unknown
            if param.name == "config_file":
                continue
            result[str(param.name)] = value

    for _origin, table in layers(config_file, cwd):
        apply(table)
        section = table.get(command_name)
        if isinstance(section, dict):
            apply(section)
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
