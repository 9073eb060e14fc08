"""The bundled example profiles (used by the README), totals worked out by hand."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ipcalc.cli import app

# xiangzhou-enterprise.toml, as of 2025-06-30 (Xiangzhou in force):
#   enterprise_title   provincial demonstration 240,000 (city title 80,000 superseded)  240,000
#   standard_certification 贯标                                                         40,000
#   patent_insurance   25% x 40,000 = 10,000; 25% x 400,000 = 100,000 -> cap 80,000      90,000
#   pledge_interest    50% x 4.35% x 3,000,000 x 12/12 (own rate 3.85% does not bind)    65,250
#   pledge_guarantee_fee 3% x 3,000,000 = 90,000 -> fee paid 45,000                       45,000
#   pledge_interest    loan #2, 24 months from 2025-03-01: the 10 up to the measures' end
#                      (2025-12-31), 50% x 4.75% (1-5 years) x 2,000,000 x 10/12         39,583.33
#   patent_purchase    50% x 1,000,000 = 500,000 -> cap 400,000 (the licence: no item)   400,000
#   china_patent_award excellence 240,000                                               240,000
#   provincial_award_match 80% x 100,000                                                  80,000
#   rights_protection  domestic 120,000 -> 80,000; foreign 150,000                       230,000
#   university_cooperation agreement + 4 joint applications                               50,000
#   patent_agents      1 x 10,000                                                         10,000
#                                                                          total  1,529,833.33
#   over the readings: the LPR (3.45% since 2023-08-21; 3.10% since 2024-10-21) for the loans,
#   51,750 + 25,833.33, is 27,250 less: 1,502,583.33; the second loan's whole term,
#   50% x 4.75% x 2,000,000 x 24/12 = 95,000, is 55,416.67 more: 1,585,250.
# xiangzhou-university.toml:
#   university_transfer 2024: 5% x (6,000,000 + 14,000,000) = 1,000,000 -> 800,000; 2025: 125,000
#   patent_purchase 50% x 900,000 = 450,000 -> 400,000; research_institute 200,000;
#   patent_agents: measure 17 rewards the market entity (市场主体), and a university is not
#   one: 0 (ineligible)                                                        total  1,525,000
# ningxia-srdi.toml: 710,500 (worked out in policies/ningxia.cases.toml, "the SRDI example")
# sichuan-park.toml, shaoyang-enterprise.toml: qualitative only                total          0
TOTALS = {
    "xiangzhou-enterprise.toml": "1529833.33",
    "xiangzhou-university.toml": "1525000.00",
    "ningxia-srdi.toml": "710500.00",
    "sichuan-park.toml": "0.00",
    "shaoyang-enterprise.toml": "0.00",
}


def test_every_example_is_listed():
    assert {p.name for p in EXAMPLES.glob("*.toml")} == set(TOTALS)


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_example_total(name: str):
    result = CliRunner().invoke(app, ["estimate", str(EXAMPLES / name), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["total"] == Decimal(TOTALS[name])
    assert doc["total"] == sum(p["total"] for p in doc["policies"])
    if name == "xiangzhou-enterprise.toml":
        assert doc["range"] == {"low": Decimal("1502583.33"), "high": Decimal("1585250.00")}
        assert doc["still_to_claim"] == doc["total"]  # nothing marked claimed
