"""A strict reader of TOML tables, and the value checks of data files (policies, vocabularies,
rates, policy test cases).

`Reader` takes the keys of one table out one by one, checking each, and reports the keys
left over as unknown; every problem is collected with the file, the line and the field path,
so that all of a file's mistakes are reported at once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .checks import Invalid, check_fraction, check_money, describe, did_you_mean, one_of
from .errors import ProblemList
from .i18n import Message, Text, has_controls, msg, yuan_mistakes
from .toml_text import line_of


class Reader:
    """Takes keys out of one TOML table, checking each; reports leftovers as unknown keys."""

    def __init__(self, data: Any, path: str, problems: ProblemList, text: str):
        self.path = path
        self.problems = problems
        self.text = text
        self.ok = isinstance(data, dict)
        #: the whole table is missing: one problem says so, not one per required key
        self.absent = data is None
        if data is None:
            self.error("", f"missing; a [{path}] table is required" if path else "missing")
            data = {}
        elif not self.ok:
            self.error("", msg("expected_table", data_shown=describe(data)))
            data = {}
        self.data: dict = dict(data)
        self.known: list[str] = []
        #: the keys that were given and taken
        self.taken: set[str] = set()

    def where(self, key: str) -> str:
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: Message) -> None:
        path = self.where(key)
        self.problems.add(path, message, line_of(self.text, path))

    def take(self, key: str, check: Callable[[Any], Any], *, required: bool = False, default: Any = None) -> Any:
        self.known.append(key)
        if key not in self.data:
            if required and not self.absent:
                self.error(key, msg("missing_key"))
            return default
        value = self.data.pop(key)
        self.taken.add(key)
        try:
            return check(value)
        except Invalid as exc:
            self.error(key, exc.message)
            return default

    def raw(self, key: str) -> Any:
        self.known.append(key)
        if key in self.data:
            self.taken.add(key)
        return self.data.pop(key, None)

    def named_tables(self, key: str) -> list[tuple[str, Any]]:
        """The entries of a [key.NAME] table family, or a problem if it is not a table."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, dict):
            self.error(key, msg("expected_named_tables", key=key, got=describe(value)))
            return []
        return list(value.items())

    def table_list(self, key: str) -> list[Any]:
        """The entries of a [[key]] array of tables, or a problem if it is not one."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, msg("expected_array_of_tables", where=self.where(key), got=describe(value)))
            return []
        return value

    def table(self, key: str) -> Reader:
        """A reader of the table under `key` (a problem if it is missing or not a table)."""
        return Reader(self.raw(key), self.where(key), self.problems, self.text)

    def entries(self, key: str) -> list[Reader]:
        """A reader of each entry of the [[key]] array of tables."""
        where = self.where(key)
        return [Reader(value, f"{where}[{index}]", self.problems, self.text) for index, value in enumerate(self.table_list(key))]

    def tables(self, key: str) -> list[tuple[str, Reader]]:
        """Each NAME of a [key.NAME] table family with a reader of its table."""
        where = self.where(key)
        return [(name, Reader(value, f"{where}.{name}", self.problems, self.text)) for name, value in self.named_tables(key)]

    def finish(self) -> None:
        for key in self.data:
            self.error(key, msg("unknown_key_here", key=key, hint=did_you_mean(key, self.known), allowed=one_of(self.known)))


def plain_text(value: str) -> str:
    """Text may hold new lines and tabs (a clause quoted over several lines) but no other
    control character: a carriage return would overwrite a terminal line or break a
    Markdown row, a C1 or bidirectional control (U+202E) could make the text read as
    something it is not. CRLF line ends (a file edited on Windows) are read as new lines."""
    value = value.replace("\r\n", "\n")
    if has_controls(value, allowed="\t\n"):
        raise Invalid(msg("control_characters"))
    return value


def one_line(value: str) -> str:
    """A label, a title, a note: text without any control character, new lines included."""
    if has_controls(value):
        raise Invalid(msg("control_characters_line"))
    return value


def text(value: Any) -> str:
    """Non-empty text on one line (a document number, a path, an id)."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(msg("expected_nonempty_text", got=describe(value)))
    return one_line(value)


def long_text(value: Any) -> str:
    """Non-empty text that may run over several lines (a clause quoted from the source)."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(msg("expected_nonempty_text", got=describe(value)))
    return plain_text(value)


def identifier(value: Any) -> str:
    found = text(value)
    if not found.replace("_", "").isalnum() or not found.isascii() or not found[0].isalpha() or found.lower() != found:
        raise Invalid(msg("bad_id", text=found))
    return found


def amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected_amount", got=describe(value)))
    return check_money(value)


def positive_amount(value: Any) -> Decimal:
    found = amount(value)
    if found <= 0:
        raise Invalid(msg("expected_positive_amount", got=describe(value)))
    return found


def fraction(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected_fraction", got=describe(value)))
    return check_fraction(value)


def strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid(msg("expected_texts", got=describe(value)))
    return tuple(plain_text(v) for v in value)


def choice(options: tuple[str, ...], what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in options:
            found = describe(value)
            hint = did_you_mean(value, options) if isinstance(value, str) else ""
            raise Invalid(msg("unknown_choice", what=what, found=found, hint=hint, allowed=one_of(options)))
        return value

    return check


def bilingual(value: Any) -> Text:
    """`{ en = "...", zh = "..." }`: text in both languages, neither empty."""
    if not isinstance(value, dict):
        raise Invalid(msg("expected_bilingual", got=describe(value)))
    missing = [k for k in ("en", "zh") if not isinstance(value.get(k), str) or not value.get(k, "").strip()]
    extra = [k for k in value if k not in ("en", "zh")]
    if missing:
        raise Invalid(msg("bilingual_missing", join=" and ".join(missing)))
    if extra:
        raise Invalid(msg("unknown_language", item=extra[0]))
    for lang in ("en", "zh"):
        wrong = yuan_mistakes(value[lang])
        if wrong:
            raise Invalid(msg("yuan_not_amount", written=wrong[0][:40]))
    return Text(one_line(value["en"]), one_line(value["zh"]))
