"""Kept blocks that are no prose of their own: a second copy of the article, machine values.

Found on pages stripped of their class names (``bench/bench_perturb.py`` ``bare``), where
the CSS that hid them is no longer named: a page's hidden copy of its own body (one long
block made of the article's paragraphs run together, kept for search engines or another
layout) and the values of microdata spans (``2019-11-19T08:57:40+01:00``, an image URL, its
width). Neither is ever article text, whatever the page's template: both are judged on the
text alone, after the container is chosen.
"""

from __future__ import annotations

import re

from newsclean.extract.blocks import RawBlock

#: A block shorter than this is not searched for copies of other blocks.
COPY_CHARS = 200
#: Parts shorter than this are not counted (a short line repeats by chance).
PART_CHARS = 30
#: Share of the long block's text that other kept blocks must cover for it to be a copy.
COPY_SHARE = 0.7
#: A copy is made of at least this many kept blocks (one contained paragraph is a quote or
#: a standfirst repeated in the lede).
COPY_PARTS = 2

# A whole paragraph that is one URL, one ISO 8601 timestamp or one number: a microdata
# value, not a sentence. Linear patterns, anchored, no nested repeats.
_VALUE = re.compile(
    r"(?:https?://\S+|\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?|\d+)"
)

# Where a part may start inside a copy: the text's start, after a space or a full stop
# (paragraphs run together with or without a space between them).
_START = re.compile(r"(?:^|(?<=[\s.!?。]))\S")


def _is_value(b: RawBlock) -> bool:
    return b.kind == "paragraph" and _VALUE.fullmatch(b.text) is not None


def hint_repeats(raw: list[RawBlock]) -> None:
    """Hint kept machine values (``html.metadata``) and kept blocks that repeat the kept
    article's other blocks run together (``html.duplicate``): the parts stay, the copy
    goes."""
    kept = [b for b in raw if b.hint is None]
    parts = [b for b in kept if len(b.text) >= PART_CHARS]
    for b in kept:
        if _is_value(b):
            b.hint = "html.metadata"
    if len(parts) <= COPY_PARTS:
        return
    # Parts are looked up by their opening at each word start of a long block (linear in
    # the text, where testing every part against every block would be quadratic).
    opening: dict[str, list[RawBlock]] = {}
    for x in parts:
        opening.setdefault(x.text[:PART_CHARS], []).append(x)
    for b in parts:
        text, n = b.text, len(b.text)
        if n < COPY_CHARS or not any(x is not b for x in opening.get(text[:PART_CHARS], ())):
            continue  # (a copy opens with the first part it repeats: one lookup for most)
        covered, found, seen = 0, 0, set()
        for m in _START.finditer(text):
            at = m.start()
            for x in opening.get(text[at : at + PART_CHARS], ()):
                size = len(x.text)
                if x is not b and size < n and id(x) not in seen and text.startswith(x.text, at):
                    seen.add(id(x))
                    covered += size
                    found += 1
        if found >= COPY_PARTS and covered >= COPY_SHARE * n:
            b.hint = "html.duplicate"
