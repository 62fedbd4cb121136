"""Spacing around punctuation and brackets, ellipses, dashes, runs of spaces.

Every rule is written so that numbers (3.5, 1,000, 10:30, 20%, -3, ١٢٫٥), times, dates,
abbreviations (U.S., e.g., Ph.D.), ellipses and emoticons (``:)``) never match: a space is
only added between two *letters*, and only removed before a mark that ends a token. URLs,
e-mail addresses and inline code are skipped by the caller (``spans.apply_outside``).
Every pattern starts at the first space of a run (a ``(?<! )`` guard), so runs of
spaces or punctuation of any length cost linear time.

Choices (documented in docs/commands/normalize.md): ``...`` becomes ``…`` (one character
that spacing rules cannot split); a dash with a space on both sides (`` - ``, `` -- ``,
`` — ``) becomes a spaced en dash `` – ``; hyphens inside words and numbers are never touched.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from newsclean import regex_cache
from newsclean.text.arabic import ARABIC_LETTERS, ARABIC_MARKS

__all__ = [
    "collapse_repeats",
    "collapse_spaces",
    "dash_sites",
    "fix_brackets",
    "fix_dashes",
    "fix_ellipses",
    "fix_punctuation_spacing",
    "gate_branches",
    "repeat_sites",
]

# The step's gate looks for where these fixes could act once over a whole article (its
# texts joined by line breaks), to skip every block no fix would touch: gate_branches
# gives it the fixes' own patterns, dash_sites and repeat_sites the positions. A line
# break is neutral for every pattern here (never a letter, a mark or a space the rules
# look for, and it ends a line where the text ends), so a block's sites are the same
# joined or alone. Sites may over-report (a block is then fixed as usual), never miss.

Counts = MutableMapping[str, int]
_AR = f"[{ARABIC_LETTERS}{ARABIC_MARKS}]"


def _sub(pattern: re.Pattern[str], repl: str, text: str, counts: Counts, kind: str) -> str:
    out, n = pattern.subn(repl, text)
    if n:
        counts[kind] = counts.get(kind, 0) + n
    return out


# Patterns start with a literal or a character class (never a lookbehind) so the regex
# engine can skip ahead to candidates: that is what keeps these passes near memchr speed.
_DOTS3 = regex_cache.compile(r"\.{3,}")


def _ellipsis(m: re.Match[str]) -> str:
    return "…" if len(m.group()) == 3 else m.group()


def fix_ellipses(text: str, mode: str, counts: Counts) -> str:
    """``...`` -> ``…`` (``unicode``) or ``…`` -> ``...`` (``ascii``); ``keep`` leaves both.

    >>> fix_ellipses("قال... ثم ....", "unicode", {})
    'قال… ثم ....'
    """
    if mode == "unicode" and "..." in text:
        out = _DOTS3.sub(_ellipsis, text)
        if out != text:
            counts["ellipses"] = counts.get("ellipses", 0) + (len(text) - len(out)) // 2
        return out
    if mode == "ascii" and "…" in text:
        counts["ellipses"] = counts.get("ellipses", 0) + text.count("…")
        return text.replace("…", "...")
    return text


def fix_dashes(text: str, mode: str, counts: Counts) -> str:
    """A dash between spaces becomes `` – `` (``unicode``) or `` - `` (``ascii``).

    >>> fix_dashes("ويسكونسين - ماديسون، 2010-2015، -3 -- x", "unicode", {})
    'ويسكونسين – ماديسون، 2010-2015، -3 – x'
    """
    if mode == "keep":
        return text
    rules = _DASH_UNICODE if mode == "unicode" else _DASH_ASCII
    target = "–" if mode == "unicode" else "-"
    for mark, pattern in rules:
        if mark in text:
            text = _sub(pattern, target, text, counts, "dashes")
    return text


def dash_sites(text: str, mode: str) -> list[int]:
    """Where :func:`fix_dashes` acts."""
    if mode == "keep":
        return []
    rules = _DASH_UNICODE if mode == "unicode" else _DASH_ASCII
    return [m.start() for mark, pattern in rules if mark in text for m in pattern.finditer(text)]


# Each pattern starts at the dash itself (a literal the engine finds fast) and checks the
# spaces around it.
_DASH_UNICODE = (
    ("-", regex_cache.compile(r"-(?<= -)-?(?= )")),
    ("—", regex_cache.compile(r"—(?<= —)(?= )")),
    ("―", regex_cache.compile(r"―(?<= ―)(?= )")),
)
_DASH_ASCII = (
    ("–", regex_cache.compile(r"–(?<= –)(?= )")),
    ("—", regex_cache.compile(r"—(?<= —)(?= )")),
    ("―", regex_cache.compile(r"―(?<= ―)(?= )")),
)


# Runs of spaces are collapsed first, so these patterns see single spaces.
# No space before a mark that ends a token (followed by a space, a closer or the end). The
# patterns start at the mark (a literal: fast to find) and look back at the space; an
# ellipsis written "..." keeps the space before it.
_ENDS = "،؛؟,.:;!?"
_ENDS_FR = "،؛؟,."


# A mark that introduces a quotation ends its token before the opening quote too: the space
# in "وكتب :«أول" goes (and one goes after the colon, by _AFTER_COLON_QUOTE).
_QUOTE_AFTER = {m: '«„“"' for m in ":،؛؟"}


def _before_rules(marks: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (
            m,
            regex_cache.compile(
                re.escape(m)
                + f"(?<=[^\\s«“„‘‹(\\[{{] {re.escape(m)})"
                + ("(?!\\.)" if m == "." else "")
                + f"(?=[{re.escape(_ENDS)}]*(?:[\\s»”’›{_QUOTE_AFTER.get(m, '')}]|$))"
            ),
        )
        for m in marks
    )


_BEFORE = _before_rules(_ENDS)
# Every rule needs a space right before its mark.
_SPACE_MARK = regex_cache.compile(f" [{re.escape(_ENDS)}]")
# French keeps its space before ; : ! ? (typographie française).
_BEFORE_FR = _before_rules(_ENDS_FR)


def _remove_space_before(
    text: str, rules: tuple[tuple[str, re.Pattern[str]], ...], counts: Counts
) -> str:
    if _SPACE_MARK.search(text) is None:
        return text  # the common case; one scan instead of one per mark present
    cuts: list[int] = []
    for mark, pattern in rules:
        if mark in text:
            cuts.extend(m.start() - 1 for m in pattern.finditer(text))
    if not cuts:
        return text
    cuts.sort()
    out: list[str] = []
    pos = 0
    for cut in cuts:
        out.append(text[pos:cut])
        pos = cut + 1
    out.append(text[pos:])
    counts["punctuation_spacing"] = counts.get("punctuation_spacing", 0) + len(cuts)
    return "".join(out)


def _literal_rules(marks: str, rest: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    # One pattern per mark: a pattern that starts with a literal is searched at memchr
    # speed, one that starts with a character class is not (measured: 2 GB/s vs 80 MB/s).
    return tuple((m, regex_cache.compile(re.escape(m) + rest)) for m in marks)


# One space after Arabic marks before a letter, digit or opening quote/bracket.
_AFTER_AR = _literal_rules("،؛؟", r"(?=[^\W_]|[«“(\[])")
# One space after , ; ! ? between two letters (Latin or Arabic; never digits: 1,000).
_AFTER_LATIN = tuple(
    (m, regex_cache.compile(re.escape(m) + f"(?<=[^\\W\\d_]{re.escape(m)})(?=[^\\W\\d_])"))
    for m in ",;!?"
)
# A colon or full stop only gets a space before an Arabic letter (10:30, U.S., x.com stay).
_AFTER_COLON_DOT = tuple(
    (m, regex_cache.compile(re.escape(m) + f"(?<=[^\\W\\d_]{re.escape(m)})(?={_AR})")) for m in ":."
)


# A colon after a word (or after a word and a space, which goes: the rule above) gets a
# space before an opening guillemet or low quote: "وكتب: «أول" (never “: it closes in German).
_AFTER_COLON_QUOTE = (
    (":", regex_cache.compile(":(?:(?<=[^\\W\\d_]:)|(?<=[^\\W\\d_] :))(?=[«„])")),
)


# The rules that add a space after a mark, in order, each with its replacement (one flat
# loop: this runs on every block that needs any fix).
_AFTER_ALL = tuple(
    (mark, pattern, mark + " ")
    for rules in (_AFTER_AR, _AFTER_LATIN, _AFTER_COLON_DOT, _AFTER_COLON_QUOTE)
    for mark, pattern in rules
)


def fix_punctuation_spacing(text: str, counts: Counts, *, french: bool = False) -> str:
    """No space before ، ؛ ؟ . , : ! ? ; one space after them.

    Expects runs of spaces already collapsed (:func:`collapse_spaces`), as the step does.

    >>> fix_punctuation_spacing("قال ، إن 3.5 و1,000 في 10:30 (20%) U.S. e.g. :) كذا.وكذا", {})
    'قال، إن 3.5 و1,000 في 10:30 (20%) U.S. e.g. :) كذا. وكذا'
    """
    # Spaces after first: "قال ،ثم" must end as "قال، ثم" in one pass (idempotence).
    added = 0
    for mark, pattern, replacement in _AFTER_ALL:
        if mark in text:
            text, n = pattern.subn(replacement, text)
            added += n
    if added:
        counts["punctuation_spacing"] = counts.get("punctuation_spacing", 0) + added
    return _remove_space_before(text, _BEFORE_FR if french else _BEFORE, counts)


_INSIDE_OPEN = tuple(
    (m + " ", regex_cache.compile(re.escape(m) + f"(?<![:;=]{re.escape(m)}) (?=[^\\s)\\]])"))
    for m in "(["
)
# A straight quote counts as a closer here too: the quote stage runs after this one and turns
# '"x" )' into '«x» )', whose space a second run would then remove (not idempotent).
_INSIDE_CLOSE = tuple(
    (
        " " + m,
        regex_cache.compile(" " + re.escape(m) + '(?<=[\\w.,;:!?،؛؟»”%"] ' + re.escape(m) + ")"),
    )
    for m in ")]"
)
_OUTSIDE_OPEN = regex_cache.compile(f"\\((?<={_AR}\\()")
_OUTSIDE_CLOSE = regex_cache.compile(f"\\)(?={_AR})")


def fix_brackets(text: str, counts: Counts) -> str:
    """No space inside brackets; a space between Arabic words and brackets.

    >>> fix_brackets("الولايات المتحدة( أمريكا )قالت f(x) :( ok", {})
    'الولايات المتحدة (أمريكا) قالت f(x) :( ok'
    """
    if "(" not in text and "[" not in text:
        return text  # brackets come in pairs; a lone closer gets no spacing fix
    for gate, pattern in _INSIDE_OPEN:
        if gate[0] in text:
            text = _sub(pattern, gate[0], text, counts, "bracket_spacing")
    for gate, pattern in _INSIDE_CLOSE:
        if gate in text:
            text = _sub(pattern, gate[1], text, counts, "bracket_spacing")
    text = _sub(_OUTSIDE_OPEN, " (", text, counts, "bracket_spacing")
    return _sub(_OUTSIDE_CLOSE, ") ", text, counts, "bracket_spacing")


_RUNS = regex_cache.compile("  +")
_NL_SPACE = regex_cache.compile("\n ")
_SPACE_NL = regex_cache.compile("\n(?<= \n)")


def collapse_spaces(text: str, counts: Counts) -> str:
    """Runs of spaces -> one space; no spaces at the start or end of a line.

    >>> collapse_spaces("  a   b \\n c ", {})
    'a b\\nc'
    """
    n = 0
    if "  " in text:
        text, n = _RUNS.subn(" ", text)
    # Searched from the line break (a rare character: fast), not from the space.
    if "\n" in text and (_NL_SPACE.search(text) or _SPACE_NL.search(text)):
        n += text.count(" \n") + text.count("\n ")
        text = text.replace(" \n", "\n").replace("\n ", "\n")
    if text[:1] == " " or text[-1:] == " ":
        n += 1
        text = text.strip(" ")
    if n:
        counts["spaces"] = counts.get("spaces", 0) + n
    return text


_REPEATS = regex_cache.compile(r"([!?؟،,؛;])\1+")
_DOTS = regex_cache.compile(r"\.{4,}|…{2,}")


def collapse_repeats(text: str, counts: Counts, ellipsis: str = "unicode") -> str:
    """Opt-in: ``!!!`` -> ``!``, ``؟؟`` -> ``؟``, ``.....`` -> ``…`` (``...`` when the
    ellipsis style is ``ascii``).

    >>> collapse_repeats("رائع!!! حقا؟؟ ثم.....", {})
    'رائع! حقا؟ ثم…'
    """
    text = _sub(_REPEATS, r"\1", text, counts, "repeated_punctuation")
    dots = "..." if ellipsis == "ascii" else "…"
    return _sub(_DOTS, dots, text, counts, "repeated_punctuation")


def repeat_sites(text: str) -> list[int]:
    """Where :func:`collapse_repeats` may act."""
    return [m.start() for pattern in (_REPEATS, _DOTS) for m in pattern.finditer(text)]


def _rest(pattern: re.Pattern[str], literal: str) -> str:
    """What ``pattern`` (which starts with ``literal``) matches after that literal."""
    head = re.escape(literal)
    assert pattern.pattern.startswith(head)
    return pattern.pattern[len(head) :]


def gate_branches(*, ellipsis: str, dashes: str, spacing: bool) -> list[tuple[str, str, str]]:
    """This module's sites as branches of the step's one-scan gate: (kind, first
    characters, pattern matched right after one of them). Kinds: ``space_before_mark``
    (a space to remove before a mark), ``line_break`` (a space before or after the line
    break read: the site is that space), ``marks`` (ellipses, brackets, a space inside a
    closing bracket or before a dash that :func:`fix_dashes` in mode ``dashes`` may
    change), ``after`` (a space to add after a mark).
    Runs of spaces and spaces at either end of the text are left to the caller."""
    out: list[tuple[str, str, str]] = []
    if spacing:
        out.append(("space_before_mark", _ENDS, "(?<= .)"))
        out.append(("marks", ")]" + _DASH_CHARS[dashes], "(?<= .)"))
        out.append(("line_break", "\n", "(?:(?<= \n)|(?= ))"))
        for gate, pattern in _INSIDE_OPEN:
            out.append(("marks", gate[0], _rest(pattern, gate[0])))
        out.append(("marks", "(", _rest(_OUTSIDE_OPEN, "(")))
        out.append(("marks", ")", _rest(_OUTSIDE_CLOSE, ")")))
        for rules in (_AFTER_AR, _AFTER_LATIN, _AFTER_COLON_DOT, _AFTER_COLON_QUOTE):
            out.extend(("after", mark, _rest(pattern, mark)) for mark, pattern in rules)
    if ellipsis == "unicode":
        out.append(("marks", ".", "\\.\\."))
    elif ellipsis == "ascii":
        out.append(("marks", "…", ""))
    return out


# Dashes that fix_dashes may change when a space precedes them, per mode.
_DASH_CHARS = {"unicode": "-—―", "ascii": "–—―", "keep": ""}
