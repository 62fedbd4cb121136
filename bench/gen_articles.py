"""Generate a tree of realistic scraped article files for the archive-scale benchmark.

Real text recombined: Arabic paragraphs from SaudiNewsNet, English paragraphs from the Zyte
benchmark's gold text; each file gets a headline (often repeated at the top), ~4 KB of body,
and site boilerplate (disclaimers, "read also" / "Related" tails, share prompts) as scrapers
leave it. Files are spread over nested directories like a real backlog.

    python bench/gen_articles.py OUT_DIR --count 100000
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"

AR_TAILS = [
    'المقالات المنشورة في "الموقع" تعبّر عن آراء كتابها وليس بالضرورة عن رأي الموقع.'
    "\n\n\nأحدث المواد",
    "اقرأ أيضاً:\n\nوزير الخارجية يلتقي نظيره\n\nارتفاع أسعار النفط\n\nالطقس غدا",
    "جميع الحقوق محفوظة © 2024",
    "شارك هذا المقال\n\nتابعونا على تويتر",
]
EN_TAILS = [
    "Related\n\nMinister meets counterpart\n\nOil prices rise again\n\nWeather tomorrow",
    "Share this article\n\nFollow us on Twitter",
    "© 2024 Example News. All rights reserved.",
    "Sign up for our newsletter to get the latest news in your inbox.",
]


def _paragraphs(limit: int) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    arabic: list[tuple[str, list[str]]] = []
    english: list[tuple[str, list[str]]] = []
    snn = SHARED / "saudinewsnet" / "2015-07-22.json"
    if snn.exists():
        for rec in json.loads(snn.read_text(encoding="utf-8"))[:limit]:
            paras = [p.strip() for p in rec.get("content", "").split("\n") if p.strip()]
            if rec.get("title") and paras:
                arabic.append((rec["title"], paras))
    gold = SHARED / "zyte" / "ground-truth.json"
    if gold.exists():
        for rec in json.loads(gold.read_text(encoding="utf-8")).values():
            paras = [p.strip() for p in rec["articleBody"].split("\n") if len(p.strip()) > 40]
            if len(paras) >= 2:
                english.append((paras[0][:80].rsplit(" ", 1)[0], paras[1:]))
    if not arabic:
        arabic = [("عنوان الخبر", ["هذا نص عربي قصير للاختبار، وفيه جملة ثانية."] * 5)]
    if not english:
        english = [("A headline", ["This is a short English paragraph for the benchmark."] * 5)]
    return arabic, english


def _article(rng: random.Random, pool: list[tuple[str, list[str]]], tails: list[str]) -> str:
    title, paras = rng.choice(pool)
    body: list[str] = []
    size = 0
    target = rng.randint(3000, 5000)
    while size < target:
        _, more = rng.choice(pool) if body else (title, paras)
        for p in more:
            body.append(p)
            size += len(p.encode("utf-8"))
            if size >= target:
                break
    head = [title, title] if rng.random() < 0.5 else [title]
    return "\n\n".join([*head, *body, rng.choice(tails)]) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--per-dir", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    arabic, english = _paragraphs(2050)
    for i in range(args.count):
        d = args.out / f"{i // (args.per_dir * 20):03d}" / f"{(i // args.per_dir) % 20:02d}"
        if i % args.per_dir == 0:
            d.mkdir(parents=True, exist_ok=True)
        if rng.random() < 0.6:
            text = _article(rng, arabic, AR_TAILS)
        else:
            text = _article(rng, english, EN_TAILS)
        (d / f"article-{i:07d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.count} files under {args.out}")


if __name__ == "__main__":
    main()
