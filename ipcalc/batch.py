"""Many profiles, streamed: read, evaluate and write each one, in input order.

Inputs are TOML files (one profile, or several as [[profiles]]), folders of *.toml, and
`-` for JSON Lines on stdin (one profile object per line, dates as ISO strings). A bad
profile, whatever is wrong with it (not UTF-8, not JSON, nested 100,000 deep, a number of
5,000 digits, a key given twice), becomes that profile's error record and the others go on.

Profiles are answered in chunks. The first (small) chunk is answered in this process; if more
input follows and several CPUs are usable, later chunks go to worker processes (see
`workers`) while this process reads input and writes answers strictly in input order. A
chunk carries only its own profiles: the text of a [[profiles]] file stays here, where the
line numbers of a failed profile's problems are looked up.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import IpcalcError, Problem, shown
from .i18n import msg
from .inputs import file_problem, look, read_regular
from .profile import Profile, read_profile
from .record import Record, collected_after
from .result import Estimate
from .toml_text import parse_toml

if TYPE_CHECKING:
    from .request import Checked

STDIN = "-"
CHUNK = 200  # profiles per unit of work
#: input bytes per unit of work at most (plus its last profile): with at most two chunks per
#: worker in flight, a batch holds a few megabytes of input at a time, whatever its size
CHUNK_BYTES = 1024 * 1024
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
    size: int = 0  # the bytes of input it stands for (its file's, or its share of it): for progress

    count = 1  # profiles it stands for, at most (what a chunk counts)


class Lines(Record):
    """Consecutive lines of JSON Lines input as read, bytes: cut into their entries where they
    are answered (`entries`), so that the process that reads them only finds their ends."""

    name: str
    first: int  # the number of the first line
    lines: tuple[bytes, ...]
    size: int  # bytes of input they stand for (with any skipped before them): for progress

    @property
    def count(self) -> int:
        return len(self.lines)

    def entries(self) -> Iterator[Entry]:
        """An entry per line that is not blank: its JSON text, or why it is not UTF-8."""
        for number, line in enumerate(self.lines, self.first):
            source = f"{self.name}:{number}"
            if number == 1 and line.startswith(_BOM):
                line = line[3:]  # a byte-order mark, as some Windows programs write (TOML files may have one too)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                found = msg("line_not_utf8", byte=f"0x{line[exc.start]:02X}", column=exc.start + 1)
                yield Entry(source, problems=(Problem(found, source=source),), size=len(line))
                continue
            if text.strip():
                yield Entry(source, None, (), "", "", "", text, len(line))  # every field in order: the fast path


#: what the input says when it has nothing more to read at once (a pipe held open): what was
#: read is answered and written before ipcalc waits for more
IDLE: Any = object()


def _toml_entries(path: Path, pipes: bool = False) -> Iterator[Entry]:
    """The profiles of a TOML file: itself, or each of its [[profiles]]. Only a regular file
    (or, named on the command line, a pipe), of at most MAX_FILE_BYTES."""
    name = display_path(path)
    try:
        raw = read_regular(path, pipes=pipes)
    except (IpcalcError, OSError) as exc:
        problems = exc.problems if isinstance(exc, IpcalcError) else (file_problem(exc, name),)
        yield Entry(name, problems=problems, size=_size(path))
        return
    size = len(raw)
    try:
        data, text = parse_toml(raw, name)
    except IpcalcError as exc:
        yield Entry(name, problems=exc.problems, size=size)
        return
    if "profiles" not in data:
        yield Entry(name, data, file=name, text=text, size=size)
        return
    profiles = data.pop("profiles")
    if data:
        key = next(iter(data))
        yield Entry(name, problems=(Problem(msg("key_beside_profiles", key=key), key, name),), size=size)
        return
    if not isinstance(profiles, list) or not profiles:
        yield Entry(name, problems=(Problem(msg("expected_profiles"), "profiles", name),), size=size)
        return
    share, extra = divmod(size, len(profiles))
    for index, profile in enumerate(profiles):
        part = share + (extra if index == len(profiles) - 1 else 0)
        yield Entry(f"{name}#profiles[{index}]", profile, file=name, text=text, prefix=f"profiles[{index}].", size=part)


def _size(path: str | Path) -> int:
    """A regular file's size, else 0 (what the progress display counts it for)."""
    try:
        info = os.stat(path)
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def input_size(paths: Iterable[str], stdin: BinaryIO | None, *, recursive: bool = False) -> int | None:
    """The bytes of all the input, when it is known before reading it: files, folders, and a
    standard input redirected from a file; None when any input is a pipe."""
    total = 0
    for raw in paths:
        if raw == STDIN:
            try:
                info = os.fstat(stdin.fileno()) if stdin is not None else None
            except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
                info = None
            if info is None or not stat.S_ISREG(info.st_mode):
                return None
            total += max(info.st_size - stdin.tell(), 0) if stdin is not None and stdin.seekable() else info.st_size
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                total += sum(_size(f) for f in (path.rglob("*.toml") if recursive else path.glob("*.toml")))
            elif path.is_file():
                total += _size(path)
            else:
                return None
        except OSError:  # cannot be looked at: said when it is read
            return None
    return total


#: the longest JSON line read (a profile is a few kilobytes)
MAX_LINE = 1024 * 1024
_BOM = b"\xef\xbb\xbf"


#: lines in one `Lines` at most, and their bytes (a chunk holds several)
LINES = 50
LINES_BYTES = CHUNK_BYTES // 4
_READ = 1 << 16  # bytes asked of the input at a time


def _jsonl_units(stream: BinaryIO, name: str) -> Iterator[Entry | Lines | Any]:
    """A binary stream's lines, cut into `Lines` (decoded where they are answered); a line
    longer than MAX_LINE is its error record at once, and the rest of it is skipped. When the
    stream has nothing more to give at once (a pipe that stays open), what was read so far is
    given, then IDLE, before waiting for more."""
    read = getattr(stream, "read1", None) or stream.read
    fd = _descriptor(stream)
    number = 0  # lines found so far
    lines: list[bytes] = []
    size = 0  # bytes read since the last unit: what the next one stands for
    rest = b""  # the start of a line not ended yet
    skipping = False  # within a line too long, until its end

    def unit() -> Lines:
        nonlocal lines, size
        found = Lines(name, number - len(lines) + 1, tuple(lines), size)
        lines, size = [], 0
        return found

    def too_long() -> Entry:
        nonlocal size
        source = f"{name}:{number}"
        found = Entry(source, problems=(Problem(msg("line_too_long", limit="1 MiB"), source=source),), size=size)
        size = 0
        return found

    while True:
        if fd is not None and not _ready(fd):
            if lines:
                yield unit()
            yield IDLE
        block = read(_READ)
        if not block:
            break
        size += len(block)
        if skipping:
            end = block.find(b"\n")
            if end < 0:
                continue
            block, skipping = block[end + 1 :], False
        parts = (rest + block if rest else block).split(b"\n")
        rest = parts.pop()
        for line in parts:
            number += 1
            if len(line) > MAX_LINE:
                if lines:
                    yield unit()
                yield too_long()
                continue
            lines.append(line)
            if len(lines) >= LINES or size >= LINES_BYTES:
                yield unit()
        if len(rest) > MAX_LINE:
            # Said as soon as the limit is passed, not at the line's end, which may never come
            # (`< /dev/zero`); then the rest of the line is skipped.
            number += 1
            if lines:
                yield unit()
            rest, skipping = b"", True
            yield too_long()
            yield IDLE  # answered and written now: the rest of the line may never end
    if rest:
        number += 1
        lines.append(rest)
    if lines or size:
        yield unit()  # (with no lines: the bytes of blank lines or a skipped one, for progress)


def _descriptor(stream: Any) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None


def _ready(fd: int) -> bool:
    """Whether reading `fd` would not wait (always so for a file)."""
    import select

    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):  # where select cannot wait on it (Windows pipes): never said idle
        return True


def display_path(path: str | Path) -> str:
    """A path as shown in output: a file name that is not UTF-8 (`caf\\xe9.toml`) with its
    odd bytes escaped, so that the output stays valid UTF-8."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def missing_paths(paths: Iterable[str]) -> list[Problem]:
    """The paths given that do not exist, or cannot be looked at (a name too long, a folder
    that cannot be entered): a usage error, reported before anything runs."""
    found = []
    for raw in paths:
        if raw == STDIN:
            continue
        try:
            if look(raw) is None:
                found.append(Problem(msg("no_such_path"), source=display_path(raw)))
        except IpcalcError as exc:
            found += exc.problems
    return found


def skipped_folders(paths: Iterable[str]) -> list[str]:
    """Subfolders of the folders given that hold *.toml files (read only with --recursive)."""
    found = []
    for raw in paths:
        path = Path(raw)
        try:
            if raw != STDIN and path.is_dir():
                found += [display_path(sub) for sub in sorted(p for p in path.iterdir() if p.is_dir()) if any(sub.rglob("*.toml"))]
        except OSError:  # a folder that cannot be read: said when it is read
            continue
    return found


def entries(paths: Iterable[str], stdin: BinaryIO | None, *, recursive: bool = False) -> Iterator[Entry | Lines | Any]:
    """Every profile of every input, lazily, in input order (a folder's *.toml in name order;
    with `recursive`, its subfolders' too)."""
    for raw in paths:
        if raw == STDIN:
            assert stdin is not None  # the command checks it is open before starting
            yield from _jsonl_units(stdin, "<stdin>")
            continue
        path = Path(raw)
        try:
            found = look(raw)
        except IpcalcError as exc:
            yield Entry(display_path(raw), problems=exc.problems)
            continue
        if found is not None and stat.S_ISDIR(found.st_mode):
            try:
                files = sorted(path.rglob("*.toml") if recursive else path.glob("*.toml"))
            except OSError as exc:
                yield Entry(display_path(raw), problems=(file_problem(exc, display_path(raw)),))
                continue
            if not files:
                yield Entry(display_path(raw), problems=(Problem(msg("no_profile_files"), source=display_path(raw)),))
            for file in files:
                yield from _toml_entries(file)
        elif found is not None:
            yield from _toml_entries(path, pipes=True)
        else:
            yield Entry(display_path(raw), problems=(Problem(msg("no_such_path"), source=display_path(raw)),))


# ------------------------------------------------------------------ answering


class Answers:
    """Answers entries under a checked request (its policies, date, LPR and readings; the
    profiles come one by one), as text from the batch's record writer."""

    def __init__(self, request: Checked, output: Any):
        library = request.library
        self.library = library
        self.readings = request.readings
        self.output = output
        self.fixed = library.select(request.policies) if request.policies else None
        self.as_of = request.day
        self.lang = request.lang
        self.lpr = request.lpr
        self.regions = library.regions
        self.today = date.today()

    def estimate(self, entry: Entry) -> tuple[Estimate | None, tuple[Problem, ...]]:
        """The estimate of an entry, or the problems that stop it."""
        return self.guarded(entry, self._estimate)

    def guarded(self, entry: Entry, work: Callable[[Entry], tuple[Any, tuple[Problem, ...]]]) -> tuple[Any, tuple[Problem, ...]]:
        """`work` done on an entry, or the problems that stop it. Whatever goes wrong with
        one entry stays that entry's: the batch goes on."""
        if entry.problems:
            return None, entry.problems
        try:
            return work(entry)
        except IpcalcError as exc:
            return None, exc.problems
        except RecursionError:
            return None, (Problem(msg("json_too_deep"), source=entry.source),)
        except MemoryError:
            return None, (Problem(msg("record_too_big"), source=entry.source),)
        except Exception as exc:  # a fault of ipcalc's own: this record's error, not the batch's
            return None, (_fault(exc, entry),)

    def _estimate(self, entry: Entry) -> tuple[Estimate | None, tuple[Problem, ...]]:
        profile, problems = self.profile(entry)
        if profile is None:
            return None, problems
        library = self.library
        policies = self.fixed if self.fixed is not None else library.for_region(profile.region)
        estimate = library.evaluate(profile, policies=policies, as_of=self.day(profile), lpr=self.lpr, readings=self.readings, today=self.today)
        return estimate, ()

    def day(self, profile: Profile) -> date:
        """The date a profile is estimated as of: the batch's, else its own, else today."""
        return self.as_of or profile.as_of or self.today

    def profile(self, entry: Entry) -> tuple[Profile | None, tuple[Problem, ...]]:
        """An entry's profile, read and checked (a JSON line parsed first), or the problems
        that stop it."""
        data, source = entry.data, entry.file
        if entry.line is not None:
            source = entry.source
            try:
                data = json.loads(entry.line, parse_float=Decimal, object_pairs_hook=_no_key_twice)
            except _KeyTwice as exc:
                return None, (Problem(msg("json_key_twice", key=exc.key), source=source),)
            except RecursionError:
                raise
            except ValueError as exc:
                detail = getattr(exc, "msg", None)
                if detail is None:  # not a syntax error: an integer of more than 4,300 digits
                    return None, (Problem(msg("toml_huge_integer"), source=source),)
                column = min(getattr(exc, "pos", 0), len(entry.line.rstrip())) + 1  # not past the line's end
                return None, (Problem(msg("json_invalid", detail=json_detail(detail), column=column), source=source),)
            if not isinstance(data, dict):
                return None, (Problem(msg("json_not_object"), source=source),)
        library = self.library
        return read_profile(data, vocab=library.vocabulary, regions=self.regions, source=source, text=entry.text, prefix=entry.prefix), ()

    def chunk(self, chunk: list[Entry | Lines]) -> list[Any]:
        """For each unit of a chunk, in order: an entry's record (UTF-8), or the problems
        that stop it (written by `finish`, where the file's text is at hand for line numbers);
        the records of a `Lines`, error records included, as one `Done`."""
        with collected_after():
            return [self._lines(unit) if isinstance(unit, Lines) else self.answer(unit) for unit in chunk]

    def answer(self, entry: Entry) -> bytes | tuple[Problem, ...]:
        """One entry's record, or the problems that stop it."""
        estimate, problems = self.estimate(entry)
        if estimate is None:
            return problems
        try:
            return _utf8(self.output.record(estimate, entry.source))
        except Exception as exc:
            return (_fault(exc, entry),)

    def _lines(self, unit: Lines) -> Done:
        parts: list[bytes] = []
        count = failed = 0
        for entry in unit.entries():
            count += 1
            answer = self.answer(entry)
            if isinstance(answer, tuple):
                failed += 1
                answer = self.error(entry, answer)
            parts.append(answer)
        return Done(b"".join(parts), count, failed)

    def error(self, entry: Entry, problems: tuple[Problem, ...]) -> bytes:
        """An entry's error record; its problems found in a file get their line numbers
        from the file's text, which a chunk sent to a worker lacked."""
        from .toml_text import line_of

        if entry.text:
            problems = tuple(
                p._replace(line=line_of(entry.text, p.path)) if p.line is None and p.path and p.source == entry.file else p for p in problems
            )
        return _utf8(self.output.error(entry.source, error_text(problems, self.lang)))

    def finish(self, chunk: list[Entry | Lines], answers: list[Any]) -> tuple[bytes, int, int]:
        """(the records to write, how many profiles, how many failed) for a chunk's answers."""
        parts, count, failed = [], 0, 0
        for unit, answer in zip(chunk, answers):
            if type(answer) is Done:
                parts.append(answer.text)
                count += answer.count
                failed += answer.failed
                continue
            count += 1
            if type(answer) is not bytes:
                failed += 1
                answer = self.error(unit, answer)  # type: ignore[arg-type]
            parts.append(answer)
        return b"".join(parts), count, failed


class Done(Record):
    """The records of a `Lines`, written (UTF-8), and how many profiles and failures."""

    text: bytes
    count: int
    failed: int


def _utf8(text: str | bytes) -> bytes:
    return text if type(text) is bytes else text.encode("utf-8")  # type: ignore[union-attr]


#: the JSON decoder's messages (the start of each), by their catalogue code
_JSON_DETAILS = (
    ("Expecting value", "json_expecting_value"),
    ("Expecting property name", "json_expecting_name"),
    ("Expecting ':'", "json_expecting_colon"),
    ("Expecting ','", "json_expecting_comma"),
    ("Unterminated string", "json_unterminated_string"),
    ("Invalid control character", "json_control_character"),
    ("Invalid \\", "json_bad_escape"),
    ("Extra data", "json_extra_data"),
)


def json_detail(detail: str) -> Any:
    """What the JSON decoder found wrong, as a sentence of ipcalc's (so in either language)."""
    for start, code in _JSON_DETAILS:
        if detail.startswith(start):
            return msg(code)
    return msg("json_other", detail=detail)


class _KeyTwice(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_key_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: an object with a key given twice is refused, as TOML
    refuses it (json alone would keep the last value silently)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _KeyTwice(key)
            seen.add(key)
    return found


def error_text(problems: tuple[Problem, ...], lang: str = "en") -> str:
    return "\n".join(p.render(lang) for p in shown(problems))


# ------------------------------------------------------------------ the run


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Worker processes: one per usable CPU (at most 8) where fork is the safe way to start
    them (Linux); one process elsewhere."""
    return min(usable_cpus(), 8) if sys.platform.startswith("linux") else 1


def jobs_allowed(asked: int) -> int:
    """--jobs N, at most the usable CPUs: more workers than CPUs only cost memory."""
    return max(1, min(asked, usable_cpus()))


def _stripped(chunk: list[Entry | Lines]) -> list[Entry | Lines]:
    """A chunk as sent to a worker: without the texts of the files its profiles come from
    (a [[profiles]] file's text would otherwise travel with each of its chunks)."""
    return [e._replace(text="") if type(e) is Entry and e.text else e for e in chunk]


def run(
    answers: Answers,
    items: Iterable[Entry | Lines],
    out: Any,
    jobs: int,
    notes: list | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[int, int]:
    """Answer every entry, writing in input order through `out` (a `batch_output.RecordWriter`); (how
    many, how many failed). `notes` receives what the user should be told about workers;
    `progress(profiles, failed, bytes)` is called after each chunk is written.

    Every chunk's records are written (and flushed) as soon as they are answered, in order;
    when the input has nothing more to read at once (IDLE: a pipe held open), everything read
    so far is answered and written before this process waits for more."""
    from .workers import DRAIN, Pool

    total = failed = 0
    out.write(answers.output.header)
    stream = iter(items)

    def written(chunk: list[Entry | Lines], answer: list) -> None:
        nonlocal total, failed
        text, count, bad = answers.finish(chunk, answer)
        out.write(text)
        out.flush()  # each chunk as soon as it is answered, into a pipe, a terminal or a file
        total, failed = total + count, failed + bad
        if progress is not None:
            progress(total, failed, sum(e.size for e in chunk))

    first: list[Entry | Lines] = []
    while not first:
        first, idle = _take(stream, FIRST_CHUNK if jobs > 1 else CHUNK)
        if not idle:
            break
    written(first, answers.chunk(first))
    import gc

    gc.freeze()  # what the first chunk left (policies read, words said): never walked again
    chunks = _chunks(stream)
    if jobs <= 1:
        for chunk, _ in chunks:
            written(chunk, answers.chunk(chunk))
        return total, failed
    second = next(((chunk, idle) for chunk, idle in chunks if chunk), None)  # a chunk worth a worker
    if second is None:
        return total, failed
    kept: deque[list[Entry | Lines]] = deque()  # the chunks in flight, with their files' texts

    def sent() -> Iterator[Any]:
        for each, each_idle in chain([second], chunks):
            if each:
                kept.append(each)
                yield _stripped(each)
            if each_idle:
                yield DRAIN  # nothing more to read at once: what is in flight is written first

    with Pool(answers.chunk, jobs) as pool:
        try:
            for result in pool.map(sent()):
                written(kept.popleft(), result)
        finally:
            if notes is not None:
                notes += pool.notes
    return total, failed


def _chunks(stream: Iterator[Any]) -> Iterator[tuple[list[Entry | Lines], bool]]:
    """(chunk, whether the input then had nothing more at once) until the input ends."""
    while True:
        chunk, idle = _take(stream, CHUNK)
        if not chunk and not idle:
            return
        yield chunk, idle


def _take(stream: Iterator[Any], most: int) -> tuple[list[Entry | Lines], bool]:
    """The next chunk: units of `most` profiles, or fewer when they add up to CHUNK_BYTES of
    input (a chunk of big profiles is small, so that memory stays bounded whatever the input;
    an over-long line's error record also ends its chunk at once, and is written); cut short
    (with True) where the input has nothing more to read at once."""
    chunk: list[Entry | Lines] = []
    count = size = 0
    for unit in stream:
        if unit is IDLE:
            return chunk, True
        chunk.append(unit)
        count += unit.count
        size += unit.size
        if count >= most or size >= CHUNK_BYTES:
            break
    return chunk, False


def _fault(exc: BaseException, entry: Entry) -> Problem:
    """A record ipcalc failed on by a fault of its own: said as that record's error (what
    failed, to report), so that every other record is still answered."""
    detail = f"{type(exc).__name__}: {exc}"
    return Problem(msg("record_fault", detail=detail[:300]), source=entry.source)


# ------------------------------------------------------------------ a client list's workbook


class _PortfolioErrors:
    """The record writer of a client list: a failed client's record (the rows of the others
    are made by `PortfolioAnswers`)."""

    header = ""

    def error(self, source: str, message: str) -> str:
        from .render.json_writer import dumps

        return dumps({"source": source, "error": message}) + "\n"


class PortfolioAnswers(Answers):
    """A consultant's whole client list in one workbook (`ipcalc report` given several
    profiles, a folder, a [[profiles]] file or JSON Lines): each client answered as a batch
    answers a profile (in input order, in worker processes for a long list, a bad profile
    its own error), as its estimate, range and what it could still gain (`steps.find`), said
    as rows of the workbook's sheets (`render.portfolio.client_record`), one line of JSON a
    client. This process writes them into the workbook as they come (`PortfolioLines`), so
    that memory stays bounded whatever the length of the list."""

    def __init__(self, request: Checked):
        super().__init__(request, _PortfolioErrors())
        self.request = request

    def answer(self, entry: Entry) -> bytes | tuple[Problem, ...]:
        record, problems = self.guarded(entry, self._client)
        return problems if record is None else record

    def _client(self, entry: Entry) -> tuple[bytes | None, tuple[Problem, ...]]:
        from .render.json_writer import dumps
        from .render.portfolio import client_record
        from .steps import find

        profile, problems = self.profile(entry)
        if profile is None:
            return None, problems
        asked = self.request
        found = find(asked._replace(profile=profile, day=self.day(profile)))
        return (dumps(client_record(found, entry.source, lang=asked.lang, unit=asked.unit)) + "\n").encode("utf-8"), ()


class PortfolioLines:
    """What `run` writes a client list's answers to: each client's line of JSON, handed to
    the workbook (`render.portfolio.PortfolioBook`) as it comes."""

    streaming = False

    def __init__(self, book: Any):
        self.book = book

    def write(self, text: str | bytes) -> None:
        for line in text.splitlines():
            if line:
                self.book.add(json.loads(line, parse_float=Decimal))

    def flush(self) -> None:
        pass
