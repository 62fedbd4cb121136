"""Recall on development pages whose structure is perturbed the way unseen templates differ.

    python bench/bench_perturb.py [--sets zyte,readability] [--only split,bare] [--no-peer]
    python bench/bench_perturb.py --worst 10 --save run.json   # per page, to find classes

The development sets no longer hold the held-out failure pages (empty results, a third of
the article), so this harness makes such pages from them. Each perturbation keeps the
article's text as it is (so each page's reference stays true) and changes only how the page
is built:

- ``none``: parsed and written back unchanged (the serialisation's own effect);
- ``wrap``: every ``<p>`` in its own ``<div>`` with a random class name (component sites);
- ``split``: the body (the element holding most paragraph text) cut into 2-4 parts, the
  later parts moved into sibling containers with random class names after it, with an ad
  slot and a related-links box between the parts;
- ``sidebar``: the page's body moved into ``<main>``, with a "most read" column of long
  blurbs (prose from other pages of the set, linked headlines, no "…") beside it;
- ``bare``: every ``class`` and ``id`` attribute removed (a method that depends on naming
  is left with tags alone);
- ``all``: split, wrap and bare together.

Random choices are seeded by the page name, so every run builds the same pages. Scores are
the Zyte benchmark's word-4-gram precision/recall against each page's unchanged reference;
newsclean's reader and trafilatura 2.3.1 run interleaved on the same perturbed pages.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from bench_readability import half_of, load_readability, load_zyte
from bench_zyte import tp_fp_fn, trafilatura_extract
from newsclean.read.html import read_html

#: Warnings of the last page the reader read (to count how often each guard fires).
LAST_WARNINGS: list[str] = []


def newsclean_extract(html: str) -> str:
    article = read_html(html, {"source": "-"})
    LAST_WARNINGS[:] = article.meta.get("warnings") or []
    return "\n".join(b.text for b in article.blocks if not b.hint)


PERTURBATIONS = ("none", "wrap", "split", "sidebar", "bare", "all")


def _name(rng: random.Random) -> str:
    """A class name no rule list knows ("qv7-kx3t")."""
    letters = string.ascii_lowercase + string.digits
    return (
        "".join(rng.choice(letters) for _ in range(3))
        + "-"
        + "".join(rng.choice(letters) for _ in range(4))
    )


def _parse(html: str) -> Any:
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    return etree.fromstring(html.encode("utf-8"), parser)


def _dump(root: Any) -> str:
    return "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode")


def _text_len(el: Any) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def body_parent(root: Any) -> Any | None:
    """The element whose direct ``<p>`` children hold the most text (the article body)."""
    score: dict[Any, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0) + _text_len(p)
    if not score:
        return None
    best = max(score, key=lambda e: score[e])
    return best if sum(1 for c in best if c.tag == "p") >= 2 else None


def wrap(root: Any, rng: random.Random) -> None:
    for p in list(root.iter("p")):
        parent = p.getparent()
        if parent is None:
            continue
        div = etree.Element("div", {"class": _name(rng)})
        parent.replace(p, div)
        div.append(p)  # (p.tail moves with it: the text stays where it was)


def bare(root: Any, rng: random.Random) -> None:
    for el in root.iter():
        if isinstance(el.tag, str):
            for key in ("class", "id"):
                el.attrib.pop(key, None)


def _ad(rng: random.Random) -> Any:
    box = etree.Element("div", {"class": _name(rng)})
    label = etree.SubElement(box, "span")
    label.text = "Advertisement"
    etree.SubElement(box, "div", {"class": _name(rng)})
    return box


def _related(rng: random.Random, heads: list[str]) -> Any:
    box = etree.Element("div", {"class": _name(rng)})
    h = etree.SubElement(box, "h4")
    h.text = "Related"
    ul = etree.SubElement(box, "ul")
    for i, head in enumerate(heads[:4]):
        li = etree.SubElement(ul, "li")
        a = etree.SubElement(li, "a", {"href": f"/story/{rng.randrange(10**6)}-{i}"})
        a.text = head
    return box


def split(root: Any, rng: random.Random, heads: list[str]) -> bool:
    """Cut the body into parts: the first stays, the others follow as sibling containers."""
    body = body_parent(root)
    if body is None or body.getparent() is None:
        return False
    kids = list(body)
    paras = [i for i, c in enumerate(kids) if c.tag == "p"]
    if len(paras) < 4:
        return False
    k = rng.randint(2, min(4, len(paras) // 2))
    cuts = sorted(rng.sample(paras[1:], k - 1))
    at = body
    for n, (lo, hi) in enumerate(zip(cuts, [*cuts[1:], len(kids)], strict=True)):
        at.addnext(_ad(rng) if n % 2 == 0 else _related(rng, heads))
        at = at.getnext()
        part = etree.Element(body.tag, {"class": _name(rng)})
        for c in kids[lo:hi]:
            part.append(c)  # moves it (with its tail)
        at.addnext(part)
        at = part
    return True


def sidebar(root: Any, rng: random.Random, blurbs: list[str]) -> bool:
    body = root.find("body")
    if body is None or not blurbs:
        return False
    main = etree.Element("main")
    main.text, body.text = body.text, None
    for c in list(body):
        main.append(c)
    body.append(main)
    col = etree.SubElement(body, "div", {"class": _name(rng)})
    h = etree.SubElement(col, "h3")
    h.text = "Most read"
    item_class = _name(rng)
    for text in rng.sample(blurbs, min(6, len(blurbs))):
        item = etree.SubElement(col, "div", {"class": item_class})
        head = etree.SubElement(item, "h4")
        a = etree.SubElement(head, "a", {"href": f"/news/{rng.randrange(10**6)}"})
        a.text = " ".join(text.split()[:8])
        p = etree.SubElement(item, "p")
        p.text = text
    return True


def perturb(html: str, kind: str, rng: random.Random, pool: list[str]) -> str | None:
    """The perturbed page, or None when the page has no body this perturbation can act on."""
    root = _parse(html)
    if root is None:
        return None
    heads = [" ".join(t.split()[:9]) for t in pool[:8]]
    if kind == "wrap":
        wrap(root, rng)
    elif kind == "bare":
        bare(root, rng)
    elif kind == "split":
        if not split(root, rng, heads):
            return None
    elif kind == "sidebar":
        if not sidebar(root, rng, pool):
            return None
    elif kind == "all":
        if not split(root, rng, heads):
            return None
        wrap(root, rng)
        bare(root, rng)
    return _dump(root)


def _blurb_pool(refs: list[str], skip: int, rng: random.Random) -> list[str]:
    """Prose lines (150-600 chars, no "…") from other pages' references: a "most read"
    column's blurbs, in the set's languages."""
    out: list[str] = []
    for j in rng.sample(range(len(refs)), min(12, len(refs))):
        if j == skip:
            continue
        lines = [ln.strip() for ln in refs[j].splitlines() if 150 <= len(ln.strip()) <= 600]
        out.extend(ln for ln in lines[:2] if not ln.endswith(("…", "...")))
    return out


def _pr(c: tuple[float, float, float]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="zyte,readability")
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    ap.add_argument("--only", default=",".join(PERTURBATIONS), help="comma list of kinds")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    ap.add_argument("--worst", type=int, default=0, help="list the N lowest-recall pages")
    ap.add_argument("--save", type=Path, help="write per-page (p, r, F1) to this JSON file")
    ap.add_argument("--compare", type=Path, help="list pages whose F1 moved against a save")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 0
    runs: list[tuple[str, Callable[[str], str]]] = [("newsclean", newsclean_extract)]
    if not args.no_peer:
        runs.append(("trafilatura", trafilatura_extract))
    saved = json.loads(args.compare.read_text("utf-8")) if args.compare else {}
    record: dict[str, Any] = {}
    print(
        f"{'set':<12} {'perturbation':<8} {'pages':>5}  "
        + "  ".join(f"{n[:10]:>10} F1  rec  <0.8 empty" for n, _ in runs)
    )
    for set_name in args.sets.split(","):
        loader = load_zyte if set_name == "zyte" else load_readability
        pages = loader(args.corpus / set_name)
        refs = [ref for _, _, ref, _ in pages]
        for kind in args.only.split(","):
            rows: dict[str, dict[str, tuple[float, float, float]]] = {n: {} for n, _ in runs}
            secs = dict.fromkeys(rows, 0.0)
            fired: dict[str, int] = {}
            for i, (key, html, ref, _) in enumerate(pages):
                rng = random.Random(f"{key}/{kind}")
                page = perturb(html, kind, rng, _blurb_pool(refs, i, rng))
                if page is None:
                    continue
                for name, fn in runs:
                    start = time.perf_counter()
                    out = fn(page)
                    secs[name] += time.perf_counter() - start
                    rows[name][key] = _pr(tp_fp_fn(ref, out))
                    if name == "newsclean":
                        for w in LAST_WARNINGS:
                            fired[w] = fired.get(w, 0) + 1
            cols = []
            for name, _ in runs:
                v = rows[name]
                if not v:
                    cols.append(" " * 30)
                    continue
                f1 = statistics.mean(x[2] for x in v.values())
                rec = statistics.mean(x[1] for x in v.values())
                low = sum(1 for x in v.values() if x[1] < 0.8)
                empty = sum(1 for x in v.values() if x[1] == 0)
                cols.append(f"{f1:13.3f} {rec:.3f} {low:5d} {empty:5d}")
            n = len(rows["newsclean"])
            print(f"{set_name:<12} {kind:<8} {n:>5}  " + "  ".join(cols))
            for w, count in sorted(fired.items()):
                if "article" in w:  # the guards' warnings
                    print(f"{'':<12}   {count:>4} pages: {w}")
            for half in "AB":
                sub = {k: x for k, x in rows["newsclean"].items() if half_of(k) == half}
                if sub and kind in ("none", "all"):
                    print(
                        f"{'':<12}   half {half} {len(sub):>4}  "
                        f"{statistics.mean(x[2] for x in sub.values()):13.3f} "
                        f"{statistics.mean(x[1] for x in sub.values()):.3f}"
                    )
            record[f"{set_name}/{kind}"] = rows
            if args.worst:
                ours = rows["newsclean"]
                for key in sorted(ours, key=lambda k: ours[k][1])[: args.worst]:
                    peer = rows.get("trafilatura", {}).get(key)
                    tail = f" [traf r={peer[1]:.2f}]" if peer else ""
                    print(f"      r={ours[key][1]:.2f} p={ours[key][0]:.2f}{tail}  {key[:50]}")
            before = saved.get(f"{set_name}/{kind}", {}).get("newsclean", {})
            moved = sorted(
                (x[2] - before[k][2], k)
                for k, x in rows["newsclean"].items()
                if k in before and abs(x[2] - before[k][2]) >= 0.005
            )
            if before:
                print(f"      moved vs {args.compare}: {len(moved)}")
                for d, k in moved:
                    print(f"        {d:+.3f}  {k[:50]}")
    if args.save:
        args.save.write_text(json.dumps(record), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
