"""The matching fold: how boilerplate rules and the text they are tried on meet.

Rules are matched against a lightly folded copy of each line (the output is never changed):
:func:`fold` drops what ``chars_arabic.toml`` lists as ignorable for ``match`` (marks,
tatweel, joiners) and reads ZWNJ as a space; :func:`folded_pos` / :func:`original_pos` map
positions between the two. On the pattern side, :func:`expand` makes the same fold: macros
expanded, a space made "some whitespace", marks dropped and each Arabic-script letter made
the class of its interchangeable spellings.
"""

from __future__ import annotations

import re

from newsclean import regex_cache
from newsclean.text.chars import ignorable, letter_groups

MACROS: dict[str, str] = {
    # what separates a label from its value: "Read also: ...", "اقرأ أيضا - ..."
    "SEP": r"\s*[:：\-–—|»]\s*",
    # one word, stopping before a label's delimiter ("More from Reuters: ...")
    "W": r"[^\s:：|»\-–—]+",
    # a person's name of up to five words
    "NAME": r"\S+(?:\s+\S+){0,4}",
    # social networks and messengers named in share/follow prompts
    "PLATFORM": (
        r"(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|telegram|whatsapp|threads|"
        r"snapchat|pinterest|reddit|google news|"
        # each spelling once as matched (a pattern's letters match their variants, so
        # "إنستغرام" is "انستغرام" and "یوتیوب" is "يوتيوب"): two names matching the same
        # text make a repeated list of them ambiguous, and a near-miss exponential to reject
        r"فيسبوك|فيس بوك|فيسبووك|تويتر|إكس|انستغرام|انستجرام|"
        r"يوتيوب|تيك توك|تلغرام|تيليغرام|تيليجرام|تلجرام|واتساب|واتس آب|سناب شات|"
        r"لينكدإن|"
        r"اینستاگرام|تلگرام|توییتر|واتساپ|"
        r"فیس بک|ٹوئٹر|ٹویٹر|یوٹیوب|انسٹاگرام|ٹیلی گرام)"
    ),
}
_MACRO_RE = regex_cache.compile(r"\{(" + "|".join(MACROS) + r")\}")

# Matching runs on a lightly folded copy of the text (the output is never changed): the
# marks, tatweel and the other characters ``chars_arabic.toml`` lists as ignorable for
# ``match`` are dropped, and ZWNJ counts as a space (Persian "اشتراک‌گذاری" matches a
# pattern written "اشتراک گذاری"). Letters that scraped text spells interchangeably (hamza
# on alef, Persian/Arabic yeh and kaf, teh marbuta as heh) are handled in the patterns
# instead: each becomes a character class when a rule file is loaded, so a rule written
# "اقرأ أيضاً" also matches "اقرا ايضا". Most text needs no folding at all.
_IGNORED = ignorable("match")
DROPPED = "".join(sorted(c for c, by in _IGNORED.items() if not by))
_DROP_RX = regex_cache.compile("[" + re.escape(DROPPED) + "]")
_FOLD_NEEDED = regex_cache.compile("[" + re.escape("".join(sorted(_IGNORED))) + "]")
VARIANTS = letter_groups("match")


def fold(text: str) -> str:
    """The matching form of ``text``: no diacritics or tatweel, ZWNJ as a space.

    >>> fold("أيضاً") == "أيضا"
    True
    """
    if _FOLD_NEEDED.search(text) is None:
        return text
    for c in _SPACED:
        text = text.replace(c, " ")
    return _DROP_RX.sub("", text)


# every character ``fold`` drops or replaces, for one-character ``in`` tests (fast even on
# long Arabic text, where a regex character class is slow)
_FOLD_CHARS = tuple(sorted(_IGNORED))
_SPACED = tuple(c for c in _FOLD_CHARS if _IGNORED[c] == " ")


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, looking for foldable characters once in all of them.

    The characters the texts hold are then replaced one by one (``str.replace`` finds a
    character at memchr speed; ``_DROP_RX`` tests its class at every character of a line)."""
    joined = "\n".join(texts)
    present = [(c, _IGNORED[c]) for c in _FOLD_CHARS if c in joined]
    if not present:
        return list(texts)
    out = []
    for t in texts:
        for c, by in present:
            t = t.replace(c, by)  # (the same string when it holds no ``c``)
        out.append(t)
    return out


def folded_pos(text: str, pos: int) -> int:
    """Where index ``pos`` of ``text`` lands in ``fold(text)``."""
    return pos - len(_DROP_RX.findall(text, 0, pos))


def original_pos(text: str, fpos: int) -> int:
    """Where index ``fpos`` of ``fold(text)`` came from in ``text`` (marks that fold drops
    belong to the letter before them, so they go with it).

    >>> original_pos("يومياً.", 5), original_pos("يومياً", 5)
    (6, 6)
    """
    pos = fpos
    for m in _DROP_RX.finditer(text):
        if m.start() > pos:
            break
        pos += 1
    return pos


def expand(pattern: str) -> str:
    """Expand macros, make spaces flexible and fold Arabic-script letters like the text.

    >>> import re
    >>> rx = re.compile(expand("اقرأ أيضاً"))
    >>> all(rx.fullmatch(fold(s)) for s in ("اقرأ أيضا", "إقرا  أيضاً", "اقرأ ايضًا"))
    True
    """
    pattern = _MACRO_RE.sub(lambda m: MACROS[m.group(1)], pattern)
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append(c)
            elif c in DROPPED:
                pass
            else:
                out.append(VARIANTS.get(c, c))
        elif c == "[":
            in_class = True
            out.append(c)
            # a "]" right after "[" or "[^" is a literal, not the end of the class
            for lead in ("^", "]"):
                if i + 1 < n and pattern[i + 1] == lead:
                    out.append(lead)
                    i += 1
        elif c == " ":
            # a space followed by a quantifier keeps its literal meaning
            out.append(" " if i + 1 < n and pattern[i + 1] in "*+?{" else r"\s+")
        elif c in DROPPED:
            pass  # diacritics and tatweel written in a pattern: the text is matched without them
        elif c in VARIANTS:
            out.append(f"[{VARIANTS[c]}]")
        else:
            out.append(c)
        i += 1
    return "".join(out)
