"""strip after the HTML reader: in-body boilerplate the page's markup does not betray."""

from __future__ import annotations

from pathlib import Path

from newsclean.read import read_path
from newsclean.steps.strip import strip

DATA = Path(__file__).parent / "data" / "strip"


def test_arabic_page_in_body_boilerplate() -> None:
    (article,) = read_path(DATA / "ar-page-inbody.html")
    out = strip(article)
    assert [b.text for b in out.blocks] == [
        "أعلن وزير الطاقة، اليوم الأحد، عن خطة وطنية لخفض استهلاك الكهرباء بنسبة عشرة في المئة"
        " خلال ثلاث سنوات.",
        "وقال الوزير في مؤتمر صحفي إن الخطة تشمل تحديث شبكات التوزيع وتشجيع استخدام الأجهزة"
        " الموفرة للطاقة.",
        "وأضاف أن الحكومة ستقدم حوافز للمصانع التي تخفض استهلاكها، مشيراً إلى أن التفاصيل"
        " ستعلن الشهر المقبل.",
        "وأكد أن الخطة «لن تمس الأسر محدودة الدخل»، وأن أسعار الشرائح الأولى ستبقى كما هي.",
    ]
    rules = {r.rule for r in out.removed}
    # whatever the reader hinted, the text rules catch what only words betray
    assert {"ar.follow-prompt", "ar.disclaimer"} <= rules


def test_persian_page_in_body_boilerplate() -> None:
    (article,) = read_path(DATA / "fa-page-inbody.html")
    out = strip(article)
    assert len(out.blocks) == 3
    assert out.blocks[-1].text.startswith("پیش‌بینی‌های هواشناسی")
    assert not any("بیشتر بخوانید" in b.text or "انتهای پیام" in b.text for b in out.blocks)
