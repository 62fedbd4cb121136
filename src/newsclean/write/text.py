"""Plain text: the title, a blank line, then the subtitle and blocks, one paragraph each."""

from __future__ import annotations

from newsclean.article import Article


def render_text(article: Article) -> str:
    """Title, blank line, paragraphs separated by blank lines; a single final newline."""
    parts = [p for p in (article.title, article.subtitle) if p.strip()]
    parts.extend(b.text for b in article.blocks if b.text.strip())
    return "\n\n".join(p.strip("\n") for p in parts) + "\n"
