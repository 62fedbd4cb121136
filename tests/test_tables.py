"""CSV and Parquet output and Parquet input: the fixed columns, round trips against the JSON
output field by field (csv module, pyarrow, pandas when installed), hard strings, row
groups, the missing-extra error, and reading newsclean's own tables back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.columns import COLUMNS, row_to_dict
from newsclean.write import parquet as parquet_out

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args[:1], "-j", "1", *args[1:]])


def json_records(*args: str) -> list[dict[str, Any]]:
    """The JSON Lines output of ``args``, ``blocks`` left out (tables carry ``text``)."""
    result = run(*args, "--to", "jsonl")
    assert result.exit_code == 0, result.stderr
    # split("\n"), not splitlines(): U+2028 inside a JSON string is no line break.
    records = [json.loads(line) for line in result.stdout.split("\n") if line]
    for record in records:
        del record["blocks"]
    return records


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert tuple(header) == COLUMNS
        return [dict(zip(header, row, strict=True)) for row in reader]


def arrow_csv_rows(path: Path) -> list[dict[str, Any]]:
    # Quoted line breaks need newlines_in_values; a huge cell needs a block bigger than it.
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=64 << 20),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(COLUMNS, pa.string())),
    )
    assert tuple(table.column_names) == COLUMNS
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def parquet_rows(path: Path) -> list[dict[str, Any]]:
    table = pq.read_table(path)
    assert tuple(table.column_names) == COLUMNS
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def assert_same(expected: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    assert len(rows) == len(expected)
    for want, row in zip(expected, rows, strict=True):
        got = row_to_dict(row)
        for key in want.keys() | got.keys():
            assert got.get(key) == want.get(key), (key, want.get("title"))


def write_table(tmp_path: Path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"out.{fmt}"
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert not list(tmp_path.glob(".*newsclean-tmp"))  # atomically replaced, nothing left
    return out


# --- round trips on the samples and the shared corpus -------------------------------------


@pytest.mark.parametrize("command", ["clean", "export"])
def test_csv_and_parquet_equal_json_on_samples(tmp_path: Path, command: str) -> None:
    expected = json_records(command, str(SAMPLES))
    assert len(expected) >= 10
    out_csv = write_table(tmp_path, "csv", command, str(SAMPLES))
    assert_same(expected, csv_rows(out_csv))
    assert_same(expected, arrow_csv_rows(out_csv))
    assert_same(expected, parquet_rows(write_table(tmp_path, "parquet", command, str(SAMPLES))))


def test_round_trip_on_saudinewsnet(shared: Path, tmp_path: Path) -> None:
    corpus = str(shared / "corpus" / "saudinewsnet")
    expected = json_records("clean", corpus)
    assert len(expected) > 1000
    assert any(r["removed"] for r in expected)  # removed structs are exercised
    assert_same(expected, csv_rows(write_table(tmp_path, "csv", "clean", corpus)))
    out = write_table(tmp_path, "parquet", "clean", corpus)
    assert_same(expected, parquet_rows(out))
    assert pq.ParquetFile(out).metadata.num_rows == len(expected)


def test_pandas_reads_the_csv_as_is(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    expected = json_records("clean", str(SAMPLES))
    out = write_table(tmp_path, "csv", "clean", str(SAMPLES))
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == COLUMNS
    assert_same(expected, frame.to_dict("records"))


# --- hard strings --------------------------------------------------------------------------

HARD_TITLE = "He said \"yes\",\r\nthen 'no'\rand\u2028left"
HARD_TEXT = (
    "قال الوزير \u200f«نعم»، ثم غادر.\u2028سطر بعد فاصل U+2028\u2029وفقرة\n"
    '=HYPERLINK("http://evil.example","x")\n+1 plus\n-2 minus\n@SUM(A1)\n' + "طويل جدا " * 400_000
)


def _hard_input(tmp_path: Path) -> Path:
    path = tmp_path / "hard.jsonl"
    records = [
        {
            "title": HARD_TITLE,
            "subtitle": "tab\there, comma, and ; semicolon",
            "text": HARD_TEXT,
            "url": "https://example.net/a?b=1&c=2",
            "tags": ["one", 'two "quoted"', "ثلاثة"],
            "nested": {"list": [1, 2.5, None, True], "text": "line1\nline2"},
        },
        {"title": "=cmd|' /C calc'!A0", "text": "-short"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def test_hard_strings_survive_csv_and_parquet(tmp_path: Path) -> None:
    source = _hard_input(tmp_path)
    expected = json_records("export", str(source))
    assert expected[0]["title"] == HARD_TITLE
    assert len(expected[0]["text"]) > 3_000_000
    assert expected[1]["title"].startswith("=")  # not escaped: data, not a spreadsheet
    out_csv = write_table(tmp_path, "csv", "export", str(source))
    assert_same(expected, csv_rows(out_csv))
    assert_same(expected, arrow_csv_rows(out_csv))
    assert_same(expected, parquet_rows(write_table(tmp_path, "parquet", "export", str(source))))
    # RFC 4180: CRLF row ends, the cell holding quotes and line breaks is quoted.
    raw = out_csv.read_bytes()
    assert raw.startswith(b"title,subtitle,text,meta.source,")
    assert b'"He said ""yes"",\r\nthen' in raw


def test_lone_surrogate_is_written_as_its_escape(tmp_path: Path) -> None:
    source = tmp_path / "s.jsonl"
    source.write_text('{"title": "bad \\ud800 char", "text": "body"}\n')
    out_csv = write_table(tmp_path, "csv", "export", str(source))
    assert csv_rows(out_csv)[0]["title"] == "bad \\ud800 char"
    out_pq = write_table(tmp_path, "parquet", "export", str(source))
    assert parquet_rows(out_pq)[0]["title"] == "bad \\ud800 char"


# --- the files themselves -----------------------------------------------------------------


def test_parquet_types_and_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_out, "ROWS_PER_GROUP", 3)
    out = write_table(tmp_path, "parquet", "clean", str(SAMPLES))
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_row_groups == 4  # 11 articles, 3 per group: streamed
    schema = parquet.schema_arrow
    assert schema.field("meta.tags").type == pa.list_(pa.string())
    assert schema.field("meta.record").type == pa.int64()
    removed = schema.field("removed").type
    assert pa.types.is_list(removed) and pa.types.is_struct(removed.value_type)
    rows = parquet.read().to_pylist()
    tagged = next(r for r in rows if r["meta.tags"])
    assert isinstance(tagged["meta.tags"], list)
    first = next(r for r in rows if r["removed"])["removed"][0]
    assert set(first) == {"step", "rule", "text", "position", "field"}


def test_empty_outputs_are_valid_tables(tmp_path: Path) -> None:
    args = ("export", "--lang", "xx", str(SAMPLES))
    out_csv = write_table(tmp_path, "csv", *args)
    assert out_csv.read_bytes() == (",".join(COLUMNS) + "\r\n").encode()
    out_pq = write_table(tmp_path, "parquet", *args)
    assert pq.read_table(out_pq).num_rows == 0


def test_csv_to_stdout_has_one_header(tmp_path: Path) -> None:
    result = run("export", "--to", "csv", str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == list(COLUMNS)
    assert sum(1 for r in rows if r == list(COLUMNS)) == 1
    assert len(rows) == 1 + len(json_records("export", str(SAMPLES)))


def test_csv_into_a_directory_gives_each_file_a_header(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("export", "--to", "csv", "-o", str(out), str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    files = sorted(out.rglob("*.csv"))
    assert len(files) == len(list(SAMPLES.iterdir()))
    for path in files:
        assert csv_rows(path)  # header checked, at least one row


def test_output_extension_picks_the_format(tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    assert run("export", "-o", str(out), str(SAMPLES)).exit_code == 0
    assert out.read_bytes()[:4] == b"PAR1"
    out_csv = tmp_path / "a.csv"
    assert run("export", "-o", str(out_csv), str(SAMPLES)).exit_code == 0
    assert out_csv.read_bytes().startswith(b"title,subtitle,text,")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--to", "parquet"),
        ("export", "--to", "parquet", "-o", "out/"),
    ],
)
def test_parquet_needs_one_output_file(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*args, str(SAMPLES))
    assert result.exit_code == 2
    assert "-o FILE.parquet" in result.stderr


def test_without_pyarrow_one_line_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet_out, "available", lambda: False)
    result = run("export", "-o", str(tmp_path / "a.parquet"), str(SAMPLES))
    assert result.exit_code == 2
    assert "pip install 'newsclean[parquet]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.parquet").exists()


# --- Parquet input ------------------------------------------------------------------------


def test_tables_read_back_as_input_equal_the_json(tmp_path: Path) -> None:
    expected = json_records("clean", str(SAMPLES))
    for fmt in ("csv", "parquet"):
        out = write_table(tmp_path, fmt, "clean", str(SAMPLES))
        assert json_records("export", str(out)) == expected


def test_scraper_parquet_maps_fields_like_json_records(tmp_path: Path) -> None:
    import datetime

    table = pa.table(
        {
            "headline": ["عنوان أول", "Second title", "Third"],
            "content": ["نص الخبر الأول.\nفقرة ثانية.", "Body two.", "Body three."],
            "link": ["https://a.example/1", "https://a.example/2", None],
            "published_at": [datetime.datetime(2024, 2, 20, 17, 0)] * 3,
            "keywords": [["طقس", "أمطار"], [], None],
            "rank": [1, 2, 3],
        }
    )
    path = tmp_path / "scraped.parquet"
    pq.write_table(table, path, row_group_size=2)  # two row groups: indices run on
    records = json_records("export", str(path))
    assert [r["title"] for r in records] == ["عنوان أول", "Second title", "Third"]
    assert records[0]["text"] == "نص الخبر الأول.\n\nفقرة ثانية."
    assert records[0]["meta"]["url"] == "https://a.example/1"
    assert records[0]["meta"]["published"] == "2024-02-20T17:00:00"
    assert records[0]["meta"]["tags"] == ["طقس", "أمطار"]
    assert records[0]["meta"]["format"] == "parquet"
    assert [r["meta"]["record"] for r in records] == [0, 1, 2]
    assert [r["rank"] for r in records] == [1, 2, 3]  # carried, type kept


def test_parquet_from_a_pipe_and_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "rows.bin"
    pq.write_table(pa.table({"title": ["T"], "text": ["Body."]}), path)
    result = CliRunner().invoke(
        cli, ["export", "--to", "jsonl", "-j", "1"], input=path.read_bytes()
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "T"
    assert json_records("export", "--from", "parquet", str(path))[0]["text"] == "Body."


def test_broken_parquet_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really parquet")
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nA paragraph.\n")
    result = run("export", "--to", "jsonl", str(bad), str(good))
    assert result.exit_code == 1
    assert "bad.parquet: not a readable Parquet file" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["title"] == "Title"
