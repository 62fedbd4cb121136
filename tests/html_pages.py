"""Small HTML pages for the reader's tests: one page shell, a navigation list, and the
text the reader kept."""

from __future__ import annotations

from newsclean.article import Article


def kept(article: Article) -> list[str]:
    """The texts of the blocks the reader kept (no boilerplate hint)."""
    return [b.text for b in article.blocks if b.hint is None]


def page(body: str, head: str = "", title: str = "Tram") -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    )


def nav(n: int = 8) -> str:
    """A site's section menu: ``n`` short links."""
    items = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(n))
    return f"<ul>{items}</ul>"
