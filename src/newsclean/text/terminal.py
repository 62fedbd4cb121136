"""The one neutraliser for scraped text on its way to a terminal.

Scraped text is written by strangers: a control character or escape sequence in it would be
acted on by the terminal (``\\x1b]52;c;…\\x07`` writes the clipboard, ``\\x1b[2J`` clears the
screen), and a bidi override (U+202E) makes the rest of a line read backwards. Everything
newsclean prints to a terminal (``show``, ``--explain``, the ``learn`` summary, articles on
stdout when stdout is a terminal) goes through :func:`neutralise` (or :func:`inert`, which also
expands tabs, or :func:`inert_line`, which also keeps one message on one line). Text written to
a file or a pipe is never passed through here: it stays byte-exact.

It lives this low (text in, text out, no terminal library) so that every layer can use it.
"""

from __future__ import annotations

from newsclean import regex_cache

__all__ = ["inert", "inert_line", "neutralise"]

# C0 controls become their Unicode "control picture" (␀ … ␟), DEL becomes ␡, C1 controls a
# visible \x escape: a terminal then has nothing to interpret, and the reader still sees that
# the article contained them. Tab and newline are layout, left to the caller.
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
# Line and paragraph separators would break a terminal line where we did not plan one.
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n"
# Bidi embeddings, overrides and isolates reorder what follows them until the end of the
# line ("Trojan Source"): shown by name instead. (LRM/RLM/ALM only nudge neutral characters
# and are common in Arabic text: left alone.)
_BIDI_NAMES = {
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}
_TABLE.update({c: f"\u27e8{name}\u27e9" for c, name in _BIDI_NAMES.items()})

_UNSAFE = regex_cache.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def neutralise(text: str) -> str:
    r"""``text`` with nothing a terminal would act on; tab and newline kept as they are.

    >>> neutralise("\x1b]52;c;aGk=\x07 \x1b[2J")
    '␛]52;c;aGk=␇ ␛[2J'
    >>> neutralise("abc\u202edef\x9b")
    'abc⟨RLO⟩def\\x9b'
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def inert(text: str, tab_size: int = 4) -> str:
    r""":func:`neutralise`, with tabs expanded (a tab's width depends on the terminal).

    >>> inert("\x1b[31mred\x07")
    '␛[31mred␇'
    >>> inert("a\x9b\tc")
    'a\\x9b  c'
    """
    if "\t" in text:
        text = text.expandtabs(tab_size)
    return neutralise(text)


_LINE_BREAKS = (
    ("\r", "\\r"),
    ("\n", "\\n"),
    ("\t", "\\t"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def inert_line(text: str) -> str:
    r"""One line of a message: :func:`neutralise`, and CR/LF/tab shown as ``\r \n \t``.

    >>> inert_line("a\nb\x1b[2J")
    'a\\nb␛[2J'
    """
    for ch, shown in _LINE_BREAKS:
        text = text.replace(ch, shown)
    return neutralise(text)
