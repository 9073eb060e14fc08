"""JSON with exact numbers: a Decimal is written from its own digits, never through float.

`json.dumps` can only write numbers it knows (int, float), so this small encoder writes the
document itself; strings still go through the standard library's C string escaper.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from json.encoder import (
    encode_basestring,  # the C-accelerated escaper (ensure_ascii=False)
)
from typing import Any

from ..money import plain


def dumps(value: Any, indent: int | None = None) -> str:
    parts: list[str] = []
    if indent is None:
        _compact(value, parts.append)
    else:
        _pretty(value, parts.append, " " * indent, "\n")
    return "".join(parts)


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as a JSON number")
        return plain(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    return None


def _compact(value: Any, out) -> None:
    text = _scalar(value)
    if text is not None:
        out(text)
    elif isinstance(value, dict):
        out("{")
        first = True
        for key, item in value.items():
            if not first:
                out(", ")
            first = False
            out(encode_basestring(key))
            out(": ")
            _compact(item, out)
        out("}")
    elif isinstance(value, (list, tuple)):
        out("[")
        for n, item in enumerate(value):
            if n:
                out(", ")
            _compact(item, out)
        out("]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _pretty(value: Any, out, step: str, indent: str) -> None:
    text = _scalar(value)
    if text is not None:
        out(text)
        return
    inner = indent + step
    if isinstance(value, dict):
        if not value:
            out("{}")
            return
        out("{")
        first = True
        for key, item in value.items():
            out(inner if first else "," + inner)
            first = False
            out(encode_basestring(key))
            out(": ")
            _pretty(item, out, step, inner)
        out(indent + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        out("[")
        for n, item in enumerate(value):
            out(inner if n == 0 else "," + inner)
            _pretty(item, out, step, inner)
        out(indent + "]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
