"""The matcher: the rules that apply to one site, compiled into a few dispatch tables, and
the questions the strip step asks of a (folded) line, sentence or paragraph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsclean import regex_cache
from newsclean.steps.boilerplate.dispatch import Dispatch, Gated
from newsclean.steps.boilerplate.schema import WHERE, Rule, compile_pattern, normalize_line
from newsclean.steps.boilerplate.witness import (
    CaseView,
    Witness,
    ascii_word,
    is_caseless,
    may_hold,
)

_CAPITAL = regex_cache.compile(r"[A-ZÀ-ÞĀ-ſ]")


@dataclass(slots=True)
class Matcher:
    """The rules that apply to one site, compiled into a few combined patterns.

    Rules whose pattern is anchored at its first word share one alternation per position
    class (a miss costs a few steps); rules with ``needs`` (patterns that may begin anywhere
    in the line, slow to try) are tried alone and only when one of their words occurs.
    """

    line: dict[str, Dispatch] = field(default_factory=dict)
    gated_all: Gated = field(default_factory=list)
    sentence: Dispatch = field(default_factory=lambda: Dispatch([]))
    literal: dict[str, Rule] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    tail_any: Dispatch = field(default_factory=lambda: Dispatch([]))
    inline: Dispatch = field(default_factory=lambda: Dispatch([]))
    _witness: Witness | None = None

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> Matcher:
        rules = list(rules)
        m = cls()
        line_rules = [r for r in rules if r.kind == "line" and r.pattern]
        free = [r for r in line_rules if not r.needs]
        gated = [r for r in line_rules if r.needs]
        for where in WHERE:
            m.line[where] = Dispatch([r for r in free if r.where == where])
        m.sentence = Dispatch([r for r in free if r.sentence and r.where == "any"])
        m.gated_all = [(compile_pattern(r.pattern), r) for r in gated]
        m.needs = tuple(sorted({w for r in gated for w in r.needs}))
        m.literal = {r.text: r for r in rules if r.kind == "line" and r.text}
        tails = [r for r in rules if r.kind == "tail"]
        m.tail_any = Dispatch(tails)
        m.inline = Dispatch([r for r in rules if r.kind == "inline"])
        return m

    # All matching methods take text already passed through ``fold`` (the caller folds each
    # line once and maps positions back only for the rare hit).

    def needs_in(self, text: str, view: CaseView | None = None) -> tuple[str, ...]:
        """The ``needs`` words that occur in ``text`` (e.g. a whole article): a line of it can
        only hold these, so ``gate(line, needs_in(article))`` checks fewer words per line.
        ``view``: a ``CaseView`` of ``text`` the caller goes on using."""
        # most words are ruled out by a missing letter (see ``witness``), at almost no cost
        if not self.needs:
            return ()
        if self._witness is None:
            self._witness = Witness(self.needs)
        return self._witness.present(text, _CAPITAL, view)

    def gates(self, texts: list[str]) -> list[Gated]:
        """``[self.gate(t) for t in texts]``, the lines of one article, found together.

        The article's words come first (``needs_in``; most articles hold none). A line is then
        looked up only for those, and an ASCII word in the line's share of the article's
        lower-cased ASCII bytes (``CaseView.ascii_lines``): no line is casefolded."""
        if not self.needs:
            return [[] for _ in texts]
        view = CaseView("\n".join(texts))
        needs = self.needs_in(view.text, view)
        if not needs:
            return [[] for _ in texts]
        lines = view.ascii_lines() if any(ascii_word(w) for w in needs) else None
        if lines is not None and len(lines) != len(texts):
            lines = None  # a text holding "\n" itself: look it up as ``gate`` does
        plans: dict[frozenset[str], Gated] = {}
        out: list[Gated] = []
        for k, text in enumerate(texts):
            present = set()
            for w in needs:
                if is_caseless(w):
                    if w in text:
                        present.add(w)
                elif lines is not None and ascii_word(w):
                    if w.encode() in lines[k]:
                        present.add(w)
                elif self._word_gate(text, w):
                    present.add(w)
            if not present:
                out.append([])
                continue
            key = frozenset(present)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = [
                    (rx, r) for rx, r in self.gated_all if not key.isdisjoint(r.needs)
                ]
            out.append(list(plan))
        return out

    def _word_gate(self, text: str, w: str) -> bool:
        # what ``gate`` does for one word that is not caseless
        if not may_hold(text, w):
            return False
        return w in (text.casefold() if _CAPITAL.search(text) else text)

    def gate(self, text: str, needs: tuple[str, ...] | None = None) -> Gated:
        """The rules with ``needs`` whose words occur in ``text`` (checked once per line;
        a sentence of the line can only match rules its line passed). ``needs``: the words
        to look for, when known to be fewer than all (see ``needs_in``)."""
        words = self.needs if needs is None else needs
        if not words:
            return []
        # lower-casing a long Arabic line costs more than the checks: only when it has capitals,
        # and only for words with letters that fold ("حقوق" and "©" are found as they are)
        folded: str | None = None
        present = set()
        for w in words:
            if is_caseless(w):
                if w in text:
                    present.add(w)
                continue
            if not may_hold(text, w):
                continue  # a letter of it is missing: most Latin words in an Arabic line
            if folded is None:
                folded = text.casefold() if _CAPITAL.search(text) else text
            if w in folded:
                present.add(w)
        if not present:
            return []
        return [(rx, r) for rx, r in self.gated_all if not present.isdisjoint(r.needs)]

    def match_line(
        self, text: str, head: bool = False, tail: bool = False, gate: Gated | None = None
    ) -> Rule | None:
        """The rule a whole (stripped, folded) line matches; ``head``/``tail``: where it sits;
        ``gate``: ``self.gate(text)`` if the caller has it."""
        if self.literal:
            hit = self.literal.get(normalize_line(text))
            if hit is not None and (
                hit.where == "any"
                or (hit.where == "head" and head)
                or (hit.where == "tail" and tail)
            ):
                return hit
        line = self.line
        found = line["any"].fullmatch(text)
        if found is None and head:
            found = line["head"].fullmatch(text)
        if found is None and tail:
            found = line["tail"].fullmatch(text)
        if found is not None:
            return found
        for rx, rule in self.gate(text) if gate is None else gate:
            where_ok = rule.where == "any" or (head if rule.where == "head" else tail)
            if where_ok and rx.fullmatch(text) is not None:
                return rule
        return None

    def match_sentence(self, text: str, gate: Gated | None = None) -> Rule | None:
        """The rule one (folded) sentence inside a paragraph matches; ``gate``: the gate of
        the sentence's line."""
        if self.literal:
            hit = self.literal.get(normalize_line(text))
            if hit is not None and hit.sentence and hit.where == "any":
                return hit
        found = self.sentence.fullmatch(text)
        if found is not None:
            return found
        for rx, rule in self.gate(text) if gate is None else gate:
            if rule.sentence and rule.where == "any" and rx.fullmatch(text) is not None:
                return rule
        return None

    def tail_marker(self, text: str, pos: int = 0) -> tuple[Rule, int] | None:
        """The tail marker starting at ``pos`` of folded ``text`` (the longest), as
        ``(rule, end)``; ``None`` if none. A marker must end at a word boundary."""
        best: tuple[Rule, int] | None = None
        for rule, end in self.tail_any.matches(text, pos):
            if end < len(text) and text[end].isalnum():
                continue
            # the longest marker wins; on a tie, the one trusted to run on (inline)
            if best is None or (end, rule.inline) > (best[1], best[0].inline):
                best = (rule, end)
        return best

    def line_prefixes(self, text: str, pos: int = 0) -> list[tuple[Rule, int]]:
        """Line rules (for any position) whose pattern matches a prefix of ``text[pos:]``."""
        return self.line["any"].matches(text, pos)

    def inline_spans(self, text: str) -> list[tuple[int, int, Rule]]:
        """Spans of ``inline`` rules anywhere in folded ``text``."""
        return self.inline.finditer(text)
