"""Decode real HTML character references left in text (``&amp;``, ``&quot;``, ``&#1575;``).

Only references that HTML5 defines, written with their semicolon, are decoded, so ``AT&T``
and ``R&D;`` stay as they are. A chain of escaped ampersands (``&amp;amp;quot;``, double
escaping by two CMS layers) decodes in one pass, which keeps the fix idempotent.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from newsclean import regex_cache

__all__ = ["GATE_BRANCH", "fix_entities", "fix_entities_counted"]

_CHAIN = r"(?:amp;|#0*38;|#[xX]0*26;)*"
_REF = r"#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}"
_ENTITY = regex_cache.compile(f"&{_CHAIN}({_REF});")
#: What follows the "&" of a reference, without groups (a branch of the step's gate).
GATE_BRANCH = f"{_CHAIN}(?:{_REF});"


def _decode(ref: str) -> str | None:
    # Imported on the first reference found: building html5's table of 2,231 names was 2%
    # of normalize's start-up, and most articles hold no reference at all.
    import html
    from html.entities import html5

    if ref[0] == "#":
        cp = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        if cp == 0 or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
            return None
        return html.unescape(f"&{ref};")
    if f"{ref};" in html5:
        return html5[f"{ref};"]
    return None


def fix_entities_counted(text: str, counts: MutableMapping[str, int]) -> str:
    """Decode HTML character references, adding the number decoded to ``counts``."""
    if "&" not in text:
        return text
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        out = _decode(m.group(1))
        if out is None:
            return m.group()
        n += 1
        return out

    text = _ENTITY.sub(repl, text)
    if n:
        counts["html_entities"] = counts.get("html_entities", 0) + n
    return text


def fix_entities(text: str) -> str:
    """Decode real HTML character references.

    >>> fix_entities("Q&amp;A &quot;&#1575;&quot; AT&T R&D;")
    'Q&A "ا" AT&T R&D;'
    >>> fix_entities("&amp;amp;lt;")
    '<'
    """
    return fix_entities_counted(text, {})
