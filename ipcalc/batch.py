"""Many profiles, streamed: read one, evaluate it, write it, then read the next.

Inputs are TOML files (one profile, or several as [[profiles]]), folders of *.toml, and
`-` for JSON Lines on stdin (one profile object per line, dates as ISO strings). A bad
profile becomes an error record and the others go on. Memory stays flat: nothing is kept
between profiles.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from .checks import parse_toml
from .engine import evaluate
from .errors import IpcalcError, Problem
from .library import Library
from .profile import read_profile
from .record import Record
from .render.document import estimate_document

STDIN = "-"


class Entry(Record):
    """One profile to answer: its data, or the problems that stopped it being read."""

    source: str
    data: Any = None
    problems: tuple[Problem, ...] = ()
    file: str = ""
    text: str = ""
    prefix: str = ""


def _toml_entries(path: Path) -> Iterator[Entry]:
    name = str(path)
    try:
        data, text = parse_toml(path.read_bytes(), name)
    except IpcalcError as exc:
        yield Entry(name, problems=exc.problems)
        return
    except OSError as exc:
        yield Entry(name, problems=(Problem(f"cannot be read: {exc.strerror or exc}", source=name),))
        return
    if "profiles" not in data:
        yield Entry(name, data, file=name, text=text)
        return
    profiles = data.pop("profiles")
    if data:
        key = next(iter(data))
        yield Entry(name, problems=(Problem(f"unknown key {key!r} beside [[profiles]]; put each field inside a [[profiles]] table", key, name),))
        return
    if not isinstance(profiles, list) or not profiles:
        yield Entry(name, problems=(Problem("expected one or more [[profiles]] tables", "profiles", name),))
        return
    for index, profile in enumerate(profiles):
        yield Entry(f"{name}#profiles[{index}]", profile, file=name, text=text, prefix=f"profiles[{index}].")


def _jsonl_entries(stream: TextIO, name: str) -> Iterator[Entry]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            data = json.loads(line, parse_float=Decimal)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            yield Entry(source, problems=(Problem(f"not a JSON object: {message}", source=source),))
            continue
        if not isinstance(data, dict):
            yield Entry(source, problems=(Problem("each line must be one JSON object (a profile)", source=source),))
            continue
        yield Entry(source, data, file=source)


def entries(paths: Iterable[str], stdin: TextIO) -> Iterator[Entry]:
    """Every profile of every input, lazily, in input order."""
    for raw in paths:
        if raw == STDIN:
            yield from _jsonl_entries(stdin, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                yield Entry(raw, problems=(Problem("the folder holds no *.toml profiles", source=raw),))
            for file in files:
                yield from _toml_entries(file)
        elif path.exists():
            yield from _toml_entries(path)
        else:
            yield Entry(raw, problems=(Problem("no such file or folder", source=raw),))


class Answers:
    """Evaluates entries against a loaded library; yields (source, document or problems)."""

    def __init__(self, library: Library, *, policy_ids: list[str] | None, as_of: date | None, lang: str, lpr: Decimal | None, unit: str):
        self.library = library
        self.fixed = library.select(policy_ids) if policy_ids else None
        self.as_of = as_of
        self.lang = lang
        self.lpr = lpr
        self.unit = unit
        self.regions = library.regions
        self.today = date.today()

    def answer(self, entry: Entry) -> tuple[dict[str, Any] | None, tuple[Problem, ...]]:
        if entry.problems:
            return None, entry.problems
        library = self.library
        try:
            profile = read_profile(
                entry.data, vocab=library.vocabulary, regions=self.regions, source=entry.file, text=entry.text, prefix=entry.prefix
            )
        except IpcalcError as exc:
            return None, exc.problems
        policies = self.fixed if self.fixed is not None else library.for_region(profile.region)
        estimate = evaluate(
            profile,
            policies,
            vocab=library.vocabulary,
            rates=library.rates,
            as_of=self.as_of or profile.as_of or self.today,
            lang=self.lang,
            lpr=self.lpr,
        )
        return estimate_document(estimate, unit=self.unit, source=entry.source), ()


def error_text(problems: tuple[Problem, ...]) -> str:
    return "\n".join(str(p) for p in problems)
