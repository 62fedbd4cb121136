"""Sentence spans in Arabic, Persian, Urdu and Latin-script text, for text whose line structure
was destroyed (all whitespace collapsed), so boilerplate can be cut sentence by sentence while
every other byte of the paragraph stays where it was.

Splitting only decides *which* stretch a rule is tried on; a split in the wrong place can at
worst miss a boilerplate sentence, never change the text that is kept.
"""

from __future__ import annotations

#: Sentence-final punctuation: Latin, Arabic question mark, ellipsis, Urdu full stop.
TERMINATORS = ".!?؟…۔"
#: What may close a sentence after its final punctuation (quotes, brackets, and the bidi marks
#: LRM/RLM/ALM that RTL sites leave after a full stop).
CLOSERS = "\"'”’»)]›\u200e\u200f\u061c"

# Abbreviations after which a full stop does not end a sentence (English datelines and names).
_ABBREVS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "No", "Gen", "Sen", "Rep", "Gov", "Inc"}
    | {"Ltd", "Co", "Mt", "Lt", "Col", "Prof", "etc", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov"}
    | {"Dec", "approx", "Fig"}
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the "." at ``dot`` closes an initial ("J.", "U.S.") or a known abbreviation."""
    if dot == 0 or text[dot] != ".":
        return False
    prev = text[dot - 1]
    if prev in ".…":
        return True  # part of "..", handled as a run by the callers
    if not ("A" <= prev <= "z"):
        return False  # abbreviations and initials here are all ASCII Latin
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return (len(word) == 1 and word.isupper()) or word in _ABBREVS


def _candidates(text: str, chars: str) -> list[int]:
    # str.find per character runs at C speed; a regex character class mixing ASCII and Arabic
    # punctuation is several times slower on long paragraphs.
    found: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i != -1:
            found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    return found


def _latin(c: str) -> bool:
    return "A" <= c <= "z" or "\u00c0" <= c <= "\u024f"


def _lower_latin(c: str) -> bool:
    return "a" <= c <= "z" or "\u00e0" <= c <= "\u00ff"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, surrounding whitespace excluded.

    A sentence ends with terminators (``. ! ? ؟ … ۔``), optional closing quotes or brackets,
    then whitespace — unless a Latin word ends with "." and a lower-case Latin letter follows
    ("U.S. officials" goes on);
    a full stop after an initial or a known abbreviation ("J.", "Mr.") does not end one.

    >>> t = 'قال الوزير إن الاجتماع مثمر. وأضاف: "سنلتقي قريبا". أحدث المواد'
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['قال الوزير إن الاجتماع مثمر.', 'وأضاف: "سنلتقي قريبا".', 'أحدث المواد']
    >>> t = "U.S. officials met Mr. Smith on Monday. Read more"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['U.S. officials met Mr. Smith on Monday.', 'Read more']
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    skip = -1
    for i in _candidates(text, TERMINATORS):
        if i < skip:
            continue
        j = i
        while j < n and text[j] in TERMINATORS:
            j += 1
        skip = j
        while j < n and text[j] in CLOSERS:
            j += 1
        if j >= n or not text[j].isspace():
            continue
        k = j + 1
        while k < n and text[k].isspace():
            k += 1
        if k < n and _lower_latin(text[k]) and i > 0 and _latin(text[i - 1]):
            continue  # "U.S. officials": a Latin abbreviation, the sentence goes on
        if (
            skip == i + 1
            and text[i] == "."
            and i > 0
            # the cheap half of _is_abbreviation inline: most stops follow no Latin letter
            and ("A" <= text[i - 1] <= "z" or text[i - 1] in ".…")
            and _is_abbreviation(text, i)
        ):
            continue
        if j > start:
            spans.append((start, j))
        start = skip = k
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def last_spans(text: str, count: int = 13) -> list[tuple[int, int]]:
    """The last spans of ``sentence_spans(text)``, at least ``count`` of them (all when there
    are fewer): what a search from the end needs, without splitting a long paragraph whole.

    Splitting starts at a break no rule can veto — a terminator after a letter that is not
    Latin, closing marks, whitespace — where ``sentence_spans`` itself starts a sentence; from
    there on both split alike.

    >>> t = "أ. " * 2000 + "ب. ج"
    >>> last_spans(t, 3) == sentence_spans(t)[-len(last_spans(t, 3)) :]
    True
    >>> len(last_spans(t, 3)) < len(sentence_spans(t)) // 10
    True
    """
    n = len(text)
    window = 40 * count + 200
    while window < n:
        k = _sure_start(text, n - window)
        if k < 0:
            break
        spans = sentence_spans(text[k:])
        if len(spans) >= count:
            return [(s + k, e + k) for s, e in spans]
        window *= 3
    return sentence_spans(text)


def _sure_start(text: str, lowest: int) -> int:
    """The first place at or after ``lowest`` where ``sentence_spans`` surely starts a sentence
    (-1: none found)."""
    n = len(text)
    best = -1
    for ch in TERMINATORS:
        i = text.find(ch, max(lowest, 1))
        while i != -1 and (best < 0 or i < best):
            before = text[i - 1]
            # a run's first terminator, not after a Latin letter (no abbreviation, no "U.S.")
            if before not in TERMINATORS and before not in ".…" and not _latin(before):
                j = i + 1
                while j < n and text[j] in TERMINATORS:
                    j += 1
                while j < n and text[j] in CLOSERS:
                    j += 1
                if j < n and text[j].isspace():
                    k = j + 1
                    while k < n and text[k].isspace():
                        k += 1
                    if k < n:
                        best = k if best < 0 else min(best, k)
                        break
            i = text.find(ch, i + 1)
    return best


def has_single_stop(text: str) -> bool:
    """True when ``text`` holds a full stop that ends a prose sentence.

    Headlines and link labels have none ("..", "…", "?" and "!" are allowed in them).

    >>> has_single_stop("الدخيّل يؤكد جاهزية المدارس.. وبدء الدراسة في موعدها")
    False
    >>> has_single_stop("The minister resigned. Talks resume today")
    True
    >>> has_single_stop("U.S. and U.K. sign trade deal")
    False
    """
    n = len(text)
    for i in _candidates(text, ".۔"):
        if (i + 1 < n and text[i + 1] in ".…") or (i > 0 and text[i - 1] in ".…"):
            continue
        j = i + 1
        while j < n and text[j] in CLOSERS:
            j += 1
        if (j == n or text[j].isspace()) and not _is_abbreviation(text, i):
            return True
    return False
