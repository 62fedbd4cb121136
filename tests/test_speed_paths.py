"""Shortcuts taken for speed give what the long way gives (issues 16, 17, 18)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from newsclean import regex_cache
from newsclean.article import Article
from newsclean.cli.templates import TemplateStage
from newsclean.collection.templates import TemplateOptions
from test_html_walk_tags import markers_agree
from test_site_templates import site_articles


def _staged(stage: TemplateStage, arts: list[Article]) -> list[Article]:
    stage.load()
    return list(stage(iter(arts)))


def test_a_site_with_too_few_articles_is_not_counted_and_comes_out_the_same() -> None:
    few = TemplateOptions().min_articles - 1
    arts, _ = site_articles(few, seed=5, host="small.example")
    many, _ = site_articles(45, seed=6, host="big.example")
    mixed = arts + many
    stage = TemplateStage()
    out = _staged(stage, mixed)
    assert stage.learner is not None
    # the small site holds no counts (nothing could be learned from it) ...
    assert stage.learner.profile.get("small.example") is None or not (
        stage.learner.profile["small.example"].articles
    )
    # ... and its articles are unchanged, while the big site's template still goes
    assert [a.text for a in out[:few]] == [a.text for a in arts]
    assert all(a.removed for a in out[few:])
    # the same as counting them (a learner fed every article, as `newsclean learn` does)
    learner = stage.learner
    for a in arts:
        learner.observe(a)
    assert not learner.decide("small.example")


def test_a_site_with_too_few_articles_is_still_counted_into_a_profile(tmp_path: Path) -> None:
    arts, _ = site_articles(3, seed=7, host="daily.example")
    stage = TemplateStage(str(tmp_path / "profile.json"))
    _staged(stage, arts)
    assert stage.learner is not None
    assert stage.learner.profile["daily.example"].articles == 3  # kept for later runs


def test_the_walks_inline_marker_lookup_agrees_with_the_marker_function() -> None:
    frames = markers_agree(
        "<html><body><div class='post-content' id='p-1'><p>Text one.</p>"
        "<aside class='related'><a href='/x'>More</a></aside>"
        "<div role='navigation'><a href='/'>Home</a></div>"
        "<div itemprop='articleBody'><p style='display:none'>Hidden.</p><p>Two.</p></div>"
        "<span aria-hidden='true'>x</span><p>Three</p></div></body></html>"
    )
    walked = [(f.marker, f.positive, f.strong) for f in frames]
    assert ("hidden", False, False) in walked
    assert any(strong for _, _, strong in walked)


def test_patterns_primed_into_res_cache_equal_re_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = [("a(?P<x>b)+", int(re.IGNORECASE)), (r"(?<!\w)(?:يناير|may)\b", 0)]
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))

    def new_process() -> dict[object, re.Pattern[str]]:
        monkeypatch.setattr(regex_cache, "_table", None)
        monkeypatch.setattr(regex_cache, "_used", set())
        monkeypatch.setattr(regex_cache, "_added", False)
        own: dict[object, re.Pattern[str]] = {}  # a stand-in for re's own cache
        monkeypatch.setattr(regex_cache, "_RE_CACHE", own)
        return own

    first = new_process()
    regex_cache.prime()  # nothing kept yet
    assert first == {}
    for p, f in patterns:  # what modules compiled with plain re.compile in that run
        first[(str, p, f)] = re.compile(p, f)
    path = regex_cache.cache_path()
    assert path is not None
    regex_cache._save(path, os.getpid())
    second = new_process()
    regex_cache.prime()
    assert second == first  # the same pattern, flags and program as re.compile's
    assert second[(str, patterns[1][0], 0)].search("في 3 يناير").group() == "يناير"  # type: ignore[union-attr]
    assert regex_cache._added is False


def test_reading_archives_does_not_import_fsspec_yet_warcio_still_uses_it() -> None:
    code = (
        "import sys\n"
        "import newsclean.read.archive.frames\n"
        "assert 'fsspec' not in sys.modules and 'asyncio' not in sys.modules\n"
        "import warcio.utils as u\n"
        "assert u.HAS_FSSPEC\n"
        "with u.fsspec_open(sys.argv[1], 'rb') as f:\n"
        "    assert f.read() == b'hi'\n"
        "assert 'fsspec' in sys.modules  # warcio's helper opened it through fsspec\n"
    )
    import subprocess
    import sys
    import tempfile

    pytest.importorskip("fsspec")
    with tempfile.NamedTemporaryFile(suffix=".txt") as f:
        f.write(b"hi")
        f.flush()
        done = subprocess.run(
            [sys.executable, "-c", code, f.name], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stderr
