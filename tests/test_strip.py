"""The strip step on plain text and records: what goes, what stays, and how it is recorded."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newsclean.article import Article, Block, Removal
from newsclean.read import read_path
from newsclean.steps.boilerplate.schema import RulesError, load_rules_file, parse_rules
from newsclean.steps.boilerplate.sentences import sentence_spans
from newsclean.steps.strip import StripOptions, strip

DATA = Path(__file__).parent / "data" / "strip"
SEED_DISCLAIMER = (
    'المقالات المنشورة في "نداء بوست" تعبّر عن آراء كتابها وليس بالضرورة عن رأي الموقع.'
)


def art(*paragraphs: str, **meta: object) -> Article:
    return Article(blocks=tuple(Block("paragraph", p) for p in paragraphs), meta=meta)


def collapsed(article: Article) -> Article:
    return article.replace(blocks=(Block("paragraph", " ".join(article.text.split())),))


def rules_of(article: Article) -> list[str]:
    return [r.rule for r in article.removed]


# --------------------------------------------------------------------------- the seed


def test_seed_loses_disclaimer_and_tail_only(samples: Path) -> None:
    (article,) = read_path(samples / "nidaa-post-vershinin-assad.txt")
    out = strip(article)
    assert [(r.rule, r.text) for r in out.removed] == [
        ("ar.disclaimer", SEED_DISCLAIMER),
        ("tail.latest", "أحدث المواد"),
    ]
    # every other block is kept, byte for byte and in order
    assert list(out.blocks) == [
        b for b in article.blocks if b.text not in (SEED_DISCLAIMER, "أحدث المواد")
    ]
    assert len(out.blocks) == len(article.blocks) - 2
    assert all(r.position is not None for r in out.removed)
    assert out.title == article.title


def test_seed_whitespace_collapsed(samples: Path) -> None:
    (article,) = read_path(samples / "nidaa-post-vershinin-assad.txt")
    flat = collapsed(article)
    out = strip(flat)
    assert rules_of(out) == ["ar.disclaimer", "tail.latest"]
    text = flat.blocks[0].text
    cut = text.index("المقالات المنشورة")
    # the kept text is the original up to the disclaimer, unchanged, without a trailing space
    assert out.blocks[0].text == text[:cut].rstrip()
    assert out.blocks[0].text.endswith("ولأيّ تعاوُن في أي مجال”.")


# --------------------------------------------------------------------------- site-style records


def _cases() -> list[tuple[Article, dict[str, object]]]:
    expected = {e["id"]: e for e in json.loads((DATA / "expected.json").read_text("utf-8"))}
    return [(a, expected[a.extra["id"]]) for a in read_path(DATA / "records.jsonl")]


CASES = _cases()


@pytest.mark.parametrize(("article", "expected"), CASES, ids=[e["id"] for _, e in CASES])
def test_site_style_records_lose_all_boilerplate(article: Article, expected: dict) -> None:
    out = strip(article)
    assert [b.text for b in out.blocks] == expected["body"]
    # nothing is lost: kept + removed text accounts for every original line
    removed_lines = {line for r in out.removed for line in r.text.split("\n")}
    for block in article.blocks:
        assert block.text in expected["body"] or block.text in removed_lines
    assert all(r.step == "strip" and r.rule for r in out.removed)


@pytest.mark.parametrize(("article", "expected"), CASES, ids=[e["id"] for _, e in CASES])
def test_site_style_records_collapsed_keep_every_sentence(article: Article, expected: dict) -> None:
    flat = collapsed(article)
    out = strip(flat)
    text = out.text
    for paragraph in expected["body"]:
        for s, e in sentence_spans(paragraph):
            assert paragraph[s:e] in text
    # the tail (everything after the last article paragraph) is gone
    lines = article.text.split("\n\n")
    last = max(i for i, line in enumerate(lines) if line in expected["body"])
    tail = " ".join(" ".join(lines[last + 1 :]).split())
    assert tail not in text
    assert text.endswith(" ".join(lines[last].split()))


def test_collapsed_kept_text_is_the_original_minus_cuts() -> None:
    flat = collapsed(CASES[0][0])
    out = strip(flat)
    kept = out.blocks[0].text
    assert flat.blocks[0].text.startswith(kept)


# --------------------------------------------------------------------------- clean text stays


CLEAN = [
    art(
        "قال الوزير إن الاجتماع كان مثمرا، وأضاف أن المحادثات ستستمر الأسبوع المقبل.",
        "الأكثر قراءة في هذا الملف هي التقارير الاقتصادية، بحسب استطلاع أجرته الصحيفة.",
        "وأكد أن آخر الأخبار الواردة من المنطقة مطمئنة.",
    ),
    art(
        "The minister said the talks were constructive.",
        "Related parties said they would meet again in June.",
        "Most read the statement as a sign of progress.",
        "Share prices rose 3% on Monday.",
    ),
    # a poem at the end: short lines without full stops, but no marker before them
    art(
        "وختم الشاعر أمسيته بقصيدة جديدة قال فيها:",
        "يا دار عبلة بالجواء تكلمي",
        "وعمي صباحا دار عبلة واسلمي",
    ),
    art(
        "Le ministre a déclaré que les discussions étaient constructives.",
        "Sur le même sujet, il a refusé de s'exprimer davantage.",
    ),
    # the same words as rules, inside prose sentences
    art(
        "وقال المتحدث إن هذه التصريحات لا تعبر بالضرورة عن رأي الحكومة.",
        "Copyright infringement cases rose 20% in 2014, the report said.",
        "The EU's new cookie policy takes effect on Monday.",
    ),
]


@pytest.mark.parametrize("article", CLEAN)
def test_clean_articles_are_unchanged(article: Article) -> None:
    assert strip(article) == article
    assert strip(collapsed(article)) == collapsed(article)


def test_tail_marker_followed_by_prose_is_kept() -> None:
    a = art(
        "First paragraph of the story.",
        "Related",
        "The talks resumed on Monday. Both sides agreed.",
    )
    assert strip(a) == a


def test_marker_inside_last_sentence_without_stop_is_kept() -> None:
    a = art("قال الوزير إن الاجتماع مثمر. آخر الأخبار تفيد بأن المحادثات ستستمر.")
    assert strip(a) == a


# --------------------------------------------------------------------------- structure


def test_record_tags_recognise_a_tag_line() -> None:
    a = art(
        "نص الخبر الأول هنا.", "السعودية اليمن الحوثيين", tags=["السعودية", "اليمن", "الحوثيين"]
    )
    out = strip(a)
    assert rules_of(out) == ["record.tags"]
    assert out.text == "نص الخبر الأول هنا."


def test_record_tags_run_on_at_the_end_of_collapsed_text() -> None:
    a = art("نص الخبر الأول هنا. وأكد المسؤول ذلك. السعودية، اليمن", tags="السعودية, اليمن")
    out = strip(a)
    assert rules_of(out) == ["record.tags"]
    assert out.text == "نص الخبر الأول هنا. وأكد المسؤول ذلك."


def test_timestamp_lines_and_dated_link_lists() -> None:
    a = art(
        "22 July 2015 10:30 GMT",
        "The council met on Tuesday.",
        "Storm hits the coast - 22/07/2015",
        "Markets close higher - 21/07/2015",
    )
    out = strip(a)
    assert rules_of(out) == ["structure.timestamp", *["structure.timestamp-list"] * 2]
    assert out.text == "The council met on Tuesday."


def test_breadcrumb_only_at_the_edges() -> None:
    a = art("Home > World > Middle East", "Body sentence one.", "Body sentence two.")
    assert rules_of(strip(a)) == ["structure.breadcrumb"]


def test_read_also_line_inside_the_article() -> None:
    a = art("الفقرة الأولى من الخبر.", "اقرأ أيضاً: عنوان خبر آخر", "الفقرة الثانية من الخبر.")
    out = strip(a)
    assert rules_of(out) == ["tail.read-also"]
    assert [b.text for b in out.blocks] == ["الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر."]


def test_removal_inside_a_block_keeps_the_rest_byte_identical() -> None:
    text = "He left. (Photo: AFP) He came back.\nAdvertisement\nThen it rained."
    out = strip(art(text))
    assert out.blocks[0].text == "He left. He came back.\nThen it rained."
    assert [(r.rule, r.text, r.position) for r in out.removed] == [
        ("structure.photo-credit", "(Photo: AFP)", None),
        ("en.ad", "Advertisement", None),
    ]


# --------------------------------------------------------------------------- hints, options


def test_hinted_blocks_go_with_their_hint_as_rule() -> None:
    a = Article(blocks=(Block("paragraph", "Body."), Block("list_item", "Sport", hint="html.nav")))
    out = strip(a)
    assert out.removed == (Removal("strip", "html.nav", "Sport", position=1),)
    assert strip(a, StripOptions(hints=False)).blocks == a.blocks


def test_no_builtin_rules_keeps_phrases_but_not_hints() -> None:
    a = art("Body.", "Advertisement")
    assert strip(a, StripOptions(builtin_rules=False)) == a


def test_idempotent() -> None:
    for article, _ in CASES:
        once = strip(article)
        assert strip(once).blocks == once.blocks
        flat = strip(collapsed(article))
        assert strip(flat).blocks == flat.blocks


def test_removed_accumulates_and_options_pickle() -> None:
    earlier = Removal("dedup", "dedup.x", "t")
    a = art("Body.", "Advertisement").replace(removed=(earlier,))
    assert strip(a).removed[0] == earlier
    opts = StripOptions(rules_files=("x.toml",))
    assert pickle.loads(pickle.dumps(opts)) == opts


# --------------------------------------------------------------------------- user rules


def test_user_rules_file_with_site_scope(tmp_path: Path) -> None:
    rules = tmp_path / "site.toml"
    rules.write_text(
        """
[[rules]]
# the footer every article of this site carries
id = "site.footer"
text = "Example Daily — independent since 1901"
site = "example.com"

[[rules]]
id = "site.tail"
kind = "tail"
pattern = "More from Example"
""",
        encoding="utf-8",
    )
    opts = StripOptions(rules_files=(str(rules),))
    body = "The council met on Tuesday."
    a = art(body, "Example  Daily — independent since 1901", url="https://news.example.com/x")
    assert rules_of(strip(a, opts)) == ["site.footer"]
    other = art(body, "Example Daily — independent since 1901", url="https://other.org/x")
    assert strip(other, opts) == other
    b = art(body, "More from Example", "Headline one", "Headline two", site="other.org")
    assert strip(b, opts).text == body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rules]]\nid = 'x'\npattern = '('", "bad pattern"),
        ("[[rules]]\nid = 'x'\npatern = 'a'", "unknown key"),
        ("[[rules]]\npattern = 'a'", "missing 'id'"),
        ("[[rules]]\nid = 'x'\nkind = 'sometimes'\npattern = 'a'", "kind must be"),
        ("[[rules]]\nid = 'x'\npattern = 'a'\ntext = 'a'", "exactly one"),
        ("rules = [", "not valid TOML"),
    ],
)
def test_bad_rule_files_name_the_file(text: str, message: str) -> None:
    with pytest.raises(RulesError, match=message) as info:
        parse_rules(text, "mine.toml")
    assert str(info.value).startswith("mine.toml")


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules_file(str(tmp_path / "nope.toml"))


def test_builtin_rule_files_all_load_with_comments() -> None:
    from importlib import resources

    folder = resources.files("newsclean") / "rules"
    files = sorted(e.name for e in folder.iterdir() if e.name.startswith("strip_"))
    assert files == [f"strip_{x}.toml" for x in ("ar", "common", "en", "fa", "fr", "ur")]
    for name in files:
        text = (folder / name).read_text("utf-8")
        parse_rules(text, name)
        # one comment (why) per entry
        for entry in text.split("[[rules]]")[1:]:
            assert entry.lstrip().startswith("#"), f"{name}: entry without a comment: {entry[:60]}"


def test_mid_article_look_alikes_stay() -> None:
    # found on real pages: a section heading made of two keywords, a quoted post's hashtags,
    # a live blog's time stamp, a table header, a how-to sentence that says "sign up"
    a = art(
        "The new models arrive in spring.",
        "Dealers expect strong demand.",
        "Prices were not announced.",
        "FORD MUSTANG",
        "The electric version sells best.",
        "#thanks #MethWeAreOnIt",
        "4:14 p.m.",
        "Sign up for the Disney+ bundle using the same email as your Hulu account.",
        "The company declined to comment.",
        "Analysts were cautious.",
        "The last paragraph of the story.",
        tags=["Ford", "Mustang", "cars"],
    )
    assert strip(a) == a
    table = Article(
        blocks=(
            Block("paragraph", "Scores below."),
            Block("table_row", "Pos | Player | Plays | % | Stats"),
            Block("paragraph", "Final paragraph."),
        )
    )
    assert strip(table) == table


def test_marker_words_inside_an_unfinished_last_sentence_stay() -> None:
    a = art("قال الوزير إن الاجتماع مثمر. وقال إن آخر الأخبار تشير إلى تقدم المفاوضات")
    assert strip(a) == a
    b = art("نص الخبر. www.example.com للتواصل أرسل رسالة إلى 88548", language="ar")
    assert strip(b).text == "نص الخبر."


def test_collapsed_tag_strip_and_share_bar() -> None:
    body = "قال الوزير إن الاجتماع مثمر. وأضاف أن المحادثات ستستمر."
    for tail in ("الوسوم مصر السودان إثيوبيا", "شارك فيسبوك تويتر واتساب"):
        assert strip(art(f"{body} {tail}")).text == body
    en = "The minister spoke. Talks resume today."
    assert strip(art(f"{en} Share: Facebook Twitter Email")).text == en


def test_ad_label_between_run_on_sentences() -> None:
    a = art("The minister spoke on Monday. Advertisement The talks resumed later.", language="en")
    out = strip(a)
    assert out.text == "The minister spoke on Monday. The talks resumed later."
    assert [r.rule for r in out.removed] == ["en.ad"]
    keep = art("He saw the advertisement. Advertisement revenue rose.", language="en")
    assert strip(keep) == keep


def test_share_buttons_one_a_line_go_with_their_prompt() -> None:
    a = art("الفقرة الأولى من الخبر.", "شارك هذا الخبر", "فيسبوك", "تويتر", "واتساب")
    out = strip(a)
    assert rules_of(out) == ["ar.share-prompt", *["structure.share-bar"] * 3]
    assert out.text == "الفقرة الأولى من الخبر."


def test_share_buttons_one_a_line_at_the_end_without_a_prompt() -> None:
    out = strip(art("The council met on Tuesday.", "Facebook", "Twitter", "WhatsApp"))
    assert rules_of(out) == ["structure.share-bar"] * 3
    assert out.text == "The council met on Tuesday."


def test_a_list_of_apps_inside_the_article_stays() -> None:
    text = ["Intro of the story here.", "The apps most used were:", "WhatsApp", "Facebook"]
    a = art(*text, "They said more about the apps.")
    assert rules_of(strip(a)) == []
    # one name alone at the end is not a share bar either
    assert rules_of(strip(art("Intro of the story here.", "Telegram"))) == []


def test_arabic_date_line_with_the_hour_at_the_top() -> None:
    a = art("الثلاثاء 15 أبريل 2024 الساعة 1:30 م", "وقال الوزير إن المشروع سيكتمل قريبا.")
    out = strip(a)
    assert rules_of(out) == ["structure.timestamp"]
    assert out.text == "وقال الوزير إن المشروع سيكتمل قريبا."


def test_sign_off_and_source_line_at_the_end() -> None:
    a = art(
        "الفقرة الأولى من الخبر هنا.",
        "وقال الوزير إن المشروع سيكتمل قريبا. للمزيد من الأخبار تابعونا على تويتر وفيسبوك.",
        "المصدر: واس",
    )
    out = strip(a)
    assert rules_of(out) == ["ar.follow-prompt", "ar.source-line"]
    assert out.text == "الفقرة الأولى من الخبر هنا.\n\nوقال الوزير إن المشروع سيكتمل قريبا."


def test_source_line_as_the_last_sentence_of_collapsed_text() -> None:
    out = strip(art("الفقرة الأولى من الخبر هنا. وأضاف الوزير أنه سعيد. المصدر: رويترز"))
    assert rules_of(out) == ["ar.source-line"]
    assert out.text == "الفقرة الأولى من الخبر هنا. وأضاف الوزير أنه سعيد."


def test_a_source_named_mid_article_stays() -> None:
    a = art("المصدر: وزارة الصحة", "وقال الوزير إن المشروع سيكتمل.", "وأضاف أنه سعيد.", "وتابع.")
    assert rules_of(strip(a)) == []


def test_english_source_line_at_the_end_only() -> None:
    out = strip(art("The council met on Tuesday.", "It passed the plan.", "Source: Reuters"))
    assert rules_of(out) == ["en.source-line"]
    assert out.text == "The council met on Tuesday.\n\nIt passed the plan."
    a = art("Source: the ministry", "The council met on Tuesday.", "It passed.", "Then it ended.")
    assert rules_of(strip(a)) == []
