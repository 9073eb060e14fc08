"""What a client could still gain, and exactly what it would take: advice a consultant can
say out loud.

Each rule kind proposes steps for its rule (`Rule.steps`): a title not yet held, a flag not
yet set, one more unit, another fact like the client's own. Beside them, every item that a
requirement makes `ineligible` proposes to meet it (repay the loan, implement the deal, file
the third joint application). A step is a profile fragment, `add`, in the profile's own
shape:

- a scalar: its new value (`{"patent_agents": 3}`);
- a list section: entries to append (`{"titles": [{"title": "...", "level": "provincial"}]}`),
  or, with `"index"`, changes to the profile's entry at that index
  (`{"loans": [{"index": 0, "repaid": true}]}`).

The gain is the engine's own figure: the profile is estimated again with the fragment
applied, under the same policies and readings, and the gain is the difference of the
totals; so exclusive groups, caps and readings are honoured. Each step has a kind:

- `complete`: a detail of a fact the client has (a change to one of its entries). True today,
  or on the date it becomes true (`on`: a loan repaid at the end of its term), and then
  estimated as of that date, so that applying it never contradicts another fact;
- `next`: an action within the client's reach that costs nothing the policy names (a title
  one rung up, a certification, a threshold a few units away, one more unit);
- `conditional`: a business decision the client takes for its own reasons (borrowing,
  insuring, buying patents, an event, a lawsuit: a new entry of a section that is one, see
  `schema.Section.decision`), offered only for business the client does (it has such
  entries, or its kind usually does): what share of its cost comes back (`share`), on a
  fact like the client's largest sized down to the smallest that earns the same, and the
  most one more such fact pays now (`most`). Never summed into "with every step";
- `aspirational`: prizes decided by others, titles two or more rungs up (by what the rungs
  pay), shown only when asked for.

Sizes come from the client: a new amount is never above its largest money figure (a loan, a
deal, a premium, its revenue). Steps that exclude each other (one exclusive group,
就高不重复) are one step, its best member with the others as alternatives. Within a
policy's last `lead_days` (its `[apply]`; 90 by default) only `complete` steps are offered:
there is no time left to apply for anything new. Steps are ranked by kind, then by what
they gain (a conditional one by the share that comes back). "With every step" applies the
`complete` and `next` steps at once and is estimated like each step. Support measures the
profile does not trigger yet are listed after them, without a gain.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal
from itertools import product
from typing import TYPE_CHECKING, Any

from . import schema
from .errors import IpcalcError
from .i18n import Msg, Text, msg
from .money import Amount
from .record import Record

if TYPE_CHECKING:
    from .model import Policy
    from .profile import Profile
    from .request import Checked
    from .result import Estimate, PolicyResult
    from .rules.terms import Compared
from .rules.base import Condition, Rule
from .rules.terms import Compared

#: the kinds of step, in the order they are shown
KINDS = ("complete", "next", "conditional", "aspirational")
#: the kinds shown unless every step is asked for
DEFAULT_KINDS = ("complete", "next", "conditional")
#: the kinds "with every step" applies: what the client can do, not business it may take
HEADLINE_KINDS = ("complete", "next")
#: the days before a policy's end within which only `complete` steps are offered, unless
#: its `[apply] lead_days` says otherwise
LEAD_DAYS = 90
#: the rank of a title's level on a ladder (an autonomous region's is a province's)
LEVEL_RANK = {"city": 0, "regional": 1, "provincial": 1, "national": 2}
#: list sections whose entries others decide (prizes): their steps are aspirational
DECIDED_BY_OTHERS = frozenset({"awards"})
#: an amount no client reaches: what one more fact pays at most is its gain at this size
UNBOUNDED = Decimal(10) ** 12
#: the most times a size is quartered to find where a cap stops binding (see `_smallest`)
QUARTERINGS = 30


class Step(Record):
    """A step: the rule it is for and the fragment that realises it; once estimated, its
    gain, kind, cost (None: none the policy names), group of alternatives, notes, and the
    other members of its group."""

    policy: str
    rule: str
    clause: str
    label: Text
    add: Mapping[str, Any]
    gain: Decimal | None = None
    kind: str = "next"
    cost: Decimal | None = None
    group: str | None = None
    notes: tuple[Msg, ...] = ()
    alternatives: tuple[Step, ...] = ()
    #: what the caps on the rule still leave it to pay in the step's period, before it
    room: Decimal | None = None
    #: a step for several entries at once: how many (the same change, beyond MOST_ALIKE)
    others: int = 0
    #: a `complete` step true only later (a loan repaid at the end of its term): that date;
    #: its gain is the estimate's rise as of that date
    on: date | None = None
    #: a `conditional` step: the share of its cost (or, with none, of its amount) that
    #: comes back, and the most one more such fact pays now (None: no limit)
    share: Decimal | None = None
    most: Decimal | None = None
    #: the field of the new fact its size is (a loan's principal), and whether it was sized
    #: down from the client's largest to the smallest amount that earns the same
    sized: str | None = None
    shrunk: bool = False

    @property
    def net(self) -> Decimal | None:
        """The gain less the step's cost (None when it costs nothing the policy names, and
        for a business decision, which the client weighs for its own reasons)."""
        if self.gain is None or self.cost is None or self.kind == "conditional":
            return None
        return self.gain - self.cost

    @property
    def worth(self) -> Decimal:
        """What ranks it within its kind: its net where it has one, else its gain (a
        business decision: the share that comes back)."""
        if self.kind == "conditional":
            return self.share or Decimal(0)
        net = self.net
        return net if net is not None else self.gain or Decimal(0)


class Closing(Record):
    """A policy near its end: the day it ends and the days left, fewer than its lead time
    (an application needs more): only `complete` steps are offered for it."""

    policy: str
    until: date
    days: int
    lead_days: int


class Found(Record):
    """What `find` found: the estimate as it stands, the steps that raise it (each group's
    best, ranked; every kind), the support measures that could be triggered, the total with
    every `complete` and `next` step taken, and the policies near their end."""

    estimate: Estimate
    steps: list[Step]
    support: list[Step]
    total_if_all: Decimal
    closing: tuple[Closing, ...] = ()

    def shown(self, every: bool = False) -> list[Step]:
        """The steps shown: all but the aspirational ones (and such alternatives), and with
        `every` those too."""
        if every:
            return self.steps
        return [s._replace(alternatives=tuple(a for a in s.alternatives if a.kind in DEFAULT_KINDS)) for s in self.steps if s.kind in DEFAULT_KINDS]

    def left_out(self, every: bool = False) -> int:
        """How many steps `shown` leaves out (the aspirational ones)."""
        return 0 if every else sum(1 for s in self.steps if s.kind not in DEFAULT_KINDS)

    def total(self, every: bool = False) -> Decimal:
        """The total with every `complete` and `next` step: business decisions and prizes
        are never counted in it."""
        return self.total_if_all


def lead_days(policy: Policy) -> int:
    found = policy.apply.lead_days
    return LEAD_DAYS if found is None else found


def closing(policy: Policy, as_of: date) -> Closing | None:
    """The policy, when it ends within its lead time of `as_of` (and has not ended)."""
    until = policy.valid_until
    if until is None:
        return None
    days = (until - as_of).days
    lead = lead_days(policy)
    return Closing(policy.id, until, days, lead) if 0 <= days <= lead else None


#: the figures of the client's scale: a step never proposes to change them
SCALE = frozenset({"revenue", "rd_spend", "employees"})


class StepMaker:
    """What a rule kind uses to propose steps: the profile as it stands, and helpers that
    make a fragment meeting a rule's conditions."""

    def __init__(self, profile: Profile, policy: Policy, result: PolicyResult, as_of: date):
        self.profile = profile
        self.policy = policy
        self.result = result
        self.as_of = as_of
        from .engine import condition_values

        self.values = condition_values(profile, as_of, None, None)
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

    def largest(self, rule: Rule, section: str, field: str) -> Mapping[str, Any] | None:
        """The client's entry of `section` with the largest `field` among those the rule
        picks (its `select`): what another one is sized like. None: the client has none."""
        values = self.values
        found = [f for f in self.facts.get(section) or () if f.get(field) is not None and all(c.holds(f, values) for c in rule.select)]
        return max(found, key=lambda f: f[field]) if found else None

    def does(self, section: str) -> bool:
        """Whether the client does the business a new entry of `section` is: it has such
        entries, or its applicant kind usually does (events: an agency)."""
        info = self.schema.sections.get(section)
        return bool(self.facts.get(section)) or (info is not None and self.profile.kind in info.usual_for)

    def largest_money(self) -> Decimal | None:
        """The client's largest money figure: of its facts (a loan's principal, a deal, a
        premium, a fee) and its scale (revenue, R&D spending). No new amount is larger.
        None: the profile gives none."""
        found: Decimal | None = None
        for name, fdef in self.schema.scalars.items():
            value = self.values.get(name)
            if fdef.type == schema.MONEY and value is not None and (found is None or value > found):
                found = value
        for section, info in self.schema.sections.items():
            money = [name for name, fdef in info.fields.items() if fdef.type == schema.MONEY]
            for entry in self.facts.get(section) or ():
                for name in money:
                    value = entry.get(name)
                    if value is not None and (found is None or value > found):
                        found = value
        return found if found else None

    def kind_of(self, section: str, entry: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of a client's entry that say what kind of fact it is (those with a
        fixed set of choices: a purchase or a licence, a foreign case): another one like it
        is of the same kind."""
        fields = self.schema.sections[section].fields if section in self.schema.sections else {}
        return {k: v for k, v in entry.items() if k in fields and fields[k].choices and v is not None}

    def waits(self, rule: Rule, section: str) -> bool:
        """Whether the rule pays a fact only once it reaches a later state (a loan repaid):
        a new fact of today's cannot have it, so it is no step."""
        fields = self.schema.sections[section].fields if section in self.schema.sections else {}
        return any(not c.profile and c.field in fields and fields[c.field].role == "later" for c in rule.require)

    def room(self, rule: Rule, day: date) -> Decimal | None:
        """How much more the caps on this rule leave it to pay in the period of `day` (the
        year a per-year cap counts it in; all the client's for a cap per applicant), as of
        now. None: no cap over several items."""
        rooms = []
        for cap in self.policy.caps:
            if rule.id not in cap.rules or cap.by is not None:
                continue
            period = cap.period(day)
            paid = sum(
                (i.amount for i in self.result.items if i.rule in cap.rules and (period is None or i.date is None or cap.period(i.date) == period)),
                Decimal(0),
            )
            limit, _ = cap.limit_for(period if period is not None else None, self.values)
            rooms.append(max(limit - paid, Decimal(0)))
        return min(rooms) if rooms else None

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
        the profile), with its other required fields filled in: a field counted on from
        entry to entry (consecutive years) one past the client's latest, a field the client's
        own entries give (a country) from its newest one, else the field's example."""
        info = self.schema.sections[section]
        own = self.facts.get(section) or []
        entry: dict[str, Any] = dict(fields)
        for name, fdef in info.fields.items():
            if fdef.role == "sequence" and name not in entry:
                entry[name] = max((f.get(name) or 0 for f in own), default=max(fdef.minimum, 1) - 1) + 1
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

    def with_examples(self, fragment: Mapping[str, Any]) -> dict[str, Any] | None:
        """The fragment's new entries with the fields that have an example filled in (a
        patent granted abroad needs its country): from the client's newest entry that
        gives one, else the example. None: no such field to fill."""
        out: dict[str, Any] = dict(fragment)
        filled = False
        for section, value in fragment.items():
            if not isinstance(value, list) or section not in self.schema.sections:
                continue
            own = self.facts.get(section) or []
            entries = []
            for entry in value:
                entry = dict(entry)
                if "index" not in entry:
                    for name, fdef in self.schema.sections[section].fields.items():
                        if fdef.example is not None and name not in entry:
                            given = [f[name] for f in own if f.get(name) is not None]
                            entry[name] = given[-1] if given else fdef.example
                            filled = True
                entries.append(entry)
            out[section] = entries
        return out if filled else None

    def change_entry(self, section: str, index: int, fields: dict[str, Any]) -> dict[str, Any]:
        return {section: [{"index": index, **fields}]}

    def meet(self, condition: Condition, scalars: dict[str, Any], entry: dict[str, Any] | None, section: str | None) -> bool:
        """Set what `condition` needs: a profile field in `scalars`, or a field of `entry`.
        False when no value is known to meet it (or the field counts on from entry to entry
        and its next value does not)."""
        if condition.op == "any":
            return self.meet(condition.value[0], scalars, entry, section)
        if condition.profile and condition.field in SCALE:
            return False  # the client's revenue, spending or staff: never changed to earn a subsidy
        if isinstance(condition.value, Compared):  # a loan's rate against the LPR: not the client's to set
            return entry is not None and condition.holds(entry, self.values)
        if condition.profile or entry is None:
            if condition.holds(scalars, {**self.values, **scalars}):
                return True
            return _met(scalars, condition, self.schema.scalars.get(condition.field), self.values.get(condition.field))
        fdef = self.schema.field_of(section, condition.field)
        if fdef is not None and fdef.role == "sequence" and condition.field in entry:
            return condition.test(entry[condition.field])
        return _met(entry, condition, fdef, entry.get(condition.field))


def _met(target: dict[str, Any], condition: Condition, fdef: schema.Field | None, current: Any) -> bool:
    """Sets in `target` a value of the condition's field that meets it (`meeting`); False
    when there is none to propose."""
    value = meeting(condition, fdef, current)
    if value is None:
        return False
    target[condition.field] = value
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
    changed: dict[tuple[str, int], dict[str, Any]] = {}  # (section, index) -> its change
    for fragment in fragments:
        for key, value in fragment.items():
            if not isinstance(value, list):
                out[key] = value
                continue
            entries = out.setdefault(key, [])
            for change in value:
                index = change.get("index")
                same = changed.get((key, index)) if index is not None else None
                if same is not None:
                    same.update(change)
                else:
                    entries.append(dict(change))
                    if index is not None:
                        changed[(key, index)] = entries[-1]
    return out


def _one_form_each(fragment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A fragment that sets a count (foreign_trademarks) and adds entries listing the same
    facts one by one (Madrid trademarks): the fragment with one form of each such pair, every
    way of choosing. Empty when it has no such pair."""
    pairs = []
    for count, (section, listed) in schema.LISTED_COUNTS.items():
        entries = fragment.get(section)
        if count in fragment and isinstance(entries, list):
            same = [e for e in entries if "index" not in e and all(e.get(k) == v for k, v in listed.items())]
            if same:
                pairs.append((count, section, same))
    out = []
    for keep_counts in product((True, False), repeat=len(pairs)) if pairs else ():
        found: dict[str, Any] = dict(fragment)
        for keep_count, (count, section, same) in zip(keep_counts, pairs):
            if keep_count:
                rest = [e for e in found.get(section, []) if not any(e is x for x in same)]
                if rest:
                    found[section] = rest
                else:
                    found.pop(section, None)
            else:
                found.pop(count, None)
        out.append(found)
    return out


def _key(fragment: Mapping[str, Any]) -> str:
    return json.dumps(fragment, sort_keys=True, default=str)


def find(request: Checked) -> Found:
    """The steps that would raise the request's profile's estimate, each with its exact gain
    (the profile estimated again with the step applied, the same policies, LPR and readings,
    as of the request's date or the date a `complete` step becomes true), its kind, cost,
    group and notes."""
    from .profile import read_profile

    profile, library, as_of = request.profile, request.library, request.day
    base = request.evaluate(profile)
    data = profile.to_data()
    totals: dict[date, Decimal] = {as_of: base.total}  # the profile's total as of a date

    def base_total(day: date) -> Decimal:
        if day not in totals:
            totals[day] = request.evaluate(profile, day=day, ranges=False).total
        return totals[day]

    restricted: dict[tuple[str, frozenset[str], date], Decimal] = {}  # the profile's, by policy, rules and day

    def total_with(fragment: Mapping[str, Any], day: date = as_of) -> Decimal | None:
        """The profile's total with a fragment applied: evaluated again only for the rules the
        fragment can change (those reading what it changes, with the rules they share an
        exclusive group or a cap with), the others' items being the same either way."""
        try:
            changed = read_profile(apply(data, fragment), vocab=library.vocabulary, regions=library.regions, source="opportunity")
        except IpcalcError:
            return None  # the fragment does not make a valid profile: not a step
        parts = []
        for result in base.policies:
            names = _touched(result.policy, fragment)
            if names is None:  # it changes what every rule reads: the whole estimate again
                return request.evaluate(changed, day=day, ranges=False).total  # a total: no range needed
            parts.append((result.policy, names))
        total = base_total(day)
        for policy, names in parts:
            if not names:
                continue
            key = (policy.id, names, day)
            if key not in restricted:
                restricted[key] = request.evaluate_part(profile, policy, names, day)
            total += request.evaluate_part(changed, policy, names, day) - restricted[key]
        return total

    candidates: list[tuple[Step, StepMaker]] = []
    support: list[Step] = []
    ending: list[Closing] = []
    for result in base.policies:
        if result.status not in ("in_force", "draft") or profile.values.get("blacklisted") and result.policy.blacklist is not None:
            continue
        policy = result.policy
        maker = StepMaker(profile, policy, result, as_of)
        near = closing(policy, as_of)
        if near is not None:
            ending.append(near)
        listed = {i.rule for i in result.items}
        for rule in policy.rules:
            if rule.applicants is not None and profile.kind not in rule.applicants or near is not None:
                continue  # near the end: only what completes the client's facts (below)
            proposals = [f for f in rule.steps(maker) if f]
            if not rule.monetary:
                if rule.id not in listed:
                    support += [Step(policy.id, rule.id, rule.clause, rule.label, f) for f in proposals[:1]]
                continue
            candidates += [(Step(policy.id, rule.id, rule.clause, rule.label, f), maker) for f in proposals]
        candidates += [(step, maker) for step in _requirements_met(maker)]
    seen: set[str] = set()
    steps: list[Step] = []
    for step, maker in candidates:
        key = _key(step.add)
        if key in seen:
            continue
        seen.add(key)
        rule = maker.policy.rule(step.rule)
        kind = _kind(step, rule, maker)
        if kind != "complete" and closing(maker.policy, as_of) is not None:
            continue
        if kind == "conditional":
            sized = _sized(step, maker)
            if sized is None:
                continue
            step = sized
        on = _becomes_true(step, maker) if kind == "complete" else None
        until = maker.policy.valid_until
        if on is not None and until is not None and on > until:
            continue  # true only after the policy has ended
        if on is not None:
            step = step._replace(add=_dated(step.add, maker))
        day = on or as_of
        total = total_with(step.add, day)
        if total is None:
            examples = maker.with_examples(step.add)
            if examples is None:
                continue
            step = step._replace(add=examples)
            total = total_with(examples, day)
        if total is None or total <= base_total(day):
            continue
        step = step._replace(gain=total - base_total(day), kind=kind, on=on)
        if kind == "conditional":
            step = _conditional(step, maker, lambda f: total_with(f), base.total)
            if step.share is None:
                continue  # too small a share to say
        steps.append(_told(step, maker))
    ranked = _grouped(steps)
    headline = [s for s in ranked if s.kind in HEADLINE_KINDS]
    if headline:
        together = merged([s.add for s in headline])
        found = total_with(together)
        if found is None:
            # Steps that say one thing two ways (one more mark abroad as a count, and one
            # listed: two policies of a region each read one form) cannot all be taken: the
            # best of the profile with each form alone.
            found = max((t for t in map(total_with, _one_form_each(together)) if t is not None), default=None)
        total_if_all = found if found is not None else base.total
    else:
        total_if_all = base.total
    return Found(base, ranked, support, total_if_all, tuple(ending))


#: profile fields every rule reads (who the applicant is, the date): a fragment that changes
#: one is evaluated whole
EVERY_RULE_READS = frozenset({"kind", "blacklisted", "as_of", "region"})


def _touched(policy: Policy, fragment: Mapping[str, Any]) -> frozenset[str] | None:
    """The policy's rules whose total a fragment can change: those that read a section or a
    profile field it changes (their facts, their switch, a condition), and every rule that
    shares an exclusive group or a cap with them. None: every rule (it changes who applies
    or when)."""
    from .questions import _closure

    scalars = {k for k, v in fragment.items() if not isinstance(v, list)}
    sections = {k for k, v in fragment.items() if isinstance(v, list)}
    if scalars & EVERY_RULE_READS:
        return None
    memo = policy._memo()
    key = ("touched", frozenset(scalars), frozenset(sections))
    found = memo.get(key)
    if found is None:
        names = set()
        for rule in policy.rules:
            if not rule.monetary:
                continue
            section, switch = rule.needs()
            if section in sections or switch in scalars or _mentions(rule, scalars):
                names.add(rule.id)
        found = memo[key] = _closure(policy, frozenset(names)) if names else frozenset()
    return found


def _mentions(value: Any, fields: set[str]) -> bool:
    """Whether a condition on one of these profile fields is found in `value` (a rule, and
    what it holds: its conditions, an instalment's)."""
    from .rules.base import Condition

    if not fields:
        return False
    if isinstance(value, Condition):
        return value.profile and value.field in fields or _mentions(value.value, fields)
    if isinstance(value, Record):
        return any(_mentions(value.__dict__[name], fields) for name in value._fields)
    if isinstance(value, (tuple, list, frozenset)):
        return any(_mentions(v, fields) for v in value)
    if isinstance(value, Mapping):
        return any(_mentions(v, fields) for v in value.values())
    return False


def _told(step: Step, maker: StepMaker) -> Step:
    """A step with its gain, told apart: its cost, group and notes."""
    rule = maker.policy.rule(step.rule)
    return step._replace(
        cost=_cost(step, maker),
        group=_group(step, rule, maker),
        notes=tuple(_notes(step, rule, maker)),
        room=maker.room(rule, maker.as_of) if rule is not None and _new_entries(step) else None,
    )


def _new_entries(step: Step) -> list[tuple[str, dict[str, Any]]]:
    """The entries a step adds: (section, entry)."""
    return [(k, e) for k, v in step.add.items() if isinstance(v, list) for e in v if "index" not in e]


def _kind(step: Step, rule: Rule | None, maker: StepMaker) -> str:
    """complete: it changes an entry the client has; aspirational: a prize decided by
    others, or a title two or more rungs above the client's on its ladder; conditional: a
    new fact that is a business decision; else next."""
    if any(isinstance(v, list) and any("index" in e for e in v) for v in step.add.values()):
        return "complete"
    added = _new_entries(step)
    if any(section in DECIDED_BY_OTHERS for section, _ in added):
        return "aspirational"
    for section, entry in added:
        if section == "titles" and rule is not None and _rungs(entry, rule, maker) >= 2:
            return "aspirational"
    sections = maker.schema.sections
    if any(section in sections and sections[section].business for section, _ in added):
        return "conditional"
    return "next"


def _rungs(entry: Mapping[str, Any], rule: Rule, maker: StepMaker) -> int:
    """How many rungs a title is above the client's highest on its ladder: the titles the
    rule (and the rules of its exclusive group) pays, ranked by level (city, province,
    nation) and within a level by what they pay (a national advantage title below a
    national demonstration one). The rungs counted are those above the client's best that
    pay more than it; a client holding none of them stands below the lowest. 0: not above."""
    from .rules.base import value_at

    policy, kind = maker.policy, maker.profile.kind
    paid: dict[tuple[str, str | None], Decimal] = {}
    for peer in policy.rules:
        if peer.kind != "title" or not (peer is rule or rule.group is not None and peer.group == rule.group):
            continue
        for title, levels in getattr(peer, "amounts", {}).items():
            for level, param in levels.items():
                value = value_at(param, maker.as_of, kind)
                if value is not None:
                    paid[(title, level)] = max(value, paid.get((title, level), value))

    def place(key: tuple[str, str | None]) -> tuple[int, Decimal]:
        return (LEVEL_RANK.get(key[1] or "", 0), paid[key])

    held = [place(key) for f in maker.facts.get("titles") or () if (key := (f["title"], f.get("level"))) in paid]
    top = max(held) if held else None
    mine_key = (entry["title"], entry.get("level"))
    if mine_key not in paid:
        return 1
    mine = place(mine_key)
    above = sorted({place(key) for key in paid if top is None or place(key) > top and paid[key] > top[1]})
    return above.index(mine) + 1 if mine in above else 0


def _cost(step: Step, maker: StepMaker) -> Decimal | None:
    """What the step costs the client that the policy names: the fields of its new entries
    that are money spent (a premium, fees, a purchase, legal costs), and a new loan's
    interest at its own rate. None when it costs nothing named (or a change to a fact
    the client has)."""
    found: Decimal | None = None
    for section, entry in _new_entries(step):
        fields = maker.schema.sections[section].fields if section in maker.schema.sections else {}
        for name, fdef in fields.items():
            if fdef.role == "cost" and entry.get(name):
                found = (found or Decimal(0)) + Decimal(entry[name])
        if section == "loans" and entry.get("rate") is not None and entry.get("principal") and entry.get("months"):
            interest = (Decimal(entry["principal"]) * Decimal(entry["rate"]) * entry["months"] / 12).quantize(Decimal("0.01"))
            found = (found or Decimal(0)) + interest
    return found


def _group(step: Step, rule: Rule | None, maker: StepMaker) -> str | None:
    """The alternatives a step is one of: its rule's exclusive group (就高不重复: the titles
    of one ladder), of which only one is paid; None when it stands alone (a policy that pays
    two titles pays both: they are two steps)."""
    if rule is None or rule.group is None:
        return None
    return f"{step.policy}.{rule.group}"


def _becomes_true(step: Step, maker: StepMaker) -> date | None:
    """The day a change becomes true, when it is later than the estimate's date: a state an
    entry reaches only at the end of its term (a loan repaid, `role = "later"`) falls due on
    its date plus its months. None: true today."""
    from .rules.interest import add_months

    latest: date | None = None
    for section, changes in step.add.items():
        info = maker.schema.sections.get(section)
        if not isinstance(changes, list) or info is None:
            continue
        for change in changes:
            index = change.get("index")
            if index is None:
                continue
            entry = maker.facts[section][index]
            later = [name for name, value in change.items() if value and name in info.fields and info.fields[name].role == "later"]
            months = entry.get("months")
            if not later or not isinstance(months, int):
                continue
            end = add_months(entry.get(info.date_field) or maker.as_of, months)
            if end > maker.as_of and (latest is None or end > latest):
                latest = end
    return latest


def _dated(fragment: Mapping[str, Any], maker: StepMaker) -> dict[str, Any]:
    """A fragment true only later, its changed entries given their date when they had none
    (the estimate's date, which they take today): estimated as of a later day, they must
    not move with it."""
    out = dict(fragment)
    for section, changes in fragment.items():
        info = maker.schema.sections.get(section)
        if not isinstance(changes, list) or info is None or not info.date_field:
            continue
        out[section] = [
            {**c, info.date_field: maker.as_of} if "index" in c and maker.facts[section][c["index"]].get(info.date_field) is None else c
            for c in changes
        ]
    return out


def sized_field(section: str, entry: Mapping[str, Any], facts: schema.Schema) -> str | None:
    """The field a new fact's size is: its first required amount of money (a loan's
    principal, a premium), else its first amount given."""
    info = facts.sections.get(section)
    if info is None:
        return None
    money = [name for name, fdef in info.fields.items() if fdef.type == schema.MONEY and entry.get(name) is not None]
    required = [name for name in money if info.fields[name].required]
    found = required or money
    return found[0] if found else None


def _business(step: Step, maker: StepMaker) -> tuple[str, dict[str, Any], str] | None:
    """A business step's new fact: (section, entry, the field of its size)."""
    sections = maker.schema.sections
    for section, entry in _new_entries(step):
        if section in sections and sections[section].business:
            field = sized_field(section, entry, maker.schema)
            if field is not None:
                return section, entry, field
    return None


def _resized(step: Step, section: str, field: str, amount: Decimal) -> dict[str, Any]:
    """The step's fragment with its new fact of `section` of another size."""
    out = dict(step.add)
    out[section] = [({**e, field: amount} if "index" not in e else e) for e in step.add[section]]
    return out


def _sized(step: Step, maker: StepMaker) -> Step | None:
    """A business step for a client that does such business, its new fact no larger than the
    client's largest money figure. None: not offered (the client does no such business, or
    gives no money figure to size it by)."""
    found = _business(step, maker)
    if found is None:
        return None
    section, entry, field = found
    if not maker.does(section):
        return None
    largest = maker.largest_money()
    if largest is None:
        return None
    add = step.add
    if Decimal(entry[field]) > largest:
        add = _resized(step, section, field, largest)
    return step._replace(add=add, sized=field)


def _conditional(step: Step, maker: StepMaker, total_with: Callable[[Mapping[str, Any]], Decimal | None], now: Decimal) -> Step:
    """A business step told: the most one more such fact pays now (its gain at a size no
    client reaches; None when a larger one pays more still: no limit), its new fact sized
    down to the smallest that earns the same gain, and the share of its cost that comes
    back."""
    found = _business(step, maker)
    assert found is not None and step.gain is not None
    section, entry, field = found

    def gain_at(amount: Decimal) -> Decimal | None:
        total = total_with(_resized(step, section, field, amount))
        return None if total is None else total - now

    most = gain_at(UNBOUNDED)
    if most is not None and gain_at(UNBOUNDED * 2) != most:
        most = None
    shrunk = False
    if most is not None and step.gain >= most:
        smallest = _smallest(Decimal(entry[field]), step.gain, gain_at)
        if smallest is not None:
            step = step._replace(add=_resized(step, section, field, smallest))
            shrunk = True
    cost = _cost(step, maker)
    (_, entry, _) = _business(step, maker) or found
    base = cost if cost else Decimal(entry[field])
    gain = step.gain
    assert gain is not None
    share = (gain / base).quantize(Decimal("0.0001")) if base else None
    return step._replace(most=most, share=share or None, shrunk=shrunk)


def _smallest(amount: Decimal, gain: Decimal, gain_at: Callable[[Decimal], Decimal | None]) -> Decimal | None:
    """The smallest size (in whole yuan) below `amount` that still earns all of `gain`, where
    a cap binds: quarter the size until the gain falls below it, then take the size the
    gain's slope there gives, if it earns the gain (checked by the engine). None: none
    smaller found."""
    low = amount
    for _ in range(QUARTERINGS):
        low = (low / 4).quantize(Decimal("0.01"))
        if low <= 0:
            return None
        found = gain_at(low)
        if found is None:
            return None
        if found < gain:
            if found <= 0:
                return None
            size = (gain * low / found).quantize(Decimal(1), rounding=ROUND_CEILING)
            return size if size < amount and gain_at(size) == gain else None
    return None


def _notes(step: Step, rule: Rule | None, maker: StepMaker) -> list[Msg]:
    """What a client should hear with the step: where its size comes from, a value given as
    an example, the days left."""
    notes: list[Msg] = []
    schema_ = maker.schema
    if step.others:
        notes.append(msg("step_others", n=step.others, most=MOST_ALIKE))
    for section, entry in _new_entries(step):
        info = schema_.sections.get(section)
        if info is None or section in ("titles", "awards"):
            continue
        noun = info.noun
        own = maker.facts.get(section) or []
        sized = step.sized if step.sized and entry.get(step.sized) is not None else None
        if sized is not None:
            amount = Amount(entry[sized])
            term = _term(schema_, section, sized)
            if step.shrunk:
                notes.append(msg("step_sized_smallest", noun=noun, field=term, amount=amount))
            elif own and any(f.get(sized) == entry[sized] for f in own):
                notes.append(msg("step_sized_like", noun=noun, field=term, amount=amount))
            elif own:
                notes.append(msg("step_sized_largest", noun=noun, field=term, amount=amount))
            else:
                notes.append(msg("step_sized_typical", noun=noun, field=term, amount=amount))
        for name, fdef in info.fields.items():
            if fdef.example is not None and entry.get(name) == fdef.example and not any(f.get(name) == fdef.example for f in own):
                notes.append(msg("step_example", field=_term(schema_, section, name), value=entry[name]))
    near = closing(maker.policy, maker.as_of)
    if near is not None:
        notes.append(msg("step_days_left", until=near.until, days=near.days))
    return notes


def _term(facts: schema.Schema, section: str, name: str) -> Any:
    from .rules.base import field_term

    return field_term(facts, section, name)


def _grouped(steps: list[Step]) -> list[Step]:
    """Each group of alternatives as its best member, the others under it; ranked by kind,
    then by worth (a business decision: the share that comes back), then gain."""

    def rank(step: Step) -> tuple[int, Decimal, Decimal]:
        return (KINDS.index(step.kind), -step.worth, -(step.gain or Decimal(0)))

    groups: dict[str, list[Step]] = {}
    alone: list[Step] = []
    for step in steps:
        if step.group is None:
            alone.append(step)
        else:
            groups.setdefault(step.group, []).append(step)
    best = []
    for members in groups.values():
        members.sort(key=rank)
        first, *others = members
        best.append(first._replace(alternatives=tuple(others)))
    return sorted(alone + best, key=rank)


def _requirements_met(maker: StepMaker) -> list[Step]:
    """For each item a requirement makes ineligible: the change that meets it."""
    out: list[Step | None] = []
    alike: dict[tuple[Any, ...], list[tuple[Decimal, int, Step]]] = {}
    values = maker.values
    for item in maker.result.items:
        if item.status != "ineligible" or not any(r.code in ("requirement", "needs_field", "needs_any", "field_missing") for r in item.reasons):
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
        from .engine import not_given

        unsaid = [c for c in rule.select if where is not None and not_given(c, fact)]  # to complete: a field not given
        for condition in (*unsaid, *rule.conditions_for(item)):
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
        changed = {k: v for k, v in changes.items() if fact.get(k) != v}
        if changes and where is not None:
            fragment.update(maker.change_entry(where[0], where[1], changed))
        shape = (rule.id, where[0] if where else None, repr(sorted(scalars.items())), repr(sorted(changed.items())))
        alike.setdefault(shape, []).append((item.uncapped or Decimal(0), len(out), Step(maker.policy.id, rule.id, rule.clause, rule.label, fragment)))
        out.append(None)
    # The same change to many entries (1,000 deals to mark implemented): the MOST_ALIKE that
    # could pay most one by one, the others as one step. Each step is an estimate of the
    # whole profile, so this keeps `opportunities` linear in the entries.
    for members in alike.values():
        members.sort(key=lambda m: (-m[0], m[1]))
        for _, place, step in members[:MOST_ALIKE]:
            out[place] = step
        rest = members[MOST_ALIKE:]
        if rest:
            first = rest[0][2]
            out[rest[0][1]] = first._replace(add=merged([m[2].add for m in rest]), others=len(rest))
    return [s for s in out if s is not None]


#: steps making the same change to entries of one rule listed one by one, at most (the others
#: are one step: "the other N entries like it")
MOST_ALIKE = 10
