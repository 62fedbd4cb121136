"""Spans that typography fixes must not touch: URLs, e-mail addresses, inline code.

Fixes call :func:`apply_outside` with a ``str -> str`` function; it runs on the text between
protected spans only, so ``?id=1`` in a URL never becomes ``؟id=1``.
"""

from __future__ import annotations

from collections.abc import Callable

from newsclean import regex_cache

__all__ = ["GATE_BRANCHES", "PROTECTED", "apply_outside", "may_protect", "protected_spans"]

# Each alternative starts with a literal so the scan is fast; an e-mail address is found
# from its "@" and extended backwards by hand (a pattern starting with [\w.+-]+ would try
# every word of the text).
PROTECTED = regex_cache.compile(
    r"(?:https?|ftp)://[^\s<>«»\"“”]+"
    r"|www\.[^\s<>«»\"“”]+"
    r"|@[\w-]+(?:\.[\w-]+)+"
    r"|`[^`\n]+`"
)
_LOCAL = regex_cache.compile(r"[\w.+-]")


#: :func:`may_protect` as branches of the step's one-scan gate (see
#: ``spacing.gate_branches``): first character, pattern after it.
GATE_BRANCHES = ((":", "//"), (".", "(?<=www\\.)"), ("@", ""), ("`", ""))


def may_protect(text: str) -> bool:
    """False when ``text`` certainly holds no protected span (a cheap substring test)."""
    return _maybe(text)


def _maybe(text: str) -> bool:
    # Substring tests run at memchr speed; the pattern only runs when one of them hits.
    return "://" in text or "www." in text or "@" in text or "`" in text


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every protected span, in order.

    >>> protected_spans("see http://x.com/a?b=1 now")
    [(4, 22)]
    """
    if not _maybe(text):
        return []
    spans: list[tuple[int, int]] = []
    for m in PROTECTED.finditer(text):
        start, end = m.span()
        if text[start] == "@":
            k = start
            while k > 0 and start - k < 64 and _LOCAL.match(text, k - 1):
                k -= 1
            if k == start:
                continue  # a handle (@name.tld), not an address
            start = k
            if spans and spans[-1][1] > start:
                continue
        spans.append((start, end))
    return spans


def apply_outside(text: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to the text outside protected spans.

    >>> apply_outside("a?b http://x.com/?q a?b", lambda s: s.replace("?", "!"))
    'a!b http://x.com/?q a!b'
    """
    spans = protected_spans(text)
    if not spans:
        return fix(text)
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(fix(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(fix(text[pos:]))
    return "".join(out)
