"""The one place that turns an item's data into words: its basis (the arithmetic with its
numbers), its note (reasons and the interpretation), its explain steps and its fact, in
English or Chinese; and the same data as plain JSON-ready values.

The engine says what happened (factors, reason codes with values, fact paths); this module
says it in a language, through the catalogue (`ipcalc.catalogue`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Mapping

from ..i18n import Msg, plain_value, render, t
from ..result import Factor, Item, Path, PolicyResult, basis_text


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
    shown = basis(item, lang) if item.trace else ""
    out = []
    for step in item.trace:
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


def warning_data(warning: Msg, lang: str) -> dict[str, Any]:
    """A warning as JSON: `{"code": ..., "text": ..., ...values}`: its code (see
    `catalogue.warnings`), the sentence in `lang`, and its values as data."""
    out: dict[str, Any] = {"code": warning.code, "text": warning.render(lang)}
    for key, value in warning.values.items():
        out[key] = plain_value(value, lang)
    return out


def warnings_data(warnings: list[Msg], lang: str) -> list[dict[str, Any]]:
    return [warning_data(w, lang) for w in warnings]


def reasons_data(item: Item, lang: str) -> list[dict[str, Any]]:
    return [r.data(lang) for r in item.reasons]


def trace_data(item: Item, lang: str) -> list[dict[str, Any]]:
    return [step.data(lang) for step in item.trace]


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
