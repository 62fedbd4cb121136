"""The article-wide gate of the normalize step: skipping blocks never changes the result.

``normalize`` looks for every fix's sites once over the whole article and fixes a block
only from the first stage that can act on it. Its output (text and counts) must be what
fixing every block from the start gives; these tests compare the two on tricky blocks,
and check the quote gate's claim that a line it passes comes back unchanged.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article, Block
from newsclean.steps import normalize_gate
from newsclean.steps.normalize import NormalizeOptions, _language, normalize, normalize_text
from newsclean.text import quotes

DATA = Path(__file__).parent / "data" / "normalize"

OPTIONS = [
    NormalizeOptions(),
    NormalizeOptions(language="fr"),
    NormalizeOptions(language="en", quotes="straight", keep_tatweel=True),
    NormalizeOptions(
        collapse_repeats=True, ellipsis="ascii", dashes="ascii", digits="ascii", quotes="guillemets"
    ),
    NormalizeOptions(language="de", quotes="curly", invisible=False, mojibake=False),
    NormalizeOptions(spacing=False, dashes="unicode", strip_diacritics=True, fold_letters=True),
]

# Blocks that sit next to the edges the gate must get right: a site at the very start or
# end of a block, marks around the separator, settled quotes next to unsettled ones.
EDGE_BLOCKS = [
    "",
    " leading space",
    "trailing space ",
    "قال ,ثم",
    "كذا ,",
    ", starts with a comma",
    "«كذا» و«كذا»",
    "«كذا»و«كذا»",
    'قال إن "الأمر" انتهى',
    "He said “it’s fine,” and left.",
    "He said “it’s fine, and left.",
    "“Open on one line\nclosed on the next”",
    "NPR ’s reporter",
    "x - y and x -- y and x — y and x – y",
    "ends with a dash -",
    "- starts with a dash",
    "(  spaced ) [ brackets ] f(x) :( ok",
    "الولايات المتحدة( أمريكا )قالت",
    "wait... ok … ok",
    "AT&T &amp; R&D; &#1575;",
    "see http://x.com/?a=1,b and www.ex.com or a@b.com `x, y`",
    "جـــدا لـ389",
    "e\u0301te\u0301",
    "ﺍﻟﻌﺮﺑﻴﺔ",
    "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©",
    "José Muñoz ©2019, société",
    "cafÃ© and ÇáÚÑÈíÉ",
    "a\u00a0b\u200bc\u202fd",
    "رائع!!! حقا؟؟ ثم.....",
    "عام ٢٠١٥ و۱۳۹۴ and 2015",
    "وَعَدَ إلى مدرسة",
    "a  b \n c ",
    'צה"ל said “x”',
    '5\'10" tall, 12" screen',
    "„Take C.A.R.E“, sagte er",
]


def _cases() -> list[str]:
    out = []
    for path in sorted(DATA.glob("*.json")):
        out.extend(case["input"] for case in json.loads(path.read_text(encoding="utf-8")))
    return out


def _reference(article: Article, options: NormalizeOptions, language: str) -> Article:
    """Every block fixed from the first stage, one by one (what the gate must equal)."""
    counts: dict[str, int] = {}
    blocks = tuple(
        Block(
            b.type,
            normalize_text(
                b.text, options, language, counts, preformatted=b.type == "preformatted"
            ),
            b.level,
            b.hint,
        )
        for b in article.blocks
    )
    return Article(
        title=normalize_text(article.title, options, language, counts),
        subtitle=normalize_text(article.subtitle, options, language, counts),
        blocks=blocks,
        meta={**article.meta, "normalized": dict(sorted(counts.items()))},
    )


def _check(texts: list[str], options: NormalizeOptions, language: str) -> None:
    article = Article(
        title=texts[0] if texts else "",
        subtitle=texts[1] if len(texts) > 1 else "",
        blocks=tuple(Block("paragraph", t) for t in texts[2:]),
        meta={"language": language},
    )
    # The language the step settles on (a guess when meta says "und").
    assert normalize(article, options) == _reference(article, options, _language(article, options))


@pytest.mark.parametrize("options", OPTIONS, ids=range(len(OPTIONS)))
@pytest.mark.parametrize("language", ["ar", "en", "fr"])
def test_edge_blocks_one_article(options: NormalizeOptions, language: str) -> None:
    _check(["Title", "", *EDGE_BLOCKS], options, language)


@pytest.mark.parametrize("options", OPTIONS, ids=range(len(OPTIONS)))
def test_each_edge_block_between_clean_ones(options: NormalizeOptions) -> None:
    for block in EDGE_BLOCKS:
        _check(["clean title", "قال الرئيس", "clean", block, "clean"], options, "ar")


# Sparse gate characters (brackets, colons, dashes, tatweel...) before, at and after the
# first rare character of the article: the one class scan stops at that character and the
# characters after it are found by their own searches.
SPARSE_AND_RARE = [
    "الولايات المتحدة( أمريكا )قالت",
    "قال :«كذا»",
    "x - y",
    "جـــدا",
    "قال ,ثم",
    "José",
    "a\u00a0b",
    "(  spaced ) [ brackets ] f(x) :( ok",
    "كذا ؟وكذا ! ثم؛ وكذا",
    "see a@b.com and `x, y`",
]


@pytest.mark.parametrize("options", OPTIONS, ids=range(len(OPTIONS)))
def test_sparse_sites_around_the_first_rare_character(options: NormalizeOptions) -> None:
    for k in range(len(SPARSE_AND_RARE)):
        blocks = SPARSE_AND_RARE[k:] + SPARSE_AND_RARE[:k]
        _check(["Title", "", *blocks], options, "ar")
        _check(["Title", "", "".join(blocks)], options, "ar")


@pytest.mark.parametrize("options", OPTIONS[:3], ids=range(3))
def test_gate_without_the_one_scan(
    options: NormalizeOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path for a registry whose gate characters are rare ones: each looked for alone."""
    monkeypatch.setattr(normalize_gate, "_sparse", lambda options: None)
    _check(["Title", "", *SPARSE_AND_RARE], options, "ar")
    _check(["Title", "", *EDGE_BLOCKS], options, "ar")


def test_the_one_scan_class_is_the_rare_class_and_the_sparse_characters() -> None:
    sparse = normalize_gate._sparse(NormalizeOptions())
    assert sparse is not None
    scan, by_char = sparse
    assert set(by_char) >= set("():-[]ـ؛؟!@`&") and not set(by_char) & set(".,،\n")
    for ch in [*by_char, "\u00a0", "é", "\ufeff", "\ufe8d", "\ud800"]:
        assert scan.fullmatch(ch), repr(ch)
    for ch in ["a", " ", "ب", "«", "»", ".", "،", "\n", "“"]:
        assert not scan.fullmatch(ch), repr(ch)


@pytest.mark.parametrize("options", OPTIONS[:4], ids=range(4))
def test_json_case_inputs_as_blocks(options: NormalizeOptions) -> None:
    cases = _cases()
    rnd = random.Random(5)
    for _ in range(40):
        _check(rnd.sample(cases, min(len(cases), 8)), options, rnd.choice(["ar", "en", "und"]))


PIECES = [
    '"', "'", "“", "”", "„", "«", "»", "‘", "’", " ", "  ", "\n", "\u00a0", "\u200b",
    "\u0640", "...", "…", " - ", " — ", "-", ",", "،", "؛", "؟", "?", ";", ":", ".", "!",
    "(", ")", "[", "]", "1", "3.5", "٢٠", "قال", "و", "the", "don't", "l", "é", "Ù…",
    "&amp;", "&", "x.com/?a", "http://x.com/?a=1,b", "a@b.com", "`x`", "ﻻ", "\t",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), max_size=6),
    st.sampled_from(OPTIONS),
    st.sampled_from(["ar", "en", "fr", "de"]),
)
def test_random_articles(texts: list[str], options: NormalizeOptions, language: str) -> None:
    _check(texts, options, language)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["«", "»", "“", "”", "„", "’", "'", "قال", "word", " ", "(", ".", "1"]),
        max_size=16,
    ).map("".join),
    st.sampled_from(["ar", "en", "de", "fa"]),
)
def test_quote_gate_passes_only_unchanged_lines(line: str, language: str) -> None:
    style = quotes.style_for("auto", language)
    if quotes.quote_sites(line, style):
        return
    counts: dict[str, int] = {}
    assert quotes.fix_quotes_counted(line, style, counts) == line
    assert counts == {}


LINE_PIECES = [
    *quotes.DOUBLE, *quotes.SINGLE, *quotes.DOUBLE, " ", " ", "\t", "\u00a0", "\u202f", "(",
    ")", "[", "<", ".", ",", "!", "-", "_", "\u0640", "قال", "و", "ل", "word", "x", "1", "٣",
    "צה", "é", "it's", "http://x.y/?a", "a@b.co",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(LINE_PIECES), max_size=14).map("".join),
    st.sampled_from(["ar", "en", "de", "fa", "fr"]),
    st.sampled_from(["auto", "guillemets", "curly", "straight"]),
)
def test_easy_lines_fixed_as_pairing_fixes_them(line: str, language: str, choice: str) -> None:
    """The easy path of the quote fix (marks swapped, no pairing) agrees with pairing."""
    style = quotes.style_for(choice, language)
    assert style is not None
    marks = [(i, ch) for i, ch in enumerate(line) if ch in quotes.DOUBLE + quotes.SINGLE]
    easy: dict[str, int] = {}
    paired: dict[str, int] = {}
    assert quotes._fix_line(line, style, easy, marks) == quotes._fix_line(
        line, style, paired, marks, easy=False
    )
    assert easy == paired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Saga Drags On . . . off the Field", "The Saga Drags On… off the Field"),
        (".. . في اختبارات", "… في اختبارات"),
        ("wait .... ok", "wait .... ok"),
    ],
)
def test_spaced_dots_become_one_ellipsis_in_one_run(text: str, expected: str) -> None:
    """Removing the spaces before dots makes "..." after the ellipsis fix ran; it is
    turned in the same run, so a second run changes nothing (found by Hypothesis on
    real text with noise)."""
    options = NormalizeOptions()
    once = normalize_text(text, options, "ar")
    assert once == expected
    assert normalize_text(once, options, "ar") == once
