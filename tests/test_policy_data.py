"""The bundled policy files: every published rule id encoded, quoting their sources verbatim."""

from __future__ import annotations

import re

from conftest import ROOT, lib

# Rule ids are public interface (items[].rule in JSON): each must exist with exactly this id.
CLAUSE_RULES = {
    "xiangzhou": {
        "park_title": "4",
        "enterprise_title": "5",
        "standard_certification": "5",
        "patent_insurance": "6",
        "pledge_interest": "6",
        "pledge_guarantee_fee": "6",
        "pledge_insurance_fee": "6",
        "patent_purchase": "7",
        "university_transfer": "7",
        "china_patent_award": "9",
        "provincial_award_match": "9",
        "provincial_project_match": "9",
        "event_subsidy": "11",
        "rights_protection": "12",
        "protection_workstation": "13",
        "university_cooperation": "15",
        "research_institute": "15",
        "patent_agents": "17",
        "agency_branch": "17",
        "school_title": "18",
    },
    "ningxia": {
        "enterprise_title": "1",
        "china_patent_award": "1",
        "foreign_patents": "1",
        "foreign_trademarks": "1",
        "tech_transfer": "5",
        "pledge_interest": "7",
        "evaluation_fee": "7",
        "hosting_agency": "11",
    },
}


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_bundled_policies_load():
    assert list(lib().policies) == ["ningxia", "shaoyang", "sichuan", "xiangzhou"]
    assert lib().problems == []


def test_every_clause_rule_is_encoded_with_its_clause():
    for policy_id, rules in CLAUSE_RULES.items():
        policy = lib().policies[policy_id]
        for rule_id, clause in rules.items():
            rule = policy.rule(rule_id)
            assert rule is not None, f"{policy_id}.{rule_id} missing"
            assert rule.clause == clause, f"{policy_id}.{rule_id}"
            assert rule.kind != "qualitative", f"{policy_id}.{rule_id} must compute an amount"


def test_sichuan_and_shaoyang_are_qualitative_only():
    for policy_id in ("sichuan", "shaoyang"):
        assert {r.kind for r in lib().policies[policy_id].rules} == {"qualitative"}


def test_every_quote_is_verbatim_from_its_source():
    for policy in lib().policies.values():
        assert policy.source, policy.id
        source = normalise((ROOT / "policies" / policy.source).read_text(encoding="utf-8"))
        quotes = [q for rule in policy.rules for q in rule.text]
        for clause in (policy.blacklist, policy.exclusive):
            if clause is not None:
                quotes.append(clause.text)
        if policy.validity_text:
            quotes.append(policy.validity_text)
        for quote in quotes:
            assert normalise(quote) in source, f"{policy.id}: not in {policy.source}: {quote[:40]}"


def test_every_rule_has_bilingual_labels_and_a_citation():
    for policy in lib().policies.values():
        for rule in policy.rules:
            assert rule.label.en and rule.label.zh and rule.clause and rule.text, (policy.id, rule.id)


def test_policy_metadata():
    x = lib().policies["xiangzhou"]
    assert (x.document, str(x.valid_from), str(x.valid_until), x.draft) == ("襄州政发〔2023〕7号", "2023-08-30", "2025-12-31", False)
    assert x.blacklist is not None and x.exclusive is not None
    n = lib().policies["ningxia"]
    assert n.draft and n.valid_from is None and n.valid_until is None and not n.groups
    s = lib().policies["sichuan"]
    assert str(s.valid_from) == "2024-08-15" and s.valid_until is None
    y = lib().policies["shaoyang"]
    assert (str(y.valid_from), str(y.valid_until)) == ("2021-01-01", "2025-12-31")
