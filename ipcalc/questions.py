"""Contested readings: where a clause can be read more than one way, a policy declares a
question with named readings. The rules as written are the first (default) reading; every
other reading says what it changes: rules changed or left out, requirements added, caps
changed, a blacklist clause, and a warning to show when it is in force.

`variant` applies a choice of readings to a policy; `policy_range` finds the lowest and
highest total over every combination of the readings that matter for a profile. It
evaluates only what a question can change: questions are grouped into clusters that share no
rule, group or cap, and for each cluster only its rules are evaluated under each combination
of its readings; the other rules' items are the same whatever the cluster reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any

from .model import AggregateCap, Policy, Question, Reading, make_plan, make_supports
from .money import to_fen
from .result import EMPTY, PAYABLE, Range

if TYPE_CHECKING:
    from .profile import Profile
    from .rules.base import Rule


def chosen(policy: Policy, picked: Mapping[str, str] | None) -> dict[str, str]:
    """Every question's reading: the one picked, else the default."""
    picked = picked or EMPTY
    return {q.id: picked.get(q.id, q.default.id) for q in policy.questions}


def variant(policy: Policy, choice: Mapping[str, str], only: frozenset[str] | None = None) -> Policy:
    """The policy read so: each question's reading applied to the rules as written. With
    `only`, just those rules (and the caps on them): what a cluster of questions changes.

    Made once per policy, choice and rules, and kept with the policy: the range of a batch
    asks for the same few variants for thousands of profiles, and making one (a new policy,
    its plan, its rules with added requirements) cost a fifth of an estimate's evaluation
    when measured (benchmarks/bench.py, batch). The policy does not pickle them."""
    key = (tuple(sorted(choice.items())), only)
    kept = policy.__dict__.setdefault(VARIANTS, {})
    found = kept.get(key)
    if found is None:
        found = kept[key] = _variant(policy, choice, only)
    return found


#: where a policy keeps its variants (see `variant`; `a pickled Record leaves its memos out)
VARIANTS = "_variants"


def _variant(policy: Policy, choice: Mapping[str, str], only: frozenset[str] | None) -> Policy:
    rules: dict[str, Rule | None] = {r.id: r for r in policy.rules}
    caps: dict[str, AggregateCap | None] = {c.id: c for c in policy.caps}
    blacklist = policy.blacklist
    read_by: dict[str, list[tuple[str, str]]] = {}  # rule id -> the readings that changed it
    for question in policy.questions:
        reading = question.reading(choice.get(question.id, question.default.id))
        if not reading.changes:
            continue
        for rid, changed in reading.rules.items():
            rules[rid] = _changed(policy.rule(rid), rules.get(rid), changed)
            read_by.setdefault(rid, []).append((question.id, reading.id))
        caps.update(reading.caps)
        for rid in reading.require_rules:
            rule = rules.get(rid)
            if rule is not None:
                rules[rid] = rule._replace(require=rule.require + reading.require)
                read_by.setdefault(rid, []).append((question.id, reading.id))
        if reading.blacklist is not None and blacklist is None:
            blacklist = reading.blacklist
    # A rule read the same way is the same object in every variant: what it pays a profile
    # is then worked out once for all the combinations of readings it is in (RuleTotals).
    made = policy._memo().setdefault("variant_rules", {})
    for rid, readings in read_by.items():
        key = (rid, tuple(readings))
        if key in made:
            rules[rid] = made[key]
        elif len(made) < 4096:
            made[key] = rules[rid]
    kept = tuple(r for r in rules.values() if r is not None and (only is None or r.id in only))
    names = {r.id for r in kept}
    kept_caps = tuple(c for c in caps.values() if c is not None and set(c.rules) & names)
    supports = {k: v for k, v in policy.supports.items() if k in names}
    if any(not r.monetary and r is not policy.rule(r.id) for r in kept):
        supports = make_supports(kept)
    return policy._replace(rules=kept, plan=make_plan(kept), supports=supports, caps=kept_caps, blacklist=blacklist)


def _changed(original: Rule | None, current: Rule | None, changed: Rule | None) -> Rule | None:
    """A rule as one more reading has it: left out (None), or with the keys that reading
    changes from the rule as written applied to the rule as the other readings have it (two
    questions may change one rule: the LPR for its rate, and the months it counts)."""
    if changed is None or original is None or current is None:
        return changed
    differ = {name: getattr(changed, name) for name in changed._fields if getattr(changed, name) != getattr(original, name)}
    return current._replace(**differ) if differ else current


def scopes(policy: Policy) -> dict[str, frozenset[str]]:
    """Each question's scope: the rules its readings may change, and every rule sharing an
    exclusive group or a cap with them (worked out once, when the policy is read)."""
    return {q.id: _closure(policy, frozenset().union(*(r.touched(policy) for r in q.readings))) for q in policy.questions}


def _closure(policy: Policy, names: frozenset[str]) -> frozenset[str]:
    """These rules and every rule sharing an exclusive group or a cap with them (under any
    reading): the rules whose items may change when these do."""
    caps = [c.rules for c in policy.caps] + [c.rules for q in policy.questions for r in q.readings for c in r.caps.values() if c is not None]
    groups: dict[str, set[str]] = {}
    for rule in policy.rules:
        if rule.group:
            groups.setdefault(rule.group, set()).add(rule.id)
    found = set(names)
    while True:
        more = set(found)
        for capped in caps:
            if more & set(capped):
                more.update(capped)
        for members in groups.values():
            if more & members:
                more.update(members)
        if more == found:
            return frozenset(found)
        found = more


class RuleTotals:
    """What each rule pays a profile before exclusive groups and aggregate caps, kept while
    the range is found: a combination of readings is then totalled from its rules' own
    payments, each rule evaluated once whatever the number of combinations it is in (the
    rules as read from the estimate already made), where the rules meet only through caps
    of their own (no exclusive group among them, none paid to someone else, each under at
    most one cap, which is not `by` a field). Other clusters are evaluated whole.

    `items_of(variant, rule)`: a rule's items as a variant has it (stages 1-4); `cap_day(cap,
    item)`: the day whose period an item counts in for a cap."""

    def __init__(self, read: Policy, items: list[Any], items_of: Callable[[Policy, Rule], list[Any]], cap_day: Callable[[Any, Any], Any]):
        self.items_of = items_of
        self.cap_day = cap_day
        self.paid: dict[int, tuple[Rule, list[tuple[Decimal, Any]]]] = {}  # by the rule's id, kept with it
        self.sums: dict[tuple[int, int], tuple[Any, dict[Any, Decimal]]] = {}  # (rule, cap) -> its sum per period
        self.read = {id(rule): rule for rule in read.rules}  # the estimate's rules, whose items are at hand
        self.items = items

    def _mine(self, rule: Rule) -> list[tuple[Decimal, Any]] | None:
        """What the estimate's own items say a rule of its pays before caps (None: not one of
        its rules, or one in an exclusive group, whose items say what the group left)."""
        if self.read.get(id(rule)) is not rule or not rule.monetary:
            return None
        mine = [i for i in self.items if i.rule == rule.id]
        if any(i.group for i in mine):
            return None
        return [(i.before_caps if i.before_caps is not None else i.amount, i) for i in mine if i.status in PAYABLE]

    def payments(self, variant: Policy, rule: Rule) -> list[tuple[Decimal, Any]]:
        found = self.paid.get(id(rule))
        if found is not None and found[0] is rule:
            return found[1]
        paid = self._mine(rule)
        if paid is None:
            paid = [(i.amount, i) for i in self.items_of(variant, rule) if i.status in PAYABLE]
        self.paid[id(rule)] = (rule, paid)
        return paid

    def _periods(self, variant: Policy, rule: Rule, cap: Any) -> dict[Any, Decimal]:
        """What a rule pays in each period of a cap (worked out once for the rule and cap)."""
        key = (id(rule), id(cap))
        found = self.sums.get(key)
        if found is not None and found[0][0] is rule and found[0][1] is cap:
            return found[1]
        sums: dict[Any, Decimal] = {}
        paid = self.payments(variant, rule)
        if cap.per == "applicant":  # one period: all of it
            sums[None] = sum((amount for amount, _ in paid), Decimal(0))
        else:
            for amount, item in paid:
                period = cap.period(self.cap_day(cap, item))
                sums[period] = sums.get(period, Decimal(0)) + amount
        self.sums[key] = ((rule, cap), sums)
        return sums

    def total(self, variant: Policy, names: frozenset[str]) -> Decimal | None:
        """What the cluster's rules pay under `variant` (None: they meet otherwise than
        through caps of their own; evaluate it whole)."""
        rules = [r for r in variant.rules if r.id in names and r.monetary]
        if any(r.group is not None or r.payee is not None for r in rules):
            return None
        cap_of: dict[str, AggregateCap] = {}
        for each in variant.caps:
            for rid in each.rules:
                if rid in names:
                    if rid in cap_of or each.by is not None or each.of is not None:
                        return None
                    cap_of[rid] = each
        total = Decimal(0)
        buckets: dict[tuple[str, Any], Decimal] = {}
        limits: dict[str, Decimal] = {}
        for rule in rules:
            cap = cap_of.get(rule.id)
            if cap is None:
                total += sum((amount for amount, _ in self.payments(variant, rule)), Decimal(0))
                continue
            limits[cap.id] = cap.limit
            for period, amount in self._periods(variant, rule, cap).items():
                key = (cap.id, period)
                buckets[key] = buckets.get(key, Decimal(0)) + amount
        for (cap_id, _), paid_sum in buckets.items():
            limit = limits[cap_id]
            total += paid_sum if paid_sum <= limit else to_fen(limit)
        return total


def policy_range(
    profile: Profile,
    policy: Policy,
    choice: Mapping[str, str],
    total: Decimal,
    items: list[Any],
    evaluate_total: Callable[[Policy], Decimal],
    totals: RuleTotals | None = None,
) -> Range:
    """The lowest and highest total over the readings that matter for this profile. `total`
    and `items` are the policy's under `choice`; `evaluate_total` evaluates a variant;
    `totals`, where given, totals a cluster from its rules' own payments (see RuleTotals)."""
    relevant = [q for q in policy.questions if any(r.matters(profile, policy) for r in q.readings)]
    if not relevant:
        return Range(total, total, dict(choice), dict(choice), 0, {})
    touched = policy.question_scope
    clusters: list[tuple[list[Question], frozenset[str]]] = []
    for question in relevant:
        names = touched[question.id]
        merged = [question]
        for other in [c for c in clusters if c[1] & names]:
            clusters.remove(other)
            merged = other[0] + merged
            names = names | other[1]
        clusters.append((merged, names))
    low, high = total, total
    low_choice, high_choice = dict(choice), dict(choice)
    untried = 0
    alone: dict[tuple[str, str], Decimal] = {}  # each other reading alone: the policy's total
    for questions, names in clusters:
        base = sum((i.amount for i in items if i.rule in names), Decimal(0))

        def sub_total(picked: Mapping[str, str], keep: bool, questions: list[Question] = questions, names: frozenset[str] = names) -> Decimal:
            """What the cluster's rules pay under the readings picked (the others as chosen);
            `keep`: keep the variant with the policy (see `variant`)."""
            if any(q.reading(picked[q.id]).pays_nothing(profile, names) for q in questions):
                return Decimal(0)
            full = {**choice, **picked}
            read = variant(policy, full, names) if keep else _variant(policy, full, names)
            found = totals.total(read, names) if totals is not None else None
            return found if found is not None else evaluate_total(read)

        start = {q.id: choice[q.id] for q in questions}
        small = prod(len(q.readings) for q in questions) <= MAX_COMBINATIONS
        for question in questions:
            for reading in question.readings:
                if reading.id != start[question.id]:
                    alone[(question.id, reading.id)] = total - base + sub_total({**start, question.id: reading.id}, small)
        combinations = prod(len(q.readings) for q in questions)
        if combinations <= MAX_COMBINATIONS:
            best_low, best_high = _every_combination(questions, start, base, sub_total)
        else:
            best_low, best_high = _question_by_question(questions, start, base, sub_total)
            untried += combinations
        low += best_low[0] - base
        high += best_high[0] - base
        low_choice.update(best_low[1])
        high_choice.update(best_high[1])
    return Range(low, high, low_choice, high_choice, untried, alone)


#: the most combinations of readings tried one by one for a group of questions that share
#: rules or caps (2^8: eight two-way questions). Beyond it the range is found question by
#: question (each question's readings tried with the others fixed, until nothing changes),
#: which is exact when the questions' effects add up, and the estimate says it may be
#: narrower than the true range.
MAX_COMBINATIONS = 256

Best = tuple[Decimal, dict[str, str]]
SubTotal = Callable[[Mapping[str, str], bool], Decimal]


def _every_combination(questions: list[Question], start: dict[str, str], base: Decimal, sub_total: SubTotal) -> tuple[Best, Best]:
    """The lowest and highest over every combination of the questions' readings."""
    best_low = best_high = (base, start)
    for combo in product(*(q.readings for q in questions)):
        picked = {q.id: r.id for q, r in zip(questions, combo)}
        if picked == start:
            continue
        sub = sub_total(picked, True)
        if sub < best_low[0]:
            best_low = (sub, picked)
        if sub > best_high[0]:
            best_high = (sub, picked)
    return best_low, best_high


def _question_by_question(questions: list[Question], start: dict[str, str], base: Decimal, sub_total: SubTotal) -> tuple[Best, Best]:
    """The lowest and highest found by changing one question's reading at a time, keeping
    each change that moves the total the way sought, until a pass changes nothing (at most
    a few passes). Variants are not kept: there could be too many."""
    found = []
    for lower in (True, False):
        picked, best = start, base
        for _ in range(4):
            changed = False
            for question in questions:
                for reading in question.readings:
                    if reading.id == picked[question.id]:
                        continue
                    trial = {**picked, question.id: reading.id}
                    sub = sub_total(trial, False)
                    if (sub < best) if lower else (sub > best):
                        best, picked, changed = sub, trial, True
            if not changed:
                break
        found.append((best, picked))
    return found[0], found[1]


def reading_warnings(policy: Policy, choice: Mapping[str, str], profile: Profile) -> list[tuple[Question, Reading]]:
    """The readings in force whose warning applies to this profile."""
    out = []
    for question in policy.questions:
        reading = question.reading(choice[question.id])
        if reading.warning is not None and all(c.holds(EMPTY, profile.values) for c in reading.warn_when):
            out.append((question, reading))
    return out


def parse_readings(texts: Any, policies: Mapping[str, Policy], source: str = "--reading") -> dict[str, dict[str, str]]:
    """`POLICY.QUESTION=READING` texts (or a mapping `{"POLICY.QUESTION": "READING"}`), checked
    against the policies: policy id -> question -> reading. Raises IpcalcError naming every
    mistake with what is allowed."""
    from .checks import did_you_mean, one_of
    from .errors import IpcalcError, Problem
    from .i18n import msg

    pairs = [f"{k}={v}" for k, v in texts.items()] if isinstance(texts, Mapping) else [str(t) for t in texts]
    known = {f"{pid}.{q.id}={r.id}": (pid, q.id, r.id) for pid in policies for q in policies[pid].questions for r in q.readings}
    out: dict[str, dict[str, str]] = {}
    problems = []
    for text in pairs:
        key = text.replace(" ", "")
        if key not in known:
            problems.append(Problem(msg("unknown_reading", text=text, hint=did_you_mean(key, known), allowed=one_of(sorted(known))), source=source))
            continue
        pid, qid, rid = known[key]
        out.setdefault(pid, {})[qid] = rid
    if problems:
        raise IpcalcError(problems)
    return out
