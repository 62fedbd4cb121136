"""``learn``: repeated lines of a site become rules that strip that boilerplate and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.article import Article, Block
from newsclean.cli import cli
from newsclean.collection.learn import Learner, LearnOptions, learn, to_toml
from newsclean.read import read_path
from newsclean.steps.boilerplate.schema import parse_rules
from newsclean.steps.strip import StripOptions, strip

FOOTER = "جميع المواد المنشورة على موقع {site} محمية بموجب اتفاقية الاستخدام"
APP = "حمّل تطبيق {site} على هاتفك"


def _article(site: str, i: int, extra: tuple[str, ...] = ()) -> Article:
    body = (
        f"الخبر رقم {i} من موقع {site} يتناول حدثا مختلفا عن غيره تماما.",
        f"وقال المسؤول في تصريح رقم {i} إن العمل مستمر.",
    )
    return Article(
        blocks=tuple(Block("paragraph", t) for t in (*body, *extra)),
        meta={"site": site, "source": f"{site}/{i}.txt"},
    )


def _collection() -> list[Article]:
    arts = []
    for site in ("first.example", "second.example"):
        for i in range(20):
            extra = (FOOTER.format(site=site),) if i % 4 else ()  # 75% carry the footer
            arts.append(_article(site, i, (*extra, APP.format(site=site))))
    return arts


def test_learns_each_sites_footer_scoped_to_the_site() -> None:
    learned = learn(_collection())
    got = {(x.site, x.text, x.articles, x.total) for x in learned}
    assert got == {
        ("first.example", FOOTER.format(site="first.example"), 15, 20),
        ("first.example", APP.format(site="first.example"), 20, 20),
        ("second.example", FOOTER.format(site="second.example"), 15, 20),
        ("second.example", APP.format(site="second.example"), 20, 20),
    }


def test_thresholds() -> None:
    assert {x.text for x in learn(_collection(), LearnOptions(min_share=0.9))} == {
        APP.format(site=s) for s in ("first.example", "second.example")
    }
    assert learn(_collection(), LearnOptions(min_articles=21)) == []


def test_duplicate_articles_count_once() -> None:
    same = [_article("dup.example", 1, ("سطر مشترك بين النسخ",))] * 10
    assert learn(same) == []


def test_learned_rules_round_trip_and_strip_only_the_footer() -> None:
    arts = _collection()
    text = to_toml(learn(arts), len(arts))
    rules = parse_rules(text, "learned.toml")
    assert {r.site for r in rules} == {"first.example", "second.example"}
    assert all(r.id.startswith("learned.") for r in rules)


def test_learned_tail_label() -> None:
    arts = [
        _article("agg.example", i, (f"رابط الخبر بصحيفة المثال: عنوان مختلف رقم {i}",))
        for i in range(12)
    ]
    learned = learn(arts)
    assert [(x.kind, x.text) for x in learned] == [("tail", "رابط الخبر بصحيفة المثال")]


def test_bounded_memory_prunes_singletons() -> None:
    learner = Learner(LearnOptions(window=10))
    for i in range(30):
        learner.add(_article("big.example", i, ("تذييل ثابت للموقع كله",)))
    group = next(iter(learner.groups.values()))
    assert all(n > 1 for n in group.lines.values())
    assert [x.text for x in learner.result()] == ["تذييل ثابت للموقع كله"]


def test_group_by_host_and_dir() -> None:
    a = Article(blocks=(Block("paragraph", "x"),), meta={"url": "https://www.example.com/a"})
    b = Article(blocks=(Block("paragraph", "x"),), meta={"source": "data/site/a.txt"})
    from newsclean.collection.learn import group_of

    assert group_of(a) == ("example.com", "example.com")
    assert group_of(b) == ("data/site", "")


def test_saudinewsnet_with_synthetic_footers(shared: Path, tmp_path: Path) -> None:
    # every third article: all ten papers, a third of the time
    arts = list(read_path(shared / "corpus" / "saudinewsnet" / "2015-07-22.json"))[::3]
    sites = sorted({str(a.meta["site"]) for a in arts})
    footer = {s: f"هذا المحتوى من إنتاج فريق تحرير {s} للنشر الرقمي" for s in sites}
    app = {s: f"لمتابعة أخبار {s} أولا بأول حمّلوا التطبيق" for s in sites}

    def with_footer(a: Article) -> Article:
        s = str(a.meta["site"])
        return a.replace(
            blocks=(*a.blocks, Block("paragraph", footer[s]), Block("paragraph", app[s]))
        )

    synthetic = [with_footer(a) for a in arts]
    learned = learn(synthetic)
    assert {(x.site, x.text) for x in learned if x.kind == "line"} == {
        *((s, footer[s]) for s in sites),
        *((s, app[s]) for s in sites),
    }
    path = tmp_path / "site-rules.toml"
    path.write_text(to_toml(learned, len(synthetic)), encoding="utf-8")
    opts = StripOptions(rules_files=(str(path),))
    for a, original in zip(synthetic, arts, strict=True):
        out = strip(a, opts)
        # the footers go (learned or built-in rule), and everything else exactly as without them
        assert out.blocks == strip(original).blocks
        assert footer[str(a.meta["site"])] in {r.text for r in out.removed}
    # collapsed text: the learned lines go too, even run together without full stops
    for a, original in list(zip(synthetic, arts, strict=True))[:60]:
        flat = a.replace(blocks=(Block("paragraph", " ".join(a.text.split())),))
        text = strip(flat, opts).text
        site = str(a.meta["site"])
        assert footer[site] not in text and app[site] not in text
        assert text.startswith(" ".join(original.text.split())[:100])


# --------------------------------------------------------------------------- CLI


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for a in _collection():
            rec = {
                "site": a.meta["site"],
                "title": "t",
                "content": "\n".join(b.text for b in a.blocks),
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def test_cli_learn_then_strip(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    rules = tmp_path / "rules.toml"
    result = runner.invoke(cli, ["learn", str(corpus), "-o", str(rules)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "first.example: 20 articles, 2 rules" in result.stderr
    assert "learned.first-example.1" in rules.read_text("utf-8")
    result = runner.invoke(
        cli, ["strip", "--rules", str(rules), "--explain", "--to", "jsonl", str(corpus)]
    )
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 40
    assert all(FOOTER.format(site=r["meta"]["site"]) not in r["text"] for r in records)
    assert all("الخبر رقم" in r["text"] for r in records)
    assert "learned.first-example." in result.stderr


def test_cli_learn_to_stdout_and_missing_input(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["learn", "-q", str(corpus), str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "[[rules]]" in result.stdout
    assert result.stderr.count("\n") == 1 and "nope.json" in result.stderr
