"""The whole per-article pipeline, strip -> dedup -> normalize, as one pure function.

``clean`` is what the CLI's ``clean`` command maps over inputs (in worker processes, or on
Dask partitions), so it and its options must stay picklable: module-level function, frozen
dataclass options.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsclean.article import Article
from newsclean.steps.dedup import DedupOptions, dedup
from newsclean.steps.normalize import NormalizeOptions, normalize
from newsclean.steps.strip import StripOptions, strip


@dataclass(frozen=True)
class CleanOptions:
    """Options of every step; a step whose options are ``None`` is switched off."""

    strip: StripOptions | None = field(default_factory=StripOptions)
    """Boilerplate removal (``--no-strip`` sets it to None)."""
    dedup: DedupOptions | None = field(default_factory=DedupOptions)
    """Repeated headline/paragraph removal inside one article (``--no-dedup``)."""
    normalize: NormalizeOptions | None = field(default_factory=NormalizeOptions)
    """Typography and encoding repair (``--no-normalize``)."""


def clean(article: Article, options: CleanOptions | None = None) -> Article:
    """Run strip, dedup and normalize over one article, in that order.

    Strip first so that boilerplate never takes part in duplicate matching; normalize last
    so that dedup compares the text as it arrived (its keys fold cosmetic differences
    anyway) and ``removed`` records the original text.
    """
    opts = options or CleanOptions()
    if opts.strip is not None:
        article = strip(article, opts.strip)
    if opts.dedup is not None:
        article = dedup(article, opts.dedup)
    if opts.normalize is not None:
        article = normalize(article, opts.normalize)
    return article
