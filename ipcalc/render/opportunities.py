"""`ipcalc opportunities` in words and formats: the JSON document, the table, CSV and Markdown,
each from the steps found (`steps.Found`). Each step's `needs` sentence is made here, from
its fragment, in words a client can hear: the labels of the fields and the words of their
values, never a field's name or a raw value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from .. import schema
from ..fact_warnings import fact_ref
from ..i18n import Clause, Locale, Text, keeps_codes, render, t
from ..money import Amount, Percent, display_amount
from ..rules.base import field_term, section_term
from ..steps import KINDS, Found, Step, sized_field
from ..version import __version__
from .json_document import in_unit
from .words import clause_cell, client_name, new_entry_words, unit_word, value_words, warnings_data

if TYPE_CHECKING:
    from .formats import Output

SCHEMA = 1


def needs(step: Step, profile: Any, vocab: Any, lang: str) -> str:
    """The step in a sentence: fields set, entries added, entries changed; a business
    decision as what comes back when the client next takes it."""
    if step.kind == "conditional":
        return conditional_words(step, profile, lang)
    facts = profile.schema
    parts = []
    for key, value in step.add.items():
        if not isinstance(value, list):
            fdef = facts.scalars.get(key)
            term = field_term(facts, None, key)(lang)
            now = profile.values.get(key)
            said = value_words(value, fdef, vocab, None, key, lang)
            if isinstance(value, bool) or now is None:
                parts.append(t("needs_set", lang, field=term, value=said))
            else:
                parts.append(t("needs_set_from", lang, field=term, value=said, now=value_words(now, fdef, vocab, None, key, lang)))
            continue
        changed: dict[str, list[int]] = {}  # the same change to several entries: said once,
        places: dict[str, int] = {}  # where the first of them stands
        for entry in value:
            if "index" in entry:
                fields = t("needs_sep", lang).join(
                    t("needs_field_value", lang, field=field_term(facts, key, k), value=value_words(v, facts.field_of(key, k), vocab, key, k, lang))
                    for k, v in entry.items()
                    if k != "index"
                )
                if fields not in changed:
                    places[fields] = len(parts)
                    parts.append("")  # filled in below
                changed.setdefault(fields, []).append(entry["index"])
            else:
                parts.append(t("needs_new", lang, noun=_noun(facts, key)(lang), fields=new_entry_words(profile, key, entry, lang)))
        for fields, indices in changed.items():
            if len(indices) <= 3:
                said = t("needs_join", lang).join(t("needs_change", lang, fact=fact_ref(facts, key, i), fields=fields) for i in indices)
            else:
                first, last = (fact_ref(facts, key, i) for i in (indices[0], indices[-1]))
                said = t("needs_change_many", lang, n=len(indices), first=first, last=last, fields=fields)
            parts[places[fields]] = said
    said = t("needs_join", lang).join(parts)
    return t("needs_on", lang, on=step.on, what=said) if step.on is not None else said


def conditional_words(step: Step, profile: Any, lang: str) -> str:
    """A business decision, said out loud: "when the client next decides to borrow against IP:
    28.25% of what it costs comes back, 32,625 on a new loan: ...; the most one more pays
    now: 334,750"."""
    facts = profile.schema
    section, entry = next((k, e) for k, v in step.add.items() if isinstance(v, list) for e in v if "index" not in e)
    info = facts.sections[section]
    article = "an" if info.noun.en[:1].lower() in "aeiou" else "a"  # a rough rule, right for the nouns policies use
    decision = info.decision or Text(f"add {article} {info.noun.en}", f"新增{info.noun.zh}")
    field = sized_field(section, entry, facts)
    if step.cost:
        base = t("opp_base_cost", lang)
    else:
        base = t("opp_base_field", lang, field=field_term(facts, section, field or ""))
    example = t("needs_new", lang, noun=_noun(facts, section)(lang), fields=new_entry_words(profile, section, entry, lang))
    most = t("opp_most", lang, most=Amount(step.most)) if step.most is not None else t("opp_most_none", lang)
    return t(
        "opp_conditional", lang, decision=decision, share=Percent(step.share or 0), base=base, gain=Amount(step.gain or 0), example=example, most=most
    )


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
    found: Found, vocab: Any, *, lang: str = "en", unit: str = "yuan", number: Callable[[Decimal], Any] | None = None, every: bool = False
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

    def step(s: Step, with_gain: bool, top: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"policy": s.policy, "rule": s.rule, "clause": s.clause, "label": s.label(lang)}
        if with_gain:
            out["kind"] = s.kind
            out["gain"] = amount(s.gain)
            if s.on is not None:
                out["on"] = s.on.isoformat()
            if s.cost is not None:
                out["cost"] = amount(s.cost)
            if s.net is not None:
                out["net"] = amount(s.net)
            if s.kind == "conditional":
                out["share"] = mark(s.share) if s.share is not None else None
                out["most"] = amount(s.most)
            out["group"] = s.group
            if s.room is not None:
                out["room"] = amount(s.room)
        out["needs"] = needs(s, profile, vocab, lang)
        if with_gain:
            out["notes"] = [render(n, lang) for n in s.notes]
        out["add"] = fragment(plain(s.add))
        if with_gain and top:
            out["alternatives"] = [step(a, True, False) for a in s.alternatives]
        return out

    shown = found.shown(every)
    doc: dict[str, Any] = {"schema": SCHEMA, "profile": {"name": profile.name, "region": profile.region, "kind": profile.kind}}
    doc["as_of"] = estimate.as_of.isoformat()
    if unit != "yuan":
        doc["unit"] = unit
    doc["total"] = amount(estimate.total)
    doc["opportunities"] = [step(s, True) for s in shown]
    doc["total_if_all"] = amount(found.total(every))
    doc["aspirational_left_out"] = found.left_out(every)
    doc["closing"] = [{"policy": c.policy, "until": c.until.isoformat(), "days_left": c.days, "lead_days": c.lead_days} for c in found.closing]
    doc["support"] = [step(s, False) for s in found.support]
    doc["warnings"] = warnings_data(estimate.warnings, lang)
    doc["ipcalc"] = __version__
    return doc


COLUMNS = ["step_kind", "policy", "rule", "clause", "label", "gain", "cost", "net", "share", "most", "on", "group", "needs", "notes", "add"]


def _num(value: Decimal | None, unit: str) -> str:
    return "" if value is None else display_amount(in_unit(value, unit), unit)  # type: ignore[arg-type]


def _heading(found: Found, lang: str, unit: str, every: bool) -> tuple[str, str]:
    """The profile's line (name, kind, date, unit) and the summary of the steps."""
    profile = found.estimate.profile
    name = client_name(found.estimate, lang)
    unit_name = unit_word(lang)
    kind = t(profile.kind, lang) if profile.kind in schema.APPLICANT_KINDS else profile.kind
    summary = t("opp_summary", lang, now=_num(found.estimate.total, unit), all=_num(found.total(every), unit))
    return f"{name} · {kind} · {t('as_of', lang)} {found.estimate.as_of.isoformat()} · {unit_name}", summary


def _figure(step: Step, unit: str, lang: str) -> str:
    """What a step's line leads with: +gain; for a business decision, the share back."""
    if step.kind == "conditional":
        return t("opp_share_back", lang, share=Percent(step.share or 0))
    return "+" + _num(step.gain, unit)


def _alternative(found: Found, step: Step, other: Step, profile: Any, vocab: Any, unit: str, lang: str) -> str:
    """Another member of a step's group: what it needs (its rule too, when another one's),
    and its gain."""
    what = needs(other, profile, vocab, lang)
    if other.rule != step.rule:
        what = f"{other.label(lang)} {_where(found, other, lang)}: {what}"
    return t("opp_alternative", lang, what=what, gain=_figure(other, unit, lang))


def _left_out(found: Found, every: bool, lang: str) -> str | None:
    n = found.left_out(every)
    return t("opp_more_with_all", lang, n=n) if n else None


def _closing_lines(found: Found, lang: str) -> list[str]:
    return [t("opp_closing", lang, name=_short(found, c.policy, lang), until=c.until, days=c.days, lead=c.lead_days) for c in found.closing]


def _short(found: Found, policy: str, lang: str) -> str:
    """A policy's short name (襄州区), from its result in the estimate."""
    for result in found.estimate.policies:
        if result.policy.id == policy:
            return result.policy.short(lang)
    return policy


def _where(found: Found, step: Step, lang: str) -> str:
    """Where a step comes from: (Xiangzhou District, clause 9) / (襄州区第9条)."""
    return t("step_where", lang, policy=_short(found, step.policy, lang), clause=Clause(step.clause))


def _hint(result: Any, output: Output) -> None:
    """On standard error, for the one reading a table or a memo: how to list what is left
    out (a flag belongs to the consultant, not to what the client reads)."""
    n = result.found.left_out(result.every)
    if n:
        output.err.write("ipcalc: " + t("opp_hint_all", Locale(result.lang, result.unit), n=n) + "\n")


def write_json(result: Any, output: Output) -> None:
    output.stream.write(result.to_json(indent=2) + "\n")


def write_csv(result: Any, output: Output) -> None:
    """One row per step (its alternatives after it, same group), then one per support
    measure (no gain); `add` as compact JSON."""
    import csv

    from ..money import plain as plain_number
    from .csv_writer import cell, heads, preamble
    from .json_writer import dumps

    found, vocab, unit = result.found, result.library.vocabulary, result.unit
    lang = Locale(result.lang, unit)
    profile = found.estimate.profile
    preamble([render(w, lang) for w in found.estimate.warnings], output, lang)
    writer = csv.writer(output.stream, lineterminator="\n")
    writer.writerow(heads(COLUMNS, lang))

    def number(value: Decimal | None) -> str:
        return "" if value is None else plain_number(in_unit(value, unit))  # type: ignore[arg-type]

    rows = []
    for step in found.shown(result.every):
        rows += [step, *step.alternatives]
    for step in rows + found.support:
        kind = step.kind if step.gain is not None else ""
        writer.writerow(
            [
                cell(v)
                for v in (
                    t(f"kind_word_{kind}", lang) if kind and not keeps_codes(lang) else kind,
                    step.policy if keeps_codes(lang) else _short(found, step.policy, lang),
                    step.rule,
                    step.clause if keeps_codes(lang) else clause_cell(step.clause, lang),
                    step.label(lang),
                    number(step.gain),
                    number(step.cost),
                    number(step.net),
                    plain_number(step.share) if step.share is not None else "",
                    number(step.most),
                    step.on.isoformat() if step.on is not None else "",
                    step.group or "",
                    needs(step, profile, vocab, lang),
                    t("sep_semicolon", lang).join(render(n, lang) for n in step.notes),
                    dumps(plain(step.add)),
                )
            ]
        )


def write_markdown(result: Any, output: Output) -> None:
    found, unit, vocab = result.found, result.unit, result.library.vocabulary
    lang = Locale(result.lang, unit)
    profile = found.estimate.profile
    name = client_name(found.estimate, lang)
    lines = [f"## {t('opp_heading', lang, name=name)}", ""]
    lines += [_heading(found, lang, unit, result.every)[1], ""]
    for warning in found.estimate.warnings:
        lines += [f"> ⚠ {render(warning, lang)}", ""]
    for line in _closing_lines(found, lang):
        lines += [f"> ⚠ {line}", ""]
    shown = found.shown(result.every)
    if not shown:
        lines += [t("opp_none", lang), ""]
    n = 0
    for kind in KINDS:
        steps = [s for s in shown if s.kind == kind]
        if not steps:
            continue
        lines += [f"### {t(f'kind_{kind}', lang)}", ""]
        lines.append(f"| # | {t('opp_gain', lang)} | {t('opp_policy', lang)} | {t('clause', lang)} | {t('item', lang)} | {t('opp_needs', lang)} |")
        lines.append("|--:|--:|---|---|---|---|")
        for step in steps:
            n += 1
            said = [needs(step, profile, vocab, lang)] + [render(note, lang) for note in step.notes]
            said += [_alternative(found, step, a, profile, vocab, unit, lang) for a in step.alternatives]
            cells = [
                str(n),
                _figure(step, unit, lang),
                _short(found, step.policy, lang),
                clause_cell(step.clause, lang),
                step.label(lang),
                "; ".join(said),
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    left = _left_out(found, result.every, lang)
    if left:
        lines += [f"_{left}_", ""]
    if found.support:
        lines += [t("opp_support", lang), ""]
        lines += [f"- {_where(found, s, lang)} {s.label(lang)}: {needs(s, profile, vocab, lang)}" for s in found.support]
        lines.append("")
    output.stream.write("\n".join(lines) + "\n")
    _hint(result, output)


def write_table(result: Any, output: Output) -> None:
    render_table(
        result.found,
        result.library.vocabulary,
        output.stream,
        lang=result.lang,
        unit=result.unit,
        color=output.color,
        width=output.width,
        every=result.every,
    )
    _hint(result, output)


def render_table(
    found: Found, vocab: Any, out: TextIO, *, lang: str, unit: str = "yuan", color: bool, width: int | None = None, every: bool = False
) -> None:
    """The steps by kind, ranked: gain (or for a business decision, the share back), what
    it is, and under it what it needs, its notes and its alternatives."""
    from .styled import Text as RichText
    from .styled import cell_len
    from .table_writer import _print, make_console, wrap

    lang = Locale(lang, unit)
    console = make_console(out, color=color, width=width)
    width = console.width
    profile = found.estimate.profile
    heading, summary = _heading(found, lang, unit, every)
    _print(console, RichText(heading, style="bold"), width)
    for warning in found.estimate.warnings:
        _print(console, RichText(f"⚠ {render(warning, lang)}", style="yellow"), width)
    for line in _closing_lines(found, lang):
        _print(console, RichText(f"⚠ {line}", style="yellow"), width)
    console.print()
    _print(console, RichText(t("opp_title", lang, summary=summary), style="bold"), width)
    shown = found.shown(every)
    if not shown:
        console.print()
        _print(console, RichText(t("opp_none", lang), style="dim"), width)
    figures = {id(s): _figure(s, unit, lang) for s in shown}
    wide = max((cell_len(g) for g in figures.values()), default=0)
    number = len(str(len(shown)))
    indent = " " * (number + 2 + wide + 2)
    n = 0

    def said(text: str, style: str) -> None:
        for part in wrap(RichText(text, style=style), max(width - len(indent), 20)):
            part.rstrip()
            console.print(RichText(indent) + part, no_wrap=True, overflow="crop", crop=True)

    for kind in KINDS:
        steps = [s for s in shown if s.kind == kind]
        if not steps:
            continue
        console.print()
        _print(console, RichText(t(f"kind_{kind}", lang), style="bold underline"), width)
        for step in steps:
            n += 1
            head = RichText(f"{n:>{number}}. ")
            figure = figures[id(step)]
            head.append(" " * (wide - cell_len(figure)) + figure, style="cyan" if step.kind == "conditional" else "green")
            head.append(f"  {step.label(lang)} {_where(found, step, lang)}")
            for i, part in enumerate(wrap(head, width)):
                part.rstrip()
                console.print(part if i == 0 else RichText(indent) + part, no_wrap=True, overflow="crop", crop=True)
            said(needs(step, profile, vocab, lang), "dim")
            for note in step.notes:
                said(render(note, lang), "italic dim")
            for other in step.alternatives:
                said(_alternative(found, step, other, profile, vocab, unit, lang), "dim")
    left = _left_out(found, every, lang)
    if left:
        console.print()
        _print(console, RichText(left, style="dim"), width)
    if found.support:
        console.print()
        _print(console, RichText(t("opp_support", lang), style="bold"), width)
        for step in found.support:
            line = f"- {step.label(lang)} {_where(found, step, lang)}: {needs(step, profile, vocab, lang)}"
            _print(console, RichText(line), width)
