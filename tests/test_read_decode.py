"""Decoding: BOMs, declared charsets, legacy Arabic encodings, and refusing to guess badly."""

from __future__ import annotations

import codecs

import pytest

from newsclean.errors import DecodeError, UsageError
from newsclean.read.decode import canonical, declared_charset, decode, detect

ARABIC = "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في القاهرة، وفق بيان رسمي."


def test_utf8_plain_and_with_bom() -> None:
    assert decode(ARABIC.encode()).encoding == "utf-8"
    with_bom = decode(codecs.BOM_UTF8 + ARABIC.encode())
    assert with_bom.text == ARABIC
    assert with_bom.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = ARABIC.encode(codec)
    if codec != "utf-16":
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    decoded = decode(data)
    assert decoded.text == ARABIC
    assert decoded.encoding == "utf-16"


def test_cp1256_detected() -> None:
    decoded = decode(ARABIC.encode("cp1256"))
    assert decoded.text == ARABIC
    assert decoded.encoding == "cp1256"


def test_iso_8859_6_detected() -> None:
    text = "مدينة الرياض تستضيف معرضا للكتاب هذا العام"  # letters iso-8859-6 can encode
    decoded = decode(text.encode("iso8859-6"))
    assert decoded.text == text
    assert decoded.encoding == "iso8859-6"


def test_declared_html_charset_wins_over_guessing() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    decoded = decode(page.encode("cp1256"), html=True)
    assert ARABIC in decoded.text
    assert decoded.encoding == "cp1256"


def test_http_equiv_charset() -> None:
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">'
    assert declared_charset(head) == "iso8859-6"


def test_wrong_declaration_falls_back_to_detection() -> None:
    # The page says UTF-8 but was saved as cp1256: the declaration does not decode, so it loses.
    page = f'<meta charset="utf-8"><p>{ARABIC}</p>'.encode("cp1256")
    assert detect(page, html=True) == "cp1256"


def test_binary_is_an_error_with_hint() -> None:
    with pytest.raises(DecodeError) as info:
        decode(b"\x89PNG\x00\x00\x00\x0dIHDR")
    assert "--encoding" in str(info.value)


def test_override_that_does_not_fit_names_the_byte() -> None:
    with pytest.raises(DecodeError) as info:
        decode(ARABIC.encode("cp1256"), encoding="utf-8")
    assert "not valid utf-8" in str(info.value)


def test_unknown_encoding_name() -> None:
    with pytest.raises(UsageError):
        canonical("no-such-codec")
    assert canonical("windows-1256") == "cp1256"


def test_latin_text_in_cp1252_is_not_read_as_arabic() -> None:
    text = "Le café était fermé à cause de la grève, a déclaré le propriétaire. " * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text


def test_mostly_utf8_with_foreign_bytes_is_an_error_not_mojibake() -> None:
    data = (ARABIC * 5).encode() + "كلمة".encode("cp1256") + ARABIC.encode()
    with pytest.raises(DecodeError, match="mostly UTF-8"):
        decode(data)


def test_valid_utf8_wins_over_a_stale_declared_charset() -> None:
    # A page saved as UTF-8 that still declares windows-1256 must not become mojibake.
    page = '<meta charset="windows-1256"><p>هذا نص عربي</p>'.encode()
    assert detect(page, html=True) == "utf-8"
    assert "هذا نص عربي" in decode(page, html=True).text
