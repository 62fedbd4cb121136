"""``newsclean clean``: strip -> dedup -> normalize -> export in one pass, with every option
of each step; what most users run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from newsclean.article import Article
from newsclean.cli.common import (
    BatchConfig,
    IOConfig,
    RunSummary,
    batch_options,
    io_options,
    run,
    with_options,
)
from newsclean.cli.dedup import (
    CollectionDedup,
    build_dedup_options,
    build_duplicate_options,
    dedup_options,
)
from newsclean.cli.normalize import ExplainTotals, build_normalize_options, normalize_options
from newsclean.cli.parsing import Command
from newsclean.cli.strip import Counted, build_strip_options, explaining, strip_options
from newsclean.cli.templates import build_template_stage, template_options
from newsclean.collection.duplicates import KEEP_CHOICES, DuplicateOptions
from newsclean.engine.inputs import is_url
from newsclean.engine.local import Step
from newsclean.engine.stages import chain
from newsclean.pipeline import CleanOptions, clean


def build_clean_options(
    no_strip: bool = False, no_dedup: bool = False, no_normalize: bool = False, **kwargs: Any
) -> CleanOptions:
    """``CleanOptions`` from the keyword arguments of the step option decorators."""
    return CleanOptions(
        strip=None if no_strip else build_strip_options(**kwargs),
        dedup=None if no_dedup else build_dedup_options(**kwargs),
        normalize=None if no_normalize else build_normalize_options(**kwargs),
    )


class _Explain:
    """Collection stage for ``--explain``: each removal, then normalization totals."""

    def __init__(self) -> None:
        self.totals = ExplainTotals()

    def __call__(self, articles: Iterator[Article]) -> Iterator[Article]:
        return self.totals(explaining(articles))

    def report(self, summary: RunSummary) -> None:
        self.totals.report(summary)


def _across_options(f: Any) -> Any:
    """``dedup``'s cross-collection options, with its ``--report`` renamed ``--dedup-report``
    (``clean --report`` is the per-input report of a batch run)."""
    defaults = DuplicateOptions()
    decorators = [
        click.option(
            "--keep",
            type=click.Choice(KEEP_CHOICES),
            default=defaults.keep,
            show_default=True,
            help="With --across: which article of a duplicate group survives.",
        ),
        click.option(
            "--mark",
            is_flag=True,
            help="With --across: keep every article, mark duplicates in meta.",
        ),
        click.option(
            "--threshold",
            type=click.FloatRange(0.3, 1.0),
            default=defaults.threshold,
            show_default=True,
            help="With --across: body similarity that makes a duplicate.",
        ),
        click.option(
            "--index",
            metavar="FILE",
            help="With --across: also compare against (and then add to) the index FILE.",
        ),
        click.option(
            "--dedup-report",
            metavar="FILE",
            help="With --across: write the duplicate groups to FILE (.csv, else JSON).",
        ),
    ]
    return with_options(f, decorators)


@click.command("clean", cls=Command)
@io_options
@batch_options
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Read option defaults from this TOML file (see docs/configuration.md for precedence).",
)
@click.option("--no-strip", is_flag=True, help="Skip boilerplate removal.")
@click.option("--no-dedup", is_flag=True, help="Skip repeated headline/paragraph removal.")
@click.option("--no-normalize", is_flag=True, help="Skip typography and encoding repair.")
@click.option(
    "--across",
    is_flag=True,
    help="Also drop duplicate articles across all inputs (see 'newsclean dedup'); "
    "--keep/--mark/--threshold/--index/--dedup-report then apply.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Print on stderr each removal with its rule, then normalization counts.",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="dask: run on a Dask cluster (pip install 'newsclean[dask]'; needs -o DIR).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: a scheduler address (tcp://host:8786), or 'local' "
    "(default) for a LocalCluster with --jobs workers.",
)
@strip_options
@template_options
@dedup_options
@normalize_options
@_across_options
def command(
    io: IOConfig,
    batch: BatchConfig,
    config_file: str | None,
    across: bool,
    explain: bool,
    engine: str,
    scheduler: str | None,
    **kwargs: Any,
) -> None:
    """Strip boilerplate, drop repeated headlines and paragraphs, normalize typography and
    export, in one pass. Every option of strip, dedup and normalize is accepted here.

    Defaults never change a word of the article: everything removed is listed in the
    JSON output's "removed". Duplicate articles across inputs are dropped only with
    --across (a file-to-file archive run keeps one output per input by default).

    \b
    newsclean clean --to md samples/
    cat page.html | newsclean clean --to md > page.md
    newsclean clean -o clean/ --jobs 4 scraped/
    newsclean clean --across --index seen.idx --to jsonl today.jsonl > unique.jsonl
    newsclean clean -o out/ --skip-existing --log-format json --report run.jsonl in/
    """
    del config_file  # read before parsing, by the command group (newsclean.cli.config)
    options = build_clean_options(**kwargs)
    collection_keys = ("mark", "index", "dedup_report")
    if not across and any(kwargs.get(k) for k in collection_keys):
        raise click.UsageError("--mark, --index and --dedup-report need --across")
    stage = None
    if across:
        stage = CollectionDedup(
            build_duplicate_options(**kwargs), kwargs.get("index"), kwargs.get("dedup_report")
        )
        stage.load()  # a damaged index stops here, before any output
    templates = None
    remote = engine == "dask" and (bool(io.files_from) or any(map(is_url, io.inputs)))
    if options.strip is not None and not remote:
        # (on Dask: learned here in a first pass over the inputs, removed in the tasks)
        templates = build_template_stage(io, options.strip, **kwargs)
    elif remote and (kwargs.get("learn") or kwargs.get("profile")):
        raise click.UsageError(
            "--learn and --profile on --engine dask need local input paths "
            "(the first pass reads them here)"
        )
    elif kwargs.get("profile"):
        raise click.UsageError("--profile needs the strip step (drop --no-strip)")
    runner = None
    if engine == "dask":
        if explain:
            raise click.UsageError("--explain needs --engine local")
        from newsclean.engine.dask import DaskEngine  # never imported without --engine

        runner = DaskEngine(scheduler)
    elif scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    explainer = _Explain() if explain else None
    # -o DIR: learned in a first pass and applied in the workers, not a collection stage
    first = templates if templates is not None and templates.first else None
    live = [s for s in (templates, stage, explainer) if s is not None and s is not first]
    collection = chain(live) if live else None
    # a stage passed as it is gets its finish called by the run; chained ones, here
    finishers = [s.finish for s in (templates, stage) if s is not None and s is not collection]
    if explainer is not None:
        finishers.append(explainer.report)

    def finish(summary: RunSummary) -> None:
        for each in finishers:
            each(summary)

    writes = tuple(w for s in (templates, stage) if s is not None for w in s.writes)
    run(
        io,
        Counted(Step(clean, options)) if explain else Step(clean, options),
        collection,
        on_finish=finish if finishers else None,
        batch=batch,
        writes=writes,
        engine=runner,
        learns_first=first,
    )
