"""Ningxia (13条措施, 征求意见稿): the words, caps and warnings its cases file
(policies/ningxia.cases.toml) cannot check; amounts worked out by hand in the comments."""

from __future__ import annotations

from conftest import D, items, only, run

N = {"region": "ningxia"}


def test_every_result_carries_the_draft_warning():
    est = run(N)
    assert est.policies[0].status == "draft"
    assert any("draft for comment" in w for w in est.warnings)


def test_enterprise_title_at_a_level_not_paid():
    # Measure 1 pays the demonstration title only at national level: a provincial one is
    # ineligible, with the reason.
    est = run({**N, "titles": [{"title": "ip_demonstration_enterprise", "level": "provincial"}]})
    item = only(est, "enterprise_title")
    assert (item.status, item.amount) == ("ineligible", D(0))
    assert "only at national level" in item.note


def test_foreign_patents_and_trademarks():
    # Measure 1: 2万元 per invention patent granted abroad (3 -> 60,000);
    # 1万元 per trademark registered abroad (2 -> 20,000).
    est = run({**N, "foreign_invention_patents": 3, "foreign_trademarks": 2})
    assert only(est, "foreign_patents").amount == D(60000)
    assert only(est, "foreign_trademarks").amount == D(20000)
    assert only(est, "foreign_trademarks").basis == "2 × 10,000"


def test_tech_transfer_sums_the_year():
    # Measure 5: 5% of the year's implemented deals (licence, transfer, equity):
    # 2024: (1,200,000 + 800,000) x 5% = 100,000. A 2024 deal not implemented is left out
    # of the sum and shown ineligible.
    est = run(
        {
            **N,
            "inbound_deals": [
                {"amount": 1200000, "mode": "licence", "implemented": True, "date": "2024-04-15"},
                {"amount": 800000, "mode": "equity", "implemented": True, "date": "2024-10-10"},
                {"amount": 500000, "mode": "purchase", "implemented": False, "date": "2024-11-01"},
            ],
        }
    )
    year, loose = items(est, "tech_transfer")
    assert (year.amount, year.basis, year.fact) == (D(100000), "5% × (1,200,000 + 800,000)", "inbound_deals[0,1] 2024")
    assert (loose.status, loose.amount, loose.fact) == ("ineligible", D(0), "inbound_deals[2]")


def test_pledge_interest_lpr_and_pledge_share():
    # Measure 7: principal x pledge share x latest 1-year LPR on or before issue x months/12.
    # Issued 2024-03-01: latest LPR was 3.45% (announced 2023-08-21).
    # 5,000,000 x 60% x 3.45% x 12/12 = 103,500. The loan's own 3.65% gives interest due of
    # 182,500, which does not bind.
    loan = {"principal": 5000000, "issued": "2024-03-01", "months": 12, "rate": D("0.0365"), "pledge_share": D("0.6"), "repaid": True}
    item = only(run({**N, "loans": [loan]}), "pledge_interest")
    assert item.basis == "60% × 3.45% × 5,000,000 × 12/12"
    assert (item.amount, item.status) == (D(103500), "eligible")
    assert "announced 2023-08-21" in item.note


def test_pledge_interest_at_most_one_year():
    # Measure 7: 贴息期限最长一年: a 24-month loan is subsidised for 12 months:
    # 2,000,000 x 100% x 3.45% x 12/12 = 69,000 (pledge_share not given: 1, with a note).
    loan = {"principal": 2000000, "issued": "2024-03-01", "months": 24, "repaid": True}
    item = only(run({**N, "loans": [loan]}), "pledge_interest")
    assert item.amount == D(69000)
    assert "12 of 24 months" in item.note and "IP share of the collateral not given: taken as 100%" in item.note


def test_pledge_interest_needs_repayment():
    # Measure 7: 在完成偿贷还息后 -> a loan not yet repaid is ineligible, saying so.
    item = only(run({**N, "loans": [{"principal": 1000000, "months": 12}]}), "pledge_interest")
    assert (item.status, item.amount) == ("ineligible", D(0))
    assert "repaid" in item.note


def test_pledge_interest_bounded_by_interest_due():
    # 1,000,000 x 100% x 3.45% = 34,500, but the loan's rate is 2%: due 20,000 -> capped.
    loan = {"principal": 1000000, "issued": "2024-03-01", "months": 12, "rate": D("0.02"), "pledge_share": 1, "repaid": True}
    item = only(run({**N, "loans": [loan]}), "pledge_interest")
    assert (item.uncapped, item.amount, item.status) == (D(34500), D(20000), "capped")


def test_pledge_interest_before_the_first_lpr():
    # No LPR existed before 2019-08-20: the item is ineligible and asks for a rate.
    item = only(run({**N, "loans": [{"principal": 1000000, "issued": "2019-06-01", "months": 12, "repaid": True}]}), "pledge_interest")
    assert item.status == "ineligible" and "(the first was on 2019-08-20): give the rate to use" in item.note


def test_pledge_interest_with_lpr_override():
    # --lpr 0.03: 1,000,000 x 3% x 12/12 = 30,000, whatever the date.
    est = run({**N, "loans": [{"principal": 1000000, "issued": "2019-06-01", "months": 12, "repaid": True, "pledge_share": 1}]}, lpr="0.03")
    item = only(est, "pledge_interest")
    assert item.amount == D(30000) and "1-year LPR 3.00%, as given for this estimate" in item.note


def test_priority_examination_only_for_srdi():
    assert only(run({**N, "srdi": True}), "priority_examination").status == "qualitative"
    assert not items(run(N), "priority_examination")
