"""The rules that fit only at an article's edge, run where a learned template's cut made a
new edge, and the head stamp (breadcrumb, byline, date) run into the first sentence."""

from __future__ import annotations

import random

import pytest

from newsclean.article import Article, Block
from newsclean.collection.templates import SiteTemplates, TemplateOptions
from newsclean.steps.strip import strip

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RNG = random.Random(21)
VOCAB = ["".join(_RNG.choice(_LETTERS) for _ in range(_RNG.randint(3, 7))) for _ in range(2000)]
BANNER = "أخبار الأفق | صحيفة إلكترونية يومية شاملة تصدر من الرياض"
PROMO = "حمل تطبيق الأفق الإخباري الآن من متجر آبل وجوجل بلاي مجانا"


def body(rng: random.Random, i: int = 0) -> str:
    """Three sentences of random words: no two articles share a 4-gram of their text."""
    return " ".join(" ".join(rng.choice(VOCAB) for _ in range(12)) + "." for _ in range(3))


def run(arts: list[Article], **kw: object) -> list[Article]:
    return list(SiteTemplates(TemplateOptions(**kw))(strip(a) for a in arts))  # type: ignore[arg-type]


@pytest.mark.parametrize("joint", ["\n", " "])
def test_a_source_line_left_last_by_a_learned_tail_goes(joint: str) -> None:
    rng = random.Random(3)
    arts, golds = [], []
    for i in range(40):
        text = body(rng, i)
        source = f"المصدر: {rng.choice(VOCAB)}"  # an agency the learner cannot learn
        full = joint.join([text, source, PROMO])
        arts.append(Article(blocks=(Block("paragraph", full),), meta={"site": "ofuq"}))
        golds.append(text)
    out = run(arts)
    assert [a.text for a in out] == golds
    rules = [r.rule for r in out[5].removed]
    assert "learned.ofuq" in rules and "ar.source-line" in rules
    # with the edge rules off, the source line stays where the learned tail left it
    if joint == " ":  # (a line of its own is one of strip's last lines already)
        kept = run(arts, edges=None)
        assert all("المصدر:" in a.text for a in kept)


def test_a_source_line_inside_the_article_stays() -> None:
    # mid-article "المصدر: ..." belongs to the article: only the new last sentence is tried
    rng = random.Random(4)
    arts = []
    for i in range(40):
        text = " ".join([body(rng, i), "المصدر: واس", body(rng, i + 100), PROMO])
        arts.append(Article(blocks=(Block("paragraph", text),), meta={"site": "ofuq"}))
    out = run(arts)
    assert all("المصدر: واس" in a.text for a in out)
    assert all(not a.text.endswith(PROMO) for a in out)


def test_a_byline_and_date_after_a_learned_banner_go_in_collapsed_text() -> None:
    rng = random.Random(5)
    arts, golds = [], []
    for i in range(40):
        text = body(rng, i)
        name = f"{rng.choice(VOCAB)} {rng.choice(VOCAB)}"  # a name, every time another
        stamp = f"كتب: {name} الثلاثاء {i % 28 + 1} أبريل 2024 الساعة 1:{i % 50 + 10}"
        full = f"{BANNER} {stamp} {text}"
        arts.append(Article(blocks=(Block("paragraph", full),), meta={"site": "ofuq"}))
        golds.append(text)
    out = run(arts)
    assert [a.text for a in out] == golds
    rules = [r.rule for r in out[3].removed]
    assert rules[0] == "learned.ofuq" and "structure.timestamp" in rules


@pytest.mark.parametrize(
    ("head", "rules"),
    [
        (
            "الرئيسية » أخبار محلية كتب: سارة الغامدي الجمعة 10 يوليو 2024 الساعة 8:04 ص",
            ["structure.breadcrumb", "ar.byline", "structure.timestamp"],
        ),
        (
            "By Lucy Chen, Staff Writer Published 7:40 PM EDT, Fri August 31, 2024",
            ["en.byline", "structure.timestamp"],
        ),
    ],
)
def test_a_head_stamp_run_into_the_first_sentence_goes_piece_by_piece(
    head: str, rules: list[str]
) -> None:
    text = "Gaming used to be so simple. We bought a game and played it at home."
    if head[0] != "B":
        text = "قال الوزير إن الاجتماع بحث سبل التعاون. وأضاف أن المحادثات مستمرة."
    out = strip(Article(blocks=(Block("paragraph", f"{head} {text}"),)))
    assert out.text == text
    assert [r.rule for r in out.removed] == rules
    assert " ".join(r.text for r in out.removed) == head


@pytest.mark.parametrize(
    "text",
    [
        "By Monday, 3 March 2015, the ministry had finished its review. It said so.",
        "في 22 يوليو 2015 أعلن الوزير عن خطة جديدة لدعم القطاع الخاص في المملكة.",
        "الرياض 15 يوليو 2024 - أعلن الوزير عن خطة جديدة لدعم القطاع الخاص.",
        "By the end of 2015 the ministry had finished its review of the plan.",
    ],
)
def test_an_article_opening_with_a_date_is_kept(text: str) -> None:
    # one piece (a date) is no stamp, nor a row that ends on a comma: the article's own
    out = strip(Article(blocks=(Block("paragraph", text),)))
    assert out.text == text and not out.removed
