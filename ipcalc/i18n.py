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
from .money import Money, wan_digits
from .record import Record

LANGS = ("en", "zh")


class Locale(str):
    """A reader: the language (the string itself, "en" or "zh") and the unit amounts are
    read in (`unit`: "yuan" or "wan"). Wherever a language is passed, a Locale may be: every
    sentence is then in its language, and every amount inside one in its unit (8万元)."""

    __slots__ = ("unit",)
    unit: str

    def __new__(cls, lang: str, unit: str = "yuan") -> Locale:
        found = super().__new__(cls, lang)
        found.unit = unit
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (Locale, (str(self), self.unit))


def keeps_codes(lang: str) -> bool:
    """Whether output in `lang` keeps ipcalc's codes where a script reads them (CSV statuses,
    policy ids, reading ids, the unit): English does, the codes being English words; Chinese
    shows the words instead. (Scripts read `--lang en` or JSON.)"""
    return lang == "en"


def unit_of(lang: str) -> str:
    """The unit a reader reads amounts in ("yuan" unless a Locale says otherwise)."""
    return getattr(lang, "unit", "yuan")


#: an amount written in a policy's text (`{yuan:400000}`), shown in the reader's unit
_YUAN = "{yuan:"


class Text(Record):
    """Text in English and Chinese, from data. An amount in it may be written `{yuan:400000}`:
    it is shown as 400,000, or in wan (40 wan, 40万元) to a reader of wan."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        text = self.zh if lang == "zh" else self.en
        if _YUAN not in text:
            return text
        key = (text, str(lang), unit_of(lang))
        found = _SHOWN.get(key)
        if found is None:
            if len(_SHOWN) >= 4096:
                _SHOWN.clear()
            found = _SHOWN[key] = _amounts(text, lang)
        return found


#: texts with amounts, as shown to a reader (text, language, unit) -> shown: a batch shows
#: the same policy notes in every record
_SHOWN: dict[tuple[str, str, str], str] = {}


def _amounts(text: str, lang: str) -> str:
    """`{yuan:400000}` in a text, each shown in the reader's unit."""
    from .money import Amount

    out, rest = [], text
    while _YUAN in rest:
        before, _, after = rest.partition(_YUAN)
        number, brace, rest = after.partition("}")
        value = yuan_number(number)
        if value is None:  # not an amount (`policies check` says so): shown as written
            out.append(before + _YUAN + number + brace)
            continue
        out.append(before + format(shown(Amount(value), lang)))
    return "".join(out) + rest


def yuan_number(written: str) -> Any:
    """The amount written in `{yuan:...}` (digits, commas between them, at most two decimals,
    under a trillion), or None: never NaN, infinity or 1e28."""
    import re
    from decimal import Decimal

    plain = written.strip().replace(",", "")
    if not re.fullmatch(r"[0-9]{1,12}(\.[0-9]{1,2})?", plain):
        return None
    return Decimal(plain)


def yuan_mistakes(text: str) -> list[str]:
    """What is written in each `{yuan:...}` of a text that is not an amount (for checks)."""
    found = []
    rest = text
    while _YUAN in rest:
        _, _, after = rest.partition(_YUAN)
        number, brace, rest = after.partition("}")
        if not brace or yuan_number(number) is None:
            found.append(number)
    return found


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
    """A value from the user's input inside a sentence: its words where it names something
    (`word`: a choice, a level, a title), else as it is written there ('purchase', 3), yes or
    no, or "not given"; JSON data gets the value itself."""

    __slots__ = ("value", "word")

    def __init__(self, value: Any, word: Text | None = None):
        self.value = value
        self.word = word

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Given) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Given({self.value!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Given, (self.value, self.word))


class Seq(Record):
    """Several values joined by a word of the catalogue (`sep`: "sep_and", "sep_or")."""

    items: tuple[Any, ...]
    sep: str

    def render(self, lang: str) -> str:
        return Msg(self.sep, {}).render(lang).join(format(shown(v, lang)) for v in self.items)


class Clause(str):
    """A clause of a policy in a sentence: a number reads "clause 9" / 第9条, a label (三(一)2,
    商标国际注册) is shown as it is. As data (JSON), the clause itself."""

    __slots__ = ()

    def render(self, lang: str) -> str:
        code = "clause_numbered" if self.isdigit() else "clause_named"
        return Msg(code, {"n": str(self)}).render(lang)


class FactRef(Record):
    """A fact of the profile in a sentence: "loan #2" / 贷款 #2; as data, its path
    (`loans[1]`)."""

    path: str
    noun: Text
    number: int

    def render(self, lang: str) -> str:
        return Msg("fact_ref", {"noun": self.noun, "n": self.number}).render(lang)


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

    def key(self) -> object:
        """What makes two messages the same, hashable: the code and the values (their
        repr where a value cannot be hashed, a list). For de-duplicating and caching."""
        values = self.values
        if not values:
            return self.code
        key = (self.code, tuple(sorted(values.items(), key=_first)))
        try:
            hash(key)
        except TypeError:
            return (self.code, repr(key[1]))
        return key


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


#: what a problem or a reason says: a Msg, or plain text (as data gives it)
Message = Msg | str


def msg(code: str, **values: Any) -> Msg:
    return Msg(code, values)


def render(message: object, lang: str) -> str:
    """A Msg, a Text or plain text, in `lang`."""
    if isinstance(message, Text):
        return message(lang)
    if isinstance(message, Msg) or hasattr(message, "render"):
        return message.render(lang)
    if isinstance(message, Filled):
        return message(lang)
    return str(message)


def t(code: str, lang: str, **values: Any) -> str:
    """Shorthand: the catalogue entry `code` filled with `values`, in `lang`."""
    return Msg(code, values).render(lang)


#: money in yuan in a sentence, by language (English, Chinese): read once, used for every amount
_YUAN_TEMPLATES = entry("money_yuan")


#: bidirectional controls: U+202E makes "exe.txt" read "txt.exe"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown_safely(value: str) -> str:
    """Untrusted text (a file or folder name, a value from input) as it is said anywhere: each
    control character written as an escape (`\\x1b`, `\\u202e`), so that a name cannot move
    a terminal's cursor, colour what follows or reverse it. The one escaping of text said in
    a sentence, in every output (terminal, Markdown, CSV, JSON, workbook)."""
    if not has_controls(value):
        return value
    return "".join(c.encode("unicode_escape").decode("ascii") if has_controls(c) else c for c in value)


def has_controls(value: str, allowed: str = "") -> bool:
    """Whether text holds a control character (C0 but `allowed`, DEL, C1) or a
    bidirectional control."""
    if value.isprintable():  # the common case, in C: no control character of any kind
        return False
    return any((ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in _BIDI) and c not in allowed for c in value)


def shown(value: Any, lang: str) -> Any:
    """A value ready for a template: words in `lang`; numbers keep their type's format, but
    money carries its unit in Chinese (80,000元) and is in wan to a reader of wan (8万元);
    text with control characters (a folder's name) escaped (see `shown_safely`)."""
    kind = type(value)
    if kind is int:
        return value
    if kind is str:  # most values: shown as they are
        return value if value.isprintable() else shown_safely(value)
    if isinstance(value, Money):
        if unit_of(lang) == "wan":
            return Msg("money_wan", {"n": wan_digits(value)}).render(lang)
        return _YUAN_TEMPLATES[lang == "zh"].format(n=format(value))
    if isinstance(value, Msg) or hasattr(value, "render"):  # a Msg, a Seq, a result.Basis
        return value.render(lang)
    if isinstance(value, Given):
        found = value.value
        if value.word is not None:
            return value.word(lang)
        if found is None:
            return Msg("not_given", {}).render(lang)
        if isinstance(found, bool):
            return Msg("given_true" if found else "given_false", {}).render(lang)
        if isinstance(found, Decimal) and abs(found) >= 1000:  # an amount: 200,000,000
            return f"{found:,}"
        return repr(found) if isinstance(found, str) else str(found)
    if isinstance(value, (Text, Filled)):
        return value(lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return Msg("sep_list", {}).render(lang).join(format(shown(v, lang)) for v in value)
    return value


def plain_value(value: Any, lang: str) -> Any:
    """A value as JSON-ready data: Decimals and numbers as they are, words in `lang`; a
    catalogue word without values (a status, an applicant kind) as its code."""
    if isinstance(value, Msg) and not value.values:
        return value.code
    if isinstance(value, Clause):
        return str(value)
    if isinstance(value, FactRef):
        return value.path
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
