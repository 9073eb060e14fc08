"""Value checks shared by the profile and policy loaders.

Each `check_*` returns the clean value, or raises `Invalid` with a message that says what was
found and what is allowed. Callers attach the field path and collect every problem.
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .errors import IpcalcError, Problem
from .i18n import Msg, has_controls, msg, shown_safely
from .money import CONTEXT, MAX_MONEY, MAX_MONEY_TEXT, ONE, ZERO
from .money import FEN as FEN_STEP


class Invalid(ValueError):
    """A value that does not fit its field; the message (a Msg) is user-facing."""

    def __init__(self, message: Msg | str):
        self.message = message
        super().__init__(str(message))


def describe(value: object) -> Msg | str:
    """How a found value is shown in a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, int) and value.bit_length() > 128:
        return msg("shown_long_number", digits=len(str(abs(value))))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return msg("shown_datetime", when=value.isoformat())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return msg("shown_table")
    if isinstance(value, list):
        return msg("shown_list")
    return repr(value)


def did_you_mean(name: str, options) -> Msg | str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(name, list(options), n=3, cutoff=0.6)
    if not close:
        return ""

    def shared_prefix(option: str) -> int:
        n = 0
        while n < min(len(name), len(option)) and name[n] == option[n]:
            n += 1
        return n

    best = max(close, key=lambda option: (shared_prefix(option), -close.index(option)))
    return msg("did_you_mean", best=best)


def one_of(options) -> str:
    options = list(options)
    return ", ".join(options) if len(options) <= 12 else ", ".join(options[:12]) + ", ..."


#: the largest decimal exponent a number may have (10^30): far above any amount, and small
#: enough that no conversion or arithmetic on it can take long (1e999999999 would)
MAX_EXPONENT = 30


def _number(value: object, from_text: bool, what: Msg | str = "a number") -> Decimal:
    if isinstance(value, bool):
        raise Invalid(msg("expected_what", what=what, got=describe(value)))
    if isinstance(value, int):
        if value.bit_length() > 100:  # 10^30 < 2^100
            raise Invalid(msg("number_too_large", got=describe(value)))
        return Decimal(value)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, float):  # only from callers that did not parse exactly
        result = Decimal(repr(value))
    elif isinstance(value, str) and from_text:
        text = _ungrouped(value.strip())
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise Invalid(msg("expected_what", what=what, got=describe(value))) from None
    else:
        raise Invalid(msg("expected_what", what=what, got=describe(value)))
    if not result.is_finite():
        raise Invalid(msg("expected_finite", got=describe(value)))
    if result and result.adjusted() > MAX_EXPONENT:  # checked before any arithmetic on it
        raise Invalid(msg("number_too_large", got=describe(value)))
    if not result and result.is_signed():
        result = result.copy_abs()  # -0.0 is 0: never shown as -0 or -0.00%
    return result


#: a number with its thousands grouped: 1,234,567.89 (or with _ as Python writes it)
_GROUPED = r"[+-]?\d{1,3}(?:([,_])\d{3})(?:\1\d{3})*(?:\.\d+)?"  # compiled on first use


def _ungrouped(text: str) -> str:
    """A number typed by a person, its thousands separators removed: they must group the
    digits by three (3,000,000; 1,234.5), or the number was probably mistyped (3,000,00 is
    not 300,000) and is refused."""
    if "," not in text and "_" not in text:
        return text
    if not re.fullmatch(_GROUPED, text):
        raise Invalid(msg("bad_grouping", text=text))
    return text.replace(",", "").replace("_", "")


_MAX_MONEY_INT = int(MAX_MONEY)


def check_money(value: object, from_text: bool = False) -> Decimal:
    if type(value) is int and 0 <= value <= _MAX_MONEY_INT:  # the common case, kept fast
        return Decimal(value)
    amount = _number(value, from_text, msg("what_amount"))
    if amount < 0:
        raise Invalid(msg("negative_amount", amount=amount))
    if amount > MAX_MONEY:
        raise Invalid(msg("above_max_money", amount=amount, MAX_MONEY_TEXT=MAX_MONEY_TEXT))
    if amount != amount.quantize(FEN_STEP, context=CONTEXT):
        raise Invalid(msg("finer_than_fen", amount=amount))
    return amount


def check_fraction(value: object, from_text: bool = False) -> Decimal:
    if isinstance(value, str) and value.strip().endswith("%"):
        return check_rate_text(value)  # 3.85%, in a flag or a file: the same as 0.0385
    fraction = _number(value, from_text, msg("what_fraction"))
    if fraction < ZERO or fraction > ONE:
        hint = msg("write_percent_hint") if fraction > ONE else ""
        raise Invalid(msg("outside_fraction", fraction=fraction, hint=hint))
    if fraction.as_tuple().exponent < -10:  # type: ignore[operator]
        raise Invalid(msg("too_many_decimals", fraction=fraction))
    return fraction


def check_count(value: object, from_text: bool = False, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool):
        raise Invalid(msg("expected_count", got=describe(value)))
    if isinstance(value, str) and from_text:
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise Invalid(msg("expected_count", got=describe(value)))
        if len(text) > MAX_EXPONENT:
            raise Invalid(msg("number_too_large", got=describe(value)))
        value = int(text)
    if isinstance(value, Decimal) and value.is_finite() and value and value.adjusted() > MAX_EXPONENT:
        raise Invalid(msg("number_too_large", got=describe(value)))  # before int(): 1e999999999
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int):
        raise Invalid(msg("expected_count", got=describe(value)))
    if value < minimum:
        raise Invalid(msg("below_minimum", value=value, minimum=minimum))
    limit = maximum if maximum is not None else 1_000_000
    if value > limit:
        raise Invalid(msg("above_maximum", value=value, limit=limit))
    return value


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def check_bool(value: object, from_text: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and from_text:
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise Invalid(msg("expected_bool", got=describe(value)))


#: the dates accepted anywhere (a fact, the date of an estimate, a policy's dates): far
#: beyond any policy, and far enough inside the calendar that every date ipcalc works out
#: from one (a loan's end, an instalment 100 years on, a month before) stays a real date
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)


def check_date(value: object, from_text: bool = True) -> date:
    if isinstance(value, datetime):
        raise Invalid(msg("expected_date", got=describe(value)))
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
            try:
                found = date.fromisoformat(text)
            except ValueError:
                raise Invalid(msg("not_real_date", got=describe(value))) from None
            return _in_range(found)
        raise Invalid(msg("expected_date_text", got=describe(value)))
    raise Invalid(msg("expected_date", got=describe(value)))


def _in_range(day: date) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise Invalid(msg("date_out_of_range", day=day.isoformat(), first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()))
    return day


def check_text(value: object, max_length: int = 200) -> str:
    if not isinstance(value, str):
        raise Invalid(msg("expected_text", got=describe(value)))
    if len(value) > max_length:
        raise Invalid(msg("text_too_long", max_length=max_length))
    if has_controls(value):
        raise Invalid(msg("control_characters_line"))
    if not value.isascii() and any("\ud800" <= c <= "\udfff" for c in value):
        raise Invalid(msg("text_not_utf8"))  # bytes that were not UTF-8 (`--name $'caf\xe9'`)
    return value


def check_choice(value: object, choices, what: str = "value") -> str:
    if not isinstance(value, str):
        raise Invalid(msg("expected_one_of", allowed=one_of(choices), got=describe(value)))
    if value not in choices:
        raise Invalid(msg("unknown_value", what=what, value=value, hint=did_you_mean(value, choices), allowed=one_of(choices)))
    return value


# ------------------------------------------------------------------ reading TOML text

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


def check_rate_text(text: str) -> Decimal:
    """A rate typed by a person: 0.0385 or 3.85%."""
    raw = text.strip()
    if raw.endswith("%"):
        try:
            value = Decimal(raw[:-1].strip())
        except InvalidOperation:
            raise Invalid(msg("expected_rate_text", text_shown=describe(text))) from None
        if not value.is_finite():
            raise Invalid(msg("expected_finite_rate", text_shown=describe(text)))
        if value > 100 or value < 0:
            raise Invalid(msg("implausible_percent", text=raw))
        return check_fraction(value / 100)
    return check_fraction(raw, from_text=True)
