"""The dispatch index: rules indexed by the characters and strings their matches can start
with, so a line or a place in a paragraph is tried only against the few rules that could
match there (most meet none)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from newsclean import regex_cache
from newsclean.steps.boilerplate.analysis import first_chars, needles, prefix_rx
from newsclean.steps.boilerplate.schema import Rule, compile_pattern

#: How many characters of a text key the candidate rules (see ``prefixes``).
_KEY = 4
#: Most text keys whose candidates one dispatch table keeps.
_KEYS_KEPT = 50_000


#: How many characters ``Dispatch.fitting`` reads at a place whose key has candidates.
_LONG_KEY = 8


#: Tries of one crowded first letter after which its rules get a combined pattern.
_COMBINE_AFTER = 1000


@lru_cache(maxsize=1024)
def _combine(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # one alternation, group ``g<k>`` for the k-th pattern (the first that matches wins, as
    # when they are tried in turn); keyed by the patterns, so the matchers of several
    # languages that meet the same rules under one letter share the (slow) compile
    source = "|".join(f"(?P<g{k}>{p})" for k, p in enumerate(patterns))
    return regex_cache.compile(source, re.IGNORECASE)


class Dispatch:
    """Rules indexed by the first character they can match: a line is only tried against
    the few rules that could start with its first character (most lines meet none)."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.pattern]
        # compiled on first use: a run meets only the rules its text's first letters reach
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self.rules)
        firsts = [first_chars(r.pattern) for r in self.rules]
        always = {i for i, f in enumerate(firsts) if f is None}
        by_char: dict[str, set[int]] = {}
        for i, f in enumerate(firsts):
            for c in f or ():
                by_char.setdefault(c, set()).add(i)
        self.table = {c: tuple(sorted(ix | always)) for c, ix in by_char.items()}
        self.default = tuple(sorted(always))
        self.starts = frozenset(by_char) if not always else None
        self._combined: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._seen: dict[tuple[int, ...], int] = {}  # tries of each crowded letter so far
        # per candidate tuple, its rules' compiled patterns in order (built on first use)
        self._plans: dict[tuple[int, ...], list[tuple[re.Pattern[str], Rule]]] = {}
        # for ``finditer`` (built on first use): literal strings one of which each rule's
        # match needs, and their union when every rule has some
        self._needles: list[tuple[str, ...] | None] | None = None
        self._any_needle: tuple[str, ...] | None = None
        # per rule, a regex its matches begin with (see ``prefixes``; built on first use),
        # and per text key (its first ``_KEY`` characters) the candidates that pass them
        self._pre: list[re.Pattern[str] | None] | None = None
        self._by_key: dict[str, tuple[int, ...]] = {}
        # per rule, the same on ``_LONG_KEY`` characters (``fitting``; built on first use),
        # and per long key (a place's first ``_LONG_KEY`` characters) whether one fits
        self._pre_long: dict[int, re.Pattern[str] | None] = {}
        self._long_fits: dict[str, bool] = {}

    def compiled(self, i: int) -> re.Pattern[str]:
        rx = self._compiled[i]
        if rx is None:
            rx = self._compiled[i] = compile_pattern(self.rules[i].pattern)
        return rx

    def candidates(self, text: str, pos: int = 0) -> tuple[int, ...]:
        """The rules (indexes, in order) that may match ``text`` at ``pos``: those indexed
        under its first character whose beginning also fits its next few characters."""
        key = text[pos : pos + _KEY]
        found = self._by_key.get(key)
        if found is None:
            found = self._key_candidates(key)
        return found

    def _key_candidates(self, key: str) -> tuple[int, ...]:
        pre = self._pre
        if pre is None:
            pre = self._pre = [prefix_rx(r.pattern, _KEY) for r in self.rules]
        first = self.table.get(key[0], self.default) if key else self.default
        found = tuple(i for i in first if (rx := pre[i]) is None or rx.match(key) is not None)
        if len(self._by_key) >= _KEYS_KEPT:
            self._by_key.clear()  # bounded memory; the common keys come back at once
        self._by_key[key] = found
        return found

    def _plan(self, cands: tuple[int, ...]) -> list[tuple[re.Pattern[str], Rule]]:
        plan = self._plans.get(cands)
        if plan is None:
            plan = self._plans[cands] = [(self.compiled(i), self.rules[i]) for i in cands]
        return plan

    def fullmatch(self, text: str) -> Rule | None:
        cands = self._by_key.get(text[:_KEY])
        if cands is None:
            cands = self._key_candidates(text[:_KEY])
        if not cands:
            return None
        if len(cands) > 4:
            # a crowded first letter (Arabic "ال..."): one combined pattern — but compiling one
            # costs as much as thousands of tries of its rules one by one, so a letter only
            # earns it once it is met often (the rules' own patterns serve until then)
            rx = self._combined.get(cands)
            if rx is None:
                seen = self._seen[cands] = self._seen.get(cands, 0) + 1
                if seen < _COMBINE_AFTER:
                    for crx, rule in self._plan(cands):
                        if crx.fullmatch(text) is not None:
                            return rule
                    return None
                rx = self._combined[cands] = _combine(tuple(self.rules[i].pattern for i in cands))
            m = rx.fullmatch(text)
            if m is None or not m.lastgroup:
                return None
            return self.rules[cands[int(m.lastgroup[1:])]]
        for crx, rule in self._plan(cands):
            if crx.fullmatch(text) is not None:
                return rule
        return None

    def matches(self, text: str, pos: int = 0) -> list[tuple[Rule, int]]:
        """Every rule matching at ``pos``, with the end of its match."""
        cands = self.candidates(text, pos)
        if not cands:
            return []
        found = []
        for crx, rule in self._plan(cands):
            m = crx.match(text, pos)
            if m is not None:
                found.append((rule, m.end()))
        return found

    def _rule_needles(self) -> list[tuple[str, ...] | None]:
        rule_needles = self._needles
        if rule_needles is None:
            rule_needles = self._needles = [needles(r.pattern) for r in self.rules]
            if all(need is not None for need in rule_needles):
                self._any_needle = tuple(sorted({x for need in rule_needles for x in need or ()}))
        return rule_needles

    def may_find(self, text: str) -> bool:
        """False when ``finditer`` surely finds nothing in ``text`` nor in any part of it
        (checked once on a whole article, it spares the scan of each line)."""
        if not self.rules:
            return False
        self._rule_needles()
        if self._any_needle is not None:
            return any(x in text for x in self._any_needle)
        return self.starts is None or any(c in text for c in self.starts)

    def fitting(self, text: str, places: Iterable[int]) -> list[int]:
        """The places (offsets in ``text``) where some rule's beginning fits the text."""
        known = self._by_key
        found = []
        for p in places:
            # (the key table answers for keys whose first character no rule starts with too)
            key = text[p : p + _KEY]
            cands = known.get(key)
            if cands is None:
                cands = self._key_candidates(key)
            if not cands:
                continue
            # a fitting key ("The ") is checked again on more characters ("The view"):
            # a place is worth splitting a paragraph for only when a rule may start there.
            # The prefixes read no further than those characters, so the verdict is kept per
            # long key: sentences often begin alike ("The new ", "You can "), and trying a
            # crowded key's rules one by one costs more than the rest of the place
            long = text[p : p + _LONG_KEY]
            fits = self._long_fits.get(long)
            if fits is None:
                fits = self._long_fit(long, cands)
            if fits:
                found.append(p)
        return found

    def _long_fit(self, long: str, cands: tuple[int, ...]) -> bool:
        """Whether the beginning of some rule of ``cands`` (those of ``long[:_KEY]``) fits
        ``long`` on ``_LONG_KEY`` characters; remembered per ``long``."""
        fits = any(self._fits_long(i, long) for i in cands)
        if len(self._long_fits) >= _KEYS_KEPT:
            self._long_fits.clear()  # bounded memory, as for ``_by_key``
        self._long_fits[long] = fits
        return fits

    def _fits_long(self, i: int, long: str) -> bool:
        if i in self._pre_long:
            rx = self._pre_long[i]
        else:
            rx = self._pre_long[i] = prefix_rx(self.rules[i].pattern, _LONG_KEY)
        return rx is None or rx.match(long) is not None

    def hit_positions(self, text: str) -> list[int] | None:
        """Where in ``text`` a match of some rule may start (``None``: anywhere): at a needle
        every match of its rule starts with, when the rule's beginning fits the text there.
        A part of ``text`` can only have matches at these places."""
        self._rule_needles()
        if self._any_needle is None:
            return None
        found = []
        for x in self._any_needle:
            p = text.find(x)
            while p != -1:
                if self.candidates(text, p):
                    found.append(p)
                p = text.find(x, p + 1)
        return found

    def finditer(self, text: str) -> list[tuple[int, int, Rule]]:
        rule_needles = self._rule_needles()
        order: Iterable[int]
        if self._any_needle is not None:
            # every match starts at one of the needles: only the rules whose beginning fits
            # the text at some needle can match ("(واس)" is not "(Photo: ...)")
            live: set[int] = set()
            for x in self._any_needle:
                p = text.find(x)
                while p != -1:
                    live.update(self.candidates(text, p))
                    p = text.find(x, p + 1)
            if not live:
                return []
            order = sorted(live)
        elif self.starts is not None and not any(c in text for c in self.starts):
            return []
        else:
            order = range(len(self.rules))
        found = [
            (m.start(), m.end(), self.rules[i])
            for i in order
            if (need := rule_needles[i]) is None or any(x in text for x in need)
            for m in self.compiled(i).finditer(text)
        ]
        found.sort(key=lambda t: t[0])
        return found


Gated = list[tuple[re.Pattern[str], Rule]]
