"""Site templates learned during a run (collection/templates.py, collection/profile.py) and
the structure every site shares (strip: own-tag lines, date runs, "more" labels)."""

from __future__ import annotations

import json
import random
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsclean.article import Article, Block, Removal
from newsclean.cli import cli
from newsclean.collection import profile as profile_file
from newsclean.collection.templates import (
    SiteCounts,
    SiteTemplates,
    TemplateOptions,
    group_of,
)
from newsclean.steps.strip import strip

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RNG = random.Random(15)
VOCAB = ["".join(_RNG.choice(_LETTERS) for _ in range(_RNG.randint(3, 7))) for _ in range(2000)]

ABOUT = (
    "موقع الأفق الإخباري منصة مستقلة تقدم لقرائها الخبر الموثوق والتحليل المعمق في السياسة "
    "والاقتصاد والرياضة منذ سنوات طويلة."
)
BLURB = "تغطية مستمرة على مدار الساعة لأهم الأخبار المحلية والعالمية من الأفق"
COPY = "جميع الحقوق محفوظة لموقع الأفق © 2024"
VERDICT = "يتداول مستخدمون على مواقع التواصل الاجتماعي ادعاء مفاده أن"
BACKGROUND = (
    "وتعمل منصة تحقق على رصد الأخبار المضللة والتحقق منها بالاعتماد على مصادر مفتوحة "
    "ورسمية ضمن مبادرة مستقلة لتعزيز الوعي الإعلامي."
)


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n)) + "."


def paragraphs(rng: random.Random, k: int = 3) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(3)) for _ in range(k)]


def times(rng: random.Random) -> list[str]:
    return [
        f"اليوم {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        if rng.random() < 0.5
        else f"{rng.randint(1, 31)} اب"
        for _ in range(rng.randint(2, 5))
    ]


def site_articles(
    n: int, collapsed: bool = False, seed: int = 1, host: str = "ofuq.example"
) -> tuple[list[Article], list[str]]:
    """``n`` articles of a site whose every page ends with the same template."""
    rng = random.Random(seed)
    arts, golds = [], []
    for i in range(n):
        body = paragraphs(rng)
        tags = [rng.choice(VOCAB) for _ in range(3)]
        tail = [*tags, BLURB, *times(rng), "تصفح المزيد", ABOUT, COPY]
        text = "\n".join(body + tail)
        if collapsed:
            text = " ".join(text.split())
        meta = {"source": "in.jsonl", "record": i, "url": f"https://www.{host}/n/{i}", "tags": tags}
        arts.append(Article(title=f"t{i}", blocks=(Block("paragraph", text),), meta=meta))
        golds.append("\n".join(body))
    return arts, golds


def words(text: str) -> list[str]:
    return text.split()


def run(arts: list[Article], **kw: object) -> list[Article]:
    return list(SiteTemplates(TemplateOptions(**kw))(arts))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- learning


@pytest.mark.parametrize("collapsed", [False, True], ids=["lines", "collapsed"])
def test_a_sites_template_tail_is_learned_and_removed(collapsed: bool) -> None:
    arts, golds = site_articles(60, collapsed)
    out = run([strip(a) for a in arts])
    for a, gold in zip(out, golds, strict=True):
        assert words(a.text) == words(gold)
    learned = [r for r in out[0].removed if r.rule.startswith("learned.")]
    assert learned and learned[0].rule == "learned.ofuq.example"
    assert learned[0].share is not None and 0.3 <= learned[0].share <= 1.0
    assert ABOUT.split()[3] in learned[0].text


def test_a_template_glued_to_the_last_sentence_is_cut_at_a_word_boundary() -> None:
    arts, golds = site_articles(50, collapsed=True)
    # the last sentence lost its full stop: the template runs straight into it
    glued = []
    for a, gold in zip(arts, golds, strict=True):
        text = a.blocks[0].text
        at = len(" ".join(gold.split()))  # just after the article's last full stop
        assert text[at - 1] == "."
        glued.append(a.replace(blocks=(Block("paragraph", text[: at - 1] + text[at:]),)))
    out = run(glued)
    for a, gold in zip(out, golds, strict=True):
        kept = words(a.text)
        # every word of the article stays (its last one without the lost stop); the record's
        # tags right after it are kept too (they might be its last words), the rest goes
        assert kept[: len(words(gold))] == [*words(gold)[:-1], words(gold)[-1].rstrip(".")]
        assert kept[len(words(gold)) :] == a.meta["tags"]


def test_the_output_does_not_depend_on_how_articles_are_batched() -> None:
    arts, _ = site_articles(45, seed=3)
    other, _ = site_articles(30, seed=4, host="other.example")
    mixed = [x for pair in zip(arts, other, strict=False) for x in pair] + arts[30:]
    first = [a.text for a in run(mixed)]
    # a tiny waiting room forces early decisions: still deterministic, run after run
    assert [a.text for a in run(mixed)] == first
    assert [a.text for a in run(mixed, max_pending=5)] == [
        a.text for a in run(mixed, max_pending=5)
    ]
    # and articles come out in input order
    assert [a.meta["url"] for a in run(mixed)] == [a.meta["url"] for a in mixed]


def test_too_few_articles_of_a_site_learn_nothing() -> None:
    arts, _ = site_articles(TemplateOptions().min_articles - 1)
    out = run(arts)
    assert all(not a.removed for a in out)
    assert [a.text for a in out] == [a.text for a in arts]


def test_clean_articles_of_one_site_lose_nothing() -> None:
    rng = random.Random(7)
    arts = [
        Article(
            blocks=tuple(Block("paragraph", p) for p in paragraphs(rng)),
            meta={"url": f"https://clean.example/{i}"},
        )
        for i in range(200)
    ]
    out = run(arts)
    assert [a.text for a in out] == [a.text for a in arts]


def test_a_fact_checkers_standard_opening_and_background_paragraph_are_kept() -> None:
    rng = random.Random(9)
    arts = []
    for i in range(120):
        body = paragraphs(rng, 4)
        body[0] = f"{VERDICT} {body[0]}"  # the standard opening runs on with the specifics
        body.insert(2, BACKGROUND)  # the same paragraph in the middle of every body
        for form in ("\n", " "):
            text = form.join(body)
            meta = {"url": f"https://check.example/{i}"}
            arts.append(Article(blocks=(Block("paragraph", text),), meta=meta))
    out = run(arts)
    assert [a.text for a in out] == [a.text for a in arts]


def test_a_head_template_is_removed_up_to_its_line_end_only() -> None:
    rng = random.Random(11)
    arts, golds = [], []
    for i in range(50):
        body = paragraphs(rng)
        head = ["الأفق الإخباري - صحيفة إلكترونية يومية شاملة", f"نشر في {i % 28 + 1} اب 2024"]
        arts.append(
            Article(
                blocks=(Block("paragraph", "\n".join(head + body)),),
                meta={"url": f"https://ofuq.example/{i}"},
            )
        )
        golds.append("\n".join(body))
    out = run(arts)
    for a, gold in zip(out, golds, strict=True):
        assert words(a.text) == words(gold)
    assert out[0].removed[0].rule == "learned.ofuq.example"


@pytest.mark.parametrize(
    "banner", ["أخبار الأفق | صحيفة إلكترونية يومية", "الرئيسية » أخبار محلية » المناطق"]
)
def test_a_banner_run_into_the_first_sentence_is_cut_where_the_learned_words_end(
    banner: str,
) -> None:
    # collapsed text: the banner and the article's first sentence are one "sentence"
    rng = random.Random(12)
    arts, golds = [], []
    for i in range(60):
        body = " ".join(paragraphs(rng))
        meta = {"url": f"https://ofuq.example/{i}"}
        arts.append(Article(blocks=(Block("paragraph", f"{banner} {body}"),), meta=meta))
        golds.append(body)
    out = run(arts)
    assert [a.text for a in out] == golds
    assert out[0].removed[0].text == banner


def test_a_standard_opening_without_a_divider_stays_whole() -> None:
    # no divider in the repeated words: the opening runs on into the specifics and stays
    rng = random.Random(13)
    arts = []
    for i in range(60):
        body = " ".join(paragraphs(rng))
        text = f"{VERDICT} {body}"
        arts.append(
            Article(blocks=(Block("paragraph", text),), meta={"url": f"https://c.example/{i}"})
        )
    out = run(arts)
    assert [a.text for a in out] == [a.text for a in arts]


def test_duplicate_articles_count_once() -> None:
    rng = random.Random(5)
    text = "\n".join(paragraphs(rng))
    arts = [Article(blocks=(Block("paragraph", text),), meta={"site": "s"}) for _ in range(30)]
    assert [a.text for a in run(arts)] == [text] * 30


def test_grouping_site_then_host_then_directory() -> None:
    assert group_of(Article(meta={"site": "X", "url": "https://www.a.example/1"})) == "X"
    assert group_of(Article(meta={"url": "https://www.a.example/1"})) == "a.example"
    assert group_of(Article(meta={"source": "in/d/f.txt"})) == "in/d"


def test_on_a_pipe_each_article_comes_out_before_the_next_is_read() -> None:
    arts, _ = site_articles(50)
    pulled = 0

    def source() -> Iterator[Article]:
        nonlocal pulled
        for a in arts:
            pulled += 1
            yield a

    stage = SiteTemplates(hold=False)
    for n, _a in enumerate(stage(source()), 1):
        assert pulled == n
    # once the site is decided, later articles lose their template
    assert arts[-1].text != _a.text


def test_a_long_article_is_handled_in_linear_time() -> None:
    rng = random.Random(2)
    big = " ".join(rng.choice(VOCAB) for _ in range(300_000)) + " " + "٠" * 50_000
    arts = [Article(blocks=(Block("paragraph", big),), meta={"site": "s"})] * 2
    arts += site_articles(20, host="s")[0]
    start = time.perf_counter()
    run(arts)
    assert time.perf_counter() - start < 5  # a hang guard, not a timing


# --------------------------------------------------------------------------- the profile


def test_profile_round_trip_and_damage(tmp_path: Path) -> None:
    prof = {
        "a.example": SiteCounts(12, {1: 5, 2: 3}, {3: 12}, {7: None, 2**64 - 1: None}),
        "ب": SiteCounts(3, {}, {9: 2}),
    }
    path = tmp_path / "p.prof"
    profile_file.save(prof, path)
    back = profile_file.load(path)
    assert back == prof
    assert profile_file.load(tmp_path / "missing") == {}
    data = bytearray(path.read_bytes())
    data[20] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(profile_file.ProfileFormatError, match="checksum"):
        profile_file.load(path)
    path.write_bytes(bytes(data[:-5]))
    with pytest.raises(profile_file.ProfileFormatError):
        profile_file.load(path)
    path.write_bytes(b"not a profile at all, really")
    with pytest.raises(profile_file.ProfileFormatError, match="magic"):
        profile_file.load(path)


def test_a_daily_run_with_few_articles_benefits_from_earlier_runs() -> None:
    arts, golds = site_articles(36, seed=21)
    profile: dict[str, SiteCounts] = {}
    for day in range(6):  # six days of six articles: too few for a run of its own
        batch = arts[day * 6 : day * 6 + 6]
        out = list(SiteTemplates(profile=profile)(batch))
    assert [words(a.text) for a in out] == [words(g) for g in golds[30:]]
    alone = list(SiteTemplates()(arts[30:]))
    assert [a.text for a in alone] == [a.text for a in arts[30:]]


# --------------------------------------------------------------------------- strip structure


def test_strip_removes_own_tag_lines_date_runs_and_more_labels_at_the_end() -> None:
    text = (
        "قال الوزير إن الاجتماع كان مثمرا.\nالسعودية\nوزارة الصحة\nاليوم 06:42\n20 اب\nتصفح المزيد"
    )
    a = Article(blocks=(Block("paragraph", text),), meta={"tags": ["السعودية", "وزارة الصحة"]})
    out = strip(a)
    assert out.text == "قال الوزير إن الاجتماع كان مثمرا."
    assert [r.rule for r in out.removed] == [
        "record.tags",
        "structure.timestamp",
        "tail.more-label",
    ]


def test_strip_keeps_a_tag_word_line_and_dates_inside_the_article() -> None:
    text = (
        "السعودية\nقال الوزير إن الاجتماع كان مثمرا.\nوأضاف أن المحادثات ستستمر.\n"
        "السعودية\n20 اب\nوأشار إلى أن الجولة المقبلة ستعقد في الرياض.\nوختم بالشكر.\n"
        "ثم غادر القاعة.\nوانتهى اللقاء."
    )
    a = Article(blocks=(Block("paragraph", text),), meta={"tags": ["السعودية"]})
    assert strip(a).text == text


@pytest.mark.parametrize("label", ["Load more", "Show more", "Voir plus", "Mehr anzeigen"])
def test_more_labels_end_pages_in_many_languages(label: str) -> None:
    text = f"The minister said the talks went well.\n{label}"
    out = strip(Article(blocks=(Block("paragraph", text),)))
    assert out.text == "The minister said the talks went well."
    assert out.removed[-1].rule == "tail.more-label"


def test_removal_share_round_trips_through_json() -> None:
    r = Removal("strip", "learned.x", "t", share=0.8125)
    assert r.to_dict()["share"] == 0.812
    assert Removal.from_dict(r.to_dict()).share == 0.812
    assert "share" not in Removal("strip", "x", "t").to_dict()


# --------------------------------------------------------------------------- the CLI


def _write_site(path: Path, n: int, collapsed: bool = False) -> list[str]:
    arts, golds = site_articles(n, collapsed)
    with path.open("w", encoding="utf-8") as fh:
        for a in arts:
            rec = {"url": a.meta["url"], "keywords": a.meta["tags"], "full_text": a.text}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return golds


def test_cli_strip_learns_by_default_and_explains(tmp_path: Path) -> None:
    src = tmp_path / "site.jsonl"
    golds = _write_site(src, 45, collapsed=True)
    result = CliRunner().invoke(cli, ["strip", "--explain", "--to", "jsonl", str(src)])
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert [words(t) for t in texts] == [words(g) for g in golds]
    assert "learned.ofuq.example [seen in" in result.stderr
    off = CliRunner().invoke(cli, ["strip", "--no-learn", "--to", "jsonl", str(src)])
    assert "learned." not in off.stdout and ABOUT.split()[2] in off.stdout


def test_cli_output_does_not_depend_on_jobs(tmp_path: Path) -> None:
    src = tmp_path / "site.jsonl"
    _write_site(src, 45)
    outs = [
        CliRunner().invoke(cli, ["clean", "-j", j, "--to", "jsonl", str(src)]).stdout
        for j in ("1", "2")
    ]
    assert outs[0] == outs[1] and "learned.ofuq.example" in outs[0]


def test_cli_profile_is_saved_and_a_damaged_one_refused(tmp_path: Path) -> None:
    src = tmp_path / "site.jsonl"
    _write_site(src, 20)
    prof = tmp_path / "sites.prof"
    args = ["strip", "--profile", str(prof), "--to", "jsonl", str(src)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert profile_file.load(prof)["ofuq.example"].articles == 20
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert profile_file.load(prof)["ofuq.example"].articles == 20  # the same articles again
    prof.write_bytes(b"garbage")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "left untouched" in result.stderr
    assert prof.read_bytes() == b"garbage"
    bad = CliRunner().invoke(cli, ["strip", "--no-learn", "--profile", str(prof), str(src)])
    assert bad.exit_code == 2


def test_cli_learn_shows_the_template_and_saves_the_profile_a_run_uses(tmp_path: Path) -> None:
    src = tmp_path / "site.jsonl"
    _write_site(src, 40, collapsed=True)
    prof = tmp_path / "sites.prof"
    result = CliRunner().invoke(cli, ["learn", "-q", "--profile", str(prof), str(src)])
    assert result.exit_code == 0, result.output
    section = result.stdout[result.stdout.index("# Site templates") :]
    assert '# "ofuq.example" (40 articles)' in section
    assert all(line.startswith("#") for line in section.splitlines())  # comments only
    # a later run with three articles of the site: too few alone, enough with the profile
    few = tmp_path / "few.jsonl"
    golds = _write_site(few, 3, collapsed=True)
    args = ["strip", "--to", "jsonl", str(few)]
    alone = CliRunner().invoke(cli, args).stdout
    assert "learned." not in alone
    used = CliRunner().invoke(cli, [*args[:1], "--profile", str(prof), *args[1:]]).stdout
    texts = [json.loads(line)["text"] for line in used.splitlines()]
    assert [words(t) for t in texts] == [words(g) for g in golds]


def test_counts_stay_bounded_over_many_small_sites() -> None:
    rng = random.Random(3)
    arts = [
        Article(
            blocks=(Block("paragraph", " ".join(sentence(rng) for _ in range(20))),),
            meta={"url": f"https://site{i}.example/1"},
        )
        for i in range(300)
    ]
    stage = SiteTemplates(TemplateOptions(max_counts=20_000))
    out = list(stage(arts))
    assert [a.text for a in out] == [a.text for a in arts]
    held = sum(len(c.head) + len(c.tail) for c in stage.profile.values())
    assert held <= 20_000 + TemplateOptions().tail_words + TemplateOptions().head_words


def test_cli_tree_output_learns_by_default(tmp_path: Path) -> None:
    # (-o DIR learns in a first pass over the inputs: on by default, as issue 15 asks;
    # --no-learn turns it off)
    src = tmp_path / "in" / "site.jsonl"
    src.parent.mkdir()
    _write_site(src, 45)
    for extra, learned in (([], True), (["--learn"], True), (["--no-learn"], False)):
        out = tmp_path / f"out{extra}"
        args = ["strip", *extra, "--to", "jsonl", "-o", str(out), str(src.parent)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert ('"learned.ofuq.example"' in (out / "site.jsonl").read_text("utf-8")) is learned
    # (--engine dask learns too, in a first pass over local inputs: tests/test_templates_tree)
    args = ["clean", "--engine", "dask", "--learn", "-o", "x", "memory://in/site.jsonl"]
    bad = CliRunner().invoke(cli, args)
    assert bad.exit_code == 2 and "need local input paths" in bad.output


def test_cli_profile_held_by_another_run_is_refused(tmp_path: Path) -> None:
    import os

    from newsclean.write.sink import lock_exclusive

    src = tmp_path / "site.jsonl"
    _write_site(src, 10)
    prof = tmp_path / "sites.prof"
    profile_file.save({}, prof)
    fd = lock_exclusive(str(prof))  # another run holds it
    try:
        result = CliRunner().invoke(cli, ["strip", "--profile", str(prof), str(src)])
    finally:
        if fd is not None:
            os.close(fd)
    assert result.exit_code == 1 and "another newsclean run" in result.stderr
    assert profile_file.load(prof) == {}


def test_learn_and_profile_are_declared_once_on_a_dataclass() -> None:
    # --learn/--no-learn is tri-state (None: decided from the run's output), --profile a
    # file path; both come from the optspec metadata of Learning's fields.
    import click

    from newsclean.cli.options import build, click_options
    from newsclean.cli.templates import TEMPLATE_PARAMS, Learning

    assert TEMPLATE_PARAMS == ("learn", "profile")
    seen: list[Learning] = []

    @click.command()
    def cmd(**kwargs: Any) -> None:
        seen.append(build(Learning, kwargs))

    for decorate in click_options(Learning):
        cmd = decorate(cmd)
    for args, want in (
        ([], Learning(None, None)),
        (["--learn"], Learning(True, None)),
        (["--no-learn"], Learning(False, None)),
        (["--profile", "p.prof"], Learning(None, "p.prof")),
    ):
        result = CliRunner().invoke(cmd, args)
        assert result.exit_code == 0, result.output
        assert seen.pop() == want
    assert CliRunner().invoke(cmd, ["--profile", "."]).exit_code == 2  # a directory


@pytest.mark.parametrize("tail_words", [300, 40])
@pytest.mark.parametrize("collapsed", [False, True], ids=["lines", "collapsed"])
def test_the_known_suffix_shortcut_cuts_exactly_as_the_full_walk(
    collapsed: bool, tail_words: int
) -> None:
    # Once two tails share an end, later articles ending with it are walked only up to it
    # (TailMemo): the cut must be the full walk's, whatever comes before or around it.
    from newsclean.collection.templates import Model, TailMemo, remove_template

    # (tail_words 40: the template runs past the longest window the full walk reads)
    options = TemplateOptions(tail_words=tail_words)
    arts, _ = site_articles(60, collapsed)
    stage = SiteTemplates(options)
    list(stage(arts))
    model = stage.sites["ofuq.example"].model
    assert isinstance(model, Model) and model.tail
    rng = random.Random(7)
    end = f"تصفح المزيد\n{ABOUT}\n{COPY}"
    about_word = ABOUT.split()[3]
    variants: list[tuple[str, list[str]]] = []
    for i in range(60):
        body = "\n".join(paragraphs(rng, 2))
        tags = [rng.choice(VOCAB) for _ in range(3)]
        kind = i % 6
        if kind == 0:  # the site's whole template
            text = "\n".join([body, *tags, BLURB, *times(rng), end])
        elif kind == 1:  # a word of the shared end is one of this record's tags
            tags = [about_word, *tags[1:]]
            text = "\n".join([body, *tags, BLURB, *times(rng), end])
        elif kind == 2:  # only the shared end, right after an article sentence
            text = body + " " + end
        elif kind == 3:  # a date right before the shared end
            text = "\n".join([body, BLURB, "اليوم 06:42 20 اب", end])
        elif kind == 4:  # glued to a word: not the same words
            text = body + end
        else:  # nothing but the shared end
            text = end
        if collapsed:
            text = " ".join(text.split())
        variants.append((text, tags))
    memo = TailMemo()
    found = 0
    for i, (text, tags) in enumerate(variants):
        meta = {"url": f"https://www.ofuq.example/v/{i}", "tags": tags}
        article = Article(title=f"v{i}", blocks=(Block("paragraph", text),), meta=meta)
        fast = remove_template(article, model, options, first=70, memo=memo)
        full = remove_template(article, model, options)
        assert fast == full, text
        found += memo.suffix is not None
    assert found > 40  # a suffix was known


# --------------------------------------------------------------------------- pipes

_CMD = [sys.executable, "-m", "newsclean"]


def test_a_collection_piped_in_learns_as_the_same_file_does(tmp_path: Path) -> None:
    # `cat scrape.jsonl | newsclean strip` is a collection too: every article of the site
    # loses its template, the first 40 included, as when the file is named.
    src = tmp_path / "site.jsonl"
    golds = _write_site(src, 45, collapsed=True)
    args = [*_CMD, "strip", "--to", "jsonl"]
    piped = subprocess.run(args, input=src.read_bytes(), capture_output=True, timeout=120)
    named = subprocess.run([*args, str(src)], capture_output=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    texts = [json.loads(line)["text"] for line in piped.stdout.splitlines()]
    assert texts == [json.loads(line)["text"] for line in named.stdout.splitlines()]
    assert [words(t) for t in texts] == [words(g) for g in golds]


def _line_within(stream: Any, seconds: float) -> bytes:
    """The next line of ``stream``, or b"" if none comes in time (a deadlock guard only)."""
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else b""


@pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes")
def test_a_quiet_pipe_lets_each_record_out_and_the_site_still_learns(tmp_path: Path) -> None:
    # A producer that sends the next record only after the previous came out: a waiting
    # article must leave when the pipe goes quiet (else this deadlocks), and the site's
    # template is still learned from its first 40 articles and removed from the later ones.
    src = tmp_path / "site.jsonl"
    _write_site(src, 45)
    records = src.read_bytes().splitlines(keepends=True)
    proc = subprocess.Popen(
        [*_CMD, "strip", "--to", "jsonl", "--from", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdin is not None and proc.stdout is not None
    learned = []
    try:
        for record in records:
            proc.stdin.write(record)
            line = _line_within(proc.stdout, 30)
            assert line, f"record {len(learned)} did not come out before more input"
            learned.append("learned.ofuq.example" in line.decode("utf-8"))
        proc.stdin.close()
        assert proc.stdout.read() == b"" and proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    assert learned == [False] * 39 + [True] * 6  # the 40th decides, and loses it too
