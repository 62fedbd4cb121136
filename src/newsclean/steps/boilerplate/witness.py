"""Cheap proof that a ``needs`` word cannot occur in a text's casefold.

Rules with ``needs`` (``["copyright", "©", "حقوق"]``) are tried only on text holding one of
their words, looked up in the text's casefold. Casefolding a long Arabic article and searching
it for a dozen Latin words costs more than the rest of its line checks; but a word can only
occur in ``text.casefold()`` if, for each of its letters, ``text`` holds a character that folds
to it — and one ``in`` test for a single character is nearly free. ``witnesses(word)`` names
those characters for the word's two rarest letters; most Arabic articles lack them, and then
the word needs no casefold and no search.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

#: The non-ASCII characters whose casefold holds an ASCII letter ("ß" -> "ss", "ﬁ" -> "fi",
#: KELVIN SIGN -> "k", "İ" -> "i̇"); checked against the running Unicode tables by the tests.
FOLDS_TO_ASCII = (
    "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
#: Accented lower-case letters (French, German, Spanish) that only they and their capital fold
#: to (checked by the tests).
LATIN_LOWER = "àâäçéèêëîïôöùûüÿñæœáíóú"
# ASCII letters from common to rare in English and French prose: a rare one rules more out
_COMMON = "etaoinsrhldcumfpgwybvkxjqz"


def caseless(c: str) -> bool:
    """True when no character but ``c`` itself folds to something holding ``c``, and ``c``
    folds to itself: ASCII punctuation and digits, symbols such as "©", Arabic-script letters.
    """
    if c.isascii():
        return not c.isalpha()
    if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff":
        return True
    return not c.isalpha() and not unicodedata.category(c).startswith("M")


def _producers(c: str) -> tuple[str, ...] | None:
    """The characters whose casefold holds ``c`` (``None``: not known for ``c``)."""
    if caseless(c):
        return (c,)
    if c.isascii() and c.islower():
        return (c, c.upper(), *(x for x in FOLDS_TO_ASCII if c in x.casefold()))
    if c in LATIN_LOWER:
        return (c, c.upper())
    return None


def _rarity(c: str) -> int:
    if c.isspace():
        return 0  # in every text
    if c.isascii() and c.isalpha():
        return 10 + _COMMON.index(c.lower())
    if c in LATIN_LOWER:
        return 40  # accented: rare in English, and absent from Arabic
    if c.isalpha():
        return 5  # an Arabic letter: common in the texts that hold any
    return 8  # punctuation or a symbol: Arabic news has brackets and colons too


@lru_cache(maxsize=1024)
def witnesses(word: str) -> tuple[frozenset[str], ...]:
    """Groups of characters such that ``word in text.casefold()`` (and ``word in text``)
    implies ``text`` holds a character of each group (for its two rarest letters). Empty:
    nothing cheap to test.

    >>> [sorted(g) for g in witnesses("(c)")]
    [['C', 'c'], ['(']]
    """
    groups: dict[str, frozenset[str]] = {}
    for c in word:
        found = _producers(c)
        if found is not None and not c.isspace():
            groups[c] = frozenset(found)
    # the two rarest: a third seldom rules out a word the first two let through
    return tuple(groups[c] for c in sorted(groups, key=_rarity, reverse=True)[:2])


class CaseView:
    """``word in view`` is ``word in text.casefold()``, mostly without casefolding ``text``.

    Casefolding a long non-ASCII text (an English article with curly quotes, an Arabic one
    with a Latin credit) costs several times more than searching it. For a word of ASCII
    characters other than "?" there is a cheaper, exact way: ASCII characters fold one to one
    (as ``bytes.lower`` does), and no other character folds to anything holding ASCII but
    those of ``FOLDS_TO_ASCII`` (checked by the tests). So unless the text holds one of
    those, the word occurs in the casefold exactly where it occurs in the text encoded to
    ASCII with "?" for every other character, lower-cased. Other words, and texts holding
    such a character, get the real casefold (once).
    """

    __slots__ = ("_exotic", "_folded", "_lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: bytes | None = None
        self._exotic = False
        self._folded: str | None = None

    def _ascii(self) -> bytes:
        lower = self._lower
        if lower is None:
            lower = self._lower = self.text.encode("ascii", "replace").lower()
            # one-character tests run at memchr speed (a regex class would not)
            self._exotic = any(c in self.text for c in FOLDS_TO_ASCII)
        return lower

    def ascii_lines(self) -> list[bytes] | None:
        """For each line of the text (split at "\n"), the bytes an ASCII word without "?"
        is looked up in: found there exactly when it occurs in the line's casefold — and, as
        the line holds no ASCII capital then either, in a line ``capital`` finds no capital
        in. ``None`` when the text holds a character of ``FOLDS_TO_ASCII``."""
        lower = self._ascii()
        return None if self._exotic else lower.split(b"\n")

    def __contains__(self, word: str) -> bool:
        if ascii_word(word):
            if word.encode() in self._ascii():
                return True
            if not self._exotic:
                return False
        elif not may_hold(self.text, word):
            return False  # "réservés" in a text without "é" or "É": no need to casefold
        folded = self._folded
        if folded is None:
            folded = self._folded = self.text.casefold()
        return word in folded


def ascii_word(word: str) -> bool:
    """True for the words ``CaseView`` finds without casefolding: ASCII, without "?"."""
    return word.isascii() and "?" not in word


def casefold_view(text: str, capital: Any) -> str | CaseView:
    """What ``needs`` words are looked up in: ``text.casefold()`` (as a ``CaseView``) when
    ``capital`` (a compiled regex) finds a capital in ``text``, else ``text`` itself."""
    return CaseView(text) if capital.search(text) else text


class Witness:
    """The ``needs`` words of one matcher, with what rules each of them out cheaply."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self._groups = [witnesses(w) for w in words]
        self._caseless = [is_caseless(w) for w in words]

    def present(self, text: str, capital: Any, view: CaseView | None = None) -> tuple[str, ...]:
        """The words that occur in ``text``, or — when ``capital`` (a compiled regex) finds a
        capital in it — in its casefold; the same as searching for each. ``view``: a
        ``CaseView`` of ``text`` the caller keeps (to reuse what it learns)."""
        has: dict[str, bool] = {}  # which witness characters the text holds, as asked
        folded: str | CaseView | None = None
        found = []
        # Latin-script text holds the letters of most words: once three words in a row got
        # through, the letters are not worth looking up any more
        through = 0
        for word, groups, plain in zip(self.words, self._groups, self._caseless, strict=True):
            if plain:
                # nothing folds to or from its characters: the text itself tells
                if word in text:
                    found.append(word)
                continue
            if through < 3:
                ruled_out = False
                for group in groups:
                    for c in group:
                        held = has.get(c)
                        if held is None:
                            held = has[c] = c in text
                        if held:
                            break
                    else:
                        ruled_out = True
                        break
                if ruled_out:
                    through = 0
                    continue
                through += 1
            if folded is None:
                if view is None:
                    folded = casefold_view(text, capital)
                else:
                    folded = view if capital.search(text) else text
            if word in folded:
                found.append(word)
        return tuple(found)


def may_hold(text: str, word: str) -> bool:
    """False when ``word`` surely occurs neither in ``text`` nor in its casefold."""
    return all(any(c in text for c in group) for group in witnesses(word))


@lru_cache(maxsize=4096)
def is_caseless(word: str) -> bool:
    """True when ``word in text.casefold()`` is the same as ``word in text`` for any text."""
    return all(caseless(c) for c in word)
