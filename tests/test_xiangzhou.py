"""Xiangzhou (襄州政发〔2023〕7号): what its cases file (policies/xiangzhou.cases.toml) cannot
say: the words of each item (basis, notes), its cap and uncapped figures, its facts. Amounts
are worked out by hand from the policy text in the comments. as_of is 2025-06-30 unless stated."""

from __future__ import annotations

from conftest import D, items, only, run, total

X = {"region": "xiangzhou"}


def test_park_titles_are_one_exclusive_group():
    # Measure 4 + 就高不重复: national demonstration 400,000 and provincial pilot 80,000 are
    # the same matter; only the higher is paid: total 400,000, the pilot is superseded.
    est = run(
        {**X, "kind": "park", "titles": [{"title": "ip_pilot_park", "level": "provincial"}, {"title": "ip_demonstration_park", "level": "national"}]}
    )
    pilot, demo = items(est, "park_title")
    assert (pilot.status, pilot.amount, pilot.uncapped) == ("superseded", D(0), D(80000))
    assert (demo.status, demo.amount) == ("eligible", D(400000))
    assert "400,000" in pilot.note and "就高不重复" in pilot.note
    assert total(est, "xiangzhou") == D(400000)


def test_patent_insurance_share_and_cap():
    # Measure 6: 25% of the premium, at most 8万元 per insured patent.
    # 40,000 x 25% = 10,000 (eligible); 400,000 x 25% = 100,000 -> capped at 80,000.
    est = run({**X, "insurance": [{"premium": 40000}, {"premium": 400000}]})
    small, large = items(est, "patent_insurance")
    assert (small.amount, small.status) == (D(10000), "eligible")
    assert (large.uncapped, large.cap, large.amount, large.status) == (D(100000), D(80000), D(80000), "capped")


def test_pledge_interest_spec_example():
    # Measure 6: 50% x benchmark 4.35% (<= 12 months) x 3,000,000 x 12/12 = 65,250.00.
    est = run({**X, "loans": [{"principal": 3000000, "months": 12, "issued": "2024-03-01"}]})
    item = only(est, "pledge_interest")
    assert item.basis == "50% × 4.35% × 3,000,000 × 12/12"
    assert (item.amount, item.status, item.cap) == (D("65250.00"), "eligible", D(400000))


def test_pledge_interest_never_exceeds_interest_due():
    # Measure 6: 50% x 4.35% x 3,000,000 = 65,250, but the loan's own rate is 2%:
    # interest due 2% x 3,000,000 x 12/12 = 60,000 -> capped at 60,000. (Issued in 2024, the
    # loan's 12 months all fall within the measures' dates.)
    est = run({**X, "loans": [{"principal": 3000000, "months": 12, "rate": D("0.02"), "issued": "2024-06-01"}]})
    item = only(est, "pledge_interest")
    assert (item.uncapped, item.cap, item.amount, item.status) == (D(65250), D(60000), D(60000), "capped")


def test_pledge_interest_aggregate_cap_per_applicant():
    # Measure 6: at most 40万元 for all loans together. Each 10,000,000 x 12 months loan:
    # 50% x 4.35% x 10,000,000 = 217,500. First (earlier) loan 217,500; the second is cut
    # to 400,000 - 217,500 = 182,500. Total 400,000.
    loans = [{"principal": 10000000, "months": 12, "issued": "2024-06-01"}, {"principal": 10000000, "months": 12, "issued": "2024-02-01"}]
    est = run({**X, "loans": loans})
    later, earlier = items(est, "pledge_interest")
    assert (earlier.amount, earlier.status) == (D(217500), "eligible")
    assert (later.uncapped, later.amount, later.status, later.cap) == (D(217500), D(182500), "capped", D(182500))
    assert "400,000" in later.note
    assert total(est, "xiangzhou") == D(400000)


def test_pledge_guarantee_fee_bounded_by_fee_and_cap():
    # Measure 6: 3% of the amount financed, never more than the fee, at most 8万元 per fee.
    # 1,000,000 x 3% = 30,000 <= fee 50,000 -> 30,000.
    # 3,000,000 x 3% = 90,000 > fee 45,000 -> 45,000 (capped by the fee).
    # 5,000,000 x 3% = 150,000, fee 200,000 -> capped at 80,000.
    est = run(
        {
            **X,
            "loans": [
                {"principal": 1000000, "months": 12, "guarantee_fee": 50000},
                {"principal": 3000000, "months": 12, "guarantee_fee": 45000},
                {"principal": 5000000, "months": 12, "guarantee_fee": 200000},
            ],
        }
    )
    got = [(i.amount, i.status, i.cap) for i in items(est, "pledge_guarantee_fee")]
    assert got == [(D(30000), "eligible", D(80000)), (D(45000), "capped", D(45000)), (D(80000), "capped", D(80000))]


def test_pledge_insurance_fee():
    # Measure 6: same reading for the insurance fee: 2,000,000 x 3% = 60,000 <= fee 70,000.
    # A loan without an insurance fee has no item.
    est = run({**X, "loans": [{"principal": 2000000, "months": 12, "insurance_fee": 70000}, {"principal": 1, "months": 1}]})
    item = only(est, "pledge_insurance_fee")
    assert (item.amount, item.status, item.fact) == (D(60000), "eligible", "loans[0]")


def test_patent_purchase():
    # Measure 7: 50% of the deal, at most 40万元. 600,000 -> 300,000; 1,000,000 -> 500,000
    # capped at 400,000. A licence is not a purchase (no item); an unimplemented purchase
    # is ineligible.
    est = run(
        {
            **X,
            "inbound_deals": [
                {"amount": 600000, "mode": "purchase", "implemented": True},
                {"amount": 1000000, "mode": "purchase", "implemented": True},
                {"amount": 900000, "mode": "licence", "implemented": True},
                {"amount": 100000, "mode": "purchase", "implemented": False},
            ],
        }
    )
    got = [(i.fact, i.amount, i.status) for i in items(est, "patent_purchase")]
    assert got == [("inbound_deals[0]", D(300000), "eligible"), ("inbound_deals[1]", D(400000), "capped"), ("inbound_deals[3]", D(0), "ineligible")]
    assert "implemented" in items(est, "patent_purchase")[2].note


def test_patent_purchase_for_universities_not_parks():
    # Measure 7 names 企事业单位: universities are covered (200,000 x 50% = 100,000), parks are not.
    deal = {"amount": 200000, "mode": "purchase", "implemented": True}
    assert only(run({**X, "kind": "university", "inbound_deals": [deal]}), "patent_purchase").amount == D(100000)
    item = only(run({**X, "kind": "park", "inbound_deals": [deal]}), "patent_purchase")
    assert (item.status, item.amount) == ("ineligible", D(0))
    assert "enterprise" in item.note and "park" in item.note


def test_university_transfer_per_year_with_cap():
    # Measure 7: 5% of the year's licences and transfers, at most 80万元 a year.
    # 2024: (6,000,000 + 14,000,000) x 5% = 1,000,000 -> capped at 800,000.
    # 2025: 2,500,000 x 5% = 125,000. Total 925,000.
    est = run(
        {
            **X,
            "kind": "university",
            "outbound_deals": [
                {"amount": 6000000, "date": "2024-03-01"},
                {"amount": 14000000, "date": "2024-11-20"},
                {"amount": 2500000, "date": "2025-04-02"},
            ],
        }
    )
    y2024, y2025 = items(est, "university_transfer")
    assert y2024.basis == "5% × (6,000,000 + 14,000,000)"
    assert (y2024.uncapped, y2024.amount, y2024.status) == (D(1000000), D(800000), "capped")
    assert (y2025.amount, y2025.status) == (D(125000), "eligible")
    assert total(est, "xiangzhou") == D(925000)


def test_china_patent_award():
    # Measure 9: 国家专利金奖 80万元 each (x2 = 1,600,000); 优秀奖 24万元. Silver is not named.
    est = run({**X, "awards": [{"award": "china_patent_gold", "count": 2}, {"award": "china_patent_excellence"}, {"award": "china_patent_silver"}]})
    gold, excellence, silver = items(est, "china_patent_award")
    assert (gold.amount, gold.basis) == (D(1600000), "2 × 800,000 (China Patent Gold Award)")
    assert excellence.amount == D(240000)
    assert (silver.status, silver.amount) == ("ineligible", D(0))
    assert "not named" in silver.note


def test_provincial_award_match():
    # Measure 9: 1:0.8 matching. Province paid 150,000 for a gold award -> 120,000;
    # an outstanding inventor award without the amount cannot be matched (ineligible).
    est = run({**X, "awards": [{"award": "provincial_patent_gold", "amount": 150000}, {"award": "provincial_outstanding_inventor"}]})
    matched, missing = items(est, "provincial_award_match")
    assert (matched.amount, matched.basis) == (D(120000), "80% × 150,000")
    assert (missing.status, missing.amount) == ("ineligible", D(0))
    assert "amount the province paid" in missing.note


def test_rights_protection_per_case_caps():
    # Measure 12: the costs, at most 8万元 per domestic case and 16万元 per foreign case.
    # domestic 120,000 -> 80,000; foreign 150,000 -> 150,000; foreign 200,000 -> 160,000.
    est = run(
        {
            **X,
            "cases": [
                {"scope": "domestic", "costs": 120000, "date": "2024-01-10"},
                {"scope": "foreign", "costs": 150000, "date": "2024-02-10"},
                {"scope": "foreign", "costs": 200000, "date": "2024-03-10"},
            ],
        }
    )
    got = [(i.amount, i.status, i.cap) for i in items(est, "rights_protection")]
    assert got == [(D(80000), "capped", D(80000)), (D(150000), "eligible", D(160000)), (D(160000), "capped", D(160000))]


def test_rights_protection_yearly_aggregate_cap():
    # Measure 12: at most 80万元 per applicant per year. Six foreign cases in 2024 at
    # 160,000 each: five fill 800,000; the sixth gets 0 (capped). A 2025 case starts afresh:
    # 100,000. Totals: 800,000 + 100,000 = 900,000.
    cases = [{"scope": "foreign", "costs": 160000, "date": f"2024-0{m}-01"} for m in range(1, 7)]
    cases.append({"scope": "foreign", "costs": 100000, "date": "2025-01-15"})
    est = run({**X, "cases": cases})
    got = [(i.amount, i.status) for i in items(est, "rights_protection")]
    assert got[:5] == [(D(160000), "eligible")] * 5
    assert got[5] == (D(0), "capped")
    assert got[6] == (D(100000), "eligible")
    assert "(2024)" in items(est, "rights_protection")[5].note
    assert total(est, "xiangzhou") == D(900000)


def test_university_cooperation_needs_three_joint_applications():
    # Measure 15: agreement + at least 3 joint invention applications -> 5万元.
    assert only(run({**X, "university_agreement": True, "joint_invention_applications": 3}), "university_cooperation").amount == D(50000)
    item = only(run({**X, "university_agreement": True, "joint_invention_applications": 1}), "university_cooperation")
    assert (item.status, item.amount) == ("ineligible", D(0))
    assert "has 1, 2 more needed" in item.note
    assert not items(run({**X, "joint_invention_applications": 5}), "university_cooperation")


def test_patent_agents():
    # Measure 17: 1万元 per agent newly qualified or recruited: 3 x 10,000 = 30,000.
    item = only(run({**X, "patent_agents": 3}), "patent_agents")
    assert (item.amount, item.basis) == (D(30000), "3 × 10,000")


def test_blacklisted_applicant_gets_nothing():
    # Measure 20: on the 失信 list -> every item ineligible, total 0, a short reason on each
    # and the clause once, in a warning; no support measure is listed.
    est = run(
        {**X, "blacklisted": True, "titles": [{"title": "ip_demonstration_enterprise", "level": "national"}], "insurance": [{"premium": 40000}]}
    )
    result = est.policies[0]
    assert result.total == D(0)
    assert {i.status for i in result.items} == {"ineligible"}
    assert [i.rule for i in result.items] == ["enterprise_title", "patent_insurance"]
    assert all(i.note.startswith("on the 失信 list: not paid (clause 20; see the warning)") for i in result.items)
    (warning,) = [w for w in est.warnings if "dishonest" in w]
    assert warning.endswith(": nothing is paid, and support measures are not listed")


def test_validity_is_judged_on_each_facts_date():
    # In force 2023-08-30 to 2025-12-31 inclusive: a title granted 2023-08-29 or 2026-01-01
    # is outside; 2023-08-30 and 2025-12-31 count (80,000 each for city titles; the group
    # pays only one of the two that count).
    dates = ["2023-08-29", "2023-08-30", "2025-12-31", "2026-01-01"]
    est = run({**X, "titles": [{"title": "ip_pilot_enterprise", "level": "city", "date": d} for d in dates]}, as_of="2026-03-01")
    statuses = [i.status for i in items(est, "enterprise_title")]
    assert statuses == ["outside_validity", "eligible", "superseded", "outside_validity"]
    assert total(est, "xiangzhou") == D(40000)
    assert any("expired on 2025-12-31" in w for w in est.warnings)
    assert est.policies[0].status == "expired"


def test_undated_facts_happen_at_as_of():
    # No dates and as_of after 2025-12-31: everything is outside the policy's dates.
    est = run({**X, "patent_agents": 2}, as_of="2026-11-23")
    item = only(est, "patent_agents")
    assert (item.status, item.amount, item.uncapped) == ("outside_validity", D(0), D(20000))


def test_qualitative_items_are_listed_for_matching_applicants():
    # Measures 2, 5, 8, 10, 11, 14, 16 for an enterprise; a park sees measure 4's services.
    est = run(X)
    listed = {i.rule for i in est.policies[0].items if i.status == "qualitative"}
    assert listed == {
        "patent_navigation",
        "case_by_case_support",
        "public_service_platform",
        "ip_hosting",
        "competition_prize",
        "ip_alliance",
        "talent_training",
    }
    assert "80,000" in only(est, "competition_prize").note
    park = {i.rule for i in run({**X, "kind": "park"}).policies[0].items}
    assert "park_services" in park and "case_by_case_support" not in park
