"""Duplicate articles across a collection: recall per variant kind, no wrong drops, the
persisted index, --keep/--mark semantics and bad input."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsclean.article import Article, Block
from newsclean.collection import index as idx
from newsclean.collection.duplicates import (
    Deduplicator,
    DuplicateIndex,
    DuplicateOptions,
    K,
    signature,
)
from newsclean.collection.index import IndexFormatError

REPO = Path(__file__).resolve().parent.parent


def art(title: str, body: str, rec: int, **meta: object) -> Article:
    blocks = tuple(Block("paragraph", p) for p in body.split("\n") if p.strip())
    return Article(title=title, blocks=blocks, meta={"source": "c.jsonl", "record": rec, **meta})


def _stories(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Distinct synthetic stories: random words from a shared vocabulary, several sentences."""
    rnd = random.Random(seed)
    syll = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "qi", "an", "bre", "xo"]
    vocab = sorted(
        {"".join(rnd.choice(syll) for _ in range(rnd.randint(1, 3))) for _ in range(900)}
    )
    out = []
    for _ in range(n):
        sents = [
            " ".join(rnd.choice(vocab) for _ in range(rnd.randint(8, 16))).capitalize() + "."
            for _ in range(rnd.randint(5, 12))
        ]
        out.append((" ".join(rnd.choice(vocab) for _ in range(6)).title(), "\n".join(sents)))
    return out


def _variants(title: str, body: str, rnd: random.Random) -> dict[str, tuple[str, str]]:
    sents = body.split("\n")
    words = body.split(" ")
    edited = list(words)
    for _ in range(2):
        edited[rnd.randrange(len(edited))] = "zzedit"
    return {
        "exact": (title, body),
        "whitespace": (title, "  " + body.replace(" ", "   ").replace("\n", "\n\n") + "  "),
        "punctuation": (title + "!", body.replace(".", " ;").replace(" ", ", ", 3)),
        "case": (title.upper(), body.upper()),
        "suffix": (title + " - Daily Planet", body),
        "edit": (title, " ".join(edited)),
        "added": (title, body + "\nAn extra closing sentence was added by the second paper."),
        "cut": (title, "\n".join(sents[:2] + sents[3:])),
        "truncated": (title, " ".join(words[: int(len(words) * 0.65)])),
    }


def test_synthetic_collection_every_kind_found_none_wrong() -> None:
    rnd = random.Random(3)
    stories = _stories(80)
    originals, copies, kinds = stories[:60], [], []
    for title, body in originals[:30]:
        for kind, (t, b) in _variants(title, body, rnd).items():
            copies.append((t, b))
            kinds.append(kind)
    # Distinct stories under one generic headline, and one generic-headline copy.
    generic = [("Breaking news", body) for _, body in stories[60:]]
    records = [*originals, *generic, *copies, ("عاجل", originals[5][1])]
    kinds += ["generic-copy"]
    articles = [art(t, b, i) for i, (t, b) in enumerate(records)]
    dd = Deduplicator(DuplicateOptions(mark=True))
    out = list(dd.run(articles))
    assert len(out) == len(articles)
    first_copy = len(originals) + len(generic)
    for i, a in enumerate(out):
        if i < first_copy:
            assert "duplicate_of" not in a.meta, (i, records[i][0])
        else:
            assert "duplicate_of" in a.meta, kinds[i - first_copy]
    assert all("cluster" in a.meta for a in out)
    assert dd.report.duplicates == len(copies) + 1


def test_generated_corpus_recall_and_no_wrong_drops(shared: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import gen_duplicates as gen

    corpus = gen.load(shared / "corpus" / "saudinewsnet" / "2015-07-22.json")
    recs = gen.generate(corpus[:700], 25, seed=5)
    articles = [art(r["title"], r["content"], i) for i, r in enumerate(recs)]
    dd = Deduplicator()
    kept = list(dd.run(articles))
    matched = {
        int(ref.rsplit("#", 1)[1]): int(m.rsplit("#", 1)[1])
        for _c, _k, ref, m, _w, _s in dd.report.rows
    }
    assert len(kept) == len(articles) - len(matched)
    for kind in gen.KINDS:
        idxs = [i for i, r in enumerate(recs) if r["kind"] == kind]
        found = sum(i in matched for i in idxs)
        assert found / len(idxs) >= 0.95, (kind, found, len(idxs))
    for i, r in enumerate(recs):
        if r["kind"] in ("original", "generic") and not r["genuine"] and i in matched:
            other = recs[matched[i]]["content"]
            a, b = gen._shingles(r["content"]), gen._shingles(other)
            share = len(a & b) / min(len(a), len(b))
            assert share >= 0.5, (r["id"], recs[matched[i]]["id"], share)


def test_index_persists_across_runs(tmp_path: Path) -> None:
    stories = _stories(30)
    rnd = random.Random(1)
    day1 = [art(t, b, i) for i, (t, b) in enumerate(stories[:20])]
    day2_records = [_variants(t, b, rnd)["edit"] for t, b in stories[:10]] + stories[20:]
    day2 = [art(t, b, i, source="day2") for i, (t, b) in enumerate(day2_records)]
    path = tmp_path / "seen.idx"

    index = DuplicateIndex.load(path)  # missing file: empty index
    assert len(index) == 0
    assert len(list(Deduplicator(DuplicateOptions(), index).run(day1))) == 20
    index.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["seen.idx"]  # no temp file left

    again = DuplicateIndex.load(path)
    assert len(again) == 20 and again.previous == 20
    dd = Deduplicator(DuplicateOptions(), again)
    kept = list(dd.run(day2))
    assert [a.title for a in kept] == [t for t, _ in stories[20:]]
    assert all(row[1].startswith("c.jsonl#") for row in dd.report.rows)  # kept: yesterday's
    again.save(path)
    assert len(DuplicateIndex.load(path)) == 40  # every record is indexed, copies too

    # Same decisions as one run over both days (deterministic, order-based).
    single = Deduplicator()
    both = [a.title for a in single.run([*day1, *day2])]
    assert both == [a.title for a in day1] + [a.title for a in kept]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:-5], "checksum"),
        (lambda b: b[:100], "truncated"),
        (lambda b: b"XX" + b[2:], "magic"),
        (lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:], "checksum"),
        (lambda b: b"", "magic"),
    ],
)
def test_corrupt_index_is_an_error(
    tmp_path: Path, damage: Callable[[bytes], bytes], message: str
) -> None:
    path = tmp_path / "seen.idx"
    index = DuplicateIndex()
    list(
        Deduplicator(DuplicateOptions(), index).run(
            [art(t, b, i) for i, (t, b) in enumerate(_stories(5))]
        )
    )
    index.save(path)
    bad = damage(path.read_bytes())
    path.write_bytes(bad)
    with pytest.raises(IndexFormatError, match=message):
        DuplicateIndex.load(path)
    assert path.read_bytes() == bad  # never rewritten


def test_index_version_and_parameters_are_checked() -> None:
    store = idx.SignatureStore(K, 6, 3)
    data = bytearray(store.to_bytes())
    data[8] = 9  # version
    with pytest.raises(IndexFormatError, match="version"):
        idx.SignatureStore.from_bytes(bytes(data), K, 6, 3)
    with pytest.raises(IndexFormatError, match="sketch"):
        idx.SignatureStore.from_bytes(store.to_bytes(), 32, 6, 3)


def test_store_rows_pad_and_round_trip() -> None:
    """Sketch rows are packed whole (values, then PAD up to k): short, full, over-long and
    extreme rows read back as given (cut to k), and survive the file format."""
    store = idx.SignatureStore(4, 2, 3)
    rows = [(), (-(2**31) + 1, 5), (-7, -3, 0, 2**31 - 1), (1, 2, 3, 4, 5, 6)]
    for rid, row in enumerate(rows):
        store.append(rid, 10, 12, rid, row, f"r#{rid}")
    expect = [list(row[:4]) for row in rows]
    assert [store.get_sketch(rid) for rid in range(4)] == expect
    assert store.sketch.tolist()[:8] == [idx.PAD] * 4 + [-(2**31) + 1, 5, idx.PAD, idx.PAD]
    again = idx.SignatureStore.from_bytes(store.to_bytes(), 4, 2, 3)
    assert [again.get_sketch(rid) for rid in range(4)] == expect
    assert again.to_bytes() == store.to_bytes()


def test_keep_longest_and_newest() -> None:
    (title, body), *_ = _stories(1)
    short = " ".join(body.split(" ")[: int(len(body.split(" ")) * 0.7)])
    records = [
        art(title, short, 0, published="2024-01-02"),
        art("Other", _stories(2, seed=9)[1][1], 1),
        art(title, body, 2, published="2024-01-01"),
        art(title, short + " x", 3, published="2024-01-03T10:00:00Z"),
    ]
    first = [a.meta["record"] for a in Deduplicator(DuplicateOptions(keep="first")).run(records)]
    longest = [
        a.meta["record"] for a in Deduplicator(DuplicateOptions(keep="longest")).run(records)
    ]
    newest = [a.meta["record"] for a in Deduplicator(DuplicateOptions(keep="newest")).run(records)]
    assert first == [0, 1]
    assert longest == [1, 2]  # input order kept
    assert newest == [1, 3]
    marked = list(Deduplicator(DuplicateOptions(keep="longest", mark=True)).run(records))
    assert [a.meta.get("duplicate_of") for a in marked] == ["c.jsonl#2", None, None, "c.jsonl#2"]
    assert len({a.meta["cluster"] for a in marked}) == 2


def test_bad_input_never_crashes() -> None:
    records = [
        Article(),  # nothing at all
        Article(title="عاجل"),  # generic title, no body
        Article(title="عاجل"),
        Article(title="Four words long title", meta={"source": "x"}),
        Article(title="four words long title!", meta={"source": "y"}),
        Article(blocks=(Block("paragraph", "short body"),)),
        Article(blocks=(Block("paragraph", "short body"),)),
        Article(blocks=(Block("paragraph", "—"),)),
    ]
    dd = Deduplicator(DuplicateOptions(mark=True))
    out = list(dd.run(records))
    dups = [a.meta.get("duplicate_of") for a in out]
    assert dups[:3] == [None, None, None]  # never match on nothing or a generic title
    assert dups[4] == "x" and dups[6] is not None
    assert list(Deduplicator().run([])) == []


def test_signature_is_deterministic_and_compact() -> None:
    a = art(*_stories(1)[0], 0)
    s = signature(a)
    assert s == signature(a)
    assert len(s.sketch) == K and all(-(2**31) <= v < 2**31 for v in s.sketch)
    assert list(s.sketch) == sorted(s.sketch)


def test_sketch_is_the_k_smallest_shingle_hashes_also_when_text_repeats() -> None:
    # The cut that spares sorting every shingle hash must never change the sketch: a
    # text repeating a few words has fewer distinct shingles than its length suggests.
    from newsclean.collection.duplicates import K, signature
    from newsclean.text.keys import word_ids

    rnd = random.Random(9)
    vocab = [f"w{i}" for i in range(400)]
    for _ in range(200):
        words = rnd.choices(vocab[: rnd.choice([3, 10, 50, 400])], k=rnd.randint(8, 900))
        body = " ".join(words)
        ids = word_ids(body)
        hashes = sorted({hash(t) for t in zip(ids, ids[1:], ids[2:], strict=False)})
        sig = signature(art("t", body, 0))
        assert sig.sketch == tuple(h >> 32 for h in hashes[:K])


def test_signatures_after_the_in_article_step_are_those_of_the_text() -> None:
    # The in-article step keeps its fold of each body for the duplicate stage's word ids;
    # a task's worth of articles goes through the step before the stage: the signatures
    # are the ones computed from scratch, also for articles whose blocks the step removed.
    from newsclean.collection.duplicates import signature
    from newsclean.steps.dedup import dedup
    from newsclean.text import keys

    stories = _stories(70, seed=3)
    articles = [
        Article(
            title=title,
            blocks=tuple(Block("paragraph", p) for p in (title, *body.split(". "))),
            meta={"source": "t", "record": i},
        )
        for i, (title, body) in enumerate(stories)
    ]
    stepped = [dedup(a) for a in articles]
    assert any(s.blocks != a.blocks for s, a in zip(stepped, articles, strict=True))
    assert keys._kept
    kept = [signature(a) for a in stepped]
    keys._kept.clear()
    keys._kept_chars = 0
    assert kept == [signature(a) for a in stepped]
