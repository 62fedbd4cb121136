"""The normalize step: JSON cases, the seed article, the step contract, properties."""

from __future__ import annotations

import json
import os
import pickle
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article, Block
from newsclean.steps.normalize import NormalizeOptions, normalize, normalize_text

DATA = Path(__file__).parent / "data" / "normalize"


def _cases() -> list[Any]:
    out = []
    for path in sorted(DATA.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append(pytest.param(case, id=f"{path.stem}-{i}"))
    return out


def _run(case: dict[str, Any]) -> str:
    options = dict(case.get("options") or {})
    language = options.pop("language", "und")
    return normalize_text(case["input"], NormalizeOptions(**options), language)


@pytest.mark.parametrize("case", _cases())
def test_json_case(case: dict[str, Any]) -> None:
    assert _run(case) == case["expected"], case["why"]


@pytest.mark.parametrize("case", _cases())
def test_json_case_is_idempotent(case: dict[str, Any]) -> None:
    once = _run(case)
    assert _run({**case, "input": once}) == once, case["why"]


def _article_from_text(text: str) -> Article:
    paras = [p for p in text.split("\n\n") if p.strip()]
    return Article(title=paras[0], blocks=tuple(Block("paragraph", p) for p in paras[1:]))


def test_seed_article(samples: Path) -> None:
    article = _article_from_text(
        (samples / "nidaa-post-vershinin-assad.txt").read_text(encoding="utf-8")
    )
    out = normalize(article)
    body = out.text
    assert "مشيراً إلى «النجاحات السياسية» التي" in body
    # One quote style: guillemets only.
    assert not re.search('["“”„]', body)
    assert body.count("«") == body.count("»") == 10
    # Every word unchanged (quotes and the space they needed are the only edits).
    blank = str.maketrans('"“”«»', "     ")
    assert out.text.translate(blank).split() == article.text.translate(blank).split()
    assert out.meta["normalized"]["quotes"] >= 20


def test_step_contract() -> None:
    article = Article(
        title="قال \u200bالرئيس",
        subtitle="x\u00a0y",
        blocks=(
            Block("paragraph", 'إلى"النجاحات"'),
            Block("preformatted", 'code "x"  ,y'),
            Block("paragraph", "نظيف"),
        ),
        meta={"language": "ar", "source": "-"},
    )
    out = normalize(article)
    assert out.title == "قال الرئيس"
    assert out.subtitle == "x y"
    assert out.blocks[0].text == "إلى «النجاحات»"
    # Code keeps its typography.
    assert out.blocks[1].text == 'code "x"  ,y'
    assert out.blocks[2] is article.blocks[2]
    assert out.meta["normalized"] == {"nbsp": 1, "quote_spacing": 1, "quotes": 2, "zero_width": 1}
    assert article.title == "قال \u200bالرئيس"  # never mutated
    # Rerunning changes no text; counts are cumulative so reruns give the same article.
    again = normalize(out)
    assert again.blocks == out.blocks and again.title == out.title
    assert again.meta["normalized"] == out.meta["normalized"]


def test_options_are_picklable_and_validated() -> None:
    options = NormalizeOptions(quotes="curly", digits="ascii")
    assert pickle.loads(pickle.dumps(options)) == options
    with pytest.raises(ValueError, match="quotes"):
        NormalizeOptions(quotes="fancy")


def test_language_from_meta_and_detection() -> None:
    english = Article(blocks=(Block("paragraph", 'The minister said "yes" on Monday.'),))
    assert normalize(english).blocks[0].text == "The minister said “yes” on Monday."
    forced = Article(
        blocks=(Block("paragraph", 'The minister said "yes" on Monday.'),),
        meta={"language": "fr"},
    )
    assert "«\u202fyes\u202f»" in normalize(forced).blocks[0].text


def test_lone_surrogates_are_replaced_and_counted() -> None:
    counts: dict[str, int] = {}
    out = normalize_text("a\ud800b \ud83d\ude00", NormalizeOptions(), "en", counts)
    assert out == "a\ufffdb 😀"
    out.encode("utf-8")  # writable
    assert counts["surrogates"] == 2


def test_long_inputs_finish() -> None:
    # Linear by construction (every pattern starts at a literal or is bounded); these
    # would take minutes with a backtracking pattern.
    line = ("قال  ,  «كذا»  (ثم) " * 60000)[:1_000_000]
    out = normalize_text(line, NormalizeOptions(), "ar")
    assert "  " not in out
    bangs = "!" * 100_000
    assert normalize_text("رائع " + bangs, NormalizeOptions(), "ar").endswith(bangs)
    assert normalize_text("رائع " + bangs, NormalizeOptions(collapse_repeats=True), "ar") == (
        "رائع!"
    )
    spaces = "a" + " " * 200_000 + "،"
    assert normalize_text(spaces, NormalizeOptions(), "ar") == "a،"
    quotes = '"' * 100_001
    assert normalize_text(quotes, NormalizeOptions(), "ar") == quotes


# --- properties --------------------------------------------------------------------------

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def letters(text: str) -> list[str]:
    """Letters-only projection, compared after NFKC of the presentation-form ranges and NFC
    (which change code points, not letters). Tatweel (category Lm) is excluded on purpose:
    removing it is the one default that deletes a character inside words."""
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text)
    return [c for c in text if unicodedata.category(c).startswith("L") and c != "\u0640"]


_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآةى")
    + list(" ,.;:!?؟،؛\"'«»“”‘’()[]-…–—\n")
    + list("\u200b\u200c\u200d\u200e\u200f\u00a0\u00ad\u0640\ufeff\u202b\u202c&")
    + list("abcXYZ0123456789٠١٢ﺍﻟﻌ")
)
_TEXT = st.text(_ALPHABET, max_size=120)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["ar", "en", "fr", "fa", "de"]))
def test_idempotent(text: str, language: str) -> None:
    options = NormalizeOptions()
    once = normalize_text(text, options, language)
    assert normalize_text(once, options, language) == once


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["ar", "en", "fr"]))
def test_no_letter_changes_by_default(text: str, language: str) -> None:
    assert letters(normalize_text(text, NormalizeOptions(), language)) == letters(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_crashes_and_output_is_utf8(text: str) -> None:
    out = normalize_text(text, NormalizeOptions(), "ar")
    out.encode("utf-8")


_WIDE = st.lists(
    st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآةى ,.;:!?؟،؛\"'«»“”‘’„‹›()[]-…–—\n/@")
        + list("abcXYZ0123456789٠١٢ﺍﻟﻌ\u200b\u200c\u200d\u00a0\u202f\u0640&\r\u0085éÃ©§ط")
        + ["http://x.co/a?b", "www.", "`", "ש", "😀", "\u064e", "\u0651"]
    ),
    max_size=60,
).map("".join)
_OPTIONS = st.builds(
    NormalizeOptions,
    quotes=st.sampled_from(["auto", "guillemets", "curly", "straight", "keep"]),
    ellipsis=st.sampled_from(["unicode", "ascii", "keep"]),
    dashes=st.sampled_from(["unicode", "ascii", "keep"]),
    collapse_repeats=st.booleans(),
    keep_tatweel=st.booleans(),
    spacing=st.booleans(),
    arabic_punctuation=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(_WIDE, st.sampled_from(["ar", "en", "fr", "fa", "de", "he", "und"]), _OPTIONS)
def test_idempotent_with_any_options(text: str, language: str, options: NormalizeOptions) -> None:
    # Mojibake, URLs, joiners, C1 controls and every style: one run reaches a fixed point.
    once = normalize_text(text, options, language)
    assert normalize_text(once, options, language) == once


def test_space_before_a_bracket_after_a_straight_quote_goes_in_one_run() -> None:
    # Hypothesis found it on real text: the bracket fix ran before the quote fix, left
    # '"x" )' alone, and the second run removed the space that '«x» )' then showed.
    text = 'تحت شعار "عيدنا في حينا" )وتشمل (16) حياً'
    once = normalize_text(text, NormalizeOptions(), "ar")
    assert once == "تحت شعار «عيدنا في حينا») وتشمل (16) حياً"
    assert normalize_text(once, NormalizeOptions(), "ar") == once


# --- real text (development corpus, skipped when absent) ---------------------------------


def _corpus(shared: Path) -> list[dict[str, str]]:
    path = shared / "corpus" / "saudinewsnet" / "2015-07-22.json"
    if not path.exists():
        pytest.skip("saudinewsnet day not available")
    data: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_real_text_idempotent_and_letters_unchanged(shared: Path) -> None:
    options = NormalizeOptions()
    for article in _corpus(shared)[:400]:
        for text in (article.get("title") or "", article.get("content") or ""):
            once = normalize_text(text, options, "ar")
            assert normalize_text(once, options, "ar") == once
            assert letters(once) == letters(text)


_NOISE = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=400),
        st.sampled_from(list("\"'«»“” ,;?!.:()\u00a0\u200b\u200f\u0640\u00ad…-")),
    ),
    max_size=12,
)


@settings(max_examples=int(os.environ.get("NEWSCLEAN_HYPOTHESIS_EXAMPLES", "100")), deadline=None)
@given(st.integers(min_value=0, max_value=2049), st.integers(min_value=0, max_value=3000), _NOISE)
def test_real_text_with_noise_properties(
    shared: Path, index: int, start: int, noise: list[tuple[int, str]]
) -> None:
    articles = _real_articles(shared)
    text = articles[index % len(articles)]["content"][start : start + 400]
    chars = list(text)
    for pos, ch in noise:
        chars.insert(min(pos, len(chars)), ch)
    text = "".join(chars)
    options = NormalizeOptions()
    once = normalize_text(text, options, "ar")
    assert normalize_text(once, options, "ar") == once
    assert letters(once) == letters(text)


_REAL: list[dict[str, str]] = []


def _real_articles(shared: Path) -> list[dict[str, str]]:
    if not _REAL:
        _REAL.extend(_corpus(shared))
    return _REAL
