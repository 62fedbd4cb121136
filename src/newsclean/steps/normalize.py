"""The normalize step: consistent typography and repaired encoding damage, no word changed.

``normalize(article, NormalizeOptions())`` applies the ``newsclean.text`` fixes to the
title, the subtitle and every block, and records how many changes of each kind it made in
``meta["normalized"]`` (added to the counts of earlier runs, so rerunning is a no-op).
Preformatted blocks (code) only get the encoding fixes, never typography.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from functools import cache, partial

from newsclean import lang
from newsclean.article import Article, Block
from newsclean.steps.normalize_fixes import (
    DASH_CHOICES,
    DIGIT_CHOICES,
    DONE,
    ELLIPSIS_CHOICES,
    QUOTE_CHOICES,
    Context,
    NormalizeOptions,
    Plan,
    Stage,
    plan,
    run_stage,
)
from newsclean.steps.normalize_gate import SURROGATES, first_stages, rare_pattern
from newsclean.text import arabic, invisible
from newsclean.text.entities import fix_entities_counted
from newsclean.text.mojibake import fix_mojibake_counted
from newsclean.text.mojibake import triggers as mojibake_triggers
from newsclean.text.quotes import (
    QuoteStyle,
    fix_quotes_counted,
    marks_in,
    style_for,
)
from newsclean.text.spans import apply_outside, may_protect

__all__ = [
    "DASH_CHOICES",
    "DIGIT_CHOICES",
    "ELLIPSIS_CHOICES",
    "QUOTE_CHOICES",
    "NormalizeOptions",
    "normalize",
    "normalize_text",
]


Counts = MutableMapping[str, int]


# The typography fixes run stage by stage in the registry's order (normalize_fixes.FIXES),
# an order that makes one pass enough (idempotence): spaces collapsed first, so every later
# rule sees single spaces and none of them makes a run; brackets, then quotes, settle
# before the Arabic punctuation rule (it must see "كذا»,") and before the spacing rules
# (they must see the final marks).


# The stages as plain ints for the comparisons made per text: comparing IntEnum members
# costs several times an int comparison (measured ~6x, Python 3.11).
_RARE, _LETTERS, _SPACES, _MARKS, _QUOTES, _AFTER = (
    int(Stage.RARE),
    int(Stage.LETTERS),
    int(Stage.SPACES),
    int(Stage.MARKS),
    int(Stage.QUOTES),
    int(Stage.AFTER),
)


def _after(text: str, ctx: Context, protect: bool) -> str:
    if protect:
        return apply_outside(text, partial(run_stage, Stage.AFTER, ctx=ctx))
    return run_stage(Stage.AFTER, text, ctx)


def normalize_text(
    text: str,
    options: NormalizeOptions,
    language: str = "und",
    counts: Counts | None = None,
    *,
    preformatted: bool = False,
    style: QuoteStyle | None = None,
) -> str:
    """Normalize one string; add the changes made, per kind, to ``counts``.

    >>> normalize_text('مشيراً إلى"النجاحات السياسية"  التي', NormalizeOptions(), "ar")
    'مشيراً إلى «النجاحات السياسية» التي'
    """
    if not text:
        return text
    c: Counts = {} if counts is None else counts
    return _normalize_from(Stage.RARE, text, options, language, c, preformatted, style)


def _normalize_from(
    start: int,
    text: str,
    options: NormalizeOptions,
    language: str,
    c: Counts,
    preformatted: bool,
    style: QuoteStyle | None,
    quote_marks: tuple[str, ...] | None = None,
    fixes: Plan | None = None,
) -> str:
    """normalize_text from stage ``start`` on; the earlier stages must be no-ops on
    ``text`` (nothing changed, nothing counted), so skipping them changes nothing.
    ``quote_marks``: the only quotation marks ``text`` can hold before the quote fix;
    ``fixes``: ``plan(options)``, when the caller has it."""
    found: frozenset[str] = _NONE
    # One scan for every rare character a fix cares about; fixes whose characters are
    # absent are skipped (most news text needs none of them). The same scan removes the
    # invisible characters when nothing that must run before it (surrogates, entities,
    # mojibake) is present, which is the common case.
    fast: str | None = text
    if start <= _RARE:
        found, fast = _scan(text, options, language, c)
    if fast is not None:
        text = fast
    else:
        if found & SURROGATES:
            text = invisible.fix_surrogates_counted(text, c)
        if options.entities and not preformatted and "&" in found:
            text = fix_entities_counted(text, c)
        if options.presentation_forms and found & arabic.presentation_chars():
            # Before mojibake: the letters it yields must be seen by the repair now, not
            # on a second run.
            text = arabic.fix_presentation_forms(text, c)
        # Repair and invisible removal can each reveal work for the other (a stray joiner
        # hid a mojibake pair); a few rounds reach the fixed point a second run would.
        for _ in range(3):
            before = text
            if options.mojibake and found & mojibake_triggers():
                if options.invisible:
                    # What the invisible fix would change in ways that make new mojibake
                    # evidence (joining words, C1 controls becoming “ …) happens first.
                    text = invisible.remove_early_counted(text, c, keep_bidi=options.keep_bidi)
                    text = invisible.convert_c1_counted(text, c)
                text, kinds = fix_mojibake_counted(text)
                for kind, n in kinds.items():
                    c[f"mojibake_{kind}"] = c.get(f"mojibake_{kind}", 0) + n
                found = _rare(text)
            if options.invisible and found & invisible.invisible_chars():
                text = invisible.fix_invisible_counted(
                    text, c, keep_narrow_nbsp=language == "fr", keep_bidi=options.keep_bidi
                )
                found = _rare(text)
            if text == before or not (options.mojibake and found & mojibake_triggers()):
                break
    if fixes is None:
        fixes = plan(options)
    ctx = Context(options, c, fixes, language == "fr", found, style, quote_marks)
    if start <= _LETTERS and not text.isascii():
        text = run_stage(Stage.LETTERS, text, ctx)
    if not preformatted and start <= _AFTER:
        if style is None and options.quotes != "keep":
            ctx.style = style_for(options.quotes, language)
        if start <= _SPACES:
            # Whole text (trimming must see real line ends, not protected-span edges).
            text = run_stage(Stage.SPACES, text, ctx)
        # A text that may hold a protected span is fixed from the first stage.
        protect = start == _RARE and may_protect(text)
        if protect:
            text = apply_outside(text, partial(run_stage, Stage.MARKS, ctx=ctx))
        elif start <= _MARKS:
            text = run_stage(Stage.MARKS, text, ctx)
        unpaired = c.get("quotes_unbalanced", 0)
        quoted = run_stage(Stage.QUOTES, text, ctx) if start <= _QUOTES else text
        text = _after(quoted, ctx, protect)
        if c.get("quotes_unbalanced", 0) > unpaired and text != quoted:
            # A spacing fix may have made an unpaired line pairable ("،«" became "، «");
            # one more round now keeps a second run from finding work (idempotence).
            again: dict[str, int] = {}
            retried = fix_quotes_counted(text, ctx.style, again)
            if retried != text:
                again.pop("quotes_unbalanced", None)
                for kind, n in again.items():
                    c[kind] = c.get(kind, 0) + n
                text = _after(retried, ctx, protect)
    return run_stage(Stage.LOSSY, text, ctx)


def _rare(text: str) -> frozenset[str]:
    return frozenset(rare_pattern().findall(text))


_NONE: frozenset[str] = frozenset()


@cache
def _first_fixes() -> frozenset[str]:
    """Characters whose fixes must run before the invisible-character fix."""
    return mojibake_triggers() | SURROGATES | {"&"}


def _scan(
    text: str, options: NormalizeOptions, language: str, counts: Counts
) -> tuple[frozenset[str], str | None]:
    """(rare characters present, text with invisible characters fixed — or None when an
    earlier fix must run first, in which case nothing was counted)."""
    if not options.invisible:
        return _rare(text), None
    if rare_pattern().search(text) is None:
        return _NONE, text  # the common case: one scan, no callback set up
    seen: set[str] = set()
    local: dict[str, int] = {}
    fix = invisible.replacer(local, keep_narrow_nbsp=language == "fr", keep_bidi=options.keep_bidi)
    listed = invisible.invisible_chars()

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        seen.add(ch)
        return fix(m) if ch in listed else ch

    out = rare_pattern().sub(repl, text)
    found = frozenset(seen)
    if found & _first_fixes():
        return found, None
    for kind, n in local.items():
        counts[kind] = counts.get(kind, 0) + n
    return found, out


def _language(article: Article, options: NormalizeOptions) -> str:
    if options.language != "auto":
        return options.language
    known = article.meta.get("language")
    if isinstance(known, str) and known and known != "und":
        return known.split("-")[0].lower()
    # The title and the first 20 blocks, joined; lang.detect reads only a prefix of
    # lang.SAMPLE characters, so blocks past it are not copied.
    parts = [article.title]
    size = len(article.title)
    for block in article.blocks[:20]:
        if size >= lang.SAMPLE:
            break
        parts.append(block.text)
        size += 1 + len(block.text)
    return lang.detect("\n".join(parts))


def normalize(article: Article, options: NormalizeOptions | None = None) -> Article:
    """Normalize the title, subtitle and every block of ``article``.

    Counts of each kind of change go to ``meta["normalized"]`` as ``{kind: count}``.
    """
    options = options or NormalizeOptions()
    language = _language(article, options)
    style = style_for(options.quotes, language) if options.quotes != "keep" else None
    counts: dict[str, int] = {}
    texts = [article.title, article.subtitle, *(b.text for b in article.blocks)]
    whole = "\n".join(texts)
    marks = marks_in(whole)
    first = first_stages(texts, whole, marks, options, language, style)
    fixes = plan(options)
    # A text fixed from a later stage than the first holds no quotation mark the article
    # lacks (only the first stage can make one: entities, C1 controls, mojibake).

    def run(start: int, text: str) -> str:
        quote_marks = marks if start > _RARE else None
        return _normalize_from(
            start, text, options, language, counts, False, style, quote_marks, fixes
        )

    title, subtitle = (
        text if start == DONE else run(start, text)
        for text, start in zip(texts[:2], first, strict=False)
    )
    blocks = []
    for block, start in zip(article.blocks, first[2:], strict=True):
        if block.type == "preformatted":
            text = normalize_text(
                block.text, options, language, counts, preformatted=True, style=style
            )
        elif start == DONE:
            blocks.append(block)
            continue
        else:
            text = run(start, block.text)
        # A Block built directly: what dataclasses.replace does, without its field walk.
        blocks.append(
            block if text == block.text else Block(block.type, text, block.level, block.hint)
        )
    previous = article.meta.get("normalized")
    total = dict(previous) if isinstance(previous, dict) else {}
    for kind, n in counts.items():
        total[kind] = total.get(kind, 0) + n
    # One copy: what article.replace(...).with_meta(normalized=...) makes, in one step.
    meta = {**article.meta, "normalized": dict(sorted(total.items()))}
    return article.replace(title=title, subtitle=subtitle, blocks=tuple(blocks), meta=meta)
