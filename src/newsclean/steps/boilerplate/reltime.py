"""Relative times written in words ("منذ يومين", "an hour ago", "il y a deux jours", "hier").

A site prints them where it prints a date, so a line that is nothing but one is template
like a date line; but they hold no digit, which the timestamp pattern needs. The vocabulary
is closed and small (per language: the "ago" frame, number words and dual forms, the units,
and a few words that stand alone), so a line is read word by word against sets: no regex,
linear in the line's words.
"""

from __future__ import annotations

from newsclean.steps.boilerplate.fold import fold

# --------------------------------------------------------------------------- vocabulary
# Each language: frames before the amount ("منذ", "il y a"), frames after it ("ago"),
# amount words (one or two words; none is fine too: "منذ يومين"), unit words, and whole
# phrases that need nothing else ("yesterday"). Spellings are folded as in :func:`_words`.

_LANGS: tuple[dict[str, tuple[str, ...]], ...] = (
    {  # Arabic: the dual is a unit of its own ("ساعتين"), plurals take a number word
        "pre": ("منذ", "قبل"),
        "post": (),
        "amount": (
            "واحد",
            "واحدة",
            "ثلاث",
            "ثلاثة",
            "اربع",
            "اربعة",
            "خمس",
            "خمسة",
            "ست",
            "ستة",
            "سبع",
            "سبعة",
            "ثماني",
            "ثمانية",
            "ثمان",
            "تسع",
            "تسعة",
            "عشر",
            "عشرة",
            "بضع",
            "بضعة",
            "عدة",
        ),
        "unit": (
            "ثانية",
            "ثانيتين",
            "ثوان",
            "ثواني",
            "لحظة",
            "لحظات",
            "دقيقة",
            "دقيقتين",
            "دقايق",
            "دقائق",
            "ساعة",
            "ساعتين",
            "ساعات",
            "يوم",
            "يومين",
            "ايام",
            "اسبوع",
            "اسبوعين",
            "اسابيع",
            "شهر",
            "شهرين",
            "اشهر",
            "شهور",
            "سنة",
            "سنتين",
            "سنوات",
            "عام",
            "عامين",
            "اعوام",
            "قليل",
        ),
        "alone": ("امس", "البارحة", "الان", "قبل قليل", "منذ قليل", "للتو"),
    },
    {  # English
        "pre": (),
        "post": ("ago",),
        "amount": (
            "a",
            "an",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "a few",
            "few",
            "several",
            "some",
        ),
        "unit": (
            "second",
            "seconds",
            "sec",
            "secs",
            "moment",
            "moments",
            "minute",
            "minutes",
            "min",
            "mins",
            "hour",
            "hours",
            "hr",
            "hrs",
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "months",
            "year",
            "years",
        ),
        "alone": ("yesterday", "just now"),
    },
    {  # French
        "pre": ("il y a",),
        "post": (),
        "amount": (
            "un",
            "une",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "quelques",
            "plusieurs",
        ),
        "unit": (
            "seconde",
            "secondes",
            "instant",
            "instants",
            "minute",
            "minutes",
            "heure",
            "heures",
            "jour",
            "jours",
            "semaine",
            "semaines",
            "mois",
            "an",
            "ans",
            "année",
            "années",
        ),
        "alone": ("hier", "à l'instant", "a l'instant"),
    },
    {  # German: "vor" takes the dative ("vor einer Stunde", "vor zwei Tagen")
        "pre": ("vor",),
        "post": (),
        "amount": (
            "einer",
            "einem",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "zehn",
            "wenigen",
            "ein paar",
            "einigen",
            "mehreren",
        ),
        "unit": (
            "sekunde",
            "sekunden",
            "minute",
            "minuten",
            "stunde",
            "stunden",
            "tag",
            "tagen",
            "woche",
            "wochen",
            "monat",
            "monaten",
            "jahr",
            "jahren",
        ),
        "alone": ("gestern", "gerade eben", "soeben"),
    },
    {  # Spanish
        "pre": ("hace",),
        "post": (),
        "amount": (
            "un",
            "una",
            "dos",
            "tres",
            "cuatro",
            "cinco",
            "seis",
            "siete",
            "ocho",
            "nueve",
            "diez",
            "unos",
            "unas",
            "pocos",
            "pocas",
            "varios",
            "varias",
        ),
        "unit": (
            "segundo",
            "segundos",
            "minuto",
            "minutos",
            "hora",
            "horas",
            "día",
            "días",
            "dia",
            "dias",
            "semana",
            "semanas",
            "mes",
            "meses",
            "año",
            "años",
        ),
        "alone": ("ayer",),
    },
    {  # Persian and Urdu: the frame comes after ("دو ساعت پیش", "ایک گھنٹہ پہلے")
        "pre": (),
        "post": ("پیش", "قبل", "پہلے"),
        "amount": (
            "یک",
            "دو",
            "سه",
            "چهار",
            "پنج",
            "چند",
            "ایک",
            "تین",
            "چار",
            "پانچ",
            "کچھ",
        ),
        "unit": (
            "ثانیه",
            "دقیقه",
            "ساعت",
            "روز",
            "هفته",
            "ماه",
            "سال",
            "سیکنڈ",
            "منٹ",
            "گھنٹہ",
            "گھنٹے",
            "دن",
            "ہفتہ",
            "ہفتے",
            "مہینہ",
            "مہینے",
            "سال",
        ),
        "alone": ("دیروز",),
    },
)

# label words a relative time may follow on its line ("Updated 2 hours ago", "آخر تحديث:")
_LABEL_WORDS = (
    "published",
    "posted",
    "updated",
    "last",
    "modified",
    "publié",
    "mis",
    "à",
    "jour",
    "aktualisiert",
    "veröffentlicht",
    "actualizado",
    "publicado",
    "نشر",
    "تم",
    "النشر",
    "اخر",
    "تحديث",
    "منتشر",
    "شده",
    "شائع",
)

# the characters that may separate a line's words besides spaces (as in a timestamp line)
_SEPARATORS = ",،-–—/|:.()[]·•"
_ALEF_PLAIN = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "’": "'"})


def words_of(text: str) -> tuple[str, ...]:
    """``text`` as matching words: folded, case-folded, plain alef, outer punctuation off."""
    folded = fold(text).casefold().translate(_ALEF_PLAIN)
    words = (w.strip(_SEPARATORS) for w in folded.split())
    return tuple(w for w in words if w)


def _phrases(entries: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    return frozenset(words_of(e) for e in entries)


_PRE = frozenset().union(*(_phrases(lang["pre"]) for lang in _LANGS))
_POST = frozenset().union(*(_phrases(lang["post"]) for lang in _LANGS))
_AMOUNT = frozenset().union(*(_phrases(lang["amount"]) for lang in _LANGS))
_UNIT = frozenset(w for lang in _LANGS for (w,) in _phrases(lang["unit"]))
_ALONE = frozenset().union(*(_phrases(lang["alone"]) for lang in _LANGS))
_LABELS = frozenset(w for (w,) in _phrases(_LABEL_WORDS))
#: every word of the vocabulary, for word-level checks (a piece of a collapsed head)
WORDS = (
    frozenset(w for group in (_PRE, _POST, _AMOUNT, _ALONE) for phrase in group for w in phrase)
    | _UNIT
)
#: words that only a time (not a label or an amount) holds: a line with none is no time
_CORE = frozenset(w for group in (_PRE, _POST, _ALONE) for p in group for w in p) | _UNIT
#: the frame and stand-alone words (not amounts, units or labels, which articles use all the
#: time): a text without one holds no relative time
FRAME_WORDS = frozenset(
    w for group in (_PRE, _POST, _ALONE) for p in group for w in p if len(w) > 1
)
_LONGEST = 9  # words: a label or two, a frame, an amount, a unit


def _amount_unit(words: tuple[str, ...]) -> bool:
    """``[amount] unit``: "ساعتين", "two hours", "ein paar Tagen", "2 hours"."""
    if not words or words[-1] not in _UNIT:
        return False
    amount = words[:-1]
    return not amount or amount in _AMOUNT or (len(amount) == 1 and amount[0].isdigit())


def _is_time(words: tuple[str, ...]) -> bool:
    if words in _ALONE:
        return True
    for n in (1, 2, 3):  # (the frames are one to three words: "vor", "il y a")
        if words[:n] in _PRE and _amount_unit(words[n:]):
            return True
        if len(words) > n and words[-n:] in _POST and _amount_unit(words[:-n]):
            return True
    return False


def is_relative_time(line: str) -> bool:
    """True for a line that is only a relative time in words, perhaps after a label.

    >>> is_relative_time("منذ يومين"), is_relative_time("Updated: an hour ago")
    (True, True)
    >>> is_relative_time("The minister left two hours ago")
    False
    """
    if len(line) > 90:
        return False
    words = words_of(line)
    if not words or len(words) > _LONGEST or not any(w in _CORE for w in words):
        return False
    # labels first ("Updated", "آخر تحديث"): each is tried as the end of the labels
    for start in range(len(words)):
        if _is_time(words[start:]):
            return True
        if words[start] not in _LABELS:
            return False
    return False


_ANY_WORD = WORDS | _LABELS


def is_relative_word(word: str) -> bool:
    """Whether ``word`` (one word, no whitespace) may be part of a relative time line."""
    plain = word.casefold().strip(_SEPARATORS)
    if plain in _ANY_WORD:
        return True
    if plain.isascii():
        return False  # (the slow path below only adds folding, alef and ’ forms)
    w = words_of(word)
    return len(w) == 1 and w[0] in _ANY_WORD
