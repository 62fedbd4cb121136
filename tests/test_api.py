"""The library API the CLI drives: read(), clean(), write() without click."""

from __future__ import annotations

import doctest
import pickle
from pathlib import Path

import pytest

import newsclean
from newsclean import lang
from newsclean.pipeline import CleanOptions


def test_doctests() -> None:
    for module in (newsclean, lang):
        assert doctest.testmod(module).failed == 0


def test_clean_text_of_the_seed_article(samples: Path) -> None:
    text = (samples / "nidaa-post-vershinin-assad.txt").read_text(encoding="utf-8")
    article = newsclean.clean(text)
    assert article.title.startswith("نائب وزير الخارجية الروسي")
    assert article.blocks[0].text.startswith("وصل نائب وزير الخارجية")
    assert "إلى «النجاحات السياسية»" in article.text
    assert "أحدث المواد" not in article.text
    rules = {r.rule for r in article.removed}
    assert {"headline-repeat", "tail.latest", "ar.disclaimer"} <= rules


def test_clean_an_article_and_switch_steps_off(samples: Path) -> None:
    (article,) = newsclean.read(samples / "nidaa-post-vershinin-assad.txt")
    untouched = newsclean.clean(article, CleanOptions(strip=None, dedup=None, normalize=None))
    assert untouched == article
    only_strip = newsclean.clean(article, CleanOptions(dedup=None, normalize=None))
    assert {r.step for r in only_strip.removed} == {"strip"}
    assert 'إلى"النجاحات' in only_strip.text  # normalize was off: text as it arrived


def test_clean_refuses_text_holding_many_records() -> None:
    with pytest.raises(ValueError, match="expected one article, got 2"):
        newsclean.clean('[{"title": "a", "text": "x"}, {"title": "b", "text": "y"}]')


def test_options_and_pipeline_pickle() -> None:
    # Workers and Dask ship the function and its options to other processes.
    options = CleanOptions()
    assert pickle.loads(pickle.dumps(options)) == options
    assert pickle.loads(pickle.dumps(newsclean.pipeline.clean)) is newsclean.pipeline.clean


def test_write_round_trips_through_json(samples: Path) -> None:
    (article,) = newsclean.read(samples / "nidaa-post-vershinin-assad.txt")
    cleaned = newsclean.clean(article)
    (again,) = newsclean.read(newsclean.write(cleaned, "json"))
    assert again.blocks == cleaned.blocks
    assert again.removed == cleaned.removed
