"""Normalization residue seen on real text (issue 19): each case once came out half-fixed.

- Mojibake holding an emoji: ``⚡️`` came out as ``⚡ï¸ڈ`` (windows-1256) or ``⚡ï¸``
  (windows-1252, whose undefined byte 0x8F tools drop).
- windows-1256 read as latin-1 next to Latin letters: ``لـCNN`` came out as ``لÜCNN``.
- Straight quotes left where a quotation opens in one paragraph and closes in a later one,
  or sits after ``:`` or ``،``.
- A space before a colon survived when a quote followed it (``وكتب :" أول``).

Each result is also stable: a second run changes nothing.
"""

from __future__ import annotations

import time

import pytest

from newsclean.article import Article, Block
from newsclean.steps.normalize import NormalizeOptions, normalize, normalize_text
from newsclean.text.mojibake import fix_mojibake, fix_mojibake_counted


def _sloppy_cp1252(data: bytes, *, drop_undefined: bool) -> str:
    """``data`` read as windows-1252 the way browsers and ftfy's "sloppy" codec do: the five
    undefined bytes pass through as C1 controls (or are dropped, as many tools then do)."""
    out = []
    for b in data:
        if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
            if not drop_undefined:
                out.append(chr(b))
        else:
            out.append(bytes([b]).decode("cp1252"))
    return "".join(out)


NEWS = "عاجل ⚡️ قال الرئيس إن الاجتماع كان مثمرا 😀"


@pytest.mark.parametrize(
    "damaged",
    [
        NEWS.encode("utf-8").decode("cp1256"),
        _sloppy_cp1252(NEWS.encode("utf-8"), drop_undefined=False),
        _sloppy_cp1252(NEWS.encode("utf-8"), drop_undefined=True),
    ],
    ids=["cp1256", "cp1252", "cp1252-0x8f-dropped"],
)
def test_mojibake_with_an_emoji_is_repaired_fully(damaged: str) -> None:
    assert "ï" in damaged
    assert fix_mojibake(damaged) == NEWS
    assert fix_mojibake(NEWS) == NEWS
    out = normalize_text(damaged, NormalizeOptions(), "ar")
    assert out == NEWS
    assert normalize_text(out, NormalizeOptions(), "ar") == out


def test_latin_emoji_mojibake_and_real_latin_text() -> None:
    assert fix_mojibake("Breaking âš¡ï¸ news") == "Breaking ⚡️ news"
    for text in ("naïve café, crème brûlée", "Ça¸ va", "Ïï"):
        assert fix_mojibake(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "قال مراسل لـCNN إن الرئيس غادر",
        "شاهد عبر لـBBC والـCNN اليوم",
        "ارتفع بنسبة كبيرة لـ2015 مقارنة بالعام الماضي",
    ],
)
def test_cp1256_read_as_latin1_next_to_latin_letters(text: str) -> None:
    damaged = text.encode("cp1256").decode("latin-1")
    assert "Ü" in damaged
    fixed, counts = fix_mojibake_counted(damaged)
    assert fixed == text
    assert counts == {"cp1256_as_latin1": 1}


def test_latin_words_with_capital_umlaut_stay() -> None:
    for text in ("ÜBER alles, sagte Müller", "Das Ü-Ei", "GRÜN ÄRGER ÖL"):
        assert fix_mojibake(text) == text


def test_cp1256_segment_scan_stays_linear() -> None:
    # a long run of images that ends glued to a Latin letter (no tatweel): no repair, and
    # no restart inside the run (that would be quadratic)
    start = time.perf_counter()
    assert fix_mojibake("Ç" * 200_000 + "A") == "Ç" * 200_000 + "A"
    assert time.perf_counter() - start < 5


def _norm(*paragraphs: str) -> list[str]:
    article = Article(
        blocks=tuple(Block("paragraph", p) for p in paragraphs), meta={"language": "ar"}
    )
    out = normalize(article)
    again = normalize(out)
    assert again.text == out.text  # idempotent
    return [b.text for b in out.blocks]


def test_quotation_over_several_paragraphs() -> None:
    assert _norm(
        'وقال المتحدث: "إن الاجتماع كان مثمرا، وقد اتفقنا على خطوات عملية.',
        '"وسنواصل العمل مع شركائنا في المنطقة.',
        'ونحن ماضون في الطريق حتى النهاية". وغادر القاعة.',
    ) == [
        "وقال المتحدث: «إن الاجتماع كان مثمرا، وقد اتفقنا على خطوات عملية.",
        "«وسنواصل العمل مع شركائنا في المنطقة.",
        "ونحن ماضون في الطريق حتى النهاية». وغادر القاعة.",
    ]


def test_quotes_after_colon_and_comma() -> None:
    assert _norm('وقال:"نعم" ثم غادر.') == ["وقال: «نعم» ثم غادر."]
    assert _norm('وقال،"نعم" ثم غادر.') == ["وقال، «نعم» ثم غادر."]
    # after a colon and a stray space, in a paragraph whose quotation goes on
    assert _norm('وقال ليون :" إن فريق البعثة يبذل جهوده') == [
        "وقال ليون: «إن فريق البعثة يبذل جهوده"
    ]
    # a proclitic glued to the quote, in a line that does not pair
    assert _norm('وقال ل"دنيا الرياضة": "إعلان اسم المدير سيكون قريبا') == [
        "وقال ل«دنيا الرياضة»: «إعلان اسم المدير سيكون قريبا"
    ]


def test_context_leaves_what_it_cannot_tell() -> None:
    assert _norm('قال "كذا ثم "ذلك') == ['قال "كذا ثم "ذلك']  # two quotations left open
    assert _norm('بلغ " 354863 " شخصا ثم "غادروا')[0].count('"') == 2  # free-standing
    assert _norm('طوله 5" فقط ثم "غادر') == ['طوله 5" فقط ثم «غادر']  # an inch mark


def test_space_before_a_colon_goes_when_a_quote_follows() -> None:
    assert _norm('وكتب :" أول الغيث قطرة"') == ["وكتب: «أول الغيث قطرة»"]
    assert _norm("وكتب :«أول الغيث قطرة»") == ["وكتب: «أول الغيث قطرة»"]
    assert _norm('وكتب :" أول الغيث') == ["وكتب: «أول الغيث"]
    # times, emoticons and URLs keep theirs
    assert _norm("الساعة 10:30 «مساء» :) https://x.com/a:b") == [
        "الساعة 10:30 «مساء» :) https://x.com/a:b"
    ]


def test_kashida_around_a_mark_goes_in_one_run() -> None:
    # "شـّـص": the first tatweel was kept (a mark and a tatweel followed it), the second
    # removed, so a second run removed the first: not idempotent
    from newsclean.text.arabic import remove_tatweel

    once = normalize_text("شـّـصّىرو[6:", NormalizeOptions(), "ar")
    assert once == "شّصّىرو[6:"
    assert normalize_text(once, NormalizeOptions(), "ar") == once
    assert remove_tatweel("الـ«مدينة» لـCNN لـ389 جـــدا") == "الـ«مدينة» لـCNN لـ389 جدا"
    start = time.perf_counter()
    hostile = "ب" + "ـً" * 200_000 + "!"
    assert remove_tatweel(hostile) == hostile
    assert time.perf_counter() - start < 5
