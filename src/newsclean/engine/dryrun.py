"""``--dry-run``: one line per output that would be written (stdout); nothing is written.

The same for every engine: it only lists the inputs and names their outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsclean import console
from newsclean.engine import streams
from newsclean.read.walk import STDIN, InputRef, WalkError
from newsclean.write.sink import DirSink

if TYPE_CHECKING:
    from newsclean.engine.plan import BatchConfig, IOConfig


def dry_run(io: IOConfig, batch: BatchConfig, inputs: Iterable[InputRef | WalkError]) -> int:
    """Print what would be written; return the number of inputs that cannot be listed."""
    from newsclean.read.sniff import RECORD_FORMATS, from_name

    out = streams.text("stdout")
    failures = 0
    for ref in inputs:
        if isinstance(ref, WalkError):
            failures += 1
            console.error(f"{ref.display}: {ref.message}")
            continue
        fmt = io.read.format or (from_name(ref.path) if ref.path else None)
        multi = fmt in RECORD_FORMATS and io.to in ("md", "txt")
        if batch.in_place is not None:
            target = ref.path or STDIN
            if batch.in_place:
                target += f" (original kept as {target}{batch.in_place})"
        elif io.output is None:
            target = STDIN
        elif not io.output_is_dir:
            target = io.output
        else:
            sink = DirSink(io.output, io.to)
            path = sink.target(ref, multi)
            if io.skip_existing and sink.exists(ref):
                out.write(f"skip {console.one_line(ref.display)} ({path} exists)\n")
                continue
            target = f"{path}/ (one file per record)" if multi else str(path)
        out.write(f"{console.one_line(ref.display)} -> {console.one_line(target)}\n")
    out.flush()
    return failures
