"""The one place that turns an item's data into words: its basis (the arithmetic with its
numbers), its note (reasons and the interpretation), its explain steps and its fact, in
English or Chinese; and the same data as plain JSON-ready values.

The engine says what happened (factors, reason codes with values, fact paths); this module
says it in a language, through the catalogue (`ipcalc.catalogue`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..i18n import Clause, Msg, Text, plain_value, render, t, unit_of
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
    return t("sep_semicolon", lang).join(parts)


def interpretation(item: Item, lang: str) -> str:
    return render(item.interpretation, lang) if item.interpretation is not None else ""


def steps(item: Item, lang: str) -> list[str]:
    """The arithmetic stage by stage (with --explain); the base step shows the basis."""
    shown = basis(item, lang, unit_of(lang)) if item.trace else ""
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


def clause_cell(clause: str, lang: str) -> str:
    """A clause in a column of clauses: as the policy numbers it in English (5), 第5条 in
    Chinese; a clause that is a label (三(一)2) as it is."""
    return t("clause_cell", lang, n=clause) if clause.isdigit() else clause


# ------------------------------------------------------------------ what an item is for


#: the fields that say which fact an entry is, by section (the others: its date)
_DETAILS = {
    "titles": "fact_title",
    "awards": "fact_award",
    "insurance": "fact_insurance",
    "loans": "fact_loan",
    "inbound_deals": "fact_inbound",
    "outbound_deals": "fact_amount",
    "cases": "fact_case",
    "events": "fact_event",
    "patents": "fact_patent",
    "trademarks": "fact_trademark",
}


def fact_words(item: Item, profile: Any, lang: str) -> str:
    """The fact an item is for, in words: "loan #2: issued 2024-03-01, 3,000,000, 12 months";
    a year of facts summed, "deals #1, #2 (2024)"; a profile field, its name and value. ""
    for a support measure."""
    if not item.facts:
        return ""
    schema = profile.schema
    first = item.facts[0]
    if len(first) == 1:
        return field_words(profile, first[0], lang)
    section = first[0]
    info = schema.sections.get(section)
    noun = info.noun if info is not None else Text(section, section)
    if item.year is not None or len(item.facts) > 1:
        numbers = [f"#{p[1] + 1}" for p in item.facts]
        return t("fact_several", lang, noun=noun, numbers=numbers, year=item.year or "")
    return entry_words(profile, section, first[1], lang, subject=item.subject)


def field_words(profile: Any, name: str, lang: str) -> str:
    """A field of the profile and its value, in words: "patent agents newly qualified or
    recruited: 1"; "runs an IP protection workstation: yes"."""
    from ..rules.base import field_term

    fdef = profile.schema.scalars.get(name)
    value = value_words(profile.values.get(name), fdef, profile.vocabulary, None, name, lang)
    return t("fact_field", lang, field=field_term(profile.schema, None, name), value=value)


def value_words(value: Any, fdef: Any, vocab: Any, section: str | None, name: str, lang: str) -> str:
    """A value of a field as a client reads it: yes or no, a date, an amount (in the
    reader's unit), a rate as a percentage, the words of a choice, a title or an award;
    never the raw value ("true", 0.0385, "purchase")."""
    from datetime import date as Date

    from .. import schema
    from ..i18n import shown
    from ..money import Amount, Rate, trimmed
    from ..rules.base import value_label

    if value is None:
        return t("not_given", lang)
    if isinstance(value, bool):
        return t("word_yes" if value else "word_no", lang)
    if isinstance(value, Date):
        return value.isoformat()
    kind = fdef.type if fdef is not None else None
    if kind == schema.MONEY:
        return format(shown(Amount(value), lang))
    if kind == schema.FRACTION:
        return format(Rate(value))
    if kind in (schema.TITLE, schema.AWARD, schema.LEVEL, schema.CHOICE) and vocab is not None:
        if section is None and kind == schema.CHOICE and fdef is not None:
            return (fdef.choice_labels.get(value) or Text(str(value), str(value)))(lang)
        if section is not None:
            return value_label(vocab, section, name, value)(lang)
    if isinstance(value, Decimal):
        return trimmed(value)
    return str(value)


def kind_words(profile: Any) -> Any:
    """The applicant's kind in words (企业)."""
    from ..schema import kind_name

    return kind_name(profile.schema, profile.kind)


def entry_words(profile: Any, section: str, index: int, lang: str, *, subject: Any = None) -> str:
    """An entry of the profile in words: "loan #2: issued 2024-03-01, 3,000,000, 12 months"."""
    info = profile.schema.sections.get(section)
    noun = info.noun if info is not None else Text(section, section)
    details = _details(section, profile.facts[section][index], profile, lang, subject)
    return t("fact_entry", lang, noun=noun, n=index + 1, details=details) if details else t("fact_ref", lang, noun=noun, n=index + 1)


#: the fields `details` says of an entry of each section (the others: said one by one)
DETAILED = {
    "titles": ("title", "level", "date"),
    "awards": ("award", "count", "date"),
    "insurance": ("premium", "date"),
    "loans": ("principal", "months", "issued"),
    "inbound_deals": ("amount", "mode", "date"),
    "outbound_deals": ("amount", "date"),
    "cases": ("costs", "scope", "date"),
    "events": ("cost", "date"),
    "patents": ("type", "route", "country", "count", "date"),
    "trademarks": ("type", "count", "date"),
}


def new_entry_words(profile: Any, section: str, entry: dict[str, Any], lang: str) -> str:
    """An entry that is not the profile's yet, in words: what `details` says of it, then its
    other fields given, each with its label ("IP share of the collateral: 60%")."""
    info = profile.schema.sections.get(section)
    if info is None:
        return ", ".join(f"{k}: {v}" for k, v in entry.items())
    full = {name: fdef.default for name, fdef in info.fields.items()}
    full.update(entry)
    said = _details(section, full, profile, lang) if section in DETAILED else ""
    covered = DETAILED.get(section, (info.date_field,))
    parts = [said] if said else []
    for name, value in entry.items():
        fdef = info.fields.get(name)
        if name in covered or name == "index" or fdef is None or value == fdef.default and not fdef.required:
            continue
        from ..rules.base import field_term

        parts.append(
            t(
                "needs_field_value",
                lang,
                field=field_term(profile.schema, section, name),
                value=value_words(value, fdef, profile.vocabulary, section, name, lang),
            )
        )
    return t("needs_sep", lang).join(parts)


def _details(section: str, entry: dict[str, Any], profile: Any, lang: str, subject: Any = None) -> str:
    """What an entry is, in a few words: its kind or label, its amount, its date."""
    from ..money import Amount, Grouped

    code = _DETAILS.get(section)
    day = entry.get(profile.schema.sections[section].date_field) if section in profile.schema.sections else None
    values: dict[str, Any] = {"date": day or t("fact_undated", lang)}
    vocab = profile.vocabulary
    if code == "fact_title":
        values["what"] = subject or (vocab.title_subject(entry["title"], entry.get("level")) if vocab else entry["title"])
    elif code == "fact_award":
        values["what"] = vocab.award_name(entry["award"]) if vocab else entry["award"]
        values["count"] = entry.get("count") or 1
    elif code == "fact_insurance":
        values["amount"] = Amount(entry["premium"])
    elif code == "fact_loan":
        values.update(amount=Grouped(entry["principal"]), months=entry["months"])
    elif code == "fact_inbound":
        values.update(amount=Grouped(entry["amount"]), what=_choice(profile, section, "mode", entry["mode"]))
    elif code == "fact_amount":
        values["amount"] = Grouped(entry["amount"])
    elif code == "fact_case":
        values.update(amount=Grouped(entry["costs"]), what=_choice(profile, section, "scope", entry["scope"]))
    elif code == "fact_event":
        values["amount"] = Grouped(entry["cost"])
    elif code == "fact_patent":
        what = _choice(profile, section, "type", entry["type"])
        where = entry.get("country") or _choice(profile, section, "route", entry["route"])
        values.update(what=what, where=where, count=entry.get("count") or 1)
    elif code == "fact_trademark":
        values.update(what=_choice(profile, section, "type", entry["type"]), count=entry.get("count") or 1)
    else:
        return t("fact_dated", lang, **values) if day else ""
    return t(code, lang, **values)


def _choice(profile: Any, section: str, name: str, value: Any) -> Any:
    fdef = profile.schema.field_of(section, name)
    if fdef is not None and fdef.choice_labels and value in fdef.choice_labels:
        return fdef.choice_labels[value]
    return str(value)


def end_words(policy: Any, as_of: Any, lang: str) -> str:
    """When a policy ends, as of a date: "ends 2025-12-31, in 46 days", "ended 2025-12-31,
    3 days ago"; "" for a policy without an end."""
    until = policy.valid_until
    if until is None:
        return ""
    days = (until - as_of).days
    if days > 1:
        return t("ends_in", lang, until=until, days=days)
    if days == 1:
        return t("ends_tomorrow", lang, until=until)
    if days == 0:
        return t("ends_today", lang, until=until)
    return t("ended_yesterday", lang, until=until) if days == -1 else t("ended_ago", lang, until=until, days=-days)


def validity_words(policy: Any, as_of: Any, lang: str) -> str:
    """A policy's dates and when it ends: "2023-08-30 – 2025-12-31 · ends 2025-12-31, in 184
    days"; "" for a policy without dates."""
    dates = " – ".join(d.isoformat() for d in (policy.valid_from, policy.valid_until) if d)
    ends = end_words(policy, as_of, lang)
    return " · ".join(part for part in (dates, ends) if part)


# ------------------------------------------------------------------ the range over readings


def words_of_readings(result: PolicyResult, lang: str, amount: Callable[[Decimal], str], explain: bool) -> list[str]:
    """Under a policy's total, when its readings give different totals: the figure expected
    (the readings in force), the conservative and optimistic ones (the lowest and highest),
    and which readings, by their labels, give each; with `explain`, every question, its
    readings, and which one the bureau applies, where that is known."""
    out = []
    span = result.range
    policy = result.policy
    if span is not None and span.low != span.high:
        out.append(t("range_expected", lang, total=amount(result.total), low=amount(span.low), high=amount(span.high), unit=unit_after(lang)))
        for end, readings in (("range_conservative", span.low_readings), ("range_optimistic", span.high_readings)):
            labels = [policy_reading(policy, q, r).label for q, r in readings.items() if result.readings.get(q) != r]
            if labels:
                out.append(t(end, lang, readings=labels))
    if explain and policy.questions:
        out.append(t("questions_heading", lang))
        for question in policy.questions:
            out.append(t("question_words", lang, label=question.label))
            for reading in question.readings:
                mark = "●" if result.readings.get(question.id) == reading.id else "○"
                out.append("  " + t("reading_words", lang, mark=mark, label=reading.label, rationale=reading.rationale))
            out.append("  " + likely_words(question, lang))
    return out


def unit_word(lang: str) -> str:
    """The name of the unit amounts are shown in: yuan, 元; 10,000 yuan, 万元."""
    return t("unit_wan" if unit_of(lang) == "wan" else "unit_yuan", lang)


def money_text(value: Decimal | None, unit: str) -> str:
    """An amount as a column shows it, in its unit: 80,000; 8."""
    from ..money import display_amount

    if value is None:
        return ""
    return display_amount(value / 10000 if unit == "wan" else value, unit)


def unit_after(lang: str) -> str:
    """The unit's word after a number: 1,490,250 yuan, 149.025 wan; 149.025 万元."""
    return t(f"unit_after_{unit_of(lang)}", lang)


def policy_reading(policy: Any, question: str, reading: str) -> Any:
    return next(q for q in policy.questions if q.id == question).reading(reading)


def likely_words(question: Any, lang: str) -> str:
    """Which reading the bureau applies in practice, and the source; or that it is not known."""
    if question.likely is None:
        return t("likely_unknown_reading", lang)
    return t("likely_reading", lang, label=question.reading(question.likely).label, source=question.likely_source)


# ------------------------------------------------------------------ how to apply


def guidance_lines(guidance: Any, lang: str, *, quotes: bool = False, said_only: bool = False) -> list[str]:
    """How to apply, one line a part (office, procedure, window, materials, fund): what the
    text says and its clause, or that the text does not say (left out with `said_only`: what
    a rule adds to its policy's); with `quotes`, each part's quote on the line under it."""
    out = []
    for part, said in guidance.parts():
        name = t(f"apply_{part}", lang)
        if said is None:
            if not said_only:
                out.append(t("apply_part", lang, part=name, text=t("apply_not_said", lang)))
            continue
        if said.clause:
            out.append(t("apply_part_from", lang, part=name, text=said.text, clause=Clause(said.clause)))
        else:
            out.append(t("apply_part", lang, part=name, text=said.text))
        if quotes and said.quote:
            out.append("  " + t("apply_quote", lang, quote=said.quote))
    return out


def client_name(estimate: Any, lang: str) -> str:
    """The client as a heading names it: its name, else where it is (the jurisdiction of a
    policy that covers its region), never the region's id."""
    profile = estimate.profile
    if profile.name:
        return profile.name
    for result in estimate.policies:
        if profile.region in result.policy.regions:
            return result.policy.jurisdiction(lang)
    return profile.region
