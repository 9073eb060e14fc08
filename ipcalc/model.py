"""Policy definitions: the model. A policy, its clauses, its caps over several rules, and its
contested clauses (questions with named readings). `policy_files` reads and checks the TOML
files into these records; the rules themselves are records of `ipcalc.rules` (one module
per kind); `questions` applies readings and finds the range over them.

A policy file is data. Nothing in a file is ever executed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .guidance import NONE as NO_GUIDANCE
from .guidance import Guidance
from .i18n import Text
from .record import Record
from .result import Item

if TYPE_CHECKING:
    from .profile import Profile
    from .rules.base import Condition, Rule

SCHEMA_VERSION = 1

#: the shared default for empty mappings in the model; never mutated
EMPTY: Mapping[str, Any] = {}

CAP_PERIODS = ("applicant", "year", "application_year")
GROUP_PERIODS = ("applicant", "fact", "year")

__all__ = ["AggregateCap", "Clause", "Policy", "Question", "Reading"]


class Clause(Record):
    clause: str
    text: str
    note: Text | None = None


class AggregateCap(Record):
    """A cap on the sum of some rules' items (stage 6): per applicant, per calendar year or
    per application year (starting on `year_start`, (month, day)), the year of the item's
    date or of another date field of its fact (`year_of`: the year a loan was settled), for
    all facts together or `by` a field of the facts (or "entry": each fact on its own)."""

    id: str
    rules: tuple[str, ...]
    per: str
    limit: Decimal
    clause: str
    label: Text
    year_start: tuple[int, int] | None = None
    by: str | None = None
    #: the date field of the facts whose year an item counts in (default: the item's date)
    year_of: str | None = None
    #: an entry without the `by` field is a share of its own, as the policy reads (otherwise
    #: the item says that it was counted alone)
    alone_without: bool = False
    #: a limit that is a share of a figure of the client's scale (`of`: revenue, R&D
    #: spending) of the year before the cap's period ("previous", or its own: "current"):
    #: "no more than 6‰ of the previous year's revenue"; `limit` is then unused
    share: Decimal | None = None
    of: str | None = None
    figure_year: str = "previous"

    def limit_for(self, period: int | None, values: Mapping[str, Any]) -> tuple[Decimal, Any]:
        """The limit of one period (a calendar year; None: for good, the year of the estimate
        then), and why it is 0 when the figure it is a share of is not given."""
        if self.of is None or self.share is None:
            return self.limit, None
        from .money import to_fen
        from .rules.terms import figure

        base = period if period is not None else values["as_of"].year
        year = base - 1 if self.figure_year == "previous" else base
        found = figure(values, self.of, year)
        if found is None:
            from .i18n import msg
            from .schema import BUILTIN

            return Decimal(0), msg("revenue_missing", field=BUILTIN.sections["finances"].fields[self.of].term(), year=year)
        return to_fen(found * self.share), None

    def period(self, day: date) -> int | None:
        """The year an item counts in: the calendar year, or the year an application year
        starts in; None for a cap per applicant."""
        if self.per == "year":
            return day.year
        if self.per == "application_year" and self.year_start is not None:
            return day.year if (day.month, day.day) >= self.year_start else day.year - 1
        return None


class Policy(Record):
    id: str
    title: Text
    jurisdiction: Text
    regions: tuple[str, ...]
    rules: tuple[Rule, ...]
    #: each rule with what it needs from a profile (fact section, profile field), worked out
    #: once when the policy is read, so that an estimate skips at once the rules a profile
    #: gives nothing to
    plan: tuple[tuple[Rule, str | None, str | None], ...] = ()
    #: the item of each support measure (qualitative rule), made once when the policy is
    #: read: it is the same for every profile that is shown it (its date is the estimate's)
    supports: Mapping[str, Item] = EMPTY
    document: str | None = None
    issuer: Text | None = None
    published: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    validity_text: str | None = None
    draft: bool = False
    source: str | None = None
    blacklist: Clause | None = None
    exclusive: Clause | None = None
    groups: Mapping[str, Text] = EMPTY
    #: groups whose items compete only with the group's other items for the same fact (two
    #: rates for one loan), not with every item of the group (titles of one ladder)
    fact_groups: frozenset[str] = frozenset()
    #: groups whose items compete only within a calendar year: the year of each item's fact's
    #: date field named here ("": the item's own date) ("each firm one loan a year")
    year_groups: Mapping[str, str] = EMPTY
    caps: tuple[AggregateCap, ...] = ()
    path: str = ""
    origin: str = "bundled"
    #: contested readings (see `questions`); the rules as written are each one's default
    questions: tuple[Question, ...] = ()
    #: a clause every estimate under this policy should know (how and when it pays)
    notice: Clause | None = None
    #: question id -> the rules its readings may change, with those sharing a group or cap
    question_scope: Mapping[str, frozenset[str]] = EMPTY
    #: how to apply: office, procedure, window, materials, fund (as the text says them)
    apply: Guidance = NO_GUIDANCE
    #: the policy's short name in sentences ("Xiangzhou District", 襄州区); None: its
    #: jurisdiction's (a client reads a place, not an id)
    name: Text | None = None

    @property
    def short(self) -> Text:
        if self.name is not None:
            return self.name
        return self.jurisdiction if isinstance(self.jurisdiction, Text) else Text(self.id, self.id)

    def status_at(self, as_of: date) -> str:
        if self.draft:
            return "draft"
        if self.valid_from is not None and as_of < self.valid_from:
            return "not_yet_in_force"
        if self.valid_until is not None and as_of > self.valid_until:
            return "expired"
        return "in_force"

    def covers(self, day: date) -> bool:
        """Whether a fact dated `day` falls within the policy's dates (inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return True

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def reads_name(self) -> bool:
        """Whether a condition of the policy (of a rule, a reading, a measure's relevance)
        compares the client's name: then a profile's name is part of what its evaluation
        depends on (worked out once)."""
        memo = self._memo()
        found = memo.get("reads_name")
        if found is None:
            found = memo["reads_name"] = _reads_name((self.rules, self.questions))
        return found


class Reading(Record):
    id: str
    label: Text
    #: why the text can be read so, quoting it
    rationale: Text
    #: rule id -> the rule as this reading has it, or None: the reading leaves it out
    rules: Mapping[str, Rule | None] = EMPTY
    #: requirements this reading adds to the rules `require_rules`
    require: tuple[Condition, ...] = ()
    require_rules: tuple[str, ...] = ()
    #: cap id -> the cap as this reading has it, or None: no such cap
    caps: Mapping[str, AggregateCap | None] = EMPTY
    #: a blacklist clause this reading adds (失信 applicants get nothing)
    blacklist: Clause | None = None
    #: a warning shown when this reading is in force and the profile meets `warn_when`
    warning: Text | None = None
    warn_when: tuple[Condition, ...] = ()
    #: what the rules this reading changes need from a profile: (list section, switch) each
    inputs: tuple[tuple[str | None, str | None], ...] = ()
    #: it changes only what happens after the policy's end (a loan's months past it): it
    #: cannot matter under a policy without an end date
    after_end_only: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.rules or self.require or self.caps or self.blacklist)

    def touched(self, policy: Policy) -> frozenset[str]:
        """The rules whose items this reading may change."""
        if self.blacklist is not None:
            return frozenset(r.id for r in policy.rules if r.monetary)
        names = set(self.rules) | set(self.require_rules)
        for cap in self.caps.values():
            if cap is not None:
                names.update(cap.rules)
        names.update(r for c in policy.caps if c.id in self.caps for r in c.rules)
        return frozenset(names)

    def matters(self, profile: Profile, policy: Policy) -> bool:
        """Whether this reading can change what this profile gets (cheap, conservative:
        False only when it surely cannot)."""
        if not self.changes:
            return False
        if self.after_end_only and (policy.valid_until is None or not _past_end(profile, self.inputs, policy.valid_until)):
            return False
        values = profile.values
        if self.blacklist is not None:
            return bool(values.get("blacklisted")) and policy.blacklist is None
        if self.rules and not (self.require or self.caps) and self._same_for(profile.kind, policy):
            return False  # it changes only who may apply, and not for this applicant
        if self.caps and not (self.rules or self.require) and all(_same_cap_for(profile, policy, cid, cap) for cid, cap in self.caps.items()):
            return False  # it changes only a cap's period, and this profile's facts fall in one
        if not (self.rules or self.caps) and all(c.profile and c.holds(EMPTY, values) for c in self.require):
            return False  # requirements on the profile that it meets change nothing
        facts = profile.facts
        return any(facts[section] if section is not None else switch is None or values.get(switch) for section, switch in self.inputs)

    def _same_for(self, kind: str, policy: Policy) -> bool:
        """Whether every rule this reading changes is the same for an applicant of this kind
        (worked out once per kind: the same for every profile of a batch)."""
        memo = self._memo()
        key = ("same_for", kind, policy.id)
        found = memo.get(key)
        if found is None:
            found = memo[key] = all(_same_for(kind, policy.rule(rid), rule) for rid, rule in self.rules.items())
        return found

    def pays_nothing(self, profile: Profile, names: frozenset[str]) -> bool:
        """Whether, read so, these rules surely pay this profile nothing: it is on the
        blacklist this reading adds, or fails a requirement it adds to all of them."""
        values = profile.values
        if self.blacklist is not None and values.get("blacklisted"):
            return True
        return bool(self.require) and names <= set(self.require_rules) and any(c.profile and not c.holds(EMPTY, values) for c in self.require)


def _same_for(kind: str, original: Rule | None, changed: Rule | None) -> bool:
    """Whether a rule changed by a reading is the same for an applicant of this kind: only its
    applicants differ, and this kind is among both or neither."""
    if original is None or changed is None:
        return original is changed
    if original._replace(applicants=None) != changed._replace(applicants=None):
        return False

    def allows(rule: Rule) -> bool:
        return rule.applicants is None or kind in rule.applicants

    return allows(original) == allows(changed)


def _same_cap_for(profile: Profile, policy: Policy, cap_id: str, changed: AggregateCap | None) -> bool:
    """Whether a cap changed by a reading caps this profile as the policy's does: only its
    period differs, and the dated facts its rules read fall in one period either way."""
    original = next((c for c in policy.caps if c.id == cap_id), None)
    if original is None or changed is None or (original.limit, original.rules, original.by) != (changed.limit, changed.rules, changed.by):
        return False
    days = []
    for rule_id in original.rules:
        rule = policy.rule(rule_id)
        section = rule.needs()[0] if rule is not None else None
        if section is None or section not in profile.schema.sections:
            return False
        info = profile.schema.sections[section]
        for entry in profile.facts.get(section) or ():
            day = entry.get(info.date_field)
            if day is None:
                return False
            days.append(day)
    return all(len({cap.period(day) for day in days}) <= 1 for cap in (original, changed))


def _past_end(profile: Profile, inputs: tuple[tuple[str | None, str | None], ...], until: date) -> bool:
    """Whether an entry of the sections a reading's rules read may run past `until`: its
    date plus its `months` (a loan's term) ends after it. Conservative: an entry without
    a date or a term may."""
    for section, _ in inputs:
        if section is None:
            return True
        info = profile.schema.sections.get(section)
        for entry in profile.facts.get(section) or ():
            start = entry.get(info.date_field) if info is not None else None
            months = entry.get("months")
            if start is None or months is None:
                return True
            month = start.month - 1 + months
            year, month = start.year + month // 12, month % 12 + 1
            if (year, month, start.day) > (until.year, until.month, until.day):
                return True
    return False


class Question(Record):
    id: str
    label: Text
    #: the clauses in question, quoted from the source
    text: tuple[str, ...]
    #: the first is the default: the rules as written
    readings: tuple[Reading, ...]
    #: the reading the bureau applies in practice, where it is known (None: not known), and
    #: where that is known from (a published award list, an official Q&A)
    likely: str | None = None
    likely_source: Text | None = None

    def reading(self, rid: str) -> Reading:
        return next(r for r in self.readings if r.id == rid)

    @property
    def default(self) -> Reading:
        return self.readings[0]


def _reads_name(value: Any) -> bool:
    """Whether a condition on the profile's `name` is found in `value` (records, tuples,
    lists and mappings of them)."""
    from .rules.terms import Condition

    if isinstance(value, Condition):
        return (value.profile and value.field == "name") or _reads_name(value.value)
    if isinstance(value, Record):
        return any(_reads_name(value.__dict__[name]) for name in value._fields)
    if isinstance(value, (tuple, list, frozenset)):
        return any(_reads_name(v) for v in value)
    if isinstance(value, Mapping):
        return any(_reads_name(v) for v in value.values())
    return False


def make_plan(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, str | None, str | None], ...]:
    return tuple((rule, *rule.needs()) for rule in rules)


def make_supports(rules: tuple[Rule, ...]) -> dict[str, Item]:
    return {r.id: Item(r, (), None, None, "qualitative", (), None, None, None, 0) for r in rules if not r.monetary}
