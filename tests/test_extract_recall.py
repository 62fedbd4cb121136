"""The reader on recall classes found in the sixth pass (issue 17), one small page each.

A listicle whose item headings are links to what each item reviews, and the lede of a body
split around an ad that the meta description quotes: text the reader used to hint away.
Each test has a counter-case that must stay hinted.
"""

from __future__ import annotations

from html_pages import SENTENCES, kept, nav, page
from newsclean.extract.shapes import is_byline
from newsclean.read.html import read_html

#: A paragraph long enough to be an item's review (two sentences, > 200 characters).
LONG = [SENTENCES[i] + " " + SENTENCES[(i + 1) % 5] for i in range(5)]


def _read(html: str) -> list[str]:
    return kept(read_html(html, {"source": "t.html"}))


def test_linked_subheadings_of_a_listicle_are_kept() -> None:
    items = "".join(
        f'<h3><a href="https://shop.example/item{i}">"Item {i}" ($20)</a></h3><p>{LONG[i]}</p>'
        for i in range(1, 4)
    )
    html = page(
        f"<nav>{nav()}</nav><article><h1>Tram</h1><div><p>{LONG[0]}</p>{items}</div></article>"
    )
    out = _read(html)
    for i in range(1, 4):
        assert f'"Item {i}" ($20)' in out
        assert LONG[i] in out


def test_linked_headline_of_a_related_box_or_a_teaser_stays_hinted() -> None:
    # A related box's headline sits in a box of its own; a teaser's blurb is one short line.
    related = (
        '<div><div>Related</div><div><a href="/other"><h3>Another story about the city'
        "</h3></a></div></div>"
    )
    teaser = '<h3><a href="/teaser">A teaser headline about buses</a></h3><p>Buses, again.</p>'
    html = page(
        f"<nav>{nav()}</nav><article><h1>Tram</h1><div><p>{LONG[0]}</p>{related}"
        f"<p>{LONG[1]}</p>{teaser}<p>{LONG[2]}</p><p>{LONG[3]}</p></div></article>"
    )
    out = _read(html)
    assert LONG[1] in out and LONG[3] in out
    assert "Another story about the city" not in out
    assert "A teaser headline about buses" not in out


def _split_page(lede: str, description: str) -> str:
    head = f'<meta name="description" content="{description}">'
    body = "".join(f"<p>{s}</p>" for s in LONG[1:])
    return page(
        f"<nav>{nav()}</nav><article><h1>Tram</h1><div class='byline'>By Ann Lee</div>"
        f"<div class='a1'><p>{lede}</p></div>"
        "<div class='x9'><span>Advertisement</span></div>"
        f"<div class='b2'>{body}</div></article>",
        head=head,
    )


def test_lede_of_a_body_split_around_an_ad_is_body_not_standfirst() -> None:
    # The meta description quotes the lede and cuts it: the lede is the article's.
    lede = LONG[0]
    art = read_html(_split_page(lede, lede[:150]), {"source": "t.html"})
    assert lede in kept(art)
    assert art.subtitle == ""


def test_standfirst_the_description_repeats_whole_stays_the_subtitle() -> None:
    standfirst = "The tram line will reach the northern suburbs by 2027, the council decided."
    art = read_html(_split_page(standfirst, standfirst), {"source": "t.html"})
    assert art.subtitle == standfirst
    assert standfirst not in kept(art)


def test_part_of_a_split_body_holding_a_captioned_figure_is_body() -> None:
    # The second part (after an ad) holds a photo with its credit and caption lines: those
    # are hinted as captions and must not make the part read as chrome.
    caption = (
        "The mayor, flanked by two councillors and the head of the transport authority, "
        "shows reporters the map of the planned route outside the town hall on Tuesday "
        "evening, after a vote that ended more than ten years of debate about the line"
    )
    figure = (
        f"<figure><div>Image copyright Reuters</div><figcaption>{caption}</figcaption></figure>"
    )
    first = "".join(f"<p>{s}</p>" for s in LONG[:4])
    html = page(
        f"<nav>{nav()}</nav><article><h1>Tram</h1><div class='story'>{first}</div>"
        "<div class='k3x'><span>Advertisement</span></div>"
        f"<div class='q7z'><p>{SENTENCES[4]}</p>{figure}<p>{SENTENCES[0]}</p></div>"
        "</article>"
    )
    out = _read(html)
    assert SENTENCES[4] in out and SENTENCES[0] in out
    assert caption not in out


#: Lines of a Chinese photo blog: no sentence punctuation, no spaces, each a sentence.
CJK_LINES = [
    "一波波接續性低溫寒流報到已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣",
    "美樹美如其名偌大楓香樹早已呈現金黃泛紅色彩也是愛攝人仕所喜愛造訪之地",
]
CJK_BODY = [
    "第二次造訪美樹發現到營區變了，印象中以前生冷招牌換成了原木招牌，可謂匠心獨運。",
    "燻黑原木加上金黃色醒目字體，加上了貓頭鷹原木創作，也充分發揮了裝飾藝術功力。",
    "營區內除了露營、民宿、餐飲、賞楓項目，多了許多原木飾品，更有畫龍點睛加乘效果。",
    "廣受歡迎的美樹營地有個很大特色，就是楓紅時期楓香樹由綠轉黃、轉紅到楓紅層層。",
]


def test_chinese_lines_before_the_body_parent_are_prose_not_bylines() -> None:
    first = "".join(f"<p>{s}</p>" for s in CJK_LINES)
    body = "".join(f"<p>{s}</p>" for s in CJK_BODY)
    html = page(
        f"<nav>{nav()}</nav><article><h1>美樹營地</h1><div class='a1'>{first}</div>"
        "<div class='x9'><span>廣告</span></div>"
        f"<div class='b2'>{body}</div></article>"
    )
    out = _read(html)
    assert all(s in out for s in CJK_LINES + CJK_BODY)


def test_short_chinese_byline_is_still_a_byline() -> None:
    assert is_byline("記者王小明／台北報導")
    assert not is_byline(CJK_LINES[0])


def _deep(inner: str) -> str:
    """``inner`` four wrappers deep, as template engines nest a body's parts."""
    return f"<div><div><div><div>{inner}</div></div></div></div>"


def test_second_part_of_a_deeply_wrapped_body_after_a_figure_is_body() -> None:
    first = "".join(f"<p>{s}</p>" for s in LONG[:4])
    second = "".join(f"<p>{s}</p>" for s in SENTENCES[:4])
    notice = (
        "<p>Copyright 2024 The Tram Gazette. All rights reserved, including the rights of "
        "reproduction and of translation.</p><p>This copy is for your personal use only. "
        "To order copies for distribution to colleagues or clients, contact our office.</p>"
    )
    html = page(
        f"<nav>{nav()}</nav><div><h1>Tram</h1>{_deep(first)}"
        "<figure><img src='a.jpg'><figcaption>The route</figcaption></figure>"
        f"{_deep(second)}</div><div>{_deep(notice)}</div>"
    )
    out = _read(html)
    assert all(s in out for s in SENTENCES[:4])
    assert not any(s.startswith(("Copyright", "This copy")) for s in out)


def test_aside_of_column_blurbs_beside_a_short_list_article_stays_hinted() -> None:
    # The article is a calendar (short lines); the sidebar holds more prose than it.
    rounds = "".join(f"<li>Round {i}: {i + 2} March at the city circuit</li>" for i in range(1, 11))
    blurbs = "".join(f"<h4>» Column {i}</h4><p>{SENTENCES[i]}</p>" for i in range(1, 5))
    html = page(
        f"<nav>{nav()}</nav><div><div><h1>Race calendar 2018</h1><ul>{rounds}</ul>"
        f"<p>Dates are subject to change by the organiser.</p></div>"
        f"<aside>{blurbs}</aside></div>"
    )
    out = _read(html)
    assert "Round 1: 3 March at the city circuit" in out
    assert not any(s in out for s in SENTENCES[1:5])


APPEAL = [
    "Most of our reporting begins when readers ask us whether something they saw is true, "
    "and every answer takes hours of calls and searches through old records.",
    "Support us so we can keep answering: we do this work every day at no cost to you.",
]


def _closing(box: str) -> str:
    body = "".join(f"<p>{s}</p>" for s in LONG)
    return page(f"<nav>{nav()}</nav><h1>Tram</h1><div>{body}<div>{box}</div></div>")


def test_box_of_names_and_an_appeal_closing_the_body_wrapper_is_hinted() -> None:
    names = "".join(f"<li>Editor Number{i}</li>" for i in range(8))
    box = f"<h5>A word to our readers</h5><p>{APPEAL[0]}</p><ul>{names}</ul><p>{APPEAL[1]}</p>"
    out = _read(_closing(box))
    assert LONG[4] in out
    assert APPEAL[0] not in out and "Editor Number1" not in out


def test_closing_list_of_points_or_table_of_data_stays() -> None:
    points = "".join(f"<li>Stop {i} opens in 2027</li>" for i in range(8))
    out = _read(_closing(f"<p>{APPEAL[0]}</p><ul>{points}</ul>"))
    assert APPEAL[0] in out  # short points, but no title of a box of its own
    rows = "".join(f"<tr><td>Stop {i}</td><td>{i} min</td></tr>" for i in range(8))
    out = _read(_closing(f"<p>{APPEAL[0]}</p><table>{rows}</table>"))
    assert APPEAL[0] in out and "Stop 1 | 1 min" in out
