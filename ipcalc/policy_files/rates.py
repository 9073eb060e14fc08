"""Reading rates.toml: the PBoC benchmark rates by tenor and the 1-year LPR history, each
with its source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..checks import Invalid, check_count, check_date, check_fraction, describe
from ..errors import ProblemList
from ..i18n import Text, msg
from ..rates import LprValue, Rates, Tenor
from ..toml_reader import Reader, plain_text
from ..toml_reader import text as non_empty_text


def _rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected_rate", got=describe(value)))
    return check_fraction(value)


def _day(value: Any) -> date:
    return check_date(value, from_text=False)


def read_rates(data: dict, *, source: str, text: str) -> Rates:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    bench = top.table("benchmark")
    since = bench.take("in_force_from", _day, required=True)
    bench_source = bench.take("source", non_empty_text, required=True)
    tenors: list[Tenor] = []
    for t in bench.entries("tenors"):
        months = t.take("max_months", lambda v: check_count(v, minimum=1, maximum=1200))
        rate = t.take("rate", _rate, required=True)
        label = t.take("label", _label, required=True)
        t.finish()
        if rate is not None and label is not None:
            tenors.append(Tenor(months, rate, label))
    bench.finish()
    if not tenors or tenors[-1].max_months is not None:
        problems.add("benchmark.tenors", msg("last_tenor_open"))
    bounds = [t.max_months for t in tenors[:-1]]
    if any(b is None for b in bounds) or bounds != sorted(bounds):  # type: ignore[type-var]
        problems.add("benchmark.tenors", msg("tenors_order"))

    lpr = top.table("lpr_1y")
    verified = lpr.take("verified_through", _day, required=True)
    verified_source = lpr.take("verified_source", non_empty_text, required=True)
    values: list[LprValue] = []
    for v in lpr.entries("values"):
        announced = v.take("announced", _day, required=True)
        rate = v.take("rate", _rate, required=True)
        src = v.take("source", non_empty_text, required=True)
        v.finish()
        if announced and rate is not None and src:
            values.append(LprValue(announced, rate, src))
    lpr.finish()
    top.finish()
    if not values:
        problems.add("lpr_1y.values", msg("lpr_values_needed"))
    days = [v.announced for v in values]
    if days != sorted(days) or len(set(days)) != len(days):
        problems.add("lpr_1y.values", msg("lpr_order"))
    if values and verified and verified < values[-1].announced:
        problems.add("lpr_1y.verified_through", msg("verified_before_newest"))
    problems.raise_if_any()
    return Rates(since, bench_source, tuple(tenors), tuple(values), verified, verified_source)


def _label(value: Any) -> Text:
    if isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v for v in value.values()):
        return Text(plain_text(value["en"]), plain_text(value["zh"]))
    raise Invalid(msg("expected_bilingual", got=describe(value)))
