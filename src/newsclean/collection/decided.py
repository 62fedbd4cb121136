"""Site templates decided before a run writes anything, applied article by article (issue 15).

A tree run (``-o DIR``) writes each output from a worker as soon as its input is done, so
it cannot hold a site's first articles back while the site's template is learned (see
:class:`newsclean.collection.templates.SiteTemplates`). It learns in two passes instead
(``newsclean.engine.twopass``): a first pass finds every input's site (cheap: a record's
site or url field, no article built) and learns each site's template from
its first articles; the normal pass then removes the decided templates in the workers
(:class:`DecidedTemplates`, a per-article step), which write as before.

It is picklable: it goes to the worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsclean.article import Article
from newsclean.collection.templates import (
    RULE_PREFIX,
    Model,
    TailMemo,
    TemplateOptions,
    group_of,
    remove_template,
)


@dataclass(slots=True)
class _Site:
    """Per process, per site: what makes the next removal quicker (never its result)."""

    first: int = 0  # words read first at the end: the longest cut so far, with a margin
    memo: TailMemo = field(default_factory=TailMemo)


@dataclass(frozen=True)
class DecidedTemplates:
    """The per-article step that removes each site's decided template (``models``: the
    sites whose template is not empty). The same cut as the collection stage makes with the
    same model: ``remove_template`` with the stage's per-site reading hints."""

    models: dict[str, Model]
    options: TemplateOptions

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sites", {})

    def __getstate__(self) -> dict[str, Any]:
        return {"models": self.models, "options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "models", state["models"])
        object.__setattr__(self, "options", state["options"])
        object.__setattr__(self, "_sites", {})

    def __call__(self, article: Article) -> Article:
        if not self.models:
            return article
        name = group_of(article, self.options.group_by)
        model = self.models.get(name)
        if model is None:
            return article
        sites: dict[str, _Site] = self._sites  # type: ignore[attr-defined]
        site = sites.get(name)
        if site is None:
            site = sites[name] = _Site()
        out = remove_template(article, model, self.options, site.first, site.memo)
        # as the stage does (``templates._apply``): read about as many words as the site's
        # longest tail so far first next time, or peek first when there was none
        cut = out.removed[-1] if len(out.removed) > len(article.removed) else None
        if cut is not None and cut.rule.startswith(RULE_PREFIX) and cut.position != 0:
            words = len(cut.text.split())
            site.first = min(max(site.first, words + 12), self.options.tail_words)
        else:
            site.first = 0
        return out
