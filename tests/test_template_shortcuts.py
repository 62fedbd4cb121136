"""The learned-template stage's shortcuts (issue 15, sixth round) give exactly the answers of
the long way: the edge peek read off the edge block without a window, and the known-suffix
walk that reuses the suffix's words and reads only the 4-grams before its zone. Generated
templates and edges (property-style), compared with the full walk."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article, Block
from newsclean.collection import templates as t

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RNG = random.Random(156)
VOCAB = ["".join(_RNG.choice(_LETTERS) for _ in range(_RNG.randint(3, 7))) for _ in range(300)]
# words that change a neighbour's kind or end a sentence or a line
ODD = ["اليوم", "12:30", "20", "اب", "2024", "نص.", "«قال»", "|", "»", "...", "(144)", "Aug", "3,"]


def _slow_peek(
    blocks: list[Block], table: dict[int, int], tags: frozenset[str], last: bool
) -> bool:
    # the peek as a window reads it (before the short path)
    w = t._Window(blocks, last, t._PEEK, tags)
    hs = w.content_hashes()
    if len(hs) < 4:
        return not w.complete
    return t._grams_of(hs[-4:] if last else hs[:4])[0] in table


_word = st.one_of(st.sampled_from(VOCAB[:40]), st.sampled_from(ODD))
_sep = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_word, _sep), min_size=1, max_size=60),
    st.lists(st.sampled_from(VOCAB[:40] + ODD), max_size=3),
    st.integers(0, 2**32),
)
def test_the_edge_peek_answers_as_a_window_does(
    words: list[tuple[str, str]], tags: list[str], seed: int
) -> None:
    text = "".join(w + s for w, s in words).strip() or "x"
    blocks = [Block("paragraph", line) for line in text.split("\n") if line.strip()]
    blocks = blocks or [Block("paragraph", "x")]
    tag_keys = frozenset(t.word_key(x) for x in tags)
    rng = random.Random(seed)
    # a table holding some of the text's own 4-grams (so that both answers occur)
    grams = t._Window(blocks, True, 60, frozenset()).grams()
    table = {g: 5 for g in grams if rng.random() < 0.7}
    for last in (True, False):
        assert t._may_cut(blocks, table, tag_keys, last) == _slow_peek(
            blocks, table, tag_keys, last
        )


def _template(rng: random.Random) -> list[str]:
    """A site's tail: lines of fixed words, with slots for what varies (tags, times)."""
    lines: list[str] = []
    for _ in range(rng.randint(3, 6)):
        kind = rng.random()
        if kind < 0.25:
            lines.append("{tags}")
        elif kind < 0.45:
            lines.append("{times}")
        else:
            lines.append(" ".join(rng.choice(VOCAB) for _ in range(rng.randint(2, 12))))
    lines.append(" ".join(rng.choice(VOCAB) for _ in range(rng.randint(14, 24))) + ".")
    return lines


def _article(
    rng: random.Random, template: list[str], i: int, collapsed: bool, host: str
) -> Article:
    body = [
        " ".join(rng.choice(VOCAB) for _ in range(rng.randint(6, 30))) + rng.choice([".", "", "،"])
        for _ in range(rng.randint(1, 4))
    ]
    tags = [rng.choice(VOCAB) for _ in range(rng.randint(0, 3))]
    tail: list[str] = []
    for line in template:
        if line == "{tags}":
            tail.extend(tags)
        elif line == "{times}":
            tail.extend(
                f"اليوم {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
                if rng.random() < 0.5
                else f"{rng.randint(1, 31)} اب"
                for _ in range(rng.randint(0, 4))
            )
        else:
            tail.append(line)
    if rng.random() < 0.15 and len(tail) > 1:
        tail = tail[rng.randint(1, len(tail) - 1) :]  # only the shared end, or part of it
    sep = rng.choice(["\n", " ", ""]) if rng.random() < 0.2 else "\n"
    text = "\n".join(body) + sep + "\n".join(tail)
    if rng.random() < 0.1 and tags:
        tags = [*tags[:-1], rng.choice(template[-1].split())]  # a tag among the suffix's words
    if collapsed:
        text = " ".join(text.split())
    meta = {"url": f"https://{host}/n/{i}", "tags": tags}
    return Article(title=f"t{i}", blocks=(Block("paragraph", text),), meta=meta)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.booleans())
def test_the_known_suffix_walk_cuts_as_the_full_walk_on_generated_templates(
    seed: int, collapsed: bool
) -> None:
    rng = random.Random(seed)
    template = _template(rng)
    learn = [_article(rng, template, i, collapsed, "gen.example") for i in range(40)]
    stage = t.SiteTemplates()
    list(stage(learn))
    model = stage.sites["gen.example"].model
    assert model is not None
    options = t.TemplateOptions()
    reading = t.Reading()
    known = 0
    for i in range(60):
        article = _article(rng, template, 100 + i, collapsed, "gen.example")
        fast = reading.remove(article, model, options)
        assert fast == t.remove_template(article, model, options), article.text
        known += reading.memo.suffix is not None
    if model.tail:
        assert known > 0  # (the shortcut was taken)
