"""Page metadata against the systematic errors found on Readability's test pages (issue 17)."""

from __future__ import annotations

import json

import pytest

from newsclean.extract.meta import clean_author
from newsclean.read.html import read_html

BODY = "<p>" + "The council voted on Tuesday to extend the tram line to the north. " * 4 + "</p>"


def page(head: str, body: str = BODY) -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def ld(obj: dict[str, object], wrap: str = "{}") -> str:
    return f'<script type="application/ld+json">{wrap.format(json.dumps(obj))}</script>'


def test_h1_that_is_the_site_logo_is_not_the_title() -> None:
    html = page(
        "<title>Get your frontend code covered | Code</title>",
        "<h1>Hi, I'm Nicolas.</h1>" + BODY,
    )
    assert read_html(html, {}).title == "Get your frontend code covered | Code"


def test_json_ld_headline_that_is_a_description_is_passed_over() -> None:
    html = page(
        "<title>New Zealand - Wikipedia</title>"
        + ld({"@type": "Article", "headline": "constitutional monarchy in Oceania"}),
        "<h1>New Zealand</h1>" + BODY,
    )
    assert read_html(html, {}).title == "New Zealand"


def test_agreeing_og_title_still_wins() -> None:
    html = page(
        '<title>Tram line extended north | Gazette</title><meta property="og:title" '
        'content="Tram line extended north">',
        "<h1>Tram line extended</h1>" + BODY,
    )
    assert read_html(html, {}).title == "Tram line extended north"


@pytest.mark.parametrize("wrap", ["<![CDATA[{}]]>", "//<![CDATA[\n{}\n//]]>", "<!--{}-->"])
def test_json_ld_inside_cdata_or_comment_is_read(wrap: str) -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2018-04-05T06:00"}, wrap))
    assert read_html(html, {}).meta["published"] == "2018-04-05T06:00"


def test_json_ld_date_published_beats_a_rewritten_meta_date() -> None:
    html = page(
        '<meta property="article:published_time" content="2024-12-07T12:43:39Z">'
        + ld({"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z"})
    )
    assert read_html(html, {}).meta["published"] == "2024-12-06T22:00:40Z"


def test_byline_in_the_page_when_metadata_names_nobody() -> None:
    html = page(
        "<title>Tram</title>",
        '<p class="byline" itemprop="author"><a rel="author" href="/a/dan">'
        '<span itemprop="name">Dan Goodin</span></a> - <time>Apr 16</time></p>' + BODY,
    )
    assert read_html(html, {}).meta["author"] == "Dan Goodin"


def test_byline_class_with_by_prefix() -> None:
    html = page(
        "<title>Tram</title>",
        '<span class="pb-byline">By <a href="/people/erin">Erin Cunningham</a></span>' + BODY,
    )
    assert read_html(html, {}).meta["author"] == "Erin Cunningham"


def test_meta_author_with_job_title_is_cut_to_the_name() -> None:
    html = page('<meta name="author" content="Jane Doe | Senior Correspondent">')
    assert read_html(html, {}).meta["author"] == "Jane Doe"


def test_brand_handle_in_meta_gives_way_to_json_ld_names() -> None:
    html = page(
        '<meta name="author" content="NBCNews">'
        + ld(
            {
                "@type": "NewsArticle",
                "author": [{"@type": "Person", "name": "Stella Kim"}, {"name": "Jennifer Jett"}],
            }
        )
    )
    assert read_html(html, {}).meta["author"] == "Stella Kim, Jennifer Jett"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("By Jane Doe, Senior Correspondent", "Jane Doe"),
        ("LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR", "LAURIE OAKES"),
        ("By Brenda Goodman, MA", "Brenda Goodman"),
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        ("Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("Smith, John", "Smith, John"),
        ("بقلم خالد العتيبي", "خالد العتيبي"),
        ("خالد العتيبي - مراسل الواحة", "خالد العتيبي"),
    ],
)
def test_clean_author(raw: str, name: str) -> None:
    assert clean_author(raw) == name


def test_meta_property_listing_several_properties_is_read_for_each() -> None:
    # RDFa: one attribute may name several properties; Dublin Core may be written "dc:".
    html = page(
        '<title>x</title><meta property="twitter:title og:title" content="Tram line extended">'
        '<meta property="dc:creator twitter:site_name" content="Ana Ruiz">'
        '<meta property="x:y dc:date" content="2019-04-28">',
        "<h1>Tram line extended</h1>" + BODY,
    )
    article = read_html(html, {})
    assert article.title == "Tram line extended"
    assert article.meta["author"] == "Ana Ruiz"
    assert article.meta["published"] == "2019-04-28"


def test_byline_class_in_any_case_with_its_dateline_gives_the_name() -> None:
    html = page(
        "<title>x</title>",
        '<div class="ArticleText"><div class="FeatureByline">By <b>Nathan Willis</b><br>'
        "March 25, 2015</div>" + BODY + "</div>",
    )
    assert read_html(html, {}).meta["author"] == "Nathan Willis"


def test_author_box_with_name_and_job_title_elements_gives_the_name() -> None:
    html = page(
        "<title>x</title>",
        '<div class="author"><a class="author-link" href="/author/ben">Ben Silverman</a>'
        '<div class="author-title">Games Editor</div></div>' + BODY,
    )
    assert read_html(html, {}).meta["author"] == "Ben Silverman"


def test_author_far_from_the_body_is_still_found() -> None:
    deep = BODY
    for _ in range(8):
        deep = f"<div>{deep}</div>"
    html = page(
        "<title>x</title>",
        '<header><span class="byline"><span>By</span> <span>Ana Ruiz</span></span></header>' + deep,
    )
    assert read_html(html, {}).meta["author"] == "Ana Ruiz"


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("Jeff Foust Monday, November 18, 2019", "Jeff Foust"),
        ("Anna Maier 20. März 2024, 14:05 Uhr", "Anna Maier"),
        ("Par Sébastien Farcis le 3 janvier 2021", "Sébastien Farcis"),
    ],
)
def test_date_after_a_byline_is_cut(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def test_h1_naming_only_the_site_part_of_the_title_is_not_the_title() -> None:
    html = page(
        "<title>Conversations with a Cryptid - Chapter 1 | Fandom [Archive of Our Own]</title>",
        '<h1 class="heading">Archive of Our Own beta</h1>' + BODY,
    )
    assert read_html(html, {}).title.startswith("Conversations with a Cryptid")
