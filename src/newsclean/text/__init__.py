"""The text layer: pure ``str -> str`` knowledge every step uses; it imports nothing above
it. ``chars`` holds the Arabic character tables every fold reads (``chars_arabic.toml``),
``keys`` the comparison keys dedup builds on, and the other modules the fixes behind the
normalize step, one concern per module.

Each module has a plain function (``fix_quotes(text, style)``, ``fix_mojibake(text)``, ...)
and a ``*_counted`` variant that adds to a ``{kind: count}`` mapping, which the step stores
in ``meta["normalized"]`` and ``--explain`` prints. Character tables are data files under
``newsclean/rules/`` (``chars_invisible.toml``, ``chars_arabic.toml``, ``quotes.toml``).
"""

from __future__ import annotations

from newsclean.text.arabic import (
    convert_digits,
    fix_arabic_punctuation,
    fix_presentation_forms,
    fold_letters,
    remove_tatweel,
    strip_diacritics,
)
from newsclean.text.entities import fix_entities
from newsclean.text.invisible import fix_invisible
from newsclean.text.mojibake import fix_mojibake
from newsclean.text.quotes import fix_quotes, style_for

__all__ = [
    "convert_digits",
    "fix_arabic_punctuation",
    "fix_entities",
    "fix_invisible",
    "fix_mojibake",
    "fix_presentation_forms",
    "fix_quotes",
    "fold_letters",
    "remove_tatweel",
    "strip_diacritics",
    "style_for",
]
