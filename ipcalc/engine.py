"""Evaluating policies against a profile. A pure function: it prints nothing.

Each item goes through the same stages, in this order:

1. the rule kind computes a *base* amount from the facts (exact Decimal);
2. checks that void it: blacklisting, applicant kind, the policy's dates (judged on the
   fact's own date, or as_of), the rule's requirements -> `ineligible` / `outside_validity`;
3. per-item caps and bounds (a fee paid, the interest actually due, a cap per item);
4. one rounding, half-up to the fen;
5. exclusive groups (就高不重复): only the highest item of a group is paid -> `superseded`;
6. aggregate caps (per applicant, per calendar year), applied in date order to what is left,
   shown on the items they cut.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterator

from . import schema
from .i18n import t
from .money import (
    ZERO,
    amount_text,
    div,
    exact_text,
    grouped,
    mul,
    percent,
    rate_percent,
    to_fen,
)
from .policy import Policy, Rule, Vocabulary
from .profile import Profile
from .rates import Rates
from .record import Record

PAYABLE = ("eligible", "capped")
TWELVE = Decimal(12)


class Item:
    """One rule applied to one fact (or a year of facts). Mutable: the group and aggregate-cap
    stages change `status`, `amount` and `cap` after the item is made. (A plain slotted class,
    not a dataclass: dataclasses compile code at import, which costs start-up time.)"""

    __slots__ = (
        "rule", "clause", "label", "basis", "uncapped", "cap", "amount", "status", "note", "fact", "date",
        "group", "subject", "text", "interpretation", "steps", "reasons", "order",
    )

    def __init__(
        self,
        rule: str,
        clause: str,
        label: str,
        basis: str,
        uncapped: Decimal | None,
        cap: Decimal | None,
        amount: Decimal,
        status: str,
        note: str,
        fact: str | None,
        date: date,
        group: str | None = None,
        subject: str = "",
        text: tuple[str, ...] = (),
        interpretation: str = "",
        order: int = 0,
    ):
        self.rule = rule
        self.clause = clause
        self.label = label
        self.basis = basis
        self.uncapped = uncapped
        self.cap = cap
        self.amount = amount
        self.status = status
        self.note = note
        self.fact = fact
        self.date = date
        self.group = group
        #: what the fact is, in words ("IP demonstration enterprise (national)"), when not obvious
        self.subject = subject
        self.text = text
        self.interpretation = interpretation
        self.steps: list[str] = []
        self.reasons: list[str] = []
        self.order = order

    def __repr__(self) -> str:
        return f"Item({self.rule!r}, {self.fact!r}, {self.status}, {self.amount})"

    def refresh_note(self) -> None:
        self.note = "; ".join([*self.reasons, *([self.interpretation] if self.interpretation else [])])


class PolicyResult(Record):
    policy: Policy
    status: str
    items: list[Item]
    total: Decimal


class Estimate(Record):
    profile: Profile
    as_of: date
    policies: list[PolicyResult]
    total: Decimal
    warnings: list[str]
    lang: str


class _Bound:
    """A limit an item's amount may not exceed (a cap, a fee paid, the interest due). Its
    explanation is written only when it bites: most bounds never do."""

    __slots__ = ("limit", "message", "values", "what")

    def __init__(self, limit: Decimal, message: str, values: dict[str, Any], what: str | None = None):
        self.limit = limit
        self.message = message  # an i18n key, filled with `values` (Decimals shown as amounts)
        self.values = values
        self.what = what  # shown in the explain steps; None: "cap per item"

    def why(self, lang: str) -> str:
        shown = {k: amount_text(v) if isinstance(v, Decimal) else v for k, v in self.values.items()}
        return t(self.message, lang, **shown)

    def label(self, lang: str) -> str:
        return self.what if self.what is not None else t("cap_item", lang)


class _Context:
    def __init__(
        self,
        profile: Profile,
        policy: Policy,
        vocab: Vocabulary,
        rates: Rates,
        as_of: date,
        lang: str,
        lpr: Decimal | None,
        warnings: list[str],
        explain: bool = False,
    ):
        self.profile = profile
        self.values = profile.values
        self.facts = profile.facts
        self.policy = policy
        self.vocab = vocab
        self.rates = rates
        self.as_of = as_of
        self.lang = lang
        self.lpr = lpr
        #: only --explain shows the arithmetic steps; formatting them otherwise is wasted time
        self.explain = explain
        self.warnings = warnings
        self.counter = 0
        #: qualitative items are plain (no reason to give) unless blacklisted or out of dates
        self.qualitative_plain = not (profile.values["blacklisted"] and policy.blacklist is not None) and policy.covers(as_of)
        self.aggregate_limits: dict[str, Decimal] = {}
        for cap in policy.caps:
            for rid in cap.rules:
                self.aggregate_limits.setdefault(rid, cap.limit)

    # -------------------------------------------------------------- the shared stages 2-4

    def item(
        self,
        rule: Rule,
        *,
        fact: str | None,
        day: date,
        base: Decimal | None,
        basis: str,
        bounds: list[_Bound] | tuple = (),
        failures: list[str] | tuple = (),
        notes: list[str] | tuple = (),
        item_cap: Decimal | None = None,
        subject: str = "",
    ) -> Item:
        lang = self.lang
        policy = self.policy
        self.counter += 1
        interpretation = rule.note(lang) if rule.note else "" if rule.monetary else t("qualitative_note", lang)
        item = Item(
            rule=rule.id,
            clause=rule.clause,
            label=rule.label(lang),
            basis=basis,
            uncapped=to_fen(base) if base is not None else None,
            cap=item_cap if item_cap is not None else self.aggregate_limits.get(rule.id),
            amount=ZERO,
            status="eligible",
            note="",
            fact=fact,
            date=day,
            group=rule.group,
            subject=subject,
            text=rule.text,
            interpretation=interpretation,
            order=self.counter,
        )
        explain = self.explain
        if base is not None and explain:
            item.steps.append(t("step_base", lang, basis=basis, value=exact_text(base)))
        reasons = item.reasons
        if self.values["blacklisted"] and policy.blacklist is not None:
            item.status = "ineligible"
            reasons.append(policy.blacklist.note(lang) if policy.blacklist.note else "blacklisted")
        elif rule.applicants is not None and self.values["kind"] not in rule.applicants:
            item.status = "ineligible"
            kinds = ", ".join(t(k, lang) for k in schema.APPLICANT_KINDS if k in rule.applicants)
            reasons.append(t("applicant_kind", lang, kinds=kinds, kind=t(self.values["kind"], lang)))
        elif not policy.covers(day):
            item.status = "outside_validity"
            reasons.append(self.outside(day))
        elif failures:
            item.status = "ineligible"
            reasons.extend(failures)
        elif not rule.monetary:
            item.status = "qualitative"
        reasons.extend(notes)
        if item.status != "eligible":
            if rule.monetary and explain:
                item.steps.append(t("step_status", lang, status=t(item.status, lang)))
            item.refresh_note()
            return item
        assert base is not None
        value = base
        for bound in bounds:
            if value > bound.limit:
                value = bound.limit
                item.cap = bound.limit
                item.status = "capped"
                reasons.append(bound.why(lang))
                if explain:
                    item.steps.append(t("step_bound", lang, what=bound.label(lang), limit=amount_text(bound.limit), value=exact_text(value)))
            elif explain:
                item.steps.append(t("step_bound_ok", lang, what=bound.label(lang), limit=amount_text(bound.limit)))
        item.amount = to_fen(value)
        if explain:
            item.steps.append(t("step_round", lang, value=grouped(item.amount)))
        item.refresh_note()
        return item

    def outside(self, day: date) -> str:
        p = self.policy
        start = p.valid_from.isoformat() if p.valid_from else t("open_start", self.lang)
        end = p.valid_until.isoformat() if p.valid_until else t("open_end", self.lang)
        return t("outside_dates", self.lang, day=day.isoformat(), start=start, end=end)

    def requirements(self, rule: Rule, subject: dict[str, Any]) -> list[str]:
        return [c.explain(subject.get(c.field), self.lang) for c in rule.require if not c.test(subject.get(c.field))]

    def selected(self, rule: Rule) -> Iterator[tuple[int, dict[str, Any]]]:
        assert rule.facts is not None
        for index, fact in enumerate(self.facts[rule.facts]):
            if all(c.test(fact.get(c.field)) for c in rule.select):
                yield index, fact

    def day_of(self, section: str, fact: dict[str, Any]) -> date:
        return fact.get(schema.DATE_FIELD[section]) or self.as_of

    def item_cap_bound(self, rule: Rule, fact: dict[str, Any] | None) -> _Bound | None:
        lang = self.lang
        if rule.cap is not None:
            return _Bound(rule.cap, "capped_at", {"cap": rule.cap})
        if rule.cap_by is not None and fact is not None:
            value = fact[rule.cap_by]
            limit = rule.cap_table[value]
            assert rule.facts is not None
            fdef = schema.SECTIONS[rule.facts][rule.cap_by]
            shown = value if lang == "en" else _choice_zh(fdef, value)
            return _Bound(limit, "capped_at_by", {"cap": limit, "value": shown, "field": "case" if lang == "en" else "案件"})
        return None


def _choice_zh(fdef: schema.Field, value: str) -> str:
    names = [n.strip() for n in fdef.zh.split("|")]
    if len(names) == len(fdef.choices):
        return names[fdef.choices.index(value)]
    return value


def _field_label(section: str, name: str, lang: str) -> str:
    fdef = schema.SECTIONS[section][name]
    return fdef.zh if lang == "zh" else name.replace("_", " ")


# ------------------------------------------------------------------ stage 1: one evaluator per kind


def _title(ctx: _Context, rule: Rule) -> Iterator[Item]:
    lang = ctx.lang
    for index, fact in enumerate(ctx.facts["titles"]):
        amounts = rule.amounts.get(fact["title"])
        if amounts is None:
            continue
        level = fact["level"]
        label = ctx.vocab.title_label(fact["title"], level, lang)
        day = ctx.day_of("titles", fact)
        ref = f"titles[{index}]"
        amount = amounts.get(None, amounts.get(level))
        if amount is None:
            levels = ", ".join(ctx.vocab.levels[lv](lang) if lv in ctx.vocab.levels else lv for lv in amounts)
            name = ctx.vocab.title_label(fact["title"], None, lang)
            failure = t("level_not_paid", lang, title=name, levels=levels)
            yield ctx.item(rule, fact=ref, day=day, base=None, basis=label, failures=[failure], subject=label)
            continue
        basis = f"{label}: {amount_text(amount)}" if lang == "en" else f"{label}:{amount_text(amount)}"
        yield ctx.item(rule, fact=ref, day=day, base=amount, basis=basis, subject=label)


def _fixed(ctx: _Context, rule: Rule) -> Iterator[Item]:
    if not ctx.values[rule.flag]:
        return
    assert rule.amount is not None
    yield ctx.item(
        rule,
        fact=rule.flag,
        day=ctx.as_of,
        base=rule.amount,
        basis=amount_text(rule.amount),
        failures=ctx.requirements(rule, ctx.values),
    )


def _per_unit(ctx: _Context, rule: Rule) -> Iterator[Item]:
    lang = ctx.lang
    if rule.facts is None:
        units = ctx.values[rule.units]
        if not units:
            return
        assert rule.amount is not None
        yield ctx.item(
            rule,
            fact=rule.units,
            day=ctx.as_of,
            base=mul(Decimal(units), rule.amount),
            basis=f"{units} × {amount_text(rule.amount)}",
            failures=ctx.requirements(rule, ctx.values),
        )
        return
    for index, fact in ctx.selected(rule):
        key = fact[rule.key]
        ref = f"{rule.facts}[{index}]"
        day = ctx.day_of(rule.facts, fact)
        name = ctx.vocab.award_label(key, lang) if rule.key == "award" else str(key)
        units = fact[rule.units]
        if key in rule.amounts:
            amount = rule.amounts[key]
            basis = f"{units} × {amount_text(amount)} ({name})" if lang == "en" else f"{units} × {amount_text(amount)}({name})"
            yield ctx.item(
                rule, fact=ref, day=day, base=mul(Decimal(units), amount), basis=basis,
                failures=ctx.requirements(rule, fact),
            )
        elif key in rule.not_covered:
            yield ctx.item(rule, fact=ref, day=day, base=None, basis=name, failures=[rule.not_covered[key](lang)])


def _share(ctx: _Context, rule: Rule) -> Iterator[Item]:
    assert rule.facts is not None and rule.share is not None and rule.base is not None
    section = rule.facts
    if rule.per == "year":
        yield from _share_per_year(ctx, rule)
        return
    for index, fact in ctx.selected(rule):
        base_amount = fact[rule.base]
        bounds = []
        if rule.bound is not None:
            limit = fact[rule.bound]
            label = _field_label(section, rule.bound, ctx.lang)
            bounds.append(_Bound(limit, "bound_field", {"field": label, "value": limit}, label))
        cap = ctx.item_cap_bound(rule, fact)
        if cap is not None:
            bounds.append(cap)
        yield ctx.item(
            rule,
            fact=f"{section}[{index}]",
            day=ctx.day_of(section, fact),
            base=mul(base_amount, rule.share),
            basis=f"{percent(rule.share)} × {grouped(base_amount)}",
            bounds=bounds,
            failures=ctx.requirements(rule, fact),
            item_cap=cap.limit if cap is not None else None,
        )


def _share_per_year(ctx: _Context, rule: Rule) -> Iterator[Item]:
    """Facts summed per calendar year; facts that fail a requirement or fall outside the
    policy's dates are shown on their own and left out of the sum."""
    assert rule.facts is not None and rule.share is not None and rule.base is not None
    section = rule.facts
    years: dict[int, list[tuple[int, dict[str, Any], date]]] = {}
    loose: list[Item] = []
    cap = ctx.item_cap_bound(rule, None)
    for index, fact in ctx.selected(rule):
        day = ctx.day_of(section, fact)
        failures = ctx.requirements(rule, fact)
        if failures or not ctx.policy.covers(day):
            loose.append(
                ctx.item(
                    rule,
                    fact=f"{section}[{index}]",
                    day=day,
                    base=mul(fact[rule.base], rule.share),
                    basis=f"{percent(rule.share)} × {grouped(fact[rule.base])}",
                    failures=failures,
                    item_cap=cap.limit if cap else None,
                )
            )
            continue
        years.setdefault(day.year, []).append((index, fact, day))
    for year in sorted(years):
        members = years[year]
        amounts = [fact[rule.base] for _, fact, _ in members]
        total = sum(amounts, Decimal(0))
        if len(amounts) == 1:
            basis = f"{percent(rule.share)} × {grouped(total)}"
        else:
            basis = f"{percent(rule.share)} × ({' + '.join(grouped(a) for a in amounts)})"
        indexes = ",".join(str(i) for i, _, _ in members)
        yield ctx.item(
            rule,
            fact=f"{section}[{indexes}] {year}",
            day=max(d for _, _, d in members),
            base=mul(total, rule.share),
            basis=basis,
            bounds=[cap] if cap else [],
            notes=[t("year_sum", ctx.lang, n=len(members), year=year)] if len(members) > 1 else [],
            item_cap=cap.limit if cap else None,
        )
    yield from loose


def _interest(ctx: _Context, rule: Rule) -> Iterator[Item]:
    lang = ctx.lang
    for index, loan in ctx.selected(rule):
        ref = f"loans[{index}]"
        day = ctx.day_of("loans", loan)
        principal: Decimal = loan["principal"]
        months: int = loan["months"]
        used = min(months, rule.max_months) if rule.max_months else months
        failures = ctx.requirements(rule, loan)
        notes: list[str] = []
        if rule.reference == "benchmark":
            tenor = ctx.rates.benchmark_for(months)
            rate = tenor.rate
            notes.append(
                t("benchmark_used", lang, rate=rate_percent(rate), tenor=tenor.label(lang), since=ctx.rates.benchmark_from.isoformat())
            )
        elif ctx.lpr is not None:
            rate = ctx.lpr
            notes.append(t("lpr_override", lang, rate=rate_percent(rate)))
        else:
            lookup = ctx.rates.lpr_on(day)
            if lookup is None:
                first = ctx.rates.lpr[0].announced.isoformat()
                failures.append(t("lpr_none", lang, day=day.isoformat(), first=first))
                yield ctx.item(rule, fact=ref, day=day, base=None, basis=grouped(principal), failures=failures)
                continue
            rate = lookup.rate
            assert lookup.announced is not None
            notes.append(t("lpr_used", lang, rate=rate_percent(rate), day=lookup.announced.isoformat()))
            if lookup.stale:
                ctx.warnings.append(
                    t(
                        "warn_lpr_stale",
                        lang,
                        fact=ref,
                        day=day.isoformat(),
                        verified=ctx.rates.lpr_verified_through.isoformat(),
                        rate=rate_percent(rate),
                        announced=lookup.announced.isoformat(),
                    )
                )
        factors: list[Decimal] = []
        shown: list[str] = []
        if rule.share is not None:
            factors.append(rule.share)
            shown.append(percent(rule.share))
        if rule.share_field is not None:
            share = loan[rule.share_field]
            if share is None:
                share = Decimal(1)
                notes.append(t("pledge_share_default", lang))
            factors.append(share)
            shown.append(percent(share))
        factors += [rate, principal, Decimal(used)]
        shown += [rate_percent(rate), grouped(principal), f"{used}/12"]
        if used != months:
            notes.append(t("months_limited", lang, used=used, months=months))
        base = div(mul(*factors), TWELVE)
        bounds: list[_Bound] = []
        if rule.bounded_by_actual and loan["rate"] is not None:
            # Interest due is money: rounded to the fen like any payment, so the bound (and a
            # cap it shows) sits on the fen grid and rounding can never lift an amount above it.
            actual = to_fen(div(mul(loan["rate"], principal, Decimal(used)), TWELVE))
            actual_basis = f"{rate_percent(loan['rate'])} × {grouped(principal)} × {used}/12"
            what = "interest actually due" if lang == "en" else "实际应付利息"
            bounds.append(
                _Bound(actual, "bound_actual", {"basis": actual_basis, "value": actual}, what)
            )
        cap = ctx.item_cap_bound(rule, loan)
        if cap is not None:
            bounds.append(cap)
        yield ctx.item(
            rule,
            fact=ref,
            day=day,
            base=base,
            basis=" × ".join(shown),
            bounds=bounds,
            failures=failures,
            notes=notes,
            item_cap=cap.limit if cap is not None else None,
        )


def _qualitative(ctx: _Context, rule: Rule) -> Iterator[Item]:
    if rule.applicants is not None and ctx.values["kind"] not in rule.applicants:
        return
    if rule.when and not any(_matches(ctx, alt) for alt in rule.when):
        return
    if not ctx.qualitative_plain:  # blacklisted or outside the dates: the general path says why
        yield ctx.item(rule, fact=None, day=ctx.as_of, base=None, basis="")
        return
    # The common case: the same item for every profile with this language and date. It has
    # no figures and no later stage ever changes it, so one instance is shared (memoised).
    key = (id(rule), ctx.lang, ctx.as_of)
    found = _QUALITATIVE.get(key)
    if found is not None and found[0] is rule:
        yield found[1]
        return
    lang = ctx.lang
    note = rule.note(lang) if rule.note else t("qualitative_note", lang)
    item = Item(
        rule.id, rule.clause, rule.label(lang), "", None, None, ZERO, "qualitative", note, None, ctx.as_of,
        rule.group, "", rule.text, note,
    )
    if len(_QUALITATIVE) >= MEMO_SIZE:
        _QUALITATIVE.clear()  # bounded: memory stays flat whatever the batch
    _QUALITATIVE[key] = (rule, item)
    yield item


MEMO_SIZE = 2048
#: (rule, language, date) -> (rule, its plain qualitative item)
_QUALITATIVE: dict[tuple[int, str, date], tuple[Rule, Item]] = {}


def _matches(ctx: _Context, alt) -> bool:
    if alt.condition is not None:
        return alt.condition.test(ctx.values.get(alt.condition.field))
    return any(all(c.test(fact.get(c.field)) for c in alt.where) for fact in ctx.facts[alt.facts])


EVALUATORS: dict[str, Callable[[_Context, Rule], Iterator[Item]]] = {
    "title": _title,
    "fixed": _fixed,
    "per_unit": _per_unit,
    "share": _share,
    "matching": _share,
    "interest": _interest,
    "qualitative": _qualitative,
}


# ------------------------------------------------------------------ stages 5 and 6


def _apply_groups(ctx: _Context, items: list[Item]) -> None:
    lang = ctx.lang
    groups: dict[str, list[Item]] = {}
    for item in items:
        if item.group and item.status in PAYABLE:
            groups.setdefault(item.group, []).append(item)
    for members in groups.values():
        best = max(members, key=lambda i: (i.amount, -i.order))
        for item in members:
            if item is best:
                continue
            item.status = "superseded"
            item.amount = ZERO
            label = best.subject or best.label
            item.reasons.append(t("superseded_by", lang, label=label, amount=amount_text(best.amount)))
            if ctx.explain:
                item.steps.append(t("step_status", lang, status=t("superseded", lang)))
            item.refresh_note()


def _apply_aggregate_caps(ctx: _Context, items: list[Item]) -> None:
    lang = ctx.lang
    for cap in ctx.policy.caps:
        members = sorted(
            (i for i in items if i.rule in cap.rules and i.status in PAYABLE), key=lambda i: (i.date, i.order)
        )
        rooms: dict[object, Decimal] = {}
        for item in members:
            bucket = item.date.year if cap.per == "year" else None
            room = rooms.get(bucket, cap.limit)
            label = cap.label(lang) + (f" ({item.date.year})" if cap.per == "year" else "")
            if item.amount > room:
                used = cap.limit - room
                item.reasons.insert(
                    0,
                    t(
                        "aggregate_cut",
                        lang,
                        label=label,
                        limit=amount_text(cap.limit),
                        room=amount_text(room),
                        used=amount_text(used),
                    ),
                )
                if ctx.explain:
                    item.steps.append(
                        t("step_aggregate", lang, label=label, room=amount_text(room), limit=amount_text(cap.limit), value=grouped(room))
                    )
                item.amount = room
                item.cap = room
                item.status = "capped"
                item.refresh_note()
            rooms[bucket] = room - item.amount


def _policy_warnings(policy: Policy, status: str, as_of: date, lang: str) -> list[str]:
    name = policy.id
    start = policy.valid_from.isoformat() if policy.valid_from else t("open_start", lang)
    end = policy.valid_until.isoformat() if policy.valid_until else t("open_end", lang)
    if status == "draft":
        return [t("warn_draft", lang, policy=name)]
    if status == "expired":
        return [t("warn_expired", lang, policy=name, end=end, as_of=as_of.isoformat(), start=start)]
    if status == "not_yet_in_force":
        return [t("warn_not_yet", lang, policy=name, as_of=as_of.isoformat(), start=start)]
    return []


def _future_facts(profile: Profile, as_of: date, lang: str) -> list[str]:
    out = []
    for section, date_field in schema.DATE_FIELD.items():
        for index, fact in enumerate(profile.facts[section]):
            day = fact.get(date_field)
            if day is not None and day > as_of:
                out.append(t("warn_future_fact", lang, fact=f"{section}[{index}]", day=day.isoformat(), as_of=as_of.isoformat()))
    return out


#: id(policy) -> (policy, [(rule, evaluator, fact section it needs, profile value it needs)])
_PLANS: dict[int, tuple[Policy, list[tuple[Rule, Callable[[_Context, Rule], Iterator[Item]], str | None, str | None]]]] = {}


def _plan(policy: Policy) -> list[tuple[Rule, Callable[[_Context, Rule], Iterator[Item]], str | None, str | None]]:
    """What each rule of a policy needs from a profile, worked out once per policy."""
    found = _PLANS.get(id(policy))
    if found is not None and found[0] is policy:
        return found[1]
    plan = []
    for rule in policy.rules:
        section = "titles" if rule.kind == "title" else rule.facts
        switch = rule.flag if rule.flag is not None else rule.units if section is None else None
        plan.append((rule, EVALUATORS[rule.kind], section, switch))
    if len(_PLANS) >= MEMO_SIZE:
        _PLANS.clear()
    _PLANS[id(policy)] = (policy, plan)
    return plan


def evaluate_policy(
    profile: Profile,
    policy: Policy,
    *,
    vocab: Vocabulary,
    rates: Rates,
    as_of: date,
    lang: str = "en",
    lpr: Decimal | None = None,
    warnings: list[str] | None = None,
    explain: bool = False,
) -> PolicyResult:
    warnings = warnings if warnings is not None else []
    ctx = _Context(profile, policy, vocab, rates, as_of, lang, lpr, warnings, explain)
    items: list[Item] = []
    facts = profile.facts
    values = profile.values
    for rule, evaluator, section, switch in _plan(policy):
        # Skip at once the rules this profile gives nothing to (most of them, for most profiles).
        if (section is not None and not facts[section]) or (switch is not None and not values[switch]):
            continue
        items.extend(evaluator(ctx, rule))
    _apply_groups(ctx, items)
    _apply_aggregate_caps(ctx, items)
    total = sum((i.amount for i in items), ZERO)
    return PolicyResult(policy, policy.status_at(as_of), items, total)


def evaluate(
    profile: Profile,
    policies: list[Policy],
    *,
    vocab: Vocabulary,
    rates: Rates,
    as_of: date,
    lang: str = "en",
    lpr: Decimal | None = None,
    explain: bool = False,
) -> Estimate:
    """Every policy's items for this profile, as of a date. Pure: no I/O, no clock.
    `explain` also records each item's arithmetic step by step (`Item.steps`)."""
    warnings: list[str] = _future_facts(profile, as_of, lang)
    results = []
    for policy in policies:
        result = evaluate_policy(
            profile, policy, vocab=vocab, rates=rates, as_of=as_of, lang=lang, lpr=lpr, warnings=warnings, explain=explain
        )
        results.append(result)
    policy_warnings = [w for r in results for w in _policy_warnings(r.policy, r.status, as_of, lang)]
    seen: dict[str, None] = {}
    for w in policy_warnings + warnings:
        seen.setdefault(w, None)
    total = sum((r.total for r in results), ZERO)
    return Estimate(profile, as_of, results, total, list(seen), lang)
