"""HTML main-content extraction: page -> title, standfirst, hinted blocks, page metadata.

``extract_page`` is the whole pipeline (``pipeline``: parse, metadata, walk, score, hint);
the HTML reader wraps its result, a :class:`Page`, in an :class:`~newsclean.article.Article`.
Submodules, lowest first (each imports only those above it):

- reading the page: ``tree`` (parse), ``meta`` (page metadata), ``blocks`` (DOM -> blocks
  and candidate frames), ``rules`` (boilerplate markers, data in
  ``rules/html_boilerplate.toml``), ``dates``, ``frames`` (moves over the frame list),
  ``shapes`` (sentence and byline shapes of a line);
- choosing the container: ``score`` (weights, the choice, widening), ``teasers`` (teaser
  columns and comment threads), ``markers`` (which markers to believe);
- hinting around it: ``parts`` (the other parts of a split body), ``body`` (the body's
  parent and what is in the body), ``lead`` (standfirst and bylines), ``tail`` (what
  follows the body), ``hint`` (every pass in order);
- second looks: ``rescue`` (a denser run, hidden articles), ``density`` (a second,
  independent reading asked when the choice looks like a miss), ``repeats`` (hidden
  copies), ``stated`` (the JSON-LD articleBody fallback);
- the result: ``title`` (the headline), ``byline`` (the author near the body), ``page``.
"""

from __future__ import annotations

from newsclean.extract.page import Page
from newsclean.extract.pipeline import extract_page
from newsclean.extract.title import strip_site_suffix

__all__ = ["Page", "extract_page", "strip_site_suffix"]
