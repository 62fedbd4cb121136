"""``structure.copyright``: a copyright line is short, looks like one, and sits at an edge.

It once removed any line of up to ~280 characters holding "©" or "(c) 2019" anywhere, so a
sentence citing "section 5(c) 2019" of a law went. Footers must still go.
"""

from __future__ import annotations

import pytest

from newsclean.article import Article, Block
from newsclean.steps.strip import strip

LAW = "Under section 5(c) 2019 of the act, the judge said the ban was unlawful."
BODY = [
    "The court ruled on Tuesday after a hearing that lasted most of the day.",
    "Lawyers for both sides said they would study the judgment before commenting.",
    "The case had been closely watched by civil liberties groups across the country.",
    "A further hearing on costs is expected later this year, officials said.",
    "The government has not said whether it will appeal the decision.",
    "Observers expect the ruling to shape similar cases in other courts.",
]


def _removed(lines: list[str]) -> list[str]:
    article = Article(title="Court ruling", blocks=tuple(Block("paragraph", t) for t in lines))
    return [r.text for r in strip(article).removed if r.rule == "structure.copyright"]


@pytest.mark.parametrize("where", [0, 3, len(BODY)])
def test_a_clause_citing_c_and_a_year_stays(where: int) -> None:
    lines = [*BODY[:where], LAW, *BODY[where:]]
    assert _removed(lines) == []


@pytest.mark.parametrize(
    "footer",
    [
        "© 2019 Associated Press. All Rights Reserved. This material may not be published, "
        "broadcast, rewritten, or redistributed.",
        "Copyright © 2019 Press TV. All rights reserved.",
        "© Reuters",
        "(c) 2019 Reuters",
        "Copyright (C) EnterMedia.co.kr. All right reserved.",
        "Al Jazeera Media Network © 2019",
        "All Rights Reserved © 2019",
        "جميع الحقوق محفوظة © 2019 صحيفة المثال",
        "© 2019 صحيفة المثال",
    ],
)
def test_footers_go_at_the_end(footer: str) -> None:
    assert _removed([*BODY, footer]) == [footer]


def test_a_line_opening_with_the_sign_goes_anywhere() -> None:
    assert _removed([*BODY[:3], "© AFP", *BODY[3:]]) == ["© AFP"]


def test_inside_the_article_a_sign_after_words_stays() -> None:
    caption = "The new logo, a red © on white, was shown at the launch in 2019."
    assert _removed([*BODY[:3], caption, *BODY[3:]]) == []
    assert _removed([*BODY[:3], "Reuters (c) 2019", *BODY[3:]]) == []
