"""Format detection: extension first, content confirms, --from overrides."""

from __future__ import annotations

import pytest

from newsclean.read.sniff import from_content, resolve


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ('{"a": 1}\n{"a": 2}\n', "jsonl"),
        ('{\n  "a": 1\n}\n', "json"),
        ("[{}]", "json"),
        ("<!DOCTYPE html><html>", "html"),
        ("  <p>fragment</p>", "html"),
        ("Title\n\nBody <b>not html</b> at start", "txt"),
    ],
)
def test_content(head: str, fmt: str) -> None:
    assert from_content(head) == fmt


def test_extension_confirmed_or_corrected() -> None:
    assert resolve("a.txt", "<!doctype html><p>x</p>") == "html"
    assert resolve("a.html", "plain words only") == "txt"
    assert resolve("a.json", '{"a":1}\n{"a":2}\n') == "jsonl"
    assert resolve("a.jsonl", '{"a": "cut off mid li') == "jsonl"
    assert resolve("a.csv", "x,y\n1,2\n") == "csv"
    assert resolve("a.csv.gz", "x,y\n") == "csv"
    assert resolve(None, "x,y\n1,2\n") == "txt"
    assert resolve("a.txt", "<p>x</p>", override="txt") == "txt"
