"""Site templates with tree output (``-o DIR``): learned by default in a first pass over the
inputs, then removed in the workers (engine/twopass.py, collection/decided.py; issue 15)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.article import Article
from newsclean.cli import cli
from newsclean.collection import profile as profile_file
from newsclean.engine.local import PerArticle
from newsclean.engine.twopass import learn_first
from newsclean.read import Doc, ReadOptions, Record
from newsclean.read.walk import InputRef
from test_site_templates import ABOUT, site_articles, words

LEARNED = '"learned.ofuq.example"'


def _record(article: Article) -> dict[str, object]:
    meta = article.meta
    return {"url": meta["url"], "keywords": meta["tags"], "full_text": article.text}


def _one_file_each(root: Path, n: int, collapsed: bool = False, **kw: object) -> list[str]:
    """``n`` records of a site with a template, one JSON file each; the gold texts."""
    arts, golds = site_articles(n, collapsed, **kw)  # type: ignore[arg-type]
    root.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(arts):
        (root / f"r{i:04d}.json").write_text(json.dumps(_record(a), ensure_ascii=False), "utf-8")
    return golds


def _one_jsonl(path: Path, n: int, collapsed: bool = False) -> list[str]:
    arts, golds = site_articles(n, collapsed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps(_record(a), ensure_ascii=False) + "\n")
    return golds


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _texts(root: Path) -> list[str]:
    out = []
    for name in sorted(_snapshot(root)):
        for line in (root / name).read_text("utf-8").splitlines():
            out.append(json.loads(line)["text"])
    return out


def _strip(*args: str) -> str:
    result = CliRunner().invoke(cli, ["strip", "--to", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("collapsed", [False, True], ids=["line-separated", "collapsed"])
def test_tree_output_learns_by_default_one_file_per_record(tmp_path: Path, collapsed: bool) -> None:
    golds = _one_file_each(tmp_path / "in" / "ofuq", 45, collapsed)
    out = tmp_path / "out"
    _strip("-o", str(out), str(tmp_path / "in"))
    texts = _texts(out / "ofuq")
    assert [words(t) for t in texts] == [words(g) for g in golds]
    assert all(LEARNED in data.decode() for data in _snapshot(out).values())


@pytest.mark.parametrize("collapsed", [False, True], ids=["line-separated", "collapsed"])
@pytest.mark.parametrize("n", [45, 700], ids=["small-file", "split-file"])
def test_tree_output_removes_what_the_stream_removes(
    tmp_path: Path, collapsed: bool, n: int
) -> None:
    # 700 records make a file over 1 MB: the run splits it, and the first pass finds the
    # records' sites in the main process. Same templates as the stream (stdout) learns.
    src = tmp_path / "in" / "site.jsonl"
    golds = _one_jsonl(src, n, collapsed)
    if n == 700:
        assert src.stat().st_size > 1 << 20
    out = tmp_path / "out"
    _strip("-j", "2", "-o", str(out), str(src.parent))
    tree = (out / "site.jsonl").read_text("utf-8")
    assert tree == _strip(str(src))
    texts = [json.loads(line)["text"] for line in tree.splitlines()]
    assert [words(t) for t in texts] == [words(g) for g in golds]


def test_tree_output_does_not_depend_on_jobs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _one_file_each(src / "a", 30)
    _one_file_each(src / "b", 25, collapsed=True, seed=2, host="other.example")
    (src / "c").mkdir()
    _one_jsonl(src / "c" / "mixed.jsonl", 20)
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(
            cli, ["clean", "-j", jobs, "--to", "md", "-o", str(out), str(src)]
        )
        assert result.exit_code == 0, result.output
        trees.append(_snapshot(out))
    assert trees[0] == trees[1]
    assert ABOUT.split()[2] not in b"".join(trees[0].values()).decode()


def test_no_learn_turns_it_off_and_too_few_articles_learn_nothing(tmp_path: Path) -> None:
    _one_file_each(tmp_path / "in" / "big", 20)
    _one_file_each(tmp_path / "in" / "small", 7, seed=3, host="small.example")
    out, off = tmp_path / "out", tmp_path / "off"
    _strip("-o", str(out), str(tmp_path / "in"))
    _strip("--no-learn", "-o", str(off), str(tmp_path / "in"))
    learned = _snapshot(out)
    assert all(LEARNED in learned[f"big/r{i:04d}.jsonl"].decode() for i in range(20))
    # a site with fewer than 8 articles: nothing learned, its template stays
    assert all("learned." not in learned[f"small/r{i:04d}.jsonl"].decode() for i in range(7))
    assert all(ABOUT.split()[2] in learned[f"small/r{i:04d}.jsonl"].decode() for i in range(7))
    assert all("learned." not in data.decode() for data in _snapshot(off).values())


def test_dropped_records_do_not_count_and_the_next_take_their_place(tmp_path: Path) -> None:
    # The first pass learns from the articles the stream would have learned from: those a
    # filter drops (--min-words) are not among them.
    src = tmp_path / "in" / "site.jsonl"
    arts, _ = site_articles(60)
    src.parent.mkdir()
    with src.open("w", encoding="utf-8") as fh:
        for i, a in enumerate(arts):
            rec = _record(a)
            if i % 3 == 0:
                rec["full_text"] = "قصير جدا."  # dropped by --min-words
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    _strip("--min-words", "20", "-o", str(out), str(src.parent))
    tree = (out / "site.jsonl").read_text("utf-8")
    assert tree == _strip("--min-words", "20", str(src))
    assert tree.count(LEARNED) == 40


def test_explain_and_profile_with_tree_output(tmp_path: Path) -> None:
    _one_file_each(tmp_path / "in" / "ofuq", 20)
    prof = tmp_path / "sites.prof"
    result = CliRunner().invoke(
        cli,
        ["strip", "--explain", "--profile", str(prof), "-o", str(tmp_path / "out"),
         str(tmp_path / "in")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "learned.ofuq.example [seen in" in result.stderr
    counts = profile_file.load(prof)["ofuq.example"]
    assert counts.articles == 20
    # counts as hashes: integers only, no text
    assert all(isinstance(k, int) and isinstance(v, int) for k, v in counts.tail.items())


# --------------------------------------------------------------------------- the first pass


class _Stage:
    """A LearnsFirst that records what it is given."""

    def __init__(self, sample: int = 4, hold: int = 1000) -> None:
        self.sample = sample
        self.hold = hold
        self.hold_chars = 10**9
        self.learned: list[tuple[str, list[str]]] = []

    def probe(self) -> _Probe:
        return _Probe()

    def wants(self, inputs: int) -> bool:
        return inputs >= 2

    def learn(self, key: str, articles: list[Article]) -> None:
        self.learned.append((key, [a.title for a in articles]))

    def applier(self) -> PerArticle | None:
        return None


class _Probe:
    def __call__(self, part: Doc | Record, read: ReadOptions) -> str:
        return str(part.meta.get("source", "")).rsplit("/", 2)[-2]

    def whole_file(self, ref: InputRef, read: ReadOptions) -> str | None:
        return None  # (each file read as the run reads it)


def test_the_first_pass_learns_each_groups_first_articles_in_input_order(tmp_path: Path) -> None:
    refs = []
    for i in range(200):
        group = "a" if i % 10 else f"lone{i}"  # one group of 180, twenty of one input
        path = tmp_path / group / f"{i:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Title {i}\n\nSome text of story {i}.\n", "utf-8")
        refs.append(InputRef(str(path), str(path), f"{group}/{i:04d}.txt"))
    stage = _Stage()
    assert (
        learn_first(stage, refs, ReadOptions(), None, keep=None, limits=_limits(), jobs=1) is None
    )
    assert stage.learned == [("a", ["Title 1", "Title 2", "Title 3", "Title 4"])]


def test_the_first_pass_holds_a_bounded_number_of_articles(tmp_path: Path) -> None:
    refs = []
    for i in range(40):
        group = "ab"[i % 2]
        path = tmp_path / group / f"{i:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Title {i}\n\nSome text of story {i}.\n", "utf-8")
        refs.append(InputRef(str(path), str(path), f"{group}/{i:04d}.txt"))
    stage = _Stage(sample=10, hold=3)
    learn_first(stage, refs, ReadOptions(), None, keep=None, limits=_limits(), jobs=1)
    # at most 3 articles wait: the group waiting longest learns from what it has
    assert all(len(titles) <= 4 for _, titles in stage.learned)
    assert stage.learned[0] == ("a", ["Title 0", "Title 2"])


def _limits() -> object:
    from newsclean.engine.limits import Limits

    return Limits(0, 0)


# --------------------------------------------------------------------------- resume


CMD = [sys.executable, "-m", "newsclean", "clean", "-q", "-j", "2", "--to", "jsonl"]


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_an_interrupted_tree_run_resumes_to_identical_outputs(
    tmp_path: Path, sig: signal.Signals
) -> None:
    src = tmp_path / "in"
    _one_file_each(src / "a", 150)
    _one_file_each(src / "b", 150, collapsed=True, seed=2, host="other.example")
    ref = tmp_path / "ref"
    subprocess.run([*CMD, "-o", str(ref), str(src)], check=True)
    expected = _snapshot(ref)
    assert len(expected) == 300 and all(b'"learned.' in v for v in expected.values())
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*CMD, "--skip-existing", "-o", str(out), str(src)],
        start_new_session=True,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and any(out.rglob("*.jsonl"))) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be stopped"
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    written = {k: v for k, v in _snapshot(out).items() if "newsclean-tmp" not in k}
    assert 0 < len(written) < len(expected), err.decode()
    for name, data in written.items():
        assert data == expected[name], name
    # A temporary file of a process still alive is left alone by the sweep (a concurrent
    # run's): wait until the killed workers are gone, as a rerun some time later finds them.
    _wait_gone(out, within=10)
    subprocess.run([*CMD, "--skip-existing", "-o", str(out), str(src)], check=True)
    assert _snapshot(out) == expected


def _wait_gone(out: Path, within: float) -> None:
    import re

    pids = {
        int(m.group(1))
        for p in out.rglob("*newsclean-tmp")
        if (m := re.search(r"\.(\d+)\.newsclean-tmp$", p.name))
    }
    deadline = time.monotonic() + within
    while pids and time.monotonic() < deadline:
        for pid in list(pids):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                pids.discard(pid)
            except OSError:
                pass
        time.sleep(0.05)


def test_a_tree_fed_from_stdin_does_not_learn_unless_asked(tmp_path: Path) -> None:
    src = tmp_path / "site.jsonl"
    _one_jsonl(src, 45)
    data = src.read_text("utf-8")
    for extra, learned in (([], False), (["--learn"], True)):
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(
            cli, ["strip", *extra, "--to", "jsonl", "-o", str(out)], input=data
        )
        assert result.exit_code == 0, result.output
        assert (LEARNED in "".join(v.decode() for v in _snapshot(out).values())) is learned


@pytest.mark.parametrize(
    "data",
    [
        {"site": "  Al Ofuq ", "url": "https://www.ofuq.example/a", "full_text": "x y."},
        {"site": {"id": 3, "name": "x"}, "url": "https://news.example/a", "text": "x y."},
        {"link": "http://www.Other.Example:80/a?b=1", "full_text": "x y."},
        {"site": "", "full_text": "x y."},
        {"full_text": "x y.", "html": "<p>a</p>"},
        {"url": "https://a.example/", "html": "<html><body><p>Story text.</p></body></html>"},
        {"title": "t", "text": "x y.", "meta": {"site": "s"}, "removed": []},
    ],
)
def test_the_probe_finds_the_site_the_article_would_have(data: dict[str, object]) -> None:
    from newsclean.collection.templates import group_of
    from newsclean.engine.twopass import SiteProbe
    from newsclean.read import to_article

    read = ReadOptions()
    part = Record(data, {"source": "in/dir/x.jsonl", "format": "jsonl", "record": 1})
    assert SiteProbe()(part, read) == group_of(to_article(part, read))


_A = b'{"url": "https://a.example/1", "text": "x."}'
_B = b'{"url": "https://b.example/2", "text": "y."}'


@pytest.mark.parametrize(
    ("content", "quick_taken"),
    [
        (b'{"url": "https://www.ofuq.example/a", "full_text": "x y."}', True),
        (b'{\n  "site": "Ofuq",\n  "full_text": "x y."\n}\n', True),
        (b'{"full_text": "x y."}', True),
        (_A + b"\n" + _B + b"\n", False),  # JSON Lines in a .json file
        (b'\xef\xbb\xbf{"url": "https://bom.example/a", "text": "x."}', False),
        (b'{"text": "caf\xe9"}', False),  # not UTF-8
        (b'["not", "an", "object"]', False),
        (b'{"html": "<html><head><title>S</title></head></html>"}', False),
    ],
)
def test_the_quick_file_probe_agrees_with_the_reader(
    tmp_path: Path, content: bytes, quick_taken: bool
) -> None:
    from newsclean.collection.templates import group_of
    from newsclean.engine.twopass import SiteProbe
    from newsclean.read import open_parts, to_article
    from newsclean.read.decode import open_binary

    path = tmp_path / "d" / "r.json"
    path.parent.mkdir()
    path.write_bytes(content)
    ref = InputRef(str(path), str(path), "d/r.json")
    read = ReadOptions()
    quick = SiteProbe().whole_file(ref, read)
    assert (quick is not None) is quick_taken
    try:
        with open_binary(str(path)) as stream:
            opened = open_parts(stream, name=str(path), source=ref.display, options=read)
            parts = [p for p in opened.parts if isinstance(p, Doc | Record)]
            sites = [group_of(to_article(p, read)) for p in parts]
    except Exception:
        sites, opened = [], None
    if quick is not None:  # taken only where the reader finds one record, not multi
        assert opened is not None and not opened.multi and sites == [quick]


def test_dask_learns_in_the_same_first_pass_and_writes_the_same_tree(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from newsclean.cli.templates import TemplateStage
    from newsclean.engine import LocalEngine, Plan, Step, io_config, run
    from newsclean.engine.dask import DaskEngine
    from newsclean.steps.strip import StripOptions, strip

    src = tmp_path / "in"
    _one_file_each(src / "a", 30)
    _one_file_each(src / "b", 20, collapsed=True, seed=2, host="other.example")
    trees = []
    cluster = distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        for engine in (LocalEngine(), DaskEngine(client=client)):
            out = tmp_path / type(engine).__name__
            stage = TemplateStage(first=True)
            stage.load()
            io = io_config(inputs=(str(src),), output=str(out) + "/", to="jsonl", jobs=2)
            summary = run(Plan(io, Step(strip, StripOptions()), learns_first=stage), engine)
            assert summary.exit_code == 0
            trees.append(_snapshot(out))
    cluster.close()
    assert trees[0] == trees[1] and len(trees[0]) == 50
    assert all(b'"learned.' in data for data in trees[0].values())


_PAGE = "<html><head>{head}</head><body>{body}<article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize(
    ("head", "body", "meta"),
    [
        ('<meta property="og:site_name" content="Al Ofuq">', "", {}),
        ('<link rel="canonical" href="https://www.ofuq.example/n/1">', "", {}),
        (
            "",
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"publisher": {"@type": "Organization", "name": "LD Site"}}</script>',
            {},
        ),
        ("<title>t</title>", "", {}),
        ('<meta property="og:site_name" content="S">', "", {"url": "https://w.example/a"}),
        ("", "", {"site": "Given"}),
        # the head alone names the site: the first of each name wins in both readings
        (
            '<meta property="og:site_name" content="Head">',
            '<meta property="og:site_name" content="Body">',
            {},
        ),
        ('<meta name="application-name" content="App">', "", {}),
        # a head whose site is a URL, or that names none before a "</head>" in a script:
        # the whole page decides
        (
            '<meta property="og:site_name" content="https://x.example">',
            '<meta name="application-name" content="Later">',
            {},
        ),
        (
            '<script>var h = "</head>";</script><meta property="og:site_name" content="S2">',
            "",
            {},
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"publisher": {"@type": "Organization", "name": "LD"}}</script>',
            '<meta property="og:site_name" content="Body wins over LD">',
            {},
        ),
    ],
)
def test_the_page_probe_finds_the_site_extraction_finds(
    head: str, body: str, meta: dict[str, str]
) -> None:
    from newsclean.collection.templates import group_of
    from newsclean.engine.twopass import SiteProbe
    from newsclean.read import to_article

    text = "The council approved the budget on Monday after a long debate. " * 5
    page = _PAGE.format(head=head, body=body, text=text)
    part = Doc(page, {"source": "pages/a.html", "format": "html", **meta})
    read = ReadOptions()
    assert SiteProbe()(part, read) == group_of(to_article(part, read))


def test_a_run_that_learns_first_refuses_stdin() -> None:
    from newsclean.engine import Plan, io_config, run
    from newsclean.errors import UsageError

    with pytest.raises(UsageError, match="read twice"):
        run(Plan(io_config(inputs=("-",), output="out/"), learns_first=_Stage()))


def test_the_progress_bar_says_when_the_first_pass_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first pass over a big tree takes a while before any file is written: the bar
    # names it rather than sit at 0, then goes back to counting files.
    from click.testing import CliRunner

    from newsclean.cli import cli, progress

    said: list[str | None] = []

    class Bar:
        def __init__(self, total: int | None) -> None:
            self.done = 0

        def phase(self, what: str | None) -> None:
            said.append(what)

        def advance(self, files: int = 1, failed: int = 0) -> None:
            if not self.done:
                said.append("files move")
            self.done += files

        def record(self) -> None: ...

        def close(self) -> None: ...

    monkeypatch.setattr(progress, "ProgressBar", Bar)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Some article text here.", encoding="utf-8")
    args = ["clean", "--progress", "-o", str(tmp_path / "out"), str(src)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert said == ["learning site templates", None, "files move"]
    said.clear()
    assert CliRunner().invoke(cli, [*args[:-1], "--no-learn", str(src)]).exit_code == 0
    assert "learning site templates" not in said
