"""What a client could still gain, and exactly what it would take.

Each rule kind proposes steps for its rule (`Rule.steps`): a title not yet held, a flag not
yet set, one more unit, a new fact that fills a cap's room, a new pledge loan. Beside them,
every item that a requirement makes `ineligible` proposes to meet it (repay the loan,
implement the deal, file the third joint application). A step is a profile fragment, `add`,
in the profile's own shape:

- a scalar: its new value (`{"patent_agents": 3}`);
- a list section: entries to append (`{"titles": [{"title": "...", "level": "provincial"}]}`),
  or, with `"index"`, changes to the profile's entry at that index
  (`{"loans": [{"index": 0, "repaid": true}]}`).

The gain is the engine's own figure: the profile is estimated again with the fragment
applied, under the same policies, date and readings, and the gain is the difference of the
totals; so exclusive groups, caps and readings are honoured. Steps that gain nothing are
left out; the rest are ranked by gain. Support measures the profile does not trigger yet
are listed after them, without a gain.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import schema
from .errors import IpcalcError
from .i18n import Text
from .record import Record

if TYPE_CHECKING:
    from .request import Checked
    from .result import Estimate, PolicyResult
    from .model import Policy
    from .profile import Profile
    from .rules.base import Condition, Rule

#: the principal of a pledge loan proposed when no cap says how much still earns a subsidy
LOAN = Decimal(1_000_000)
TEN_THOUSAND = Decimal(10_000)


class Step(Record):
    """A step: the rule it is for and the fragment that realises it; `gain` once known."""

    policy: str
    rule: str
    clause: str
    label: Text
    add: Mapping[str, Any]
    gain: Decimal | None = None


class Found(Record):
    """What `find` found: the estimate as it stands, the steps that raise it (ranked), the
    support measures that could be triggered, and the total if every step were taken."""

    estimate: Estimate
    steps: list[Step]
    support: list[Step]
    total_if_all: Decimal


class StepMaker:
    """What a rule kind uses to propose steps: the profile as it stands, and helpers that
    make a fragment meeting a rule's conditions."""

    def __init__(self, profile: Profile, policy: Policy, result: PolicyResult, as_of: date):
        self.profile = profile
        self.policy = policy
        self.result = result
        self.as_of = as_of
        self.values = profile.values
        self.facts = profile.facts
        self.schema = profile.schema

    # -------------------------------------------------------------- what the profile holds

    def holds_title(self, title: str, level: str | None) -> bool:
        return any(f["title"] == title and f.get("level") == level for f in self.facts["titles"])

    def listed_instead(self, count: str) -> bool:
        """Whether `count` is a count the profile had better give as entries: it lists such
        entries already, or gives none and the policy pays for them listed."""
        pair = schema.LISTED_COUNTS.get(count)
        if pair is None:
            return False
        section, fields = pair
        if any(all(f.get(k) == v for k, v in fields.items()) for f in self.facts.get(section, ())):
            return True
        return not self.values.get(count) and any(r.needs()[0] == section for r in self.policy.rules if r.monetary)

    def room(self, rule: Rule) -> Decimal | None:
        """How much more the caps on this rule leave it to pay as of now (None: no cap)."""
        paid = sum((i.amount for i in self.result.items if i.rule == rule.id), Decimal(0))
        limits = [c.limit for c in self.policy.caps if rule.id in c.rules and c.by is None]
        if not limits:
            return None
        return max(min(limits) - paid, Decimal(0))

    # -------------------------------------------------------------- fragments

    def scalars(self, rule: Rule, changes: dict[str, Any]) -> dict[str, Any] | None:
        """Profile fields set, and the rule's conditions on the profile met."""
        found = dict(changes)
        for condition in rule.select + rule.require:
            if condition.profile and not self.meet(condition, found, None, None):
                return None
        return found

    def new_entry(self, rule: Rule, section: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """A new entry of `section`, dated today, meeting the rule's conditions (on it, and on
        the profile), with its other required fields filled in."""
        info = self.schema.sections[section]
        entry: dict[str, Any] = dict(fields)
        scalars: dict[str, Any] = {}
        for condition in rule.select + rule.require:
            if not self.meet(condition, scalars, entry, section):
                return None
        if info.date_field and info.date_field not in entry:
            entry[info.date_field] = self.as_of
        for name, fdef in info.fields.items():
            if name in entry or not fdef.required:
                continue
            value = _made_up(fdef, self.as_of)
            if value is None:
                return None
            entry[name] = value
        return {**scalars, section: [entry]}

    def change_entry(self, section: str, index: int, fields: dict[str, Any]) -> dict[str, Any]:
        return {section: [{"index": index, **fields}]}

    def meet(self, condition: Condition, scalars: dict[str, Any], entry: dict[str, Any] | None, section: str | None) -> bool:
        """Set what `condition` needs: a profile field in `scalars`, or a field of `entry`.
        False when no value is known to meet it."""
        if condition.op == "any":
            return self.meet(condition.value[0], scalars, entry, section)
        if condition.profile or entry is None:
            if condition.holds(scalars, {**self.values, **scalars}):
                return True
            fdef = self.schema.scalars.get(condition.field)
            value = meeting(condition, fdef, self.values.get(condition.field))
            if value is None:
                return False
            scalars[condition.field] = value
            return True
        fdef = self.schema.field_of(section, condition.field)
        value = meeting(condition, fdef, entry.get(condition.field))
        if value is None:
            return False
        entry[condition.field] = value
        return True


def meeting(condition: Condition, fdef: schema.Field | None, current: Any) -> Any:
    """A value of the field that meets the condition (the current one if it does); None if
    there is no such value to propose."""
    op, wanted = condition.op, condition.value
    if current is not None and condition.test(current):
        return current
    choices = fdef.choices if fdef is not None else ()
    if op == "eq":
        return wanted
    if op == "ne":
        if isinstance(wanted, bool):
            return not wanted
        return next((c for c in choices if c != wanted), None)
    if op == "in":
        return next((c for c in choices if c in wanted), None) or (sorted(wanted)[0] if wanted else None)
    if op == "not_in":
        return next((c for c in choices if c not in wanted), None)
    if op in ("min", "max"):
        return wanted
    if op == "gt":
        return wanted + 1
    return None


def _made_up(fdef: schema.Field, as_of: date) -> Any:
    """A value for a required field nothing else decides; None if there is none to propose."""
    if fdef.default is not None:
        return fdef.default
    if fdef.example is not None:
        return fdef.example
    if fdef.type == schema.DATE:
        return as_of
    if fdef.type == schema.COUNT:
        return max(fdef.minimum, 1)
    if fdef.type == schema.CHOICE and fdef.choices:
        return fdef.choices[0]
    return None


def apply(data: Mapping[str, Any], fragment: Mapping[str, Any]) -> dict[str, Any]:
    """A profile (as data) with a fragment applied: scalars set, entries appended or, with
    `index`, changed."""
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}
    for key, value in fragment.items():
        if not isinstance(value, list):
            out[key] = value
            continue
        entries = [dict(e) for e in out.get(key, [])]
        for change in value:
            change = dict(change)
            index = change.pop("index", None)
            if index is None:
                entries.append(change)
            else:
                entries[index].update(change)
        out[key] = entries
    return out


def merged(fragments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Several fragments as one (`total_if_all`): the last value of a scalar wins, entries
    are appended, and changes to one entry are combined."""
    out: dict[str, Any] = {}
    for fragment in fragments:
        for key, value in fragment.items():
            if not isinstance(value, list):
                out[key] = value
                continue
            entries = out.setdefault(key, [])
            for change in value:
                index = change.get("index")
                same = next((e for e in entries if index is not None and e.get("index") == index), None)
                if same is not None:
                    same.update(change)
                else:
                    entries.append(dict(change))
    return out


def _key(fragment: Mapping[str, Any]) -> str:
    return json.dumps(fragment, sort_keys=True, default=str)


def find(request: Checked) -> Found:
    """The steps that would raise the request's profile's estimate, each with its exact gain
    (the profile estimated again with the step applied, the same policies, date, LPR and
    readings)."""
    from .profile import read_profile

    profile, library, as_of = request.profile, request.library, request.day

    def estimate(p: Profile) -> Estimate:
        return request.evaluate(p)

    base = estimate(profile)
    data = profile.to_data()

    def total_with(fragment: Mapping[str, Any]) -> Decimal | None:
        try:
            changed = read_profile(apply(data, fragment), vocab=library.vocabulary, regions=library.regions, source="opportunity")
        except IpcalcError:
            return None  # the fragment does not make a valid profile: not a step
        return estimate(changed).total

    candidates: list[Step] = []
    support: list[Step] = []
    for result in base.policies:
        if result.status not in ("in_force", "draft") or profile.values.get("blacklisted") and result.policy.blacklist is not None:
            continue
        policy = result.policy
        maker = StepMaker(profile, policy, result, as_of)
        listed = {i.rule for i in result.items}
        for rule in policy.rules:
            if rule.applicants is not None and profile.kind not in rule.applicants:
                continue
            proposals = [f for f in rule.steps(maker) if f]
            if not rule.monetary:
                if rule.id not in listed:
                    support += [Step(policy.id, rule.id, rule.clause, rule.label, f) for f in proposals[:1]]
                continue
            candidates += [Step(policy.id, rule.id, rule.clause, rule.label, f) for f in proposals]
        candidates += _requirements_met(maker)
    seen: set[str] = set()
    steps: list[Step] = []
    for step in candidates:
        key = _key(step.add)
        if key in seen:
            continue
        seen.add(key)
        total = total_with(step.add)
        if total is None or total <= base.total:
            continue
        step = _filled(step, total - base.total, maker_for(base, step, profile, as_of), total_with, base.total)
        steps.append(step)
    steps.sort(key=lambda s: -(s.gain or 0))
    everything = total_with(merged([s.add for s in steps])) if steps else base.total
    return Found(base, steps, support, everything if everything is not None else base.total)


def maker_for(base: Estimate, step: Step, profile: Profile, as_of: date) -> StepMaker:
    result = next(r for r in base.policies if r.policy.id == step.policy)
    return StepMaker(profile, result.policy, result, as_of)


def _filled(step: Step, gain: Decimal, maker: StepMaker, total_with: Any, base_total: Decimal) -> Step:
    """A new pledge loan proposed at 1,000,000 is scaled to the principal that fills the room
    its caps leave (to the next 10,000): how much more principal still earns a subsidy."""
    rule = maker.policy.rule(step.rule)
    entries = step.add.get("loans")
    room = maker.room(rule) if rule is not None and rule.kind == "interest" else None
    if not entries or "index" in entries[0] or room is None or room <= gain or gain <= 0:
        return step._replace(gain=gain)
    principal = (room / gain * LOAN / TEN_THOUSAND).to_integral_value(rounding=ROUND_CEILING) * TEN_THOUSAND
    bigger = {**step.add, "loans": [{**entries[0], "principal": principal}]}
    total = total_with(bigger)
    if total is None or total - base_total <= gain:
        return step._replace(gain=gain)
    return step._replace(add=bigger, gain=total - base_total)


def _requirements_met(maker: StepMaker) -> list[Step]:
    """For each item a requirement makes ineligible: the change that meets it."""
    out = []
    values = maker.values
    for item in maker.result.items:
        if item.status != "ineligible" or not any(r.code in ("requirement", "needs_field", "needs_any") for r in item.reasons):
            continue
        rule = maker.policy.rule(item.rule)
        if rule is None:
            continue
        fact: dict[str, Any] = {}
        where: tuple[str, int] | None = None
        if len(item.facts) == 1 and len(item.facts[0]) == 2:
            section, index = item.facts[0]
            fact = maker.facts[section][index]
            where = (section, index)
        scalars: dict[str, Any] = {}
        changes: dict[str, Any] = {}
        ok = True
        for condition in rule.require:
            if condition.holds(fact, values):
                continue
            if condition.profile or where is None:
                ok = maker.meet(condition, scalars, None, None)
            else:
                ok = maker.meet(condition, scalars, changes, where[0])
            if not ok:
                break
        if not ok or not (scalars or changes):
            continue
        fragment: dict[str, Any] = dict(scalars)
        if changes and where is not None:
            fragment.update(maker.change_entry(where[0], where[1], {k: v for k, v in changes.items() if fact.get(k) != v}))
        out.append(Step(maker.policy.id, rule.id, rule.clause, rule.label, fragment))
    return out
