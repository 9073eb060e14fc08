"""`ipcalc opportunities` in words and formats: the JSON document, the table, CSV and Markdown,
each from the steps found (`gains.Found`). Each step's `needs` sentence is made here, from
its fragment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Mapping, TextIO

from .. import schema
from ..gains import Found, Step
from ..i18n import Clause, FactRef, Locale, Text, render, shown, t
from ..money import Amount, display_amount
from ..rules.base import field_term, section_term, value_label
from ..version import __version__
from .document import in_unit
from .words import clause_cell, unit_word, warnings_data

if TYPE_CHECKING:
    from .formats import Output

SCHEMA = 1


def _value(value: Any, fdef: schema.Field | None, vocab: Any, section: str | None, name: str, lang: str) -> str:
    if isinstance(value, bool):
        return t("given_true" if value else "given_false", lang)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal) or isinstance(value, int) and fdef is not None and fdef.type == schema.MONEY:
        return format(shown(Amount(value), lang))
    if fdef is not None and fdef.type in (schema.TITLE, schema.AWARD, schema.LEVEL, schema.CHOICE) and section is not None:
        return value_label(vocab, section, name, value)(lang)
    return str(value)


def needs(step: Step, profile: Any, vocab: Any, lang: str) -> str:
    """The step in a sentence: fields set, entries added, entries changed."""
    facts = profile.schema
    parts = []
    for key, value in step.add.items():
        if not isinstance(value, list):
            fdef = facts.scalars.get(key)
            term = field_term(facts, None, key)(lang)
            now = profile.values.get(key)
            shown = _value(value, fdef, vocab, None, key, lang)
            if isinstance(value, bool) or now is None:
                parts.append(t("needs_set", lang, field=term, value=shown))
            else:
                parts.append(t("needs_set_from", lang, field=term, value=shown, now=_value(now, fdef, vocab, None, key, lang)))
            continue
        for entry in value:
            fields = t("needs_sep", lang).join(
                f"{field_term(facts, key, k)(lang)} = {_value(v, facts.field_of(key, k), vocab, key, k, lang)}"
                for k, v in entry.items()
                if k != "index"
            )
            if "index" in entry:
                ref = FactRef(path=f"{key}[{entry['index']}]", noun=_noun(facts, key), number=entry["index"] + 1)
                parts.append(t("needs_change", lang, fact=ref, fields=fields))
            else:
                parts.append(t("needs_new", lang, noun=_noun(facts, key)(lang), fields=fields))
    return t("needs_join", lang).join(parts)


def _noun(facts: schema.Schema, section: str) -> Text:
    found = facts.sections.get(section)
    return found.noun if found is not None else section_term(facts, section)


def plain(value: Any) -> Any:
    """A fragment as JSON-ready data: dates as ISO text; amounts stay Decimals."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def opportunities_document(
    found: Found, vocab: Any, *, lang: str = "en", unit: str = "yuan", number: Callable[[Decimal], Any] | None = None
) -> dict[str, Any]:
    """The JSON shape of `ipcalc opportunities` (see docs/json.md)."""
    mark = number or (lambda d: d)
    lang = Locale(lang, unit)

    def amount(value: Decimal | None) -> Any:
        shown = in_unit(value, unit)
        return None if shown is None else mark(shown)

    def fragment(value: Any) -> Any:
        if isinstance(value, Decimal):
            return mark(value)
        if isinstance(value, Mapping):
            return {k: fragment(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fragment(v) for v in value]
        return value

    estimate = found.estimate
    profile = estimate.profile

    def step(s: Step, with_gain: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"policy": s.policy, "rule": s.rule, "clause": s.clause, "label": s.label(lang)}
        if with_gain:
            out["gain"] = amount(s.gain)
        out["needs"] = needs(s, profile, vocab, lang)
        out["add"] = fragment(plain(s.add))
        return out

    doc: dict[str, Any] = {"schema": SCHEMA, "profile": {"name": profile.name, "region": profile.region, "kind": profile.kind}}
    doc["as_of"] = estimate.as_of.isoformat()
    if unit != "yuan":
        doc["unit"] = unit
    doc["total"] = amount(estimate.total)
    doc["opportunities"] = [step(s, True) for s in found.steps]
    doc["total_if_all"] = amount(found.total_if_all)
    doc["support"] = [step(s, False) for s in found.support]
    doc["warnings"] = warnings_data(estimate.warnings, lang)
    doc["ipcalc"] = __version__
    return doc


COLUMNS = ["policy", "rule", "clause", "label", "gain", "needs", "add"]


def _num(value: Decimal | None, unit: str) -> str:
    return "" if value is None else display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]


def _heading(found: Found, lang: str, unit: str) -> tuple[str, str]:
    """The profile's line (name, kind, date, unit) and the summary of the steps."""
    profile = found.estimate.profile
    name = profile.name or profile.region
    unit_name = unit_word(lang)
    kind = t(profile.kind, lang) if profile.kind in schema.APPLICANT_KINDS else profile.kind
    summary = t("opp_summary", lang, now=_num(found.estimate.total, unit), all=_num(found.total_if_all, unit))
    return f"{name} · {kind} · {t('as_of', lang)} {found.estimate.as_of.isoformat()} · {unit_name}", summary


def _short(found: Found, policy: str, lang: str) -> str:
    """A policy's short name (襄州区), from its result in the estimate."""
    for result in found.estimate.policies:
        if result.policy.id == policy:
            return result.policy.short(lang)
    return policy


def _where(found: Found, step: Step, lang: str) -> str:
    """Where a step comes from: (Xiangzhou District, clause 9) / (襄州区第9条)."""
    return t("step_where", lang, policy=_short(found, step.policy, lang), clause=Clause(step.clause))


def write_json(result: Any, output: Output) -> None:
    output.stream.write(result.to_json(indent=2) + "\n")


def write_csv(result: Any, output: Output) -> None:
    """One row per step, then one per support measure (no gain); `add` as compact JSON."""
    import csv

    from ..money import plain as plain_number
    from .csvout import preamble
    from .jsonout import dumps

    found, lang, vocab = result.found, result.lang, result.library.vocabulary
    profile = found.estimate.profile
    lang = Locale(lang, result.unit)
    preamble([render(w, lang) for w in found.estimate.warnings], output, lang)
    writer = csv.writer(output.stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for step in found.steps + found.support:
        gain = "" if step.gain is None else plain_number(in_unit(step.gain, result.unit))  # type: ignore[arg-type]
        writer.writerow([step.policy, step.rule, step.clause, step.label(lang), gain, needs(step, profile, vocab, lang), dumps(plain(step.add))])


def write_markdown(result: Any, output: Output) -> None:
    found, unit, vocab = result.found, result.unit, result.library.vocabulary
    lang = Locale(result.lang, unit)
    profile = found.estimate.profile
    name = profile.name or profile.region
    lines = [f"## {t('opp_heading', lang, name=name)}", ""]
    lines += [_heading(found, lang, unit)[1], ""]
    for warning in found.estimate.warnings:
        lines += [f"> ⚠ {render(warning, lang)}", ""]
    if found.steps:
        lines.append(f"| # | {t('opp_gain', lang)} | {t('opp_policy', lang)} | {t('clause', lang)} | {t('item', lang)} | {t('opp_needs', lang)} |")
        lines.append("|--:|--:|---|---|---|---|")
        for n, step in enumerate(found.steps, 1):
            cells = [str(n), "+" + _num(step.gain, unit), _short(found, step.policy, lang), clause_cell(step.clause, lang), step.label(lang), needs(step, profile, vocab, lang)]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    else:
        lines += [t("opp_none", lang), ""]
    if found.support:
        lines += [t("opp_support", lang), ""]
        lines += [f"- {_where(found, s, lang)} {s.label(lang)}: {needs(s, profile, vocab, lang)}" for s in found.support]
        lines.append("")
    output.stream.write("\n".join(lines) + "\n")


def write_table(result: Any, output: Output) -> None:
    render_table(result.found, result.library.vocabulary, output.stream, lang=result.lang, unit=result.unit, color=output.color, width=output.width)


def render_table(found: Found, vocab: Any, out: TextIO, *, lang: str, unit: str = "yuan", color: bool, width: int | None = None) -> None:
    """Ranked steps: gain and clause, what it is, and under it what it needs."""
    from rich.text import Text as RichText

    lang = Locale(lang, unit)
    from .table import _print, make_console, wrap

    console = make_console(out, color=color, width=width)
    width = console.width
    profile = found.estimate.profile
    heading, summary = _heading(found, lang, unit)
    _print(console, RichText(heading, style="bold"), width)
    for warning in found.estimate.warnings:
        _print(console, RichText(f"⚠ {render(warning, lang)}", style="yellow"), width)
    console.print()
    _print(console, RichText(t("opp_title", lang, summary=summary), style="bold"), width)
    console.print()
    if not found.steps:
        _print(console, RichText(t("opp_none", lang), style="dim"), width)
    gains = ["+" + _num(s.gain, unit) for s in found.steps]
    wide = max((len(g) for g in gains), default=0)
    number = len(str(len(gains)))
    indent = " " * (number + 2 + wide + 2)
    for n, (step, gain) in enumerate(zip(found.steps, gains), 1):
        head = RichText(f"{n:>{number}}. ")
        head.append(gain.rjust(wide), style="green")
        head.append(f"  {step.label(lang)} {_where(found, step, lang)}")
        for i, part in enumerate(wrap(head, width)):
            part.rstrip()
            console.print(part if i == 0 else RichText(indent) + part, no_wrap=True, overflow="crop", crop=True)
        for part in wrap(RichText(needs(step, profile, vocab, lang), style="dim"), max(width - len(indent), 20)):
            part.rstrip()
            console.print(RichText(indent) + part, no_wrap=True, overflow="crop", crop=True)
    if found.support:
        console.print()
        _print(console, RichText(t("opp_support", lang), style="bold"), width)
        for step in found.support:
            line = f"- {step.label(lang)} {_where(found, step, lang)}: {needs(step, profile, vocab, lang)}"
            _print(console, RichText(line), width)
