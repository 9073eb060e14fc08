"""Reference rates: the benchmark by tenor and the 1-year LPR by announcement date."""

from __future__ import annotations

import datetime as dt

from conftest import EXAMPLES, D, lib, only, run

import ipcalc


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_benchmark_by_tenor():
    rates = lib().rates
    assert rates.benchmark_from == day("2015-10-24")
    assert [rates.benchmark_for(m).rate for m in (1, 12, 13, 60, 61, 360)] == [
        D("0.0435"),
        D("0.0435"),
        D("0.0475"),
        D("0.0475"),
        D("0.0490"),
        D("0.0490"),
    ]


def test_lpr_before_the_reform_is_none():
    assert lib().rates.lpr_on(day("2019-08-19")) is None


def test_lpr_takes_the_value_announced_on_or_before_the_date():
    rates = lib().rates
    cases = {
        "2019-08-20": "0.0425",  # the first reformed LPR, on its announcement day
        "2019-09-19": "0.0425",
        "2019-09-20": "0.0420",
        "2020-04-20": "0.0385",
        "2021-12-19": "0.0385",
        "2022-08-22": "0.0365",  # announced Monday 22 August (the 20th was a Saturday)
        "2023-08-20": "0.0355",
        "2023-08-21": "0.0345",
        "2024-10-20": "0.0335",
        "2024-10-21": "0.0310",
        "2025-05-19": "0.0310",
        "2025-05-20": "0.0300",
        "2026-06-22": "0.0300",
    }
    for date, rate in cases.items():
        found = rates.lpr_on(day(date))
        assert found is not None and found.rate == D(rate), date
        assert not found.stale, date


def test_lpr_past_the_bundled_data_is_flagged():
    found = lib().rates.lpr_on(day("2026-09-01"))
    assert found is not None
    assert (found.rate, found.announced, found.stale) == (D("0.0300"), day("2025-05-20"), True)


def test_estimate_warns_when_a_loan_is_past_the_bundled_lpr():
    # A loan issued after the verified data takes the newest value (3.00%) with a warning
    # naming the dates: 1,000,000 x 3.00% x 12/12 = 30,000.
    loan = {"principal": 1000000, "issued": "2026-09-01", "months": 12, "repaid": True, "pledge_share": 1}
    est = run({"region": "ningxia", "loans": [loan]}, as_of="2026-11-23")
    assert only(est, "pledge_interest").amount == D(30000)
    warning = next(w for w in est.warnings if "LPR" in w)
    assert "2026-06-22" in warning and "2025-05-20" in warning and warning.endswith("until a newer rate is known")


def test_every_lpr_value_has_a_source():
    rates = lib().rates
    assert all(v.source for v in rates.lpr)
    assert rates.lpr_verified_source and rates.benchmark_source


def test_a_loan_issued_before_the_benchmark_came_into_force_is_warned_of():
    # Xiangzhou measure 9 takes the PBoC benchmark (4.35% up to a year, in force since
    # 2015-10-24); a loan issued 2015-10-10 took whatever rate was in force then.
    loan = {"principal": 1000000, "issued": "2015-10-10", "months": 12}
    est = run({"region": "xiangzhou", "loans": [loan]}, as_of="2016-06-30")
    warning = next(w for w in est.warnings if "benchmark" in w)
    assert warning.startswith("loan #1: issued 2015-10-10, before the PBoC benchmark rate used came into force (2015-10-24)")
    later = run({"region": "xiangzhou", "loans": [{**loan, "issued": "2015-10-24"}]}, as_of="2016-06-30")
    assert not [w for w in later.warnings if "benchmark" in w]


def test_an_lpr_of_a_day_after_the_estimate_is_warned_of():
    # Fujian takes December's LPR of the repayment year: repaid 2025-03-01, estimated at
    # 2025-06-30, the rate is December 2025's, not yet announced on 2025-06-30.
    library = ipcalc.load_library([str(EXAMPLES / "policies" / "fujian")])
    loan = {"principal": 3000000, "months": 12, "issued": "2024-03-01", "rate": D("0.04"), "repaid": True, "repaid_on": "2025-03-01"}
    result = ipcalc.estimate({"region": "fujian", "loans": [loan]}, as_of="2025-06-30", library=library)
    codes = [w["code"] for w in result.to_dict()["warnings"]]
    assert "warn_lpr_after_as_of" in codes
    earlier = ipcalc.estimate({"region": "fujian", "loans": [{**loan, "repaid_on": "2024-03-01"}]}, as_of="2025-06-30", library=library)
    assert "warn_lpr_after_as_of" not in [w["code"] for w in earlier.to_dict()["warnings"]]
