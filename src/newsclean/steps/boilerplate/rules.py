"""The rules in force: built-in and user rule files read once per set of options, scoped per
site, and routed by an article's language to a compiled :class:`Matcher`.

The rule-file format is described in :mod:`newsclean.steps.boilerplate.schema`; how rules
and text are folded to meet, in :mod:`~newsclean.steps.boilerplate.fold`; the index that
keeps most lines from meeting most rules, in :mod:`~newsclean.steps.boilerplate.dispatch`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from newsclean.steps.boilerplate.matcher import Matcher
from newsclean.steps.boilerplate.schema import Rule, builtin_rules, load_rules_file, normalize_site


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: cached per options
class RuleSet:
    """All rules in force: those for every site plus those scoped to one site."""

    general: tuple[Rule, ...]
    by_site: Mapping[str, tuple[Rule, ...]]

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> RuleSet:
        general: list[Rule] = []
        by_site: dict[str, list[Rule]] = {}
        for r in rules:
            if r.site:
                by_site.setdefault(r.site, []).append(r)
            else:
                general.append(r)
        return cls(tuple(general), {k: tuple(v) for k, v in by_site.items()})

    def site_for(self, keys: Iterable[str]) -> str:
        """The scoped site among ``keys`` (site names or hosts) that has rules, or ``""``."""
        for key in keys:
            k = normalize_site(key) if key else ""
            if not k:
                continue
            if k in self.by_site:
                return k
            # a rule for example.com also serves news.example.com
            for site in self.by_site:
                if k.endswith("." + site):
                    return site
        return ""


@lru_cache(maxsize=64)
def load_ruleset(builtin: bool = True, files: tuple[str, ...] = ()) -> RuleSet:
    """The rules for one set of options, read and compiled once per process."""
    rules: list[Rule] = list(builtin_rules()) if builtin else []
    for path in files:
        rules.extend(load_rules_file(path))
    return RuleSet.of(rules)


#: Which rule files serve an article of each language (sites in one language often borrow
#: labels from another: French pages say "Newsletter", Persian pages quote Arabic, Arabic
#: pages keep English widgets). Rules are indexed by first letter, so another script's
#: rules cost an article almost nothing.
LANGUAGE_RULES: dict[str, frozenset[str]] = {
    "ar": frozenset({"ar", "en"}),
    "fa": frozenset({"fa", "ar", "en"}),
    "ur": frozenset({"ur", "fa", "ar", "en"}),
    "en": frozenset({"en", "fr"}),
    "fr": frozenset({"fr", "en"}),
    "de": frozenset({"en"}),
    "es": frozenset({"en"}),
}


@lru_cache(maxsize=256)
def matcher_for(ruleset: RuleSet, site: str, language: str = "") -> Matcher:
    """The compiled matcher for the general rules plus those of ``site``, limited to the rule
    files that serve ``language`` (all of them when the language is unknown)."""
    wanted = LANGUAGE_RULES.get(language)
    rules = (*ruleset.general, *ruleset.by_site.get(site, ()))
    if wanted is not None:
        rules = tuple(r for r in rules if r.language == "*" or r.language in wanted)
    return Matcher.build(rules)
