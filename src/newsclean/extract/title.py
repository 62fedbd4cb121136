"""The page's headline: agreement between its titles, the site's name cut off."""

from __future__ import annotations

import re

from newsclean.extract.meta import PageMeta

_SUFFIX = re.compile(r"\s+[-|–—:·•»]\s+")
_KEY = re.compile(r"\W+")
_WORDS = re.compile(r"\w+")
#: Share of the shorter title's words the other must hold for two titles to agree.
TITLE_AGREE = 0.6


def title_key(text: str) -> str:
    """A title as compared: its word characters, lower-cased."""
    return _KEY.sub("", text).lower()


def strip_site_suffix(title: str, site: str) -> str:
    """``"Headline - Site"`` -> ``"Headline"`` when the last part names the site.

    >>> strip_site_suffix("Rockets hit Damascus - CNNArabic.com", "CNNArabic")
    'Rockets hit Damascus'
    >>> strip_site_suffix("Paris - Berlin: a new line", "Le Monde")
    'Paris - Berlin: a new line'
    """
    site_key = title_key(site)
    if not site_key:
        return title
    parts = _SUFFIX.split(title)
    if len(parts) < 2:
        return title
    for cut in (-1, 0):
        k = title_key(parts[cut])
        if k and (k == site_key or k.startswith(site_key) or site_key.startswith(k)):
            match = list(_SUFFIX.finditer(title))
            m = match[-1] if cut == -1 else match[0]
            rest = title[: m.start()] if cut == -1 else title[m.end() :]
            if rest.strip():
                return rest.strip()
    return title


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.casefold()))


def _agrees(a: str, b: str) -> bool:
    """Most words of the shorter of two titles are in the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or (min(len(wa), len(wb)) == 1 and max(len(wa), len(wb)) >= 3):
        return False  # one word inside a long title is the site's name, not its headline
    return len(wa & wb) >= TITLE_AGREE * min(len(wa), len(wb))


def _site_part_only(h1: str, title: str) -> bool:
    """``h1`` agrees with the last part of ``title`` ("… | My Hero Academia [Archive of Our
    Own]") and with nothing before it: the site's name, not the headline."""
    parts = _SUFFIX.split(title)
    if len(parts) < 2 or not h1:
        return False
    head = " ".join(parts[:-1])
    return _agrees(h1, parts[-1]) and not (_words(h1) & _words(head))


def page_title(pm: PageMeta, h1: str) -> str:
    """The headline: og:title, JSON-LD headline, the <h1>, then <title>, best first — but a
    candidate that shares no words with the page's other titles is passed over (a site's
    logo in <h1>, a JSON-LD "headline" that is a description, a section's og:title)."""
    site = str(pm.values.get("site") or "")
    candidates = [c for c in (pm.og_title, pm.ld_headline, h1, pm.html_title) if c]
    refs = [r for r in (pm.html_title, h1) if r]
    for c in candidates:
        others = [r for r in refs if r is not c]
        if c is h1 and _site_part_only(h1, pm.html_title):
            continue  # the site's logo in <h1>, named again at the end of <title>
        if not others or any(_agrees(c, r) for r in others):
            return strip_site_suffix(c, site)
    return strip_site_suffix(pm.html_title or candidates[0], site) if candidates else ""


def title_keys(pm: PageMeta, h1: str, title: str) -> set[str]:
    """Keys of every title the page gives itself (``title``: the headline chosen): a block
    whose key is one of them is the headline, wherever it stands."""
    titles = {
        k
        for k in (
            title_key(title),
            title_key(pm.og_title),
            title_key(pm.ld_headline),
            title_key(h1),
        )
        if k
    }
    if pm.html_title:
        titles.add(title_key(strip_site_suffix(pm.html_title, str(pm.values.get("site") or ""))))
    return titles
