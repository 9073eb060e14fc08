"""Value checks shared by the profile and policy loaders.

Each `check_*` returns the clean value, or raises `Invalid` with a message that says what was
found and what is allowed. Callers attach the field path and collect every problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .i18n import Msg, has_controls, msg
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
