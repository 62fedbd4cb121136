"""Small HTML pages for the reader's tests: one page shell, a navigation list, and the
text the reader kept."""

from __future__ import annotations

from newsclean.article import Article

#: Five sentences of one article, long enough to read as prose.
SENTENCES = [
    "The council voted on Tuesday to extend the tram line to the northern suburbs, a plan "
    "first proposed more than a decade ago and delayed by two elections since then.",
    "Construction starts in spring and the first trams should run by the end of 2027, "
    "the mayor told reporters outside the town hall after the vote on Tuesday evening.",
    "Residents can comment on the plans until the end of June; the council will publish "
    "every comment it receives together with its answer before the work starts.",
    "Opponents say the money would be better spent on buses serving the outer estates, "
    "where most households do not own a car and the nearest station is far away.",
    "A public inquiry last year found the route would cut journey times by a third for "
    "most commuters, and by half for those travelling from the northern estates.",
]


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
