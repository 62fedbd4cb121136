"""Page metadata: title, author, published date, site name, language, url, JSON-LD body.

Read from ``<meta>`` tags, ``<link rel=canonical>``, ``<html lang>``, ``<time datetime>`` and
JSON-LD (``NewsArticle`` and friends, also inside ``@graph``). Only what the page states is
reported; nothing is guessed here (the language guess from text happens in the reader).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from newsclean.extract.blocks import collapse
from newsclean.extract.dates import date_start

# Meta names/properties per field, best first. Keys are lower-cased.
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
    "twitter:creator",
)
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:article:published_time",
    "cxenseparse:recs:publishtime",
)
_SITE_KEYS = ("og:site_name", "application-name")
_TITLE_KEYS = ("og:title", "twitter:title")
_DESCRIPTION_KEYS = ("og:description", "description", "twitter:description")
_ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
    ]
)
_LANG = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")


@dataclass
class PageMeta:
    """What the page says about itself."""

    og_title: str = ""
    description: str = ""
    html_title: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # author, published, site, ...
    ld_body: str = ""  # JSON-LD articleBody (a locating hint, often truncated)
    ld_headline: str = ""
    frames: bool = False


def _lang(value: str) -> str:
    m = _LANG.match(value.strip())
    return m.group(0).lower() if m else ""


def _name(value: Any) -> str:
    """A person/organisation name from a JSON-LD value (str, dict, or list of them)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names))
    return ""


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    todo = [data]
    while todo and len(out) < 200:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if graph is not None:
                todo.append(graph)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {str(x).lower() for x in t}
    return set()


def _ld_json(text: str) -> str:
    """The JSON inside a script's text: XHTML-era pages wrap it in ``<![CDATA[ … ]]>`` or an
    HTML comment (``//`` or ``/* */`` guarded)."""
    t = text.strip()
    for head in _LD_HEADS:
        if t.startswith(head):
            t = t[len(head) :].lstrip()
            break
    for tail in _LD_TAILS:
        if t.endswith(tail):
            t = t[: -len(tail)].rstrip()
            break
    return t.rstrip(";")


_LD_HEADS = ("//<![CDATA[", "/*<![CDATA[*/", "/* <![CDATA[ */", "<![CDATA[", "<!--")
_LD_TAILS = ("//]]>", "/*]]>*/", "/* ]]> */", "]]>", "//-->", "-->")


def _read_ld(text: str, pm: PageMeta) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = json.loads(_ld_json(text))
        except ValueError:
            return
    for obj in _ld_objects(data):
        if not (_types(obj) & _ARTICLE_TYPES):
            continue
        vals = pm.values
        is_webpage = _types(obj) == {"webpage"}
        if not is_webpage:
            body = obj.get("articleBody")
            if isinstance(body, str) and len(body) > len(pm.ld_body):
                pm.ld_body = body
            head = obj.get("headline")
            if isinstance(head, str) and not pm.ld_headline:
                pm.ld_headline = collapse(head)
            author = _name(obj.get("author"))
            if author and not author.startswith("http"):
                vals.setdefault("author", author)
        date = obj.get("datePublished")
        if isinstance(date, str) and date.strip():
            vals.setdefault("ld_published", date.strip())
        publisher = _name(obj.get("publisher"))
        if publisher and not publisher.startswith("http"):
            vals.setdefault("site", publisher)
        lang = obj.get("inLanguage")
        if isinstance(lang, str) and _lang(lang):
            vals.setdefault("ld_language", _lang(lang))
        keywords = obj.get("keywords")
        if isinstance(keywords, list):
            keywords = ",".join(str(k) for k in keywords)
        if isinstance(keywords, str) and keywords.strip():
            vals.setdefault("ld_keywords", keywords)
        url = obj.get("url")
        if isinstance(url, str) and url.startswith("http") and not is_webpage:
            vals.setdefault("ld_url", url)


def _meta_names(key: str) -> tuple[str, ...]:
    """The names a ``<meta>`` key (lower-cased) stands for: RDFa allows several properties
    in one attribute ("og:title twitter:title"); Dublin Core is written "dc:creator" or
    "dc.creator"."""
    names = key.split() if " " in key else (key,)
    return tuple(k.replace(":", ".", 1) if k.startswith(("dc:", "dcterms:")) else k for k in names)


def _not_a_name(value: str) -> bool:
    # a URL or a handle where a site's or an author's name belongs
    return value.startswith(("http", "@"))


def meta_site(root: Any) -> str | None:
    """The site name ``read_meta`` takes from ``<meta>`` tags (they win over JSON-LD), or
    None when the tags under ``root`` name none. As ``read_meta``, the first element of
    each name counts: on a page's ``<head>`` alone the answer is the whole page's."""
    first: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = el.get("content")
        if key and key != "article:tag" and content and content.strip():
            for k in _meta_names(key):
                if k in _SITE_KEYS and k not in first:
                    first[k] = collapse(content)
    for k in _SITE_KEYS:
        v = first.get(k)
        if v and not _not_a_name(v):
            return v
    return None


def read_meta(root: Any) -> PageMeta:
    """Everything :class:`PageMeta` holds, from one pass over the relevant tags."""
    pm = PageMeta()
    named: dict[str, str] = {}
    tags: list[str] = []
    vals = pm.values
    lang = root.get("lang") or root.get("xml:lang")
    if lang and _lang(lang):
        vals["html_language"] = _lang(lang)
    for el in root.iter("meta", "link", "title", "script", "time", "frameset", "frame"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            content = el.get("content")
            if key and content and content.strip():
                if key == "article:tag":  # one tag per meta element, several elements
                    tags.append(collapse(content))
                else:
                    for k in _meta_names(key):
                        if k not in named:
                            named[k] = collapse(content)
            equiv = (el.get("http-equiv") or "").lower()
            if equiv == "content-language" and content and _lang(content):
                vals.setdefault("meta_language", _lang(content))
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            href = el.get("href")
            if href and "canonical" in rel and href.startswith("http"):
                vals.setdefault("url", href.strip())
        elif tag == "title":
            if not pm.html_title:
                pm.html_title = collapse("".join(el.itertext()))
        elif tag == "script":
            if (el.get("type") or "").lower().strip() == "application/ld+json" and el.text:
                _read_ld(el.text, pm)
        elif tag == "time":
            dt = el.get("datetime")
            if dt and dt.strip():
                pubdate = el.get("pubdate") is not None or "published" in (
                    (el.get("itemprop") or "") + (el.get("class") or "")
                ).lower().replace("datepublished", "published")
                if pubdate:
                    vals["time_published"] = dt.strip()
                else:
                    vals.setdefault("time_any", dt.strip())
        else:  # frameset / frame
            pm.frames = True
    pm.og_title = next((named[k] for k in _TITLE_KEYS if named.get(k)), "")
    pm.description = next((named[k] for k in _DESCRIPTION_KEYS if named.get(k)), "")
    for out, keys in (("author", _AUTHOR_KEYS), ("published", _DATE_KEYS), ("site", _SITE_KEYS)):
        for k in keys:
            v = named.get(k)
            if out == "author" and v and " " not in v and " " in str(vals.get("author", "")):
                break  # a handle or a brand ("NBCNews") beside names in JSON-LD
            if v and not (out in ("author", "site") and _not_a_name(v)):
                if out == "author" and " " not in v:
                    # a brand or handle in name="author" beside a full name in another
                    # author tag (dc.creator, parsely-author): the name
                    v = _spaced_author(named, keys) or v
                # Meta tags win over JSON-LD: they are what the page shows to sharers.
                vals[out] = v
                break
    if vals.get("author"):
        vals["author"] = clean_author(str(vals["author"]))
    if vals.get("ld_published"):
        # The article's structured data states the first publication; a page's
        # article:published_time is often rewritten on every update (Medium, NBC News).
        vals["published"] = vals["ld_published"]
    if "published" not in vals:
        published = vals.get("time_published") or vals.get("time_any")
        if published:
            vals["published"] = published
    if "url" not in vals:
        url = named.get("og:url") or vals.get("ld_url")
        if url and url.startswith("http"):
            vals["url"] = url
    if not tags:
        keywords = named.get("news_keywords") or named.get("keywords") or vals.get("ld_keywords")
        if keywords:
            tags = [t.strip() for t in re.split(r"[,،;؛]", keywords)]
    tags = [t for t in dict.fromkeys(tags) if t]
    if tags:
        vals["tags"] = tags
    for k in ("time_published", "time_any", "ld_url", "ld_keywords", "ld_published"):
        vals.pop(k, None)
    return pm


# Bylines: "By Jane Doe", "Jane Doe, Senior Correspondent", "Jane Doe | Staff Writer".
_BY = re.compile(
    r"^(?:written\s+by|posted\s+by|by|par|por|von|door|di|av|بقلم|كتب|كتبت)\s*[:：]?\s+",
    re.I,
)
# Single spaces only: the text is whitespace-normalised first, so no run of spaces can make
# the alternatives backtrack.
#: The word that may lead a dateline after a byline (en, fr, de, es, it, pt).
_DATE_LEAD = frozenset({"on", "at", "le", "am", "den", "el", "il", "em", "du", "vom"})
_CUT = re.compile(r" [|–—-] |, | (?:is|was) (?:an?|the) ", re.I)
_JOB = frozenset(
    [
        "editor",
        "editors",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "writer",
        "writers",
        "columnist",
        "contributor",
        "contributing",
        "staff",
        "producer",
        "analyst",
        "journalist",
        "journalists",
        "chief",
        "senior",
        "bureau",
        "desk",
        "intern",
        "photographer",
        "critic",
        "anchor",
        "host",
        "ma",
        "phd",
        "md",
        "rédacteur",
        "rédactrice",
        "journaliste",
        "correspondant",
        "correspondante",
        "envoyé",
        "envoyée",
        "redakteur",
        "redakteurin",
        "korrespondent",
        "korrespondentin",
        "autor",
        "autorin",
        "redactor",
        "redactora",
        "corresponsal",
        "periodista",
        "مراسل",
        "مراسلة",
        "محرر",
        "محررة",
        "كاتب",
        "كاتبة",
        "صحفي",
        "صحفية",
    ]
)
_NAME_MAX = 80


def _spaced_author(named: dict[str, str], keys: tuple[str, ...]) -> str:
    """The first author tag whose value holds more than one word, or ""."""
    for k in keys:
        v = named.get(k)
        if v and " " in v and not _not_a_name(v):
            return v
    return ""


def clean_author(value: str) -> str:
    """A byline reduced to the name(s): no "By", no job title, no "is a staff writer…".

    >>> clean_author("By Jane Doe, Senior Correspondent")
    'Jane Doe'
    >>> clean_author("Jane Doe and John Roe")
    'Jane Doe and John Roe'
    """
    text = _BY.sub("", " ".join(value.split()), count=1)
    at = date_start(text)
    if at > 0:
        # "Nathan Willis March 25, 2015", "Sébastien Farcis le 3 janvier": the dateline
        head = text[:at].rstrip(" ,|–—-·•").split()
        if len(head) > 1 and head[-1].lower() in _DATE_LEAD:
            head.pop()
        text = " ".join(head)
    seps = list(_CUT.finditer(text))
    for i, m in enumerate(seps):
        end = seps[i + 1].start() if i + 1 < len(seps) else len(text)
        words = {w.strip(".()").lower() for w in text[m.end() : end].split()}
        if not words or words & _JOB:
            return text[: m.start()].strip()  # a job title or credential follows the name
    return text


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(text) <= _NAME_MAX
        and _BY.match(text + " ") is None  # a bare "By" in an element of its own
        and len(words) <= 8
        and "http" not in text
        and any(sum(c.isalpha() for c in w) >= 2 for w in words)
    )


#: Candidates read per page (in document order).
_AUTHOR_CANDIDATES = 200


def _author_candidates(root: Any) -> list[Any]:
    """Elements under ``root`` whose ``itemprop`` holds "author", whose ``rel`` is "author"
    or whose class holds "byline"/"author" (lower-case or capitalised inside a name:
    "FeatureByline", "articleAuthor"), in document order; at most ``_AUTHOR_CANDIDATES``.

    One pass of lxml's C iterator with three attribute reads an element: the XPath it
    replaces (same elements, same order) cast every attribute to a new string for each of
    its six tests, and cost 5% of a ``strip`` run over HTML pages."""
    found: list[Any] = []
    for el in root.iterdescendants():
        cls = el.get("class")
        if (
            (
                cls is not None
                and ("author" in cls or "byline" in cls or "Author" in cls or "Byline" in cls)
            )
            or "author" in (el.get("itemprop") or "")
            or el.get("rel") == "author"
        ) and isinstance(el.tag, str):
            found.append(el)
            if len(found) == _AUTHOR_CANDIDATES:
                break
    return found


def _author_rank(el: Any) -> int:
    if " author " in f" {el.get('itemprop') or ''} ":
        return 0
    if el.get("rel") == "author":
        return 1
    return 2 if "byline" in (el.get("class") or "").lower() else 3


_WRAPPERS = frozenset({"html", "body", "article", "main", "section"})


def _short_text(el: Any) -> str:
    """The element's text, or "" as soon as it is too long to be a byline."""
    parts: list[str] = []
    size = 0
    for t in el.itertext():
        size += len(t)
        if size > 4 * _NAME_MAX:
            return ""
        parts.append(t)
    # (elements apart: "Jeff Foust" and "Monday, November 18" in two spans)
    return collapse(" ".join(parts))


def page_author(root: Any, near: Any = None) -> str:
    """The author named in the page body (itemprop/rel/class ``author``/``byline``), or "".

    Only when the page's metadata names none: the first such element whose text reads as a
    name (a few words, no link address) wins, those inside ``near`` (the region around the
    article) first. One search over the page either way.
    """
    found = _author_candidates(root)
    kept = [el for el in found if el.tag not in ("meta", "link", "script", "style")]
    # An author box holding a name element and a job-title element ("Ben Silverman" +
    # "Games Editor") gives way to the elements inside it, read one by one. (The kept
    # elements stay referenced, so their ids are stable while this runs.)
    inner: set[int] = set()
    far: set[int] = set()
    for el in kept:
        up = list(el.iterancestors())
        inner.update(id(p) for p in up)
        if near is not None and el is not near and not any(p is near for p in up):
            far.add(id(el))
    ranked = sorted(kept, key=lambda el: (id(el) in far, _author_rank(el)))
    for el in ranked[:40]:
        if el.tag in _WRAPPERS:
            continue  # <article class="post author-jane">: a CMS class on the whole post
        if _author_rank(el) >= 2 and id(el) in inner:
            continue
        names = el.xpath(".//*[@itemprop='name']") if _author_rank(el) == 0 else []
        text = _short_text(names[0]) if names else ""
        if not text:
            text = _short_text(el)
        name = clean_author(text)
        if _is_name(name):
            return name
    return ""
