"""JSON with exact numbers: a Decimal is written from its own digits, never through float.

The standard library's encoder (C-accelerated for compact output) writes everything. Each
Decimal is first turned into a marker string, "\\x00D" + digits + "\\x00E" (by `mark`, or by
the encoder's `default` hook), and the marker's two ends are then removed from the text,
leaving a bare number. No real string holds a marker: ipcalc refuses control characters in
every text it accepts (profile text, policy text), and builds every other string itself.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from ..money import plain

_OPEN, _CLOSE = "\x00D", "\x00E"
# How the encoder writes a marker's two ends (control characters are always escaped).
_ESCAPED_OPEN, _ESCAPED_CLOSE = '"\\u0000D', '\\u0000E"'
_WHOLE_MARKER = re.compile(r'"\\u0000D(-?[0-9]+(?:\.[0-9]+)?)\\u0000E"')


class Raw:
    """A JSON fragment already encoded (compact), written as it is: batches reuse the
    encoded form of items that are the same for every profile (see render.document)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


_RAWS: list[str] = []  # fragments met while encoding one document (see dumps)
_ESCAPED_RAW = '"\\u0000R'


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
    if isinstance(value, Raw):
        _RAWS.append(value.text)
        return f"\x00R{len(_RAWS) - 1}{_CLOSE}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# Documents are trees, so the encoder's cycle check is skipped (measured: ~10% faster).
_COMPACT = json.JSONEncoder(ensure_ascii=False, check_circular=False, default=_default)


def dumps(value: Any, indent: int | None = None) -> str:
    _RAWS.clear()
    if indent is None:
        text = _COMPACT.encode(value)
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent, check_circular=False, default=_default)
    if _RAWS:
        # '"\u0000R3\u0000E"' -> the third fragment's JSON (spliced first: its marker shares
        # the closing with the number markers below).
        parts = text.split(_ESCAPED_RAW)
        for index in range(1, len(parts)):
            number, _, rest = parts[index].partition(_ESCAPED_CLOSE)
            parts[index] = _RAWS[int(number)] + rest
        text = "".join(parts)
        _RAWS.clear()
    opened = text.count(_ESCAPED_OPEN)
    if not opened:
        return text
    if text.count(_ESCAPED_CLOSE) == opened:
        # '"\u0000D65250.00\u0000E"' -> '65250.00': two replacements, done in C.
        return text.replace(_ESCAPED_OPEN, "").replace(_ESCAPED_CLOSE, "")
    # A real string ended in the literal characters \u0000E (its backslash is escaped, so a
    # real string can never look like an opening): replace each whole marker exactly instead.
    return _WHOLE_MARKER.sub(r"\1", text)
