"""Behaviour of the HTML reader on small handwritten pages and the Arabic/Persian fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article
from newsclean.extract import strip_site_suffix
from newsclean.read.html import read_html

DATA = Path(__file__).parent / "data" / "html"


def kept(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.hint is None]


def hint_of(article: Article, needle: str) -> str | None:
    for b in article.blocks:
        if needle in b.text:
            return b.hint
    raise AssertionError(f"no block contains {needle!r}")


PROSE = (
    "The council voted on Tuesday to extend the tram line to the northern suburbs, "
    "a project first proposed more than a decade ago."
)

PAGE = f"""<!doctype html><html lang="en-GB"><head>
<title>Tram line extended north | The Example Gazette</title>
<meta property="og:site_name" content="The Example Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:tag" content="Transport"><meta property="article:tag" content="City">
<link rel="canonical" href="https://gazette.example/tram">
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2024-05-02",
 "publisher": {{"@type": "Organization", "name": "Gazette Media"}}}}</script>
<style>p {{ color: red }}</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li></ul></nav>
<main><article>
<h1>Tram line extended north</h1>
<div class="story-body">
<p>{PROSE}</p>
<h2>What happens next</h2>
<p>Construction starts in spring, the mayor said, and the first trams should run by 2027.</p>
<blockquote>"This is a great day for the north," said one resident,
who has waited years.</blockquote>
<ul><li>Four new stops are planned along the route.</li><li>Fares stay the same for now.</li></ul>
<pre>Stop   Opens
North  2027</pre>
<table><tr><th>Stop</th><th>Opens</th></tr><tr><td>North Park</td><td>2027</td></tr></table>
<p>Residents can comment on the plans until the end of June at the town hall.</p>
</div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<section class="related-stories"><h3>Related</h3><ul>
<li><a href="/a">Bus fares rise again in the city centre, council confirms</a></li>
<li><a href="/b">New cycle lanes open along the river embankment this week</a></li></ul></section>
</article></main>
<aside><h3>Most read</h3><p><a href="/c">Storm warning for the weekend</a></p></aside>
<div id="cookie-banner"><p>We use cookies to improve your experience on our website.</p></div>
<footer><p>Copyright 2024 The Example Gazette. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article() -> Article:
    return read_html(PAGE, {"source": "page.html", "format": "html"})


def test_body_blocks_in_order_with_types(article: Article) -> None:
    body = [(b.type, b.text) for b in article.blocks if b.hint is None]
    assert body[0] == ("paragraph", PROSE)
    assert ("heading", "What happens next") in body
    types = [t for t, _ in body]
    assert types.index("heading") < types.index("quote") < types.index("list_item")
    assert types.count("list_item") == 2
    assert "preformatted" in types
    assert ("table_row", "North Park | 2027") in body
    assert body[-1][1].startswith("Residents can comment")
    heading = next(b for b in article.blocks if b.text == "What happens next")
    assert heading.level == 2


def test_preformatted_keeps_its_lines(article: Article) -> None:
    pre = next(b for b in article.blocks if b.type == "preformatted")
    assert pre.text == "Stop   Opens\nNorth  2027"


def test_boilerplate_is_hinted_not_dropped(article: Article) -> None:
    assert hint_of(article, "Home") == "html.nav"
    assert hint_of(article, "Share on Facebook") == "html.share"
    assert hint_of(article, "Bus fares rise") == "html.related"
    assert hint_of(article, "Storm warning") == "html.aside"
    assert hint_of(article, "We use cookies") == "html.cookie"
    assert hint_of(article, "Copyright 2024") == "html.footer"
    # No script/style text anywhere.
    assert not any("color: red" in b.text or "NewsArticle" in b.text for b in article.blocks)


def test_title_is_not_a_body_block(article: Article) -> None:
    assert article.title == "Tram line extended north"
    assert "Tram line extended north" not in kept(article)
    assert hint_of(article, "Tram line extended north") == "html.title"


def test_metadata(article: Article) -> None:
    meta = article.meta
    assert meta["source"] == "page.html"
    assert meta["author"] == "Jane Doe"
    assert meta["published"] == "2024-05-02"
    assert meta["site"] == "The Example Gazette"  # og:site_name wins over JSON-LD publisher
    assert meta["url"] == "https://gazette.example/tram"
    assert meta["language"] == "en"
    assert meta["tags"] == ["Transport", "City"]
    assert "empty" not in meta


def test_caller_meta_wins_unless_empty() -> None:
    a = read_html(PAGE, {"source": "-", "url": "https://given.example/x", "author": ""})
    assert a.meta["url"] == "https://given.example/x"
    assert a.meta["author"] == "Jane Doe"


def test_whitespace_collapsed_text_otherwise_untouched() -> None:
    html = "<p>  Un   texte\n\t avec « guillemets »\u00a0;  et\u202fdes espaces fines, voilà.  </p>"
    a = read_html(html, {"source": "-"})
    assert kept(a) == ["Un texte avec « guillemets »\u00a0; et\u202fdes espaces fines, voilà."]


def test_fragment_without_html_body() -> None:
    a = read_html("<p>Short note.</p><p>Second short line.</p>", {"source": "-"})
    assert kept(a) == ["Short note.", "Second short line."]


def test_standfirst_outside_body_wrapper_becomes_subtitle() -> None:
    html = f"""<html><head><meta name="description" content="Short summary"></head><body>
    <h1>Headline here</h1>
    <p class="article-dek">A standfirst that sums the story up in one long sentence for readers.</p>
    <p class="byline">By Jane Doe</p>
    <div class="body"><p>{PROSE}</p><p>{PROSE} Again.</p><p>{PROSE} Thrice.</p></div>
    </body></html>"""
    a = read_html(html, {"source": "-"})
    assert a.subtitle.startswith("A standfirst that sums")
    assert hint_of(a, "By Jane Doe") == "html.byline"
    assert kept(a) == [PROSE, f"{PROSE} Again.", f"{PROSE} Thrice."]


def test_arabic_standfirst_past_a_share_bar_and_dateline_is_kept_as_subtitle() -> None:
    # Arabic standfirsts rarely end with a full stop, and sites put a dateline and a share
    # bar between them and the body: the class still names it, so it is not dropped.
    lead = "المحطة تعمل بالطاقة الشمسية جزئياً وتضاعف إنتاج المياه في المنطقة"
    body = "افتتحت الوزارة اليوم محطة جديدة لتحلية مياه البحر، بطاقة إنتاجية كبيرة."
    html = f"""<html><body><article>
    <h1>افتتاح محطة تحلية جديدة</h1>
    <p class="lead">{lead}</p>
    <div class="meta"><span class="date">الاثنين 11 مارس 2024</span></div>
    <div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
    <div class="article-body"><p>{body}</p><p>{body} مرة ثانية.</p><p>{body} وثالثة.</p></div>
    </article></body></html>"""
    a = read_html(html, {"source": "-"})
    assert a.subtitle == lead
    assert kept(a)[0] == body


def test_br_separated_text_in_divs() -> None:
    html = (
        "<div class='txt'>First paragraph of the story, long enough to count as prose here."
        "<br><br>Second paragraph follows after a double line break, also prose.</div>"
    )
    a = read_html(html, {"source": "-"})
    assert kept(a) == [
        "First paragraph of the story, long enough to count as prose here.",
        "Second paragraph follows after a double line break, also prose.",
    ]


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<script>var a = 1;</script>", "<html><head><style>p{}</style></head></html>"],
)
def test_empty_pages_are_flagged(html: str) -> None:
    a = read_html(html, {"source": "empty.html"})
    assert a.meta["empty"] is True
    assert a.meta["warnings"]
    assert kept(a) == []


def test_page_with_only_navigation_is_flagged() -> None:
    html = "<nav><a href='/'>Home</a> <a href='/b'>Blog</a></nav><footer>© 2024</footer>"
    a = read_html(html, {"source": "nav.html"})
    assert a.meta["empty"] is True


def test_frameset_warns() -> None:
    html = "<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>"
    a = read_html(html, {"source": "frames.html"})
    assert a.meta["empty"] is True
    assert any("frame" in w for w in a.meta["warnings"])


def test_deeply_nested_markup_does_not_crash() -> None:
    depth = 5000
    html = "<div>" * depth + f"<p>{PROSE}</p>" + "</div>" * depth
    a = read_html(html, {"source": "-"})
    assert kept(a) == [PROSE]


def test_broken_markup_is_read() -> None:
    html = f"<html><body><div><p>{PROSE}<p>Unclosed second paragraph, still text.<div></span>"
    a = read_html(html, {"source": "-"})
    assert PROSE in kept(a)
    assert "Unclosed second paragraph, still text." in kept(a)


def test_big_page_finishes() -> None:
    body = "".join(f"<p>{PROSE} ({i})</p>" for i in range(20000))
    a = read_html(f"<html><body><article>{body}</article></body></html>", {"source": "-"})
    assert len(kept(a)) == 20000


def test_hidden_elements_are_hinted() -> None:
    html = f"<p>{PROSE}</p><div style='display: none'><p>{PROSE[:60]} hidden copy.</p></div>"
    a = read_html(html, {"source": "-"})
    assert hint_of(a, "hidden copy") == "html.hidden"


def test_site_suffix_stripped_only_when_it_names_the_site() -> None:
    assert strip_site_suffix("Budget passes - The Gazette", "The Gazette") == "Budget passes"
    assert strip_site_suffix("Budget passes | Gazette", "The Gazette") == "Budget passes | Gazette"
    assert strip_site_suffix("Paris - Berlin", "") == "Paris - Berlin"


# --- Arabic and Persian fixture pages -------------------------------------------------


def fixture(name: str, encoding: str = "utf-8") -> Article:
    return read_html((DATA / name).read_text(encoding), {"source": name})


def test_arabic_page_with_share_related_tags_comments() -> None:
    a = fixture("ar-news-share-related.html")
    body = kept(a)
    assert body[0].startswith("أعلنت الحكومة، اليوم الثلاثاء")
    assert (
        body[-1] == "ومن المتوقع أن يناقش البرلمان تفاصيل التمويل خلال جلسته المقبلة الشهر القادم."
    )
    assert "مخاوف بيئية" in body
    assert any(t.startswith("«لا نعارض التحلية") for t in body)
    assert "إطلاق حملة وطنية لترشيد الاستهلاك في المنازل." in body
    for boiler in (
        "اقرأ أيضاً",
        "موجة جفاف",
        "الوسوم",
        "شارك هذا الخبر",
        "أخبار ذات صلة",
        "جميع التعليقات تخضع للمراجعة",
        "الأكثر قراءة",
        "اشترك في نشرتنا",
        "جميع الحقوق محفوظة",
        "الرئيسية",
    ):
        assert not any(boiler in t for t in body), boiler
    assert a.title == "الحكومة تعلن خطة لتحلية مياه البحر في المدن الساحلية"
    assert a.meta["author"] == "سارة المنصوري"
    assert a.meta["site"] == "صحيفة الساحل"
    assert a.meta["language"] == "ar"


def test_arabic_page_without_classes_or_paragraph_tags() -> None:
    a = fixture("ar-news-br-divs.html", "cp1256")  # a legacy page, saved as it declares
    body = kept(a)
    assert len(body) == 4
    assert body[0].startswith("سجلت صادرات التمور")
    assert body[-1].startswith("وأشار إلى أن أصناف الخلاص")
    for boiler in (
        "اقرأ أيضا",
        "انخفاض أسعار الذهب",
        "الآراء الواردة",
        "الأكثر مشاهدة",
        "أرسل لصديق",
    ):
        assert not any(boiler in t for t in body), boiler
    assert a.title == "ارتفاع صادرات التمور إلى أوروبا بنسبة 18%"  # JSON-LD headline
    assert a.meta["author"] == "خالد العتيبي"
    assert a.meta["published"] == "2023-11-05T14:10:00+03:00"
    assert a.meta["site"] == "بوابة الواحة الإخبارية"
    assert a.meta["language"] == "ar"  # no lang attribute: guessed from the text


def test_persian_article_keeps_lead_and_drops_caption_related() -> None:
    a = fixture("fa-news-article.html")
    body = kept(a)
    # The standfirst (class="lead") is the subtitle, not lost and not a body block.
    assert a.subtitle.startswith("حجم آب پنج سد اصلی تهران")
    assert hint_of(a, "حجم آب پنج سد") == "html.subtitle"
    assert body[0].startswith("به گزارش خبرنگار ما")
    assert body[-1].startswith("پیش‌بینی‌های هواشناسی")
    assert hint_of(a, "سد امیرکبیر - عکس") == "html.caption"
    assert hint_of(a, "مطالب مرتبط") == "html.related"
    assert hint_of(a, "کلیه حقوق") == "html.footer"
    assert a.meta["language"] == "fa"
    assert a.title == "بارش‌های پاییزی ذخایر سدهای تهران را افزایش داد"


def test_arabic_short_article_beside_prose_like_teaser_column() -> None:
    # The "most read" blurbs read like prose and together outweigh the short article:
    # their repeated template (linked headline + blurb, three or more times) gives them away.
    a = fixture("ar-news-teaser-sidebar.html")
    body = kept(a)
    assert len(body) == 3
    assert body[0].startswith("افتتح رئيس الوزراء")
    assert body[-1].startswith("ومن المقرر أن تبدأ الرحلات")
    assert hint_of(a, "سجلت أسعار الذهب") == "html.related"
    assert hint_of(a, "الخميس 14 مارس 2024") == "html.byline"


def test_fragment_keeps_everything_but_marked_and_link_dense() -> None:
    # A record's HTML body is already the article: no sentence is dropped for sitting
    # outside the "main" wrapper, but links lists and marked widgets are still hinted.
    html = (
        "<div class='intro'>مقدمة قصيرة للخبر.</div>"
        f"<div><p>{PROSE}</p><p>{PROSE} Again.</p></div>"
        "<p><b>اقرأ أيضاً:</b> <a href='/x'>عنوان خبر آخر منشور في الموقع نفسه</a></p>"
        "<div class='share'>شارك</div>"
    )
    a = read_html(html, {"source": "-"})
    assert kept(a) == ["مقدمة قصيرة للخبر.", PROSE, f"{PROSE} Again."]
    assert hint_of(a, "اقرأ أيضاً") == "html.link-dense"
    assert hint_of(a, "شارك") == "html.share"


def test_page_wide_form_and_misleading_classes_do_not_hide_the_article() -> None:
    # ASP.NET wraps whole pages in <form>; themes put "sidebar"/"comments" on wrappers.
    html = f"""<html><body class="layout-with-sidebar">
    <form id="aspnetForm" method="post">
    <div class="nav-menu"><a href="/">Home</a> <a href="/n">News</a></div>
    <div id="content-with-comments">
      <h1>Headline</h1>
      <div class="story"><p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p></div>
    </div>
    <div class="sidebar"><p>Short widget text that is not the article at all, really.</p></div>
    </form></body></html>"""
    a = read_html(html, {"source": "-"})
    assert kept(a) == [PROSE, f"{PROSE} Two.", f"{PROSE} Three."]
    assert hint_of(a, "Short widget text") == "html.aside"


def test_long_comment_thread_does_not_win_over_a_short_article() -> None:
    comment = "أتفق تماماً مع ما جاء في هذا المقال، وأتمنى أن تتحرك الجهات المعنية سريعاً. " * 3
    thread = "".join(
        f"<li class='comment'><span class='who'>قارئ {i}</span><p>{comment}</p></li>"
        for i in range(12)
    )
    html = f"""<html><body><article><h1>عنوان</h1>
    <div class="entry"><p>{PROSE}</p><p>{PROSE} Two.</p></div></article>
    <section id="comments"><h3>التعليقات</h3><ol class="comment-list">{thread}</ol></section>
    </body></html>"""
    a = read_html(html, {"source": "-"})
    assert kept(a) == [PROSE, f"{PROSE} Two."]
    assert hint_of(a, "أتفق تماماً") == "html.comments"


def test_doctests() -> None:
    import doctest

    import newsclean.extract
    import newsclean.extract.rules
    import newsclean.extract.title

    for module in (newsclean.extract, newsclean.extract.rules, newsclean.extract.title):
        assert doctest.testmod(module).failed == 0


def test_declared_language_contradicted_by_the_script_is_replaced() -> None:
    text = "قال الرئيس إن الاجتماع كان مثمرا وإن المحادثات ستستأنف الأسبوع المقبل في العاصمة."
    a = read_html(f"<html lang='en-US'><body><p>{text}</p></body></html>", {"source": "-"})
    assert a.meta["language"] == "ar"
    b = read_html(f"<html lang='fr'><body><p>{PROSE}</p></body></html>", {"source": "-"})
    assert b.meta["language"] == "fr"  # same script: the page's own declaration wins


def test_layout_table_cells_are_read_as_paragraphs() -> None:
    html = f"""<html><body><table><tr>
    <td><a href="/">الرئيسية</a> <a href="/a">أخبار</a> <a href="/b">رياضة</a></td>
    <td>{PROSE} {PROSE} {PROSE}</td></tr></table></body></html>"""
    a = read_html(html, {"source": "-"})
    assert kept(a) == [f"{PROSE} {PROSE} {PROSE}"]
    assert hint_of(a, "الرئيسية") == "html.link-dense"


# --- properties -----------------------------------------------------------------------


_PIECES = st.sampled_from(
    [
        "<div>", "</div>", "<p>", "</p>", "<br>", "<a href='/x'>", "</a>", "<ul><li>",
        "</li></ul>", "<nav>", "</nav>", "<table><tr><td>", "</td></tr></table>", "<script>",
        "</script>", "<h2>", "</h2>", "<pre>", "</pre>", "<!--", "-->", "<html>", "<body>",
        "<div class='share'>", "<div class='related'>", "&nbsp;", "&amp;", "<", ">", " ",
        "قال الوزير إن المحادثات ستستأنف.", "The talks resume on Monday, officials said.",
        "اقرأ أيضاً", "\u200c", "\u00a0",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_any_markup_reads_without_error_and_deterministically(pieces: list[str]) -> None:
    html = "".join(pieces)
    a = read_html(html, {"source": "-"})
    b = read_html(html, {"source": "-"})
    assert a == b
    for block in a.blocks:
        assert block.text and block.text == block.text.strip(" \t\n\r\f\v")
        assert "  " not in block.text or block.type == "preformatted"
    if not any(blk.hint is None for blk in a.blocks):
        assert a.meta.get("empty") is True
