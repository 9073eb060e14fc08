"""What every rule kind shares: the common fields, and the contract of a kind (the parts rules
are written with, conditions and dated parameters, are in `terms`, re-exported here).

A rule kind is one module of `ipcalc.rules` that defines a subclass of `Rule` with:

- `KIND`: its name in policy files (`kind = "share"`), `PAYS`: what it pays, in a line (the
  README's table of kinds is generated from it), and its own fields;
- `read(rd)` (a classmethod): its own keys, read and checked from the rule's TOML table
  through a `reader.RuleReader`; it returns them as a dict of fields;
- `needs()`: the fact section, or the profile field, without which it gives nothing;
- `items(ctx)`: stage 1 of the engine: the base amount of each fact with its factors;
  `ctx.item(...)` runs the shared stages 2-4 on it (`Context` below says what a kind sees;
  the engine provides it);
- `terms(vocab)`: what it pays, as `Msg`s, for `ipcalc policies show`;
- `steps(maker)`: what a client could do to be paid (more), for `ipcalc opportunities`
  (`StepMaker` below; `ipcalc.steps` provides it).

`terms` and `steps` have no default: a kind that has none says so by returning `[]` with a
comment why, so that a new kind is never silently left out of `policies show` or
`opportunities` (tests/test_registries.py checks every kind defines both).

The package finds kind modules by itself (see `ipcalc.rules`): adding a kind is adding a
module and its tests; its sentences go in the catalogue, and the README's table of kinds is
generated from the kinds' docstrings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..guidance import Guidance
from ..i18n import FactRef, Msg, Text, msg
from ..money import Amount
from ..record import Record
from ..result import Bound, Factor, Item, Path
from .terms import (  # the parts rules are written with, for the kinds
    CONDITION_OPS,
    EMPTY,
    ByKind,
    Condition,
    Dated,
    DatedValue,
    Param,
    fact_path,
    field_term,
    not_in_force,
    section_term,
    shown_param,
    value_at,
    value_label,
)

if TYPE_CHECKING:
    from ..rates import Rates
    from ..schema import Schema
    from ..vocabulary import Vocabulary
    from .reader import RuleReader

__all__ = [
    "CONDITION_OPS",
    "EMPTY",
    "ByKind",
    "CappedRule",
    "Condition",
    "Context",
    "Dated",
    "DatedValue",
    "Param",
    "Rule",
    "StepMaker",
    "fact_path",
    "field_term",
    "not_in_force",
    "section_term",
    "shown_param",
    "value_at",
    "value_label",
]


# ------------------------------------------------------------------ rules


class Rule(Record):
    """The fields every rule has. Kinds add theirs (see the module docstring)."""

    KIND: ClassVar[str] = ""
    #: what a rule of this kind pays, and with which keys: its row in the README's table
    #: of kinds (generated, see `ipcalc.reference`)
    PAYS: ClassVar[str] = ""
    #: whether the rule computes an amount (all kinds but `qualitative`)
    monetary: ClassVar[bool] = True

    id: str
    clause: str
    label: Text
    text: tuple[str, ...]
    note: Text | None = None
    applicants: frozenset[str] | None = None
    group: str | None = None
    select: tuple[Condition, ...] = ()
    require: tuple[Condition, ...] = ()
    #: how to apply for this rule's support, beyond the policy's own guidance
    apply: Guidance | None = None
    #: who receives the money, when not the applicant (the lending bank): its items are
    #: shown, but not added to the client's total
    payee: Text | None = None

    @property
    def kind(self) -> str:
        return self.KIND

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        raise NotImplementedError

    def needs(self) -> tuple[str | None, str | None]:
        """(fact section, profile field): the rule gives nothing when that section is
        empty or that field is false or 0 (None: no such need)."""
        return None, None

    def items(self, ctx: Context) -> Iterator[Item]:
        raise NotImplementedError

    def terms(self, vocab: Vocabulary) -> list[Any]:
        """What the rule pays, in sentences (`policies show`)."""
        raise NotImplementedError(f"the rule kind {self.KIND!r} does not say what it pays (terms)")

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """Profile fragments that would make this rule pay (more): `ipcalc opportunities`
        (see `ipcalc.steps`); None for one that cannot be made."""
        raise NotImplementedError(f"the rule kind {self.KIND!r} does not say what a client could do (steps)")

    def conditions_for(self, item: Item) -> tuple[Condition, ...]:
        """The requirements an item of this rule must meet (an instalment adds its own)."""
        return self.require


class CappedRule(Rule):
    """A rule with a cap per item: one amount (`cap`, or dated amounts), or one per value of
    a choice field of the fact (`cap_by` = "scope", `cap_table` = {domestic = ..., foreign =
    ...}). The words of the choice values are kept with the rule (`cap_words`)."""

    cap: Param | None = None
    cap_by: str | None = None
    cap_table: Mapping[str, Decimal] = EMPTY
    #: the choice field's values in words, and the section's noun ("foreign", "case")
    cap_words: Mapping[str, Text] = EMPTY
    cap_noun: Text | None = None

    def cap_bound(self, fact: Mapping[str, Any] | None, day: date) -> Bound | None:
        if self.cap is not None:
            limit = value_at(self.cap, day)
            if limit is None:
                return None
            return Bound(limit, msg("capped_at", cap=Amount(limit)))
        if self.cap_by is not None and fact is not None:
            value = fact[self.cap_by]
            limit = self.cap_table[value]
            words = self.cap_words.get(value) or Text(value, value)
            return Bound(limit, msg("capped_at_by", cap=Amount(limit), value=words, noun=self.cap_noun or Text("", "")))
        return None

    def cap_terms(self, vocab: Vocabulary, per_year: bool = False) -> list[Any]:
        section = self.needs()[0]
        if self.cap is not None:
            return [msg("show_cap_year" if per_year else "show_cap_item", cap=shown_param(self.cap))]
        if self.cap_by is not None:
            parts = [msg("show_cap_choice", value=self.cap_words.get(k) or Text(k, k), cap=Amount(v)) for k, v in self.cap_table.items()]
            return [msg("show_cap_by", caps=parts, field=field_term(vocab.schema, section, self.cap_by))]
        return []


# ------------------------------------------------------------------ what a kind sees


class Context(Protocol):
    """What a rule kind sees while it makes its items (the engine's `Context` provides it):
    the profile's values and facts, the reference data, and the shared stages 2-4 (`item`)."""

    @property
    def values(self) -> Mapping[str, Any]: ...

    @property
    def facts(self) -> Mapping[str, list[dict[str, Any]]]: ...

    @property
    def schema(self) -> Schema: ...

    @property
    def vocab(self) -> Vocabulary: ...

    @property
    def rates(self) -> Rates: ...

    @property
    def as_of(self) -> date: ...

    @property
    def lpr(self) -> Decimal | None: ...

    @property
    def policy_id(self) -> str: ...

    @property
    def policy_name(self) -> Text:
        """The policy's short name, for sentences."""

    def fact_ref(self, section: str, index: int) -> FactRef:
        """A fact of the profile, for sentences ("loan #2")."""

    @property
    def valid_until(self) -> date | None:
        """The policy's last day (None: open-ended)."""

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
    ) -> Item: ...

    def support(self, rule: Rule) -> Item | None: ...

    def requirements(self, rule: Rule, subject: Mapping[str, Any]) -> list[Msg]: ...

    def selected(self, rule: Rule) -> Iterator[tuple[int, dict[str, Any]]]: ...

    def param(self, value: Param, day: date) -> tuple[Decimal | None, list[Msg]]: ...

    def day_of(self, section: str, fact: Mapping[str, Any]) -> date: ...

    def covers(self, day: date) -> bool: ...

    def warn(self, warning: Msg) -> None: ...


class StepMaker(Protocol):
    """What a rule kind uses to propose steps (`ipcalc.steps` provides it): the
    profile as it stands, and helpers that make a fragment meeting a rule's conditions."""

    @property
    def as_of(self) -> date: ...

    @property
    def values(self) -> Mapping[str, Any]: ...

    def holds_title(self, title: str, level: str | None) -> bool: ...

    def listed_instead(self, count: str) -> bool: ...

    def room(self, rule: Rule, day: date) -> Decimal | None: ...

    def largest(self, rule: Rule, section: str, field: str) -> Mapping[str, Any] | None: ...

    def kind_of(self, section: str, entry: Mapping[str, Any]) -> dict[str, Any]: ...

    def waits(self, rule: Rule, section: str) -> bool: ...

    def scalars(self, rule: Rule, changes: dict[str, Any]) -> dict[str, Any] | None: ...

    def new_entry(self, rule: Rule, section: str, fields: dict[str, Any]) -> dict[str, Any] | None: ...

    def meet(self, condition: Condition, scalars: dict[str, Any], entry: dict[str, Any] | None, section: str | None) -> bool: ...


class BaseLimit:
    """How much of each fact's base a rule counts, when it counts at most `limit` of it
    (`max_base`): for each fact (`per = "entry"`), for all the applicant's facts together
    (`"applicant"`, in date order) or for each calendar year's (`"year"`)."""

    def __init__(self, limit: Decimal | None, per: str):
        self.limit = limit
        self.per = per
        self.used: dict[object, Decimal] = {}

    def take(self, value: Decimal, day: date) -> Decimal:
        """The part of `value` counted, and it is counted from now on."""
        if self.limit is None:
            return value
        if self.per == "entry":
            return min(value, self.limit)
        key = day.year if self.per == "year" else None
        room = max(self.limit - self.used.get(key, Decimal(0)), Decimal(0))
        counted = min(value, room)
        self.used[key] = self.used.get(key, Decimal(0)) + counted
        return counted

    def note(self, counted: Decimal, given: Decimal) -> Msg:
        """Why less than the fact's base was counted."""
        assert self.limit is not None
        return msg("base_limited", counted=Amount(counted), given=Amount(given), limit=Amount(self.limit))
