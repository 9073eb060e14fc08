"""Reference lending rates: the PBoC benchmark by tenor and the 1-year LPR by date."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal

from .i18n import Text
from .record import Record


class Tenor(Record):
    max_months: int | None  # None: no upper bound
    rate: Decimal
    label: Text


class LprValue(Record):
    announced: date
    rate: Decimal
    source: str


class LprLookup(Record):
    """The LPR a loan takes, and whether it was past the verified data or overridden."""

    rate: Decimal
    announced: date | None  # None when given by --lpr
    stale: bool = False


class Rates(Record):
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
