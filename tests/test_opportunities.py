"""`ipcalc opportunities`: each step's gain is exactly what the estimate rises by when its
`add` is applied to the profile (applied here as the JSON document describes it, not with
ipcalc's own code), on every example profile and on generated ones."""

from __future__ import annotations

import copy
import csv
import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, invoke, lib
from hypothesis import HealthCheck, given, settings
from strategies import DATES, profiles

import ipcalc


def parse(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


def applied(data: dict[str, Any], add: dict[str, Any]) -> dict[str, Any]:
    """The documented semantics of `add`: a scalar is set; entries of a list are appended,
    or with `index` change the profile's entry at that index."""
    out = copy.deepcopy(data)
    for key, value in add.items():
        if not isinstance(value, list):
            out[key] = value
            continue
        entries = out.setdefault(key, [])
        for change in value:
            change = dict(change)
            if "index" in change:
                entries[change.pop("index")].update(change)
            else:
                entries.append(change)
    return out


def total(data: dict[str, Any], as_of: str) -> Decimal:
    return ipcalc.estimate(data, as_of=as_of, library=lib()).total


def check_every_step(data: dict[str, Any], as_of: str) -> dict:
    doc = ipcalc.opportunities(data, as_of=as_of, library=lib()).to_dict()
    now = total(data, as_of)
    assert doc["total"] == now
    gains = [step["gain"] for step in doc["opportunities"]]
    assert gains == sorted(gains, reverse=True) and all(g > 0 for g in gains)
    for step in doc["opportunities"]:
        after = total(applied(data, step["add"]), as_of)
        assert after - now == step["gain"], (step["rule"], step["add"], after - now, step["gain"])
    return doc


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_every_step_of_the_examples_gains_exactly_its_gain(name: str):
    data = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"), parse_float=Decimal)
    check_every_step(data, str(data.get("as_of", "2025-06-30")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(profiles(), DATES)
def test_every_step_of_any_profile_gains_exactly_its_gain(data, as_of):
    check_every_step(data, as_of.isoformat())


def test_the_steps_a_consultant_would_name():
    # Xiangzhou, an enterprise holding the city demonstration title, 1 joint application
    # under an agreement, a purchase not yet implemented, no 贯标:
    #   the national demonstration title: 400,000 - 80,000 held = +320,000 (就高不重复)
    #   a third... joint application (measure 15, at least 3): +50,000
    #   implementing the purchase: 50% x 300,000 = +150,000
    #   贯标 certification: +40,000
    data = {
        "region": "xiangzhou",
        "titles": [{"title": "ip_demonstration_enterprise", "level": "city", "date": "2024-05-01"}],
        "university_agreement": True,
        "joint_invention_applications": 1,
        "inbound_deals": [{"amount": 300000, "mode": "purchase", "date": "2024-06-01"}],
    }
    doc = check_every_step(data, "2025-06-30")
    steps = {(s["rule"], json.dumps(s["add"], sort_keys=True, default=str)): s["gain"] for s in doc["opportunities"]}
    assert steps[("enterprise_title", '{"titles": [{"date": "2025-06-30", "level": "national", "title": "ip_demonstration_enterprise"}]}')] == Decimal("320000.00")
    assert steps[("university_cooperation", '{"joint_invention_applications": 3}')] == Decimal("50000.00")
    assert steps[("patent_purchase", '{"inbound_deals": [{"implemented": true, "index": 0}]}')] == Decimal("150000.00")
    assert steps[("standard_certification", '{"titles": [{"date": "2025-06-30", "title": "ip_management_standard"}]}')] == Decimal("40000.00")
    needs = {s["rule"]: s["needs"] for s in doc["opportunities"]}
    assert needs["university_cooperation"] == "joint_invention_applications = 3 (now 1)"
    assert needs["patent_purchase"].startswith("deal #1: implemented = true") or "deal #1: implemented = true" in [
        s["needs"] for s in doc["opportunities"] if s["rule"] == "patent_purchase"
    ]


def test_ningxia_pays_the_interest_once_repaid():
    # Measure 7, 在完成偿贷还息后: 2,000,000 x 3.45% x 12/12 = 69,000 once the loan is repaid.
    data = {"region": "ningxia", "loans": [{"principal": 2000000, "months": 12, "issued": "2024-03-01"}]}
    doc = check_every_step(data, "2025-06-30")
    (step,) = [s for s in doc["opportunities"] if s["add"] == {"loans": [{"index": 0, "repaid": True}]}]
    assert (step["rule"], step["gain"], step["needs"]) == ("pledge_interest", Decimal("69000.00"), "loan #1: repaid = true")


def test_room_under_a_cap_is_filled():
    # Xiangzhou's interest subsidy: at most 400,000 in all. With 65,250 already (3,000,000 at
    # 50% x 4.35%), the new loan proposed is the principal that fills the remaining 334,750.
    # Issued on the estimate's date (2025-06-30), only its 6 months up to the measures' end
    # count (the reading in force): 30,790,000 x 50% x 4.35% x 6/12 = 334,841.25 >= 334,750.
    data = {"region": "xiangzhou", "loans": [{"principal": 3000000, "months": 12, "issued": "2024-03-01"}]}
    doc = check_every_step(data, "2025-06-30")
    (step,) = [s for s in doc["opportunities"] if s["rule"] == "pledge_interest"]
    assert step["gain"] == Decimal("334750.00")
    assert step["add"]["loans"][0]["principal"] == Decimal("30790000")


def test_support_measures_are_listed_after_the_money():
    doc = parse(invoke("opportunities", "--region", "ningxia", "--as-of", "2025-06-30", "-f", "json").stdout)
    support = {s["rule"]: s for s in doc["support"]}
    assert support["priority_examination"]["add"] == {"srdi": True}
    assert "gain" not in support["priority_examination"]


def test_formats(tmp_path: Path):
    args = ("opportunities", str(EXAMPLES / "xiangzhou-enterprise.toml"))
    table = invoke(*args, "-f", "table").stdout
    assert table.splitlines()[0] == "Hanjiang Precision Machinery Co. · enterprise · as of 2025-06-30 · yuan"
    assert "What could still be gained: now 1,529,833.33; with every step below: 3,675,000\n" in table
    # The gains right-aligned: the widest is the loan's room under the cap, 400,000 less the
    # 104,833.33 already subsidised = 295,166.67.
    assert "\n1.    +800,000  China Patent Award bonus (Xiangzhou District, clause 9)\n" in table
    assert "\n3. +295,166.67  IP-pledge loan interest subsidy (Xiangzhou District, clause 6)\n" in table
    rows = list(csv.reader(io.StringIO(invoke(*args, "-f", "csv").stdout)))
    assert rows[0] == ["policy", "rule", "clause", "label", "gain", "needs", "add"]
    assert rows[1][:5] == ["xiangzhou", "china_patent_award", "9", "China Patent Award bonus", "800000.00"]
    assert json.loads(rows[1][6]) == {"awards": [{"award": "china_patent_gold", "date": "2025-06-30"}]}
    md = invoke(*args, "-f", "markdown").stdout
    assert "| 1 | +800,000 | Xiangzhou District | 9 | China Patent Award bonus | a new award: award = China Patent Gold Award, date = 2025-06-30 |" in md
    zh = invoke(*args, "-f", "table", "--lang", "zh").stdout
    assert "还可争取:目前 1,529,833.33;完成下列全部步骤后:3,675,000" in zh and "新增奖项:获得的奖项 = 中国专利金奖,获奖日期 = 2025-06-30" in zh
    wan = parse(invoke(*args, "-f", "json", "--unit", "wan").stdout)
    assert wan["unit"] == "wan" and wan["opportunities"][0]["gain"] == Decimal("80")


def test_nothing_to_gain_under_a_policy_that_has_ended():
    # Xiangzhou ends on 2025-12-31: after it, no step.
    doc = parse(invoke("opportunities", "--region", "xiangzhou", "--as-of", "2026-03-01", "-f", "json").stdout)
    assert doc["opportunities"] == [] and doc["total_if_all"] == doc["total"]
