"""Ningxia (13条措施, 征求意见稿), rule by rule, amounts worked out by hand in the comments."""

from __future__ import annotations

from conftest import D, items, only, run, total

N = {"region": "ningxia"}


def test_every_result_carries_the_draft_warning():
    est = run(N)
    assert est.policies[0].status == "draft"
    assert any("draft for comment" in w for w in est.warnings)


def test_draft_has_no_dates_so_any_date_counts():
    # No dates in the text: a title granted in 2019 and an estimate in 2030 both count.
    est = run({**N, "titles": [{"title": "ip_advantage_enterprise", "date": "2019-01-01"}]}, as_of="2030-01-01")
    assert only(est, "enterprise_title").status == "eligible"


def test_enterprise_titles_stack():
    # Measure 1: 国家知识产权示范企业 20万元, 优势企业 15万元, 自治区培优试点企业 10万元.
    # No anti-duplication rule in the text: all three are paid, 450,000.
    est = run(
        {
            **N,
            "titles": [
                {"title": "ip_demonstration_enterprise", "level": "national"},
                {"title": "ip_advantage_enterprise", "level": "national"},
                {"title": "ip_cultivation_pilot_enterprise", "level": "regional"},
            ],
        }
    )
    assert [i.amount for i in items(est, "enterprise_title")] == [D(200000), D(150000), D(100000)]
    assert total(est, "ningxia") == D(450000)


def test_enterprise_title_at_a_level_not_paid():
    # Measure 1 pays the demonstration title only at national level: a provincial one is
    # ineligible, with the reason.
    est = run({**N, "titles": [{"title": "ip_demonstration_enterprise", "level": "provincial"}]})
    item = only(est, "enterprise_title")
    assert (item.status, item.amount) == ("ineligible", D(0))
    assert "only at national level" in item.note


def test_china_patent_award_all_three_grades():
    # Measure 1: gold 50万元, silver 30万元 each (x2 = 600,000), excellence 10万元.
    est = run(
        {
            **N,
            "awards": [
                {"award": "china_patent_gold"},
                {"award": "china_patent_silver", "count": 2},
                {"award": "china_patent_excellence"},
            ],
        }
    )
    assert [i.amount for i in items(est, "china_patent_award")] == [D(500000), D(600000), D(100000)]


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


def test_tech_transfer_yearly_cap():
    # Measure 5: at most 100万元 a year: 25,000,000 x 5% = 1,250,000 -> 1,000,000.
    est = run({**N, "inbound_deals": [{"amount": 25000000, "mode": "purchase", "implemented": True}]})
    item = only(est, "tech_transfer")
    assert (item.uncapped, item.amount, item.status) == (D(1250000), D(1000000), "capped")


def test_tech_transfer_is_for_enterprises():
    est = run({**N, "kind": "university", "inbound_deals": [{"amount": 100000, "mode": "licence", "implemented": True}]})
    assert only(est, "tech_transfer").status == "ineligible"


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
    assert "12 of 24 months" in item.note and "pledge_share not given" in item.note


def test_pledge_interest_on_the_day_an_lpr_is_announced():
    # LPR 3.35% until 2024-10-20; 3.10% announced 2024-10-21, which a loan issued that day takes:
    # 1,000,000 x 3.35% = 33,500 and 1,000,000 x 3.10% = 31,000.
    loans = [
        {"principal": 1000000, "issued": "2024-10-20", "months": 12, "repaid": True, "pledge_share": 1},
        {"principal": 1000000, "issued": "2024-10-21", "months": 12, "repaid": True, "pledge_share": 1},
    ]
    assert [i.amount for i in items(run({**N, "loans": loans}), "pledge_interest")] == [D(33500), D(31000)]


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


def test_pledge_interest_aggregate_cap_per_enterprise():
    # Measure 7: 单户企业补助上限50万元: two loans of 10,000,000 at 3.45%: 345,000 each;
    # the second is cut to 500,000 - 345,000 = 155,000.
    loans = [{"principal": 10000000, "issued": f"2024-0{m}-01", "months": 12, "pledge_share": 1, "repaid": True} for m in (3, 4)]
    est = run({**N, "loans": loans})
    assert [(i.amount, i.status) for i in items(est, "pledge_interest")] == [(D(345000), "eligible"), (D(155000), "capped")]


def test_pledge_interest_before_the_first_lpr():
    # No LPR existed before 2019-08-20: the item is ineligible and points at --lpr.
    item = only(run({**N, "loans": [{"principal": 1000000, "issued": "2019-06-01", "months": 12, "repaid": True}]}), "pledge_interest")
    assert item.status == "ineligible" and "--lpr" in item.note


def test_pledge_interest_with_lpr_override():
    # --lpr 0.03: 1,000,000 x 3% x 12/12 = 30,000, whatever the date.
    est = run({**N, "loans": [{"principal": 1000000, "issued": "2019-06-01", "months": 12, "repaid": True, "pledge_share": 1}]}, lpr="0.03")
    item = only(est, "pledge_interest")
    assert item.amount == D(30000) and "--lpr" in item.note


def test_evaluation_fee_and_its_cap():
    # Measure 7: 90% of the evaluation fee: 30,000 -> 27,000.
    # At most 50万元 per enterprise: fees of 400,000 and 400,000 -> 360,000 then 140,000.
    est = run({**N, "loans": [{"principal": 1000000, "months": 12, "evaluation_fee": 30000}]})
    assert only(est, "evaluation_fee").amount == D(27000)
    loans = [{"principal": 9000000, "months": 12, "evaluation_fee": 400000, "issued": f"2024-0{m}-01"} for m in (1, 2)]
    est = run({**N, "loans": loans})
    assert [(i.amount, i.status) for i in items(est, "evaluation_fee")] == [(D(360000), "eligible"), (D(140000), "capped")]


def test_hosting_agency():
    # Measure 11: 考核认定的知识产权托管服务机构 20万元.
    est = run({**N, "kind": "agency", "titles": [{"title": "ip_hosting_agency"}]})
    assert only(est, "hosting_agency").amount == D(200000)


def test_priority_examination_only_for_srdi():
    assert only(run({**N, "srdi": True}), "priority_examination").status == "qualitative"
    assert not items(run(N), "priority_examination")


def test_example_profile_total():
    # examples/ningxia-srdi.toml by hand:
    #   title cultivation pilot (regional) 100,000; China Patent Silver 300,000;
    #   3 foreign patents 60,000; 2 foreign trademarks 20,000;
    #   tech transfer 2024: (1,200,000 + 800,000) x 5% = 100,000;
    #   interest: 5,000,000 x 60% x 3.45% x 12/12 = 103,500; evaluation fee 30,000 x 90% = 27,000.
    #   Total 710,500.
    import tomllib
    from decimal import Decimal

    from conftest import EXAMPLES

    data = tomllib.loads((EXAMPLES / "ningxia-srdi.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    est = run(data, as_of="2025-06-30")
    assert total(est, "ningxia") == D(710500)
