"""Evaluating policies against a profile. A pure function: it prints nothing, reads no clock
and chooses no language. It returns data: amounts, statuses, factors and reasons (as
`i18n.Msg` codes with values); `render.words` turns them into words.

Each item goes through the same stages, in this order:

1. the rule's kind computes a *base* amount from the facts (exact Decimal), with the
   factors that show how (`ipcalc.rules`: one module per kind);
2. checks that void it: blacklisting, applicant kind, the policy's dates (judged on the
   fact's own date, or as_of), the rule's requirements -> `ineligible` / `outside_validity`;
3. per-item caps and bounds (a fee paid, the interest actually due, a cap per item);
4. one rounding, half-up to the fen;
5. exclusive groups (就高不重复): only the highest item of a group is paid -> `superseded`;
6. aggregate caps (per applicant, per calendar year), applied in date order to what is left,
   shown on the items they cut.

Nothing here knows one rule kind from another.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import questions, schema
from .fact_warnings import about_facts, fact_ref
from .i18n import Clause, FactRef, Msg, Text, msg
from .money import ZERO, Amount, Exact, Grouped, to_fen
from .record import Memo, Record
from .result import EMPTY, PAYABLE, Bound, Estimate, Factor, Item, Path, PolicyResult, Range
from .rules.base import ByKind, Dated, Param, field_term, not_in_force, value_at
from .rules.terms import FIGURES, RATES, figures_of

if TYPE_CHECKING:
    from .model import AggregateCap, Policy
    from .profile import Profile
    from .rates import Rates
    from .rules.base import Rule
    from .vocabulary import Vocabulary


def not_given(condition: Any, fact: Mapping[str, Any]) -> bool:
    """Whether a condition on a fact's field fails only because the fact does not give it."""
    return condition.op != "any" and not condition.profile and fact.get(condition.field) is None


def condition_values(profile: Profile, as_of: date, rates: Rates | None, lpr: Decimal | None) -> dict[str, Any]:
    """What conditions read beside a fact: the profile's fields, the estimate's date
    (`as_of`), the client's figures by year and the reference rates (see `rules.terms`)."""
    values: dict[str, Any] = {**profile.values, "as_of": as_of, RATES: (rates, lpr)}
    if profile.facts.get("finances"):
        values[FIGURES] = figures_of(profile.facts)
    return values


class Context:
    """What a rule kind sees while it makes items (`rules.base.Context` says what a kind may
    use): the profile, the policy, the reference data, and the shared stages 2-4 (`item`)."""

    def __init__(
        self,
        profile: Profile,
        policy: Policy,
        vocab: Vocabulary,
        rates: Rates,
        as_of: date,
        lpr: Decimal | None,
        warnings: list[Msg],
        explain: bool = False,
    ):
        self.profile = profile
        #: the profile's fields, and the estimate's date as `as_of` (date conditions compare with it)
        self.values = condition_values(profile, as_of, rates, lpr)
        self.facts = profile.facts
        self.schema = profile.schema
        self.policy = policy
        self.policy_id = policy.id
        self.policy_name = policy.short
        self.valid_until = policy.valid_until
        self.vocab = vocab
        self.rates = rates
        self.as_of = as_of
        self.lpr = lpr
        #: only --explain shows the arithmetic steps; recording them otherwise is wasted time
        self.explain = explain
        self.warnings = warnings
        self.counter = 0
        self.blacklisted = bool(profile.values["blacklisted"]) and policy.blacklist is not None
        #: support measures are listed plainly when nothing voids them at as_of
        self.plain_support = not self.blacklisted and policy.covers(as_of)
        self.aggregate_limits = _aggregate_limits(policy)
        #: (rule, fact) -> the fields its `select` reads that the fact does not give
        self.undetermined: dict[tuple[int, int], list[Msg]] = {}

    def warn(self, warning: Msg) -> None:
        self.warnings.append(warning)

    def fact_ref(self, section: str, index: int) -> FactRef:
        return fact_ref(self.schema, section, index)

    # -------------------------------------------------------------- the shared stages 2-4

    def item(
        self,
        rule: Rule,
        *,
        facts: tuple[Path, ...],
        day: date,
        base: Decimal | None,
        factors: tuple[Factor, ...] = (),
        bounds: Iterable[Bound] = (),
        failures: Iterable[Msg] = (),
        notes: Iterable[Msg] = (),
        item_cap: Decimal | None = None,
        subject: Msg | Text | None = None,
        year: int | None = None,
    ) -> Item:
        policy = self.policy
        self.counter += 1
        item = Item(
            rule,
            factors,
            to_fen(base) if base is not None else None,
            item_cap if item_cap is not None else self.aggregate_limits.get(rule.id),
            "eligible",
            facts,
            day,
            subject,
            year,
            self.counter,
        )
        if facts and len(facts[0]) == 2:
            entries = self.facts
            if len(facts) == 1:
                section, index = facts[0]
                item.claimed = bool(entries[section][index].get("claimed"))
            else:
                item.claimed = all(len(p) == 2 and entries[p[0]][p[1]].get("claimed") for p in facts)
        explain = self.explain
        if base is not None and explain:
            item.trace.append(msg("step_base", value=Exact(base)))
        reasons = item.reasons
        if self.blacklisted:
            assert policy.blacklist is not None
            item.status = "ineligible"
            reasons.append(msg("blacklisted", clause=Clause(policy.blacklist.clause)))
        elif rule.applicants is not None and self.values["kind"] not in rule.applicants:
            item.status = "ineligible"
            kinds = [schema.kind_name(self.schema, k) for k in self.schema.scalars["kind"].choices if k in rule.applicants]
            reasons.append(msg("applicant_kind", kinds=kinds, kind=schema.kind_name(self.schema, self.values["kind"])))
        elif not policy.covers(day):
            item.status = "outside_validity"
            reasons.append(self.outside(day))
        elif failures:
            item.status = "ineligible"
            reasons.extend(failures)
        elif not rule.monetary:
            item.status = "qualitative"
        reasons.extend(notes)
        if rule.payee is not None:
            reasons.append(msg("paid_to", payee=rule.payee))
        if item.status != "eligible":
            if rule.monetary and explain:
                item.trace.append(msg("step_status", status=msg(item.status)))
            return item
        assert base is not None
        value = base
        for bound in bounds:
            what = bound.what if bound.what is not None else msg("cap_item")
            if value > bound.limit:
                value = bound.limit
                item.cap = bound.limit
                item.status = "capped"
                reasons.append(bound.reason)
                if explain:
                    item.trace.append(msg("step_bound", what=what, limit=Amount(bound.limit), value=Exact(value)))
            elif explain:
                item.trace.append(msg("step_bound_ok", what=what, limit=Amount(bound.limit)))
        item.amount = to_fen(value)
        if explain:
            item.trace.append(msg("step_round", value=Grouped(item.amount)))
        return item

    def support(self, rule: Rule) -> Item | None:
        """A support measure (no amount) for this profile: the policy's own item, made when
        it was read and never changed (the later stages touch only payable items; its date
        is the estimate's, None here). None when the applicant is blacklisted or `as_of` is
        outside the policy's dates: a warning says so once, instead of a line per measure."""
        if not self.plain_support:
            return None
        return self.policy.supports[rule.id]

    def outside(self, day: date) -> Msg:
        p = self.policy
        return msg("outside_dates", day=day, start=p.valid_from or msg("open_start"), end=p.valid_until or msg("open_end"))

    def requirements(self, rule: Rule, subject: Mapping[str, Any]) -> list[Msg]:
        """Why this fact (or the profile, for a rule without facts) fails the rule's
        requirements, or could not be told to meet its `select` (a field it does not give);
        empty when it meets them."""
        require = rule.require
        missing = self.undetermined.get((id(rule), id(subject))) if self.undetermined else None
        if not require:
            return list(missing) if missing else []
        values = self.values
        failures = [c.failure_of(subject, values) for c in require if not c.holds(subject, values)]
        return [*missing, *failures] if missing else failures

    def selected(self, rule: Rule) -> Iterator[tuple[int, dict[str, Any]]]:
        """The facts of the rule's section that its `select` conditions pick, and those that
        give none of the fields a failing condition reads (a service invention or not, not
        said): never left out silently, they are made ineligible items naming the field
        (see `requirements`)."""
        section = rule.needs()[0]
        assert section is not None
        values = self.values
        select = rule.select
        for index, fact in enumerate(self.facts[section]):
            missing: list[Msg] | None = None
            for condition in select:
                if condition.holds(fact, values):
                    continue
                if not_given(condition, fact):
                    missing = (missing or []) + [msg("field_missing", field=condition.term)]
                    continue
                break
            else:
                if missing:
                    self.undetermined[(id(rule), id(fact))] = missing
                yield index, fact

    def param(self, value: Param, day: date) -> tuple[Decimal | None, list[Msg]]:
        """A rule parameter's value on a date for this applicant, or a reason why there is
        none (a dated parameter whose first value comes later; a kind it names no value for)."""
        kind = self.values["kind"]
        found = value_at(value, day, kind)
        if found is None:
            if isinstance(value, ByKind):
                inner = value.values.get(kind)
                if isinstance(inner, Dated):
                    return None, [not_in_force(inner, day)]
                kinds = [schema.kind_name(self.schema, k) for k in value.values]
                return None, [msg("applicant_kind", kinds=kinds, kind=schema.kind_name(self.schema, kind))]
            assert isinstance(value, Dated)
            return None, [not_in_force(value, day)]
        return found, []

    def day_of(self, section: str, fact: Mapping[str, Any]) -> date:
        date_field = self.schema.sections[section].date_field
        return (fact.get(date_field) if date_field else None) or self.as_of

    def covers(self, day: date) -> bool:
        return self.policy.covers(day)


# ------------------------------------------------------------------ stages 5 and 6
def _aggregate_limits(policy: Policy) -> dict[str, Decimal]:
    """Each rule's first aggregate cap: the cap its items show (worked out once a policy)."""
    memo = policy._memo()
    found = memo.get("aggregate_limits")
    if found is None:
        found = {}
        for cap in policy.caps:
            if cap.of is not None:  # a share of the client's figure: no one amount to show
                continue
            for rid in cap.rules:
                found.setdefault(rid, cap.limit)
        memo["aggregate_limits"] = found
    return found


def _apply_groups(items: list[Item], policy: Policy, profile: Profile, explain: bool) -> None:
    """Only the highest payable item of a group is paid: of all the group's items, of those
    for the same fact when the group is declared `per = "fact"`, or of those of the same
    calendar year (`per = "year"`: of a date field of their facts, or their own dates)."""
    groups: dict[object, list[Item]] = {}
    per_fact, per_year = policy.fact_groups, policy.year_groups
    for item in items:
        if item.group and item.status in PAYABLE:
            if item.group in per_fact:
                key: object = (item.group, item.facts)
            elif item.group in per_year:
                key = (item.group, _group_day(item, per_year[item.group], profile).year)
            else:
                key = item.group
            groups.setdefault(key, []).append(item)
    for members in groups.values():
        best = max(members, key=lambda i: (i.amount, -i.order))
        for item in members:
            if item is best:
                continue
            item.status = "superseded"
            item.amount = ZERO
            item.reasons.append(msg("superseded_by", label=best.subject or best.label, amount=Amount(best.amount)))
            if explain:
                item.trace.append(msg("step_status", status=msg("superseded")))


def _group_day(item: Item, field: str, profile: Profile) -> date:
    """The date whose year an item competes in: its fact's `field`, else its own."""
    assert item.date is not None
    if field and len(item.facts) == 1 and len(item.facts[0]) == 2:
        section, index = item.facts[0]
        found = profile.facts[section][index].get(field)
        if isinstance(found, date):
            return found
    return item.date


def _cap_key(cap: AggregateCap, item: Item, profile: Profile) -> object:
    """Which share of a cap an item draws on: all of it (None), or its fact's (`by`); an
    entry without the field draws on a share of its own, and says so."""
    if cap.by is None:
        return None
    if cap.by != "entry" and len(item.facts) == 1 and len(item.facts[0]) == 2:
        section, index = item.facts[0]
        value = profile.facts[section][index].get(cap.by)
        if value is not None:
            return ("value", value)
        reason = msg("by_missing", field=field_term(profile.schema, section, cap.by))
        if not cap.alone_without and reason not in item.reasons:
            item.reasons.append(reason)
    return item.facts


def _cap_day(cap: AggregateCap, item: Item, profile: Profile) -> date:
    """The date whose year an item counts in: its own, or its fact's `year_of` field."""
    assert item.date is not None
    if cap.year_of is not None and len(item.facts) == 1 and len(item.facts[0]) == 2:
        section, index = item.facts[0]
        found = profile.facts[section][index].get(cap.year_of)
        if found is not None:
            return found
    return item.date


def _cap_label(cap: AggregateCap, period: int | None, key: object) -> Msg | Text:
    label: Msg | Text = cap.label
    if period is not None and cap.per == "year":
        label = msg("cap_label_year", label=label, year=period)
    elif period is not None and cap.year_start is not None:
        start = date(period, *cap.year_start)
        end = date(period + 1, *cap.year_start) - timedelta(days=1)
        label = msg("cap_label_period", label=label, start=start, end=end)
    if isinstance(key, tuple) and len(key) == 2 and key[0] == "value":
        label = msg("cap_label_by", label=label, value=str(key[1]))
    return label


def _apply_aggregate_caps(policy: Policy, items: list[Item], ctx: Context, explain: bool) -> None:
    profile = ctx.profile
    for cap in policy.caps:
        members = sorted((i for i in items if i.rule in cap.rules and i.status in PAYABLE), key=lambda i: (_cap_day(cap, i, profile), i.order))
        rooms: dict[object, Decimal] = {}
        limits: dict[int | None, tuple[Decimal, Any]] = {}
        for item in members:
            assert item.date is not None  # payable items have their own date
            period = cap.period(_cap_day(cap, item, profile))
            key = _cap_key(cap, item, profile)
            bucket = (period, key)
            found = limits.get(period)
            if found is None:
                found = limits[period] = cap.limit_for(period, ctx.values)
            limit, missing = found
            room = rooms.get(bucket, limit)
            if item.amount > room:
                if item.before_caps is None:
                    item.before_caps = item.amount
                label = _cap_label(cap, period, key)
                if missing is not None:  # a share of a figure the profile does not give
                    item.reasons.insert(0, missing)
                item.reasons.insert(0, msg("aggregate_cut", label=label, limit=Amount(limit), room=Amount(room), used=Amount(limit - room)))
                if explain:
                    item.trace.append(msg("step_aggregate", label=label, room=Amount(room), limit=Amount(limit), value=Grouped(room)))
                item.amount = to_fen(room)  # in fen like every amount: 400000 -> 400000.00
                item.cap = room
                item.status = "capped"
            rooms[bucket] = room - item.amount


def _policy_warnings(policy: Policy, status: str, as_of: date) -> list[Msg]:
    start = policy.valid_from or msg("open_start")
    end = policy.valid_until or msg("open_end")
    if status == "draft":
        return [msg("warn_draft", policy=policy.id, name=policy.short)]
    if status == "expired":
        return [msg("warn_expired", policy=policy.id, name=policy.short, end=end, as_of=as_of, start=start)]
    if status == "not_yet_in_force":
        return [msg("warn_not_yet", policy=policy.id, name=policy.short, as_of=as_of, start=start)]
    return []


def evaluate_policy(
    profile: Profile,
    policy: Policy,
    *,
    vocab: Vocabulary,
    rates: Rates,
    as_of: date,
    lpr: Decimal | None = None,
    warnings: list[Msg] | None = None,
    explain: bool = False,
) -> PolicyResult:
    warnings = warnings if warnings is not None else []
    ctx = Context(profile, policy, vocab, rates, as_of, lpr, warnings, explain)
    items: list[Item] = []
    facts = profile.facts
    values = profile.values
    for rule, section, switch in policy.plan:
        # Skip at once the rules this profile gives nothing to (most of them, for most profiles).
        if (section is not None and not facts[section]) or (switch is not None and not values[switch]):
            continue
        items.extend(rule.items(ctx))
    _apply_groups(items, policy, profile, explain)
    _apply_aggregate_caps(policy, items, ctx, explain)
    total = sum((i.amount for i in items if i.payee is None), ZERO)
    claimed = sum((i.amount for i in items if i.claimed and i.payee is None), ZERO)
    return PolicyResult(policy, policy.status_at(as_of), items, total, still_to_claim=total - claimed if claimed else None)


def evaluate(
    profile: Profile,
    policies: list[Policy],
    *,
    vocab: Vocabulary,
    rates: Rates,
    as_of: date,
    lpr: Decimal | None = None,
    explain: bool = False,
    readings: Mapping[str, Mapping[str, str]] | None = None,
    ranges: bool = True,
) -> Estimate:
    """Every policy's items for this profile, as of a date, under the readings picked
    (`readings`: policy id -> question -> reading; the defaults otherwise), with the range of
    totals over all readings (without `ranges`: none, each policy's total its own range).
    Pure: no I/O, no clock. `explain` also records each item's arithmetic step by step
    (`Item.trace`)."""
    warnings: list[Msg] = about_facts(profile, as_of)
    setting = Setting(vocab, rates, as_of, lpr, explain, ranges)
    results = [_read_and_evaluate(profile, policy, (readings or EMPTY).get(policy.id), setting, warnings) for policy in policies]
    policy_warnings = [w for r in results for w in _policy_warnings(r.policy, r.status, as_of)]
    policy_warnings += [w for r in results for w in _reading_warnings(r, profile)]
    if profile.values["blacklisted"]:
        policy_warnings += [
            msg("warn_blacklisted", policy=r.policy.id, name=r.policy.short, note=r.policy.blacklist.note)
            for r in results
            if r.policy.blacklist is not None
        ]
    unique: list[Msg] = []
    seen: set[object] = set()
    for warning in policy_warnings + warnings:  # each once, in order (a set: 10,000 loans)
        key = warning.key()
        if key not in seen:
            seen.add(key)
            unique.append(warning)
    total = sum((r.total for r in results), ZERO)
    if len({(profile.region,) if profile.region in r.policy.regions else r.policy.regions for r in results}) > 1:
        unique.append(msg("warn_jurisdictions", policies=[r.policy.short for r in results]))
    spans = [r.range for r in results if r.range is not None]
    grand = Range(sum((g.low for g in spans), ZERO), sum((g.high for g in spans), ZERO), EMPTY, EMPTY) if ranges else None
    return Estimate(profile, as_of, results, total, unique, grand)


class Setting(Record):
    """What every policy of one estimate is evaluated with, beside the profile."""

    vocab: Vocabulary
    rates: Rates
    as_of: date
    lpr: Decimal | None
    explain: bool
    ranges: bool


def _read_and_evaluate(profile: Profile, policy: Policy, picked: Mapping[str, str] | None, setting: Setting, warnings: list[Msg]) -> PolicyResult:
    """One policy under the readings picked, with its range over all readings: worked out
    once for profiles that read the same (see `_SEEN`)."""
    key = None
    if _SEEN.on:
        content = profile.content()
        if content is not None:
            named = profile.values["name"] if policy.reads_name() else None
            setting_key = (setting.as_of, setting.lpr, setting.explain, setting.ranges)  # the library is the policy's
            key = (id(policy), tuple(sorted(picked.items())) if picked else (), setting_key, content, named)
            found = _SEEN.get(key)
            if found is not None and found[0] is policy:
                warnings.extend(found[2])
                return found[1]
    else:
        _SEEN.skip()
    before = len(warnings)
    result = _evaluate_read(profile, policy, picked, setting, warnings)
    if key is not None:
        _SEEN.put(key, (policy, result, warnings[before:]))
    return result


#: the policies evaluated lately, by what they were evaluated on: (policy, its result, the
#: warnings it gave) by (policy, readings, date, LPR, explain, the profile's content). A
#: batch's profiles often read the same for a policy (a title and the same loan terms); the
#: result is only read afterwards, so it is shared.
_SEEN = Memo(limit=2048, after=1)


def _evaluate_read(profile: Profile, policy: Policy, picked: Mapping[str, str] | None, setting: Setting, warnings: list[Msg]) -> PolicyResult:
    vocab, rates, as_of, lpr, explain = setting.vocab, setting.rates, setting.as_of, setting.lpr, setting.explain
    if not policy.questions:
        result = evaluate_policy(profile, policy, vocab=vocab, rates=rates, as_of=as_of, lpr=lpr, warnings=warnings, explain=explain)
        return PolicyResult(
            result.policy, result.status, result.items, result.total, EMPTY, Range(result.total, result.total, EMPTY, EMPTY), result.still_to_claim
        )
    choice = questions.chosen(policy, picked)
    defaults = all(choice[q.id] == q.default.id for q in policy.questions)
    read = policy if defaults else questions.variant(policy, choice)
    result = evaluate_policy(profile, read, vocab=vocab, rates=rates, as_of=as_of, lpr=lpr, warnings=warnings, explain=explain)
    if not setting.ranges:
        return PolicyResult(result.policy, result.status, result.items, result.total, choice, None, result.still_to_claim)

    def total_of(variant: Policy) -> Decimal:
        return evaluate_policy(profile, variant, vocab=vocab, rates=rates, as_of=as_of, lpr=lpr, warnings=[]).total

    def items_of(variant: Policy, rule: Rule) -> list[Item]:
        """One rule's items as a variant of the policy has it, before exclusive groups and
        aggregate caps (stages 1-4)."""
        return list(rule.items(Context(profile, variant, vocab, rates, as_of, lpr, [], False)))

    def cap_day(cap: AggregateCap, item: Item) -> date:
        return _cap_day(cap, item, profile)

    span = questions.policy_range(
        profile, policy, choice, result.total, result.items, total_of, questions.RuleTotals(read, result.items, items_of, cap_day)
    )
    return PolicyResult(result.policy, result.status, result.items, result.total, choice, span, result.still_to_claim)


def _reading_warnings(result: PolicyResult, profile: Profile) -> list[Msg]:
    """The warnings of the readings in force, and the policy's notice when it pays."""
    policy = result.policy
    out = [
        msg("warn_reading", policy=policy.id, name=policy.short, question=q.id, reading=r.id, label=r.label, says=r.warning)
        for q, r in questions.reading_warnings(policy, result.readings, profile)
    ]
    if result.range is not None and result.range.untried:
        out.append(
            msg("warn_range_approximate", policy=policy.id, name=policy.short, combinations=result.range.untried, limit=questions.MAX_COMBINATIONS)
        )
    if policy.notice is not None and result.total > 0:
        out.append(msg("warn_notice", policy=policy.id, name=policy.short, clause=Clause(policy.notice.clause), note=policy.notice.note))
    return out
