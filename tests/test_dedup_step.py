"""In-article dedup: repeated headline, standfirst and paragraphs go to ``removed``; the
kept text is never changed and legitimately repeated short lines stay."""

from __future__ import annotations

import pickle
from pathlib import Path

from newsclean.article import Article, Block
from newsclean.read.text import read_text
from newsclean.steps.dedup import DedupOptions, dedup

PARA = "وصل نائب وزير الخارجية الروسي إلى دمشق اليوم الاثنين والتقى رئيس النظام السوري"
PARA2 = "وذكرت رئاسة النظام أن الأسد أجرى مباحثات سياسية مع فيرشينين تناولت العلاقات"


def art(title: str, *texts: str, subtitle: str = "") -> Article:
    return Article(
        title=title,
        subtitle=subtitle,
        blocks=tuple(Block("paragraph", t) for t in texts),
        meta={"source": "t"},
    )


def rules(a: Article) -> list[tuple[str, int | None]]:
    return [(r.rule, r.position) for r in a.removed if r.step == "dedup"]


def test_seed_article_headline_once(samples: Path) -> None:
    path = samples / "nidaa-post-vershinin-assad.txt"
    article = read_text(path.read_text(encoding="utf-8"), {"source": str(path)})
    out = dedup(article)
    assert rules(out) == [("headline-repeat", 0)]
    assert out.removed[-1].text == article.title
    # Every other block is kept, unchanged and in order.
    assert out.blocks == article.blocks[1:]
    assert out.title == article.title


def test_headline_variants() -> None:
    title = "نائب وزير الخارجية الروسي يلتقي بشار الأسد"
    for repeat in (
        title + "  ",
        "نائبُ وزير الخارجيّة الروسي يلتقي بشار الأسد",  # diacritics
        "نائب وزيـــر الخارجية الروسي يلتقي بشار الاسد",  # tatweel, bare alef
        "«نائب وزير الخارجية الروسي يلتقي بشار الأسد»",  # quotes
        title + " - نداء بوست",  # site suffix
        title + " | Nidaa Post",
    ):
        out = dedup(art(title, repeat, PARA))
        assert rules(out) == [("headline-repeat", 0)], repeat
        assert [b.text for b in out.blocks] == [PARA]


def test_title_with_suffix_and_clean_repeat() -> None:
    out = dedup(art("Assad meets Russian envoy - Nidaa Post", "Assad meets Russian envoy", PARA))
    assert rules(out) == [("headline-repeat", 0)]


def test_headline_repeat_only_at_the_top() -> None:
    title = "Assad meets Russian envoy in Damascus"
    body = [PARA, PARA2, "Third paragraph of the story.", "Another one here.", title]
    out = dedup(art(title, *body))
    assert rules(out) == []  # a late mention is content (e.g. a caption), not a repeat


def test_generic_headline_does_not_eat_a_paragraph() -> None:
    out = dedup(art("عاجل", "عاجل: انفجار في ميناء بيروت يهز المدينة ويوقع إصابات", PARA))
    assert rules(out) == []


def test_lede_and_subtitle_repeats() -> None:
    lede = "Talks focus on the return of refugees and on trade between the two sides."
    out = dedup(
        art(
            "Assad meets envoy",
            "Talks focus on the return of refugees and on trade between the two sides!",
            PARA,
            subtitle=lede,
        )
    )
    assert rules(out) == [("lede-repeat", 0)]
    assert out.subtitle == lede
    out = dedup(art("Assad meets envoy", PARA, subtitle="Assad meets envoy."))
    assert [r.rule for r in out.removed] == ["subtitle-repeat"]
    assert out.removed[0].field == "subtitle" and out.subtitle == ""


def test_repeated_paragraphs_exact_and_near() -> None:
    near = PARA.replace("اليوم", "يوم") + "."  # one word and punctuation differ
    out = dedup(art("t", PARA, PARA2, PARA, near))
    assert rules(out) == [("paragraph-repeat", 2), ("paragraph-repeat", 3)]
    assert [b.text for b in out.blocks] == [PARA, PARA2]
    exact_only = dedup(art("t", PARA, PARA2, near), DedupOptions(near=1.0))
    assert rules(exact_only) == []


def test_near_repeats_of_every_length_are_compared() -> None:
    # near-repeat candidates are looked up by word count: a shorter or longer copy within
    # the similarity threshold is still found, and ``near=0`` accepts any length
    longer = PARA + " وأضاف"  # one more word: 15/16 words in common
    assert rules(dedup(art("t", PARA, PARA2, longer))) == [("paragraph-repeat", 2)]
    assert rules(dedup(art("t", longer, PARA2, PARA))) == [("paragraph-repeat", 2)]
    loose = DedupOptions(near=0.0, min_words=3, headline=False)
    assert rules(dedup(art("t", PARA, PARA2 + " " + PARA2), loose)) == [("paragraph-repeat", 1)]


def test_short_lines_may_repeat() -> None:
    out = dedup(art("t", "—", PARA, "—", "Photo: AP", PARA2, "Photo: AP", "***", "***"))
    assert rules(out) == []


def test_different_paragraphs_sharing_words_are_kept() -> None:
    a = "The minister said on Monday that the talks would resume in Geneva next week."
    b = "The minister said on Tuesday that the talks would not resume in Geneva this year."
    assert rules(dedup(art("t", a, b))) == []


def test_no_title_first_line_acts_as_headline() -> None:
    out = dedup(art("", "Short headline here", "Short headline here.", PARA))
    assert rules(out) == [("headline-repeat", 1)]


def test_options_turn_rules_off() -> None:
    a = art("Headline text here", "Headline text here", PARA, PARA)
    assert rules(dedup(a, DedupOptions(headline=False, paragraphs=False))) == []
    assert rules(dedup(a, DedupOptions(paragraphs=False))) == [("headline-repeat", 0)]


def test_empty_and_untouched_articles() -> None:
    empty = Article()
    assert dedup(empty) is empty
    clean = art("Title", PARA, PARA2)
    assert dedup(clean) is clean  # nothing to do: the same object


def test_idempotent_and_picklable() -> None:
    a = art("Headline text here", "Headline text here", PARA, PARA)
    once = dedup(a)
    assert dedup(once) == once
    pickle.loads(pickle.dumps(DedupOptions()))
    pickle.loads(pickle.dumps(dedup))


def test_near_window_lists_the_counts_that_fit_whichever_way_it_looks() -> None:
    # _window reads the counts seen, or the range of counts that fit, whichever is
    # shorter: the paragraphs it lists are the same either way.
    import random

    from newsclean.steps.dedup import _CANDIDATES, _NearIndex

    rnd = random.Random(3)
    for _ in range(300):
        near = rnd.choice([0.5, 0.8, 0.9, 1.0])
        index = _NearIndex(near, 3)
        for n in range(rnd.randint(0, 30)):
            index.add(f"p{n}", rnd.randint(1, 400))
        count = rnd.randint(1, 400)
        fits = [
            n
            for n, other in enumerate(index.counts)
            if min(count, other) >= near * max(count, other)
        ]
        got = index._window(count)
        if len(fits) > _CANDIDATES:
            assert got is None
        else:
            assert got is not None and sorted(got) == fits
