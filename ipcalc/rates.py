"""Reference lending rates: the PBoC benchmark by tenor and the 1-year LPR by date."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .checks import Invalid, check_count, check_date, check_fraction, describe
from .errors import ProblemList
from .policy import Reader, Text, _table_list, _text


class Tenor(NamedTuple):
    max_months: int | None  # None: no upper bound
    rate: Decimal
    label: Text


class LprValue(NamedTuple):
    announced: date
    rate: Decimal
    source: str


class LprLookup(NamedTuple):
    """The LPR a loan takes, and whether it was past the verified data or overridden."""

    rate: Decimal
    announced: date | None  # None when given by --lpr
    stale: bool = False


class Rates(NamedTuple):
    benchmark_from: date
    benchmark_source: str
    tenors: tuple[Tenor, ...]
    lpr: tuple[LprValue, ...]
    lpr_verified_through: date
    lpr_verified_source: str

    def benchmark_for(self, months: int) -> Tenor:
        for tenor in self.tenors:
            if tenor.max_months is None or months <= tenor.max_months:
                return tenor
        return self.tenors[-1]

    def lpr_on(self, day: date) -> LprLookup | None:
        """The latest 1-year LPR announced on or before `day` (None before the first)."""
        index = bisect_right([v.announced for v in self.lpr], day)
        if index == 0:
            return None
        value = self.lpr[index - 1]
        return LprLookup(value.rate, value.announced, stale=day > self.lpr_verified_through)

    @property
    def newest_lpr(self) -> LprValue:
        return self.lpr[-1]


def _rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(f"expected a rate such as 0.0435, got {describe(value)}")
    return check_fraction(value)


def _day(value: Any) -> date:
    return check_date(value, from_text=False)


def read_rates(data: dict, *, source: str, text: str) -> Rates:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    bench = Reader(top.raw("benchmark"), "benchmark", problems, text)
    since = bench.take("in_force_from", _day, required=True)
    bench_source = bench.take("source", _text, required=True)
    tenors: list[Tenor] = []
    for index, value in enumerate(_table_list(bench, "tenors")):
        t = Reader(value, f"benchmark.tenors[{index}]", problems, text)
        months = t.take("max_months", lambda v: check_count(v, minimum=1, maximum=1200))
        rate = t.take("rate", _rate, required=True)
        label = t.take("label", _label, required=True)
        t.finish()
        if rate is not None and label is not None:
            tenors.append(Tenor(months, rate, label))
    bench.finish()
    if not tenors or tenors[-1].max_months is not None:
        problems.add("benchmark.tenors", "the last tenor must have no max_months (it covers every longer loan)")
    bounds = [t.max_months for t in tenors[:-1]]
    if any(b is None for b in bounds) or bounds != sorted(bounds):  # type: ignore[type-var]
        problems.add("benchmark.tenors", "tenors must be in increasing max_months order")

    lpr = Reader(top.raw("lpr_1y"), "lpr_1y", problems, text)
    verified = lpr.take("verified_through", _day, required=True)
    verified_source = lpr.take("verified_source", _text, required=True)
    values: list[LprValue] = []
    for index, value in enumerate(_table_list(lpr, "values")):
        v = Reader(value, f"lpr_1y.values[{index}]", problems, text)
        announced = v.take("announced", _day, required=True)
        rate = v.take("rate", _rate, required=True)
        src = v.take("source", _text, required=True)
        v.finish()
        if announced and rate is not None and src:
            values.append(LprValue(announced, rate, src))
    lpr.finish()
    top.finish()
    if not values:
        problems.add("lpr_1y.values", "at least one LPR value is needed")
    days = [v.announced for v in values]
    if days != sorted(days) or len(set(days)) != len(days):
        problems.add("lpr_1y.values", "values must be in increasing date order, one per date")
    if values and verified and verified < values[-1].announced:
        problems.add("lpr_1y.verified_through", "is before the newest value's announcement")
    problems.raise_if_any()
    return Rates(since, bench_source, tuple(tenors), tuple(values), verified, verified_source)


def _label(value: Any) -> Text:
    if isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v for v in value.values()):
        return Text(value["en"], value["zh"])
    raise Invalid(f"expected {{ en = \"...\", zh = \"...\" }}, got {describe(value)}")
