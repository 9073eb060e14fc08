"""Engine behaviour common to all policies: statuses, stages, explanations, exact output."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import D, items, only, run

from ipcalc.render.json_document import estimate_document
from ipcalc.render.json_writer import dumps


def test_every_status_can_occur():
    # One Xiangzhou profile that produces each of the six statuses.
    est = run(
        {
            "region": "xiangzhou",
            "titles": [
                {"title": "ip_demonstration_enterprise", "level": "national", "date": "2024-01-01"},  # eligible
                {"title": "ip_pilot_enterprise", "level": "city", "date": "2024-01-01"},  # superseded
                {"title": "ip_management_standard", "date": "2023-01-01"},  # outside_validity
            ],
            "insurance": [{"premium": 400000, "date": "2024-01-01"}],  # capped
            "awards": [{"award": "china_patent_silver", "date": "2024-01-01"}],  # ineligible
        }
    )
    statuses = {i.status for i in est.policies[0].items}
    assert statuses == {"eligible", "superseded", "outside_validity", "capped", "ineligible", "qualitative"}


def test_amount_is_zero_unless_payable():
    est = run(
        {"region": "xiangzhou", "awards": [{"award": "china_patent_silver"}], "titles": [{"title": "ip_management_standard", "date": "2020-01-01"}]}
    )
    for item in est.policies[0].items:
        if item.status not in ("eligible", "capped"):
            assert item.amount == 0


def test_superseded_keeps_its_uncapped_figure():
    est = run({"region": "xiangzhou", "titles": [{"title": "ip_pilot_enterprise", "level": "city"}, {"title": "ip_advantage_enterprise"}]})
    pilot = items(est, "enterprise_title")[0]
    assert (pilot.status, pilot.uncapped, pilot.amount) == ("superseded", D(40000), D(0))


def test_ties_in_a_group_pay_the_first():
    # Two provincial demonstration titles (240,000 each): the first listed is paid.
    titles = [{"title": "ip_demonstration_enterprise", "level": "provincial"}] * 2
    got = [i.status for i in items(run({"region": "xiangzhou", "titles": titles}), "enterprise_title")]
    assert got == ["eligible", "superseded"]


def test_explain_steps_show_base_caps_and_rounding():
    # 25% x 400,000.04 = 100,000.01 -> per-item cap 80,000 -> rounded 80,000.00.
    est = run({"region": "xiangzhou", "insurance": [{"premium": D("400000.04")}]})
    steps = only(est, "patent_insurance").steps
    assert steps == ["base: 25% × 400,000.04 = 100,000.01", "cap per item: 80,000 → 80,000.00", "rounded half-up to the fen: 80,000.00"]


def test_explain_shows_long_exact_values_shortened():
    # 50% x 4.35% x 1,000,000 x 5/12 = 9,062.5 exactly; x 1,000,001 gives a repeating decimal.
    est = run({"region": "xiangzhou", "loans": [{"principal": 1000001, "months": 5}]})
    base = only(est, "pledge_interest").steps[0]
    assert base == "base: 50% × 4.35% × 1,000,001 × 5/12 = 9,062.509062…"


def test_aggregate_cut_appears_in_steps():
    loans = [{"principal": 10000000, "months": 12, "issued": f"2024-0{m}-01"} for m in (1, 2)]
    later = items(run({"region": "xiangzhou", "loans": loans}), "pledge_interest")[1]
    assert later.steps[-1] == "interest subsidy, all loans together: 182,500 left of 400,000 → 182,500.00"


def test_chinese_notes():
    est = run({"region": "xiangzhou", "insurance": [{"premium": 400000}]}, lang="zh")
    item = only(est, "patent_insurance")
    assert item.label == "专利保险保费资助"
    assert item.note.startswith("封顶 80,000")


def test_future_fact_warning():
    est = run(
        {"region": "ningxia", "foreign_trademarks": 1, "titles": [{"title": "ip_advantage_enterprise", "date": "2026-01-01"}]}, as_of="2025-06-30"
    )
    assert "title #1: dated 2026-01-01, after the date of the estimate (2025-06-30)" in est.warnings


def test_json_numbers_parse_back_to_the_same_decimals():
    est = run(
        {"region": "xiangzhou", "insurance": [{"premium": D("10000.02")}], "loans": [{"principal": 1234567, "months": 7, "issued": "2024-06-01"}]}
    )
    doc = estimate_document(est.raw)
    back = json.loads(dumps(doc, indent=2), parse_float=Decimal)
    for mine, theirs in zip(doc["policies"][0]["items"], back["policies"][0]["items"]):
        for key in ("uncapped", "cap", "amount"):
            assert mine[key] == theirs[key]
            assert str(mine[key]) == str(theirs[key]) if mine[key] is not None else theirs[key] is None
    # Measure 6: 50% x 4.35% = 2.175%; 2.175% x 1,234,567 = 26,851.83225; x 7/12 = 15,663.5688... -> 15,663.57
    assert only(est, "pledge_interest").amount == D("15663.57")


def test_engine_is_deterministic():
    profile = {"region": "xiangzhou", "cases": [{"costs": 90000}, {"costs": 10000, "scope": "foreign"}]}
    assert dumps(estimate_document(run(profile).raw)) == dumps(estimate_document(run(profile).raw))


def test_json_writer_numbers_and_strings():
    doc = {"a": D("65250.00"), "b": D("-0.5"), "c": D("400000"), "s": "x\\u0000D5 \t 中文", "n": None, "l": [D("1.10"), True, 3]}
    assert dumps(doc) == '{"a": 65250.00, "b": -0.5, "c": 400000, "s": "x\\\\u0000D5 \\t 中文", "n": null, "l": [1.10, true, 3]}'
    assert json.loads(dumps(doc, indent=2), parse_float=Decimal)["l"][0] == D("1.10")


def test_steps_only_when_explaining():
    # Without --explain the steps are not computed at all; the amounts are the same.
    profile = {"region": "xiangzhou", "insurance": [{"premium": 400000}]}
    plain, explained = run(profile, explain=False), run(profile, explain=True)
    assert only(plain, "patent_insurance").steps == []
    assert only(explained, "patent_insurance").steps
    assert only(plain, "patent_insurance").amount == only(explained, "patent_insurance").amount


def test_json_writer_is_not_fooled_by_marker_like_text():
    # Literal backslash sequences that look like the writer's markers stay text.
    doc = {"a": "ends with \\u0000E", "b": "\\u0000D5\\u0000E", "n": D("12.50")}
    text = dumps(doc)
    assert json.loads(text, parse_float=Decimal) == {"a": "ends with \\u0000E", "b": "\\u0000D5\\u0000E", "n": D("12.50")}
    assert '"n": 12.50' in text


def test_one_estimate_shown_in_both_languages():
    # The engine returns data; words are chosen when it is shown. Measure 6: 25% x 400,000
    # = 100,000, capped at 80,000: the same item, in English and in Chinese.
    est = run({"region": "xiangzhou", "insurance": [{"premium": 400000}]})
    en = estimate_document(est.raw, lang="en", explain=True)["policies"][0]["items"][0]
    zh = estimate_document(est.raw, lang="zh", explain=True)["policies"][0]["items"][0]
    assert (en["amount"], en["status"]) == (zh["amount"], zh["status"]) == (D(80000), "capped")
    assert en["note"].startswith("capped at 80,000") and zh["note"].startswith("封顶 80,000")
    assert en["reasons"] == zh["reasons"] == [{"code": "capped_at", "cap": D(80000)}]
    assert en["factors"] == [{"kind": "share", "value": D("0.25")}, {"kind": "money", "value": D(400000)}]


def test_reasons_are_codes_with_values():
    # Measure 6: 10,000,000 x 50% x 4.35% = 217,500 per loan; the second is cut by the
    # 400,000 aggregate cap to 182,500, after 217,500 was used.
    loans = [{"principal": 10000000, "months": 12, "issued": f"2024-0{m}-01"} for m in (1, 2)]
    later = items(run({"region": "xiangzhou", "loans": loans}), "pledge_interest")[1]
    cut = later.reasons[0].data("en")
    assert cut == {
        "code": "aggregate_cut",
        "label": "interest subsidy, all loans together",
        "limit": D(400000),
        "room": D("182500.00"),
        "used": D("217500.00"),
    }
    assert later.reason_codes == ["aggregate_cut", "benchmark_used"]


def test_indented_json_is_what_the_standard_library_writes():
    # json_writer writes indented JSON itself (faster); it must equal json.dumps byte for byte.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
    documents = st.recursive(
        scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)), max_leaves=20
    )

    @settings(max_examples=300, deadline=None)
    @given(documents)
    def check(doc):
        assert dumps(doc, indent=2) == json.dumps(doc, indent=2, ensure_ascii=False)

    check()
    amounts = {"a": D("65250.00"), "b": [D("0.5"), {"c": D(400000)}], "s": "x"}
    assert json.loads(dumps(amounts, indent=2), parse_float=Decimal) == amounts
    assert '"a": 65250.00' in dumps(amounts, indent=2)
