"""Articles cross process boundaries (workers -> collection stages) pickled as their fields:
every field must survive, including ones added later."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from newsclean.article import Article, Block, Removal


def _full() -> Article:
    return Article(
        title="عنوان",
        subtitle="sub",
        blocks=(Block("heading", "H", 2, "html.nav"), Block("paragraph", "نص الخبر.")),
        meta={"site": "s.example", "record": 3, "tags": ["a", "b"]},
        extra={"id": 7, "nested": {"x": [1, 2]}},
        removed=(Removal("strip", "learned.s", "tail", None, "title", 0.42),),
    )


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_an_article_round_trips_through_pickle_with_every_field(protocol: int) -> None:
    article = _full()
    back = pickle.loads(pickle.dumps(article, protocol=protocol))
    assert back == article
    assert back.blocks[0].hint == "html.nav" and back.removed[0].share == 0.42


@pytest.mark.parametrize("cls", [Block, Removal, Article])
def test_reduce_names_every_field_in_order(cls: type) -> None:
    # A field added to the dataclass but not to __reduce__ would be lost between processes.
    values = {f.name: f"<{f.name}>" for f in dataclasses.fields(cls)}
    obj = cls(**values)
    _, args = obj.__reduce__()
    assert list(args) == list(values.values())
