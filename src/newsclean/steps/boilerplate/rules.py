"""Boilerplate rules as data: read the TOML rule files, check them, compile them once.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsclean.steps.boilerplate.prefixes import prefix_source
from newsclean.steps.boilerplate.witness import (
    CaseView,
    Witness,
    ascii_word,
    is_caseless,
    may_hold,
)
from newsclean.text.chars import ignorable, letter_groups

if sys.version_info >= (3, 11):
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import sre_parse

    import tomli as tomllib

KINDS = ("line", "tail", "inline")
WHERE = ("any", "head", "tail")
_KEYS = {"id", "kind", "pattern", "text", "where", "sentence", "inline", "site", "why", "needs"}

MACROS: dict[str, str] = {
    # what separates a label from its value: "Read also: ...", "اقرأ أيضا - ..."
    "SEP": r"\s*[:：\-–—|»]\s*",
    # one word, stopping before a label's delimiter ("More from Reuters: ...")
    "W": r"[^\s:：|»\-–—]+",
    # a person's name of up to five words
    "NAME": r"\S+(?:\s+\S+){0,4}",
    # social networks and messengers named in share/follow prompts
    "PLATFORM": (
        r"(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|telegram|whatsapp|threads|"
        r"snapchat|pinterest|reddit|google news|"
        # each spelling once as matched (a pattern's letters match their variants, so
        # "إنستغرام" is "انستغرام" and "یوتیوب" is "يوتيوب"): two names matching the same
        # text make a repeated list of them ambiguous, and a near-miss exponential to reject
        r"فيسبوك|فيس بوك|فيسبووك|تويتر|إكس|انستغرام|انستجرام|"
        r"يوتيوب|تيك توك|تلغرام|تيليغرام|تيليجرام|تلجرام|واتساب|واتس آب|سناب شات|"
        r"لينكدإن|"
        r"اینستاگرام|تلگرام|توییتر|واتساپ|"
        r"فیس بک|ٹوئٹر|ٹویٹر|یوٹیوب|انسٹاگرام|ٹیلی گرام)"
    ),
}
_MACRO_RE = re.compile(r"\{(" + "|".join(MACROS) + r")\}")

# Matching runs on a lightly folded copy of the text (the output is never changed): the
# marks, tatweel and the other characters ``chars_arabic.toml`` lists as ignorable for
# ``match`` are dropped, and ZWNJ counts as a space (Persian "اشتراک‌گذاری" matches a
# pattern written "اشتراک گذاری"). Letters that scraped text spells interchangeably (hamza
# on alef, Persian/Arabic yeh and kaf, teh marbuta as heh) are handled in the patterns
# instead: each becomes a character class when a rule file is loaded, so a rule written
# "اقرأ أيضاً" also matches "اقرا ايضا". Most text needs no folding at all.
_IGNORED = ignorable("match")
_DROPPED = "".join(sorted(c for c, by in _IGNORED.items() if not by))
_DROP_RX = re.compile("[" + re.escape(_DROPPED) + "]")
_FOLD_NEEDED = re.compile("[" + re.escape("".join(sorted(_IGNORED))) + "]")
_VARIANTS = letter_groups("match")


_CAPITAL = re.compile(r"[A-ZÀ-ÞĀ-ſ]")


def fold(text: str) -> str:
    """The matching form of ``text``: no diacritics or tatweel, ZWNJ as a space.

    >>> fold("أيضاً") == "أيضا"
    True
    """
    if _FOLD_NEEDED.search(text) is None:
        return text
    for c in _SPACED:
        text = text.replace(c, " ")
    return _DROP_RX.sub("", text)


# every character ``fold`` drops or replaces, for one-character ``in`` tests (fast even on
# long Arabic text, where a regex character class is slow)
_FOLD_CHARS = tuple(sorted(_IGNORED))
_SPACED = tuple(c for c in _FOLD_CHARS if _IGNORED[c] == " ")


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, looking for foldable characters once in all of them.

    The characters the texts hold are then replaced one by one (``str.replace`` finds a
    character at memchr speed; ``_DROP_RX`` tests its class at every character of a line)."""
    joined = "\n".join(texts)
    present = [(c, _IGNORED[c]) for c in _FOLD_CHARS if c in joined]
    if not present:
        return list(texts)
    out = []
    for t in texts:
        for c, by in present:
            t = t.replace(c, by)  # (the same string when it holds no ``c``)
        out.append(t)
    return out


def folded_pos(text: str, pos: int) -> int:
    """Where index ``pos`` of ``text`` lands in ``fold(text)``."""
    return pos - len(_DROP_RX.findall(text, 0, pos))


def original_pos(text: str, fpos: int) -> int:
    """Where index ``fpos`` of ``fold(text)`` came from in ``text`` (marks that fold drops
    belong to the letter before them, so they go with it).

    >>> original_pos("يومياً.", 5), original_pos("يومياً", 5)
    (6, 6)
    """
    pos = fpos
    for m in _DROP_RX.finditer(text):
        if m.start() > pos:
            break
        pos += 1
    return pos


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


def expand(pattern: str) -> str:
    """Expand macros, make spaces flexible and fold Arabic-script letters like the text.

    >>> import re
    >>> rx = re.compile(expand("اقرأ أيضاً"))
    >>> all(rx.fullmatch(fold(s)) for s in ("اقرأ أيضا", "إقرا  أيضاً", "اقرأ ايضًا"))
    True
    """
    pattern = _MACRO_RE.sub(lambda m: MACROS[m.group(1)], pattern)
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append(c)
            elif c in _DROPPED:
                pass
            else:
                out.append(_VARIANTS.get(c, c))
        elif c == "[":
            in_class = True
            out.append(c)
            # a "]" right after "[" or "[^" is a literal, not the end of the class
            for lead in ("^", "]"):
                if i + 1 < n and pattern[i + 1] == lead:
                    out.append(lead)
                    i += 1
        elif c == " ":
            # a space followed by a quantifier keeps its literal meaning
            out.append(" " if i + 1 < n and pattern[i + 1] in "*+?{" else r"\s+")
        elif c in _DROPPED:
            pass  # diacritics and tatweel written in a pattern: the text is matched without them
        elif c in _VARIANTS:
            out.append(f"[{_VARIANTS[c]}]")
        else:
            out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


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
            _compile(source)
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


_C = sre_parse  # opcode names live on the parser module's constants
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
# \d and \s spelled out (\d: ASCII, Arabic-Indic and Persian digits; \s: the usual spaces)
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "CATEGORY_UNI_DIGIT": "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "CATEGORY_SPACE": " \t\n\r\f\v\u00a0\u2009\u202f",
    "CATEGORY_UNI_SPACE": " \t\n\r\f\v\u00a0\u2009\u202f",
}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex sequence may start with (``None``: any) and whether it
    may match the empty string."""
    acc: set[str] = set()
    for op, av in items:
        name = str(op)
        chars: set[str] | None
        nullable = False
        if name == "LITERAL":
            chars = {chr(av)}
        elif name == "IN":
            chars = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.add(chr(iav))
                elif iname == "RANGE" and iav[1] - iav[0] < 400:
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
                elif iname == "CATEGORY" and str(iav) in _CATEGORY_CHARS:
                    chars.update(_CATEGORY_CHARS[str(iav)])
                else:
                    chars = None
                    break
        elif name == "CATEGORY" and str(av) in _CATEGORY_CHARS:
            chars = set(_CATEGORY_CHARS[str(av)])
        elif name == "SUBPATTERN":
            chars, nullable = _first(av[-1])
        elif name == "BRANCH":
            chars = set()
            for branch in av[1]:
                bchars, bnull = _first(branch)
                if bchars is None:
                    chars = None
                    break
                chars |= bchars
                nullable = nullable or bnull
        elif name in _REPEATS:
            chars, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif name in _ZERO_WIDTH:
            chars, nullable = set(), True
        else:
            return None, False
        if chars is None:
            return None, False
        acc |= chars
        if not nullable:
            return acc, False
    return acc, True


@lru_cache(maxsize=4096)
def _parsed(pattern: str) -> Any:
    # parsing a pattern costs milliseconds (variant classes, long alternations): once each
    return sre_parse.parse(pattern, re.IGNORECASE)


@lru_cache(maxsize=4096)
def first_chars(pattern: str) -> frozenset[str] | None:
    """Characters a match of ``pattern`` (case-insensitive) can begin with; ``None`` if any.

    >>> sorted(first_chars("(?:read|see) more"))
    ['R', 'S', 'r', 's']
    """
    try:
        chars, nullable = _first(_parsed(pattern))
    except Exception:  # an exotic construct: no shortcut, the rule is always tried
        return None
    if chars is None or nullable:
        return None
    return frozenset(chars | {c.upper() for c in chars} | {c.lower() for c in chars})


def _case_safe(c: str, icase: bool) -> bool:
    # a literal that matches only itself: any character when case counts, else one without
    # case (ASCII punctuation and digits, Arabic-script letters)
    return not icase or (c < "\x80" and not c.isalpha()) or "\u0600" <= c <= "\u06ff"


def _needles(items: Any, icase: bool) -> set[str] | None:
    """Strings one of which every match of a parsed regex sequence starts with (``None``:
    unknown). Leading zero-width assertions are skipped; only literal starts count."""
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and _case_safe(chr(av), icase):
            run += chr(av)
            continue
        if run:
            return {run}
        if name in _ZERO_WIDTH:
            continue
        if name == "IN":
            chars = {chr(v) for o, v in av if str(o) == "LITERAL"}
            if len(chars) != len(av) or not all(_case_safe(c, icase) for c in chars):
                return None
            return chars
        if name == "SUBPATTERN":
            add, drop = av[1], av[2]
            inner = (icase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE
            return _needles(av[-1], inner)
        if name == "BRANCH":
            found: set[str] = set()
            for branch in av[1]:
                got = _needles(branch, icase)
                if not got:
                    return None
                found |= got
            return found
        return None
    return {run} if run else None


@lru_cache(maxsize=4096)
def needles(pattern: str) -> tuple[str, ...] | None:
    r"""Strings one of which occurs in any text ``pattern`` (case-insensitive) can be found in;
    ``None`` when the pattern shows none (a fast ``in`` test before a slow regex scan).

    >>> needles(r"(?<=[.!]\s)(?-i:Advert|Story)"), needles(r"[(\[]x"), needles("read more")
    (('Advert', 'Story'), ('(', '['), None)
    """
    try:
        found = _needles(_parsed(pattern), True)
    except Exception:  # an exotic construct: no shortcut
        return None
    return tuple(sorted(found)) if found else None


#: How many characters of a text key the candidate rules (see ``prefixes``).
_KEY = 4
#: Most text keys whose candidates one dispatch table keeps.
_KEYS_KEPT = 50_000


#: How many characters ``Dispatch.fitting`` reads at a place whose key has candidates.
_LONG_KEY = 8


@lru_cache(maxsize=4096)
def _prefix_rx(pattern: str, k: int = _KEY) -> re.Pattern[str] | None:
    """A regex every match of ``pattern`` begins with, reading at most ``k`` characters
    (``None``: nothing known)."""
    try:
        source = prefix_source(_parsed(pattern), k)
    except Exception:  # an exotic construct: no shortcut
        return None
    return re.compile(source, re.IGNORECASE) if source else None


#: Tries of one crowded first letter after which its rules get a combined pattern.
_COMBINE_AFTER = 1000


@lru_cache(maxsize=1024)
def _combine(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # one alternation, group ``g<k>`` for the k-th pattern (the first that matches wins, as
    # when they are tried in turn); keyed by the patterns, so the matchers of several
    # languages that meet the same rules under one letter share the (slow) compile
    return re.compile("|".join(f"(?P<g{k}>{p})" for k, p in enumerate(patterns)), re.IGNORECASE)


class _Dispatch:
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
            rx = self._compiled[i] = _compile(self.rules[i].pattern)
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
            pre = self._pre = [_prefix_rx(r.pattern) for r in self.rules]
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
            rx = self._pre_long[i] = _prefix_rx(self.rules[i].pattern, _LONG_KEY)
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


def _alternation(rules: Iterable[Rule], prefix: str = "") -> _Dispatch:
    return _Dispatch(list(rules))


_Alt = _Dispatch
Dispatch = _Dispatch  # the type, for callers that pre-check text against one table
_Gated = list[tuple[re.Pattern[str], Rule]]


@dataclass(slots=True)
class Matcher:
    """The rules that apply to one site, compiled into a few combined patterns.

    Rules whose pattern is anchored at its first word share one alternation per position
    class (a miss costs a few steps); rules with ``needs`` (patterns that may begin anywhere
    in the line, slow to try) are tried alone and only when one of their words occurs.
    """

    line: dict[str, _Alt] = field(default_factory=dict)
    gated_all: _Gated = field(default_factory=list)
    sentence: _Alt = field(default_factory=lambda: _Dispatch([]))
    literal: dict[str, Rule] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    tail_any: _Alt = field(default_factory=lambda: _Dispatch([]))
    inline: _Alt = field(default_factory=lambda: _Dispatch([]))
    _witness: Witness | None = None

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> Matcher:
        rules = list(rules)
        m = cls()
        line_rules = [r for r in rules if r.kind == "line" and r.pattern]
        free = [r for r in line_rules if not r.needs]
        gated = [r for r in line_rules if r.needs]
        for where in WHERE:
            m.line[where] = _alternation([r for r in free if r.where == where], "r")
        m.sentence = _alternation([r for r in free if r.sentence and r.where == "any"], "s")
        m.gated_all = [(_compile(r.pattern), r) for r in gated]
        m.needs = tuple(sorted({w for r in gated for w in r.needs}))
        m.literal = {r.text: r for r in rules if r.kind == "line" and r.text}
        tails = [r for r in rules if r.kind == "tail"]
        m.tail_any = _Dispatch(tails)
        m.inline = _alternation([r for r in rules if r.kind == "inline"], "i")
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

    def gates(self, texts: list[str]) -> list[_Gated]:
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
        plans: dict[frozenset[str], _Gated] = {}
        out: list[_Gated] = []
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

    def gate(self, text: str, needs: tuple[str, ...] | None = None) -> _Gated:
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
        self, text: str, head: bool = False, tail: bool = False, gate: _Gated | None = None
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

    def match_sentence(self, text: str, gate: _Gated | None = None) -> Rule | None:
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
