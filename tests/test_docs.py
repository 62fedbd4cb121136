"""The documentation keeps up with the code: every command and long option is documented under
``docs/``, the README's first two commands are the ones CI runs, and every relative link (and
its ``#anchor``) in README.md and docs/ points at something that exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from newsclean.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^()\s]+)\)")


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def _docs_text() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.rglob("*.md")))


def _commands() -> dict[str, click.Command]:
    ctx = click.Context(cli)
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in commands.items() if command is not None}


def _long_options(command: click.Command) -> list[str]:
    return [
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    ]


def test_the_group_has_the_commands_the_docs_describe() -> None:
    # Guards the parametrization below: a command the lazy group failed to load would
    # otherwise silently escape the option check.
    assert set(_commands()) == {"clean", "dedup", "export", "learn", "normalize", "show", "strip"}


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_long_option_is_documented(name: str) -> None:
    text = _docs_text()
    assert (DOCS / "commands" / f"{name}.md").is_file(), f"docs/commands/{name}.md is missing"
    assert f"newsclean {name}" in text
    missing = [
        opt
        for opt in _long_options(_commands()[name])
        if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text)
    ]
    assert missing == [], f"newsclean {name}: options not mentioned under docs/: {missing}"


def test_the_groups_own_options_are_documented() -> None:
    text = _docs_text()
    for opt in _long_options(cli):
        assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text), opt


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in FENCE.findall(readme)[:2]]


def test_readme_starts_with_the_two_commands() -> None:
    assert _readme_commands() == [
        "pip install . && newsclean clean --to md samples/",
        "pip install -e '.[test,dask]' && python -m pytest -q",
    ]
    assert (ROOT / "samples").is_dir()


def test_readme_test_command_is_what_ci_runs() -> None:
    install, test = (part.strip() for part in _readme_commands()[1].split("&&"))
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert test in ci_lines, f"{test!r} is not a line of .ci/run"
    readme_args = shlex.split(install)[2:]  # after "pip install"
    ci_installs = [shlex.split(line) for line in ci_lines if "pip install" in line]
    assert len(ci_installs) == 1
    ci_args = ci_installs[0][ci_installs[0].index("install") + 1 :]
    assert [arg for arg in ci_args if arg != "-q"] == readme_args


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(page: Path) -> list[str]:
    text = INLINE_CODE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
    return LINK.findall(text)


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(target)
            continue
        if anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(target)
    assert broken == [], f"{page.relative_to(ROOT)}: broken links {broken}"


def test_the_link_checker_sees_links() -> None:
    # A regex that matched nothing would pass every page above.
    assert "docs/index.md" in _links(ROOT / "README.md")
    assert "commands/clean.md" in _links(DOCS / "index.md")
    assert "archives-resume-parallelism" in _anchors(DOCS / "commands" / "clean.md")
