"""Collection stages through the library run: ``Prepass`` learns from the first articles of
each site before changing any, keeps the output order, and bounds what it holds."""

from __future__ import annotations

import json
from pathlib import Path

from newsclean.article import Article
from newsclean.engine import IOConfig, Plan, Prepass, run
from newsclean.engine.stages import PAUSE, chain, hears_pauses
from newsclean.read import read_bytes


class Tagger(Prepass):
    """Marks every article with how many articles its site had taught it."""

    def __init__(self, sample: int, hold: int = 10_000, hold_chars: int = 16_000_000) -> None:
        super().__init__(sample, hold, hold_chars)
        self.learned: list[tuple[str, list[str]]] = []
        self.taught: dict[str, int] = {}

    def learn(self, key: str, articles: list[Article]) -> None:
        self.learned.append((key, [a.title for a in articles]))
        self.taught[key] = len(articles)

    def apply(self, key: str, article: Article) -> Article:
        return article.with_meta(taught=self.taught[key])


def _articles(sites: str) -> list[Article]:
    out = []
    for i, site in enumerate(sites):
        record = json.dumps({"title": f"{site}{i}", "text": "body", "site": site})
        out.extend(read_bytes(record.encode(), name="x.json"))
    return out


def test_prepass_learns_first_then_applies_in_input_order() -> None:
    stage = Tagger(sample=2)
    out = list(stage(iter(_articles("ababbac"))))
    assert [a.title for a in out] == ["a0", "b1", "a2", "b3", "b4", "a5", "c6"]
    assert stage.learned == [("a", ["a0", "a2"]), ("b", ["b1", "b3"]), ("c", ["c6"])]
    assert [a.meta["taught"] for a in out] == [2, 2, 2, 2, 2, 2, 1]


def test_prepass_holds_at_most_hold_articles() -> None:
    stage = Tagger(sample=100, hold=3)
    out = list(stage(iter(_articles("aaaaab"))))
    assert [a.title for a in out] == ["a0", "a1", "a2", "a3", "a4", "b5"]
    assert stage.learned[0] == ("a", ["a0", "a1", "a2", "a3"])  # learned early, from 4


def test_prepass_holds_at_most_hold_chars_of_text() -> None:
    # Long pages (each title + "body" = 6 characters here) reach the character bound
    # before the article count: 3 articles fit in 20 characters, the fourth does not.
    stage = Tagger(sample=100, hold_chars=20)
    out = list(stage(iter(_articles("aaaaab"))))
    assert [a.title for a in out] == ["a0", "a1", "a2", "a3", "a4", "b5"]
    assert stage.learned[0] == ("a", ["a0", "a1", "a2", "a3"])  # learned early, from 4


def test_a_stage_in_a_plan_changes_what_is_written(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    rows = [{"title": f"T{i}", "text": "Body.", "site": "ab"[i % 2]} for i in range(5)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stage = Tagger(sample=2)
    io = IOConfig(inputs=(str(src),), output=str(out), to="jsonl", jobs=1)
    summary = run(Plan(io, stages=(stage,)))
    assert summary.exit_code == 0 and summary.written == 5
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [w["title"] for w in written] == ["T0", "T1", "T2", "T3", "T4"]
    assert all(w["meta"]["taught"] == 2 for w in written)


class PausingTagger(Tagger):
    """A Tagger that can count articles before its key learns, so it hears pauses."""

    hears_pauses = True

    def __init__(self, sample: int) -> None:
        super().__init__(sample)
        self.early: list[tuple[str, list[str]]] = []

    def observe_early(self, key: str, articles: list[Article]) -> None:
        self.early.append((key, [a.title for a in articles]))

    def learn(self, key: str, articles: list[Article]) -> None:
        super().learn(key, articles)
        self.taught[key] += sum(len(titles) for k, titles in self.early if k == key)


def test_a_pause_lets_waiting_articles_out_unchanged_and_learning_goes_on() -> None:
    # A quiet pipe: a2's key is still learning, so a0..b1 would wait for more input.
    arts = _articles("abab")
    stream = [arts[0], arts[1], PAUSE, arts[2], arts[3]]
    stage = PausingTagger(sample=2)
    out = list(stage(iter(stream)))
    assert PAUSE not in out
    assert [a.title for a in out] == ["a0", "b1", "a2", "b3"]
    # out before the pause: unchanged; counted early, so a and b still learn from two
    assert [a.meta.get("taught") for a in out] == [None, None, 2, 2]
    assert stage.early == [("a", ["a0"]), ("b", ["b1"])]
    assert stage.learned == [("a", ["a2"]), ("b", ["b3"])]


def test_only_a_first_stage_that_hears_pauses_gets_them() -> None:
    assert hears_pauses(PausingTagger(2)) and not hears_pauses(Tagger(2))
    assert hears_pauses(chain([PausingTagger(2), Tagger(2)]))
    assert not hears_pauses(chain([Tagger(2), PausingTagger(2)]))
