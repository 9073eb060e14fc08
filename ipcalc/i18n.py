"""The one way ipcalc speaks two languages.

- `Msg(code, **values)`: a sentence of ipcalc's own, as data. `code` names an entry of the
  catalogue (`ipcalc.catalogue`), which holds its English and Chinese templates. The engine and the
  readers return Msgs; they are turned into words only when shown, in the language asked
  for (`render(message, lang)`), so one result can be shown in either language.
- `Text(en, zh)`: bilingual text that comes from data (a policy's labels and notes). It is
  chosen by language, never formatted as a template.

Values keep their own types; how a value looks is decided by its type when a template is
filled: `money.Amount` as 40,000, `money.Percent` as 50%, `money.Rate` as 4.35%, a date as
2025-06-30, a Text or a Msg in the same language, a list joined by commas.

The language is always passed explicitly; nothing here holds a current language. This
module is the only place that branches on a language (a test checks it).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import Any

from .catalogue import CATALOGUE, entry
from .record import Record

LANGS = ("en", "zh")


class Text(Record):
    """Text in English and Chinese, from data."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Filled(Record):
    """Text from data with placeholders ({value}, {more}, ...) filled in by plain replacement,
    never by formatting: a policy file's text is data, not a template."""

    text: Text
    values: dict[str, Any]

    def __call__(self, lang: str) -> str:
        out = self.text(lang)
        for key, value in self.values.items():
            out = out.replace("{" + key + "}", format(shown(value, lang)))
        return out


class Given:
    """A value from the user's input inside a sentence: shown as it is written there
    ('purchase', true, 3) or as "not given"; JSON data gets the value itself."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Given) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Given({self.value!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Given, (self.value,))


class Seq(Record):
    """Several values joined by a word of the catalogue (`sep`: "sep_and", "sep_or")."""

    items: tuple[Any, ...]
    sep: str

    def render(self, lang: str) -> str:
        return Msg(self.sep, {}).render(lang).join(format(shown(v, lang)) for v in self.items)


class Msg:
    """A sentence of ipcalc's own: a catalogue code and the values that fill it."""

    __slots__ = ("code", "values")

    def __init__(self, code: str, values: dict[str, Any]):
        self.code = code
        self.values = values

    def render(self, lang: str = "en") -> str:
        found = CATALOGUE.get(self.code) or entry(self.code)
        template = found[1] if lang == "zh" else found[0]
        values = self.values
        if not values:
            return template.format() if "{" in template else template
        return template.format(**{k: shown(v, lang) for k, v in values.items()})

    def data(self, lang: str) -> dict[str, Any]:
        """The message as JSON-ready data: its code and its values (amounts stay Decimals)."""
        out: dict[str, Any] = {"code": self.code}
        for key, value in self.values.items():
            out[key] = plain_value(value, lang)
        return out

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.code!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg):
            return self.code == other.code and self.values == other.values
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.code, self.values))


#: what a problem or a reason says: a Msg, or plain text (as data gives it)
Message = Msg | str


def msg(code: str, **values: Any) -> Msg:
    return Msg(code, values)


def render(message: object, lang: str) -> str:
    """A Msg, a Text or plain text, in `lang`."""
    if isinstance(message, Text):
        return message.zh if lang == "zh" else message.en
    if isinstance(message, Msg) or hasattr(message, "render"):
        return message.render(lang)
    if isinstance(message, Filled):
        return message(lang)
    return str(message)


def t(code: str, lang: str, **values: Any) -> str:
    """Shorthand: the catalogue entry `code` filled with `values`, in `lang`."""
    return Msg(code, values).render(lang)


def shown(value: Any, lang: str) -> Any:
    """A value ready for a template: words in `lang`; numbers keep their type's format."""
    if isinstance(value, Msg) or hasattr(value, "render"):  # a Msg, a Seq, a result.Basis
        return value.render(lang)
    if isinstance(value, Given):
        found = value.value
        if found is None:
            return Msg("not_given", {}).render(lang)
        if isinstance(found, bool):
            return "true" if found else "false"
        return repr(found) if isinstance(found, str) else str(found)
    if isinstance(value, (Text, Filled)):
        return value(lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(format(shown(v, lang)) for v in value)
    return value


def plain_value(value: Any, lang: str) -> Any:
    """A value as JSON-ready data: Decimals and numbers as they are, words in `lang`; a
    catalogue word without values (a status, an applicant kind) as its code."""
    if isinstance(value, Msg) and not value.values:
        return value.code
    if isinstance(value, Given):
        return plain_value(value.value, lang)
    if isinstance(value, (Msg, Text, Filled)) or hasattr(value, "render"):
        return render(value, lang)
    if isinstance(value, bool) or value is None or isinstance(value, (int, Decimal, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return [plain_value(v, lang) for v in items]
    return str(value)


def default_lang() -> str:
    """zh when the locale says Chinese (LC_ALL, LC_MESSAGES, LANG), else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
