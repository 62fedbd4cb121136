"""The Dask engine: outputs byte-identical to the local engine, for clean and for dedup.

One 2-worker process LocalCluster serves the whole module. The corpus is generated here
(about 1,000 files with exact, truncated and edited duplicates, multi-record inputs and a few
broken files), so no development data is needed. Skips when Dask is not installed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from newsclean.article import Article  # noqa: E402
from newsclean.cli.common import build_io, run  # noqa: E402
from newsclean.collection.duplicates import Deduplicator, DuplicateOptions  # noqa: E402
from newsclean.engine import dask as engine  # noqa: E402
from newsclean.engine.local import Failure, Step  # noqa: E402
from newsclean.pipeline import CleanOptions, clean  # noqa: E402
from newsclean.read import ReadOptions  # noqa: E402
from newsclean.read.walk import expand  # noqa: E402
from newsclean.write import WriteOptions  # noqa: E402

N_FILES = 240


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _vocabulary(rng: random.Random) -> list[str]:
    latin = "abcdefghijklmnopqrstuvwxyz"
    arabic = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words = ["".join(rng.choices(latin, k=rng.randint(3, 9))) for _ in range(1500)]
    words += ["".join(rng.choices(arabic, k=rng.randint(3, 7))) for _ in range(1500)]
    return words


def _story(rng: random.Random, vocab: list[str]) -> tuple[str, list[str]]:
    title = " ".join(rng.choices(vocab, k=rng.randint(5, 9)))
    paras = [
        " ".join(rng.choices(vocab, k=rng.randint(20, 50))) + "." for _ in range(rng.randint(3, 7))
    ]
    return title, paras


def _variant(rng: random.Random, story: tuple[str, list[str]], vocab: list[str]) -> Any:
    title, paras = story
    kind = rng.random()
    if kind < 0.4:
        return title, list(paras)  # exact copy
    if kind < 0.7:
        return title, paras[: max(2, int(len(paras) * 0.7))]  # truncated
    edited = [p.split() for p in paras]
    for words in edited[:2]:
        words[rng.randrange(len(words))] = rng.choice(vocab)  # a few words changed
    return title + " | Example News", [" ".join(w) for w in edited]


def _text_file(title: str, paras: list[str]) -> str:
    return "\n\n".join([title, *paras, "Share this article"]) + "\n"


def _html_file(title: str, paras: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(8)
    vocab = _vocabulary(rng)
    root = tmp_path_factory.mktemp("corpus") / "in"
    stories: list[tuple[str, list[str]]] = []
    for i in range(N_FILES):
        sub = root / f"d{i % 3}" / f"s{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        if stories and rng.random() < 0.3:
            title, paras = _variant(rng, rng.choice(stories), vocab)
        else:
            title, paras = _story(rng, vocab)
            stories.append((title, paras))
        if i % 10 == 3:
            (sub / f"a{i:04d}.html").write_text(_html_file(title, paras), encoding="utf-8")
        else:
            (sub / f"a{i:04d}.txt").write_text(_text_file(title, paras), encoding="utf-8")
    with (root / "feed.jsonl").open("w", encoding="utf-8") as f:
        for i in range(40):
            title, paras = (
                _variant(rng, rng.choice(stories), vocab) if i % 3 == 0 else _story(rng, vocab)
            )
            rec = {
                "id": i,
                "title": title,
                "text": "\n\n".join(paras),
                "published": f"2024-01-{i % 28 + 1:02d}",
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if i == 20:
                f.write("{not json\n")  # one bad record: reported, the rest still written
    with (root / "d1" / "rows.json").open("w", encoding="utf-8") as f:
        rows = [
            {"title": t, "text": "\n\n".join(p)}
            for t, p in (_variant(rng, rng.choice(stories), vocab) for _ in range(12))
        ]
        json.dump(rows, f, ensure_ascii=False)
    (root / "d2" / "empty.txt").write_bytes(b"")
    (root / "d2" / "broken.json").write_text("{ nope", encoding="utf-8")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _local(
    inputs: list[str], out: Path, to: str, dup: Deduplicator | None = None
) -> tuple[int, list[str]]:
    """The local engine (what ``newsclean clean -o DIR`` runs), in this process."""
    io = build_io(inputs=tuple(inputs), output=str(out) + "/", to=to, quiet=True, jobs=1)
    code = 0
    try:
        run(io, Step(clean, CleanOptions()), dup)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    return code, []


def _dask(inputs: list[str], out: Path, to: str, client: Any, **kw: Any) -> engine.DaskRunResult:
    return engine.run_clean_on_dask(
        inputs, str(out), CleanOptions(), WriteOptions(), ReadOptions(), to=to, client=client, **kw
    )


@pytest.mark.parametrize("to", ["md", "jsonl"])
def test_clean_outputs_are_byte_identical(
    corpus: Path, tmp_path: Path, client: Any, to: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _local([str(corpus)], tmp_path / "local", to)
    local_err = capsys.readouterr().err
    result = _dask([str(corpus)], tmp_path / "dask", to, client, files_per_task=13)
    dask_err = capsys.readouterr().err
    local, remote = _tree(tmp_path / "local"), _tree(tmp_path / "dask")
    assert len(local) > N_FILES - 10
    assert remote == local
    # The same failures (empty file, broken JSON, the bad JSONL line), one line each, in order.
    assert code == result.exit_code == 1
    assert [f.line() for f in result.failures] == [
        line.removeprefix("newsclean: error: ")
        for line in local_err.splitlines()
        if line.startswith("newsclean: error: ")
    ]
    assert len(result.failures) == 3
    assert sorted(dask_err.splitlines()) == sorted(
        line for line in local_err.splitlines() if line.startswith("newsclean: error: ")
    )
    if to == "md":  # one file per article (multi-record inputs become directories)
        assert result.written == len(local)
    else:  # one line per article
        assert result.written == sum(v.count(b"\n") for v in local.values())


@pytest.mark.parametrize(
    ("options", "per_task"),
    [
        (DuplicateOptions(), 3),
        (DuplicateOptions(keep="longest", mark=True), 50),
        (DuplicateOptions(keep="newest", mark=True), 8),
    ],
    ids=["first", "longest-mark", "newest-mark"],
)
def test_dedup_decisions_equal_the_local_deduplicator(
    corpus: Path, tmp_path: Path, client: Any, options: DuplicateOptions, per_task: int
) -> None:
    """Same decisions as the single-machine run whatever the partitioning (3 to 50 files a
    task): the client decides in input order, never in the order results arrive."""
    local_dd = Deduplicator(options)
    _local([str(corpus)], tmp_path / "local", "jsonl", local_dd)
    dask_dd = Deduplicator(options)
    result = _dask(
        [str(corpus)],
        tmp_path / "dask",
        "jsonl",
        client,
        duplicates=dask_dd,
        files_per_task=per_task,
    )
    assert local_dd.report.duplicates > 30  # the corpus has plenty of duplicates
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert dask_dd.report.rows == local_dd.report.rows
    assert dask_dd.report.records == local_dd.report.records
    assert result.duplicates == local_dd.report.duplicates
    # A saved --index is the same file too.
    assert dask_dd.index.store.to_bytes() == local_dd.index.store.to_bytes()


def test_globs_file_urls_and_skip_existing(corpus: Path, tmp_path: Path, client: Any) -> None:
    pattern = str(corpus / "d0" / "s1" / "*.txt")
    files = sorted(str(p) for p in (corpus / "d0" / "s1").glob("*.txt"))
    _local(files, tmp_path / "local", "txt")
    result = _dask([pattern], tmp_path / "dask", "txt", client)
    assert result.inputs == len(files) and not result.failures
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    # file:// URLs are read by the workers with fsspec; txt output carries no source path.
    url = (corpus / "d0" / "s1").as_uri() + "/*.txt"
    result = _dask([url], tmp_path / "url", "txt", client)
    assert [f.line() for f in result.failures] == []
    assert _tree(tmp_path / "url") == _tree(tmp_path / "local")
    again = _dask([pattern], tmp_path / "dask", "txt", client, skip_existing=True)
    assert again.skipped == len(files) and again.inputs == 0 and again.written == 0


def test_remote_output_has_the_local_names_and_bytes(corpus: Path, tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    refs = [r for r in expand([str(corpus / "feed.jsonl"), str(corpus / "d1" / "rows.json")])]
    for to in ("md", "jsonl", "json"):
        _local([r.path for r in refs if r.path], tmp_path / to, to)  # type: ignore[misc]
        config = engine.WorkerConfig(
            ReadOptions(), Step(clean, CleanOptions()), engine.Renderer(to, WriteOptions())
        )
        job = engine.Job(config, f"memory://nc-{to}", to, WriteOptions(), 0)
        events = engine.clean_and_write(tuple(refs), job)  # type: ignore[arg-type]
        assert sum(isinstance(e, Failure) for e in events) == 1
        fs = fsspec.filesystem("memory")
        remote = {p.removeprefix(f"/nc-{to}/"): fs.cat_file(p) for p in fs.find(f"/nc-{to}")}
        assert remote == _tree(tmp_path / to)


def test_a_failing_worker_item_never_fails_the_job(tmp_path: Path, client: Any) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Title here\n\nSome body text of the article.\n")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = _dask(
        [str(tmp_path / "in"), str(tmp_path / "missing")], tmp_path / "out", "md", client
    )
    assert result.written == 1 and result.exit_code == 1
    assert [f.display for f in result.failures] == [
        str(tmp_path / "in" / "bin.txt"),
        str(tmp_path / "missing"),
    ]
    assert (tmp_path / "out" / "ok.md").exists()


def _articles(corpus: Path) -> list[Article]:
    from newsclean import read

    out: list[Article] = []
    for p in sorted((corpus / "d0" / "s2").glob("*.txt")):
        out.extend(read(p))
    return out


def test_bag_clean_and_dedup_equal_the_library(corpus: Path, client: Any) -> None:
    import dask.bag as db

    articles = _articles(corpus)
    expected = [clean(a) for a in articles]
    bag = engine.clean_bag(db.from_sequence(articles, npartitions=5))
    assert bag.compute() == expected
    records = [{"title": a.title, "text": a.text, "id": i} for i, a in enumerate(articles)]
    from_records = engine.clean_bag(db.from_sequence(records, npartitions=3)).compute()
    assert [a.extra.get("id") for a in from_records] == list(range(len(records)))
    for options in (DuplicateOptions(), DuplicateOptions(keep="longest", mark=True)):
        local = list(Deduplicator(options).run(expected))
        for parts in (1, 4):
            kept = engine.deduplicate_bag(db.from_sequence(expected, npartitions=parts), options)
            assert kept.compute() == local
    rendered = engine.render_bag(db.from_sequence(expected[:3]), "jsonl").compute()
    assert [json.loads(line)["title"] for line in rendered] == [a.title for a in expected[:3]]


def test_read_bag_and_failures(corpus: Path, client: Any) -> None:
    bag = engine.read_bag(str(corpus / "d2"), files_per_partition=4, errors="keep")
    items = bag.compute()
    failures = [i for i in items if isinstance(i, Failure)]
    assert {Path(f.display).name for f in failures} == {"empty.txt", "broken.json"}
    assert sum(isinstance(i, Article) for i in items) == len(list((corpus / "d2").rglob("a*")))
    with pytest.raises(Exception, match=r"empty|broken\.json"):
        engine.read_bag(str(corpus / "d2"), errors="raise").compute()


def test_dataframe_text_column(corpus: Path, client: Any) -> None:
    import dask.dataframe as dd
    import pandas as pd

    articles = _articles(corpus)[:20]
    frame = pd.DataFrame(
        {
            "id": range(len(articles)),
            "head": [a.title for a in articles],
            "body": [a.text + "\n\nShare this article" for a in articles],
        }
    )
    frame.loc[3, "body"] = None
    ddf = dd.from_pandas(frame, npartitions=3)
    out = engine.clean_dataframe(ddf, "body", title="head").compute()
    assert list(out["id"]) == list(range(len(articles)))
    assert pd.isna(out.loc[3, "body_clean"])
    for i in (0, 5, len(articles) - 1):
        art = engine.to_article(
            engine.Record(
                {"title": frame.loc[i, "head"], "text": frame.loc[i, "body"]},
                {"source": "-", "format": "json"},
            ),
            ReadOptions(),
        )
        assert out.loc[i, "body_clean"] == clean(art).text
        assert "Share this article" not in out.loc[i, "body_clean"]


def test_options_and_jobs_pickle() -> None:
    import pickle

    job = engine.Job(
        engine.WorkerConfig(ReadOptions(), Step(clean, CleanOptions()), None),
        "out",
        "md",
        WriteOptions(),
        1,
        DuplicateOptions(keep="newest"),
    )
    assert pickle.loads(pickle.dumps(job)) == job


def test_cli_engine_dask_writes_what_the_local_clean_writes(
    corpus: Path, tmp_path: Path, client: Any
) -> None:
    from click.testing import CliRunner

    from newsclean.cli.clean import command

    inputs = [str(corpus / "d1")]
    local = CliRunner().invoke(command, ["--across", "-o", str(tmp_path / "l") + "/", *inputs])
    remote = CliRunner().invoke(
        command,
        [
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
            "--across",
            "-o",
            str(tmp_path / "d") + "/",
            *inputs,
        ],
    )
    assert remote.exit_code == local.exit_code, remote.output
    assert _tree(tmp_path / "d") == _tree(tmp_path / "l")


def test_url_inputs_are_listed_and_read_like_a_local_tree(corpus: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    from newsclean.engine.inputs import expand_inputs

    fs = fsspec.filesystem("memory")
    local_refs = [r for r in expand([str(corpus / "d2")]) if r.path]  # type: ignore[union-attr]
    for ref in local_refs:
        rel = Path(ref.path).relative_to(corpus / "d2")  # type: ignore[arg-type]
        fs.pipe_file(f"/nc-in/{rel}", Path(ref.path).read_bytes())  # type: ignore[arg-type]
    fs.pipe_file("/nc-in/.hidden.txt", b"not an input")
    fs.pipe_file("/nc-in/notes.bin", b"not an input either")
    url_refs = list(expand_inputs(["memory://nc-in"]))
    # Same order and output names as the local walk; the URL is the source.
    assert [r.rel for r in url_refs] == [r.rel for r in local_refs]  # type: ignore[union-attr]
    for r in url_refs:
        assert r.display.startswith("memory://") and "/nc-in/" in r.display  # type: ignore[union-attr]
    config = engine.WorkerConfig(ReadOptions(), Step(clean, CleanOptions()), None)
    local = engine.read_unit(local_refs, config)  # type: ignore[arg-type]
    remote = engine.read_unit(url_refs, config)  # type: ignore[arg-type]
    assert [type(e) for e in remote] == [type(e) for e in local]
    for a, b in zip(local, remote, strict=True):
        if isinstance(a, Failure):
            assert isinstance(b, Failure) and a.message == b.message
        else:
            assert b.payload.replace(meta={}) == a.payload.replace(meta={})  # type: ignore[union-attr]
    missing = list(expand_inputs(["memory://nc-nothing/*.txt", "memory://nc-none"]))
    assert [type(m).__name__ for m in missing] == ["WalkError", "WalkError"]


def test_files_from_lists_keep_directories_like_the_local_run(
    corpus: Path, tmp_path: Path, client: Any
) -> None:
    paths = [str(p) for p in sorted((corpus / "d1").rglob("*.txt"))[:6]]
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(paths) + "\n")
    io = build_io(files_from=str(listing), output=str(tmp_path / "local") + "/", quiet=True)
    run(io, Step(clean, CleanOptions()))
    result = _dask([], tmp_path / "dask", "md", client, files_from=paths)
    assert result.written == len(paths)
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")


def test_dedup_against_an_earlier_index(corpus: Path, tmp_path: Path, client: Any) -> None:
    from newsclean.collection.duplicates import DuplicateIndex

    first = Deduplicator(DuplicateOptions())
    _local([str(corpus / "d0")], tmp_path / "first", "jsonl", first)
    first.index.save(tmp_path / "seen.idx")
    options = DuplicateOptions(keep="longest")
    local_dd = Deduplicator(options, DuplicateIndex.load(tmp_path / "seen.idx"))
    _local([str(corpus / "d1")], tmp_path / "local", "jsonl", local_dd)
    dask_dd = Deduplicator(options, DuplicateIndex.load(tmp_path / "seen.idx"))
    _dask([str(corpus / "d1")], tmp_path / "dask", "jsonl", client, duplicates=dask_dd)
    assert local_dd.report.duplicates > 0
    assert dask_dd.report.rows == local_dd.report.rows
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert dask_dd.index.store.to_bytes() == local_dd.index.store.to_bytes()


def test_collection_dedup_stage_reports_like_the_local_run(
    corpus: Path, tmp_path: Path, client: Any
) -> None:
    """The wiring ``clean --across --report`` uses: CollectionDedup's deduplicator goes to the
    engine, ``finish(result.to_summary())`` writes the same report and index."""
    from newsclean.cli.dedup import CollectionDedup

    files = {}
    for name in ("local", "dask"):
        stage = CollectionDedup(
            DuplicateOptions(), str(tmp_path / f"{name}.idx"), str(tmp_path / f"{name}.json")
        )
        stage.load()
        if name == "local":
            io = build_io(
                inputs=(str(corpus / "d2"),), output=str(tmp_path / name) + "/", quiet=True
            )
            with pytest.raises(click.exceptions.Exit):  # empty.txt, broken.json: exit 1
                run(io, Step(clean, CleanOptions()), stage, on_finish=stage.finish)
        else:
            assert stage.deduplicator is not None
            result = _dask(
                [str(corpus / "d2")], tmp_path / name, "md", client, duplicates=stage.deduplicator
            )
            assert result.exit_code == 1
            stage.finish(result.to_summary())
        files[name] = (
            (tmp_path / f"{name}.json").read_text(),
            (tmp_path / f"{name}.idx").read_bytes(),
        )
    assert files["dask"] == files["local"]
    assert json.loads(files["local"][0])["summary"]["duplicates"] > 0
