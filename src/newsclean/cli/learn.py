"""``newsclean learn``: learn a site's boilerplate from a collection and write it as rules for
``newsclean strip --rules``."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from newsclean import console
from newsclean.article import Article
from newsclean.atomic import replacing
from newsclean.cli.common import build_io
from newsclean.cli.parsing import Command
from newsclean.cli.templates import TemplateStage
from newsclean.collection.learn import (
    GROUP_BY,
    Learned,
    Learner,
    LearnOptions,
    to_toml,
    toml_string,
)
from newsclean.collection.templates import Model, TemplateOptions, remove_template
from newsclean.engine import streams
from newsclean.errors import NewscleanError
from newsclean.read import ReadOptions, open_parts, to_article
from newsclean.read import decode as dec
from newsclean.read.records import Bad, Skipped
from newsclean.read.walk import STDIN, InputRef, WalkError, expand, read_list
from newsclean.steps.strip import strip
from newsclean.text.terminal import inert_line


def _refs(inputs: tuple[str, ...], files_from: str | None, null: bool) -> Iterator[Any]:
    yield from expand(inputs or ((STDIN,) if not files_from else ()))
    if files_from:
        try:
            if files_from == STDIN:
                yield from expand(read_list(streams.binary("stdin"), null=null))
            else:
                with open(files_from, "rb") as handle:
                    yield from expand(read_list(handle, null=null), from_list=True)
        except OSError as exc:
            yield WalkError(files_from, f"cannot read list: {exc.strerror or exc}")


def _articles(ref: InputRef, options: ReadOptions) -> Iterator[Article | str]:
    """Articles of one input; a bad record or file comes out as an error line instead."""
    try:
        if ref.path is None:
            stream: Any = streams.binary("stdin")
            opened = open_parts(dec.maybe_gunzip(stream), name=None, source=STDIN, options=options)
            parts = opened.parts
        else:
            handle = dec.open_binary(ref.path)
            opened = open_parts(handle, name=ref.path, source=ref.path, options=options)
            parts = opened.parts
        for part in parts:
            if isinstance(part, Bad):
                yield f"{part.where}: {part.message}"
            elif isinstance(part, Skipped):
                continue  # a web archive's record that holds no article
            else:
                yield to_article(part, options)
    except (OSError, NewscleanError, ValueError) as exc:
        yield f"{ref.display}: {getattr(exc, 'strerror', None) or exc}"


def _summary(learned: list[Learned], totals: Counter[str]) -> None:
    if console.verbosity() < 1:
        return
    by_group: dict[str, list[Learned]] = {}
    for item in learned:
        by_group.setdefault(item.group, []).append(item)
    rows = []
    for group, count in sorted(totals.items()):
        items = by_group.get(group, [])
        example = ""
        if items:
            best = items[0]
            example = " ".join(best.text.split())[:70]
            example = f"{example} ({100 * best.articles / max(best.total, 1):.0f}%)"
        # group names and examples are scraped text: neutralised for the terminal
        rows.append((inert_line(group), str(count), str(len(items)), inert_line(example)))
    if sys.stderr.isatty():
        from rich.table import Table
        from rich.text import Text

        table = Table(title="learned boilerplate", title_justify="left")
        for name in ("group", "articles", "rules", "most frequent"):
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))  # Text: never markup
        console.get_console().print(table)
    else:
        for name, n_articles, rules, sample in rows:
            click.echo(
                f"newsclean: learn: {name}: {n_articles} articles, {rules} rules"
                + (f"; e.g. {sample}" if sample else ""),
                err=True,
            )


def _write(path: str | None, text: str) -> None:
    if path is None or path == STDIN:
        click.echo(text, nl=False)
        return
    with replacing(path) as out:
        out.write(text.encode("utf-8"))


@click.command("learn", cls=Command)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path())
@click.option("-o", "--output", metavar="FILE", help="Write the rules to FILE (default: stdout).")
@click.option(
    "--min-articles",
    type=click.IntRange(2),
    default=LearnOptions().min_articles,
    show_default=True,
    help="A line must repeat in at least this many articles of a site.",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0.0, 1.0),
    default=LearnOptions().min_share,
    show_default=True,
    help="... and in at least this share of the site's articles.",
)
@click.option(
    "--group-by",
    type=click.Choice(GROUP_BY),
    default="auto",
    show_default=True,
    help="What makes a site: meta.site, the url's host, the input directory "
    "(auto: the first known), or none (one group).",
)
@click.option(
    "--profile",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Also save each site's template, as 'strip --profile FILE' reads it (a file "
    "that exists is updated).",
)
@click.option("--no-sentences", is_flag=True, help="Count whole lines only, not sentences.")
@click.option("--no-tails", is_flag=True, help="Do not learn 'label: <headline>' endings.")
@click.option("--from", "from_format", help="Input format (default: detected).")
@click.option("--encoding", metavar="NAME", help="Input encoding (default: detected).")
@click.option(
    "--field",
    "field_map",
    multiple=True,
    metavar="TARGET=COLUMN",
    help="Read TARGET from record field COLUMN (as for the other commands).",
)
@click.option("--files-from", metavar="FILE|-", help="Read input paths from FILE, one a line.")
@click.option("-0", "--null", is_flag=True, help="--files-from paths are NUL-separated.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
def command(
    inputs: tuple[str, ...],
    output: str | None,
    min_articles: int,
    min_share: float,
    group_by: str,
    no_sentences: bool,
    no_tails: bool,
    profile: str | None,
    **io_kwargs: Any,
) -> None:
    """Learn a site's boilerplate from a collection: lines and sentences that repeat across
    many articles of the same site (grouped by meta.site, url host or directory), and
    'label: <headline>' lines that end many of them. Writes a rules file (TOML) for
    'newsclean strip --rules FILE'; prints what it learned on stderr.

    \b
    newsclean learn corpus/ -o site-rules.toml
    newsclean strip --rules site-rules.toml --explain corpus/ -o clean/
    """
    io = build_io(inputs=inputs, **io_kwargs)
    console.set_verbosity(io.verbosity)
    learner = Learner(
        LearnOptions(
            min_articles=min_articles,
            min_share=min_share,
            group_by=group_by,
            sentences=not no_sentences,
            tails=not no_tails,
        )
    )
    # the same learner a strip run uses, fed what strip leaves (the reviewable form of it)
    stage = TemplateStage(profile, TemplateOptions(group_by=group_by))
    stage.load()
    templates = stage.learner
    assert templates is not None
    samples: dict[str, list[Article]] = {}
    failures = 0
    totals: Counter[str] = Counter()
    read = 0
    for ref in _refs(io.inputs, io.files_from, io.null):
        if isinstance(ref, WalkError):
            console.error(f"{ref.display}: {ref.message}")
            failures += 1
            continue
        for item in _articles(ref, io.read):
            if isinstance(item, str):
                console.error(item)
                failures += 1
                continue
            learner.add(item)
            stripped = strip(item)
            templates.observe(stripped)
            group = _template_group(stripped, group_by)
            if len(samples.setdefault(group, [])) < _SAMPLES:
                samples[group].append(stripped)
            read += 1
    learned = learner.result()
    for (group, _site), g in learner.groups.items():
        totals[group] += g.total
    models = {m.name: m for m in templates.models()}
    _write(output, to_toml(learned, read) + _templates_section(models, samples))
    stage.finish()
    _summary(learned, totals)
    if failures:
        console.warn(f"{failures} input(s) failed; learned from the rest")
        raise click.exceptions.Exit(1)


#: Articles of each site kept to show what its template removes.
_SAMPLES = 3


def _template_group(article: Article, group_by: str) -> str:
    from newsclean.collection.templates import group_of

    return group_of(article, group_by)


def _comment(text: str, width: int = 240) -> str:
    """``text`` made safe for one TOML comment line: whitespace runs as one space, cut to
    ``width``, then every control, invisible or bidi character escaped as ``toml_string``
    escapes it (scraped text: nothing in it may end the line or hide what follows)."""
    line = " ".join(text.split())
    if len(line) > width:
        line = line[: width - 1] + "…"
    return toml_string(line)[1:-1]


def _templates_section(models: dict[str, Model], samples: dict[str, list[Article]]) -> str:
    """Comments showing each site's learned template on a few of its articles."""
    lines: list[str] = []
    for name in sorted(models):
        model = models[name]
        shown = []
        for article in samples.get(name, []):
            after = remove_template(article, model)
            gone = after.removed[len(article.removed) :]
            shown += [(r.share or 0.0, r.text) for r in gone]
        if not shown:
            continue
        if not lines:
            lines = [
                "",
                "# Site templates: what a strip run over these articles learns and removes by",
                "# itself (by position, not as rules above). Examples, with the share of the",
                "# site's articles the removed words were seen in:",
            ]
        lines.append(f"# {toml_string(name)} ({model.articles} articles)")
        lines += [f"#   {share:.0%}: {_comment(text)}" for share, text in shown[:_SAMPLES]]
    return "\n".join(lines) + ("\n" if lines else "")
