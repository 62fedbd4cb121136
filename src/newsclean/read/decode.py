"""Bytes -> text, and which encoding that took: BOMs, declared charsets, legacy Arabic.

Order of evidence: ``--encoding``; a byte-order mark; the charset an HTML page declares
(when it decodes cleanly); strict UTF-8; windows-1256 / iso-8859-6 when the result is Arabic
text; charset-normalizer on a bounded prefix as a last resort. When none is convincing the
file is an error with a hint, never silent mojibake.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, BinaryIO, cast

from newsclean import regex_cache
from newsclean.errors import DecodeError, InputError, UsageError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How much of a page is searched for a declared charset (the HTML spec says 1024 bytes;
#: real pages put long scripts first, so look a little further).
_DECLARED_WINDOW = 4096
#: charset-normalizer is slow on big inputs: it only ever sees this much.
_DETECT_WINDOW = 64 * 1024
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")
_ARABIC_LETTER = regex_cache.compile(r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u06FA-\u06FF]")
_NON_ASCII_LETTER = regex_cache.compile(r"[^\W\d_A-Za-z]")
# A Latin letter touching an Arabic one: what accented Latin text read as Arabic looks like
# ("cafى"); genuine Arabic text almost never glues the two scripts together.
_MIXED = regex_cache.compile(r"[A-Za-z][\u0600-\u06FF]|[\u0600-\u06FF][A-Za-z]")
#: Browsers read pages declared latin-1 as windows-1252 (WHATWG); so do we.
_DECLARED_ALIASES = {"latin1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
GZIP_MAGIC = b"\x1f\x8b"
#: Legacy codecs in order of how common they are on the web, to break near-ties.
_COMMON_LEGACY = (
    "cp1252",
    "iso8859-15",
    "latin-1",
    "cp1250",
    "cp1251",
    "cp1254",
    "cp1253",
    "cp1255",
    "cp1257",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "koi8-r",
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the (Python codec) name of the encoding that produced it."""

    text: str
    encoding: str


def canonical(name: str) -> str:
    """Python's canonical codec name (``windows-1256`` -> ``cp1256``); UsageError if unknown
    or not a text encoding (``base64``, ``rot13``, ``zlib`` are codecs, not encodings)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UsageError(
            f"unknown encoding {name!r}", "try utf-8, cp1256, iso-8859-6, utf-16"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(
            f"{name!r} is not a text encoding", "try utf-8, cp1256, iso-8859-6, utf-16"
        )
    return info.name


#: What a page may declare (Python's names for the WHATWG encodings, and the legacy ones
#: the README names). Anything else a <meta charset> names (base64, rot13, utf-16 on an
#: ASCII page, EBCDIC cp037) is ignored and the encoding detected: a declaration is a
#: stranger's claim, and only a text encoding a browser would honour is taken at its word.
DECLARABLE = frozenset(
    {
        "utf-8",
        *(f"cp{n}" for n in range(1250, 1259)),
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        "cp866",
        "cp874",
        "koi8-r",
        "koi8-u",
        "mac-cyrillic",
        "mac-roman",
        "gbk",
        "gb2312",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "shift_jis",
        "cp932",
        "euc_kr",
        "cp949",
        "tis-620",
    }
)
# Characters no text holds (C0/C1 controls other than whitespace, unpaired surrogates):
# a declared charset that yields them was the wrong one.
_NOT_TEXT = regex_cache.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first few KB, if Python knows it."""
    head = data[:_DECLARED_WINDOW]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    name = _DECLARED_ALIASES.get(name, name)
    return name if name in DECLARABLE else None


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def strict_decode(data: bytes, encoding: str, *, final: bool = True) -> str | None:
    """``data`` decoded strictly, or None; with ``final`` False a cut-off last character
    (a prefix of a longer input) is not an error."""
    try:
        if final:  # the same as a final incremental decode, without building a decoder
            return data.decode(encoding)  # (decode_mixed calls this once a line)
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        return str(decoder.decode(data, final=final))
    except (UnicodeDecodeError, LookupError):
        return None


def _arabic_share(text: str) -> tuple[float, int]:
    """Share of Arabic letters among non-ASCII letters, and how many non-ASCII letters.

    Zero when Arabic letters sit inside Latin words (accented Latin text read as Arabic).
    """
    letters = len(_NON_ASCII_LETTER.findall(text))
    if not letters:
        return 0.0, 0
    arabic = len(_ARABIC_LETTER.findall(text))
    if len(_MIXED.findall(text)) * 20 > arabic:
        return 0.0, letters
    return arabic / letters, letters


def _legacy_arabic(data: bytes, final: bool) -> str | None:
    """cp1256 or iso-8859-6 when either turns the bytes into (almost only) Arabic letters.

    iso-8859-6 leaves many bytes undefined, so real cp1256 text (which uses ف ق ك at
    0xDD-0xDF) rarely decodes as it; iso-8859-6 text read as cp1256 turns و ي into è ê.
    The better share of Arabic letters wins; cp1256, the more common, wins a tie.
    """
    sample = data[:_DETECT_WINDOW]
    best: tuple[float, str] | None = None
    for encoding in ("cp1256", "iso8859-6"):
        text = strict_decode(sample, encoding, final=final and len(sample) == len(data))
        if text is None:
            continue
        share, letters = _arabic_share(text)
        if letters >= 3 and share >= 0.9 and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:_DETECT_WINDOW])
    best = matches.best()
    if best is None or best.chaos > 0.25:
        return None
    # On short texts several single-byte codecs tie; the one news sites actually used wins
    # (charset-normalizer alone may answer mac_latin2 for plain French cp1252).
    close = {codecs.lookup(m.encoding).name for m in matches if m.chaos <= best.chaos + 0.02}
    for name in _COMMON_LEGACY:
        if name in close:
            return name
    return codecs.lookup(best.encoding).name


_UTF8_SEQUENCE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xFF]")


@lru_cache(maxsize=64)
def _single_byte(encoding: str) -> bool:
    """Whether ``encoding`` reads every byte as one character (cp1256, iso8859-6, ...).

    Counting characters alone is not enough: with ``errors="replace"`` UTF-8 turns each of
    the 128 high bytes into one U+FFFD and looked single-byte, which sent every large UTF-8
    page through the line-by-line mixed decoder (18% of an HTML export). A UTF-8 pair
    ("é") is one character in UTF-8 and two in a single-byte code page.
    """
    try:
        return (
            len(bytes(range(256)).decode(encoding, errors="replace")) == 256
            and len(b"\xc3\xa9".decode(encoding, errors="replace")) == 2
        )
    except LookupError:
        return False


# What a line read as UTF-8 inside a legacy file may hold besides ASCII: Latin letters with
# accents, Arabic-script letters, punctuation, currency, symbols and emoji. A line of legacy
# text that happens to be valid UTF-8 (rare: two Arabic letters in a row never are) decodes
# to other scripts (Latin Extended-B, Hangul, CJK) and stays legacy.
_UTF8_LINE = regex_cache.compile(
    "[\x00-\x7f\xa0-\u017f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f"
    "\u20a0-\u20cf\u2100-\u27bf\ufb50-\ufdff\ufe00-\ufe0f\ufe70-\ufeff"
    "\U0001f000-\U0001faff]*"
)


def decode_mixed(data: bytes, encoding: str, *, final: bool = True) -> str | None:
    """``data`` read as the legacy single-byte ``encoding``, except its lines that are valid
    UTF-8 holding non-ASCII text (a UTF-8 "Café" pasted into a cp1256 file): those are read
    as UTF-8, so they do not become "Cafأ©". None when a line fits neither."""
    if not _single_byte(encoding) or _UTF8_SEQUENCE.search(data) is None:
        return strict_decode(data, encoding, final=final)
    lines = data.split(b"\n")
    out = []
    for i, line in enumerate(lines):
        whole = final or i < len(lines) - 1
        if not line.isascii() and _UTF8_SEQUENCE.search(line):
            text = strict_decode(line, "utf-8", final=whole)
            if text is not None and _UTF8_LINE.fullmatch(text):
                out.append(text)
                continue
        text = strict_decode(line, encoding, final=whole)
        if text is None:
            return None
        out.append(text)
    return "\n".join(out)


def mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences (though not all do)."""
    sample = data[:_DETECT_WINDOW]
    high = len(_HIGH_BYTE.findall(sample))
    if high == 0:
        return False
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    return in_sequences >= 0.8 * high


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside a UTF-16/32 BOM) mean this is not text we can read."""
    return b"\x00" in data[:8192] and bom_encoding(data) not in ("utf-16", "utf-32")


def detect(data: bytes, *, html: bool = False, final: bool = True) -> str:
    """The encoding to read ``data`` with (a prefix when ``final`` is False).

    Raises DecodeError (with a hint) for binary data or bytes no candidate reads cleanly.
    """
    return detect_decoding(data, html=html, final=final)[0]


def detect_decoding(
    data: bytes, *, html: bool = False, final: bool = True
) -> tuple[str, str | None]:
    """:func:`detect`, and the decoded text when deciding took decoding it (valid UTF-8,
    most inputs): the caller need not decode the same bytes a second time."""
    bom = bom_encoding(data)
    if bom:
        return bom, None
    if looks_binary(data):
        raise DecodeError(
            "binary data (NUL bytes), not text",
            "if it is text in another encoding, try --encoding utf-16 or --encoding cp1256",
        )
    # Valid UTF-8 wins even over a page's declared charset: saved pages keep a stale
    # <meta charset> after re-encoding, while non-ASCII legacy text that happens to be
    # valid UTF-8 essentially never occurs (cp1256 Arabic never is).
    text = strict_decode(data, "utf-8", final=final)
    utf8 = text is not None
    if utf8 and not (html and data.isascii()):
        return "utf-8", text
    if html:
        declared = declared_charset(data)
        if declared:
            text = strict_decode(data, declared, final=final)
            if text is not None and _NOT_TEXT.search(text) is None:
                return declared, text
    if utf8:
        return "utf-8", text
    if mostly_utf8(data):
        # UTF-8 with a few foreign bytes (a damaged file, or records pasted together from
        # two encodings): a legacy codec would turn all the good text into mojibake.
        raise DecodeError(
            "mostly UTF-8 but with bytes that are not",
            "the file may be damaged or mix encodings; try --encoding cp1256 if it is legacy",
        )
    legacy = _legacy_arabic(data, final)
    if legacy:
        return legacy, decode_mixed(data, legacy, final=final)
    guess = _charset_normalizer(data)
    if guess and strict_decode(data[:_DETECT_WINDOW], guess, final=False) is not None:
        return guess, None
    raise DecodeError(
        "could not decode as UTF-8 and no other encoding fits",
        "try --encoding cp1256 (Arabic Windows) or --encoding iso-8859-6",
    )


def decode(
    data: bytes, *, encoding: str | None = None, html: bool = False, mixed: bool = False
) -> Decoded:
    """Decode a whole input. ``encoding`` (``--encoding``) overrides detection; ``mixed``:
    it was detected, so UTF-8 lines in a legacy file are read as UTF-8 (``decode_mixed``)."""
    text = None
    if encoding is None:
        encoding, text = detect_decoding(data, html=html)
    elif mixed:
        text = decode_mixed(data, encoding)
    if text is None:
        text = strict_decode(data, encoding)
    if text is None:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"not valid {encoding} (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
                "try another --encoding, e.g. cp1256 or utf-8",
            ) from None
        raise DecodeError(f"cannot decode as {encoding}")  # pragma: no cover - defensive
    if text.startswith("\ufeff"):
        # utf-16/utf-32 codecs consume their BOM; a stray one after --encoding utf-8 must not
        # end up glued to the title.
        text = text[1:]
    return Decoded(text, encoding)


def open_binary(path: str) -> BinaryIO:
    """Open a file for reading bytes, gunzipping transparently (by magic bytes)."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    return maybe_gunzip(raw)


def maybe_gunzip(stream: BinaryIO) -> BinaryIO:
    """Wrap ``stream`` in a gzip reader when it starts with the gzip magic bytes."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return cast(BinaryIO, _Gunzip(gzip.GzipFile(fileobj=buffered, mode="rb"), buffered))
    return cast(BinaryIO, buffered)


class _Gunzip(io.RawIOBase):
    """A gzip reader whose corrupt or truncated data is an input error, not a crash."""

    #: read() inflates (``--max-input-size`` messages say "inflates past")
    inflating = True

    def __init__(self, inner: gzip.GzipFile, compressed: Any = None) -> None:
        self._inner = inner
        #: The gzip bytes themselves, unread: a web archive's reader goes member by member
        #: (exact offsets, resync after a corrupt member).
        self.compressed = compressed

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(f"corrupt or truncated gzip data ({exc})") from None

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def size_text(size: int) -> str:
    """``268435456`` -> ``256 MB`` (for messages about ``--max-input-size``)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"
