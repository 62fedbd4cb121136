"""Relative times in words ("منذ يومين", "an hour ago") count as timestamps (issue 15,
item 4): a whole line or a collapsed head's last piece, never a sentence holding one."""

from __future__ import annotations

import time

import pytest

from newsclean.article import Article, Block
from newsclean.steps.boilerplate.reltime import is_relative_time
from newsclean.steps.boilerplate.structure import is_timestamp, timestamp_token
from newsclean.steps.strip import strip

TIMES = [
    "منذ يومين",
    "منذ ساعة",
    "منذ ساعتين",
    "منذ دقائق",
    "منذ أسبوع",
    "أمس",
    "قبل ساعتين",
    "منذ ثلاث ساعات",
    "yesterday",
    "an hour ago",
    "a day ago",
    "two hours ago",
    "just now",
    "Yesterday",
    "Updated: two hours ago",
    "آخر تحديث: منذ ساعتين",
    "il y a une heure",
    "il y a deux jours",
    "hier",
    "vor einer Stunde",
    "vor zwei Tagen",
    "gestern",
    "hace una hora",
    "ayer",
    "دو ساعت پیش",
    "ایک گھنٹہ پہلے",
    "- منذ يومين -",
]
NOT_TIMES = [
    "The minister left two hours ago",
    "two hours ago the minister left",
    "قال الوزير منذ يومين إن",
    "منذ يومين والوزير يتحدث",
    "منذ",
    "ago",
    "two hours",
    "ساعتين",
    "Yesterday, the minister said",
    "il y a une maison",
    "vor einer Tür",
    "hace una semana que no llueve",
    "a a a a ago",
    "منذ منذ يومين",
]
ARTICLE = "قال الوزير إن الاجتماع بحث سبل التعاون. وأضاف أن المحادثات مستمرة."
ENGLISH = "Gaming used to be so simple. We bought a game and played it at home."


@pytest.mark.parametrize("line", TIMES)
def test_a_relative_time_in_words_is_a_timestamp(line: str) -> None:
    assert is_timestamp(line)
    assert all(timestamp_token(w) for w in line.split())


@pytest.mark.parametrize("line", NOT_TIMES)
def test_a_sentence_or_half_a_time_is_not(line: str) -> None:
    assert not is_timestamp(line)


@pytest.mark.parametrize("stamp", ["منذ يومين", "two hours ago", "Yesterday"])
def test_a_time_line_at_the_head_goes_and_a_sentence_holding_one_stays(stamp: str) -> None:
    text = ENGLISH if stamp[0].isascii() else ARTICLE
    out = strip(Article(blocks=(Block("paragraph", stamp), Block("paragraph", text))))
    assert out.text == text
    assert [r.rule for r in out.removed] == ["structure.timestamp"]
    inside = "The minister left two hours ago. He said nothing to the press at all."
    kept = strip(Article(blocks=(Block("paragraph", inside),)))
    assert kept.text == inside and not kept.removed


@pytest.mark.parametrize(
    ("head", "rules", "text"),
    [
        (
            "الرئيسية » أخبار محلية كتب: سارة الغامدي منذ يومين",
            ["structure.breadcrumb", "ar.byline", "structure.timestamp"],
            ARTICLE,
        ),
        ("By Lucy Chen, Staff Writer two hours ago", ["en.byline", "structure.timestamp"], ENGLISH),
    ],
)
def test_a_collapsed_head_ending_on_a_relative_time_goes(
    head: str, rules: list[str], text: str
) -> None:
    out = strip(Article(blocks=(Block("paragraph", f"{head} {text}"),)))
    assert out.text == text
    assert [r.rule for r in out.removed] == rules
    # and the same head as lines of its own: the time line goes with the rest
    when = "two hours ago" if head[0] == "B" else "منذ يومين"
    lines = (head[: -len(when)].strip(), when, text)
    own = strip(Article(blocks=tuple(Block("paragraph", p) for p in lines)))
    assert own.text == text
    assert "structure.timestamp" in [r.rule for r in own.removed]


def test_a_relative_time_opening_the_article_alone_is_kept() -> None:
    text = "منذ يومين أعلن الوزير عن خطة جديدة لدعم القطاع الخاص في المملكة."
    out = strip(Article(blocks=(Block("paragraph", text),)))
    assert out.text == text and not out.removed


@pytest.mark.parametrize(
    "line",
    [
        "منذ " * 20000 + "x",
        "two " * 20000 + "hours agox",
        "il y a " * 10000,
        "vor " + "einer " * 20000 + "Stunde",
        "Updated " * 20000 + "yesterday",
        "- " * 30000 + "منذ يومين",
        "منذ" + "\u064b" * 50000,
    ],
)
def test_adversarial_lines_are_read_quickly(line: str) -> None:
    # the vocabulary is read word by word against sets: linear, no regex to backtrack
    start = time.perf_counter()
    assert not is_relative_time(line) and not is_timestamp(line)
    assert not is_relative_time(line[:85]) or line[:85].strip().startswith("-")
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "text",
    ["منذ " * 3000 + ARTICLE, "two hours ago " * 3000 + ENGLISH, "il y a " * 3000 + ENGLISH],
)
def test_adversarial_heads_are_read_quickly(text: str) -> None:
    start = time.perf_counter()
    out = strip(Article(blocks=(Block("paragraph", text),)))
    assert out.text.endswith(ARTICLE if text[0] == "م" else ENGLISH)
    assert time.perf_counter() - start < 5
