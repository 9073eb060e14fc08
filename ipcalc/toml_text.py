"""Reading TOML text: a file's bytes decoded, parsed with every number exact, its mistakes
reported at their lines (with a hint for the common ones: a date in quotes, a bare word), and
where a field of a parsed table was written (`line_of`), for any problem found later."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from .checks import Invalid
from .errors import IpcalcError, Problem
from .i18n import Msg, msg

_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"  # compiled on first use (re caches it)


def decode_text(raw: bytes) -> str:
    """UTF-8 text from a file's bytes, refusing empty, binary and other encodings."""
    if not raw.strip():
        raise Invalid(msg("file_empty"))
    if b"\x00" in raw[:8192]:
        raise Invalid(msg("binary_file"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid(msg("not_utf8", value=exc.start + 1)) from None
    return text.removeprefix("\ufeff")


def parse_float_exact(text: str) -> Decimal:
    """tomllib's `parse_float`: every TOML float becomes an exact Decimal, never a float."""
    return Decimal(text)


_DATE_LINE = r"\s*([\w.\"'-]+)\s*=\s*(\d{4}-\d{2}-\d{2})\b"  # compiled on first use (re caches it)
_BARE_WORD_LINE = r"\s*([\w.\"'-]+)\s*=\s*([A-Za-z_][\w-]*)\s*(#.*)?$"  # compiled on first use (re caches it)


def _toml_hint(line_text: str) -> Msg | str:
    """A plainer reason for two common slips tomllib words obscurely."""
    match = re.match(_DATE_LINE, line_text)
    if match:
        try:
            date.fromisoformat(match.group(2))
        except ValueError:
            return msg("toml_not_real_date", key=match.group(1), value=match.group(2))
    match = re.match(_BARE_WORD_LINE, line_text)
    if match and match.group(2) not in ("true", "false", "nan", "inf"):
        return msg("toml_needs_quotes", key=match.group(1), value=match.group(2))
    return ""


def loads_toml(text: str) -> tuple[dict | None, Msg | None, int | None, int | None]:
    """(data, None, ...) or (None, message, line, column) for malformed TOML."""
    import tomllib  # only when a file is read: a cached library needs none (3.6 ms)

    deep = _too_deep(text)
    if deep is not None:
        return None, msg("toml_too_deep", depth=MAX_KEY_DEPTH), deep, None
    try:
        return tomllib.loads(text, parse_float=parse_float_exact), None, None, None
    except RecursionError:  # arrays or inline tables nested hundreds deep
        return None, msg("toml_too_deep", depth=MAX_KEY_DEPTH), None, None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(_TOML_POSITION, message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].rstrip()
            lines = text.splitlines()
            hint = _toml_hint(lines[line - 1]) if 0 < line <= len(lines) else ""
            if hint:
                return None, msg("toml_malformed_hint", hint=hint, detail=message), line, column
        return None, msg("toml_malformed_detail", detail=message), line, column
    except ValueError:  # an integer of more than 4,300 digits (Python's limit on converting them)
        return None, msg("toml_huge_integer"), None, None


#: how deeply keys, tables and arrays may nest in a profile or policy file: a profile needs 3
MAX_KEY_DEPTH = 32


def _too_deep(text: str) -> int | None:
    """The line of a dotted key or table header with more than MAX_KEY_DEPTH parts, or of
    brackets nested deeper: tomllib takes quadratic time on a 100,000-part header, and
    recurses on nesting. Checked on the text before parsing; a few microseconds per line."""
    if text.count(".") < MAX_KEY_DEPTH and text.count("[") + text.count("{") < MAX_KEY_DEPTH:
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if line.count(".") >= MAX_KEY_DEPTH:
            key = line.lstrip()
            key = key[: key.index("]")] if key.startswith("[") and "]" in key else key.split("=", 1)[0]
            if key.count(".") >= MAX_KEY_DEPTH:
                return number
        opened = line.count("[") + line.count("{")
        if opened >= MAX_KEY_DEPTH:
            depth = deepest = 0
            quote = ""
            for c in line:
                if quote:
                    quote = "" if c == quote else quote
                elif c in "\"'":
                    quote = c
                elif c in "[{":
                    depth += 1
                    deepest = max(deepest, depth)
                elif c in "]}":
                    depth -= 1
            if deepest > MAX_KEY_DEPTH:
                return number
    return None


def parse_toml(raw: bytes, source: str) -> tuple[dict, str]:
    """(data, text) of a TOML file's bytes; IpcalcError naming the file, line and column."""
    try:
        text = decode_text(raw)
    except Invalid as exc:
        raise IpcalcError(Problem(exc.message, source=source)) from None
    data, message, line, column = loads_toml(text)
    if data is None:
        raise IpcalcError(Problem(message or msg("toml_malformed"), source=source, line=line, column=column))
    return data, text


# ------------------------------------------------------------------ where a field is written

_SEGMENT = r"([^.\[\]]+)(?:\[(\d+)\])?"  # compiled on first use (re caches it)
_HEADER = r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"  # compiled on first use (re caches it)


def line_of(text: str, path: str) -> int | None:
    """The 1-based line where `path` (e.g. ``rules[3].share``) is written, best effort.

    The text's headers are indexed once (see `_TextIndex`), so reporting a problem for each
    of 20,000 entries takes time in proportion to them, not to their square."""
    if not path or not text:
        return None
    index_ = _text_index(text)
    lines = index_.lines
    start, end, prefix = 0, len(lines), ""
    found: int | None = None
    for name, index in re.findall(_SEGMENT, path):
        full = f"{prefix}.{name}" if prefix else name
        if index != "":
            blocks = index_.within(index_.arrays.get(full), start, end)
            k = int(index)
            if k < len(blocks):
                start = blocks[k] + 1
                end = index_.block_end(blocks[k], full)
                prefix, found = full, blocks[k] + 1
                continue
        tables = index_.within(index_.tables.get(full), start, end)
        if tables:
            table = tables[0]
            start = table + 1
            end = index_.block_end(table, full)
            prefix, found = full, table + 1
            continue
        if index_.within(index_.under.get(full), start, end):
            prefix = full  # an implicit table: [titles.x] defines titles
            continue
        key = re.compile(rf"\s*[\"']?{re.escape(name)}[\"']?\s*[=.]")
        hit = next((n for n in range(start, end) if key.match(lines[n])), None)
        if hit is None:
            loose = re.compile(rf"[{{,\s]{re.escape(name)}\s*=")
            hit = next((n for n in range(start, end) if loose.search(lines[n])), None)
        if hit is None:
            break
        if index != "" and lines[hit].rstrip().endswith("["):
            hit = index_.entry_line(hit, end, int(index))
        found, start = hit + 1, hit
        prefix = full
    return found


class _TextIndex:
    """A TOML text's lines and table headers, indexed by name: the arrays of tables
    (`[[loans]]`), the tables (`[policy]`), and for each dotted prefix the headers under it."""

    def __init__(self, text: str):
        import bisect

        self.bisect = bisect
        self.lines = text.splitlines()
        self.names: list[str] = []  # the headers' names, in order
        self.rows: list[int] = []  # their line indexes
        self.position: dict[int, int] = {}
        self.arrays: dict[str, list[int]] = {}
        self.tables: dict[str, list[int]] = {}
        self.under: dict[str, list[int]] = {}
        self.entries: dict[int, list[int]] = {}
        for n, line in enumerate(self.lines):
            if line.lstrip().startswith("["):
                match = re.match(_HEADER, line)
                if match:
                    name = match.group(2).replace(" ", "")
                    self.position[n] = len(self.rows)
                    self.names.append(name)
                    self.rows.append(n)
                    (self.arrays if match.group(1) == "[[" else self.tables).setdefault(name, []).append(n)
                    parts = name.split(".")
                    for depth in range(1, len(parts)):
                        self.under.setdefault(".".join(parts[:depth]), []).append(n)

    def within(self, rows: list[int] | None, start: int, end: int) -> list[int]:
        """The rows (sorted line indexes) in [start, end)."""
        if not rows:
            return []
        return rows[self.bisect.bisect_left(rows, start) : self.bisect.bisect_left(rows, end)]

    def block_end(self, row: int, full: str) -> int:
        """Where the block of the header on `row` ends: the next header not under `full`."""
        below = full + "."
        for position in range(self.position[row] + 1, len(self.rows)):
            if not self.names[position].startswith(below):
                return self.rows[position]
        return len(self.lines)

    def entry_line(self, key_line: int, end: int, index: int) -> int:
        """The line of entry `index` of an array written one inline table a line
        (`amount = [` then `{ from = ..., value = ... },`); the key's line if it is not so."""
        found = self.entries.get(key_line)
        if found is None:
            found = self.entries[key_line] = []
            for n in range(key_line + 1, end):
                stripped = self.lines[n].lstrip()
                if stripped.startswith("]"):
                    break
                if stripped.startswith("{"):
                    found.append(n)
        return found[index] if index < len(found) else key_line


@lru_cache(maxsize=4)
def _text_index(text: str) -> _TextIndex:
    """The index of a text, made once for all the problems of a file (a str caches its hash,
    so finding it again costs nothing)."""
    return _TextIndex(text)
