"""Whole-process benchmarks on real text: what a user waits for, against the peer tool.

Each row runs both tools as whole processes (interpreter start-up, imports, reading and
writing included) on the same real input, alternating the two, and prints the best and the
median rate of each and the ratio of the bests (the least disturbed run of each side),
and the same from CPU seconds (user + system of the whole process tree, every descendant
included, see ``timed``: steadier than wall time on a loaded machine, but blind to waiting on
the disk and to the use of both cores):

    python bench/bench_process.py                        # every row, 3 rounds
    python bench/bench_process.py --rows normalize,dedup --rounds 5
    python bench/bench_process.py --rows strip,reader --html zyte,readability

Each row also prints the best CPU seconds (user + system, workers included) of each side and
their ratio: on a loaded machine the steadier figure.

| row | newsclean | peer |
|---|---|---|
| normalize | `newsclean normalize --to jsonl` | ftfy.fix_text per article, JSONL in/out |
| dedup | `newsclean dedup --to jsonl` | datasketch MinHash LSH (128 perms, 0.8), JSONL in/out |
| strip | `newsclean strip --jobs 1 --to jsonl` on HTML pages | trafilatura.extract, one process |
| reader | `newsclean export --jobs 1 --to jsonl` on HTML pages | trafilatura.extract, one process |
| clean | `newsclean clean --jobs 2 -o DIR` on 20,000 files | bare atomic copy, 2 processes |
| dask | `newsclean clean --engine dask` | `newsclean clean --jobs 2` (local) |

Input comes from ../shared/corpus (saudinewsnet: research use only, read here, never shipped;
zyte and readability pages). Generated inputs are cached under bench/data/process/.
The in-process benchmarks (bench_normalize.py, bench_dedup.py, ...) remain for profiling.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SHARED = BENCH.parents[1] / "shared" / "corpus"
DATA = BENCH / "data" / "process"

# Peers, as the small scripts a user would write: read JSON Lines, apply, write JSON Lines.
FTFY_PEER = """
import sys, json, ftfy
out = sys.stdout
for line in sys.stdin:
    r = json.loads(line)
    r["title"] = ftfy.fix_text(r.get("title") or "")
    r["text"] = ftfy.fix_text(r.get("text") or "")
    out.write(json.dumps(r, ensure_ascii=False) + "\\n")
"""

DATASKETCH_PEER = """
import sys, json
from datasketch import MinHash, MinHashLSH
lsh = MinHashLSH(threshold=0.8, num_perm=128)
out = sys.stdout
for i, line in enumerate(sys.stdin):
    r = json.loads(line)
    words = (r.get("text") or "").split()
    m = MinHash(num_perm=128)
    shingles = [" ".join(words[k:k + 3]) for k in range(max(1, len(words) - 2))]
    m.update_batch([s.encode("utf-8") for s in shingles])
    if lsh.query(m):
        continue
    lsh.insert(str(i), m)
    out.write(json.dumps(r, ensure_ascii=False) + "\\n")
"""

TRAFILATURA_PEER = """
import sys, json, os, trafilatura
out = sys.stdout
root = sys.argv[1]
for name in sorted(os.listdir(root)):
    with open(os.path.join(root, name), "rb") as f:
        html = f.read()
    text = trafilatura.extract(html, output_format="txt") or ""
    out.write(json.dumps({"source": name, "text": text}, ensure_ascii=False) + "\\n")
"""


@dataclass
class Side:
    """One tool of a row: a command (stdin file or None) and what its rate counts."""

    name: str
    argv: list[str]
    stdin: Path | None = None
    before: Callable[[], None] | None = None  # run (untimed) before each measurement


def _newsclean() -> list[str]:
    """The ``newsclean`` console script of the interpreter that runs the peers (as pip
    installs it beside ``python``), so a version manager's shim on PATH is not timed on one
    side only; ``python -m newsclean`` without one."""
    script = shutil.which("newsclean", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "newsclean"]


NEWSCLEAN = _newsclean()

# Linux: this process adopts every orphaned descendant (PR_SET_CHILD_SUBREAPER), so a
# process its parent never waited for (Dask's per-thread guard processes) is reaped here,
# and its CPU counted, instead of vanishing with init.
_SUBREAPER = False
if sys.platform.startswith("linux"):
    try:
        import ctypes

        _SUBREAPER = ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        _SUBREAPER = False


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of the processes reaped here that their parent never waited for, per side
#: name (what ``getrusage(RUSAGE_CHILDREN)`` alone would have missed).
UNWAITED: dict[str, list[float]] = {}


def _reap_tree(root: int, deadline: float = 120.0) -> tuple[int, float, float, float]:
    """Wait for ``root``, then for every orphaned descendant adopted meanwhile (up to
    ``deadline`` seconds, then they are killed); return root's exit status, the moment it
    exited, the CPU seconds of all of them (each reaped process's rusage holds its own CPU
    and that of every descendant it waited for, so the sum covers the whole tree), and the
    part of it from the adopted ones."""
    import psutil

    _, raw, usage = os.wait4(root, 0)
    ended = time.perf_counter()
    cpu = _cpu(usage)
    adopted = 0.0
    end = time.monotonic() + deadline
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # none left
        if pid:
            adopted += _cpu(usage)
            continue
        if time.monotonic() > end:
            for child in psutil.Process().children():
                child.kill()
            end = float("inf")
        time.sleep(0.01)
    return os.waitstatus_to_exitcode(raw), ended, cpu + adopted, adopted


def timed(side: Side) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process tree; output discarded; fails loudly on
    an error exit. Wall time ends when the command's own process exits. CPU counts every
    descendant, on Linux also the ones their parent never waited for (see ``_SUBREAPER``;
    elsewhere only the waited-for ones, as ``getrusage`` sees them)."""
    if side.before is not None:
        side.before()
    with open(side.stdin or os.devnull, "rb") as stdin:
        t0 = time.perf_counter()
        if _SUBREAPER:
            proc = subprocess.Popen(side.argv, stdin=stdin, stdout=subprocess.DEVNULL)
            code, ended, cpu, adopted = _reap_tree(proc.pid)
            UNWAITED.setdefault(side.name, []).append(adopted)
            proc.returncode = code  # reaped here, not by Popen
            wall = ended - t0
        else:
            cpu0 = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
            code = subprocess.run(side.argv, stdin=stdin, stdout=subprocess.DEVNULL).returncode
            wall = time.perf_counter() - t0
            cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - cpu0
    if code not in (0, 1):
        sys.exit(f"{side.name}: exit {code}: {' '.join(side.argv)}")
    return wall, cpu


def compare(title: str, amount: float, unit: str, ours: Side, peer: Side, rounds: int) -> None:
    """Alternate the two sides ``rounds`` times; print rates and the ratio of the bests."""
    walls: dict[str, list[float]] = {ours.name: [], peer.name: []}
    cpus: dict[str, list[float]] = {ours.name: [], peer.name: []}
    for r in range(rounds):
        pair = (ours, peer) if r % 2 == 0 else (peer, ours)  # who goes first alternates too
        for side in pair:
            wall, cpu = timed(side)
            walls[side.name].append(wall)
            cpus[side.name].append(cpu)
    print(f"\n{title}")
    for side in (ours, peer):
        w = walls[side.name]
        print(
            f"  {side.name:<44} best {amount / min(w):10,.1f} {unit}"
            f"   median {amount / statistics.median(w):10,.1f}   ({len(w)} runs)"
        )
    ratio = min(walls[peer.name]) / min(walls[ours.name])
    spread = sorted(p / o for p, o in zip(walls[peer.name], walls[ours.name], strict=True))
    pairwise = f"{spread[0]:.2f}-{spread[-1]:.2f}"
    print(f"  ratio (newsclean / peer rate): {ratio:.2f}x  [pairwise {pairwise}]")
    c_ours, c_peer = cpus[ours.name], cpus[peer.name]
    c_spread = sorted(p / o for p, o in zip(c_peer, c_ours, strict=True))
    print(
        f"  CPU seconds: newsclean best {min(c_ours):.2f}, peer best {min(c_peer):.2f};"
        f" ratio {min(c_peer) / min(c_ours):.2f}x  [pairwise {c_spread[0]:.2f}-{c_spread[-1]:.2f}]"
    )
    for side in (ours, peer):
        unwaited = UNWAITED.get(side.name, [])[-rounds:]
        if any(unwaited):
            print(
                f"  of which in processes never waited for ({side.name}): "
                f"{min(unwaited):.2f}-{max(unwaited):.2f} s (missed by getrusage alone)"
            )


def saudinewsnet() -> list[dict[str, str]]:
    path = SHARED / "saudinewsnet" / "2015-07-22.json"
    articles = json.loads(path.read_text(encoding="utf-8"))
    return [{"title": a["title"], "text": a["content"], "url": a["url"]} for a in articles]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def row_normalize(rounds: int, count: int) -> None:
    records = saudinewsnet()[:count]
    src = write_jsonl(DATA / f"normalize-{count}.jsonl", records)
    mb = src.stat().st_size / 1e6
    compare(
        f"normalize: {len(records)} real Arabic articles, {mb:.1f} MB of JSON Lines",
        mb,
        "MB/s",
        Side(
            "newsclean normalize --to jsonl", [*NEWSCLEAN, "normalize", "--to", "jsonl", "-q"], src
        ),
        Side("ftfy.fix_text per article (JSONL in/out)", [sys.executable, "-c", FTFY_PEER], src),
        rounds,
    )


def _variants(records: list[dict[str, str]], count: int) -> list[dict[str, str]]:
    """``count`` records: real articles plus copies with a few words edited or cut (a fifth),
    shuffled with a fixed seed, so both tools have real duplicates to find."""
    rng = random.Random(7)
    base = records[: int(count * 0.8)]
    out = list(base)
    while len(out) < count:
        a = dict(rng.choice(base))
        words = a["text"].split(" ")
        if rng.random() < 0.5 and len(words) > 20:
            words = words[: int(len(words) * 0.9)]
        else:
            for _ in range(3):
                words[rng.randrange(len(words))] = "تعديل"
        a["text"] = " ".join(words)
        out.append(a)
    rng.shuffle(out)
    return out


def row_dedup(rounds: int, count: int) -> None:
    records = _variants(saudinewsnet(), count)
    src = write_jsonl(DATA / f"dedup-{count}.jsonl", records)
    compare(
        f"dedup: {len(records)} real articles (a fifth of them edited or cut copies), JSON Lines",
        len(records),
        "docs/s",
        Side("newsclean dedup --to jsonl", [*NEWSCLEAN, "dedup", "--to", "jsonl", "-q"], src),
        Side("datasketch MinHash LSH (JSONL in/out)", [sys.executable, "-c", DATASKETCH_PEER], src),
        rounds,
    )


def html_pages() -> Path:
    """Zyte's and Readability's pages side by side in one flat folder, inflated (cached)."""
    import gzip

    folder = DATA / "html"
    if folder.is_dir() and any(folder.iterdir()):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for page in sorted((SHARED / "zyte" / "html").glob("*.html.gz")):
        name = f"zyte-{page.name.removesuffix('.gz')}"
        (folder / name).write_bytes(gzip.decompress(page.read_bytes()))
    for page in sorted((SHARED / "readability" / "pages").glob("*/source.html.gz")):
        name = f"readability-{page.parent.name}.html"
        (folder / name).write_bytes(gzip.decompress(page.read_bytes()))
    return folder


def html_set(which: str) -> Path:
    """The pages of one set (``zyte``, ``readability``) or of both (``both``), as a folder."""
    folder = html_pages()
    if which == "both":
        return folder
    sub = DATA / f"html-{which}"
    if not (sub.is_dir() and any(sub.iterdir())):
        sub.mkdir(parents=True, exist_ok=True)
        for page in folder.glob(f"{which}-*"):
            shutil.copyfile(page, sub / page.name)
    return sub


def row_strip(rounds: int, which: str, command: str = "strip") -> None:
    folder = html_set(which)
    n = sum(1 for _ in folder.iterdir())
    compare(
        f"{command} on HTML: {n} pages ({which}), one process each side",
        n,
        "pages/s",
        Side(
            f"newsclean {command} --jobs 1 --to jsonl",
            [*NEWSCLEAN, command, "--jobs", "1", "--to", "jsonl", "-q", str(folder)],
        ),
        Side(
            "trafilatura.extract (one process)",
            [sys.executable, "-c", TRAFILATURA_PEER, str(folder)],
        ),
        rounds,
    )


def article_tree(count: int) -> Path:
    """``count`` text files of real articles (cycled, each made distinct by its number)."""
    tree = DATA / f"tree-{count}"
    if tree.is_dir():
        return tree
    records = saudinewsnet()
    for i in range(count):
        a = records[i % len(records)]
        sub = tree / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i:06d}.txt").write_text(
            f"{a['title']} ({i})\n\n{a['text']}\n", encoding="utf-8"
        )
    return tree


def row_clean(rounds: int, count: int, work: Path) -> None:
    from bench_clean import settle  # the same settled file system as the archive benchmark

    tree = article_tree(count)
    out_nc, out_cp = work / "clean-out", work / "copy-out"
    copy = (
        "import sys, pathlib\n"
        f"sys.path.insert(0, {str(BENCH)!r})\n"
        "from bench_clean import bare_copy\n"
        "bare_copy(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), 2)\n"
    )
    compare(
        f"clean -o DIR: {count} files of real articles (~3 KB), settled file system",
        count,
        "files/s",
        Side(
            "newsclean clean --jobs 2 -o DIR",
            [
                *NEWSCLEAN,
                "clean",
                "--jobs",
                "2",
                "-q",
                "--to",
                "md",
                "-o",
                f"{out_nc}/",
                str(tree),
            ],
            before=lambda: settle(out_nc, out_cp),
        ),
        Side(
            "bare atomic copy, 2 processes",
            [sys.executable, "-c", copy, str(tree), str(out_cp)],
            before=lambda: settle(out_nc, out_cp),
        ),
        rounds,
    )


def row_dask(rounds: int, count: int, work: Path) -> None:
    tree = article_tree(count)
    out_d, out_l = work / "dask-out", work / "local-out"

    def fresh() -> None:
        shutil.rmtree(out_d, ignore_errors=True)
        shutil.rmtree(out_l, ignore_errors=True)

    base = [*NEWSCLEAN, "clean", "-q", "--to", "md"]
    compare(
        f"dask overhead: clean on {count} files (rate; lower ratio = more overhead)",
        count,
        "files/s",
        Side(
            "newsclean clean --engine dask (2 workers)",
            [*base, "--engine", "dask", "--jobs", "2", "-o", f"{out_d}/", str(tree)],
            before=fresh,
        ),
        Side(
            "newsclean clean --jobs 2 (local)",
            [*base, "--jobs", "2", "-o", f"{out_l}/", str(tree)],
            before=fresh,
        ),
        rounds,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="normalize,dedup,strip,clean,dask")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--html", default="both", help="strip/reader rows: zyte,readability,both")
    ap.add_argument("--normalize-count", type=int, default=800)
    ap.add_argument("--dedup-count", type=int, default=1000)
    ap.add_argument("--clean-count", type=int, default=20_000)
    ap.add_argument("--dask-count", type=int, default=20_000)
    args = ap.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"needs the development corpus at {SHARED}")
    sys.path.insert(0, str(BENCH))
    # An installed newsclean runs from bytecode (pip compiles it); a source tree under
    # PYTHONDONTWRITEBYTECODE would compile every module again in every timed run.
    import compileall

    import newsclean

    compileall.compile_dir(Path(newsclean.__file__).parent, quiet=1)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.rounds} rounds")
    work = Path(tempfile.mkdtemp(prefix="newsclean-proc-"))
    try:
        for row in args.rows.split(","):
            if row == "normalize":
                row_normalize(args.rounds, args.normalize_count)
            elif row == "dedup":
                row_dedup(args.rounds, args.dedup_count)
            elif row in ("strip", "reader"):
                for which in args.html.split(","):
                    row_strip(args.rounds, which, "strip" if row == "strip" else "export")
            elif row == "clean":
                row_clean(args.rounds, args.clean_count, work)
            elif row == "dask":
                row_dask(args.rounds, args.dask_count, work)
            else:
                sys.exit(f"unknown row {row!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
