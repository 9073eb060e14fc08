"""Sichuan and Shaoyang set no amounts: their items are qualitative, listed when relevant."""

from __future__ import annotations

from conftest import D, items, run, total


def rules(est) -> set[str]:
    return {i.rule for r in est.policies for i in r.items}


def test_sichuan_park_support_lines():
    # A park with a national pilot park title: priority funding (四(二)) plus the park lines.
    est = run({"region": "sichuan", "kind": "park", "titles": [{"title": "ip_pilot_park", "level": "national"}]})
    assert rules(est) == {"national_park_priority", "park_policy_funds", "park_protection_workstation", "pledge_risk_fund", "one_stop_service"}
    assert total(est, "sichuan") == D(0)
    assert {i.status for i in est.policies[0].items} == {"qualitative"}


def test_sichuan_enterprise_lines_follow_the_facts():
    base = {"region": "sichuan"}
    plain = rules(run(base))
    assert plain == {"management_certification", "high_value_patents", "patent_navigation", "priority_examination"}
    assert "pledge_subsidies" in rules(run({**base, "loans": [{"principal": 1000000, "months": 12}]}))
    assert "overseas_disputes" in rules(run({**base, "foreign_trademarks": 1}))
    assert "overseas_disputes" in rules(run({**base, "cases": [{"scope": "foreign", "costs": 1}]}))
    assert "overseas_disputes" not in rules(run({**base, "cases": [{"scope": "domestic", "costs": 1}]}))


def test_sichuan_before_its_start_date():
    # In force from 2024-08-15: on 2024-08-14 the policy is not yet in force.
    est = run({"region": "sichuan"}, as_of="2024-08-14")
    # Its support lines are not listed one by one as outside its dates: one warning says so.
    assert est.policies[0].status == "not_yet_in_force"
    assert est.policies[0].items == []
    assert sum("not yet in force" in w for w in est.warnings) == 1


def test_shaoyang_lines_follow_the_facts():
    est = run({"region": "shaoyang", "cases": [{"costs": 60000}], "foreign_trademarks": 4})
    assert {"fast_rights_centre", "rights_aid", "overseas_layout"} <= rules(est)
    assert total(est, "shaoyang") == D(0)
    assert "rights_aid" not in rules(run({"region": "shaoyang"}))


def test_policy_option_evaluates_other_jurisdictions():
    # --policy ningxia for a Xiangzhou enterprise: "what would it get in Ningxia?"
    est = run({"region": "xiangzhou", "foreign_trademarks": 2}, policies=["ningxia", "xiangzhou"])
    assert [r.policy.id for r in est.policies] == ["ningxia", "xiangzhou"]
    assert items(est, "foreign_trademarks", "ningxia")[0].amount == D(20000)
