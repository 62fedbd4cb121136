"""Dates written out in page text: a dateline under a headline, the date after a byline.

Shared by the container hints (``score``) and the byline reader (``meta``). Linear
patterns only (no nested repeats): a year, a clock time, a day next to a month's name.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b")
# A day next to a month's name (en, de, fr, es, it, pt; whole names or abbreviations, so a
# surname such as "Maier" is no "Mai").
_MONTH_WORDS = (
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember jän",
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre"
    " décembre decembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
)
_MONTHS = sorted({w for line in _MONTH_WORDS for w in line.split()}, key=lambda w: (-len(w), w))
_MONTH = rf"(?:{'|'.join(_MONTHS)})\b\.?"
# A weekday may lead ("Monday, November 18, 2019"; en, de).
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag"
    r"|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+)?"
)
_DAY_MONTH = re.compile(
    rf"\b{_WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?{_MONTH}"
    rf"|{_MONTH}\s+\d{{1,2}}\b)",
    re.I,
)


def is_dated(text: str) -> bool:
    """A year with a clock time or a day and month: a dateline, not a line that only
    names a year ("2018 Festival Series")."""
    return _YEAR.search(text) is not None and (
        _CLOCK.search(text) is not None or _DAY_MONTH.search(text) is not None
    )


# A time told relative to now ("2 days ago", "vor 3 Stunden", "il y a 5 jours", "hace 2
# horas", "yesterday"): comment and forum headers, never an article's dateline.
_RELATIVE = re.compile(
    r"\b(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|vor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)"
    r"|il\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)"
    r"|hace\s+\d+\s+(?:segundos?|minutos?|horas?|días?|dias?|semanas?|meses|años?|anos?)"
    r"|yesterday|gestern|ayer|ontem|ieri)\b",
    re.I,
)


def is_relative(text: str) -> bool:
    """A time told relative to now ("2 days ago at 07:52 am", "gestern, 14:05")."""
    return _RELATIVE.search(text) is not None


def has_clock(text: str) -> bool:
    """A clock time ("4:47", "10.43") in the text."""
    return _CLOCK.search(text) is not None


def date_start(text: str) -> int:
    """Where a day-and-month date starts in ``text`` ("Nathan Willis March 25, 2015" -> 14),
    or -1."""
    m = _DAY_MONTH.search(text)
    return m.start() if m is not None and _YEAR.search(text, m.start()) else -1
