"""Hypothesis strategies: any valid profile, as plain data (what a TOML file would hold)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import lib
from hypothesis import strategies as st

from ipcalc import schema
from ipcalc.money import MAX_MONEY

# Half the dates fall where every bundled policy is in force, so items are often payable.
DATES = st.one_of(
    st.dates(min_value=dt.date(2024, 8, 15), max_value=dt.date(2025, 12, 31)),
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
)
MONEY = st.one_of(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.integers(min_value=0, max_value=10**9).map(Decimal),
    st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("0.05"), MAX_MONEY]),
)
FRACTION = st.one_of(st.decimals(min_value=0, max_value=1, places=4), st.sampled_from([Decimal(0), Decimal(1)]))
COUNT = st.integers(min_value=0, max_value=30)


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


def _fact(fields: dict) -> st.SearchStrategy[dict]:
    """A fact with its required fields and any of its optional ones (None: left out)."""
    required = {k: v for k, v in fields.items() if not k.startswith("?")}
    optional = {k[1:]: v for k, v in fields.items() if k.startswith("?")}
    return st.fixed_dictionaries(required, optional=optional)


def _title() -> st.SearchStrategy[dict]:
    pairs = [(title, level) for title, tdef in lib().vocabulary.titles.items() for level in (tdef.levels or (None,))]

    def build(pair, date):
        title, level = pair
        fact = {"title": title}
        if level is not None:
            fact["level"] = level
        if date is not None:
            fact["date"] = date
        return fact

    return st.builds(build, st.sampled_from(pairs), _maybe(DATES))


SECTIONS = {
    "titles": _title(),
    "awards": _fact({"award": st.sampled_from(sorted(lib().vocabulary.awards)), "?count": st.integers(1, 5), "?amount": MONEY, "?date": DATES}),
    "insurance": _fact({"premium": MONEY, "?date": DATES, "?contract": st.sampled_from(["A", "B"])}),
    "loans": _fact(
        {
            "principal": MONEY,
            "months": st.integers(1, 600),
            "?issued": DATES,
            "?signed": DATES,
            "?rate": FRACTION,
            "?pledge_share": FRACTION,
            "?repaid": st.booleans(),
            "?guarantee_fee": MONEY,
            "?insurance_fee": MONEY,
            "?evaluation_fee": MONEY,
        }
    ),
    "inbound_deals": _fact(
        {"amount": MONEY, "mode": st.sampled_from(["purchase", "licence", "equity"]), "?implemented": st.booleans(), "?date": DATES}
    ),
    "outbound_deals": _fact({"amount": MONEY, "?date": DATES}),
    "cases": _fact({"costs": MONEY, "?scope": st.sampled_from(["domestic", "foreign"]), "?date": DATES}),
    "events": _fact({"cost": MONEY, "?date": DATES}),
    "patents": st.builds(
        lambda kind, route, country, extra: {"type": kind, "route": route, **({"country": country} if route == "foreign" else {}), **extra},
        st.sampled_from(["invention", "utility_model", "design"]),
        st.sampled_from(["domestic", "pct", "foreign"]),
        st.sampled_from(["US", "JP", "EP", "DE", "KR"]),
        st.fixed_dictionaries({}, optional={"count": st.integers(1, 5), "date": DATES, "service": st.booleans()}),
    ),
    "trademarks": _fact(
        {"type": st.sampled_from(["domestic", "madrid", "well_known", "geographical_indication"]), "?count": st.integers(1, 5), "?date": DATES}
    ),
    "finances": _fact({"year": st.integers(2015, 2030), "?revenue": MONEY, "?rd_spend": MONEY}),
}
assert set(SECTIONS) == set(schema.SECTIONS)

SCALARS = {
    "name": st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    "kind": st.sampled_from(schema.APPLICANT_KINDS),
    "srdi": st.booleans(),
    "blacklisted": st.booleans(),
    "foreign_invention_patents": COUNT,
    "foreign_trademarks": COUNT,
    "patent_agents": COUNT,
    "university_agreement": st.booleans(),
    "joint_invention_applications": COUNT,
    "protection_workstation": st.booleans(),
    "research_institute_branch": st.booleans(),
    "agency_branch": st.booleans(),
    "revenue": MONEY,
    "employees": st.integers(min_value=0, max_value=100_000),
    "rd_spend": MONEY,
}
assert set(SCALARS) | {"region", "as_of"} == set(schema.SCALARS)


def _counted_once(profile: dict) -> dict:
    """Patents and trademarks abroad as a count or as entries, never both (ipcalc refuses
    a profile that would count them twice): the count gives way."""
    if any(p["route"] == "foreign" and p["type"] == "invention" for p in profile.get("patents", [])):
        profile.pop("foreign_invention_patents", None)
    if any(t["type"] == "madrid" for t in profile.get("trademarks", [])):
        profile.pop("foreign_trademarks", None)
    return profile


def profiles(max_facts: int = 4) -> st.SearchStrategy[dict]:
    """Any valid profile: every scalar optional, every list section 0..max_facts entries."""
    optional = dict(SCALARS)
    optional.update({name: st.lists(fact, max_size=max_facts) for name, fact in SECTIONS.items()})
    return st.fixed_dictionaries({"region": st.sampled_from(lib().regions)}, optional=optional).map(_counted_once)


#: money fields that are a cost, a premium or a principal: raising one never lowers the payable amount
RAISABLE = {
    "insurance": ["premium"],
    "loans": ["principal", "guarantee_fee", "insurance_fee", "evaluation_fee"],
    "inbound_deals": ["amount"],
    "outbound_deals": ["amount"],
    "cases": ["costs"],
    "events": ["cost"],
    "awards": ["amount"],
}
