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
        """The latest 1-year LPR announced on or before `day` (None before the first);
        looked up once per day (a batch's loans share a few hundred issue dates)."""
        memo = self._memo()
        if day in memo:
            return memo[day]
        announced = memo.get("announced")
        if announced is None:
            announced = memo["announced"] = [v.announced for v in self.lpr]
        index = bisect_right(announced, day)
        found = None
        if index:
            value = self.lpr[index - 1]
            found = LprLookup(value.rate, value.announced, stale=day > self.lpr_verified_through)
        if len(memo) < 4096:
            memo[day] = found
        return found
