"""Golden outputs of ``clean`` for every sample in every format, and the seed article's
promises asserted one by one (headline once, no disclaimer, no "أحدث المواد", «» quotes,
the subheading as a heading, every sentence kept).

Regenerate after an intended rule change: ``python tests/golden/regen.py clean``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regen", REPO / "tests" / "golden" / "regen.py")
assert _spec is not None and _spec.loader is not None
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

CASES = [(s, suffix, args) for s in regen.samples() for suffix, args in regen.CLEAN.variants]
SEED = "nidaa-post-vershinin-assad.txt"
HEADLINE = "نائب وزير الخارجية الروسي يلتقي بشار الأسد بعد أيام من الاجتماع الرباعي"


@pytest.mark.parametrize(("sample", "suffix", "args"), CASES, ids=[f"{s}.{x}" for s, x, _ in CASES])
def test_golden(sample: str, suffix: str, args: list[str]) -> None:
    golden = regen.CLEAN.golden / f"{sample}.{suffix}"
    if not golden.exists():
        pytest.fail(f"missing golden {golden.name}: run python tests/golden/regen.py clean")
    assert regen.CLEAN.render(sample, args) == golden.read_text(encoding="utf-8"), (
        "clean output changed; if intended, run python tests/golden/regen.py clean and review"
    )


@pytest.fixture(scope="module")
def seed_outputs() -> dict[str, str]:
    return {suffix: regen.CLEAN.render(SEED, args) for suffix, args in regen.CLEAN.variants}


@pytest.mark.parametrize("fmt", ["md", "txt", "json", "jsonl"])
def test_seed_is_perfect_in_every_format(seed_outputs: dict[str, str], fmt: str) -> None:
    out = seed_outputs[fmt]
    text, title = out, ""
    if fmt in ("json", "jsonl"):
        article = json.loads(out)
        text, title = article["text"], article["title"]
    assert (text + title).count(HEADLINE) == 1  # headline once
    assert "المقالات المنشورة" not in text  # no disclaimer
    assert "أحدث المواد" not in text
    assert "إلى «النجاحات السياسية»" in text
    for quote in ('"', "“", "”"):
        assert quote not in text, f"a second quote style survived: {quote}"
    assert text.count("«") == text.count("»") > 5
    if fmt == "md":
        assert "\n## الاجتماع الرباعي حول سورية\n" in out
        assert out.startswith(f"# {HEADLINE}\n")


def _words(text: str) -> list[str]:
    return re.findall(r"[\u0600-\u06FF\w]+", text)


def test_seed_keeps_every_sentence(seed_outputs: dict[str, str]) -> None:
    article = json.loads(seed_outputs["json"])
    source = (REPO / "samples" / SEED).read_text(encoding="utf-8")
    removed = {r["text"] for r in article["removed"]}
    kept = " ".join([article["title"], article["text"]])
    for paragraph in (p.strip() for p in source.split("\n\n")):
        if not paragraph or paragraph in removed:
            continue
        # Every word of every paragraph that was not removed is in the output, in order.
        assert " ".join(_words(paragraph)) in " ".join(_words(kept)), paragraph
    assert {r["rule"] for r in article["removed"]} >= {"headline-repeat"}
    assert len(article["removed"]) == 3
