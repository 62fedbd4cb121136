"""Generate the site-template development collection (issue 15) under bench/data/sites/.

Several synthetic "sites" whose every record carries a template head and/or tail (tags one
per line equal to the record's own keywords, a coverage blurb, the times of related stories
whose headlines were lost, a "more" label, an about-the-site paragraph, a copyright line), built
around real article text (SaudiNewsNet for Arabic, the Zyte benchmark's gold text for English),
plus controls that must lose nothing: a clean site (hundreds of real articles, no template) and
an adversarial fact-checker (a standard verdict sentence opens every article and runs on with
its specifics; a recurring background paragraph sits in the middle of every body).

Each site is written twice: line-separated (``line/``) and with all whitespace collapsed to
single spaces (``collapsed/``), as JSON Lines records ``{id, url?, site?, title, full_text,
keywords, description}``; the article text alone goes to ``gold/<site>.jsonl`` ``{id, text}``.

    python bench/gen_sites.py [--out bench/data/sites] [--seed 15]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"

_WORD = re.compile(r"[^\W\d_]{4,}")
_AR_MONTHS = ["اب", "تموز", "حزيران", "أيلول"]
_STOP = {
    "التي",
    "الذي",
    "الذين",
    "وذلك",
    "حيث",
    "وقال",
    "قال",
    "هذه",
    "هذا",
    "إلى",
    "على",
    "عن",
    "with",
    "that",
    "this",
    "from",
    "have",
    "were",
    "their",
    "there",
    "which",
    "about",
    "would",
    "they",
    "been",
    "will",
    "more",
    "what",
    "when",
    "your",
    "also",
    "into",
}


#: A tail line that starts with this is glued to the line before it (a sign-off sentence
#: run into the article's last paragraph).
GLUE = "<glue>"


@dataclass
class Site:
    name: str
    lang: str  # "ar" | "en"
    host: str | None  # url host (None: no url)
    site: str | None  # meta.site value (None: none)
    head: Callable[[random.Random, list[str]], list[str]]
    tail: Callable[[random.Random, list[str]], list[str]]
    control: str = ""  # "", "clean" or "adversarial"


def _ar_times(rng: random.Random) -> list[str]:
    out = []
    for _ in range(rng.randint(3, 6)):
        r = rng.random()
        if r < 0.4:
            out.append(f"اليوم {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
        elif r < 0.5:
            out.append(f"أمس {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
        else:
            out.append(f"{rng.randint(1, 31)} {rng.choice(_AR_MONTHS)}")
    return out


def _en_times(rng: random.Random) -> list[str]:
    out = []
    for _ in range(rng.randint(3, 6)):
        r = rng.random()
        if r < 0.4:
            out.append(f"{rng.randint(1, 23)} hours ago")
        else:
            out.append(f"Aug {rng.randint(1, 31)}, 2024")
    return out


def _fr_times(rng: random.Random) -> list[str]:
    out = []
    for _ in range(rng.randint(3, 6)):
        if rng.random() < 0.4:
            out.append(f"il y a {rng.randint(2, 23)} heures")
        else:
            out.append(f"{rng.randint(1, 31)} août 2024")
    return out


def _none(rng: random.Random, tags: list[str]) -> list[str]:
    return []


def _akhbar_tail(rng: random.Random, tags: list[str]) -> list[str]:
    blurb = rng.choice(
        [
            "تغطية مستمرة على مدار الساعة لأهم الأخبار المحلية والعالمية من أخبار 24",
            "تابع تغطيتنا الخاصة لأحداث المنطقة لحظة بلحظة مع فريق أخبار 24",
        ]
    )
    return [
        *tags,
        blurb,
        *_ar_times(rng),
        "تصفح المزيد",
        "أخبار 24 موقع إخباري سعودي مستقل يقدم لقرائه الخبر الموثوق والتحليل المعمق في "
        "السياسة والاقتصاد والرياضة والثقافة، ويعمل فيه فريق من المحررين والمراسلين في "
        "مختلف مناطق المملكة.",
        "جميع الحقوق محفوظة لموقع أخبار 24 © 2024",
    ]


def _khabar_head(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "الخبر اليومي - صحيفة إلكترونية شاملة",
        f"نشر في {rng.randint(1, 31)} {rng.choice(_AR_MONTHS)} 2024 - "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
    ]


def _khabar_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "اشترك في نشرتنا البريدية لتصلك أهم أخبار اليوم مباشرة إلى بريدك",
        *_ar_times(rng),
        "عرض المزيد",
        "الخبر اليومي صحيفة إلكترونية تصدر عن مؤسسة الخبر للإعلام والنشر منذ عام 2009.",
        "© الخبر اليومي 2024 - كل الحقوق محفوظة",
    ]


def _marsad_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        *tags,
        "لمتابعة آخر المستجدات حمل تطبيق المرصد على هاتفك الذكي",
        *_ar_times(rng),
        "المزيد",
        "المرصد منصة إخبارية رقمية تهتم بالشأن المحلي وتنقل نبض الشارع بكل مهنية وحياد.",
    ]


def _herald_head(rng: random.Random, tags: list[str]) -> list[str]:
    return ["Home / World News", "Share this story with friends"]


def _herald_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        *tags,
        "Get our morning briefing with the stories that matter in your inbox each weekday",
        *_en_times(rng),
        "Load more",
        "The Example Herald is an independent daily covering politics, business and culture "
        "from its newsroom in Manchester since 1998.",
        "Copyright 2024 The Example Herald Ltd. All rights reserved.",
    ]


def _quotidien_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        *tags,
        "Retrouvez toute l'actualité de la journée dans notre lettre d'information gratuite",
        *_fr_times(rng),
        "Voir plus",
        "Le Quotidien du Soir est un journal indépendant fondé en 1987 qui couvre l'actualité "
        "nationale et internationale.",
        "© 2024 Le Quotidien du Soir - Tous droits réservés",
    ]


SITES = [
    Site("akhbar24", "ar", "www.akhbar24.example", None, _none, _akhbar_tail),
    Site("alkhabar", "ar", None, "الخبر اليومي", _khabar_head, _khabar_tail),
    Site("marsad", "ar", None, None, _none, _marsad_tail),
    Site("herald", "en", "herald.example", None, _herald_head, _herald_tail),
    Site("quotidien", "en", "lequotidien.example", None, _none, _quotidien_tail),
    Site("clean", "ar", "www.alriyadh.example", None, _none, _none, control="clean"),
    Site("factcheck", "ar", "tahaqqaq.example", None, _none, _none, control="adversarial"),
]
_SOURCES = {  # which real articles each site is built around
    "akhbar24": ("snn", ("alyaum",)),
    "alkhabar": ("snn", ("aljazirah",)),
    "marsad": ("snn", ("sabq", "okaz")),
    "herald": ("zyte", (0,)),
    "quotidien": ("zyte", (1,)),
    "clean": ("snn", ("alriyadh",)),
    "factcheck": ("snn", ("aleqtisadiya", "alwatan")),
}

_VERDICT = "يتداول مستخدمون على مواقع التواصل الاجتماعي ادعاء مفاده أن"
_BACKGROUND = (
    "وتعمل منصة تحقق على رصد الأخبار المضللة والتحقق منها بالاعتماد على مصادر مفتوحة "
    "ورسمية، ضمن مبادرة مستقلة لتعزيز الوعي الإعلامي لدى الجمهور."
)


def _keywords(rng: random.Random, title: str, paragraphs: list[str]) -> list[str]:
    words = [w for w in _WORD.findall(title + " " + paragraphs[0]) if w.casefold() not in _STOP]
    seen: list[str] = []
    for w in words:
        if w not in seen:
            seen.append(w)
    rng.shuffle(seen)
    tags = seen[: rng.randint(2, 5)]
    if len(seen) > 6 and rng.random() < 0.5:
        tags.append(f"{seen[5]} {seen[6]}")
    return tags


def _load() -> tuple[dict[str, list[tuple[str, list[str]]]], list[list[tuple[str, list[str]]]]]:
    snn: dict[str, list[tuple[str, list[str]]]] = {}
    seen: set[str] = set()
    for rec in json.loads((SHARED / "saudinewsnet" / "2015-07-22.json").read_text("utf-8")):
        body = rec.get("content") or ""
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        key = " ".join(body.split())
        if len(key.split()) < 40 or key in seen:
            continue  # a duplicate or a stub
        seen.add(key)
        snn.setdefault(rec["source"], []).append((rec.get("title") or "", paras))
    zyte: list[list[tuple[str, list[str]]]] = [[], []]
    truth = json.loads((SHARED / "zyte" / "ground-truth.json").read_text("utf-8"))
    for i, key in enumerate(sorted(truth)):
        body = truth[key].get("articleBody") or ""
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        if len(body.split()) < 60:
            continue
        zyte[i % 2].append((paras[0][:80], paras))
    return snn, zyte


def build(
    out: Path,
    seed: int,
    sites: list[Site] | None = None,
    sources: dict[str, tuple[str, tuple[object, ...]]] | None = None,
) -> dict[str, int]:
    """Write the collection of ``sites`` (default: the development sites) under ``out``."""
    sites = SITES if sites is None else sites
    sources = _SOURCES if sources is None else sources
    snn, zyte = _load()
    counts: dict[str, int] = {}
    for form in ("line", "collapsed", "gold"):
        (out / form).mkdir(parents=True, exist_ok=True)
    for site in sites:
        rng = random.Random(f"{seed}-{site.name}")
        kind, which = sources[site.name]
        items: list[tuple[str, list[str]]] = []
        for w in which:
            items += snn[str(w)] if kind == "snn" else zyte[int(w)]
        lines_out, collapsed_out, gold_out = [], [], []
        for n, (title, paras) in enumerate(items):
            paras = list(paras)
            if site.control == "adversarial":
                if len(re.findall(r"[.!؟](?:\s|$)", " ".join(paras))) < 3:
                    continue  # too short to have a middle
                first = paras[0].rstrip(".")
                paras[0] = f"{_VERDICT} {first}، وتبين بعد التحقق أن الادعاء مضلل."
                if len(paras) < 3:  # one or two paragraphs: split the last at a middle stop
                    sentences = re.split(r"(?<=[.!؟])\s+", paras.pop())
                    half = max(1, len(sentences) // 2)
                    paras += [" ".join(sentences[:half]), " ".join(sentences[half:])]
                    paras = [p for p in paras if p]
                paras.insert(max(1, len(paras) // 2), _BACKGROUND)  # always mid-body
            tags = _keywords(rng, title, paras)
            head, tail = site.head(rng, tags), site.tail(rng, tags)
            lines = [*head, *paras]
            for line in tail:  # a GLUE line runs on from the article's last line
                if line.startswith(GLUE):
                    lines[-1] += " " + line[len(GLUE) :]
                else:
                    lines.append(line)
            text = "\n".join(lines)
            rid = f"{site.name}-{n:04d}"
            rec: dict[str, object] = {"id": rid, "title": title}
            if site.host:
                rec["url"] = f"https://{site.host}/news/{1000 + n}"
            if site.site:
                rec["site"] = site.site
            rec["keywords"] = tags
            rec["description"] = paras[0][:160]
            lines_out.append(json.dumps({**rec, "full_text": text}, ensure_ascii=False))
            collapsed = " ".join(text.split())
            collapsed_out.append(json.dumps({**rec, "full_text": collapsed}, ensure_ascii=False))
            gold_out.append(json.dumps({"id": rid, "text": "\n".join(paras)}, ensure_ascii=False))
        name = f"{site.control or 'site'}-{site.name}.jsonl"
        (out / "line" / name).write_text("\n".join(lines_out) + "\n", "utf-8")
        (out / "collapsed" / name).write_text("\n".join(collapsed_out) + "\n", "utf-8")
        (out / "gold" / name).write_text("\n".join(gold_out) + "\n", "utf-8")
        counts[name] = len(gold_out)
    return counts


def check_set_main(
    doc: str | None,
    sites: list[Site],
    sources: dict[str, tuple[str, tuple[object, ...]]],
    folder: str,
    seed: int,
) -> None:
    """The command line of a check-set generator (``gen_sites_check*.py``): ``--out`` and
    ``--seed``, then :func:`build` and a count per site."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "bench" / "data" / folder))
    parser.add_argument("--seed", type=int, default=seed)
    args = parser.parse_args()
    for name, n in build(Path(args.out), args.seed, sites, sources).items():
        print(f"{name}: {n} articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "bench" / "data" / "sites"))
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    for name, n in build(Path(args.out), args.seed).items():
        print(f"{name}: {n} articles")


if __name__ == "__main__":
    main()
