"""The HTML reader on development data (skips when ../shared is absent)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

from newsclean.read.html import read_html

_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    t = _WORD.findall(text)
    return Counter(tuple(t[i : i + 4]) for i in range(max(1, len(t) - 3)) if t[i : i + 4])


def _f1(gold: str, pred: str) -> float:
    g, p = _shingles(gold), _shingles(pred)
    tp = sum((g & p).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def test_cnn_arabic_keeps_every_sentence_and_drops_comment_policy(shared: Path) -> None:
    folder = shared / "corpus" / "cnn-arabic-2013"
    article = read_html((folder / "page.html").read_text("utf-8"), {"source": "page.html"})
    kept = [b.text for b in article.blocks if b.hint is None]
    expected = [
        " ".join(p.split()) for p in (folder / "expected.txt").read_text("utf-8").split("\n\n")
    ]
    expected = [p for p in expected if p]
    assert kept == expected  # every sentence, in order, and nothing else
    policy = [b for b in article.blocks if "ترحب شبكة CNN بالنقاش" in b.text]
    assert policy and all(b.hint == "html.comments" for b in policy)
    disclaimer = [b for b in article.blocks if "الآراء الواردة أدناه" in b.text]
    assert disclaimer and disclaimer[0].hint is not None
    assert article.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert article.meta["language"] == "ar"
    assert article.meta["site"] == "CNNArabic"


def test_zyte_smoke(shared: Path) -> None:
    """A handful of benchmark pages: the per-page F1 stays high (full run: bench/)."""
    folder = shared / "corpus" / "zyte"
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    scores = []
    for key in sorted(gold)[:12]:
        with gzip.open(folder / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            article = read_html(f.read(), {"source": key})
        text = "\n".join(b.text for b in article.blocks if b.hint is None)
        scores.append(_f1(gold[key]["articleBody"], text))
    assert min(scores) > 0.5
    assert sum(scores) / len(scores) > 0.9
