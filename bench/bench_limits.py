"""What the per-document limits cost (issue 19): the attribute cap's gate against libxml2's
parse over the corpus HTML, crowded pages with and without the cap, and a batch with the
time limit on and off.

    python bench/bench_limits.py            # ~1-2 minutes on a loaded 2-core machine
"""

from __future__ import annotations

import glob
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsclean.extract.attributes import cap_attributes
from newsclean.extract.tree import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _pages() -> list[str]:
    texts = []
    for name in sorted(glob.glob(str(CORPUS / "**" / "*.html*"), recursive=True)):
        data = Path(name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", "replace"))
    return texts


def gate_vs_parse(texts: list[str]) -> None:
    for _ in range(2):  # alternate; timings are noisy under load
        started = time.perf_counter()
        changed = sum(cap_attributes(t) is not t for t in texts)
        gate = time.perf_counter() - started
        started = time.perf_counter()
        for t in texts:
            parse(t)
        whole = time.perf_counter() - started
        size = sum(map(len, texts)) / 1e6
        print(
            f"{len(texts)} pages, {size:.1f} MB: cap gate {gate:.2f} s, parse {whole:.2f} s, "
            f"pages changed {changed}"
        )


def crowded() -> None:
    for n in (20_000, 100_000):
        page = "<p " + " ".join(f'a{i}="x"' for i in range(n)) + ">story</p>"
        started = time.perf_counter()
        parse(page)
        print(f"{n} attributes: cap + parse {time.perf_counter() - started:.2f} s")


def batch_overhead(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i, text in enumerate(texts[:150]):
            (src / f"p{i:03d}.html").write_text(text, encoding="utf-8")
        for timeout in ("0", "30", "0", "30"):
            out = Path(tmp) / f"out{timeout}{time.monotonic_ns()}"
            started = time.perf_counter()
            cmd = [sys.executable, "-m", "newsclean", "clean", "-q", "-j", "1"]
            subprocess.run([*cmd, "--doc-timeout", timeout, "-o", str(out), str(src)], check=False)
            took = time.perf_counter() - started
            print(f"150 pages, -j 1, --doc-timeout {timeout}: {took:.2f} s")


if __name__ == "__main__":
    pages = _pages()
    gate_vs_parse(pages)
    crowded()
    batch_overhead(pages)
