"""Filters that drop whole articles before they are written: ``--lang`` and ``--min-words``.

A :class:`Filter` is a small frozen (picklable) object the engine applies to each article
after the per-article steps. A dropped article is never silently lost: the engine turns it
into a dropped event carrying :meth:`Filter.why`, which the summary, the ``--report`` and
(``-v``) stderr count and explain.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.article import Article

#: Reason codes, as the summary and the report count them.
LANG = "lang"
MIN_WORDS = "min-words"


def primary_tag(language: object) -> str:
    """``"ar-SA"`` -> ``"ar"``; anything else -> ``"und"``."""
    if not isinstance(language, str) or not language.strip():
        return "und"
    return language.strip().replace("_", "-").split("-", 1)[0].lower()


def parse_languages(value: str) -> frozenset[str]:
    """``"ar, fa"`` -> ``{"ar", "fa"}``; ValueError for an empty list."""
    tags = frozenset(primary_tag(v) for v in value.replace(";", ",").split(",") if v.strip())
    if not tags:
        raise ValueError(f"expected language codes such as ar,fa, got {value!r}")
    return tags


def word_count(article: Article) -> int:
    """Whitespace-separated words of the body (title and subtitle not counted)."""
    return sum(len(block.text.split()) for block in article.blocks)


@dataclass(frozen=True, slots=True)
class Drop:
    """Why an article was dropped: a reason code and a one-line explanation."""

    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class Filter:
    """Which articles are kept. The default keeps every article."""

    #: Keep only articles whose language (``meta.language``, else the guess newsclean
    #: made when reading) has one of these primary tags. Empty: any language.
    languages: frozenset[str] = frozenset()
    #: Drop articles whose body has fewer words than this. 0: keep all.
    min_words: int = 0

    @property
    def active(self) -> bool:
        return bool(self.languages) or self.min_words > 0

    def why(self, article: Article) -> Drop | None:
        """None to keep ``article``, else why it is dropped (the first filter that says so)."""
        if self.languages:
            tag = primary_tag(article.meta.get("language"))
            if tag not in self.languages:
                wanted = ",".join(sorted(self.languages))
                return Drop(LANG, f"language {tag} is not one of --lang {wanted}")
        if self.min_words > 0:
            words = word_count(article)
            if words < self.min_words:
                return Drop(MIN_WORDS, f"{words} words, fewer than --min-words {self.min_words}")
        return None
