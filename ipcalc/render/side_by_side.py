"""`ipcalc compare`, side by side: totals per policy with a bar each, then the kinds of fact
whose worth differs most; as a table or as a JSON document."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from ..comparison import Comparison
from ..i18n import Locale, render, t
from ..money import display_amount
from ..schema import kind_name
from .json_document import SCHEMA, converter, in_unit
from .words import client_name, unit_word, warnings_data

if TYPE_CHECKING:
    from .formats import Output

BLOCKS = " ▏▎▍▌▋▊▉█"
MAX_LINES = 10


def bar(value: Decimal, largest: Decimal, width: int) -> str:
    """A horizontal bar in eighths of a cell, scaled so that `largest` fills `width`."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = int(value * width * 8 / largest)
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def comparison_document(
    comparison: Comparison, *, lang: str = "en", unit: str = "yuan", number: Callable[[Decimal], Any] | None = None
) -> dict[str, Any]:
    from ..version import __version__

    estimate = comparison.estimate
    amount = converter(unit, number)
    lang = Locale(lang, unit)
    profile = estimate.profile
    doc: dict[str, Any] = {"schema": SCHEMA, "profile": {"name": profile.name, "region": profile.region, "kind": profile.kind}}
    doc["as_of"] = estimate.as_of.isoformat()
    if unit != "yuan":
        doc["unit"] = unit
    doc["policies"] = [
        {
            "id": r.policy.id,
            "name": r.policy.short(lang),
            "title": r.policy.title(lang),
            "status": r.status,
            "total": amount(r.total),
            "still_to_claim": amount(r.to_claim),
            "support": _support(r),
        }
        for r in estimate.policies
    ]
    doc["lines"] = [
        {"fact": line.fact, "label": line.label(lang), "amounts": {pid: amount(v) for pid, v in line.amounts.items()}, "spread": amount(line.spread)}
        for line in comparison.lines
    ]
    doc["warnings"] = warnings_data(comparison.warnings, lang)
    doc["ipcalc"] = __version__
    return doc


def _support(result: Any) -> int:
    """How many support measures (no cash amount) a policy lists for the profile."""
    return sum(1 for i in result.items if i.status == "qualitative")


def comparison_markdown(comparison: Comparison, lang: str, unit: str = "yuan") -> str:
    """The comparison for a memo: totals per policy, then the kinds of fact that differ."""
    estimate = comparison.estimate

    def num(value: Decimal) -> str:
        return display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]

    lang = Locale(lang, unit)
    name = client_name(estimate, lang)
    lines = [f"## {name}", "", f"{t('as_of', lang)}: {estimate.as_of.isoformat()} · {t('amount', lang)}: {unit_word(lang)}", ""]
    warnings = [render(w, lang) for w in comparison.warnings]
    lines += [f"> ⚠ {w}" for w in warnings] + ([""] if warnings else [])
    lines.append(f"| {t('policy', lang)} | {t('status', lang)} | {t('total', lang)} | |")
    lines.append("|---|---|--:|---|")
    for r in estimate.policies:
        support = _support(r)
        note = t("support_only", lang, n=support) if r.total == 0 and support else ""
        lines.append(f"| {r.policy.short(lang)} | {t(r.status, lang)} | {num(r.total)} | {note} |")
    lines.append("")
    shown = [line for line in comparison.lines if line.spread > 0][:MAX_LINES]
    if shown:
        ids = [r.policy.id for r in estimate.policies]
        lines += [f"**{t('differ_most', lang)}**", ""]
        lines.append(f"| {t('fact', lang)} | " + " | ".join(r.policy.short(lang) for r in estimate.policies) + " |")
        lines.append("|---|" + "--:|" * len(ids))
        for line in shown:
            lines.append(f"| {line.label(lang)} | " + " | ".join(num(line.amounts[i]) for i in ids) + " |")
        lines.append("")
    return "\n".join(lines)


def write_json(result: Any, output: Output) -> None:
    output.stream.write(result.to_json(indent=2) + "\n")


def write_markdown(result: Any, output: Output) -> None:
    output.stream.write(comparison_markdown(result.comparison, result.lang, result.unit) + "\n")


def write_table(result: Any, output: Output) -> None:
    render_comparison(result.comparison, output.stream, lang=result.lang, color=output.color, unit=result.unit, width=output.width)


def render_comparison(
    comparison: Comparison, out: TextIO, *, lang: str = "en", color: bool = False, unit: str = "yuan", width: int | None = None
) -> None:
    from .styled import Text, cell_len
    from .table_writer import POLICY_STYLE, _print, make_console

    estimate = comparison.estimate
    lang = Locale(lang, unit)
    console = make_console(out, color=color, width=width)
    width = console.width

    def num(value: Decimal) -> str:
        return display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]

    def pad(text: str, size: int, right: bool = False) -> str:
        gap = " " * max(size - cell_len(text), 0)
        return gap + text if right else text + gap

    profile = estimate.profile
    unit_name = unit_word(lang)
    kind = render(kind_name(profile.schema, profile.kind), lang)
    heading = f"{client_name(estimate, lang)} · {kind} · {t('as_of', lang)} {estimate.as_of} · {unit_name}"
    _print(console, Text(heading, style="bold"), width)
    for warning in comparison.warnings:
        _print(console, Text(f"⚠ {render(warning, lang)}", style="yellow"), width)
    console.print()

    results = estimate.policies
    ids = [r.policy.id for r in results]
    names = {r.policy.id: r.policy.short(lang) for r in results}
    id_w = max([cell_len(t("policy", lang))] + [cell_len(n) for n in names.values()])
    status_w = max([cell_len(t("status", lang))] + [cell_len(t(r.status, lang)) for r in results])
    total_w = max([cell_len(t("total", lang))] + [cell_len(num(r.total)) for r in results])
    bar_w = max(width - id_w - status_w - total_w - 6, 10)
    largest = max((r.total for r in results), default=Decimal(0))
    head = f"{pad(t('policy', lang), id_w)}  {pad(t('status', lang), status_w)}  {pad(t('total', lang), total_w, True)}"
    console.print(Text(head, style="bold"), no_wrap=True, crop=True)
    for r in results:
        line = Text(f"{pad(names[r.policy.id], id_w)}  ")
        line.append(pad(t(r.status, lang), status_w), style=POLICY_STYLE.get(r.status, ""))
        line.append(f"  {pad(num(r.total), total_w, True)}  ")
        line.append(bar(r.total, largest, bar_w), style="cyan")
        if r.total == 0 and _support(r):
            line.append(t("support_only", lang, n=_support(r)), style="dim")
        line.rstrip()
        console.print(line, no_wrap=True, crop=True)

    console.print()
    console.print(Text(t("differ_most", lang), style="bold"))
    lines = [line for line in comparison.lines if line.spread > 0][:MAX_LINES]
    if not lines:
        console.print(Text(t("nothing_differs", lang), style="dim"))
        return
    col_w = [max(cell_len(names[i]), *(cell_len(num(line.amounts[i])) for line in lines)) for i in ids]
    label_w = max(10, width - sum(col_w) - 2 * len(ids))
    head = pad(t("fact", lang), label_w) + "".join(f"  {pad(names[i], w, True)}" for i, w in zip(ids, col_w))
    console.print(Text(head.rstrip(), style="bold"), no_wrap=True, crop=True)
    for fact in lines:
        best = max(fact.amounts.values())
        row = Text(fact.label(lang))
        row.truncate(label_w, overflow="ellipsis", pad=True)  # measured in cells, CJK-safe
        for pid, w in zip(ids, col_w):
            value = fact.amounts[pid]
            row.append("  ")
            row.append(pad(num(value), w, True), style="bold green" if value == best and value > 0 else "")
        console.print(row, no_wrap=True, crop=True)
