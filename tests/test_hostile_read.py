"""Hostile or unlucky input that must not give wrong or lost output (issue 19 #8-#10,
#12, #13): declared charsets, bad JSON Lines lines, non-finite numbers, mixed encodings,
an empty JSON result on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.read import read_bytes
from newsclean.read.decode import declared_charset

PAGE = (
    '<html><head><meta charset="{}"><title>Hello</title></head>'
    "<body><p>Plain ASCII page with a paragraph of text.</p></body></html>"
)


def clean(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", "-j", "1", *args], input=stdin)


# --------------------------------------------------------------- 8: declared charsets


@pytest.mark.parametrize("charset", ["base64", "utf-16le", "cp037", "rot13", "zlib_codec"])
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(
    tmp_path: Path, charset: str
) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE.format(charset), encoding="ascii")
    result = clean("--to", "txt", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Hello\n\nPlain ASCII page with a paragraph of text.\n"


def test_text_encodings_a_page_declares_are_still_honoured() -> None:
    assert declared_charset(b'<meta charset="windows-1256">') == "cp1256"
    assert declared_charset(b'<meta charset="ISO-8859-6">') == "iso8859-6"
    assert declared_charset(b'<meta charset="latin1">') == "cp1252"
    assert declared_charset(b'<meta charset="base64">') is None
    html = '<html><head><meta charset="windows-1256"><title>خبر</title></head><body><p>{}</p>'
    body = "قال الوزير إن الاجتماع كان مثمرا"
    (article,) = read_bytes(html.format(body).encode("cp1256"), name="x.html")
    assert article.meta["encoding"] == "cp1256"
    assert body in article.text


def test_encoding_option_refuses_a_codec_that_is_not_a_text_encoding(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("T\n\nText.\n", encoding="ascii")
    result = clean("--encoding", "base64", str(page))
    assert result.exit_code == 2
    assert "'base64' is not a text encoding" in result.stderr


# --------------------------------------------------------------- 9: one bad JSONL line


@pytest.mark.parametrize(
    "bad",
    ['{"title": "b", "n": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000],
    ids=["5000-digit integer", "deep nesting"],
)
def test_one_bad_jsonl_line_fails_alone_with_its_number(tmp_path: Path, bad: str) -> None:
    lines = [json.dumps({"title": "a", "text": "first"}), bad]
    lines.append(json.dumps({"title": "c", "text": "third"}))
    src = tmp_path / "x.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = clean("--to", "jsonl", str(src))
    assert result.exit_code == 1
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["a", "c"]
    assert f"{src}: line 2: cannot read this JSON" in result.stderr
    assert "unexpected error" not in result.stderr


# --------------------------------------------------------------- 10: strict JSON out


def _strict(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("to", ["json", "jsonl"])
def test_non_finite_numbers_come_out_as_strings(tmp_path: Path, to: str) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text(
        '{"title": "t", "text": "body", "score": NaN, "big": 1e999, "low": -Infinity, "ok": 1.5}\n',
        encoding="utf-8",
    )
    result = clean("--to", to, str(src))
    assert result.exit_code == 0, result.stderr
    record = _strict(result.stdout)
    assert isinstance(record, dict)
    assert (record["score"], record["big"], record["low"], record["ok"]) == (
        "NaN",
        "1e999",
        "-Infinity",
        1.5,
    )


def test_a_non_finite_float_from_the_api_is_written_as_a_string() -> None:
    from newsclean.article import Article
    from newsclean.write.json import render_json, render_jsonl

    article = Article(title="t", extra={"x": float("nan"), "y": [float("inf")]})
    for text in (render_json(article), render_jsonl(article)):
        data = _strict(text)
        assert isinstance(data, dict)
        assert (data["x"], data["y"]) == ("NaN", ["Infinity"])


# --------------------------------------------------------------- 12: mixed encodings


def test_a_utf8_line_in_a_cp1256_file_is_read_as_utf8(tmp_path: Path) -> None:
    arabic = "قال الوزير إن الاجتماع كان مثمرا وإن المحادثات ستستمر."
    data = (
        ("عنوان الخبر\n\n" + arabic + "\n").encode("cp1256")
        + "Café de Flore\n".encode()
        + "وأضاف أن المحادثات ستستمر غدا.\n".encode("cp1256")
    )
    src = tmp_path / "mixed.txt"
    src.write_bytes(data)
    result = clean("--to", "txt", str(src))
    assert result.exit_code == 0, result.stderr
    assert "Café de Flore" in result.stdout
    assert arabic in result.stdout
    assert "Cafأ©" not in result.stdout


def test_a_forced_encoding_reads_every_line_with_it() -> None:
    from newsclean.read import ReadOptions

    data = (
        "عنوان\n\nقال الوزير إن الاجتماع كان مثمرا.\n".encode("cp1256") + "Café de Flore\n".encode()
    )
    (article,) = read_bytes(data, ReadOptions(encoding="cp1256"), name="x.txt")
    assert "Cafأ©" in article.text  # what was asked for, letter for letter
    (article,) = read_bytes(data, name="x.txt")
    assert "Café" in article.text


# --------------------------------------------------------------- 13: empty JSON on stdout


def test_json_on_stdout_is_an_empty_array_for_zero_articles(tmp_path: Path) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text("\n", encoding="utf-8")  # no records
    result = clean("--to", "json", str(src))
    assert json.loads(result.stdout) == []
