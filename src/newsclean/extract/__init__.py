"""HTML main-content extraction: page -> title, standfirst, hinted blocks, page metadata.

``extract_page`` is the whole pipeline (``pipeline``: parse, metadata, walk, score, hint);
the HTML reader wraps its result, a :class:`Page`, in an :class:`~newsclean.article.Article`.
Submodules, lowest first (each imports only modules listed before it):

- reading the page: ``attributes`` (attribute caps), ``rules`` (boilerplate markers, data
  in ``rules/html_boilerplate.toml``), ``dates``, ``tree`` (parse), ``blocks`` (DOM ->
  blocks and candidate frames), ``meta`` (page metadata);
- readings blind to the tree: ``density`` (a second, independent reading asked when the
  choice looks like a miss), ``repeats`` (hidden copies, microdata lines);
- small tools: ``frames`` (moves over the frame list), ``shapes`` (byline and sentence
  shapes of a line), ``page`` (the result), ``title`` (the headline), ``byline`` (the
  author near the body);
- choosing the container: ``score`` (weights, the choice, widening), ``teasers`` (teaser
  columns, comment threads), ``markers`` (which markers to believe);
- hinting around it: ``parts`` (the other parts of a split body), ``body`` (the body's
  parent, what is in the body), ``lead`` (standfirst, bylines), ``tail`` (what follows the
  body), ``hint`` (every pass in order);
- second looks and the run: ``rescue`` (a denser run, hidden articles), ``stated`` (the
  JSON-LD articleBody fallback), ``pipeline``.
"""

from __future__ import annotations

from newsclean.extract.page import Page
from newsclean.extract.pipeline import extract_page
from newsclean.extract.title import strip_site_suffix

__all__ = ["Page", "extract_page", "strip_site_suffix"]
