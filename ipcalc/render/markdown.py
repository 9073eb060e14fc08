"""Markdown for a client memo: one table per policy, totals, warnings, notes; from the
estimate's items through `words`, like every other format."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping

from ..i18n import render, t
from ..money import display_amount
from ..result import Estimate, PolicyResult
from . import words
from .document import in_unit

if TYPE_CHECKING:
    from .formats import Output


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _num(value: Decimal | None, unit: str = "yuan") -> str:
    return "" if value is None else display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]


HEADS = ["clause", "item", "basis", "uncapped", "cap", "amount", "status"]


def _policy_lines(result: PolicyResult, lang: str, unit: str, explain: bool) -> list[str]:
    policy = result.policy
    title = f"### {policy.id} — {_esc(policy.title(lang))}"
    if policy.document:
        title += f" ({_esc(policy.document)})"
    lines = [title, ""]
    validity = " – ".join(d.isoformat() for d in (policy.valid_from, policy.valid_until) if d)
    user = f" · {_esc(t('user_file', lang, path=policy.path))}" if policy.origin == "user" else ""
    lines.append(f"{t(result.status, lang)}" + (f" · {validity}" if validity else "") + user)
    lines.append("")
    if not result.items:
        return lines + [f"_{t('no_items', lang)}_", ""]
    lines.append("| " + " | ".join(t(h, lang) for h in HEADS) + " |")
    lines.append("|---|---|---|--:|--:|--:|---|")
    for item in result.items:
        amount = _num(item.amount, unit)
        if item.status == "superseded":
            amount = f"~~{_num(item.uncapped, unit)}~~ 0"
        elif item.status == "capped":
            amount = f"**{amount}**"
        basis = words.basis(item, lang, unit) if item.factors else ""
        cells = [_esc(item.clause), _esc(item.label(lang)), _esc(basis), _num(item.uncapped, unit), _num(item.cap, unit), amount, t(item.status, lang)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(f"| | **{t('total', lang)}** | | | | **{_num(result.total, unit)}** | |")
    lines.append("")
    span = result.range
    if span is not None and span.low != span.high:

        def which(readings: Mapping[str, str]) -> str:
            return ", ".join(f"`{q}={r}`" for q, r in readings.items() if result.readings.get(q) != r) or t("readings_in_force", lang)

        line = t("range_line", lang, low=_num(span.low, unit), high=_num(span.high, unit)).capitalize()
        lines += [line + " (" + t("range_ends", lang, low=which(span.low_readings), high=which(span.high_readings)) + ")", ""]
    if explain and policy.questions:
        for question in policy.questions:
            lines.append(f"- **{_esc(policy.id)}.{_esc(question.id)}**: {_esc(question.label(lang))}")
            for reading in question.readings:
                mark = "●" if result.readings.get(question.id) == reading.id else "○"
                lines.append(f"  - {mark} `{reading.id}`: {_esc(reading.label(lang))}. {_esc(reading.rationale(lang))}")
        lines.append("")
    notes = [(n, item, words.note(item, lang)) for n, item in enumerate(result.items, 1)]
    notes = [(n, item, note) for n, item, note in notes if note or explain]
    for n, item, note in notes:
        lines.append(f"{n}. **{_esc(item.label(lang))}** ({t('clause', lang)} {_esc(item.clause)}): {_esc(note)}")
        if explain:
            lines += [f"   > {_esc(quote)}" for quote in item.text]
            lines += [f"   - {_esc(step)}" for step in words.steps(item, lang)]
    if notes:
        lines.append("")
    return lines


def render_markdown(estimate: Estimate, lang: str, *, unit: str = "yuan", explain: bool = False) -> str:
    unit_name = t("unit_wan" if unit == "wan" else "unit_yuan", lang)
    name = estimate.profile.name or estimate.profile.region
    lines = [f"## {_esc(name)}", ""]
    lines.append(f"{t('as_of', lang)}: {estimate.as_of.isoformat()} · {t('amount', lang)}: {unit_name}")
    lines.append("")
    if estimate.warnings:
        lines += [f"> ⚠ {_esc(render(w, lang))}" for w in estimate.warnings]
        lines.append("")
    for result in estimate.policies:
        lines += _policy_lines(result, lang, unit, explain)
    groups = estimate.jurisdictions()
    if len(groups) > 1:
        for group in groups:
            if group.applies:
                lines += [f"**{t('total_here', lang, region=group.regions[0])}: {_num(group.total, unit)}**", ""]
            else:
                lines += [f"{t('total_elsewhere', lang, regions=', '.join(group.regions))}: {_num(group.total, unit)}", ""]
    elif len(estimate.policies) > 1:
        lines += [f"**{t('grand_total', lang)}: {_num(estimate.total, unit)}**", ""]
    return "\n".join(lines)


def write_estimate(result: Any, output: Output) -> None:
    """`ipcalc estimate --format markdown`."""
    output.stream.write(render_markdown(result.estimate, result.lang, unit=result.unit, explain=result.explain) + "\n")
