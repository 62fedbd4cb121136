"""strip over a real collection (SaudiNewsNet, 2,050 Arabic articles from 10 papers): it must
take only real boilerplate, and leave every other article exactly as it was."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsclean.article import Article, Block
from newsclean.read import read_path
from newsclean.steps.strip import strip

# What this collection really carries (each removal was read and judged): aawsat's "...المزيد"
# teaser link, alweeam's "رابط الخبر بصحيفة الوئام: <headline>" syndication line, columnists'
# SMS contact footers (okaz, almadina), okaz photo credits ("تصوير: ...") and a bare URL line.
EXPECTED_RULES = {
    "ar.more-link",
    "tail.story-link",
    "tail.contact",
    "ar.photo-credit",
    "structure.photo-credit",
    "structure.url",
}
TELLTALES = ("المزيد", "رابط الخبر", "للتواصل", "تصوير", "www.")


@pytest.fixture(scope="module")
def articles(shared: Path) -> list[Article]:
    return list(read_path(shared / "corpus" / "saudinewsnet" / "2015-07-22.json"))


def _check(articles: list[Article]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article in articles:
        out = strip(article)
        rules = [r.rule for r in out.removed]
        counts.update(rules)
        counts["touched"] += bool(rules)
        assert set(rules) <= EXPECTED_RULES, (article.meta.get("url"), out.removed)
        if not any(t in article.text for t in TELLTALES):
            assert out is article or out == article  # clean articles come out unchanged
            continue
        # kept text is original text: whole blocks, or the start of one (a cut tail), or a
        # block with a credit taken out of it
        originals = [b.text for b in article.blocks]
        for block in out.blocks:
            assert block.text in originals or any(
                o.startswith(block.text) or _without_removed(o, out) == block.text
                for o in originals
            )
    return counts


def _without_removed(text: str, out: Article) -> str:
    for r in out.removed:
        text = text.replace(" " + r.text, "").replace(r.text, "")
    return text.strip()


def test_saudinewsnet_removes_only_real_boilerplate(articles: list[Article]) -> None:
    counts = _check(articles)
    alweeam = sum(1 for a in articles if "رابط الخبر بصحيفة الوئام" in a.text)
    assert counts["tail.story-link"] == alweeam > 80
    assert counts["ar.more-link"] == 5
    assert counts["tail.contact"] >= 15
    assert counts["touched"] < len(articles) * 0.07


def test_saudinewsnet_collapsed_keeps_every_sentence(articles: list[Article]) -> None:
    sample = [a for a in articles if a.meta.get("site") in ("alweeam", "okaz", "aawsat")]
    for article in sample:
        flat = article.replace(blocks=(Block("paragraph", " ".join(article.text.split())),))
        out = strip(flat)
        assert {r.rule for r in out.removed} <= EXPECTED_RULES
        # whatever went, went from the end (or was a credit): the start is untouched
        kept = out.blocks[0].text if out.blocks else ""
        assert flat.blocks[0].text.startswith(kept[:200])
