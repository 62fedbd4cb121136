"""``learn`` writes scraped names into a TOML file: no name may add or change a rule.

The group name (``meta.site``, a ``source_name`` field, a directory name) once went raw into
a ``# …`` comment, so a newline in it started new TOML: a learned file that erased every
Latin letter of an unrelated article. Every value is now escaped; these names go through
``learn`` and the file is read back.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.article import Article, Block
from newsclean.cli import cli
from newsclean.collection.learn import learn, to_toml, toml_string
from newsclean.steps.boilerplate.schema import parse_rules
from newsclean.steps.strip import StripOptions, strip

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

INJECTION = 'x\nid = "pwn"\nkind = "inline"\npattern = "[a-z]+"\n[[rules]]\n#'
HOSTILE_NAMES = [
    INJECTION,
    'quote " and \\ backslash',
    "]]\n[[rules]]",
    "cr\rlf\r\n# comment",
    "esc\x1b]52;c;aGk=\x07\x1b[2J",
    "bidi \u202eevil\u2066x\u2069",
    "c1 \x85 nel \x9b csi",
    "ls\u2028ps\u2029 bom\ufeff",
    "tab\there",
    "ﻻ عربي «مقتبس»",
]
FOOTER = "This footer repeats on every page of the hostile site"


def _articles(name: str) -> list[Article]:
    return [
        Article(
            blocks=(
                Block("paragraph", f"Article {i} tells a story of its own, not like the others."),
                Block("paragraph", FOOTER),
            ),
            meta={"site": name},
        )
        for i in range(6)
    ]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_site_names_round_trip(name: str) -> None:
    text = to_toml(learn(_articles(name)), 6)
    doc = tomllib.loads(text)  # valid TOML ...
    assert list(doc) == ["language", "rules"]  # ... with nothing at the top level added
    assert len(doc["rules"]) == 1  # ... and no extra rule
    rule = doc["rules"][0]
    assert set(rule) == {"id", "text", "site"}
    assert rule["site"] == name  # the name round-trips exactly
    assert rule["text"] == FOOTER
    assert rule["id"].startswith("learned.")
    # nothing a terminal or a reviewer's editor would act on is written raw
    assert not any(ch in text for ch in "\x1b\x07\x85\x9b\u202e\u2066\u2028\ufeff\r")
    assert len(parse_rules(text, "learned.toml")) == 1


def test_injected_name_cannot_strip_an_unrelated_article() -> None:
    text = to_toml(learn(_articles(INJECTION)), 6)
    path_rules = parse_rules(text, "learned.toml")
    assert [r.id for r in path_rules] == ["learned.x-id-pwn-kind-inline-pattern-a-z-rules.1"]
    other = Article(blocks=(Block("paragraph", "An unrelated article about the weather."),))
    assert [r.kind for r in path_rules] == ["line"]
    assert strip(other).text == other.text


def test_lone_surrogates_are_written_as_replacement_characters() -> None:
    assert toml_string("a\ud800b") == '"a\\ufffdb"'
    text = to_toml(learn(_articles("bad\udcffname")), 6)
    assert tomllib.loads(text)["rules"][0]["site"] == "bad\ufffdname"


def test_cli_learn_with_hostile_sites_and_directory_names(tmp_path: Path) -> None:
    records = tmp_path / "c.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for name in HOSTILE_NAMES:
            for a in _articles(name):
                rec = {"site": name, "title": "t", "content": a.text}
                out.write(json.dumps(rec) + "\n")
    rules = tmp_path / "rules.toml"
    result = CliRunner().invoke(cli, ["learn", str(records), "-o", str(rules)])
    assert result.exit_code == 0, result.stderr
    doc = tomllib.loads(rules.read_text("utf-8"))
    assert sorted(r["site"] for r in doc["rules"]) == sorted(HOSTILE_NAMES)
    assert all(set(r) == {"id", "text", "site"} for r in doc["rules"])
    # the learned file, used as it is meant to be, strips nothing of an unrelated article
    other = Article(blocks=(Block("paragraph", "An unrelated article about the weather."),))
    assert strip(other, StripOptions(rules_files=(str(rules),))).text == other.text

    # grouped by directory: the directory name goes into a comment, escaped
    tree = tmp_path / "tree"
    folder = tree / 'd\nid = "pwn"\n[[rules]]\n#\x1b[2J'
    folder.mkdir(parents=True)
    for i, a in enumerate(_articles("")):
        (folder / f"{i}.txt").write_text("Title\n\n" + a.text + "\n", encoding="utf-8")
    out = tmp_path / "dir.toml"
    result = CliRunner().invoke(cli, ["learn", "--group-by", "dir", str(tree), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text("utf-8")
    doc = tomllib.loads(text)
    assert len(doc["rules"]) == 1 and set(doc["rules"][0]) == {"id", "text"}
    assert "\x1b" not in text and os.fsdecode(folder) not in text
    assert "\x1b" not in result.stderr


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s))
def test_any_site_name_round_trips(name: str) -> None:
    text = to_toml(learn(_articles(name)), 6)
    doc = tomllib.loads(text)
    assert [r["site"] for r in doc["rules"]] == [name]
    assert all(set(r) == {"id", "text", "site"} for r in doc["rules"])
