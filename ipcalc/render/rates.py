"""`ipcalc rates`: the reference rates with their sources, as text or as a JSON document."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..money import Rate, rate_percent
from ..rates import Rates
from ..record import Record
from .lines import write_lines
from .listings import columns

if TYPE_CHECKING:
    from .formats import Output


class RatesShown(Record):
    """`ipcalc rates`: the rates, the day asked about (`--on`), in a language."""

    rates: Rates
    day: date | None
    lang: str


def write_text(shown: RatesShown, output: Output) -> None:
    write_lines(rates_lines(shown.rates, shown.day, shown.lang), output.stream)


def write_json(shown: RatesShown, output: Output) -> None:
    from .json_writer import dumps

    output.stream.write(dumps(rates_document(shown.rates, shown.day, shown.lang), indent=2) + "\n")


def rates_document(rates: Rates, day: date | None, lang: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "benchmark": {
            "in_force_from": rates.benchmark_from.isoformat(),
            "source": rates.benchmark_source,
            "tenors": [{"max_months": x.max_months, "rate": x.rate, "label": x.label(lang)} for x in rates.tenors],
        },
        "lpr_1y": {
            "verified_through": rates.lpr_verified_through.isoformat(),
            "verified_source": rates.lpr_verified_source,
            "values": [{"announced": v.announced.isoformat(), "rate": v.rate, "source": v.source} for v in rates.lpr],
        },
    }
    if day is not None:
        found = rates.lpr_on(day)
        doc["on"] = {
            "date": day.isoformat(),
            "lpr_1y": found.rate if found else None,
            "announced": found.announced.isoformat() if found and found.announced else None,
            "past_verified_data": bool(found and found.stale),
        }
    return doc


def rates_lines(rates: Rates, day: date | None, lang: str) -> list[str]:
    lines = [t("rates_benchmark", lang), "  " + t("rates_benchmark_since", lang, day=rates.benchmark_from, source=rates.benchmark_source), ""]
    lines += ["  " + row for row in columns([[x.label(lang), rate_percent(x.rate)] for x in rates.tenors], right=(1,))]
    lines += ["", t("rates_lpr", lang)]
    rows = [[t("rates_announced", lang), t("rates_rate", lang), t("rates_source", lang)]]
    rows += [[v.announced.isoformat(), rate_percent(v.rate), v.source] for v in rates.lpr]
    lines += ["  " + row for row in columns(rows, right=(1,))]
    lines += ["", "  " + t("rates_verified", lang, day=rates.lpr_verified_through, source=rates.lpr_verified_source)]
    if day is not None:
        found = rates.lpr_on(day)
        if found is None:
            lines += ["", t("rates_on_none", lang, day=day, first=rates.lpr[0].announced)]
        else:
            code = "rates_on_stale" if found.stale else "rates_on"
            lines += ["", t(code, lang, day=day, rate=Rate(found.rate), announced=found.announced)]
    return lines
