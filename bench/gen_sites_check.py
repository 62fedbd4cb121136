"""Generate the site-template CHECK collection (issue 15) under bench/data/sites-check/.

The development collection (gen_sites.py) is what the learner was tuned on. These sites were
written afterwards, from other real sites' page furniture, and are never tuned on: they
check that the method holds on shapes it has not seen, as the held-out collections do.
What differs from the development sites:

- heads with a byline and a full date that change in every article, a breadcrumb;
- share prompts one per line (`شارك`, `فيسبوك`, …), "read also" lists whose headlines are
  other articles' titles (so they never repeat as a block), tags on ONE line separated by
  commas behind a label, a "source:" line naming one of a few agencies;
- a sign-off sentence glued to the article's last paragraph (same line even in the
  line-separated form).

Built from SaudiNewsNet sources the development sites do not use (almadina, aawsat,
alweeam) and the Zyte gold text, in the same layout as gen_sites.py, so

    python bench/gen_sites_check.py && python bench/bench_sites.py --data bench/data/sites-check
"""

from __future__ import annotations

import random

from gen_sites import GLUE, Site, check_set_main

_NAMES_AR = [
    "محمد العتيبي",
    "سارة الغامدي",
    "عبدالله الشهري",
    "نورة القحطاني",
    "فهد الدوسري",
    "خالد المطيري",
    "ريم الزهراني",
    "سلطان الحربي",
]
_NAMES_EN = ["Jane Porter", "Ahmed Saleh", "Tom Becker", "Lucy Chen", "Omar Haddad", "Ann Lee"]
_DAYS_AR = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
_MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو"]
_AGENCIES = ["واس", "رويترز", "الفرنسية", "الأناضول", "د ب أ"]
_RELATED_AR = [
    "وزير الصحة يفتتح مستشفى جديدا في المنطقة الشرقية",
    "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية",
    "الهلال يتعادل مع النصر في قمة الدوري",
    "أمطار رعدية على عدة مناطق حتى نهاية الأسبوع",
    "هيئة السوق المالية تعتمد قواعد جديدة للطرح",
    "إطلاق مبادرة لدعم رواد الأعمال الشباب",
    "افتتاح معرض الكتاب بمشاركة أكثر من 500 دار نشر",
    "تمديد فترة التسجيل في برنامج الابتعاث",
    "القبض على شبكة لتهريب المخدرات في جازان",
    "توقعات بنمو الاقتصاد غير النفطي خلال العام",
]
_RELATED_EN = [
    "Markets slide as investors weigh rate outlook",
    "City council approves new budget after long debate",
    "Storm brings heavy rain and flooding to coastal towns",
    "Tech giant unveils latest smartphone lineup",
    "Local team clinches title in dramatic final",
    "Study links sleep patterns to heart health",
    "Government announces plan to cut energy bills",
    "Museum reopens after two-year renovation",
]


def _ar_date(rng: random.Random) -> str:
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    return (
        f"{rng.choice(_DAYS_AR)} {rng.randint(1, 28)} {rng.choice(_MONTHS_AR)} 2024 "
        f"الساعة {hour}:{minute:02d} {rng.choice(['ص', 'م'])}"
    )


def _sabah_head(rng: random.Random, tags: list[str]) -> list[str]:
    return ["الرئيسية » أخبار محلية", f"كتب: {rng.choice(_NAMES_AR)}", _ar_date(rng)]


def _sabah_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "شارك هذا الخبر",
        "فيسبوك",
        "تويتر",
        "واتساب",
        "اقرأ أيضاً",
        *rng.sample(_RELATED_AR, 3),
        "الكلمات الدالة: " + "، ".join(tags),
        "© 2024 صباح نيوز. جميع الحقوق محفوظة",
    ]


def _wire_head(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        f"By {rng.choice(_NAMES_EN)}, Staff Writer",
        f"Published {rng.randint(1, 12)}:{rng.randint(0, 59):02d} PM EDT, "
        f"{rng.choice(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])} August {rng.randint(1, 31)}, 2024",
    ]


def _wire_tail(rng: random.Random, tags: list[str]) -> list[str]:
    return [
        "Related Topics",
        *tags,
        "Read more:",
        *rng.sample(_RELATED_EN, 2),
        "Sign up for our newsletter",
        "Terms of Use | Privacy Policy | Contact Us",
    ]


def _nabd_head(rng: random.Random, tags: list[str]) -> list[str]:
    return []


def _nabd_tail(rng: random.Random, tags: list[str]) -> list[str]:
    # The sign-off runs on from the article's last paragraph, on the same line.
    return [
        GLUE + "للمزيد من الأخبار تابعونا على تويتر وفيسبوك وانستغرام.",
        f"المصدر: {rng.choice(_AGENCIES)}",
        "تطبيق نبض الخليج متاح الآن على متجر آبل وجوجل بلاي",
    ]


SITES = [
    Site("sabah", "ar", "www.sabahnews.example", None, _sabah_head, _sabah_tail),
    Site("wire", "en", "wire.example", None, _wire_head, _wire_tail),
    Site("nabd", "ar", None, "نبض الخليج", _nabd_head, _nabd_tail),
]
SOURCES: dict[str, tuple[str, tuple[object, ...]]] = {
    "sabah": ("snn", ("almadina",)),
    "wire": ("zyte", (0,)),
    "nabd": ("snn", ("aawsat", "alweeam")),
}


def main() -> None:
    check_set_main(__doc__, SITES, SOURCES, "sites-check", 17)


if __name__ == "__main__":
    main()
