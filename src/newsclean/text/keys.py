"""Normalized comparison keys: two texts that differ only cosmetically get the same key.

A key is for *comparing* text, never for output: it drops case, punctuation, quotes,
diacritics, tatweel and invisible controls, folds alef/hamza/yeh/teh-marbuta forms and
Persian letters to one spelling, maps Arabic-Indic/Persian digits to ASCII, collapses
whitespace and undoes the common cp1256 / latin-1 mojibake of UTF-8 Arabic. Both in-article
dedup and cross-collection dedup build on it.

It is written for throughput (cross-collection dedup folds every record): a few ``str.replace``
calls and one bytes-level ``translate`` instead of a per-character Python loop or a Unicode
regex scan, which cost several times more on long Arabic texts.

>>> fold("«نائِب» وزيـــر الخارجيّة، اليوم!")
'نايب وزير الخارجيه اليوم'
>>> fold("Breaking:  “Café” news…")
'breaking cafe news'
>>> fold("العام ٢٠٢٣ و۱۴۰۲")
'العام 2023 و1402'
>>> title_key("Assad meets Russian envoy - Nidaa Post")
'assad meets russian envoy'
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib

from newsclean import regex_cache
from newsclean.text.chars import ignorable, letter_folds
from newsclean.text.mojibake import fix_mojibake

# The Arabic-script knowledge comes from ``chars_arabic.toml`` (``text.chars``): letters
# spelled interchangeably fold to one ("key" entries), and the marks, tatweel and the other
# ignorable characters are dropped or read as a word break. Each is one ``str.replace`` scan
# when present; those whose UTF-8 lead byte has a group below go with the group, which is
# scanned only when that byte occurs (so plain Arabic text is not scanned for them).
_ARABIC: tuple[tuple[str, str], ...] = (
    *letter_folds("key").items(),
    *ignorable("key").items(),
)
_GROUPED_LEADS = (b"\xdb", b"\xda", b"\xe2", b"\xc2")


def _arabic_in(lead: bytes | None) -> tuple[tuple[str, str], ...]:
    """The entries of ``_ARABIC`` whose UTF-8 form starts with ``lead`` (``None``: with no
    grouped lead byte)."""
    if lead is None:
        return tuple(p for p in _ARABIC if p[0].encode()[:1] not in _GROUPED_LEADS)
    return tuple(p for p in _ARABIC if p[0].encode().startswith(lead))


# Replaced in every non-ASCII text. Arabic punctuation always separates words; digits map
# to ASCII.
_ALWAYS: tuple[tuple[str, str], ...] = (
    *_arabic_in(None),
    *((ch, " ") for ch in "،؛؟٪٫٬"),
    *((d, str(i)) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")),
)

# Rarer characters, grouped by the lead byte of their UTF-8 form: a group is scanned only
# when that byte occurs at all (one ``memchr``), which keeps plain Arabic text cheap.
_GROUPS: tuple[tuple[bytes, tuple[tuple[bytes, bytes], ...]], ...] = tuple(
    (lead, tuple((src.encode(), dst.encode()) for src, dst in pairs))
    for lead, pairs in (
        (  # U+2000-U+206F: typographic quotes, dashes, spaces, zero-width and bidi controls
            b"\xe2",
            (
                *((ch, " ") for ch in "“”„‟‘’‚‛‹›…–—―‒•′″‧"),
                *((chr(c), " ") for c in range(0x2000, 0x200C)),
                *((ch, " ") for ch in "\u2028\u2029\u202f\u205f"),
                *_arabic_in(b"\xe2"),  # the joiners
                *((chr(c), "") for c in range(0x200E, 0x2010)),
                *((chr(c), "") for c in range(0x202A, 0x202F)),
                *((chr(c), "") for c in range(0x2060, 0x206A)),
            ),
        ),
        (  # U+0080-U+00BF: no-break space, guillemets, soft hyphen, middle dot
            b"\xc2",
            (
                ("\u00a0", " "),
                ("«", " "),
                ("»", " "),
                ("\u00ad", ""),
                ("·", " "),
                ("¡", " "),
                ("¿", " "),
                ("§", " "),
            ),
        ),
        (  # U+06C0-U+06FF: Persian letters and digits, Quranic marks, Urdu full stop
            b"\xdb",
            (
                *_arabic_in(b"\xdb"),
                ("۔", " "),
                *((d, str(i)) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")),
            ),
        ),
        (  # U+0680-U+06BF: keheh
            b"\xda",
            _arabic_in(b"\xda"),
        ),
    )
)

# Lead bytes of scripts that need Unicode decomposition (accented Latin, Greek, Cyrillic,
# Hebrew points, Latin Extended Additional, presentation forms/fullwidth/BOM) or
# non-ASCII case folding.


#: The characters of windows-1256's bytes 0x80-0xFF, in byte order (one decode: a
#: single-byte code page that defines every byte).
_CP1256_HIGH = bytes(range(0x80, 0x100)).decode("cp1256")


def _with_compat(
    groups: tuple[tuple[bytes, tuple[tuple[bytes, bytes], ...]], ...],
) -> tuple[tuple[bytes, tuple[tuple[bytes, bytes], ...]], ...]:
    """Add to each group the windows-1256 characters of its block that have a compatibility
    decomposition (² ¼ µ ™ ...), mapped to it: such a text then folds the same whether or
    not another character made it go through NFKD, so the one-byte fast path of
    :func:`word_ids` can fold character by character."""
    out = []
    for lead, pairs in groups:
        done = {src for src, _ in pairs}
        extra = []
        for ch in _CP1256_HIGH:
            enc = ch.encode("utf-8")
            if not enc.startswith(lead) or enc in done:
                continue
            decomposed = unicodedata.normalize("NFKD", ch)
            if decomposed != ch:
                extra.append((enc, _COMBINING_PLAIN.sub("", decomposed).encode("utf-8")))
        out.append((lead, (*pairs, *extra)))
    return tuple(out)


_COMBINING_PLAIN = regex_cache.compile("[\u0300-\u036f]+")
_GROUPS = _with_compat(_GROUPS)

_NFKD_LEADS = b"\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xce\xcf\xd0\xd1\xd6\xd7\xe1\xef"
_GROUP_LEADS = b"".join(lead for lead, _ in _GROUPS)

# ``bytes.translate(None, delete)`` tables that keep only the lead bytes above: one C pass
# tells which groups occur instead of one scan per lead byte.
_KEEP_NFKD = bytes(b for b in range(256) if b not in _NFKD_LEADS)
_KEEP_GROUPS = bytes(b for b in range(256) if b not in _GROUP_LEADS)

# ASCII punctuation and controls -> space, at the bytes level (UTF-8 continuation bytes are
# >= 0x80, so this never touches a multibyte character).
_ASCII_TABLE = bytes(b if (chr(b).isalnum() or b >= 0x80) else 0x20 for b in range(256)).replace(
    b"_", b" "
)

# Combining marks left by NFKD on Latin/Greek/Cyrillic letters; Hebrew points.
_COMBINING = regex_cache.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7]+")

# Mojibake is repaired by the one repairer (``text.mojibake``) before folding, so a record
# read with the wrong code page gets the key of its text. These characters are the gate: one
# of them is in every text it repairs in practice (the cp1256 images of ا ل ي's second bytes,
# the latin-1 images of the lead bytes of Arabic letters, and of ا in windows-1256 read as
# latin-1); a text without them skips the repair at the cost of a few ``in`` tests.
_HINTS = ("§", "„", "ٹ", "Ø", "Ù", "Ç")


def repair_mojibake(text: str) -> str:
    """``text`` with Arabic mojibake repaired (see :mod:`newsclean.text.mojibake`) when it
    holds one of the hints; unchanged otherwise.

    >>> repair_mojibake("قال ط§ظ„ط±ط¦ظٹط³ اليوم")
    'قال الرئيس اليوم'
    """
    return fix_mojibake(text) if _may_be_mangled(text) else text


def _may_be_mangled(text: str) -> bool:
    """Whether :func:`repair_mojibake` may change ``text`` (it holds one of its hints)."""
    return any(hint in text for hint in _HINTS)


def _replace_pass(text: str) -> bytes:
    for src, dst in _ALWAYS:
        if src in text:
            text = text.replace(src, dst)
    raw = text.encode("utf-8", "replace")
    present = raw.translate(None, _KEEP_GROUPS)
    if not present:
        return raw
    for lead, pairs in _GROUPS:
        if lead in present:
            for bsrc, bdst in pairs:
                if bsrc in raw:
                    raw = raw.replace(bsrc, bdst)
    return raw


def _fold_bytes(text: str, repaired: bool = False) -> bytes:
    """The folded key as UTF-8 bytes with separators as spaces (not yet collapsed)."""
    if text.isascii():
        return text.encode().lower().translate(_ASCII_TABLE)
    raw = _replace_pass(text if repaired else repair_mojibake(text))
    if raw.translate(None, _KEEP_NFKD):
        text = unicodedata.normalize("NFKD", raw.decode("utf-8", "replace").lower())
        # Presentation forms and fullwidth letters decompose into plain ones the
        # replacements above have not seen yet: run them once more.
        raw = _replace_pass(_COMBINING.sub("", text).replace("\ufeff", ""))
    return raw.lower().translate(_ASCII_TABLE)


def fold(text: str) -> str:
    """The comparison key of ``text`` (see the module docstring); words joined by one space."""
    if not text.isascii():
        fast = _fold_fast(text)
        if fast is not None:
            return fast
    return _fold_general(text)


def _fold_general(text: str) -> str:
    return " ".join(_fold_bytes(text).decode("utf-8", "replace").split())


# Fast path for word ids. Most news text (Arabic, English, French) is representable in
# windows-1256, where every character is one byte: folding is then one ``bytes.translate``.
# The table is built from :func:`_fold_bytes` itself, character by character, so both paths
# give the same words; a character whose fold is not one windows-1256 character (or that
# windows-1256 lacks) sends the text down the general path.
_WORD_CODEC = "cp1256"


def _build_fast_table() -> tuple[bytes, bytes, bytes]:
    table = bytearray(range(256))
    delete = bytearray()
    supported = bytearray()
    for b in range(256):
        try:
            ch = bytes([b]).decode(_WORD_CODEC)
        except UnicodeDecodeError:
            continue
        folded = _fold_bytes(ch, repaired=True).decode("utf-8")
        if not folded:
            delete.append(b)
        elif folded.isspace():
            table[b] = 0x20
        else:
            try:
                enc = folded.encode(_WORD_CODEC)
            except UnicodeEncodeError:
                continue
            if len(enc) != 1:
                continue
            table[b] = enc[0]
        supported.append(b)
    # translate(None, delete=supported) leaves only unsupported bytes: empty means fast.
    return bytes(table), bytes(delete), bytes(supported)


def _kept_fast_table() -> tuple[bytes, bytes, bytes]:
    """:func:`_build_fast_table`, kept in the pattern cache's file: its 256 folds were ~6% of
    ``dedup``'s start-up. The stamp is a checksum of this module's source and of the tables
    it folds with (``text.chars``'): any change to either builds the table afresh; the file
    itself is per Python build (``unicodedata``'s version)."""
    try:
        with open(__file__, "rb") as f:
            source = f.read()
    except (OSError, TypeError):  # no readable source (a zip, a frozen build)
        return _build_fast_table()
    data = repr((_ALWAYS, _GROUPS, _ASCII_TABLE, _NFKD_LEADS, _WORD_CODEC)).encode("utf-8")
    stamp = f"{zlib.crc32(source):08x}{zlib.crc32(data):08x}{len(source)}-{len(data)}"
    return regex_cache.derived(
        "keys-fast-table", "", stamp, lambda _: _build_fast_table(), _is_fast_table
    )


def _is_fast_table(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and all(isinstance(v, bytes) for v in value)
        and len(value[0]) == 256
    )


_FAST_TABLE, _FAST_DELETE, _FAST_SUPPORTED = _kept_fast_table()


def _marking(table: bytes) -> bytes:
    """``table`` with every byte the fast path does not support mapped to NUL, which no
    supported byte maps to (NUL folds to a space): one ``translate`` then folds the text and
    flags it, and ``b"\\0" in`` (a ``memchr``) replaces a second, deleting pass over it."""
    marked = bytearray(256)
    for b in _FAST_SUPPORTED:
        marked[b] = table[b]
    image = bytes(marked[b] for b in _FAST_SUPPORTED)
    if image.translate(None, b"\0\t\n\r\x0b\x0c") != image:  # pragma: no cover
        # (a table bug: NUL marks, and ``_collapse`` relies on space being the only blank)
        raise AssertionError("a supported byte folds to NUL or a blank other than space")
    return bytes(marked)


_FAST_MARKED = _marking(_FAST_TABLE)


# Runs of spaces (a bytes pattern, so plain re: compiling it costs microseconds).
_SPACES = re.compile(rb"  +")


def _collapse(raw: bytes) -> bytes:
    """``b" ".join(raw.split())`` for bytes whose only whitespace is the ASCII space (what
    the byte tables leave), except that one space may remain at either end: one regex pass
    instead of one object per word (an article has hundreds). On 1,000 articles 11-16 ms
    against 17-20 ms for split and join, and ~20 ms for ``replace`` passes, which execute
    fewer instructions but copy the text up to four times."""
    return _SPACES.sub(b" ", raw)


# Arabic-Indic digits (windows-1256 lacks them) -> ASCII. Ten substring scans cost ~1.6 µs
# on a 5,000-character article; one regex character-class search costs ~50 µs.
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"


def _fold_fast(text: str) -> str | None:
    """:func:`fold` through the one-byte windows-1256 table (the same table, built from the
    general path, that :func:`word_ids` uses); ``None`` when the text needs the general path.
    In-article dedup folds every block, so this is on the hot path of ``clean``."""
    raw = _fast_fold(repair_mojibake(text), _FAST_MARKED)
    if raw is None:
        return None
    # after the table every separator is an ASCII space, so splitting the bytes splits the
    # same words as splitting the decoded text (and costs a fraction of it)
    return _collapse(raw).strip(b" ").decode(_WORD_CODEC)


# Joins the texts :func:`fold_many` folds at once. An ASCII control (information separator
# two), so it survives both byte-level paths as one byte, and no fold rule or mojibake run
# matches it: a run never crosses it, and it never ends up inside a word.
_SEP = "\x1e"
_SEP_BYTE = ord(_SEP)
_SEP_BYTES = _SEP.encode()
_ASCII_TABLE_SEP = _ASCII_TABLE[:_SEP_BYTE] + _SEP.encode() + _ASCII_TABLE[_SEP_BYTE + 1 :]
_FAST_MARKED_SEP = _marking(_FAST_TABLE[:_SEP_BYTE] + _SEP.encode() + _FAST_TABLE[_SEP_BYTE + 1 :])


def fold_many(texts: list[str], body: int | None = None) -> list[str]:
    """``[fold(text) for text in texts]``, folding them as one text when it can.

    In-article dedup folds every block of every article: per block, the dozen calls of
    :func:`fold` cost more than the folding itself. Here the texts are joined with a
    separator the byte tables keep, folded in one pass (the ASCII table, or the one-byte
    windows-1256 table of :func:`_fold_fast`, which agree on ASCII), and cut apart again.
    When a text needs the general path (or holds the separator), each is folded alone.

    ``body``: ``texts[body:]`` are an article's blocks; their folded bytes are kept for
    :func:`word_ids` of that article's text (see ``_kept``).
    """
    joined = _SEP.join(texts)
    mangled = False
    if joined.isascii():
        raw = joined.encode().lower().translate(_ASCII_TABLE_SEP)
        codec = "ascii"
    else:
        mangled = _may_be_mangled(joined)
        if mangled:
            # repair_mojibake looks for runs only in a text holding one of its hints:
            # repair text by text, so one text's hint does not repair another's runs
            joined = _SEP.join(map(repair_mojibake, texts))
        fast = _fast_fold(joined, _FAST_MARKED_SEP)
        if fast is None:
            return [fold(text) for text in texts]
        raw = fast
        codec = _WORD_CODEC
    # Words are collapsed across the whole; a text's key then has at most one space at
    # either end, next to its separator (and an empty key is a lone space).
    parts = _collapse(raw).decode(codec).split(_SEP)
    if len(parts) != len(texts):
        # a text holds the separator (only the separator folds to itself)
        return [fold(text) for text in texts]
    if body is not None and not mangled:
        _keep_body(texts, body, raw)
    return [part.strip(" ") for part in parts]


#: Article text -> its folded bytes, for the bodies :func:`fold_many` folded lately
#: (oldest first). The duplicate stage asks :func:`word_ids` of the same texts soon after
#: the in-article step folded them (the engine runs a task of up to 64 records through the
#: step, then the stage), and the fold (encoding and table: about a tenth of a dedup run)
#: is then not done twice. Bounded by characters; a text asked for is taken out; a text
#: that is not here (blocks removed since, another process) is folded anew.
_kept: dict[str, bytes] = {}
_kept_chars = 0
#: Twice the characters of an engine task (``engine.local.CHARS_PER_TASK``).
_KEPT_CHARS = 1 << 20
_kept_lock = threading.Lock()


def _keep_body(texts: list[str], body: int, raw: bytes) -> None:
    """Keep the folded bytes of ``texts[body:]`` (cut from ``raw``, their fold joined by
    the separator) as those of ``Article.text``, the non-empty blocks joined by a blank
    line: both fold byte by byte, the separator and the blank line to spaces. Not kept
    when mojibake was repaired text by text, or for a text with "&#" (word_ids folds it
    on the general path)."""
    global _kept_chars
    text = "\n\n".join(filter(None, texts[body:]))
    if "&#" in text or body >= len(texts) or len(text) > _KEPT_CHARS:
        return
    start = 0
    for _ in range(body):
        start = raw.index(_SEP_BYTE, start) + 1
    folded = raw[start:].replace(_SEP_BYTES, b" ")
    with _kept_lock:
        if _kept.pop(text, None) is not None:
            _kept_chars -= len(text)
        while _kept and _kept_chars + len(text) > _KEPT_CHARS:
            oldest = next(iter(_kept))
            del _kept[oldest]
            _kept_chars -= len(oldest)
        _kept[text] = folded
        _kept_chars += len(text)


def _take_body(text: str) -> bytes | None:
    """The folded bytes :func:`_keep_body` kept for ``text`` (taken out), or None."""
    global _kept_chars
    if not _kept:
        return None
    with _kept_lock:
        folded = _kept.pop(text, None)
        if folded is not None:
            _kept_chars -= len(text)
    return folded


def _fast_fold(text: str, marked: bytes) -> bytes | None:
    """``text`` (repaired) in windows-1256 folded through ``marked`` (a :func:`_marking`
    table) when every character of it has a one-byte fold, else ``None`` (the general path
    must fold it)."""
    try:
        raw = text.encode(_WORD_CODEC)
    except UnicodeEncodeError:
        # windows-1256 lacks Arabic-Indic digits: map them and try again (encoding first
        # spares the ten digit scans on the many texts that have none)
        if not any(d in text for d in _ARABIC_DIGITS):
            return None
        try:
            raw = _ascii_digits(text).encode(_WORD_CODEC)
        except UnicodeEncodeError:
            return None
    folded = raw.translate(marked, _FAST_DELETE)
    return None if b"\0" in folded else folded


def _ascii_digits(text: str) -> str:
    # ten ``str.replace`` scans: ``str.translate`` with a dict costs ~50x more on Arabic text
    for ascii_digit, digit in enumerate(_ARABIC_DIGITS):
        if digit in text:
            text = text.replace(digit, str(ascii_digit))
    return text


def _word_bytes(folded: str) -> bytes:
    # Words are identified by their windows-1256 bytes (numeric references for characters
    # it lacks): one byte per Arabic letter, and the same bytes on both paths.
    return folded.encode(_WORD_CODEC, "xmlcharrefreplace")


def word_ids(text: str) -> list[int]:
    """One stable 32-bit id per word of ``text``, in order: the CRC-32 of the folded word
    in windows-1256 (numeric character references for characters it lacks).

    Stable across processes and runs (unlike the salted built-in ``hash`` of a str), so ids
    can be persisted in an index.
    """
    kept = _take_body(text)
    if kept is not None:
        return list(map(zlib.crc32, kept.split()))
    if not text.isascii():
        text = repair_mojibake(text)
    try:
        raw = text.encode(_WORD_CODEC)
    except UnicodeEncodeError:
        # as in ``_fold_fast``: only a text windows-1256 cannot encode may hold the
        # Arabic-Indic digits it lacks
        if any(d in text for d in _ARABIC_DIGITS):
            text = _ascii_digits(text)
        raw = text.encode(_WORD_CODEC, "xmlcharrefreplace")
    folded = None if b"&#" in raw else raw.translate(_FAST_MARKED, _FAST_DELETE)
    if folded is None or b"\0" in folded:
        folded = _word_bytes(_fold_bytes(text, repaired=True).decode("utf-8"))
    return list(map(zlib.crc32, folded.split()))


def _word_ids_general(text: str) -> list[int]:
    """The general path alone (tests compare it with the fast one)."""
    return list(map(zlib.crc32, _word_bytes(_fold_bytes(text).decode("utf-8")).split()))


# " - Site", " | Site", " – Site", " :: Site" at the end of a headline.
# ("(?!\s)": the spaces after the separator are taken whole, not shared with the tail)
_SUFFIX = regex_cache.compile(r"\s+(?:[-|–—:•»]|::)\s+(?!\s)(?P<tail>[^-|–—:•»]{1,40})\s*$")
_SUFFIX_MAX_WORDS = 5
_SEPARATORS = "-|–—:•»"
_SUFFIX_MAX_CHARS = 40


def _suffix(title: str) -> re.Match[str] | None:
    """``_SUFFIX.search(title)`` for a stripped ``title``, without scanning all of it.

    The tail after the separator holds no separator, so a match can only use the last one
    (or the last two, for "::"): a few reverse scans find it, and the regex runs from the
    spaces before it. A plain search would try every space of a long paragraph, and dedup
    asks this of the first blocks of every article.
    """
    sep = max(map(title.rfind, _SEPARATORS))
    if sep < 1:
        return None
    if len(title) - sep > _SUFFIX_MAX_CHARS + 1 and (
        len(title[sep + 1 :].lstrip()) > _SUFFIX_MAX_CHARS
    ):
        return None  # the tail is too long
    if title[sep] == ":" and title[sep - 1] == ":":
        sep -= 1
    pos = sep
    while pos > 0 and title[pos - 1].isspace():
        pos -= 1
    if pos == sep:
        return None  # no space before the separator
    return _SUFFIX.search(title, pos)


def strip_site_suffix(title: str) -> str:
    """``title`` without a trailing " - Site name" / " | Site" part (for comparison only).

    The tail must be short (at most five words) and what remains must still have two words,
    so a headline made of two halves is not cut in the middle of a sentence.

    >>> strip_site_suffix("Assad meets envoy | Reuters")
    'Assad meets envoy'
    >>> strip_site_suffix("عاجل - سبق")
    'عاجل - سبق'
    """
    title = title.strip()
    m = _suffix(title)
    if not m:
        return title
    head = title[: m.start()].strip()
    if len(m.group("tail").split()) > _SUFFIX_MAX_WORDS or len(head.split()) < 2:
        return title
    return head


def title_key(title: str) -> str:
    """Comparison key of a headline: site suffix dropped, then :func:`fold`."""
    return fold(strip_site_suffix(title))
