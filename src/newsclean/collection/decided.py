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

from dataclasses import dataclass
from typing import Any

from newsclean.article import Article
from newsclean.collection.templates import Model, Reading, TemplateOptions, group_of


@dataclass(frozen=True)
class DecidedTemplates:
    """The per-article step that removes each site's decided template (``models``: the
    sites whose template is not empty). The same cut as the collection stage makes with the
    same model, through the same per-site :class:`Reading`."""

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
        sites: dict[str, Reading] = self._sites  # type: ignore[attr-defined]
        reading = sites.get(name)
        if reading is None:
            reading = sites[name] = Reading()
        return reading.remove(article, model, self.options)  # as the stage removes
