"""Learn first, then run: a collection stage that must learn from each group's first
articles (the site-template learner), turned into a first pass and a per-article step.

A tree run (``-o DIR``) writes each output from a worker as soon as its input is done:
resumable with ``--skip-existing``, nothing held in memory, a signal leaves only finished
files. A stage that holds a site's first articles until it has learned from them would
break that. So the run asks the stage (a :class:`LearnsFirst`) to learn before anything is
written, in a first pass over the inputs (files and directories can be read twice):

1. **Where each input belongs.** Every input is read and each part's group (its site) found
   by the stage's ``probe`` -- in the workers for whole files, here for the records of a big
   file the run splits anyway -- with no article built when the record's fields tell
   (``newsclean.read.records.record_place``). Every input counts, also those
   ``--skip-existing`` will skip: an interrupted run and its resumed rerun decide alike.
2. **The sample.** Each group's first ``sample`` inputs, in input order, go through the
   run's per-article steps (in the workers) and, as the stage would have seen them, to
   ``learn(group, articles)``: failures and articles a filter drops do not count, and the
   next inputs of the group take their place.
3. The stage's ``applier()`` (a per-article step, picklable) is chained after the run's own
   steps, and the normal run goes on: the workers apply it and write as before.

The outcome depends only on the inputs: not on ``--jobs``, nor on what an earlier run
wrote. Memory: each group's first ``3 * sample`` inputs are remembered (a reference and a
record number each) and at most ``hold`` articles (``hold_chars`` characters) of samples
wait at once, as in :class:`newsclean.engine.stages.Prepass` (past that, the oldest group
learns from what it has).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from newsclean.article import Article
from newsclean.engine.local import (
    FILES_PER_TASK,
    RECORDS_PER_TASK,
    FilesTask,
    Item,
    PerArticle,
    Probe,
    Ready,
    RecordsTask,
    Task,
    WorkerConfig,
    execute,
)
from newsclean.engine.local import plan as plan_tasks
from newsclean.filters import Filter
from newsclean.read import (
    HEAD_SIZE,
    Bad,
    Doc,
    ReadOptions,
    Record,
    Skipped,
    open_parts,
    sniff,
    to_article,
)
from newsclean.read.decode import open_binary
from newsclean.read.records import record_place
from newsclean.read.walk import InputRef, WalkError


def group_of(article: Article, group_by: str = "auto") -> str:
    """``collection.templates.group_of``, imported on first use: that module (and the
    boilerplate tables it loads) costs about a fifth of the start of every command that
    imports the engine, and only a ``--templates`` run asks for a group."""
    from newsclean.collection.templates import group_of as find

    return find(article, group_by)


def page_place(text: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """``read.html.page_place``, imported on first use (with lxml and the extractor)."""
    from newsclean.read.html import page_place as place

    return place(text, meta)


#: Each group's inputs remembered, in samples: room for failed and dropped ones.
_CANDIDATES = 3


class LearnsFirst(Protocol):
    """A stage the run can run as a first pass (see the module)."""

    #: Articles each group learns from.
    sample: int
    #: At most this many sampled articles (and characters of them) wait at once.
    hold: int
    hold_chars: int

    def probe(self) -> Probe:
        """A picklable function giving a read part's group (as ``group`` gives the
        article's: the part is not converted when its fields tell)."""

    def wants(self, inputs: int) -> bool:
        """Whether a group of ``inputs`` inputs is learned from at all."""

    def learn(self, key: str, articles: list[Article]) -> None:
        """Learn from the group's first articles (after the per-article steps)."""

    def applier(self) -> PerArticle | None:
        """After every ``learn``: the per-article step that applies what was learned."""


@dataclass(frozen=True, slots=True)
class SiteProbe:
    """A read part's site, as ``collection.templates.group_of`` finds it on the article the
    part becomes: a record's site, url and source read straight from its fields (no
    article built: about a quarter of the cost), a page's from its metadata (its text not
    extracted), anything else built as the run builds it."""

    group_by: str = "auto"

    def __call__(self, part: Doc | Record, read: ReadOptions) -> str:
        if isinstance(part, Record):
            place = record_place(part.data, part.meta, read.fields)
            if place is not None:
                return group_of(Article(meta=place), self.group_by)
        elif part.meta.get("format") == "html":
            # the page's metadata only: its text is not extracted (read_html's merge)
            return group_of(Article(meta=page_place(part.text, part.meta)), self.group_by)
        return group_of(to_article(part, read), self.group_by)

    def whole_file(self, ref: InputRef, read: ReadOptions) -> str | None:
        """The site of a scraper's one-record ``.json`` file (plain UTF-8, one object, at
        most ``HEAD_SIZE`` bytes), read straight: the run's reader finds the same record
        there (format by name and first line, encoding, one object), at a third of the
        cost. None for anything else (read as the run reads it)."""
        path = ref.path
        if read.format or read.encoding or path is None or sniff.from_name(path) != "json":
            return None
        if path.lower().endswith(".gz"):
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read(HEAD_SIZE + 1)
        except OSError:
            return None
        if len(data) > HEAD_SIZE or (read.max_size and len(data) > read.max_size):
            return None
        if data[:2] in (b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff") or data[:3] == b"\xef\xbb\xbf":
            return None  # gzip, or a byte order mark: the reader's own way
        if b"\x00" in data:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        body = text.strip()
        if not body.startswith("{"):
            return None
        if "\n" in body and body.split("\n", 1)[0].strip().endswith("}"):
            return None  # (its first line may be a whole object: JSON Lines)
        try:
            record = json.loads(text, parse_constant=str)
        except (ValueError, RecursionError):
            return None
        if not isinstance(record, dict):
            return None
        place = record_place(record, {"source": ref.display}, read.fields)
        if place is None:
            return None
        return group_of(Article(meta=place), self.group_by)


@dataclass(frozen=True, slots=True)
class _Input:
    """One input part of a group: where it is in the run, and how to read it again."""

    seq: int
    ref: InputRef
    index: int | None
    multi: bool


def learn_first(
    stage: LearnsFirst,
    inputs: Iterable[InputRef | WalkError],
    read: ReadOptions,
    per_article: PerArticle | None,
    *,
    keep: Filter | None,
    limits: Any,
    jobs: int,
) -> PerArticle | None:
    """Run the first pass (see the module) and return the per-article step to add."""
    groups = _where(stage, inputs, read, limits, jobs)
    _sample(stage, groups, read, per_article, keep, limits, jobs)
    return stage.applier()


def _where(
    stage: LearnsFirst,
    inputs: Iterable[InputRef | WalkError],
    read: ReadOptions,
    limits: Any,
    jobs: int,
) -> dict[str, tuple[list[_Input], int]]:
    """Each group's first inputs and how many it has, in the order groups first appear."""
    probe = stage.probe()
    config = WorkerConfig(read, None, None, limits=limits, probe=probe)
    tasks = plan_tasks(inputs, read, stdin=_no_stdin)
    keep = _CANDIDATES * stage.sample
    groups: dict[str, tuple[list[_Input], int]] = {}
    seq = 0
    for event in execute(_probed_here(tasks, probe, read), config, jobs):
        if not isinstance(event, Item) or not isinstance(event.payload, str):
            continue  # a failure is the normal pass's to report
        first, count = groups.get(event.payload, ([], 0))
        if len(first) < keep:
            first.append(_Input(seq, event.ref, event.index, event.multi))
        groups[event.payload] = (first, count + 1)
        seq += 1
    return groups


def _no_stdin() -> Any:
    raise AssertionError("a run that reads stdin does not learn first")


def _probed_here(tasks: Iterator[Task], probe: Probe, read: ReadOptions) -> Iterator[Task]:
    """The records of a big input are read here anyway: their groups are found here too
    (sending each record to a worker to read two fields would cost more)."""
    for task in tasks:
        if isinstance(task, RecordsTask) and all(
            isinstance(p, Record | Bad | Skipped) for p in task.parts
        ):
            events: list[Any] = []
            for part in task.parts:
                if isinstance(part, Record):
                    index = part.meta.get("record") if task.multi else None
                    try:
                        events.append(Item(task.ref, index, task.multi, probe(part, read)))
                    except Exception:  # (the normal pass reports it)
                        continue
            yield Ready(tuple(events))
        else:
            yield task


def _sample(
    stage: LearnsFirst,
    groups: dict[str, tuple[list[_Input], int]],
    read: ReadOptions,
    per_article: PerArticle | None,
    keep: Filter | None,
    limits: Any,
    jobs: int,
) -> None:
    """Each wanted group's first ``sample`` articles, through the per-article steps, to
    ``stage.learn`` (in rounds: a failed or dropped input's place goes to the next one)."""
    want = stage.sample
    live = {k: first for k, (first, count) in groups.items() if stage.wants(count)}
    taken = dict.fromkeys(live, 0)  # inputs of each group sent so far
    got: dict[str, list[Article]] = {}
    chars = 0
    held = 0
    done: set[str] = set()
    config = WorkerConfig(read, per_article, None, keep=keep, limits=limits)

    def finish(key: str) -> None:
        nonlocal chars, held
        articles = got.pop(key, [])
        chars -= sum(a.held_chars for a in articles)
        held -= len(articles)
        done.add(key)
        if articles:
            stage.learn(key, articles)

    while True:
        batch: list[_Input] = []
        for key, first in live.items():
            if key in done:
                continue
            need = want - len(got.get(key, ()))
            more = first[taken[key] : taken[key] + need]
            taken[key] += len(more)
            if not more:
                finish(key)  # its remembered inputs are spent: it learns from what it has
                continue
            batch.extend(more)
        if not batch:
            break
        batch.sort(key=lambda x: x.seq)
        group_of_input = {(x.ref, x.index): k for k in live for x in live[k][: taken[k]]}
        for event in execute(_tasks(batch, read), config, jobs):
            if not isinstance(event, Item):
                continue
            group = group_of_input.get((event.ref, event.index))
            if group is None or group in done:
                continue
            if isinstance(event.payload, Article):
                got.setdefault(group, []).append(event.payload)
                held += 1
                chars += event.payload.held_chars
                if len(got[group]) >= want:
                    finish(group)
            while (held > stage.hold or chars > stage.hold_chars) and got:
                finish(next(iter(got)))  # the group waiting longest learns from what it has
    for key in list(got):
        finish(key)


def _tasks(batch: list[_Input], read: ReadOptions) -> Iterator[Task]:
    """Tasks reading the inputs of ``batch`` (in input order) again: whole files as they are,
    the chosen records of a multi-record input read here and sent alone."""
    files: list[InputRef] = []
    i = 0
    while i < len(batch):
        ref = batch[i].ref
        j = i
        while j < len(batch) and batch[j].ref == ref:
            j += 1
        if not batch[i].multi:
            files.append(ref)
            if len(files) >= FILES_PER_TASK:
                yield FilesTask(tuple(files))
                files = []
        else:
            if files:
                yield FilesTask(tuple(files))
                files = []
            wanted = {x.index for x in batch[i:j]}
            yield from _records(ref, wanted, read)
        i = j
    if files:
        yield FilesTask(tuple(files))


def _records(ref: InputRef, wanted: set[int | None], read: ReadOptions) -> Iterator[Task]:
    if ref.path is None:
        return
    try:
        with open_binary(ref.path) as stream:
            opened = open_parts(stream, name=ref.path, source=ref.display, options=read)
            chunk: list[Doc | Record | Bad | Skipped] = []
            left = len(wanted)
            for part in opened.parts:
                if isinstance(part, Doc | Record) and part.meta.get("record") in wanted:
                    chunk.append(part)
                    left -= 1
                    if len(chunk) >= RECORDS_PER_TASK:
                        yield RecordsTask(ref, True, tuple(chunk))
                        chunk = []
                    if not left:
                        break  # (the rest of a big input is not read again)
            if chunk:
                yield RecordsTask(ref, True, tuple(chunk))
    except Exception:  # (read again: the normal pass reports any error)
        return
