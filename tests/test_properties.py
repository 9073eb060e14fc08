"""Invariants over any valid profile, evaluated under every bundled policy at once."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal

from conftest import lib
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import DATES, RAISABLE, profiles

from ipcalc.engine import evaluate
from ipcalc.money import FEN, MAX_MONEY
from ipcalc.profile import read_profile
from ipcalc.render import words
from ipcalc.render.csv_writer import CsvWriter
from ipcalc.render.json_document import estimate_document
from ipcalc.render.json_writer import dumps
from ipcalc.render.markdown_writer import render_markdown
from ipcalc.render.table_writer import render_table
from ipcalc.result import PAYABLE

STATUSES = {"eligible", "capped", "superseded", "ineligible", "outside_validity", "qualitative"}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def evaluate_all(data: dict, as_of, explain: bool = True):
    library = lib()
    profile = read_profile(data, vocab=library.vocabulary, regions=library.regions, source="generated")
    return evaluate(profile, list(library.policies.values()), vocab=library.vocabulary, rates=library.rates, as_of=as_of, explain=explain)


def by_key(cap, item, profile) -> object:
    """What a cap is counted by: everything (None), each fact apart, or a field's value
    (a fact without the value is apart)."""
    if cap.by is None:
        return None
    ((section, index),) = item.facts
    value = profile.facts[section][index].get(cap.by) if cap.by != "entry" else None
    return ("value", value) if value is not None else item.facts


@SETTINGS
@given(profiles(), DATES, st.sampled_from(["en", "zh"]))
def test_items_obey_their_caps_statuses_and_totals(data, as_of, lang):
    est = evaluate_all(data, as_of)
    for result in est.policies:
        payable_groups: dict[str, int] = {}
        for item in result.items:
            assert item.status in STATUSES
            assert item.amount >= 0
            assert item.amount == item.amount.quantize(FEN)  # rounded to the fen
            assert item.amount.as_tuple().exponent == -2, item  # and written so: 400000.00, never 400000
            assert not item.amount.is_signed(), item  # never -0.00
            if item.status not in PAYABLE:
                assert item.amount == 0, item
            if item.cap is not None:
                assert item.amount <= item.cap, item
            if item.uncapped is not None:
                assert item.amount <= item.uncapped, item
            if item.group and item.status in PAYABLE:
                # one payable item per group, or per group and fact for a group `per = "fact"`
                key = (item.group, item.facts) if item.group in result.policy.fact_groups else item.group
                payable_groups[key] = payable_groups.get(key, 0) + 1
            assert item.clause and item.label(lang) and (words.note(item, lang) or item.status == "eligible")
        assert all(n == 1 for n in payable_groups.values()), payable_groups
        for cap in result.policy.caps:
            buckets: dict[object, Decimal] = {}
            for item in result.items:
                if item.rule in cap.rules:
                    key = (item.date.year if cap.per == "year" else None, by_key(cap, item, est.profile))
                    buckets[key] = buckets.get(key, Decimal(0)) + item.amount
            assert all(total <= cap.limit for total in buckets.values()), (cap.id, buckets)
        assert result.total == sum((i.amount for i in result.items), Decimal(0))
    assert est.total == sum((r.total for r in est.policies), Decimal(0))


@settings(SETTINGS, max_examples=40)
@given(profiles(), DATES, st.sampled_from(["en", "zh"]))
def test_every_format_renders_and_json_reads_back_exactly(data, as_of, lang):
    est = evaluate_all(data, as_of)
    doc = estimate_document(est, explain=True, lang=lang)
    for text in (dumps(doc, indent=2), dumps(doc)):
        back = json.loads(text, parse_float=Decimal)
        assert back["total"] == doc["total"] and str(back["total"]) == str(doc["total"])
        for mine, theirs in zip(doc["policies"], back["policies"]):
            assert mine["total"] == theirs["total"]
            for a, b in zip(mine["items"], theirs["items"]):
                for key in ("uncapped", "cap", "amount"):
                    assert (a[key] is None and b[key] is None) or (a[key] == b[key] and str(a[key]) == str(b[key]))
    CsvWriter(io.StringIO(), lang=lang, explain=True).write(est)
    render_markdown(est, lang, explain=True)
    out = io.StringIO()
    render_table(est, out, lang=lang, color=False, width=80, explain=True)
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.getvalue().splitlines()) <= 80


@SETTINGS
@given(profiles(), DATES, st.data())
def test_raising_a_cost_premium_or_principal_never_lowers_what_is_payable(data, as_of, draw):
    places = [(section, index, name) for section, names in RAISABLE.items() for index, _ in enumerate(data.get(section, [])) for name in names]
    assume(places)
    section, index, name = draw.draw(st.sampled_from(places))
    raised = copy.deepcopy(data)
    fact = raised[section][index]
    old = Decimal(fact.get(name, 0))
    increase = draw.draw(st.decimals(min_value=Decimal("0.01"), max_value=10**8, places=2))
    fact[name] = min(old + increase, MAX_MONEY)
    before = evaluate_all(data, as_of)
    after = evaluate_all(raised, as_of)
    for b, a in zip(before.policies, after.policies):
        assert a.total >= b.total, (b.policy.id, section, index, name, old, fact[name], b.total, a.total)


def _counted_library():
    """The bundled policies and the clause-shapes test policy (a `schedule` among them)."""
    from conftest import ROOT

    import ipcalc

    return ipcalc.load_library([str(ROOT / "tests" / "policies" / "clauses")])


COUNTED = ("patents", "trademarks", "awards")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_entry_of_n_units_pays_what_n_entries_of_one_pay(data):
    # Every rule kind that pays by the unit counts an entry's `count` as `per_unit` does: one
    # entry of three inventions is paid what three entries of one are (before the caps and
    # limits that count across entries). `schedule` once paid such an entry as one unit. (A
    # kind paying a share of a money field pays on the entry's amount, which is the entry's
    # whole: three awards of one entry share its `amount`.)
    from strategies import SECTIONS

    library = _counted_library()
    by_unit = [(p, r) for p in library.policies.values() for r in p.rules if r.needs()[0] in COUNTED and r.kind in ("per_unit", "schedule")]
    assert {r.kind for _, r in by_unit} == {"per_unit", "schedule"}
    policy, rule = data.draw(st.sampled_from(by_unit))
    section = rule.needs()[0]
    entry = dict(data.draw(SECTIONS[section]))
    entry.pop("count", None)
    units = data.draw(st.integers(2, 4))
    day = data.draw(DATES)
    base = {"region": policy.regions[0], "as_of": day}

    def paid(entries: list[dict]) -> Decimal:
        profile = read_profile({**base, section: entries}, vocab=library.vocabulary, regions=library.regions)
        result = evaluate(profile, [policy], vocab=library.vocabulary, rates=library.rates, as_of=day, ranges=False).policies[0]
        return sum((i.uncapped for i in result.items if i.rule == rule.id and i.uncapped is not None), Decimal(0))

    assume(not getattr(rule, "max_units", None) and not getattr(rule, "best", None))
    assert paid([{**entry, "count": units}]) == paid([{**entry, "count": 1}] * units) == units * paid([{**entry, "count": 1}])
