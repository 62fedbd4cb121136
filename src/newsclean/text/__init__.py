"""The text layer: pure ``str -> str`` knowledge every step uses; it imports nothing above
it. ``chars`` holds the Arabic character tables every fold reads (``chars_arabic.toml``),
``keys`` the comparison keys dedup builds on, and the other modules the fixes behind the
normalize step, one concern per module.

Each module has a plain function (``fix_quotes(text, style)``, ``fix_mojibake(text)``, ...)
and a ``*_counted`` variant that adds to a ``{kind: count}`` mapping, which the step stores
in ``meta["normalized"]`` and ``--explain`` prints. Character tables are data files under
``newsclean/rules/`` (``chars_invisible.toml``, ``chars_arabic.toml``, ``quotes.toml``).

The names below are imported from their modules on first use: importing one module of this
package (``text.terminal`` for every message the CLI prints, ``text.keys`` for dedup) no
longer runs the others' table building (a tenth of the start of ``dedup`` and ``--help``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Each public name -> the module that defines it.
_HOME = {
    "convert_digits": "arabic",
    "fix_arabic_punctuation": "arabic",
    "fix_presentation_forms": "arabic",
    "fold_letters": "arabic",
    "remove_tatweel": "arabic",
    "strip_diacritics": "arabic",
    "fix_entities": "entities",
    "fix_invisible": "invisible",
    "fix_mojibake": "mojibake",
    "fix_quotes": "quotes",
    "style_for": "quotes",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'newsclean.text' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"newsclean.text.{home}"), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


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
