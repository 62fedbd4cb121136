"""The rule pre-check (boilerplate.prefixes): a rule's derived prefix regex accepts every text
the rule matches, so indexing rules by it never changes which rule a line or sentence meets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.steps.boilerplate.analysis import prefix_rx
from newsclean.steps.boilerplate.dispatch import _LONG_KEY, Dispatch
from newsclean.steps.boilerplate.fold import expand, fold
from newsclean.steps.boilerplate.prefixes import prefix_source, sre_parse
from newsclean.steps.boilerplate.rules import LANGUAGE_RULES, load_ruleset, matcher_for
from newsclean.steps.boilerplate.schema import builtin_rules

# constructs the derivation must follow (or give up on) without ever rejecting a match
TRICKY = [
    "read more",
    "(?:read|see) more",
    "(?:the )?(?:views|opinions) expressed",
    r"(?-i:[^a])bc",
    r"(?-i:Advert|Story)",
    r"(?i:ab)(?-i:C)d",
    r"[^\n]{0,5}\bab",
    r"(?<=[.!]\s)(?-i:Ad)",
    r"\d+ min read",
    r"a?b?c?d?e",
    r"(?:a|)bc",
    r"x*ab",
    r"[(\[]?(?:photo|image)\s*:",
    r"\s*[:：\-–—|»]\s*x",
    r"(?:ab)+c",
    r".b",
    r"(a)\1",
    r"\W?ab",
    r"[a-c]{2}d",
    r"^ab|cd$",
    r"ask|sk",
    expand("اقرأ أيضاً"),
    expand("{PLATFORM} ab"),
]
ALPHABET = "abcdeksABCDEKS xX.!:\n\t1ااأإ قرأيض\u00a0\u017f\u212a-"


@pytest.mark.parametrize("k", [1, 3, 4, 6])
@pytest.mark.parametrize("pattern", TRICKY)
def test_prefix_source_compiles_and_reads_at_most_k(pattern: str, k: int) -> None:
    source = prefix_source(sre_parse.parse(pattern, re.IGNORECASE), k)
    if source:
        rx = re.compile(source, re.IGNORECASE)
        # fixed width at most k: it never needs more than the key it is tried on
        assert rx.groups == 0
        assert all(len(m.group(0)) <= k for m in rx.finditer("readmore views" * 3))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(TRICKY), st.text(ALPHABET, max_size=14), st.sampled_from([1, 2, 4, 5]))
def test_every_match_passes_its_prefix(pattern: str, text: str, k: int) -> None:
    rx = re.compile(pattern, re.IGNORECASE)
    source = prefix_source(sre_parse.parse(pattern, re.IGNORECASE), k)
    pre = re.compile(source, re.IGNORECASE)
    for pos in range(len(text) + 1):
        if rx.match(text, pos) is not None:
            assert pre.match(text[pos : pos + k]) is not None, (pattern, text, pos)


def test_prefix_rejects_what_cannot_start_a_match() -> None:
    source = prefix_source(sre_parse.parse(expand("اقرأ أيضاً"), re.IGNORECASE), 4)
    pre = re.compile(source, re.IGNORECASE)
    assert pre.match("اقرا") and pre.match("إقرأ")
    assert pre.match("الم") is None and pre.match("وقال") is None
    # a case-sensitive part stays case-sensitive, a negated one stays a superset
    src = prefix_source(sre_parse.parse(r"(?-i:[^a])(?-i:B)", re.IGNORECASE), 2)
    pre = re.compile(src, re.IGNORECASE)
    assert pre.match("AB") and pre.match("xB") and pre.match("ab") is None
    assert pre.match("xb") is None


def _lines() -> list[str]:
    # lines of the built-in rules' own vocabulary, some boilerplate, some prose
    texts = [
        "اقرأ أيضا: الوزير يلتقي نظيره",
        "أحدث المواد",
        "المقالات المنشورة في الموقع تعبّر عن آراء كتابها",
        "جميع الحقوق محفوظة",
        "شارك هذا الخبر على فيسبوك",
        "تابعونا على تويتر",
        "قال الوزير إن الاجتماع كان مثمرا",
        "Read more: talks resume",
        "Related Articles",
        "Advertisement",
        "Sign up for our newsletter",
        "Share this article",
        "Follow us on Twitter",
        "By John Smith",
        "The minister said talks would resume",
        "Lire aussi : le ministre",
        "Partager sur Facebook",
        "بیشتر بخوانید",
        "ما را در تلگرام دنبال کنید",
        "مزید پڑھیں",
        "© 2020 Example",
        "Tags",
        "More",
        "",
        "x",
    ]
    return [fold(t) for t in texts] + [t.upper() for t in texts] + [t[:3] for t in texts]


def test_dispatch_picks_the_same_rule_as_trying_each_in_turn() -> None:
    ruleset = load_ruleset()
    for language in [*LANGUAGE_RULES, ""]:
        matcher = matcher_for(ruleset, "", language)
        tables = [*matcher.line.values(), matcher.sentence, matcher.tail_any, matcher.inline]
        for table in tables:
            for text in _lines():
                for pos in range(min(len(text), 6) + 1):
                    first = (
                        table.table.get(text[pos], table.default)
                        if pos < len(text)
                        else table.default
                    )
                    matches = [
                        (table.rules[i], m.end())
                        for i in first
                        if (m := table.compiled(i).match(text, pos)) is not None
                    ]
                    assert table.matches(text, pos) == matches
                whole = [table.rules[i] for i in first_of(table, text) if full(table, i, text)]
                assert table.fullmatch(text) == (whole[0] if whole else None)


def first_of(table: Dispatch, text: str) -> tuple[int, ...]:
    return table.table.get(text[0], table.default) if text else table.default


def full(table: Dispatch, i: int, text: str) -> bool:
    return table.compiled(i).fullmatch(text) is not None


def test_every_builtin_rule_has_a_prefix_check_or_none() -> None:
    # each built-in pattern derives a valid regex (or none); most Arabic rules get one,
    # which is what keeps lines starting with "ال" from meeting every "ال..." rule
    derived = 0
    for rule in builtin_rules():
        if not rule.pattern:
            continue
        source = prefix_source(sre_parse.parse(rule.pattern, re.IGNORECASE), 4)
        if source:
            re.compile(source, re.IGNORECASE)
            derived += 1
    assert derived >= 100


def test_fitting_keeps_every_place_where_a_rule_matches() -> None:
    ruleset = load_ruleset()
    for language in ("ar", "en", "fr", ""):
        table = matcher_for(ruleset, "", language).sentence
        for text in _lines():
            places = list(range(len(text)))
            kept = set(table.fitting(text, places)) if places else set()
            for p in places:
                if any(table.compiled(i).match(text, p) for i in range(len(table.rules))):
                    assert p in kept, (language, text, p)
    # "The " fits a few English rules on four characters, not on eight
    table = matcher_for(ruleset, "", "en").sentence
    assert table.fitting("The minister said", [0]) == []
    assert table.fitting("The views expressed here are mine", [0]) == [0]


def _fits_at(table: Dispatch, i: int, text: str, p: int) -> bool:
    rx = prefix_rx(table.rules[i].pattern, _LONG_KEY)
    return rx is None or rx.match(text, p) is not None


_PIECES = st.sampled_from(_lines()) | st.text(ALPHABET, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["ar", "en", "fr", "fa", ""]), st.lists(_PIECES, max_size=4))
def test_fitting_remembers_the_verdict_of_trying_each_rule(
    language: str, pieces: list[str]
) -> None:
    # the verdict kept per place's first _LONG_KEY characters is the one trying each candidate
    # rule's prefix on the text there gives, the first time and when remembered
    table = matcher_for(load_ruleset(), "", language).sentence
    text = " ".join(pieces)
    places = list(range(len(text)))
    slow = [
        p for p in places if any(_fits_at(table, i, text, p) for i in table.candidates(text, p))
    ]
    assert table.fitting(text, places) == slow
    assert table.fitting(text, places) == slow
