"""The reader on structures unseen templates use (issue 17, fourth pass), one small page each.

Found with ``bench/bench_perturb.py``, which rebuilds the development pages the way other
templates differ (a wrapper per paragraph, a body split over sibling containers, a "most
read" column, no class or id at all), and the independent second reading of a page
(``extract/density.py``) that guards against whole-page misses.
"""

from __future__ import annotations

import html_pages
from html_pages import SENTENCES, kept, nav
from newsclean.extract.blocks import RawBlock
from newsclean.extract.density import clusters, verdict
from newsclean.read.html import read_html

LONG = (
    "It was the shot heard around the league: in the closing seconds of the game the "
    "defensive end swung the helmet at the quarterback's head, and the crowd fell silent. "
    "The league suspended him for the rest of the season on the following morning."
)
SHORT = "The quarterback did not suffer a concussion, the team said on Friday evening."


def page(body: str) -> str:
    return html_pages.page(body, title="Helmet")


def test_each_paragraph_in_its_own_wrapper_is_one_body() -> None:
    # Component sites wrap every <p> in a <div> of its own: the longest paragraph's wrapper
    # is not "the body" (the paragraphs after it were cut off as after-body).
    html = page(
        f"{nav()}<div class='wrap'><h1>Helmet</h1><div class='qv7-kx3t'><p>{LONG}</p></div>"
        f"<div class='m2p-0aq1'><p>{SHORT}</p></div></div>{nav()}"
    )
    assert kept(read_html(html, {})) == [LONG, SHORT]


def test_body_split_over_two_article_elements_is_widened() -> None:
    # The body continues after an ad slot in a second <article> element (the tree choice
    # never joins past an <article>, and took the first part alone): the densest run of
    # prose holds both parts.
    first = "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
    rest = "".join(f"<p>{s}</p>" for s in SENTENCES[3:])
    html = page(
        f"{nav()}<article class='main-content'><h1>Tram</h1>{first}</article>"
        f"<div class='vs4-s7vx'><span>Advertisement</span></div>"
        f"<article class='bri-abdf'>{rest}</article>{nav()}"
    )
    article = read_html(html, {})
    assert kept(article) == SENTENCES
    assert "article widened to the run of prose holding the kept text" in article.meta["warnings"]
    ad = next(b for b in article.blocks if b.text == "Advertisement")
    assert ad.hint == "html.ad"


def most_read(blurbs: list[str], cls: str = "56p-yyxb") -> str:
    items = "".join(
        f"<div class='{cls}'><h4><a href='/news/{i}'>{' '.join(t.split()[:8])}</a></h4>"
        f"<p>{t}</p></div>"
        for i, t in enumerate(blurbs)
    )
    return f"<div class='cez-v8xw'><h3>Most read</h3>{items}</div>"


BLURBS = [
    (s + " ") * 3
    for s in SENTENCES  # long blurbs (over 400 chars), no "…"
]


def test_short_article_beside_a_column_of_long_blurbs() -> None:
    # Each item opens with its headline link, in a column away from the page's <h1>: a
    # "most read" column however long its blurbs (they outweighed the article: the
    # blurbs came out as the article, or nothing did).
    body = f"<main>{nav()}<h1>Helmet</h1><p>{LONG}</p><p>{SHORT}</p></main>"
    html = page(body + most_read(BLURBS))
    article = read_html(html, {})
    assert kept(article) == [LONG, SHORT]
    assert all(b.hint for b in article.blocks if b.text.strip() in {x.strip() for x in BLURBS})


def test_listicle_with_linked_item_headings_beside_its_headline_stays() -> None:
    # The same template inside the article's own container (with its <h1>) is the article.
    items = "".join(
        f"<div class='item'><h2><a href='https://shop.example/{i}'>Product number {i} here</a>"
        f"</h2><p>{t}</p></div>"
        for i, t in enumerate(BLURBS)
    )
    html = page(f"{nav()}<div class='post'><h1>Helmet</h1>{items}</div>{nav()}")
    body = kept(read_html(html, {}))
    assert [t.strip() for t in BLURBS] == [t for t in body if len(t) > 100]


def test_body_cut_into_one_wrapper_a_paragraph_by_ad_slots_stays_whole() -> None:
    # After the body's own wrapper, the rest comes one paragraph per wrapper of a generated
    # class, between ad slots and a related box: one such paragraph is a bio or a promo
    # more often, several are the rest of the body.
    ad = "<div class='681-1i91'><span>Advertisement</span><div></div></div>"
    related = (
        "<div class='nj4-ajcy'><h4>Related</h4><ul>"
        + "".join(
            f"<li><a href='/r{i}'>Another story about the league {i}</a></li>" for i in range(4)
        )
        + "</ul></div>"
    )
    body = "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
    html = page(
        f"{nav()}<article><h1>Tram</h1><div class='story-body'>{body}</div>{ad}"
        f"<div class='87n-mhma'><p>{SENTENCES[3]}</p></div>{related}"
        f"<div class='gw7-2xpu'><p>{SENTENCES[4]}</p></div></article>{nav()}"
    )
    assert kept(read_html(html, {})) == SENTENCES


def test_one_paragraph_after_the_body_in_another_wrapper_stays_out() -> None:
    # (the bio the rule above must not take)
    body = "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
    bio = "Jane Doe covers transport and city hall for the paper; she joined it in 2019."
    html = page(
        f"{nav()}<article><h1>Tram</h1><div class='story-body'>{body}</div>"
        f"<div class='k3d-77aa'><p>{bio}</p></div></article>{nav()}"
    )
    assert kept(read_html(html, {})) == SENTENCES[:3]


def block(text: str, hint: str | None = None, kind: str = "paragraph", link: int = 0) -> RawBlock:
    return RawBlock(text, kind, 1 if kind == "heading" else 0, 0, link, (), hint=hint)


def links(n: int) -> list[RawBlock]:
    return [block(f"Section number {i}", "html.link-dense", link=16) for i in range(n)]


def test_clusters_bridge_short_lines_but_not_a_linked_headline() -> None:
    blocks = [
        block(SENTENCES[0]),
        block("Advertisement"),
        block(SENTENCES[1]),
        block("Another story about the tram line", kind="heading", link=33),
        block(SENTENCES[2]),
    ]
    assert [(c.lo, c.hi, c.paras) for c in clusters([], blocks)] == [(0, 3, 2), (4, 5, 1)]


def test_run_under_the_headline_is_taken_when_nothing_of_it_was_kept() -> None:
    # A page without class names: the first reading kept a footer's two long lines and
    # left the article under the headline out.
    foot = SENTENCES[3] + " " + SENTENCES[4]
    blocks = [
        block("Tram", "html.title", kind="heading"),
        block("By Staff", "html.outside-main"),
        block(SENTENCES[0], "html.outside-main"),
        block(SENTENCES[1], "html.outside-main"),
        *links(12),
        block(foot),
        block(foot),
    ]
    found = verdict([], blocks)
    assert found is not None
    assert (found[0].lo, found[0].hi, found[1]) == (2, 4, "under the headline")


def test_run_judged_chrome_by_a_marker_is_refused() -> None:
    blocks = [
        block("Tram", "html.title", kind="heading"),
        block(SENTENCES[0], "html.comments"),
        block(SENTENCES[1], "html.comments"),
        *links(12),
        block(SENTENCES[3]),
    ]
    assert verdict([], blocks) is None


def test_densest_run_is_taken_when_nothing_was_kept() -> None:
    blocks = [
        *links(5),
        block(SENTENCES[0], "html.outside-main"),
        block(SENTENCES[1], "html.outside-main"),
        *links(5),
        block(SENTENCES[2], "html.outside-main"),
    ]
    found = verdict([], blocks)
    assert found is not None
    assert (found[0].lo, found[0].hi, found[1]) == (5, 7, "densest on the page")


def test_comment_thread_without_class_names_is_read_from_its_dated_headers() -> None:
    # No class or id anywhere: the entries' "NAME on DATE at TIME said:" headers show the
    # thread (it outweighed the article and came out with it).
    entries = "".join(
        f"<li><p>Reader {i} on September {10 + i}, 2018 at 4:47 pm said:</p>"
        f"<p>{SENTENCES[i % 5]} {SENTENCES[(i + 1) % 5]}</p><p>Reply</p></li>"
        for i in range(6)
    )
    html = page(
        f"{nav()}<div><h1>Tram</h1><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p>"
        f"<h2>6 thoughts</h2><ol>{entries}</ol></div>{nav()}"
    )
    article = read_html(html, {})
    assert [t for t in kept(article) if t != "6 thoughts"] == SENTENCES[:2]
    said = [b for b in article.blocks if b.text.endswith("said:")]
    assert len(said) == 6 and all(b.hint == "html.comments" for b in said)


def test_timeline_of_dated_entries_inside_the_article_stays() -> None:
    # Dates alone (no clock time) open a timeline's entries, not a thread's.
    entries = "".join(f"<li><p>March {3 + i}, 2019</p><p>{SENTENCES[i]}</p></li>" for i in range(4))
    html = page(f"{nav()}<div><h1>Tram</h1><p>{SENTENCES[4]}</p><ul>{entries}</ul></div>{nav()}")
    body = kept(read_html(html, {}))
    assert all(s in body for s in SENTENCES)
