"""The reader on pages whose chrome only its class names told apart (issue 17, fifth pass).

Found with ``bench/bench_perturb.py bare`` (every class and id removed): what is left to
judge is the text and the tags. One small synthetic page per rule, and its counter-case.
"""

from __future__ import annotations

import html_pages
from html_pages import kept, nav, page
from newsclean.extract.blocks import RawBlock
from newsclean.extract.dates import is_relative
from newsclean.extract.repeats import hint_repeats
from newsclean.read.html import read_html

SENTENCES = html_pages.SENTENCES[:4]


def test_hidden_copy_of_the_body_run_together_is_a_duplicate() -> None:
    # A page keeps its body a second time in one block (the CSS class that hid it is the
    # only thing that named it): the paragraphs stay, the run-together copy goes.
    copy = " ".join(SENTENCES)
    html = page(
        f"{nav()}<div><h1>Tram</h1>{''.join(f'<p>{s}</p>' for s in SENTENCES)}"
        f"<div><p>{copy}</p></div></div>{nav()}"
    )
    article = read_html(html, {})
    assert kept(article) == SENTENCES
    assert [b.hint for b in article.blocks if b.text == copy] == ["html.duplicate"]


def test_paragraph_quoting_one_other_paragraph_stays() -> None:
    # One paragraph repeated inside a longer one (a standfirst in the lede, a pull quote)
    # is not a copy of the article.
    lede = SENTENCES[0] + " " + SENTENCES[3]
    raw = [
        RawBlock(t, "paragraph", 1, 1, 0, ())
        for t in (SENTENCES[0], lede, SENTENCES[1], SENTENCES[2])
    ]
    hint_repeats(raw)
    assert [b.hint for b in raw] == [None, None, None, None]


def test_microdata_values_are_not_prose() -> None:
    # Spans of microdata values (a timestamp, an image URL, its width) read as lines of
    # the body once their hiding class is gone.
    values = ["2019-11-19T08:57:40+01:00", "https://static.example.com/image/5dd3a081.jpg", "500"]
    html = page(
        f"{nav()}<div><h1>Tram</h1>{''.join(f'<p>{s}</p>' for s in SENTENCES)}"
        f"{''.join(f'<p>{v}</p>' for v in values)}</div>{nav()}"
    )
    article = read_html(html, {})
    assert kept(article) == SENTENCES
    assert all(b.hint == "html.metadata" for b in article.blocks if b.text in values)


def test_number_in_a_list_or_a_sentence_stays() -> None:
    raw = [
        RawBlock("42", "list", 1, 1, 0, ()),
        RawBlock("In 2019 the line carried 42 million riders.", "paragraph", 1, 1, 0, ()),
    ]
    hint_repeats(raw)
    assert [b.hint for b in raw] == [None, None]


def test_comment_thread_with_relative_dates_and_no_class_names() -> None:
    # "2 days ago at 07:52 am" opens each entry: a forum's header, never a dateline.
    entries = "".join(
        f"<div><p>{i + 2} days ago at 07:5{i} am</p>"
        f"<p>{SENTENCES[i % 4]} {SENTENCES[(i + 1) % 4]}</p><p>Rating: {9 - i} Votes</p></div>"
        for i in range(6)
    )
    html = page(
        f"{nav()}<div><h1>Tram</h1><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p>"
        f"<h2>Top Rated Comments</h2><div>{entries}</div></div>{nav()}"
    )
    article = read_html(html, {})
    assert [t for t in kept(article) if t != "Top Rated Comments"] == SENTENCES[:2]


def test_relative_times() -> None:
    assert is_relative("2 days ago at 07:52 am")
    assert is_relative("vor 3 Stunden, 14:05")
    assert is_relative("il y a 5 jours à 10:12")
    assert is_relative("hace 2 horas")
    assert not is_relative("Monday November 18, 2019 7:45 am PST")
    assert not is_relative("Hier ist der Text")


BIO = (
    "Regan is a Connecticut native now living in Worcester with her husband and two sons, "
    "where she writes about local transport, housing and the council for the weekly paper."
)


def test_bio_box_after_the_body_is_no_twin_of_it_without_class_names() -> None:
    # <article><div>paragraphs</div><div><img><div><p>bio</p></div></div></article>: with no
    # class, both are bare <div>s, but the bio's wrapper holds other kinds of children.
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = page(
        f"{nav()}<article><h1>Tram</h1><div>{body}</div>"
        f"<div><img src='r.jpg'><div><p>{BIO}</p></div></div></article>{nav()}"
    )
    assert kept(read_html(html, {})) == SENTENCES


def test_body_split_over_bare_divs_by_a_subheading_stays_whole() -> None:
    # Two bare <div>s of text cut by a subheading (the second with a script) are one body.
    html = page(
        f"{nav()}<article><h1>Tram</h1><div>{SENTENCES[0]} {SENTENCES[1]}</div><h2>Costs</h2>"
        f"<div><script>x()</script>{SENTENCES[2]} {SENTENCES[3]}</div></article>{nav()}"
    )
    body = kept(read_html(html, {}))
    assert body[0] == f"{SENTENCES[0]} {SENTENCES[1]}"
    assert body[-1] == f"{SENTENCES[2]} {SENTENCES[3]}"


def test_comment_thread_dated_at_the_foot_with_one_line_replies() -> None:
    # Name as a heading, the comment, then the date and the time on lines of their own at
    # the foot; some comments are one short line ("Great article.") and hold no prose.
    bodies = [f"{SENTENCES[1]} {SENTENCES[2]}", "Great article.", "Thanks!", SENTENCES[3]]
    entries = "".join(
        f"<div><h3>Reader {i}</h3><div><p>{bodies[i % 4]}</p></div>"
        f"<ul><li>April {5 + i}, 2018</li><li>6:3{i} PM</li></ul></div>"
        for i in range(8)
    )
    html = page(
        f"{nav()}<div><div><h1>Tram</h1><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></div>"
        f"<div>{entries}</div></div>{nav()}"
    )
    assert kept(read_html(html, {})) == SENTENCES[:2]


def test_timeline_with_dates_at_the_foot_and_no_clock_stays() -> None:
    entries = "".join(
        f"<div><h3>Step {i}</h3><p>{SENTENCES[i]}</p><ul><li>April {5 + i}, 2018</li></ul></div>"
        for i in range(4)
    )
    html = page(f"{nav()}<div><h1>Tram</h1><p>{BIO}</p>{entries}</div>{nav()}")
    body = kept(read_html(html, {}))
    assert all(s in body for s in SENTENCES)


def test_gallery_buttons_and_counters_are_captions() -> None:
    # A photo gallery inside the body leaves its buttons and counter as lines of text.
    gallery = "".join(
        f"<p>{t}</p>" for t in ("Image 1 of 8", "Caption", "Close", "1 of 24", "Skip Ad")
    )
    html = page(
        f"{nav()}<div><h1>Tram</h1><p>{SENTENCES[0]}</p>{gallery}<p>{SENTENCES[1]}</p></div>{nav()}"
    )
    article = read_html(html, {})
    assert kept(article) == SENTENCES[:2]
    assert {b.hint for b in article.blocks if b.text in ("Image 1 of 8", "Close", "1 of 24")} == {
        "html.caption"
    }


def test_first_part_of_a_split_body_before_the_longer_part_is_no_lead() -> None:
    # The body cut in two wrappers, the second longer: the first part (paragraphs and a
    # list of short points) sat "above the body" and came out as a standfirst and bylines.
    points = ["Easy setup for all your devices", "Double-tap to play", "Charges quickly"]
    first = (
        "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
        + "<ul>"
        + "".join(f"<li>{p}</li>" for p in points)
        + "</ul>"
    )
    second = "".join(f"<p>{s} {t}</p>" for s, t in zip(SENTENCES, reversed(SENTENCES), strict=True))
    html = page(
        f"{nav()}<div><h1>Tram</h1><div class='p1'>{first}</div><div class='ad'>Advertisement</div>"
        f"<div class='p2'>{second}</div></div>{nav()}"
    )
    body = kept(read_html(html, {"description": SENTENCES[0]}))
    assert body[:6] == SENTENCES[:3] + points


def test_standfirst_and_byline_above_the_body_still_hinted() -> None:
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = page(
        f"{nav()}<div><h1>Tram</h1><p class='dek'>{BIO}</p><p>By Jane Roe</p>"
        f"<div class='body'>{body}</div></div>{nav()}"
    )
    article = read_html(html, {})
    assert kept(article) == SENTENCES


def test_brand_in_meta_author_gives_way_to_a_full_name_in_another_author_tag() -> None:
    head = '<meta name="author" content="NBCNews"><meta name="parsely-author" content="Jane Doe">'
    body = f"<body><article><h1>Tram</h1><p>{SENTENCES[0]}</p></article></body>"
    html = f"<html><head>{head}</head>{body}</html>"
    assert read_html(html, {}).meta.get("author") == "Jane Doe"
    one = '<meta name="author" content="NBCNews">'
    html = f"<html><head>{one}</head>{body}</html>"
    assert read_html(html, {}).meta.get("author") == "NBCNews"
