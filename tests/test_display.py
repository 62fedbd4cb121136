"""Display primitives: inert text, bidi decision, paragraph direction, wrap-then-reorder."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from rich.console import Console
from rich.text import Text

from newsclean.cli.display import (
    KNOWN_BIDI_TERMINALS,
    bidi_terminal,
    inert,
    is_rtl,
    layout,
    reorder,
    resolve_bidi,
    shape,
    visual_order,
)

LONG_AR = (
    "وصل وزير الخارجية إلى العاصمة التركية أنقرة صباح اليوم الاثنين في زيارة رسمية "
    "تستمر يومين يبحث خلالها مع نظيره ملفات التعاون الاقتصادي والأمني بين البلدين"
)


# --- inert ------------------------------------------------------------------------------------


def test_inert_shows_escape_sequences_and_controls() -> None:
    assert inert("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert inert("bell\x07 nul\x00 del\x7f") == "bell␇ nul␀ del␡"
    assert inert("c1 \x9b31m") == "c1 \\x9b31m"
    assert inert("a\rb") == "a␍b"


def test_inert_keeps_text_newlines_and_expands_tabs() -> None:
    assert inert("one\ntwo") == "one\ntwo"
    assert inert("a\tb") == "a   b"
    assert inert("line\u2028sep") == "line\nsep"
    # Arabic, ZWNJ and bidi marks are text, not controls.
    assert inert("می\u200cگوید \u200f") == "می\u200cگوید \u200f"


# --- when to reorder --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"TERM": "xterm-kitty"}, True),
        ({"VTE_VERSION": "5402"}, True),  # VTE before bidi support
        ({"VTE_VERSION": "5800"}, False),
        ({"VTE_VERSION": "7600"}, False),
        ({"VTE_VERSION": "garbage"}, True),
        ({"MLTERM": "3.9.3"}, False),
        ({"KONSOLE_VERSION": "230804"}, False),
        ({"TERM_PROGRAM": "Apple_Terminal"}, False),
        ({"TERM_PROGRAM": "iTerm.app"}, True),
        ({"TERM_PROGRAM": "WezTerm"}, True),
        ({"INSIDE_EMACS": "29.1,comint"}, False),
    ],
)
def test_auto_reorders_unless_the_terminal_does_bidi(env: dict[str, str], expected: bool) -> None:
    assert resolve_bidi("auto", env, is_terminal=True) is expected


def test_auto_never_reorders_for_a_pipe_and_explicit_modes_win() -> None:
    assert resolve_bidi("auto", {}, is_terminal=False) is False
    assert resolve_bidi("on", {"VTE_VERSION": "7600"}, is_terminal=False) is True
    assert resolve_bidi("OFF", {}, is_terminal=True) is False
    with pytest.raises(ValueError, match="bidi mode"):
        resolve_bidi("sometimes", {}, is_terminal=True)


def test_terminal_table_is_documented() -> None:
    for terminal in KNOWN_BIDI_TERMINALS:
        assert terminal.name and terminal.env and terminal.why
    found = bidi_terminal({"MLTERM": "1"})
    assert found is not None and found.name == "mlterm"


# --- direction and reordering -----------------------------------------------------------------


def test_paragraph_direction_is_the_majority_of_strong_letters() -> None:
    assert is_rtl("CNN: قال الرئيس إن الاجتماع كان مثمرا")
    assert not is_rtl("The word سلام means peace")
    assert is_rtl("وزیر خارجه John Smith گفت")
    assert not is_rtl("2024 - 3.5%")


def test_reorder_matches_python_bidi_and_mirrors_brackets() -> None:
    line = "قال John Smith إن 3.5% من https://x.com/a?b=1 ارتفع"
    assert reorder(Text(line), rtl=True, shaping=False).plain == get_display(line, base_dir="R")
    # python-bidi leaves brackets unmirrored; at a right-to-left level they must be mirrored.
    assert reorder(Text("قال (محمد) «نعم»"), rtl=True, shaping=False).plain == "«معن» (دمحم) لاق"


def test_reorder_keeps_combining_marks_after_their_letter() -> None:
    # Logical "مَن": a fatha after meem. In visual order it must still follow the meem.
    shown = reorder(Text("مَن"), rtl=True, shaping=False).plain
    assert shown == "نمَ"


def test_reorder_keeps_styles_on_their_characters() -> None:
    text = Text("قال John")
    text.stylize("bold", 4, 8)  # "John"
    shown = reorder(text, rtl=True, shaping=False)
    assert shown.plain == "John لاق"
    bold = [s for s in shown.spans if s.style == "bold"]
    assert [(shown.plain[s.start : s.end]) for s in bold] == ["John"]


def test_reorder_drops_bidi_controls_and_leaves_ltr_alone() -> None:
    assert "\u202e" not in reorder(Text("abc \u202eقال\u202c"), rtl=False).plain
    plain = Text("nothing to do here")
    assert reorder(plain, rtl=False).plain == "nothing to do here"
    assert visual_order("", rtl=True) == ([], [])


# --- wrap, then reorder -----------------------------------------------------------------------


def test_long_rtl_paragraph_is_wrapped_before_reordering() -> None:
    lines = layout(Text(LONG_AR), 30, bidi=True, shaping=False)
    assert len(lines) >= 4
    assert all(line.cell_len == 30 for line in lines)  # right-aligned to the margin
    words = LONG_AR.split()
    # The first visual line holds the logically first words, the first one at the right edge.
    assert lines[0].plain.endswith(words[0][::-1])
    assert words[1][::-1] in lines[0].plain
    assert lines[-1].plain.lstrip().startswith(words[-1][::-1])
    # Each line is exactly its own logical line reordered.
    logical = layout(Text(LONG_AR), 30, bidi=False)
    assert [get_display(x.plain, base_dir="R") for x in logical] == [
        x.plain.lstrip() for x in lines
    ]


def test_reordering_a_whole_paragraph_first_would_be_wrong() -> None:
    # The mistake wrapping-first avoids: reorder then wrap puts the LAST words on line one.
    wrong = Text(get_display(LONG_AR)).wrap(_console(), 30)[0].plain
    right = layout(Text(LONG_AR), 30, bidi=True, shaping=False)[0].plain
    assert LONG_AR.split()[-1][::-1] in wrong
    assert LONG_AR.split()[-1][::-1] not in right


def test_without_bidi_lines_stay_logical_and_unpadded() -> None:
    lines = layout(Text(LONG_AR), 30, bidi=False)
    assert " ".join(line.plain for line in lines) == LONG_AR
    assert not lines[0].plain.startswith(" ")


def test_prefix_lands_on_the_right_of_rtl_lines() -> None:
    lines = layout(Text("نص قصير"), 20, bidi=True, prefix=Text("• "))
    assert lines[0].plain.rstrip().endswith("•")


def _console() -> Console:
    return Console(width=80, color_system=None)


# --- shaping ----------------------------------------------------------------------------------


def _forms(glyphs: list[str]) -> list[str]:
    # "ARABIC LETTER SEEN INITIAL FORM" -> "initial"; ligatures and others by their last word.
    out = []
    for g in glyphs:
        name = unicodedata.name(g, "") if g else ""
        out.append(name.split()[-2].lower() if name.endswith(" FORM") else g)
    return out


def test_shaping_joins_letters_by_context() -> None:
    assert _forms(shape("سلام")) == ["initial", "final", "", "isolated"]
    assert "LAM WITH ALEF FINAL" in unicodedata.name(shape("سلام")[1])
    # Right-joining letters (dal, alef, reh) never join the letter after them.
    assert _forms(shape("دار")) == ["isolated", "isolated", "isolated"]
    assert _forms(shape("بار")) == ["initial", "final", "isolated"]
    # ZWNJ keeps Persian "می" apart from "گوید": yeh final, gaf initial.
    assert _forms(shape("می\u200cگوید")) == [
        "initial",
        "final",
        "\u200c",
        "initial",
        "final",  # waw joins only to the letter before it...
        "initial",  # ...so yeh starts a new join
        "final",
    ]
    # Harakat are transparent: the meem still joins the noon across the fatha.
    assert _forms(shape("مَن")) == ["initial", "\u064e", "final"]
    assert shape("abc 123") == list("abc 123")


def test_reorder_shapes_by_default_and_keeps_the_letters() -> None:
    line = "قال محمد"
    shown = reorder(Text(line), rtl=True).plain
    assert shown != reorder(Text(line), rtl=True, shaping=False).plain
    assert unicodedata.normalize("NFKC", shown)[::-1] == line


def test_docstring_examples() -> None:
    import doctest

    import newsclean.cli.display

    assert doctest.testmod(newsclean.cli.display).failed == 0
