"""Main-content extraction and metadata on Mozilla Readability's test pages, and both dev sets.

    python bench/bench_readability.py [--corpus ../shared/corpus/readability] [--worst 15]
    python bench/bench_readability.py --sets zyte,readability --no-peer --save run.json
    python bench/bench_readability.py --sets zyte,readability --no-peer --compare run.json

Readability's 130 test pages (many sites and languages, four right-to-left pages, small pages
that each isolate one hard case) hold the page, Readability's extraction (``expected.html``)
and its metadata. The reference text is that HTML's text with block elements kept apart; the
metric is the Zyte benchmark's word-4-gram precision/recall (``bench_zyte``), so figures on the
two sets compare. ``--sets`` scores several development sets in one run (tune on one, check on
the other); ``--save`` writes every page's scores (to find failure classes, not pages) and
``--compare`` lists the pages whose F1 moved against a saved run. Metadata (title, byline,
published date) is compared with Readability's ``expected-metadata.json`` for newsclean and,
unless ``--no-peer``, trafilatura's ``extract_metadata``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from bench_zyte import (
    lxml_parse_only,
    metrics,
    newsclean_extract,
    newsclean_strip,
    page_f1,
    run_interleaved,
    tp_fp_fn,
    trafilatura_extract,
)
from newsclean.read.html import read_html

_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "caption",
        "figure",
        "figcaption",
        "details",
        "summary",
        "br",
        "hr",
        "address",
        "center",
        "form",
        "fieldset",
    ]
)
_WORD = re.compile(r"\w+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def html_text(markup: str) -> str:
    """The text of an HTML fragment, block elements on their own lines (words never glued)."""
    if not markup.strip():
        return ""
    root = etree.fromstring(markup.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    if root is None:
        return ""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
        elif isinstance(el.tag, str) and el.tag in ("script", "style"):
            el.text = ""
    return "".join(root.itertext())


def load_readability(corpus: Path) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(key, page html, reference text, expected metadata) per page."""
    out = []
    for d in sorted((corpus / "pages").iterdir()):
        if not (d / "source.html.gz").exists():
            continue
        with gzip.open(d / "source.html.gz", "rt", encoding="utf-8", errors="replace") as f:
            page = f.read()
        with gzip.open(d / "expected.html.gz", "rt", encoding="utf-8") as f:
            ref = html_text(f.read())
        meta = json.loads((d / "expected-metadata.json").read_text("utf-8"))
        out.append((d.name, page, ref, meta))
    return out


def load_zyte(corpus: Path) -> list[tuple[str, str, str, dict[str, Any]]]:
    gold = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    out = []
    for key in sorted(gold):
        with gzip.open(corpus / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            out.append((key, f.read(), gold[key]["articleBody"], {}))
    return out


# --- metadata agreement ------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def title_agrees(ours: str, expected: str) -> bool:
    """Same words, or one is the other with a site name cut ("Headline | Site")."""
    a, b = _words(ours), _words(expected)
    if not a or not b:
        return a == b
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    n = len(short)
    return n >= 3 and any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def byline_agrees(ours: str, expected: str) -> bool:
    """Every word of the expected byline's name appears in ours and ours adds few words."""
    a, b = _words(ours), _words(expected)
    if not b:
        return not a
    drop = {"by", "and", "de", "von", "par", "por"}
    b = [w for w in b if w not in drop]
    a = [w for w in a if w not in drop]
    return bool(a) and (set(a) <= set(b) or set(b) <= set(a)) and len(a) <= len(b) + 2


def date_agrees(ours: str, expected: str) -> bool:
    ma, mb = _DATE.search(ours or ""), _DATE.search(expected or "")
    if not mb:
        return not ma
    return bool(ma) and ma.group(0) == mb.group(0)


def newsclean_meta(page: str) -> dict[str, str]:
    a = read_html(page, {"source": "-"})
    return {
        "title": a.title,
        "byline": str(a.meta.get("author") or ""),
        "published": str(a.meta.get("published") or ""),
    }


def trafilatura_meta(page: str) -> dict[str, str]:
    from trafilatura import extract_metadata

    m = extract_metadata(page)
    if m is None:
        return {"title": "", "byline": "", "published": ""}
    return {"title": m.title or "", "byline": m.author or "", "published": m.date or ""}


def meta_table(
    pages: list[tuple[str, str, str, dict[str, Any]]],
    readers: list[tuple[str, Callable[[str], dict[str, str]]]],
    show: int,
) -> dict[str, dict[str, dict[str, str]]]:
    print("\nmetadata agreement with Readability's expected-metadata.json (pages with a value):")
    found: dict[str, dict[str, dict[str, str]]] = {}
    for name, fn in readers:
        found[name] = {key: fn(page) for key, page, _, _ in pages}
    checks = (
        ("title", "title", title_agrees),
        ("byline", "byline", byline_agrees),
        ("publishedTime", "published", date_agrees),
    )
    print(f"{'reader':<14}" + "".join(f"{field:>16}" for field, _, _ in checks))
    for name, _ in readers:
        row = f"{name:<14}"
        for field, ours, agree in checks:
            keys = [k for k, _, _, m in pages if m.get(field)]
            ok = sum(
                agree(found[name][k][ours], str(m[field])) for k, _, _, m in pages if k in keys
            )
            row += f"{ok}/{len(keys)} {ok / max(1, len(keys)):.0%}".rjust(16)
        print(row)
    if show:
        name = readers[0][0]
        for field, ours, agree in checks:
            misses = [
                (k, found[name][k][ours], str(m[field]))
                for k, _, _, m in pages
                if m.get(field) and not agree(found[name][k][ours], str(m[field]))
            ]
            print(f"\n{name} {field} misses ({len(misses)}):")
            for k, got, want in misses[:show]:
                print(f"  {k[:28]:<28} got {got[:60]!r}  want {want[:60]!r}")
    return found


# --- main --------------------------------------------------------------------------------


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    corpora = here.parent / "shared" / "corpus"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="readability", help="comma list: readability, zyte")
    ap.add_argument("--corpus", type=Path, default=corpora, help="folder holding the sets")
    ap.add_argument("--worst", type=int, default=15, help="list the N worst pages by F1")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura (quick iteration)")
    ap.add_argument("--strip", action="store_true", help="also score reader + strip step")
    ap.add_argument("--meta", type=int, default=-1, help="metadata table; N misses listed")
    ap.add_argument("--save", type=Path, help="write per-page scores to this JSON file")
    ap.add_argument("--compare", type=Path, help="list pages whose F1 moved against a save")
    ap.add_argument(
        "--halves", action="store_true", help="also report F1 on the two fixed hash halves A/B"
    )
    args = ap.parse_args()

    saved: dict[str, Any] = {}
    if args.compare:
        saved = json.loads(args.compare.read_text("utf-8"))
    record: dict[str, Any] = {}
    for set_name in args.sets.split(","):
        loader = load_zyte if set_name == "zyte" else load_readability
        pages = loader(args.corpus / set_name)
        mb = sum(len(h.encode("utf-8")) for _, h, _, _ in pages) / 1e6
        print(f"\n== {set_name}: {len(pages)} pages, {mb:.1f} MB of HTML")
        runs: list[tuple[str, Callable[[str], str]]] = [
            ("newsclean", newsclean_extract),
            ("lxml parse only", lxml_parse_only),
        ]
        if args.strip:
            runs.append(("newsclean strip", newsclean_strip))
        if not args.no_peer:
            trafilatura_extract(pages[0][1])
            runs.append(("trafilatura 2", trafilatura_extract))
        results = run_interleaved(runs, [(k, h) for k, h, _, _ in pages])
        print(f"{'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8}")
        per: dict[str, dict[str, list[float]]] = {}
        for name, (out, secs) in results.items():
            rate = len(pages) / secs
            if name == "lxml parse only":
                print(f"{name:<18} {'':>6} {'':>6} {'':>6} {rate:8.1f}")
                continue
            counts = [tp_fp_fn(ref, out[k]) for k, _, ref, _ in pages]
            f1, p, r = metrics(counts)
            print(f"{name:<18} {f1:6.3f} {p:6.3f} {r:6.3f} {rate:8.1f}")
            per[name] = {
                k: [*c, len(out[k])] for (k, _, _, _), c in zip(pages, counts, strict=True)
            }
            if args.halves:
                for half in "AB":
                    sub = [
                        c
                        for (k, _, _, _), c in zip(pages, counts, strict=True)
                        if half_of(k) == half
                    ]
                    hf1, hp, hr = metrics(sub)
                    print(f"  half {half} ({len(sub):>3}) {hf1:6.3f} {hp:6.3f} {hr:6.3f}")
        ours = per["newsclean"]
        empty = sum(1 for v in ours.values() if v[3] == 0)
        low = sum(1 for k, _, _, _ in pages if _recall_of(ours[k]) < 0.8)
        print(f"newsclean: {empty} empty results, {low} pages with recall < 0.8")
        if "trafilatura 2" in per:
            th = per["trafilatura 2"]
            t_empty = sum(1 for v in th.values() if v[3] == 0)
            t_low = sum(1 for k, _, _, _ in pages if _recall_of(th[k]) < 0.8)
            print(f"trafilatura: {t_empty} empty results, {t_low} pages with recall < 0.8")
        record[set_name] = per
        if args.worst:
            ranked = sorted(ours, key=lambda k: page_f1(tuple(ours[k][:3])))  # type: ignore[arg-type]
            print(f"worst {args.worst} pages for newsclean (F1 p r [traf F1]):")
            for k in ranked[: args.worst]:
                c = tuple(ours[k][:3])
                peer = ""
                if "trafilatura 2" in per:
                    peer = f" [{page_f1(tuple(per['trafilatura 2'][k][:3])):.2f}]"  # type: ignore[arg-type]
                print(
                    f"  {page_f1(c):.2f} p={_prec_of(ours[k]):.2f} r={_recall_of(ours[k]):.2f}"  # type: ignore[arg-type]
                    f"{peer}  {k[:40]}"
                )
        if saved.get(set_name):
            before = saved[set_name]["newsclean"]
            moved = []
            for k in ours:
                if k in before:
                    d = page_f1(tuple(ours[k][:3])) - page_f1(tuple(before[k][:3]))  # type: ignore[arg-type]
                    if abs(d) >= 0.005:
                        moved.append((d, k))
            moved.sort()
            print(f"pages moved vs {args.compare} ({len(moved)}):")
            for d, k in moved:
                print(f"  {d:+.3f}  now {page_f1(tuple(ours[k][:3])):.2f}  {k[:50]}")  # type: ignore[arg-type]
        if set_name == "readability" and args.meta != 0:
            readers: list[tuple[str, Callable[[str], dict[str, str]]]] = [
                ("newsclean", newsclean_meta)
            ]
            if not args.no_peer:
                readers.append(("trafilatura", trafilatura_meta))
            meta_table(pages, readers, max(0, args.meta) if args.meta > 0 else 0)
    if args.save:
        args.save.write_text(json.dumps(record), "utf-8")
    return 0


def half_of(key: str) -> str:
    """Fixed split of a set into halves A (tune) and B (check) by a hash of the page name."""
    return "A" if hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def _prec_of(v: list[float]) -> float:
    tp, fp = v[0], v[1]
    if fp == v[2] == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall_of(v: list[float]) -> float:
    tp, fn = v[0], v[2]
    if v[1] == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


if __name__ == "__main__":
    sys.exit(main())
