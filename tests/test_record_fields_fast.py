"""``record_to_article`` without ``--field`` picks each target's field by looking the
record's keys up (issue 18: per-record cost); the choice must be the one the loop over every
target's names makes (first usable name in each target's order), byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.read.records import FIELD_NAMES, FieldMap, record_to_article

NAMES = sorted({n for names in FIELD_NAMES.values() for n in names} | {"other", "id", "x"})
VALUES = st.sampled_from(
    [None, "", [], "  Some text  ", "نص عربي", 7, 1.5, {"id": 1, "name": "n"}, ["a", "", "b"]]
)
#: An override for no target: FieldMap then takes the loop over every target's names.
THE_LOOP = FieldMap((("no-such-target", "x"),))


def _json(record: dict[str, Any]) -> str:
    meta = {"source": "in.jsonl", "format": "jsonl", "record": 3}
    article = record_to_article(record, meta, FieldMap())
    return json.dumps(article.to_dict(), ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=12))
def test_lookup_by_key_chooses_as_the_loop_does(record: dict[str, Any]) -> None:
    meta = {"source": "in.jsonl", "format": "jsonl", "record": 3}
    fast = record_to_article(record, meta, FieldMap())
    loop = record_to_article(record, meta, THE_LOOP)
    assert json.dumps(fast.to_dict(), ensure_ascii=False) == json.dumps(
        loop.to_dict(), ensure_ascii=False
    )


def test_the_first_usable_name_of_a_target_wins_whatever_the_key_order() -> None:
    record = {"content": "Second choice.", "source": {"id": 1}, "text": "", "body": "Third."}
    record |= {"sitename": "Site", "headline": "H", "title": "T"}
    out = json.loads(_json(record))
    assert out["text"] == "Second choice." and out["title"] == "T"
    assert out["meta"]["site"] == "Site"  # "source" is no string: carried, not guessed
    # the fields not used are carried (at the top level, in the record's order)
    assert list(out)[:3] == ["source", "body", "headline"] and out["source"] == {"id": 1}
