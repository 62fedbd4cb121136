"""JSON and JSON Lines: ``Article.to_dict()`` (the documented contract), UTF-8, stable order."""

from __future__ import annotations

import json

from newsclean.article import Article


def render_json(article: Article) -> str:
    """One article as an indented JSON object (ends with a newline)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(article: Article) -> str:
    """One article as a single JSON Lines line (compact; ends with a newline)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
