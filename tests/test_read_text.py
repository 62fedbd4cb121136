"""Plain-text reading: title, paragraphs, subheadings, one-line-per-paragraph files."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsclean.read.text import is_heading_line, paragraphs, read_text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.type, b.text) for b in read_text(text, {"source": "-"}).blocks]


def test_title_and_paragraphs() -> None:
    article = read_text("\n\n  Title  \n\nOne.\n\nTwo.\n", {"source": "x"})
    assert article.title == "Title"
    assert [b.text for b in article.blocks] == ["One.", "Two."]
    assert article.meta == {"source": "x"}


def test_subheading_between_paragraphs() -> None:
    text = "T\n\nFirst paragraph ends here.\n\nWhat happens next\n\nSecond paragraph.\n"
    assert kinds(text) == [
        ("paragraph", "First paragraph ends here."),
        ("heading", "What happens next"),
        ("paragraph", "Second paragraph."),
    ]
    assert read_text(text, {}).blocks[1].level == 2


def test_arabic_subheading_and_closing_punctuation() -> None:
    assert is_heading_line("الاجتماع الرباعي حول سورية")
    assert not is_heading_line("هل ما زال الناس يقرؤون؟")
    assert not is_heading_line("قال الوزير:")


def test_short_last_line_is_not_a_heading() -> None:
    text = "T\n\nA paragraph.\n\nRead more"
    assert kinds(text)[-1] == ("paragraph", "Read more")


def test_no_blank_lines_means_one_paragraph_per_line() -> None:
    text = "Title\nLine one.\nLine two.\nLine three."
    assert [t for _, t in kinds(text)] == ["Line one.", "Line two.", "Line three."]


def test_wrapped_lines_inside_a_paragraph_keep_their_newline() -> None:
    text = "Title\n\nA sentence that was\nhard wrapped.\n\nNext."
    assert [t for _, t in kinds(text)] == ["A sentence that was\nhard wrapped.", "Next."]


def test_crlf_and_bom() -> None:
    article = read_text("\ufeffTitle\r\n\r\nBody.\r\n", {})
    assert article.title == "Title"
    assert article.text == "Body."


_BLANK = re.compile(r"\n[ \t\u00a0\u200f\u200e]*\n\s*")


@given(
    st.lists(st.sampled_from(["\n", "\n\n", " \n\t\n", "\u00a0", "\u200f", " ", "a", "ب", "\r"]))
)
def test_paragraphs_by_definition(pieces: list[str]) -> None:
    """Split at blank lines (else at every line), strip each line, drop empty ones."""
    body = "".join(pieces).strip("\n")
    chunks = _BLANK.split(body) if _BLANK.search(body) else body.split("\n")
    expected = [
        "\n".join(line.strip() for line in chunk.split("\n") if line.strip())
        for chunk in chunks
        if chunk.strip()
    ]
    assert paragraphs("".join(pieces)) == expected
