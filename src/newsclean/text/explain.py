"""What each kind of change counted in ``meta["normalized"]`` means, for ``--explain``."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DESCRIPTIONS", "explain_lines"]

#: kind -> one line saying what was changed (kinds not listed print as their name).
DESCRIPTIONS: dict[str, str] = {
    "surrogates": "lone UTF-16 surrogates replaced by U+FFFD (or joined into a character)",
    "html_entities": "HTML character references decoded (&amp; &quot; &#1575;)",
    "mojibake_utf8_as_cp1256": "mojibake repaired: UTF-8 read as windows-1256 (ط§ظ„)",
    "mojibake_utf8_as_cp1252": "mojibake repaired: UTF-8 read as windows-1252/latin-1 (Ø§Ù„)",
    "mojibake_cp1256_as_latin1": "mojibake repaired: windows-1256 read as latin-1 (ÇáÚÑÈíÉ)",
    "zero_width": "zero-width characters removed (ZWSP, stray ZWNJ/ZWJ, word joiner)",
    "bom": "byte-order marks inside text removed",
    "soft_hyphen": "soft hyphens removed",
    "bidi_controls": "bidi controls removed (LRM, RLM, ALM, embeddings, overrides, isolates)",
    "nbsp": "no-break and fixed-width spaces turned into spaces",
    "control_characters": "control characters removed",
    "c1_controls": "C1 controls turned into the windows-1252 character they stood for",
    "line_endings": "CR, CRLF, LS, PS line endings turned into LF",
    "presentation_forms": "Arabic presentation forms turned into standard letters",
    "nfc": "texts put in Unicode NFC",
    "tatweel": "tatweel (kashida) removed",
    "arabic_punctuation": "Latin , ; ? in Arabic text turned into ، ؛ ؟",
    "ellipses": "ellipses made consistent",
    "dashes": "spaced dashes made consistent",
    "quotes": "quotation marks changed to the chosen style",
    "quote_spacing": "spaces fixed around quotation marks",
    "quotes_unbalanced": "lines left alone because their quotation marks do not pair",
    "punctuation_spacing": "spaces fixed around punctuation",
    "bracket_spacing": "spaces fixed around brackets",
    "spaces": "runs of spaces collapsed, lines trimmed",
    "repeated_punctuation": "repeated punctuation collapsed",
    "diacritics": "diacritics (harakat) removed",
    "folded_letters": "letter variants folded (alef, hamza, yeh, teh marbuta)",
    "digits": "digits converted",
}


def explain_lines(counts: Mapping[str, int]) -> list[str]:
    """One line per kind, most frequent first: ``"   12  quotes: quotation marks ..."``.

    >>> for line in explain_lines({"tatweel": 3, "quotes": 12}):
    ...     print(line)
         12  quotes: quotation marks changed to the chosen style
          3  tatweel: tatweel (kashida) removed
    """
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [f"{n:7d}  {kind}: {DESCRIPTIONS.get(kind, kind)}" for kind, n in items if n]
