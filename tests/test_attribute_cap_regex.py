"""The attribute cap's possessive pattern finds exactly what the backtracking one found."""

from __future__ import annotations

import random
import re

from newsclean.extract import attributes

# The pattern before its quantifiers were made possessive (the reference).
_ATTR = r"""\s+[^\s<>="'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']+))?"""
_REFERENCE = re.compile(
    rf"<[A-Za-z](?=[^>]{{512}})[^\s<>/]*(?:{_ATTR}){{{attributes.MAX_ATTRIBUTES + 1}}}"
)
_TOKENS = ["<script>", "</script>", "<p", "<a ", " ", "  ", "=", " = ", '"', "'", "x", "abc"]
_TOKENS += [">", "<", "/", "\t", "=x", '"a b"', "'c'", "\u00a0", "\u3000"]


def _crowded(n: int, quote: str) -> str:
    return "<p " + " ".join(f"a{i}={quote}x{quote}" for i in range(n)) + ">t</p>"


def test_the_possessive_pattern_matches_where_and_as_far_as_the_reference() -> None:
    rnd = random.Random(7)
    hits = 0
    for _ in range(1500):
        if rnd.random() < 0.3:
            tail = "".join(rnd.choice(_TOKENS) for _ in range(rnd.randint(0, 50)))
            text = _crowded(rnd.randint(250, 270), rnd.choice(["", '"', "'"])) + tail
        else:
            text = "<p" + "".join(rnd.choice(_TOKENS) for _ in range(rnd.randint(200, 1200)))
        for pos in range(0, len(text), 97):
            ref = _REFERENCE.search(text, pos)
            got = attributes._CROWDED.search(text, pos)
            assert (got and got.span()) == (ref and ref.span()), (text[:80], pos)
            hits += ref is not None
    assert hits > 100  # crowded tags were among the cases
