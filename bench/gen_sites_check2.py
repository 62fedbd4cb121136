"""Generate the second site-template CHECK collection (issue 15) under bench/data/sites-check2/.

Written before any change of its round and never tuned on: the first run on it is the
"unseen" figure. Its furniture differs from both the development sites (gen_sites.py) and
the first check set (gen_sites_check.py):

- heads with a breadcrumb written with ``>`` or ``›``, an author line (``بقلم: <name>``,
  ``By <name>``, ``Par <name>``) and a RELATIVE time (``منذ ساعتين``, ``2 hours ago``,
  ``il y a 5 heures``), the last two varying in every article;
- tails with a "Tags:" label and the record's keywords on one line, a related list whose
  headlines are other real articles' titles, a comment-count line (``12 comments``,
  ``5 تعليقات``, ``Commentaires (4)``) and a cookie-consent line;
- a French-furnished site around Arabic text (the mix of the Maghreb press).

Built from SaudiNewsNet and Zyte gold text in the same layout as gen_sites.py, so

    python bench/gen_sites_check2.py && python bench/bench_sites.py --data bench/data/sites-check2
"""

from __future__ import annotations

import json
import random

from gen_sites import SHARED, Site, check_set_main

_NAMES_AR = ["أحمد الزهراني", "منى العمري", "ياسر القرني", "هند السبيعي", "ماجد البقمي"]
_NAMES_EN = ["Rachel Stone", "Daniel Okafor", "Priya Nair", "Mark Ellis", "Sofia Rossi"]
_NAMES_FR = ["Karim Benali", "Sophie Martin", "Youssef Amrani", "Claire Dubois", "Nadia Tazi"]


def _titles() -> tuple[list[str], list[str]]:
    """Real headlines for the related lists: SaudiNewsNet titles, Zyte first sentences."""
    snn = json.loads((SHARED / "saudinewsnet" / "2015-07-22.json").read_text("utf-8"))
    ar = sorted({(r.get("title") or "").strip() for r in snn} - {""})
    truth = json.loads((SHARED / "zyte" / "ground-truth.json").read_text("utf-8"))
    en = []
    for key in sorted(truth):
        first = ((truth[key].get("articleBody") or "").strip().split("\n") or [""])[0]
        words = first.split()[:9]
        if len(words) == 9:
            en.append(" ".join(words))
    return ar, en


_AR_TITLES, _EN_TITLES = _titles()


def _ar_ago(rng: random.Random) -> str:
    return rng.choice(
        [
            "منذ ساعة",
            "منذ ساعتين",
            f"منذ {rng.randint(3, 10)} ساعات",
            f"منذ {rng.randint(11, 50)} دقيقة",
            "منذ يومين",
        ]
    )


def _wasat_head(rng: random.Random, tags: list[str]) -> list[str]:
    section = rng.choice(["محليات", "اقتصاد", "رياضة", "دوليات"])
    return [f"الرئيسية > {section}", f"بقلم: {rng.choice(_NAMES_AR)}", _ar_ago(rng)]


def _wasat_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "الوسوم: " + " ".join(tags),
        "مواضيع ذات صلة",
        *rng.sample(_AR_TITLES, 3),
        f"{rng.randint(0, 40)} تعليقات",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. موافق",
    ]


def _ledger_head(rng: random.Random, tags: list[str]) -> list[str]:
    n = rng.randint(1, 23)
    ago = f"{n} hours ago" if n > 1 else "1 hour ago"
    section = rng.choice(["Business", "Politics", "Tech", "Health"])
    return [f"Home > {section}", f"By {rng.choice(_NAMES_EN)}", ago]


def _ledger_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "Tags: " + ", ".join(tags),
        "Related",
        *rng.sample(_EN_TITLES, 3),
        f"{rng.randint(0, 300)} comments",
        "We use cookies to improve your experience on our site. Accept",
    ]


def _atlas_head(rng: random.Random, tags: list[str]) -> list[str]:
    section = rng.choice(["Maroc", "Monde", "Économie", "Sport"])
    ago = f"il y a {rng.randint(2, 23)} heures"
    return [f"Accueil › {section}", f"Par {rng.choice(_NAMES_FR)}", ago]


def _atlas_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "Mots-clés : " + ", ".join(tags),
        "Lire aussi",
        *rng.sample(_AR_TITLES, 2),
        f"Commentaires ({rng.randint(0, 60)})",
        "Ce site utilise des cookies pour vous offrir une meilleure expérience. J'accepte",
    ]


SITES = [
    Site("wasat", "ar", "www.alwasat.example", None, _wasat_head, _wasat_tail),
    Site("ledger", "en", "ledger.example", None, _ledger_head, _ledger_tail),
    Site("atlas", "ar", None, "Atlas Info", _atlas_head, _atlas_tail),
]
SOURCES: dict[str, tuple[str, tuple[object, ...]]] = {
    "wasat": ("snn", ("alwatan", "okaz")),
    "ledger": ("zyte", (1,)),
    "atlas": ("snn", ("aljazirah", "sabq")),
}


def main() -> None:
    check_set_main(__doc__, SITES, SOURCES, "sites-check2", 29)


if __name__ == "__main__":
    main()
