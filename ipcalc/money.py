"""Exact money: `Decimal` from input to output, rounded half-up to the fen once per item.

Arithmetic runs in `CONTEXT` (60 significant digits). Inputs are bounded (`MAX_MONEY`), so
every product and quotient the rules form is exact or rounded far below the fen before the
one explicit rounding in `to_fen`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)
FEN = Decimal("0.01")
ZERO = Decimal("0.00")  # zero, written as an amount
ONE = Decimal(1)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

#: The largest amount of money accepted anywhere (10^15 yuan). Stated in error messages.
MAX_MONEY = Decimal(10) ** 15
MAX_MONEY_TEXT = "10^15 yuan"


def to_fen(value: Decimal) -> Decimal:
    """Round half-up to 0.01: the one rounding each item gets, after its caps."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP, context=CONTEXT)


def mul(*values: Decimal) -> Decimal:
    result = ONE
    for v in values:
        result = CONTEXT.multiply(result, v)
    return result


def div(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.divide(a, b)


def plain(value: Decimal) -> str:
    """The Decimal's own digits, never exponent notation: JSON numbers, CSV cells."""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.00") else text


def trimmed(value: Decimal) -> str:
    """Digits without trailing zeros after the point: 0.0435 -> '0.0435', 400000 -> '400000'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def grouped(value: Decimal) -> str:
    """Thousands separators, as given: 3000000 -> '3,000,000'; 40000.50 -> '40,000.50'."""
    return format(value, ",f")


def amount_text(value: Decimal) -> str:
    """An amount for people: grouped, two decimals only when there are fen."""
    if value == value.to_integral_value():
        return format(value.quantize(ONE), ",f")
    return format(to_fen(value), ",f")


def percent(rate: Decimal) -> str:
    """0.0435 -> '4.35%'; 0.5 -> '50%'."""
    return trimmed(CONTEXT.multiply(rate, HUNDRED)) + "%"


def exact_text(value: Decimal) -> str:
    """An exact intermediate for people: at least 2 decimals, at most 6, '…' if it goes on."""
    text = trimmed(value)
    whole, _, frac = text.partition(".")
    grouped_whole = format(Decimal(whole), ",f") if whole not in ("", "-") else whole
    if len(frac) <= 2:
        return f"{grouped_whole}.{frac.ljust(2, '0')}"
    if len(frac) <= 6:
        return f"{grouped_whole}.{frac}"
    return f"{grouped_whole}.{frac[:6]}…"


def rate_percent(rate: Decimal) -> str:
    """A reference rate, as banks quote it: 0.031 -> '3.10%'; 0.0435 -> '4.35%'."""
    value = CONTEXT.multiply(rate, HUNDRED)
    text = trimmed(value)
    decimals = len(text.partition(".")[2])
    return (text if decimals >= 2 else format(value.quantize(FEN), "f")) + "%"


def display_amount(value: Decimal, unit: str = "yuan") -> str:
    """An amount for people in its unit: yuan as `amount_text`; wan (10,000 yuan) with the
    digits it needs to stay exact (1,490,250 yuan = 149.025 wan, never rounded)."""
    if unit == "yuan":
        return amount_text(value)
    return format(Decimal(trimmed(value)), ",f")


# ------------------------------------------------------------------ values that know how they look
#
# The engine hands out plain numbers wrapped in these Decimal subclasses, so that a sentence
# template (i18n) shows each the way people expect without the engine choosing any words.
# They are still Decimals: arithmetic, comparisons and the JSON writer treat them as such.


class Money(Decimal):
    """Money inside a sentence. In a sentence for a reader who reads amounts in wan (万元),
    it is shown in wan with the unit's word: 8万元, 8 wan (see `i18n.shown`)."""

    __slots__ = ()


def wan_digits(value: Decimal) -> str:
    """An amount in wan, exactly: 80,000 -> '8'; 1,490,250 -> '149.025'; an exact
    intermediate as such (39,583.333… -> '3.958333…')."""
    shown = value / TEN_THOUSAND
    if isinstance(value, Exact):
        return exact_text(shown)
    return display_amount(shown, "wan")


class Amount(Money):
    """Money shown to people: 40,000; 40,000.50."""

    __slots__ = ()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return amount_text(self) if not spec else Decimal.__format__(self, spec)


class Grouped(Money):
    """A number with thousands separators, its digits as given: 3,000,000; 40,000.50."""

    __slots__ = ()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return grouped(Decimal(self)) if not spec else Decimal.__format__(self, spec)


class Percent(Decimal):
    """A share: 50%, 4.35%."""

    __slots__ = ()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return percent(self) if not spec else Decimal.__format__(self, spec)


class Rate(Decimal):
    """A rate as banks quote it: 3.10%, 4.35%."""

    __slots__ = ()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return rate_percent(self) if not spec else Decimal.__format__(self, spec)


class Exact(Money):
    """An exact intermediate: 100,000.01; 9,062.509062…"""

    __slots__ = ()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return exact_text(self) if not spec else Decimal.__format__(self, spec)
