"""Markdown for a client memo: one table per policy, totals, warnings, notes; from the
estimate's items through `words`, like every other format."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import Clause, Locale, render, t
from ..money import display_amount
from ..result import Estimate, PolicyResult
from . import words
from .json_document import in_unit

if TYPE_CHECKING:
    from .formats import Output


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _num(value: Decimal | None, unit: str = "yuan") -> str:
    return "" if value is None else display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]


HEADS = ["clause", "item", "col_for", "basis", "uncapped", "cap", "amount", "status"]


def _policy_lines(result: PolicyResult, profile: Any, lang: str, unit: str, explain: bool, profile_as_of: Any = None) -> list[str]:
    policy = result.policy
    title = f"### {_esc(policy.short(lang))} — {_esc(policy.title(lang))}"
    if policy.document:
        title += f" ({_esc(policy.document)})"
    lines = [title, ""]
    validity = words.validity_words(policy, profile_as_of, lang)
    user = f" · {t('user_file', lang)}" if policy.origin == "user" else ""
    lines.append(f"{t(result.status, lang)}" + (f" · {validity}" if validity else "") + user)
    lines.append("")
    if not result.items:
        return lines + [f"_{t('no_items', lang)}_", ""]
    lines.append("| " + " | ".join(t(h, lang) for h in HEADS) + " |")
    lines.append("|---|---|---|---|--:|--:|--:|---|")
    for item in result.items:
        amount = _num(item.amount, unit)
        if item.status == "superseded":
            amount = f"~~{_num(item.uncapped, unit)}~~ 0"
        elif item.status == "capped":
            amount = f"**{amount}**"
        basis = words.basis(item, lang, unit) if item.factors and item.status != "qualitative" else ""
        status = t(item.status, lang) + (f" · {t('claimed', lang)}" if item.claimed else "")
        about = words.fact_words(item, profile, lang) if item.status != "qualitative" else ""
        cells = [
            _esc(words.clause_cell(item.clause, lang)),
            _esc(item.label(lang)),
            _esc(about),
            _esc(basis),
            _num(item.uncapped, unit),
            _num(item.cap, unit),
            amount,
            status,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(f"| | **{t('total', lang)}** | | | | | **{_num(result.total, unit)}** | |")
    if result.to_claim != result.total:
        lines.append(f"| | {t('still_to_claim', lang)} | | | | | {_num(result.to_claim, unit)} | |")
    lines.append("")
    heading = t("questions_heading", lang)
    for n, line in enumerate(words.words_of_readings(result, lang, lambda v: _num(v, unit), explain)):
        if n == 0 or line == heading:  # the range's figures, the questions' heading: paragraphs
            if lines[-1] != "":
                lines.append("")
            lines += [_esc(line), ""]
        else:
            lines.append(("  - " if line.startswith("  ") else "- ") + _esc(line.strip()))
    if lines[-1] != "":
        lines.append("")
    if explain:
        lines += [f"**{_esc(t('apply_heading', lang))}**", ""]
        lines += [f"- {_esc(line)}" for line in words.guidance_lines(policy.apply, lang)]
        lines.append("")
    notes = [(n, item, words.note(item, lang)) for n, item in enumerate(result.items, 1)]
    notes = [(n, item, note) for n, item, note in notes if note or explain]
    for n, item, note in notes:
        where = Clause(item.clause).render(lang)
        lines.append(f"{n}. **{_esc(item.label(lang))}** ({_esc(where)}): {_esc(note)}")
        if explain:
            lines += [f"   > {_esc(quote)}" for quote in item.text]
            lines += [f"   - {_esc(step)}" for step in words.steps(item, lang)]
            rule = policy.rule(item.rule)
            if rule is not None and rule.apply:
                lines += [f"   - {_esc(line)}" for line in words.guidance_lines(rule.apply, lang, said_only=True)]
    if notes:
        lines.append("")
    return lines


def render_markdown(estimate: Estimate, lang: str, *, unit: str = "yuan", explain: bool = False) -> str:
    lang = Locale(lang, unit)
    unit_name = words.unit_word(lang)
    name = words.client_name(estimate, lang)
    lines = [f"## {_esc(name)}", ""]
    lines.append(f"{t('as_of', lang)}: {estimate.as_of.isoformat()} · {t('amount', lang)}: {unit_name}")
    lines.append("")
    if estimate.warnings:
        lines += [f"> ⚠ {_esc(render(w, lang))}" for w in estimate.warnings]
        lines.append("")
    for result in estimate.policies:
        lines += _policy_lines(result, estimate.profile, lang, unit, explain, estimate.as_of)
    groups = estimate.jurisdictions()
    if len(groups) > 1:
        for group in groups:
            if group.applies:
                lines += [f"**{t('total_here', lang, region=group.names)}: {_num(group.total, unit)}**", ""]
            else:
                lines += [f"{t('total_elsewhere', lang, regions=group.names)}: {_num(group.total, unit)}", ""]
    elif len(estimate.policies) > 1:
        lines += [f"**{t('grand_total', lang)}: {_num(estimate.total, unit)}**", ""]
        if estimate.still_to_claim != estimate.total:
            lines += [f"{t('still_to_claim', lang)}: {_num(estimate.still_to_claim, unit)}", ""]
    return "\n".join(lines)


def write_estimate(result: Any, output: Output) -> None:
    """`ipcalc estimate --format markdown`."""
    output.stream.write(render_markdown(result.estimate, result.lang, unit=result.unit, explain=result.explain) + "\n")
