"""The pure ``str -> str`` fixes of ``newsclean.text``, one concern at a time."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import ftfy
import pytest

from newsclean.text import (
    arabic,
    entities,
    explain,
    invisible,
    mojibake,
    quotes,
    spacing,
    spans,
    tables,
)
from newsclean.text.mojibake import fix_mojibake, fix_mojibake_counted
from newsclean.text.quotes import fix_quotes, style_for


@pytest.mark.parametrize(
    "module",
    [arabic, entities, explain, invisible, mojibake, quotes, spacing, spans, tables],
    ids=lambda m: m.__name__.rsplit(".", 1)[-1],
)
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0


# --- quotes ------------------------------------------------------------------------------

AR = style_for("auto", "ar")
EN = style_for("auto", "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('قال "كذا" و"ذلك"', "قال «كذا» و«ذلك»"),
        ("قال 'كذا'", "قال «كذا»"),
        ('"a "b" c"', "«a “b” c»"),
        ("«كذا «ك» »", "«كذا “ك”»"),
        ('" "', "«»"),
        ("(«كذا»)", "(«كذا»)"),
        ('قال:"كذا"', "قال:«كذا»"),
    ],
)
def test_quotes_arabic(text: str, expected: str) -> None:
    assert fix_quotes(text, AR) == expected


def test_quotes_unbalanced_line_decided_by_context_other_lines_fixed() -> None:
    # Issue 19: a quotation opened on one line (paragraph) and closed on a later one is
    # normal in news; each straight quote whose place says what it is gets its mark (this
    # test once asserted the unpaired line was left straight).
    counts: dict[str, int] = {}
    text = 'قال "كذا\nثم "ذلك" انتهى'
    assert quotes.fix_quotes_counted(text, AR, counts) == "قال «كذا\nثم «ذلك» انتهى"
    assert counts["quotes_unbalanced"] == 1
    # two quotations left open on one line is not that shape: left exactly as it was
    assert fix_quotes('قال "كذا ثم "ذلك', AR) == 'قال "كذا ثم "ذلك'


def test_quotes_apostrophes_and_measures_left_alone() -> None:
    for text in ("don't", "l'homme", "O'Brien", "the students' books", "5'10\"", "'90s"):
        assert fix_quotes(text, EN) == text


def test_quotes_keep_and_url() -> None:
    assert fix_quotes('"x"', style_for("keep", "ar")) == '"x"'
    text = 'see "http://x.com/?q="a"" now'
    assert fix_quotes(text, EN) == text  # pairing fails: left as it was


def test_quote_styles_by_language() -> None:
    assert (style_for("auto", "fa").inner_open, style_for("auto", "fa").inner_close) == ("‹", "›")
    assert style_for("auto", "de").open == "„"
    assert style_for("curly", "de").open == "„"
    assert style_for("guillemets", "en").open == "«"
    assert style_for("auto", "xx").open == "“"


# --- invisible ---------------------------------------------------------------------------


def test_invisible_kinds_counted() -> None:
    counts: dict[str, int] = {}
    text = "a\u200bb\u200ec\u00add\ufeffe\u00a0f\u0007g\r\nh\u202ei"
    assert invisible.fix_invisible_counted(text, counts) == "abcde fg\nhi"
    assert counts == {
        "zero_width": 1,
        "bidi_controls": 2,
        "soft_hyphen": 1,
        "bom": 1,
        "nbsp": 1,
        "control_characters": 1,
        "line_endings": 1,
    }


def test_invisible_context_rules() -> None:
    fix = invisible.fix_invisible
    assert fix("می\u200cخواهم") == "می\u200cخواهم"  # ZWNJ between Arabic-script letters
    assert fix("word\u200c word") == "word word"  # stray ZWNJ
    assert fix("👍\u200d🔥") == "👍\u200d🔥"
    assert fix("a\u200db") == "ab"
    assert fix("x\u202fy") == "x y"
    assert invisible.fix_invisible_counted("x\u202fy", {}, keep_narrow_nbsp=True) == "x\u202fy"
    assert invisible.fix_invisible_counted("a\u200fb", {}, keep_bidi=True) == "a\u200fb"
    assert fix("\u0085\u0081") == "…"


# --- arabic ------------------------------------------------------------------------------


def test_presentation_forms_only_those_ranges() -> None:
    assert arabic.fix_presentation_forms("ﻻ ﷲ x² ﬁ ①") == "لا ﷲ x² ﬁ ①"
    assert arabic.fix_presentation_forms("ﷺ ﷼") == "ﷺ ﷼"
    assert arabic.fix_presentation_forms("\ufe70") == "\u064b"  # no stray space


def test_arabic_punctuation_context() -> None:
    fix = arabic.fix_arabic_punctuation
    assert fix("كذا , وكذا") == "كذا ، وكذا"  # spacing is the spacing fix's job
    assert fix("«كذا», ثم") == "«كذا»، ثم"
    assert fix("John, Paul") == "John, Paul"
    assert fix("عام 2015, ثم") == "عام 2015, ثم"  # after a digit: left
    assert fix("كذا,5") == "كذا,5"
    assert fix("رائع ;)") == "رائع ;)"


def test_opt_in_folds() -> None:
    assert arabic.strip_diacritics("مُحَمَّدٌ") == "محمد"
    assert arabic.fold_letters("أإآٱؤئىة") == "ااااوييه"
    assert arabic.convert_digits("٠١٢ 345 ۶۷", "persian") == "۰۱۲ ۳۴۵ ۶۷"


# --- spacing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "3.5",
        "1,000",
        "10:30",
        "20%",
        "1.5%",
        "-3",
        "١٢٫٥",
        "10/5/2023",
        "2023-05-10",
        "U.S.",
        "e.g.",
        "Ph.D.",
        "x.com",
        "word ...",
        ":) :( ;)",
        "a - b",
    ],
)
def test_spacing_leaves_tokens_alone(text: str) -> None:
    counts: dict[str, int] = {}
    out = spacing.fix_punctuation_spacing(text, counts)
    out = spacing.fix_brackets(out, counts)
    assert out == text


def test_spacing_rules() -> None:
    c: dict[str, int] = {}
    assert spacing.fix_punctuation_spacing("قال ، إن", c) == "قال، إن"
    assert spacing.fix_punctuation_spacing("قال ،إن", c) == "قال، إن"
    assert spacing.fix_punctuation_spacing("Hello ,world", c) == "Hello ,world"
    assert spacing.fix_punctuation_spacing("Hello,world !", c) == "Hello, world!"
    assert spacing.fix_punctuation_spacing("Il a dit : oui !", c, french=True) == (
        "Il a dit : oui !"
    )
    assert spacing.collapse_spaces(" a  b \n  c ", c) == "a b\nc"
    assert spacing.fix_ellipses("a…", "ascii", c) == "a..."
    assert spacing.fix_dashes("a – b", "ascii", c) == "a - b"
    assert spacing.fix_dashes("a - b", "keep", c) == "a - b"


# --- entities, spans ---------------------------------------------------------------------


def test_entities() -> None:
    assert entities.fix_entities("&lt;b&gt; &nbsp; &#x627; &#0; &#xD800; &bogus;") == (
        "<b> \u00a0 ا &#0; &#xD800; &bogus;"
    )


def test_protected_spans() -> None:
    text = "mail me@x.org, see https://a.b/c?d=1 or `x?y` and @handle"
    found = [text[a:b] for a, b in spans.protected_spans(text)]
    assert found == ["me@x.org", "https://a.b/c?d=1", "`x?y`"]


# --- mojibake ----------------------------------------------------------------------------

WORDS = "قال الرئيس السعودي إن العلاقات العربية «ممتازة»، وأضاف: “نحن مستعدون” للحوار."


@pytest.mark.parametrize(
    ("kind", "damage"),
    [
        ("utf8_as_cp1256", lambda s: s.encode("utf-8").decode("cp1256")),
        ("utf8_as_cp1252", lambda s: s.encode("utf-8").decode("latin-1")),
        ("cp1256_as_latin1", lambda s: s.encode("cp1256").decode("latin-1")),
    ],
)
def test_mojibake_whole_and_segment(kind: str, damage: object) -> None:
    bad = damage(WORDS)  # type: ignore[operator]
    fixed, counts = fix_mojibake_counted(bad)
    assert fixed == WORDS
    assert kind in counts
    mixed = f"نص سليم هنا. {bad} ونص سليم بعده."
    assert fix_mojibake(mixed) == f"نص سليم هنا. {WORDS} ونص سليم بعده."


def test_mojibake_survives_ftfy_uncurling() -> None:
    bad = ftfy.fixes.uncurl_quotes(WORDS.encode("utf-8").decode("cp1256"))
    assert '"' in bad and "„" not in bad
    assert fix_mojibake(bad) == WORDS


def test_mojibake_leaves_clean_text() -> None:
    for text in (WORDS, "فقط، لا غير…", "این عکس زیبا است", "Ça été là-bas", "Ø og å", "¡Hola!"):
        assert fix_mojibake(text) == text


def _corpus(shared: Path) -> list[dict[str, str]]:
    path = shared / "corpus" / "saudinewsnet" / "2015-07-22.json"
    if not path.exists():
        pytest.skip("saudinewsnet day not available")
    data: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_mojibake_zero_changes_on_real_clean_text(shared: Path) -> None:
    articles = _corpus(shared)
    assert len(articles) > 2000
    changed = [
        i
        for i, a in enumerate(articles)
        for key in ("title", "content", "author")
        if fix_mojibake(a.get(key) or "") != (a.get(key) or "")
    ]
    assert changed == []


def _damage(kind: str, text: str) -> str | None:
    try:
        if kind == "utf8_as_cp1256":
            return text.encode("utf-8").decode("cp1256")
        if kind == "utf8_as_cp1252":
            return text.encode("utf-8").decode("latin-1")
        return text.encode("cp1256").decode("latin-1")
    except UnicodeError:
        return None


@pytest.mark.parametrize("kind", ["utf8_as_cp1256", "utf8_as_cp1252", "cp1256_as_latin1"])
def test_mojibake_exact_on_real_text(shared: Path, kind: str) -> None:
    whole = segment = 0
    for article in _corpus(shared)[:200]:
        sample = article["content"][:600]
        bad = _damage(kind, sample)
        if bad is not None:
            assert fix_mojibake(bad) == sample
            whole += 1
        parts = sample.split(". ")
        if len(parts) >= 3 and len(parts[1].split()) >= 2:
            mid = _damage(kind, parts[1])
            if mid is not None and mid != parts[1]:
                damaged = ". ".join([parts[0], mid, *parts[2:]])
                assert fix_mojibake(damaged) == sample
                segment += 1
    assert whole > 150 and segment > 80
