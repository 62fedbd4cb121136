"""The one data model every reader produces, every step transforms and every writer consumes.

Steps never mutate an Article: they return a new one (``Article.replace``), so the pure
per-article functions are safe to map over processes or a Dask cluster.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Top-level keys of the JSON contract; every other top-level key of a record is ``extra``.
JSON_KEYS = ("title", "subtitle", "text", "blocks", "meta", "removed")


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of body text, in reading order.

    ``hint`` is a reader's suggestion that the block is boilerplate (a rule id such as
    ``html.nav``), made where the reader had evidence a later step cannot see any more (the
    DOM). The reader never drops such a block; the strip step decides. Keeping the hint in
    the block keeps ``export --to jsonl | strip`` lossless.
    """

    type: str
    text: str
    level: int = 0  # heading level (2 = "##"); 0 for non-headings
    hint: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled to and from worker processes, thousands per run: the constructor and a
        # tuple, not the frozen dataclass's generic per-field state (half the time).
        return (Block, (self.type, self.text, self.level, self.hint))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.level:
            d["level"] = self.level
        if self.hint:
            d["hint"] = self.hint
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Block:
        return cls(
            type=str(d.get("type") or "paragraph"),
            text=str(d.get("text") or ""),
            level=int(d.get("level") or 0),
            hint=d.get("hint") or None,
        )


@dataclass(frozen=True, slots=True)
class Removal:
    """What a step took out, and why, so nothing is ever lost.

    ``position`` is the index of the block in the article as the step received it (``None``
    for text removed from inside a block or from the title/subtitle; ``field`` says which).
    """

    step: str
    rule: str
    text: str
    position: int | None = None
    field: str = "blocks"
    #: Evidence for a learned rule: the share of the site's articles the text was seen in.
    share: float | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # See Block.__reduce__.
        return (Removal, (self.step, self.rule, self.text, self.position, self.field, self.share))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"step": self.step, "rule": self.rule, "text": self.text}
        if self.position is not None:
            d["position"] = self.position
        if self.field != "blocks":
            d["field"] = self.field
        if self.share is not None:
            d["share"] = round(self.share, 3)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Removal:
        pos = d.get("position")
        return cls(
            step=str(d.get("step") or ""),
            rule=str(d.get("rule") or ""),
            text=str(d.get("text") or ""),
            position=int(pos) if pos is not None else None,
            field=str(d.get("field") or "blocks"),
            share=float(share) if isinstance((share := d.get("share")), (int, float)) else None,
        )


@dataclass(frozen=True, slots=True)
class Article:
    """A news article: title, optional standfirst, ordered blocks, metadata, carried fields.

    ``meta`` holds what newsclean knows about the article (``source`` — the input path or
    ``-`` —, ``url``, ``site``, ``author``, ``published``, ``language``, ``encoding``,
    ``format``, ``record`` — the index inside a multi-record input —, and what steps report,
    e.g. ``normalized`` counts). ``extra`` holds every input field newsclean does not use,
    carried through untouched to JSON output.
    """

    title: str = ""
    subtitle: str = ""
    blocks: tuple[Block, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    removed: tuple[Removal, ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        # See Block.__reduce__: articles come back from workers to the collection stages.
        fields = (self.title, self.subtitle, self.blocks, self.meta, self.extra, self.removed)
        return (type(self), fields)

    @property
    def held_chars(self) -> int:
        """Characters this article holds (text, title, what was removed): the measure of what
        a collection stage keeps waiting in memory."""
        return (
            len(self.title)
            + sum(len(b.text) for b in self.blocks)
            + sum(len(r.text) for r in self.removed)
        )

    @property
    def text(self) -> str:
        """The body as plain text: one block per paragraph, separated by a blank line."""
        return "\n\n".join(b.text for b in self.blocks if b.text)

    def replace(self, **changes: Any) -> Article:
        """A copy with some fields changed (lists are frozen to tuples)."""
        for key in ("blocks", "removed"):
            if key in changes and not isinstance(changes[key], tuple):
                changes[key] = tuple(changes[key])
        if type(self) is not Article or not changes.keys() <= _FIELDS:
            return dataclasses.replace(self, **changes)  # (and its error for a bad name)
        # The constructor directly: dataclasses.replace walks the fields each time, and
        # steps and engines replace a few times per article.
        get = changes.get
        return Article(
            get("title", self.title),
            get("subtitle", self.subtitle),
            get("blocks", self.blocks),
            get("meta", self.meta),
            get("extra", self.extra),
            get("removed", self.removed),
        )

    def with_meta(self, **values: Any) -> Article:
        """A copy with ``meta`` keys added or replaced."""
        return self.replace(meta={**self.meta, **values})

    def removing(self, removals: Iterable[Removal]) -> tuple[Removal, ...]:
        """``removed`` extended with new removals (helper for steps)."""
        return (*self.removed, *removals)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: carried fields first where they were, then ours."""
        d: dict[str, Any] = {k: v for k, v in self.extra.items() if k not in JSON_KEYS}
        d.update(
            title=self.title,
            subtitle=self.subtitle,
            text=self.text,
            blocks=[b.to_dict() for b in self.blocks],
            meta=dict(self.meta),
            removed=[r.to_dict() for r in self.removed],
        )
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        """Rebuild an Article from newsclean's own JSON output (lossless round trip)."""
        blocks = d.get("blocks")
        if not isinstance(blocks, list):
            text = str(d.get("text") or "")
            blocks = [{"type": "paragraph", "text": p} for p in text.split("\n\n") if p.strip()]
        return cls(
            title=str(d.get("title") or ""),
            subtitle=str(d.get("subtitle") or ""),
            blocks=tuple(Block.from_dict(b) for b in blocks if isinstance(b, Mapping)),
            meta=dict(d.get("meta") or {}),
            extra={k: v for k, v in d.items() if k not in JSON_KEYS},
            removed=tuple(Removal.from_dict(r) for r in d.get("removed") or ()),
        )

    @staticmethod
    def is_newsclean_dict(d: Mapping[str, Any]) -> bool:
        """True for a record newsclean wrote itself (so a pipe step continues from it)."""
        meta = d.get("meta")
        return (
            isinstance(d.get("blocks"), list)
            and isinstance(meta, Mapping)
            and "source" in meta
            and isinstance(d.get("removed"), list)
        )


#: Article's field names (``Article.replace`` builds the copy from them).
_FIELDS = frozenset(f.name for f in dataclasses.fields(Article))
