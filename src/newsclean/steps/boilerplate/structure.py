"""Structural boilerplate detectors: what a line *looks like*, whatever its language.

Timestamps, breadcrumbs, tag lists (checked against the record's own ``tags``), and the
"link-like" test used to decide whether what follows a tail marker is a list of headlines.
These come before the phrase lists: they need no vocabulary and so work on unseen sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsclean import regex_cache
from newsclean.steps.boilerplate.fold import MACROS, expand, fold
from newsclean.steps.boilerplate.sentences import has_single_stop

# --------------------------------------------------------------------------- timestamps

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|janv|févr|avr|juil|déc|"
    "يناير|فبراير|مارس|أبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|سبتمبر|أكتوبر|نوفمبر|"
    "ديسمبر|كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|"
    "تشرين الأول|تشرين الثاني|محرم|صفر|ربيع الأول|ربيع الثاني|ربيع الآخر|جمادى الأولى|"
    "جمادى الآخرة|جمادى الثانية|رجب|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة|"
    "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|ژانویه|فوریه|"
    "آوریل|مه|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر|"
    "جنوری|فروری|مارچ|اپریل|مئی|جون|جولائی|اگست|ستمبر|اکتوبر|نومبر|دسمبر"
)
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|"
    "thurs|fri|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|"
    "شنبه|یکشنبه|دوشنبه|سه شنبه|چهارشنبه|پنجشنبه|پنج شنبه|جمعه|"
    "پیر|منگل|بدھ|جمعرات|جمعہ|ہفتہ|اتوار"
)
_RELATIVE = (
    "ago|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|yesterday|today|"
    "il y a|heures?|jours?|semaines?|hier|aujourd'hui|"
    "منذ|ساعة|ساعات|ساعتين|دقيقة|دقائق|دقيقتين|ثانية|ثوان|يوم|أيام|يومين|أسبوع|أسابيع|"
    "أمس|اليوم|"
    "پیش|ساعت|دقیقه|روز|هفته|دیروز|امروز|"
    "گھنٹے|منٹ|دن|پہلے|کل|آج"
)
_LABELS = (
    "published|posted|updated|last updated|modified|on|at|am|pm|a\\.m\\.|p\\.m\\.|gmt|utc|"
    "est|edt|bst|cet|cest|ist|ksa|local time|"
    "publié|mis à jour|le|à|h|"
    "نشر|تم النشر|تاريخ النشر|آخر تحديث|تحديث|في|بتاريخ|الموافق|ص|م|هـ|ه|مساء|صباحا|"
    "الساعة|بتوقيت|غرينتش|مكة المكرمة|مكة|"
    "تاریخ انتشار|منتشر شده|ساعت|ش|ق|"
    "شائع|بجے|شام|صبح"
)


def _unique(*groups: str) -> str:
    """One alternation of the words in ``groups``, each spelling kept once as matched.

    Two branches that match the same text (``الاثنين``/``الإثنين`` once letters are folded,
    ``هـ``/``ه`` once tatweel is dropped) make a repeated token ambiguous, and a failing
    match then tries every way of splitting the line: exponential time. A word that is two
    other words in a row ("نشر في") is left out for the same reason (the separator between
    them matches the space).
    """
    seen: dict[str, str] = {}
    for word in "|".join(groups).split("|"):
        seen.setdefault(expand(word).casefold(), word)
    return "|".join(seen.values())


_WORDS = f"(?:{_unique(_MONTHS, _WEEKDAYS, _RELATIVE, _LABELS)})"
# A number is read whole ("(?!\d)"): "\d+" repeated could split "2015" four ways and
# more, and a line of digits that is not a timestamp would then take exponential time.
_TOKEN = rf"(?:[\s,،\-–—/|:.()\[\]·•]|\d+(?!\d)(?:st|nd|rd|th|er)?|{_WORDS}(?!\w))"
_TS_FULL = regex_cache.compile(expand(_TOKEN) + "+", re.IGNORECASE)
_TS_SUFFIX = regex_cache.compile(r"[\s\-–—|·•(,،]" + expand(_TOKEN) + r"+$", re.IGNORECASE)
_TS_STRONG = regex_cache.compile(
    r"\d{1,2}[:h]\d{2}|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|(?<!\w)"
    + expand(f"(?:{_MONTHS}|{_WEEKDAYS}|{_RELATIVE})")
    + r"(?!\w)",
    re.IGNORECASE,
)
_DIGIT = regex_cache.compile(r"\d")


def date_words() -> frozenset[str]:
    """The single words of the timestamp vocabulary (months, weekdays, "today", "ago", ...),
    case-folded, hamza-less alef, for word-level checks (the learned site templates)."""
    words: set[str] = set()
    for alt in f"{_MONTHS}|{_WEEKDAYS}|{_RELATIVE}".split("|"):
        forms = [alt[:-2], alt[:-1]] if alt.endswith("s?") else [alt]
        for form in forms:
            if "?" in form or "\\" in form:
                continue
            for w in form.split():
                words.add(w.casefold().translate(_ALEF_PLAIN))
    return frozenset(words)


_ALEF_PLAIN = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def is_timestamp(line: str) -> bool:
    """True for a line that is only a date/time stamp (with labels such as "Updated").

    >>> is_timestamp("الأربعاء 22 يوليو 2015 - 10:30 ص")
    True
    >>> is_timestamp("Updated: 10:30 GMT, 22 July 2015")
    True
    >>> is_timestamp("2015")
    False
    >>> is_timestamp("وصل الوزير في 22 يوليو 2015")
    False
    """
    if len(line) > 90 or _DIGIT.search(line) is None:
        return False
    return _TS_FULL.fullmatch(line) is not None and _TS_STRONG.search(line) is not None


# the words of the vocabulary's several-word entries ("il y a", "آخر تحديث"), one by one
_TS_PARTS = frozenset(
    fold(part).casefold()
    for entry in f"{_MONTHS}|{_WEEKDAYS}|{_RELATIVE}|{_LABELS}".split("|")
    if " " in entry
    for part in entry.split()
)


def timestamp_token(token: str) -> bool:
    """Whether ``token`` (one word, no whitespace) may be part of a timestamp line: a
    number, a date word or label, or one word of a several-word one ("il", "y", "a"). A
    line each of whose words passes may be a timestamp (:func:`is_timestamp` decides);
    one with a word that fails is not.

    >>> timestamp_token("2024,"), timestamp_token("يوليو"), timestamp_token("الوزير")
    (True, True, False)
    """
    return _TS_FULL.fullmatch(token) is not None or token.casefold() in _TS_PARTS


def ends_with_timestamp(line: str) -> bool:
    """True for "<headline> 22/07/2015" or "<headline> - منذ ساعتين" (an item of a dated list)."""
    if len(line) > 250 or (_DIGIT.search(line) is None and "منذ" not in line):
        return False
    m = _TS_SUFFIX.search(line)
    if m is None or m.start() == 0:
        return False
    stamp = m.group(0)
    return _TS_STRONG.search(stamp) is not None


# --------------------------------------------------------------------------- share buttons

# One share button's label: a network's name, or print / e-mail / copy link.
_SHARE_ITEM = regex_cache.compile(
    expand(
        r"(?:" + MACROS["PLATFORM"] + r"|e-?mail|print|copy link|طباعة|البريد الإلكتروني|"
        r"نسخ الرابط|ايميل|بريد إلكتروني)"
    ),
    re.IGNORECASE,
)


def is_share_item(line: str) -> bool:
    """True for a line that is only one share button's label ("واتساب", "Facebook").

    >>> is_share_item("تويتر"), is_share_item("Print"), is_share_item("تويتر تحظر الحساب")
    (True, True, False)
    """
    return len(line) <= 24 and _SHARE_ITEM.fullmatch(line) is not None


# --------------------------------------------------------------------------- breadcrumbs

# not "|": a flattened table row ("Ticker | Last | Change") looks the same
_CRUMB_SEP = regex_cache.compile(r"\s+(?:>>?|›|»|/|→|←|‹|«|<<?|::)\s+")
_HOME = {"home", "accueil", "الرئيسية", "الصفحة الرئيسية", "خانه", "صفحه اصلی", "صفحہ اول", "ہوم"}


def is_breadcrumb(line: str) -> bool:
    """True for a navigation trail: "Home > World > Middle East", "الرئيسية » أخبار".

    >>> is_breadcrumb("الرئيسية » أخبار » سياسة")
    True
    >>> is_breadcrumb("He said: 2 > 1 and so on")
    False
    """
    if len(line) > 150:
        return False
    parts = [p.strip() for p in _CRUMB_SEP.split(line)]
    if len(parts) < 2 or any(not p for p in parts):
        return False
    if len(parts) == 2 and parts[0].casefold() not in _HOME:
        return False
    return all(len(p.split()) <= 5 and not has_single_stop(p) for p in parts)


# --------------------------------------------------------------------------- tag lists

_TAG_LABEL = regex_cache.compile(
    expand(
        r"(?:tags?|tagged|topics?|keywords?|filed under|mots[- ]clés|sujets|"
        r"الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدالة|كلمات دالة|"
        r"برچسب ها|کلیدواژه ها|ٹیگز)"
    )
    + r"\s*[:：]?\s*",
    re.IGNORECASE,
)
_TAG_SEP = regex_cache.compile(r"\s*[,،;؛|·•/]\s*|\s*#\s*|\n")


def tag_keys(tags: object) -> frozenset[str]:
    """The record's tags (a list, or one comma-separated string) as matching keys."""
    items: Iterable[object]
    if isinstance(tags, str):
        items = re.split(r"[,،;؛|]", tags)
    elif isinstance(tags, (list, tuple)):
        items = tags
    else:
        return frozenset()
    keys = {" ".join(fold(str(t)).replace("#", " ").split()).casefold() for t in items}
    keys.discard("")
    return frozenset(keys)


def is_tag_list(line: str, tags: frozenset[str], spaced: bool = True) -> bool:
    """True when ``line`` is made only of the record's own tags (two or more, or one after a
    "Tags:" label), separated by commas/bars/hashes — or just spaces when ``spaced`` (a
    heading such as "FORD MUSTANG" may be two tags too, so callers allow that at the edges).

    >>> is_tag_list("السعودية، اليمن، الحوثيين", frozenset({"السعودية", "اليمن", "الحوثيين"}))
    True
    >>> is_tag_list("السعودية", frozenset({"السعودية", "اليمن"}))
    False
    """
    if not tags or len(line) > 400:
        return False
    labelled = False
    m = _TAG_LABEL.match(line)
    if m is not None and m.end() < len(line):
        labelled, line = True, line[m.end() :]
    pieces = [p for p in _TAG_SEP.split(line.casefold()) if p.strip()]
    found = 0
    for piece in pieces:
        piece = " ".join(piece.split())
        if piece in tags:
            found += 1
            continue
        # tags separated by spaces only: consume known tags greedily, longest first
        n = _consume(piece, tags) if spaced or labelled else 0
        if n == 0:
            return False
        found += n
    return found >= 2 or (labelled and found >= 1)


def _consume(text: str, tags: frozenset[str]) -> int:
    words = text.split()
    i, count = 0, 0
    longest = max(len(t.split()) for t in tags)
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            if " ".join(words[i : i + size]) in tags:
                i += size
                count += 1
                break
        else:
            return 0
    return count


# --------------------------------------------------------------------------- link-like lines


def is_link_like(line: str) -> bool:
    """True for a line that reads like a headline or link label: short, no full stop.

    >>> is_link_like("الدخيّل يؤكد جاهزية المدارس.. وبدء الدراسة في موعدها")
    True
    >>> is_link_like("وقال الوزير إن الاجتماع كان مثمرا. وأضاف أن المحادثات ستستمر")
    False
    """
    return len(line) <= 220 and len(line.split()) <= 32 and not has_single_stop(line)
