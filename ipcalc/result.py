"""What an evaluation returns: the result types, at the bottom of the package.

The engine computes them, the rule kinds make their items, the renderers word them; this
module imports none of those (only `record`, `money` and `i18n`), so nothing reaches up
into the engine for its results. A policy result keeps the `model.Policy` it comes from and
an estimate the `profile.Profile` it is for: they are typed `Any` here because this module
sits below both (`tests/test_layers.py` keeps it so).

- `Factor`: one term of an item's arithmetic; `Basis`: factors shown as arithmetic.
- `Bound`: a limit an item's amount may not exceed, with the reason shown when it bites.
- `Item`: one rule applied to one fact (or a year of facts), through the stages of the engine.
- `Range`: the lowest and highest total over a policy's readings.
- `PolicyResult`, `Estimate`, `Jurisdiction`: a policy's items and total; an estimate's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from .i18n import Msg, Text, msg, render, t
from .money import TEN_THOUSAND, ZERO, amount_text, display_amount, grouped, percent, rate_percent
from .record import Record

#: the statuses of an item that pays
PAYABLE = ("eligible", "capped")
#: the interpretation of a support measure whose rule gives none (one shared, immutable Msg)
QUALITATIVE_NOTE = msg("qualitative_note")
#: the shared default for empty mappings in results; never mutated
EMPTY: Mapping[str, Any] = {}

#: A fact an item comes from: ("loans", 0) for an entry of a list section, ("patent_agents",)
#: for a profile field.
Path = tuple[Any, ...]


#: what the `value` of a factor is, by its `kind` (docs/json.md's table, generated from this)
FactorKind = Literal["share", "rate", "money", "amount", "count", "months", "sum", "slices", "of", "title"]
FACTOR_KINDS: dict[FactorKind, str] = {
    "share": "a fraction of the base, shown as a percentage (`0.5`: 50%)",
    "rate": "an interest rate (`0.0435`: 4.35%)",
    "money": "an amount from the client's facts",
    "amount": "a fixed amount of the policy",
    "count": "a number of units",
    "months": "`value` months of `per`",
    "sum": "several amounts added: `value` is their list",
    "slices": "a marginal scale: `value` is the list of `[share, part of the base]` pairs added",
    "of": "what is paid for: `value` is its code, `label` its name",
    "title": "a title: `value` the title, `level` its level, `label` their name",
}


class Factor:
    """One term of an item's arithmetic (its `basis`): `kind` (one of `FACTOR_KINDS`) says
    what `value` is. A plain slotted class: thousands are made in a batch."""

    __slots__ = ("kind", "value", "per", "label")

    def __init__(self, kind: FactorKind, value: Any, per: Any = None, label: Any = None):
        self.kind: FactorKind = kind
        self.value = value
        self.per = per
        self.label = label

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Factor):
            return NotImplemented
        return (self.kind, self.value, self.per, self.label) == (other.kind, other.value, other.per, other.label)

    def __hash__(self) -> int:
        return hash((self.kind, self.value, self.per))

    def __repr__(self) -> str:
        return f"Factor({self.kind!r}, {self.value!r}, {self.per!r}, {self.label!r})"


def term(factor: Factor, unit: str = "yuan") -> str:
    """One factor of a product, as written in a basis; money in `unit` (wan: 万元)."""
    kind = factor.kind
    value = factor.value
    if kind == "share":
        return percent(value)
    if kind == "rate":
        return rate_percent(value)
    if kind == "money":
        return _money(value, unit, grouped)
    if kind == "amount":
        return _money(value, unit, amount_text)
    if kind == "months":
        return f"{value}/{factor.per}"
    if kind == "sum":
        return "(" + " + ".join(_money(v, unit, grouped) for v in value) + ")"
    if kind == "slices":  # a marginal scale: each part of the base at its bracket's share
        return " + ".join(f"{percent(share)} × {_money(part, unit, grouped)}" for share, part in value)
    return str(value)  # count


def _money(value: Decimal, unit: str, written: Any) -> str:
    """An amount of a basis: as written in yuan, or exactly in wan (3,000,000 -> 300)."""
    return written(value) if unit == "yuan" else display_amount(value / TEN_THOUSAND, "wan")


def basis_text(factors: Iterable[Factor], lang: str, unit: str = "yuan") -> str:
    """`50% × 4.35% × 3,000,000 × 12/12`; `2 × 500,000 (China Patent Gold Award)`;
    `IP demonstration enterprise (provincial): 240,000`."""
    factors = tuple(factors)
    if not factors:
        return ""
    first = factors[0]
    if first.kind == "title":
        subject = render(first.label, lang)
        if len(factors) == 1:
            return subject
        return t("basis_subject", lang, subject=subject, amount=_money(factors[1].value, unit, amount_text))
    named = [f for f in factors if f.kind == "of"]
    product = " × ".join(term(f, unit) for f in factors if f.kind != "of")
    if not named:
        return product
    name = render(named[0].label, lang)
    return t("basis_of", lang, basis=product, name=name) if product else name


class Basis(Record):
    """Factors shown as arithmetic inside a sentence ("3.85% × 3,000,000 × 12/12")."""

    factors: tuple[Factor, ...]

    def render(self, lang: str) -> str:
        return basis_text(self.factors, lang)


class Bound:
    """A limit an item's amount may not exceed (a cap, a fee paid, the interest due), with
    the reason shown when it bites and what it is (for the explain trace; None: a cap)."""

    __slots__ = ("limit", "reason", "what")

    def __init__(self, limit: Decimal, reason: Msg, what: Msg | Text | None = None):
        self.limit = limit
        self.reason = reason
        self.what = what


class Item:
    """One rule applied to one fact (or a year of facts). Mutable: the group and aggregate-cap
    stages change `status`, `amount` and `cap` after the item is made. (A plain slotted class,
    not a dataclass: dataclasses compile code at import, which costs start-up time.)

    `rule` is the `rules.base.Rule` applied: the item keeps its id, clause, label, quoted
    text, group and note (the reading of the clause used)."""

    __slots__ = (
        "source",
        "rule",
        "factors",
        "uncapped",
        "cap",
        "amount",
        "status",
        "reasons",
        "facts",
        "year",
        "date",
        "subject",
        "trace",
        "order",
        "claimed",
        "before_caps",
    )

    def __init__(
        self,
        rule: Any,
        factors: tuple[Factor, ...],
        uncapped: Decimal | None,
        cap: Decimal | None,
        status: str,
        facts: tuple[Path, ...],
        date: date | None,
        subject: Msg | Text | None,
        year: int | None,
        order: int,
    ):
        #: the rule applied (its clause, label, text, group, payee and note are the item's)
        self.source = rule
        self.rule: str = rule.id
        self.factors = factors
        self.uncapped = uncapped
        self.cap = cap
        self.amount = ZERO
        self.status = status
        #: why it is not paid in full, or how it was computed: Msgs, in the order they apply
        self.reasons: list[Msg] = []
        self.facts = facts
        #: for an item that sums a calendar year of facts, that year
        self.year = year
        #: the date its validity was judged on (None: the estimate's as_of)
        self.date = date
        #: what the fact is, when the label does not say it ("IP demonstration enterprise (national)")
        self.subject = subject
        #: the arithmetic stage by stage (only with explain): Msgs
        self.trace: list[Msg] = []
        self.order = order
        #: every fact it comes from is marked claimed (applied for, or paid already)
        self.claimed = False
        #: what it paid before the aggregate caps cut it (None: they did not)
        self.before_caps: Decimal | None = None

    # What the rule says of every item of it (read from the rule: an item is made for every
    # fact of every profile, and the range's variants make more).

    @property
    def clause(self) -> str:
        return self.source.clause

    @property
    def label(self) -> Text:
        return self.source.label

    @property
    def text(self) -> tuple[str, ...]:
        return self.source.text

    @property
    def group(self) -> str | None:
        return self.source.group

    @property
    def payee(self) -> Text | None:
        """Who receives the money when not the applicant (the lending bank): not in the total."""
        return self.source.payee

    @property
    def interpretation(self) -> Msg | Text | None:
        """The reading of the clause used (the rule's note)."""
        rule = self.source
        return rule.note if rule.note else None if rule.monetary else QUALITATIVE_NOTE

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Item):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__ if name != "source") and self.source.id == other.source.id

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Item({self.rule!r}, {self.facts!r}, {self.status}, {self.amount})"


class Range(Record):
    """The lowest and highest total over the readings, and the readings giving each."""

    low: Decimal
    high: Decimal
    low_readings: Mapping[str, str]
    high_readings: Mapping[str, str]
    #: the number of combinations of readings not all tried (over the limit, `questions.
    #: MAX_COMBINATIONS`): the range was found question by question; 0 when exact
    untried: int = 0
    #: (question, reading) -> the policy's total with that one reading instead of the one
    #: in force (the others as they are), for every reading that can change something for
    #: this profile; a reading not here changes nothing: the total
    alone: Mapping[tuple[str, str], Decimal] = {}  # shared, never changed


class PolicyResult(Record):
    #: the `model.Policy` evaluated
    policy: Any
    status: str
    items: list[Item]
    total: Decimal
    #: the reading of each of the policy's questions this result is computed under
    readings: Mapping[str, str] = EMPTY
    #: the lowest and highest total over the readings (None: not computed yet)
    range: Range | None = None
    #: the total less the items of facts marked claimed (None: the total)
    still_to_claim: Decimal | None = None

    @property
    def to_claim(self) -> Decimal:
        return self.total if self.still_to_claim is None else self.still_to_claim


class Jurisdiction(Record):
    """Policies of one jurisdiction in an estimate, and their total."""

    regions: tuple[str, ...]
    #: whether they cover the profile's region (the others are what it would get elsewhere)
    applies: bool
    policies: list[str]
    total: Decimal
    #: the policies' short names, for sentences ("total for Xiangzhou District")
    names: tuple[Any, ...] = ()


class Estimate(Record):
    #: the `profile.Profile` estimated
    profile: Any
    as_of: date
    policies: list[PolicyResult]
    total: Decimal
    warnings: list[Msg]
    #: the range of the grand total: the sums of the policies' lowest and highest totals
    range: Range | None = None

    @property
    def still_to_claim(self) -> Decimal:
        """The total less the items of facts marked claimed."""
        return sum((r.to_claim for r in self.policies), ZERO)

    def jurisdictions(self) -> list[Jurisdiction]:
        """The policies by jurisdiction: those that cover the profile's region together (they
        may all pay the client), then each other set of regions apart (what the client
        would get there instead, as with `--policy`). One entry when all cover the region."""
        region = self.profile.region
        groups: dict[tuple[str, ...], list[PolicyResult]] = {}
        for result in self.policies:
            key = (region,) if region in result.policy.regions else tuple(result.policy.regions)
            groups.setdefault(key, []).append(result)
        return [
            Jurisdiction(
                key, key == (region,), [r.policy.id for r in results], sum((r.total for r in results), ZERO), tuple(r.policy.short for r in results)
            )
            for key, results in sorted(groups.items(), key=lambda kv: kv[0] != (region,))
        ]
