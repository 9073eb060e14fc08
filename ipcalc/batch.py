"""Many profiles, streamed: read, evaluate and write each one, in input order.

Inputs are TOML files (one profile, or several as [[profiles]]), folders of *.toml, and
`-` for JSON Lines on stdin (one profile object per line, dates as ISO strings). A bad
profile becomes an error record and the others go on.

Profiles are answered in chunks. The first (small) chunk is answered in this process; if more
input follows and several CPUs are usable, later chunks go to worker processes (forked, so
each inherits the loaded policies) while this process reads input and writes answers
strictly in input order. At most a few chunks are in flight at a time, so memory stays
flat however many profiles come in.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections import deque
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, TextIO

from .checks import parse_toml
from .errors import IpcalcError, Problem
from .inputs import file_problem, read_regular
from .i18n import msg
from .library import Library
from .profile import read_profile
from .record import Record
from .render.document import Documents, summary_document

STDIN = "-"
CHUNK = 200  # profiles per unit of work
FIRST_CHUNK = 50  # answered here before any worker starts: small batches never start any


class Entry(Record):
    """One profile to answer: its data (or a JSON line to parse), or why it could not be read."""

    source: str
    data: Any = None
    problems: tuple[Problem, ...] = ()
    file: str = ""
    text: str = ""
    prefix: str = ""
    line: str | None = None  # a JSON Lines profile, parsed where it is answered


def _toml_entries(path: Path, pipes: bool = False) -> Iterator[Entry]:
    """The profiles of a TOML file: itself, or each of its [[profiles]]. Only a regular file
    (or, named on the command line, a pipe), of at most MAX_FILE_BYTES."""
    name = str(path)
    try:
        data, text = parse_toml(read_regular(path, pipes=pipes), name)
    except IpcalcError as exc:
        yield Entry(name, problems=exc.problems)
        return
    except OSError as exc:
        yield Entry(name, problems=(file_problem(exc, name),))
        return
    if "profiles" not in data:
        yield Entry(name, data, file=name, text=text)
        return
    profiles = data.pop("profiles")
    if data:
        key = next(iter(data))
        yield Entry(name, problems=(Problem(msg("key_beside_profiles", key=key), key, name),))
        return
    if not isinstance(profiles, list) or not profiles:
        yield Entry(name, problems=(Problem(msg("expected_profiles"), "profiles", name),))
        return
    for index, profile in enumerate(profiles):
        yield Entry(f"{name}#profiles[{index}]", profile, file=name, text=text, prefix=f"profiles[{index}].")


def _jsonl_entries(stream: TextIO, name: str) -> Iterator[Entry]:
    for number, line in enumerate(stream, 1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a byte-order mark, as some Windows programs write (TOML files may have one too)
        if line.strip():
            yield Entry(f"{name}:{number}", line=line)


def missing_paths(paths: Iterable[str]) -> list[Problem]:
    """The paths given that do not exist: a usage error, reported before anything runs."""
    return [Problem(msg("no_such_path"), source=raw) for raw in paths if raw != STDIN and not Path(raw).exists()]


def skipped_folders(paths: Iterable[str]) -> list[str]:
    """Subfolders of the folders given that hold *.toml files (read only with --recursive)."""
    found = []
    for raw in paths:
        path = Path(raw)
        if raw != STDIN and path.is_dir():
            found += [str(sub) for sub in sorted(p for p in path.iterdir() if p.is_dir()) if any(sub.rglob("*.toml"))]
    return found


def entries(paths: Iterable[str], stdin: TextIO, *, recursive: bool = False) -> Iterator[Entry]:
    """Every profile of every input, lazily, in input order (a folder's *.toml in name order;
    with `recursive`, its subfolders' too)."""
    for raw in paths:
        if raw == STDIN:
            yield from _jsonl_entries(stdin, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.rglob("*.toml") if recursive else path.glob("*.toml"))
            if not files:
                yield Entry(raw, problems=(Problem(msg("no_profile_files"), source=raw),))
            for file in files:
                yield from _toml_entries(file)
        elif path.exists():
            yield from _toml_entries(path, pipes=True)
        else:
            yield Entry(raw, problems=(Problem(msg("no_such_path"), source=raw),))


# ------------------------------------------------------------------ output formats


class JsonLines:
    """One estimate object per line (or, with summary, one totals object per profile)."""

    header = ""

    def __init__(self, summary: bool):
        from .render.jsonout import dumps, mark

        self.summary = summary
        self.dumps = dumps
        self.number = mark

    def record(self, doc: dict[str, Any]) -> str:
        return self.dumps(summary_document(doc) if self.summary else doc) + "\n"

    def error(self, source: str, message: str) -> str:
        return self.dumps({"source": source, "error": message}) + "\n"


class CsvRows:
    """One row per item (or, with summary, per profile and policy), with the source first."""

    number = None

    def __init__(self, summary: bool, bom: bool = False):
        from .render.csvout import BOM, CsvWriter

        self.buffer = io.StringIO()
        self.writer = CsvWriter(self.buffer, summary=summary, with_source=True)
        self.header = (BOM if bom else "") + self._take()

    def _take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def record(self, doc: dict[str, Any]) -> str:
        self.writer.write(doc, doc["source"])
        return self._take()

    def error(self, source: str, message: str) -> str:
        self.writer.error(source, message)
        return self._take()


# ------------------------------------------------------------------ answering


class Answers:
    """Answers entries against a loaded library, as text in the chosen format."""

    def __init__(
        self,
        library: Library,
        output: JsonLines | CsvRows,
        *,
        policy_ids: list[str] | None,
        as_of: date | None,
        lang: str,
        lpr: Decimal | None,
        unit: str,
        readings: Mapping[str, Mapping[str, str]] | None = None,
    ):
        self.library = library
        self.readings = readings
        self.output = output
        self.fixed = library.select(policy_ids) if policy_ids else None
        self.as_of = as_of
        self.lang = lang
        self.lpr = lpr
        self.unit = unit
        self.regions = library.regions
        self.today = date.today()
        self.documents = Documents(lang=lang, unit=unit, number=output.number)

    def document(self, entry: Entry) -> tuple[dict[str, Any] | None, tuple[Problem, ...]]:
        if entry.problems:
            return None, entry.problems
        data, source = entry.data, entry.file
        if entry.line is not None:
            source = entry.source
            try:
                data = json.loads(entry.line, parse_float=Decimal)
            except ValueError as exc:
                return None, (Problem(msg("json_invalid", detail=getattr(exc, "msg", exc)), source=source),)
            if not isinstance(data, dict):
                return None, (Problem(msg("json_not_object"), source=source),)
        library = self.library
        try:
            profile = read_profile(
                data, vocab=library.vocabulary, regions=self.regions, source=source, text=entry.text, prefix=entry.prefix
            )
        except IpcalcError as exc:
            return None, exc.problems
        policies = self.fixed if self.fixed is not None else library.for_region(profile.region)
        estimate = library.evaluate(
            profile,
            policies=policies,
            as_of=self.as_of or profile.as_of or self.today,
            lpr=self.lpr,
            readings=self.readings,
            today=self.today,
        )
        return self.documents.estimate(estimate, entry.source), ()

    def chunk(self, chunk: list[Entry]) -> tuple[str, int]:
        """(the answers' text, how many failed) for a chunk of entries, in order."""
        parts, failed = [], 0
        for entry in chunk:
            doc, problems = self.document(entry)
            if doc is None:
                failed += 1
                parts.append(self.output.error(entry.source, error_text(problems, self.lang)))
            else:
                parts.append(self.output.record(doc))
        return "".join(parts), failed


def error_text(problems: tuple[Problem, ...], lang: str = "en") -> str:
    return "\n".join(p.render(lang) for p in problems)


# ------------------------------------------------------------------ the run

_ANSWERS: Answers | None = None  # what a forked worker inherits


def _answer_chunk(chunk: list[Entry]) -> tuple[str, int]:
    assert _ANSWERS is not None
    return _ANSWERS.chunk(chunk)


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Worker processes: one per usable CPU (at most 8) where fork is the safe way to start
    them (Linux); one process elsewhere."""
    return min(usable_cpus(), 8) if sys.platform.startswith("linux") else 1


def run(answers: Answers, items: Iterable[Entry], out: TextIO, jobs: int) -> tuple[int, int]:
    """Answer every entry, writing in input order; (how many, how many failed)."""
    global _ANSWERS
    total = failed = 0
    out.write(answers.output.header)
    stream = iter(items)
    first = list(islice(stream, FIRST_CHUNK if jobs > 1 else CHUNK))
    text, bad = answers.chunk(first)
    out.write(text)
    total, failed = len(first), bad
    rest: Iterator[list[Entry]] = iter(lambda: list(islice(stream, CHUNK)), [])
    if jobs <= 1:
        for part in rest:
            text, bad = answers.chunk(part)
            out.write(text)
            total, failed = total + len(part), failed + bad
        return total, failed
    chunk: list[Entry] | None = next(rest, None)
    if chunk is None:  # everything fitted in the first chunk: no workers needed
        return total, failed
    import multiprocessing

    _ANSWERS = answers
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: deque = deque()
            while chunk is not None:
                pending.append((len(chunk), pool.apply_async(_answer_chunk, (chunk,))))
                if len(pending) >= 2 * jobs:  # bounded: memory stays flat
                    size, result = pending.popleft()
                    text, bad = result.get()
                    out.write(text)
                    total, failed = total + size, failed + bad
                chunk = next(rest, None)
            while pending:
                size, result = pending.popleft()
                text, bad = result.get()
                out.write(text)
                total, failed = total + size, failed + bad
    finally:
        _ANSWERS = None
    return total, failed
