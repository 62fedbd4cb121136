"""Generate a labelled duplicate collection from real news text, for bench_dedup.py and tests.

Every original article appears once; each variant kind below is applied to a random sample
of originals and labelled with the kind and the original it copies. "generic" records are
distinct stories (held out: their originals are not in the collection) re-titled with a
generic headline ("عاجل", "Breaking news", ...): dropping one is a wrong drop.

    python bench/gen_duplicates.py CORPUS.json -o dups.jsonl [--per-kind 150] [--seed 1]
    python bench/gen_duplicates.py CORPUS.json -o big.jsonl --scale 100000   # unlabelled filler

Record fields: id, title, content, source, url, published, and the labels ``kind`` ("original",
a variant kind, "generic" or "filler") and ``of`` (the id of the copied original, or null).
The corpus files are JSON arrays of {title, content, source, url, date_extracted} (saudinewsnet).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

KINDS = (
    "exact",
    "whitespace",
    "punctuation",
    "diacritics",
    "encoding",
    "suffix",
    "edit",
    "added",
    "cut",
    "truncated",
)
GENERIC_TITLES = ("عاجل", "بالفيديو", "بالصور", "Breaking news", "خبر عاجل", "شاهد")
SITES = ("سبق", "عكاظ", "الرياض", "Saudi Gazette", "الشرق الأوسط", "اليوم")
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"
_SENT = re.compile(r"(?<=[.!؟?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def v_whitespace(text: str, rnd: random.Random) -> str:
    out = text.replace("\n", "\n\n").replace(" ", "  ", 3)
    words = out.split(" ")
    for _ in range(3):
        i = rnd.randrange(len(words))
        words[i] = words[i] + "\u00a0" if rnd.random() < 0.5 else " " + words[i]
    return " ".join(words) + "  \n"


def v_punctuation(text: str, rnd: random.Random) -> str:
    table = {"«": '"', "»": '"', "،": ",", '"': "«", ".": " .", "؟": "?", ":": " :"}
    out = "".join(table.get(c, c) if rnd.random() < 0.8 else c for c in text)
    return out.replace("(", "").replace(")", "") + "..."


def v_diacritics(text: str, rnd: random.Random) -> str:
    out = []
    for c in text:
        if c == "ا" and rnd.random() < 0.3:
            c = rnd.choice("أإآ")
        elif c == "ه" and rnd.random() < 0.2:
            c = "ة"
        elif c == "ي" and rnd.random() < 0.2:
            c = "ى"
        out.append(c)
        if "\u0621" <= c <= "\u064a":
            if rnd.random() < 0.15:
                out.append(rnd.choice(HARAKAT))
            if c not in "ادذرزو" and rnd.random() < 0.03:
                out.append("\u0640" * rnd.randint(1, 4))
    return "".join(out)


def v_encoding(text: str, rnd: random.Random) -> str:
    if rnd.random() < 0.5:
        # One stretch (a fifth of the text) mis-decoded: UTF-8 bytes read as cp1256.
        n = len(text)
        start = rnd.randrange(max(1, n - n // 5))
        seg = text[start : start + n // 5]
        bad = seg.encode("utf-8").decode("cp1256", errors="replace")
        return text[:start] + bad + text[start + len(seg) :]
    # A few characters lost (U+FFFD or "?"), about one per 40 words, as after a bad
    # transcoding of a mostly clean file.
    chars = list(text)
    for _ in range(rnd.randint(1, max(1, min(4, len(text.split()) // 40)))):
        i = rnd.randrange(len(chars))
        if not chars[i].isspace():
            chars[i] = rnd.choice("\ufffd?")
    return "".join(chars)


def v_edit(text: str, rnd: random.Random, vocab: list[str]) -> str:
    words = text.split(" ")
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(words))
        words[i] = rnd.choice(vocab)
    return " ".join(words)


def v_added(text: str, rnd: random.Random, pool: list[str]) -> str:
    sents = sentences(text)
    sents.insert(rnd.randint(0, len(sents)), rnd.choice(pool))
    return "\n".join(sents)


def v_cut(text: str, rnd: random.Random) -> str:
    sents = sentences(text)
    total = len(text.split())
    # A sentence, not a section: at most 40 words and a third of the article.
    small = [i for i in range(1, len(sents)) if len(sents[i].split()) <= min(40, total // 3)]
    if small:
        del sents[rnd.choice(small)]
    else:  # no sentence small enough: lose the last clause instead
        words = text.split(" ")
        return " ".join(words[: max(8, len(words) * 85 // 100)])
    return "\n".join(sents)


def v_truncated(text: str, rnd: random.Random) -> str:
    words = text.split(" ")
    return " ".join(words[: max(8, int(len(words) * rnd.uniform(0.6, 0.8)))])


def load(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [d for d in data if d.get("content")]


def generate(corpus: list[dict[str, Any]], per_kind: int, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    docs = list(corpus)
    rnd.shuffle(docs)
    n_generic = min(per_kind, len(docs) // 10)
    held, originals = docs[:n_generic], docs[n_generic:]
    pool = [s for d in held for s in sentences(d["content"]) if 6 <= len(s.split()) <= 40]
    vocab = sorted({w for d in held for w in d["content"].split() if len(w) > 3})
    records: list[dict[str, Any]] = []

    def rec(rid: str, src: dict[str, Any], title: str, body: str, kind: str, of: str | None):
        records.append(
            {
                "id": rid,
                "title": title,
                "content": body,
                "source": src.get("source"),
                "url": src.get("url"),
                "published": src.get("date_extracted"),
                "kind": kind,
                "of": of,
            }
        )

    for i, d in enumerate(originals):
        rec(f"o{i}", d, d["title"], d["content"], "original", None)
    eligible = [i for i, d in enumerate(originals) if len(d["content"].split()) >= 20]
    fns: dict[str, Callable[[str, random.Random], str]] = {
        "exact": lambda t, r: t,
        "whitespace": v_whitespace,
        "punctuation": v_punctuation,
        "diacritics": v_diacritics,
        "encoding": v_encoding,
        "suffix": lambda t, r: t,
        "edit": lambda t, r: v_edit(t, r, vocab),
        "added": lambda t, r: v_added(t, r, pool),
        "cut": v_cut,
        "truncated": v_truncated,
    }
    for kind in KINDS:
        for j, i in enumerate(rnd.sample(eligible, min(per_kind, len(eligible)))):
            d = originals[i]
            title = d["title"]
            if kind == "suffix":
                title = f"{title} {rnd.choice(['-', '|', '–'])} {rnd.choice(SITES)}"
            elif kind in ("punctuation", "diacritics", "whitespace"):
                title = fns[kind](title, rnd)
            rec(f"{kind}{j}", d, title, fns[kind](d["content"], rnd), kind, f"o{i}")
    for j, d in enumerate(held):
        rec(
            f"generic{j}", d, GENERIC_TITLES[j % len(GENERIC_TITLES)], d["content"], "generic", None
        )
    # Copies must not sit next to their originals: shuffle everything but keep originals
    # first in order, so "keep first" keeps the original.
    head = records[: len(originals)]
    tail = records[len(originals) :]
    rnd.shuffle(tail)
    out = head + tail
    label_genuine(out)
    return out


def _shingles(text: str) -> set[tuple[str, ...]]:
    from newsclean.text.keys import fold

    w = fold(text).split()
    return set(zip(w, w[1:], w[2:], strict=False))


def label_genuine(records: list[dict[str, Any]], min_containment: float = 0.7) -> None:
    """Mark corpus articles that already duplicate an earlier one (the same wire story in two
    papers, or one article scraped twice): ``genuine`` = the earlier id, ``overlap`` = exact
    containment of the smaller body's word 3-gram set. Exact sets, all pairs sharing a
    shingle: the ground truth a sketch-based method is measured against."""
    postings: dict[tuple[str, ...], list[int]] = {}
    sets: list[set[tuple[str, ...]]] = []
    for i, r in enumerate(records):
        sh = _shingles(r["content"]) if r["kind"] in ("original", "generic") else set()
        sets.append(sh)
        shared: dict[int, int] = {}
        for s in sh:
            for j in postings.get(s, ()):
                shared[j] = shared.get(j, 0) + 1
        best, best_c = None, 0.0
        for j, n in shared.items():
            small, large = sorted((len(sh), len(sets[j])))
            c = n / small if small else 0.0
            if c > best_c and small >= 0.25 * large:
                best, best_c = j, c
        r["overlap"] = round(best_c, 3)
        r["genuine"] = (
            records[best]["id"] if best is not None and best_c >= min_containment else None
        )
        for s in sh:
            postings.setdefault(s, []).append(i)


def filler(corpus: list[dict[str, Any]], count: int, seed: int) -> Iterator[dict[str, Any]]:
    """Distinct synthetic articles made of random corpus sentences (for scale runs)."""
    rnd = random.Random(seed)
    pool = [s for d in corpus for s in sentences(d["content"]) if len(s.split()) >= 5]
    for i in range(count):
        body = "\n".join(rnd.choice(pool) for _ in range(rnd.randint(4, 12)))
        yield {"id": f"f{i}", "title": f"filler {i}", "content": body, "kind": "filler", "of": None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--per-kind", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=0, help="add this many filler records")
    args = ap.parse_args(argv)
    corpus = load(args.corpus)
    records = generate(corpus, args.per_kind, args.seed)
    with args.output.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        for r in filler(corpus, args.scale, args.seed):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records) + args.scale} records -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
