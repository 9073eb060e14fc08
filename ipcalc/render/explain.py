"""The one place that turns an item's data into words: its basis (the arithmetic with its
numbers), its note (reasons and the interpretation), its explain steps and its fact, in
English or Chinese; and the same data as plain JSON-ready values.

The engine says what happened (factors, reason codes with values, fact paths); this module
says it in a language, through the catalogue (`ipcalc.catalogue`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from ..engine import Factor, Item, Path, PolicyResult
from ..i18n import plain_value, render, t
from ..money import TEN_THOUSAND, amount_text, display_amount, grouped, percent, rate_percent


def term(factor: Factor, unit: str = "yuan") -> str:
    """One factor of a product, as written in a basis; money in `unit` (wan: 万元)."""
    kind = factor.kind
    value = factor.value
    if kind == "share":
        return percent(value)
    if kind == "rate":
        return rate_percent(value)
    if kind == "money":
        return _money(value, unit, grouped)
    if kind == "amount":
        return _money(value, unit, amount_text)
    if kind == "months":
        return f"{value}/{factor.per}"
    if kind == "sum":
        return "(" + " + ".join(_money(v, unit, grouped) for v in value) + ")"
    return str(value)  # count


def _money(value: Decimal, unit: str, written: Callable[[Decimal], str]) -> str:
    """An amount of a basis: as written in yuan, or exactly in wan (3,000,000 -> 300)."""
    return written(value) if unit == "yuan" else display_amount(value / TEN_THOUSAND, "wan")


def basis_text(factors: Iterable[Factor], lang: str, unit: str = "yuan") -> str:
    """`50% × 4.35% × 3,000,000 × 12/12`; `2 × 500,000 (China Patent Gold Award)`;
    `IP demonstration enterprise (provincial): 240,000`."""
    factors = tuple(factors)
    if not factors:
        return ""
    first = factors[0]
    if first.kind == "title":
        subject = render(first.label, lang)
        if len(factors) == 1:
            return subject
        return t("basis_subject", lang, subject=subject, amount=_money(factors[1].value, unit, amount_text))
    named = [f for f in factors if f.kind == "of"]
    product = " × ".join(term(f, unit) for f in factors if f.kind != "of")
    if not named:
        return product
    name = render(named[0].label, lang)
    return t("basis_of", lang, basis=product, name=name) if product else name


def basis(item: Item, lang: str, unit: str = "yuan") -> str:
    return basis_text(item.factors, lang, unit)


def reasons(item: Item, lang: str) -> list[str]:
    return [r.render(lang) for r in item.reasons]


def note(item: Item, lang: str) -> str:
    """The item's reasons, then the interpretation of its clause, as one line."""
    interpretation = item.interpretation
    if not item.reasons:
        return render(interpretation, lang) if interpretation is not None else ""
    parts = [r.render(lang) for r in item.reasons]
    if interpretation is not None:
        parts.append(render(interpretation, lang))
    return "; ".join(parts)


def interpretation(item: Item, lang: str) -> str:
    return render(item.interpretation, lang) if item.interpretation is not None else ""


def steps(item: Item, lang: str) -> list[str]:
    """The arithmetic stage by stage (with --explain); the base step shows the basis."""
    shown = basis(item, lang) if item.steps else ""
    out = []
    for step in item.steps:
        if step.code == "step_base":
            out.append(t("step_base", lang, basis=shown, **step.values))
        else:
            out.append(step.render(lang))
    return out


def path_text(path: Path) -> str:
    return path[0] if len(path) == 1 else f"{path[0]}[{path[1]}]"


def fact(item: Item) -> str | None:
    """Which fact an item comes from: `loans[0]`, `patent_agents`, or for a calendar year of
    facts summed, `outbound_deals[0,1] 2024`; None for a support measure."""
    if not item.facts:
        return None
    if item.year is not None:
        section = item.facts[0][0]
        return f"{section}[{','.join(str(p[1]) for p in item.facts)}] {item.year}"
    return path_text(item.facts[0])


def facts_data(item: Item) -> list[list[Any]]:
    """The fact paths as JSON: `[["loans", 0]]`, `[["patent_agents"]]`."""
    return [list(p) for p in item.facts]


def factor_data(factor: Factor, lang: str) -> dict[str, Any]:
    """One factor as JSON: `{"kind": "share", "value": 0.5}`; months carry `per`, names
    their `label`, a title its `level`."""
    out: dict[str, Any] = {"kind": factor.kind}
    value = factor.value
    out["value"] = list(value) if isinstance(value, tuple) else value
    if factor.kind == "months":
        out["per"] = factor.per
    elif factor.kind == "title":
        out["level"] = factor.per
    if factor.label is not None:
        out["label"] = render(factor.label, lang)
    return out


def factors_data(item: Item, lang: str) -> list[dict[str, Any]]:
    return [factor_data(f, lang) for f in item.factors]


def reasons_data(item: Item, lang: str) -> list[dict[str, Any]]:
    return [r.data(lang) for r in item.reasons]


def trace_data(item: Item, lang: str) -> list[dict[str, Any]]:
    return [step.data(lang) for step in item.steps]


__all__ = [
    "basis",
    "basis_text",
    "fact",
    "facts_data",
    "factors_data",
    "interpretation",
    "note",
    "plain_value",
    "reasons",
    "reasons_data",
    "steps",
    "trace_data",
]


def words_of_readings(result: PolicyResult, lang: str, amount: Callable[[Decimal], str], explain: bool) -> list[str]:
    """Under a policy's total: the range over its readings when they give different totals
    (and which readings give each end); with `explain`, every question and its readings."""
    out = []
    span = result.range
    if span is not None and span.low != span.high:
        out.append(t("range_line", lang, low=amount(span.low), high=amount(span.high)))

        def which(readings: Mapping[str, str]) -> str:
            changed = [f"{q}={r}" for q, r in readings.items() if result.readings.get(q) != r]
            return ", ".join(changed) or t("readings_in_force", lang)

        out.append(t("range_ends", lang, low=which(span.low_readings), high=which(span.high_readings)))
    if explain and result.policy.questions:
        out.append(t("questions_heading", lang))
        for question in result.policy.questions:
            out.append(t("question_line", lang, policy=result.policy.id, question=question.id, label=question.label))
            for reading in question.readings:
                mark = "●" if result.readings.get(question.id) == reading.id else "○"
                out.append("  " + t("reading_line", lang, mark=mark, reading=reading.id, label=reading.label, rationale=reading.rationale))
    return out
