"""The in-article near-repeat check is near-linear on a long page (issue 19, item 2)."""

from __future__ import annotations

import random
import time

from newsclean.article import Article, Block
from newsclean.steps.dedup import DedupOptions, _similar, dedup, run_length
from newsclean.text.keys import fold


def _shuffled_page(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    vocab = [f"word{i}" for i in range(40)]
    out = []
    for _ in range(n):
        rnd.shuffle(vocab)
        out.append(" ".join(vocab) + ".")
    return out


def _page(paragraphs: list[str]) -> Article:
    return Article(title="T", blocks=tuple(Block("paragraph", p) for p in paragraphs))


def test_a_thousand_shuffled_paragraphs_finish_quickly() -> None:
    # the report: 1,000 shuffled 40-word paragraphs (152 KB) took 29 s in dedup alone
    page = _page(_shuffled_page(1000))
    start = time.process_time()
    out = dedup(page)
    assert time.process_time() - start < 10  # a hang guard: it takes a fraction of a second
    assert out.removed == ()  # shuffles are not repeats


def test_near_repeats_are_still_found_on_a_long_page() -> None:
    paragraphs = _shuffled_page(300)
    words = paragraphs[7].split()
    words[5] = "changed"  # one word of 40 differs: similarity 0.975
    paragraphs.append(" ".join(words))
    paragraphs.append(paragraphs[100])  # an exact repeat
    out = dedup(_page(paragraphs))
    assert [r.text for r in out.removed] == [" ".join(words), paragraphs[100]]
    assert len(out.blocks) == 300


def _close(key: str, other: str, near: float) -> bool:
    bag, other_bag = set(key.split()), set(other.split())
    shared = len(bag & other_bag) >= near * min(len(bag), len(other_bag))
    return shared and _similar(key.split(), other.split(), near)


def _reference(paragraphs: list[str], near: float) -> list[str]:
    """What the step removed before the index: every paragraph against every earlier one."""
    kept: list[str] = []
    exact: set[str] = set()
    removed = []
    for text in paragraphs:
        key = fold(text)
        if key in exact:
            removed.append(text)
            continue
        if any(_close(key, other, near) for other in kept):
            removed.append(text)
            continue
        kept.append(key)
        exact.add(key)
    return removed


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    rnd = random.Random(3)
    vocab = [f"w{i}" for i in range(50)]
    base = [" ".join(rnd.choices(vocab, k=rnd.randint(18, 22))) for _ in range(80)]
    edited = []
    for text in rnd.sample(base, 40):
        words = text.split()
        for _ in range(rnd.randint(0, 4)):
            words[rnd.randrange(len(words))] = rnd.choice(vocab)
        edited.append(" ".join(words))
    paragraphs = base + edited  # ~20 words each: more than 24 in one count window
    for near in (0.6, 0.8, 0.9, 0.95):
        options = DedupOptions(near=near, headline=False, lede=False)
        got = [r.text for r in dedup(_page(paragraphs), options).removed]
        assert got == _reference(paragraphs, near), near
        assert got  # the page has repeats to find


def test_run_length_is_a_lower_bound() -> None:
    assert run_length(0.9, 8) == 3
    assert run_length(1.0, 8) == 8
    assert run_length(0.5, 8) == 1
