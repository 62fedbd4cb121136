"""The rule files: their TOML schema, checked and turned into :class:`Rule` objects.

A rule file (built-in ``newsclean/rules/strip_*.toml`` or a user's ``--rules FILE``)::

    language = "ar"                  # optional: which articles the file serves ("*": all)
    [[rules]]
    # why it is boilerplate (a comment per entry)
    id = "ar.disclaimer"             # shown by --explain and recorded in `removed`
    kind = "line"                    # line | tail | inline                 (default line)
    pattern = 'المقالات المنشورة ...'  # a Python regex, case-insensitive ...
    # text = "exact line"            # ... or an exact line (whitespace and case ignored)
    where = "any"                    # any | head | tail (line rules)       (default any)
    sentence = true                  # may also match one sentence inside a paragraph
    inline = false                   # tail markers: may run on without a ":" after them
    site = "example.com"             # only for articles of this site       (default: all)
    needs = ["©"]                    # fast pre-check: one of these must occur in the line

``line``: the whole line (or sentence) matches -> it goes. ``tail``: a marker ("Read also",
"أحدث المواد") after which the rest goes when it looks like a list of headlines. ``inline``: a
span removed wherever it occurs ("(Photo: AFP)"). In patterns a space means "some
whitespace"; Arabic-script letters also match their common variants (أ/إ/آ/ا, ي/ی/ى, ك/ک,
ه/ة) and the text is matched without diacritics or tatweel. ``{SEP}``, ``{W}``,
``{PLATFORM}`` and ``{NAME}`` are macros (see ``MACROS``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsclean import regex_cache
from newsclean.steps.boilerplate.fold import expand, fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

KINDS = ("line", "tail", "inline")
WHERE = ("any", "head", "tail")
_KEYS = {"id", "kind", "pattern", "text", "where", "sentence", "inline", "site", "why", "needs"}


class RulesError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule, as read from a rule file (see the module docstring)."""

    id: str
    kind: str = "line"
    pattern: str = ""  # compiled-ready regex source (macros and variants expanded)
    text: str = ""  # exact line, normalized with ``normalize_line``
    where: str = "any"
    sentence: bool = True
    inline: bool = False
    site: str = ""
    origin: str = ""  # file the rule came from, for messages
    needs: tuple[str, ...] = ()  # case-folded substrings, one of which must occur
    language: str = "*"  # the rule file's language ("*": every article)


def normalize_line(text: str) -> str:
    """Key for exact-text rules: whitespace collapsed, case folded, edges trimmed.

    >>> normalize_line("  All   Rights\\u00a0Reserved ")
    'all rights reserved'
    """
    return " ".join(text.split()).casefold()


def normalize_site(site: str) -> str:
    """``https://www.Example.com/x`` and ``www.example.com`` both become ``example.com``."""
    s = site.strip().lower()
    if "://" in s:
        s = s.split("://", 1)[1]
    s = s.split("/", 1)[0].split(":", 1)[0]
    return s[4:] if s.startswith("www.") else s


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    return regex_cache.compile(pattern, re.IGNORECASE)


def _rule_from_table(
    table: Mapping[str, Any], where_from: str, index: int, language: str = "*", check: bool = True
) -> Rule:
    label = f"{where_from}: rule #{index + 1}"
    if not isinstance(table, Mapping):
        raise RulesError(f"{label}: each [[rules]] entry must be a table")
    unknown = set(table) - _KEYS
    if unknown:
        raise RulesError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}")
    rid = table.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise RulesError(f"{label}: missing 'id' (a short name such as 'site.footer')")
    label = f"{where_from}: rule {rid!r}"
    kind = table.get("kind", "line")
    if kind not in KINDS:
        raise RulesError(f"{label}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    where = table.get("where", "any")
    if where not in WHERE:
        raise RulesError(f"{label}: where must be one of {', '.join(WHERE)}, not {where!r}")
    pattern, text = table.get("pattern"), table.get("text")
    if (pattern is None) == (text is None):
        raise RulesError(f"{label}: give exactly one of 'pattern' (regex) or 'text' (exact)")
    for key in ("sentence", "inline"):
        if key in table and not isinstance(table[key], bool):
            raise RulesError(f"{label}: {key} must be true or false")
    needs = table.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(x, str) and x for x in needs):
        raise RulesError(f"{label}: needs must be a list of non-empty strings")
    site = table.get("site", "")
    if not isinstance(site, str):
        raise RulesError(f"{label}: site must be a string such as 'example.com'")
    source = ""
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            raise RulesError(f"{label}: pattern must be a non-empty string")
        source = expand(pattern)
    elif not isinstance(text, str) or not normalize_line(text):
        raise RulesError(f"{label}: text must be a non-empty string")
    elif kind != "line":
        # exact text as a marker or span: match it literally, whitespace-tolerant
        source = r"\s+".join(re.escape(w) for w in fold(text).split())
    if source and check:
        try:
            compile_pattern(source)
        except re.error as exc:
            raise RulesError(f"{label}: bad pattern ({exc})") from None
    return Rule(
        id=rid.strip(),
        kind=kind,
        pattern=source,
        text=normalize_line(fold(text)) if isinstance(text, str) and not source else "",
        where=where,
        sentence=bool(table.get("sentence", True)),
        inline=bool(table.get("inline", False)),
        site=normalize_site(site) if site else "",
        origin=where_from,
        needs=tuple(x.casefold() for x in needs),
        language=language,
    )


def parse_rules(data: str, where_from: str = "<rules>", check: bool = True) -> tuple[Rule, ...]:
    """Rules from the text of a TOML rule file (``check``: compile each pattern now, to
    report a bad one; the built-ins are checked by the test suite and compiled on demand)."""
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{where_from}: not valid TOML ({exc})") from None
    tables = doc.get("rules", [])
    if not isinstance(tables, list):
        raise RulesError(f"{where_from}: 'rules' must be an array of tables ([[rules]])")
    language = doc.get("language", "*")
    if not isinstance(language, str) or not language:
        raise RulesError(f"{where_from}: language must be a code such as 'ar' (or '*' for all)")
    return tuple(_rule_from_table(t, where_from, i, language, check) for i, t in enumerate(tables))


def load_rules_file(path: str) -> tuple[Rule, ...]:
    """Rules from a user's TOML file."""
    try:
        data = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rules file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise RulesError(f"{path}: rules file is not UTF-8") from None
    return parse_rules(data, path)


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The rules shipped in ``newsclean/rules/strip_*.toml``, read once per process."""
    rules: list[Rule] = []
    folder = resources.files("newsclean") / "rules"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("strip_") and entry.name.endswith(".toml"):
            rules.extend(parse_rules(entry.read_text(encoding="utf-8"), entry.name, check=False))
    return tuple(rules)
