"""JSON with exact numbers: a Decimal is written from its own digits, never through float.

Compact JSON (batches) goes through the standard library's C encoder. Each Decimal is first
turned into a marker string, "\\x00D" + digits + "\\x00E" (by `mark`, or by the encoder's
`default` hook), and the marker's two ends are then removed from the text, leaving a bare
number. No real string holds a marker: ipcalc refuses control characters in every text it
accepts (profile text, policy text), and builds every other string itself.

A batch's lines (`line`) are written by orjson, a JSON library written in Rust for speed:
five times the standard library's encoder on an estimate's document (measured: 49 us -> 11 us
a record), the largest single cost of a batch's records. Its amounts are `fragment`s, raw JSON
of the Decimal's own digits, which orjson copies as they are; and it escapes U+2028 and
U+2029 here (JSON allows them raw, but readers that split lines on them would tear a record).

Indented JSON (`--format json`) is written by `_indented`, which writes what
`json.dumps(indent=2, ensure_ascii=False)` would, byte for byte (a test checks it on any
document), but unwraps the markers as it goes: the standard library has no C encoder for
indented output, and its Python one cost a third more on every estimate (measured).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from ..money import plain

_OPEN, _CLOSE = "\x00D", "\x00E"
# How the encoder writes a marker's two ends (control characters are always escaped).
_ESCAPED_OPEN, _ESCAPED_CLOSE = '"\\u0000D', '\\u0000E"'
_WHOLE_MARKER = r'"\\u0000D(-?[0-9]+(?:\.[0-9]+)?)\\u0000E"'  # compiled on first use (re caches it)


def mark(value: Decimal) -> str:
    """A Decimal as a marker string; `dumps` writes it as a bare number. Documents built
    for JSON mark their amounts directly (estimate_document's `number`), which spares the
    encoder a call back into Python for each amount."""
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as a JSON number")
    return _OPEN + plain(value) + _CLOSE


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        return mark(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# Documents are trees, so the encoder's cycle check is skipped (measured: ~10% faster).
_COMPACT = json.JSONEncoder(ensure_ascii=False, check_circular=False, default=_default)


def _indented(value: Any, indent: int) -> str:
    """`value` as `json.dumps(value, indent=indent, ensure_ascii=False)` writes it, with
    marked Decimals (and any other Decimal) written as bare numbers."""
    out: list[str] = []
    append = out.append
    step = " " * indent

    def write(value: Any, pad: str) -> None:
        if isinstance(value, str):
            append(value[2:-2] if value[:2] == _OPEN and value[-2:] == _CLOSE else encode_basestring(value))
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = pad + step
            lead = "{\n" + inner
            for key, item in value.items():
                append(lead + encode_basestring(key if isinstance(key, str) else str(key)) + ": ")
                lead = ",\n" + inner
                write(item, inner)
            append("\n" + pad + "}")
        elif isinstance(value, (list, tuple)):
            if not value:
                append("[]")
                return
            inner = pad + step
            lead = "[\n" + inner
            for item in value:
                append(lead)
                lead = ",\n" + inner
                write(item, inner)
            append("\n" + pad + "]")
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, Decimal):
            append(mark(value)[2:-2])
        else:
            write(_default(value), pad)

    write(value, "")
    return "".join(out)


_ORJSON: Any = None  # the module, imported when a batch first writes a line


def _orjson() -> Any:
    global _ORJSON
    if _ORJSON is None:
        import orjson

        _ORJSON = orjson
    return _ORJSON


def fragment(value: Decimal) -> Any:
    """A Decimal as raw JSON of its own digits, for `line` (what `mark` is to `dumps`)."""
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as a JSON number")
    return _orjson().Fragment(plain(value))


def _line_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return fragment(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def line(value: Any) -> bytes:
    """`value` as one line of compact JSON (a batch's record) in UTF-8, with its newline;
    amounts as their digits. U+2028 and U+2029, which JSON allows raw, are escaped: readers
    that split lines at them would see a record torn."""
    data = _orjson().dumps(value, default=_line_default, option=_NEWLINE)
    if _LS in data or _PS in data:
        data = data.replace(_LS, b"\\u2028").replace(_PS, b"\\u2029")
    return data


_NEWLINE = 1 << 10  # orjson.OPT_APPEND_NEWLINE, without importing orjson to name it
_LS, _PS = "\u2028".encode(), "\u2029".encode()


def dumps(value: Any, indent: int | None = None) -> str:
    if indent is not None:
        return _indented(value, indent)
    text = _COMPACT.encode(value)
    opened = text.count(_ESCAPED_OPEN)
    if not opened:
        return text
    if text.count(_ESCAPED_CLOSE) == opened:
        # '"\u0000D65250.00\u0000E"' -> '65250.00': two replacements, done in C.
        return text.replace(_ESCAPED_OPEN, "").replace(_ESCAPED_CLOSE, "")
    # A real string ended in the literal characters \u0000E (its backslash is escaped, so a
    # real string can never look like an opening): replace each whole marker exactly instead.
    return re.sub(_WHOLE_MARKER, r"\1", text)
