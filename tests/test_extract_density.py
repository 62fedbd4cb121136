"""The reader on structures unseen templates use (issue 17, fourth pass), one small page each.

Found with ``bench/bench_perturb.py``, which rebuilds the development pages the way other
templates differ (a wrapper per paragraph, a body split over sibling containers, a "most
read" column, no class or id at all), and the independent second reading of a page
(``extract/density.py``) that guards against whole-page misses.
"""

from __future__ import annotations

from newsclean.article import Article
from newsclean.read.html import read_html

LONG = (
    "It was the shot heard around the league: in the closing seconds of the game the "
    "defensive end swung the helmet at the quarterback's head, and the crowd fell silent. "
    "The league suspended him for the rest of the season on the following morning."
)
SHORT = "The quarterback did not suffer a concussion, the team said on Friday evening."


def kept(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.hint is None]


def page(body: str) -> str:
    return f"<!doctype html><html><head><title>Helmet</title></head><body>{body}</body></html>"


def nav() -> str:
    items = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    return f"<ul>{items}</ul>"


def test_each_paragraph_in_its_own_wrapper_is_one_body() -> None:
    # Component sites wrap every <p> in a <div> of its own: the longest paragraph's wrapper
    # is not "the body" (the paragraphs after it were cut off as after-body).
    html = page(
        f"{nav()}<div class='wrap'><h1>Helmet</h1><div class='qv7-kx3t'><p>{LONG}</p></div>"
        f"<div class='m2p-0aq1'><p>{SHORT}</p></div></div>{nav()}"
    )
    assert kept(read_html(html, {})) == [LONG, SHORT]
