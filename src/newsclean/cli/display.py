"""Terminal display helpers for ``newsclean show``: inert text, bidi decision, wrap-then-reorder.

Display only. Nothing here is ever used for stored output: python-bidi's visual order is for
eyes on a terminal that cannot reorder right-to-left text itself, never for files.

Three rules keep scraped text safe and readable:

* :func:`inert` turns control characters and escape sequences into visible symbols
  (``\\x1b[31m`` shows as ``␛[31m``), and article text is only ever put into
  :class:`rich.text.Text` objects, never into markup strings, so ``[bold]`` stays text.
* :func:`layout` wraps a paragraph to the width FIRST and reorders each wrapped line on its
  own, with the paragraph's direction as the base direction: reordering a whole paragraph and
  then wrapping would put its last words on the first line.
* :func:`resolve_bidi` decides whether to reorder at all (see :data:`KNOWN_BIDI_TERMINALS`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bidi import get_display
from rich.cells import cell_len
from rich.console import Console
from rich.style import StyleType
from rich.text import Text

from newsclean.text.terminal import inert as _inert

try:  # the mirroring table ships with python-bidi; without it we fall back to get_display
    from bidi.mirror import MIRRORED as _MIRRORED
except ImportError:  # pragma: no cover - depends on the installed python-bidi layout
    _MIRRORED = {}

#: Values of ``--bidi`` and of the ``NEWSCLEAN_BIDI`` environment variable.
BIDI_MODES = ("auto", "on", "off")
BIDI_ENV = "NEWSCLEAN_BIDI"


@dataclass(frozen=True)
class BidiTerminal:
    """A terminal known to reorder right-to-left text itself, and how we recognise it."""

    name: str
    env: str  # environment variable the terminal sets in its children
    test: Callable[[str], bool]  # is the value one of a bidi-capable version?
    why: str  # where the claim comes from


def _vte_bidi(value: str) -> bool:
    # VTE_VERSION is major*10000 + minor*100 + micro; bidi landed in 0.57.3, released in 0.58.
    return value.isdigit() and int(value) >= 5800


#: Terminals that do their own bidi by default. ``--bidi auto`` leaves text in logical order on
#: these (reordering twice would scramble it again) and reorders everywhere else: kitty,
#: Alacritty, xterm, foot, st, Windows Terminal, iTerm2 and WezTerm (bidi opt-in) do not
#: reorder by default. PuTTY does, but cannot be recognised from its environment: set
#: ``NEWSCLEAN_BIDI=off`` there.
KNOWN_BIDI_TERMINALS: tuple[BidiTerminal, ...] = (
    BidiTerminal(
        "VTE 0.58+ (GNOME Terminal 3.34+, Tilix, xfce4-terminal, Terminator)",
        "VTE_VERSION",
        _vte_bidi,
        "VTE 0.58 turned implicit bidi on by default (GNOME Terminal 3.33.3 announcement)",
    ),
    BidiTerminal("mlterm", "MLTERM", bool, "mlterm's --bi (bidi) option defaults to true"),
    BidiTerminal(
        "Konsole", "KONSOLE_VERSION", bool, "Konsole profiles default BidiRenderingEnabled=true"
    ),
    BidiTerminal(
        "macOS Terminal",
        "TERM_PROGRAM",
        lambda v: v == "Apple_Terminal",
        "Terminal.app reorders right-to-left runs itself",
    ),
    BidiTerminal(
        "Emacs", "INSIDE_EMACS", bool, "Emacs displays shell/term buffers with its own bidi"
    ),
)


def bidi_terminal(env: Mapping[str, str]) -> BidiTerminal | None:
    """The known bidi-capable terminal ``env`` says we run in, if any."""
    for terminal in KNOWN_BIDI_TERMINALS:
        value = env.get(terminal.env)
        if value and terminal.test(value):
            return terminal
    return None


def resolve_bidi(mode: str, env: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether to reorder right-to-left text for display.

    ``on``/``off`` are obeyed as given. ``auto`` reorders only for a terminal (a pipe or a file
    gets logical order, which is what any other program expects) that is not known to do its
    own bidi (:data:`KNOWN_BIDI_TERMINALS`). The CLI reads ``mode`` from ``--bidi``, else from
    ``NEWSCLEAN_BIDI``, else ``auto``.

    >>> resolve_bidi("auto", {}, is_terminal=True)
    True
    >>> resolve_bidi("auto", {"VTE_VERSION": "7600"}, is_terminal=True)
    False
    >>> resolve_bidi("auto", {}, is_terminal=False)
    False
    """
    mode = mode.strip().lower()
    if mode not in BIDI_MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(BIDI_MODES)}, not {mode!r}")
    if mode != "auto":
        return mode == "on"
    return is_terminal and bidi_terminal(env) is None


# --- inert text -------------------------------------------------------------------------------

# The neutraliser is shared with every other path to a terminal (--explain, learn, export).
inert = _inert


# --- direction --------------------------------------------------------------------------------

_STRONG_RTL = ("R", "AL")


def is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left.

    The majority of strong letters decides, not the first one (Unicode's rule P2): an Arabic
    paragraph that opens with a Latin name or "CNN:" is still an Arabic paragraph. A tie goes
    to the first strong letter.

    >>> is_rtl("CNN: قال الرئيس إن الاجتماع كان مثمرا")
    True
    >>> is_rtl("The word سلام means peace")
    False
    """
    rtl = ltr = 0
    first = ""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            ltr += 1
        elif kind in _STRONG_RTL:
            rtl += 1
        else:
            continue
        if not first:
            first = kind
    if rtl != ltr:
        return rtl > ltr
    return first in _STRONG_RTL


# --- Arabic shaping ---------------------------------------------------------------------------

# A terminal that cannot reorder right-to-left text cannot join Arabic letters either: each
# letter would show in its isolated form. When we reorder, we also pick each letter's
# contextual form (initial, medial, final, isolated) from Unicode's presentation forms, whose
# decompositions say which forms every letter has: that table is built from unicodedata, so
# no data file is needed. Display only, like the reordering.
_FORM_TAGS = ("isolated", "final", "initial", "medial")
_ALEFS = "\u0622\u0623\u0625\u0627"  # آ أ إ ا: the letters lam joins into a ligature
_LAM = "\u0644"


@lru_cache(maxsize=1)
def _shaping_tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    forms: dict[str, dict[str, str]] = {}
    lam_alef: dict[str, dict[str, str]] = {}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        tag, _, rest = unicodedata.decomposition(chr(cp)).partition(" ")
        tag = tag.strip("<>")
        if tag not in _FORM_TAGS:
            continue
        chars = [chr(int(h, 16)) for h in rest.split()]
        if len(chars) == 1:
            forms.setdefault(chars[0], {}).setdefault(tag, chr(cp))
        elif len(chars) == 2 and chars[0] == _LAM and chars[1] in _ALEFS:
            lam_alef.setdefault(chars[1], {}).setdefault(tag, chr(cp))
    return forms, lam_alef


@lru_cache(maxsize=4096)
def _joining(ch: str) -> str:
    """Joining type: D (both sides), R (to the previous letter only), C (causes), T, U."""
    forms = _shaping_tables()[0]
    if ch in ("\u0640", "\u200d"):  # tatweel and ZWJ join on both sides
        return "C"
    known = forms.get(ch)
    if known is not None:
        if "initial" in known or "medial" in known:
            return "D"
        return "R" if "final" in known else "U"
    if unicodedata.combining(ch) or (ch != "\u200c" and unicodedata.category(ch) == "Cf"):
        return "T"  # marks and invisible formatting do not break a join
    return "U"


def shape(line: str) -> list[str]:
    """Each character of ``line`` (logical order) as the glyph to show: its contextual form.

    A lam followed by an alef becomes one lam-alef ligature (the alef's slot is then empty).

    >>> "".join(shape("سلام"))
    'ﺳﻼﻡ'
    """
    forms, lam_alef = _shaping_tables()
    kinds = [_joining(ch) for ch in line]
    out = list(line)

    def neighbour(i: int, step: int) -> str:
        i += step
        while 0 <= i < len(line) and kinds[i] == "T":
            i += step
        return kinds[i] if 0 <= i < len(line) else "U"

    skip = -1
    for i, ch in enumerate(line):
        if i == skip or kinds[i] not in ("D", "R"):
            continue
        joins_prev = neighbour(i, -1) in ("D", "C")
        if ch == _LAM and i + 1 < len(line) and line[i + 1] in lam_alef:
            ligature = lam_alef[line[i + 1]]
            out[i] = ligature.get("final" if joins_prev else "isolated", ch + line[i + 1])
            out[i + 1] = ""
            skip = i + 1
            continue
        joins_next = kinds[i] == "D" and neighbour(i, 1) in ("D", "R", "C")
        tag = (
            ("medial" if joins_next else "final")
            if joins_prev
            else ("initial" if joins_next else "isolated")
        )
        out[i] = forms[ch].get(tag, ch)
    return out


# --- reordering -------------------------------------------------------------------------------

_LEVEL = re.compile(r"Level\(\s*(\d+)")
_CLASS = re.compile(r"\b([A-Z]{1,3})\b")
# Bidi formatting characters have done their work once a line is in visual order; printed,
# they would only make a bidi-capable pager reorder the line a second time.
_BIDI_FORMAT = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# Characters whose level UAX #9 rule L1 resets to the paragraph level at the end of a line.
_L1_TRAILING = frozenset(
    {"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"}
)
_NEEDS_BIDI = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u061c\u202a-\u202e\u2066-\u2069"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _levels(line: str, rtl: bool) -> tuple[list[int], list[str]] | None:
    """Per-character embedding levels and bidi classes, from python-bidi's resolution.

    python-bidi 0.6 exposes the Rust ``unicode-bidi`` resolution only through its debug
    output (levels per UTF-8 byte); we read it so styles can follow their characters. Any
    surprise in that format returns None and the caller falls back to unstyled get_display.
    """
    dbg = get_display(line, base_dir="R" if rtl else "L", debug=True)
    if not isinstance(dbg, str):
        return None
    try:
        classes_part = dbg[dbg.index("original_classes:") : dbg.index("levels:")]
        levels_part = dbg[dbg.index("levels:") : dbg.index("paragraphs:")]
    except ValueError:
        return None
    classes = _CLASS.findall(classes_part.partition("[")[2])
    byte_levels = [int(x) for x in _LEVEL.findall(levels_part)]
    encoded = len(line.encode("utf-8", "surrogatepass"))
    if len(byte_levels) != encoded or len(classes) != encoded:
        return None
    levels: list[int] = []
    kinds: list[str] = []
    offset = 0
    for ch in line:
        levels.append(byte_levels[offset])
        kinds.append(classes[offset])
        offset += len(ch.encode("utf-8", "surrogatepass"))
    return levels, kinds


def visual_order(line: str, rtl: bool) -> tuple[list[int], list[int]] | None:
    """Logical indices of ``line`` in visual (left-to-right) order, and each index's level.

    Applies UAX #9 rules L1 (trailing whitespace takes the paragraph level), L2 (reverse runs
    from the highest level down) and L3 (a combining mark stays after its base, so harakat
    land on the right letter). None if python-bidi's levels could not be read.
    """
    resolved = _levels(line, rtl)
    if resolved is None:
        return None
    levels, kinds = resolved
    para = 1 if rtl else 0
    trailing = True
    for i in range(len(line) - 1, -1, -1):
        if kinds[i] in ("S", "B"):
            levels[i] = para
            trailing = True
        elif trailing and kinds[i] in _L1_TRAILING:
            levels[i] = para
        else:
            trailing = False
    # Clusters: a base character with the combining marks that follow it move as one (L3).
    clusters: list[list[int]] = []
    for i, ch in enumerate(line):
        if clusters and kinds[i] == "NSM" and unicodedata.combining(ch):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    if not clusters:
        return [], levels
    cl_levels = [levels[c[0]] for c in clusters]
    order = list(range(len(clusters)))
    highest = max(cl_levels)
    lowest_odd = min(cl_levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if cl_levels[order[i]] >= level:
                j = i
                while j < len(order) and cl_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return [i for c in order for i in clusters[c]], levels


def reorder(line: Text, rtl: bool, *, shaping: bool = True) -> Text:
    """One display line of logical text in visual order, styles kept with their characters.

    Mirrored characters (brackets, « ») get their mirror image at right-to-left levels (rule
    L4), which python-bidi's get_display leaves out; bidi formatting characters are dropped;
    with ``shaping``, Arabic letters take their joined forms (:func:`shape`).
    """
    plain = line.plain
    if not plain or (not rtl and _NEEDS_BIDI.search(plain) is None):
        return line.copy()
    resolved = visual_order(plain, rtl)
    if resolved is None:
        shaped = "".join(shape(plain)) if shaping else plain
        fallback = get_display(shaped, base_dir="R" if rtl else "L")
        return Text(_BIDI_FORMAT.sub("", str(fallback)), style=line.style, end="")
    order, levels = resolved
    glyphs = shape(plain) if shaping else list(plain)
    # Per-character styles, so each character carries its own into the new order.
    char_styles: list[tuple[StyleType, ...]] = [() for _ in plain]
    for span in line.spans:
        for i in range(max(span.start, 0), min(span.end, len(plain))):
            char_styles[i] = (*char_styles[i], span.style)
    out = Text(style=line.style, end="")
    run: list[str] = []
    run_styles: tuple[StyleType, ...] = ()
    for i in order:
        ch = glyphs[i]
        if not ch or _BIDI_FORMAT.match(ch):
            continue
        if levels[i] % 2:
            ch = _MIRRORED.get(ch, ch)
        if char_styles[i] != run_styles and run:
            _append_run(out, "".join(run), run_styles)
            run = []
        run_styles = char_styles[i]
        run.append(ch)
    if run:
        _append_run(out, "".join(run), run_styles)
    return out


def _append_run(out: Text, chunk: str, styles: tuple[StyleType, ...]) -> None:
    start = len(out.plain)
    out.append(chunk)
    for style in styles:
        out.stylize(style, start, start + len(chunk))


# --- layout -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _wrap_console() -> Console:
    # Text.wrap only needs a console for its options; one quiet instance is enough.
    return Console(width=80, color_system=None, force_terminal=False, file=io.StringIO())


def layout(
    text: Text,
    width: int,
    *,
    bidi: bool,
    rtl: bool | None = None,
    prefix: Text | None = None,
    align_right: bool | None = None,
    shaping: bool = True,
) -> list[Text]:
    """Wrap ``text`` to ``width`` cells, then (with ``bidi``) reorder each line by itself.

    ``prefix`` starts every line (a bullet, a quote bar, a diff mark) and is reordered with the
    line, so in a right-to-left paragraph it lands on the right. ``rtl`` defaults to
    :func:`is_rtl` of the text. Right-to-left lines are padded to end at the right margin
    when reordered (``align_right`` overrides); in logical order they are left as they are,
    for a bidi terminal or a program reading the output to place. Reordered Arabic letters
    are shaped (:func:`shape`) unless ``shaping`` is False.
    """
    if rtl is None:
        rtl = is_rtl(text.plain)
    if align_right is None:
        align_right = bidi and rtl
    prefix = prefix or Text()
    room = max(1, width - prefix.cell_len)
    lines: list[Text] = []
    for piece in text.split("\n", allow_blank=True):
        wrapped = piece.wrap(_wrap_console(), room, overflow="fold") if piece.plain else [piece]
        for raw in wrapped:
            line = raw.copy()
            line.rstrip()
            line.end = ""
            logical = Text(end="")
            logical.append_text(prefix)
            logical.append_text(line)
            shown = reorder(logical, rtl, shaping=shaping) if bidi else logical
            if align_right:
                pad = width - shown.cell_len
                if pad > 0:
                    shown = Text(" " * pad, end="") + shown
            lines.append(shown)
    return lines


def rule_line(width: int, char: str = "─", style: str = "dim") -> Text:
    """A horizontal separator exactly ``width`` cells wide."""
    return Text(char * max(1, width // max(1, cell_len(char))), style=style, end="")


def print_lines(console: Console, lines: Sequence[Text]) -> None:
    """Print pre-laid-out lines exactly as they are (no re-wrapping, no markup, no emoji)."""
    for line in lines:
        console.print(line, soft_wrap=True, markup=False, emoji=False, highlight=False)
