"""Warnings about the client's facts themselves: raised in one module, their thresholds data."""

from __future__ import annotations

from datetime import date

import pytest

import ipcalc
from ipcalc import fact_warnings


def codes(result) -> list[str]:
    return [w["code"] for w in result.to_dict()["warnings"]]


def test_a_fact_dated_after_the_estimate_is_said_by_its_threshold(monkeypatch: pytest.MonkeyPatch):
    profile = {"region": "xiangzhou", "insurance": [{"premium": 10000, "date": "2025-07-10"}]}
    assert "warn_future_fact" in codes(ipcalc.estimate(profile, as_of="2025-06-30"))
    fact_warnings.threshold("future_fact_days")  # read the data file once
    monkeypatch.setitem(fact_warnings._THRESHOLDS, "future_fact_days", 30)  # ten days late: within
    assert "warn_future_fact" not in codes(ipcalc.estimate(profile, as_of="2025-06-30"))


def test_an_estimate_dated_after_today_is_a_projection():
    assert fact_warnings.future_estimate(date(2030, 1, 1), date(2026, 12, 6)) is not None
    assert fact_warnings.future_estimate(date(2026, 12, 6), date(2026, 12, 6)) is None
    assert {"future_fact_days", "future_estimate_days"} <= set(
        fact_warnings._THRESHOLDS or {fact_warnings.threshold("future_fact_days"): 0} and fact_warnings._THRESHOLDS
    )
