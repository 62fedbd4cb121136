"""What a block's text says of its role from its characters alone: a sentence, a byline."""

from __future__ import annotations

import re

WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# (with the Devanagari danda, the Armenian, Ethiopic and Burmese full stops)
_END = re.compile(r"[.!?؟。۔…»”\"'！？」』।॥։።။]\s*$")
_DIGIT = re.compile(r"\d")


def is_linked_sentence(text: str) -> bool:
    """A long block ending a sentence: prose that happens to be a link, not a link list."""
    return len(text) >= 120 and _END.search(text) is not None


#: Chinese/Japanese characters that make a line a sentence, not a byline ("記者王小明／台北報導").
BYLINE_WIDE = 20


def is_byline(text: str) -> bool:
    """A byline/dateline/label: short, no sentence end, and a date or only a few words.

    (Arabic leads often end without a full stop, so "no punctuation" alone is not enough.)
    A line of BYLINE_WIDE or more Chinese/Japanese characters is a sentence, however few
    its spaces (a photo blog's lines end without punctuation).
    """
    if not text.isascii() and len(WIDE.findall(text)) >= BYLINE_WIDE:
        return False
    return (
        len(text) < 100
        and not _END.search(text)
        and (_DIGIT.search(text) is not None or len(text.split()) <= 6)
    )
