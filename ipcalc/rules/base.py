"""What every rule kind shares: the common fields, conditions, and the contract of a kind.

A rule kind is one module of `ipcalc.rules` that defines a subclass of `Rule` with:

- `KIND`: its name in policy files (`kind = "share"`), and its own fields;
- `read(rd)` (a classmethod): its own keys, read and checked from the rule's TOML table
  through a `policy_files.RuleReader`; it returns them as a dict of fields;
- `needs()`: the fact section, or the profile field, without which it gives nothing;
- `items(ctx)`: stage 1 of the engine: the base amount of each fact with its factors;
  `ctx.item(...)` (engine.Context) runs the shared stages 2-4 on it;
- `terms(vocab)`: what it pays, as `Msg`s, for `ipcalc policies show`.

The package finds kind modules by itself (see `ipcalc.rules`): adding a kind is adding a
module, its tests and its row in the README; nothing else is edited.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Mapping

from .. import schema
from ..i18n import Filled, Given, Msg, Text, msg
from ..money import Amount
from ..record import Record

if TYPE_CHECKING:
    from ..engine import Bound, Context, Item
    from ..policy import Vocabulary
    from ..policy_files import RuleReader

#: the shared default for empty mappings in rule records; never mutated
EMPTY: Mapping[str, Any] = {}
CONDITION_OPS = ("eq", "in", "min", "gt")


class Condition(Record):
    """`field` (of the rule's fact section, or of the profile) compared with `value` by
    `op`; `because` explains a failed requirement (policy text that may hold {value},
    {more} and {min})."""

    field: str
    op: str
    value: Any
    because: Text | None = None
    section: str | None = None

    def test(self, actual: Any) -> bool:
        if self.op == "eq":
            return actual == self.value
        if self.op == "in":
            return actual in self.value
        if actual is None:
            return False
        if self.op == "min":
            return actual >= self.value
        return actual > self.value  # gt

    def term(self) -> Text:
        return field_term(self.section, self.field)

    def wanted(self) -> Msg:
        if self.op == "in":
            return msg("op_in", values=sorted(map(str, self.value)))
        return msg(f"op_{self.op}", value=Given(self.value) if self.op == "eq" else self.value)

    def failure(self, actual: Any) -> Msg:
        """Why a fact fails this requirement, as a reason."""
        if self.because is not None:
            more = self.value - actual if self.op == "min" and isinstance(actual, (int, Decimal)) else ""
            return msg("requirement", text=Filled(self.because, {"value": Given(actual), "more": more, "min": self.value}))
        return msg("needs_field", field=self.term(), wanted=self.wanted(), actual=Given(actual))

    def described(self) -> Msg:
        """The condition for `policies show`: `field op value`."""
        value = self.value
        if self.op == "in":
            shown = ", ".join(sorted(map(str, value)))
        else:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
        return msg(f"show_cond_{self.op}", field=self.term(), value=shown)


def field_term(section: str | None, name: str) -> Text:
    """A field in a sentence: its name in English, its label in Chinese."""
    fdef = schema.field_of(section, name) or schema.SCALARS.get(name)
    return Text(name, fdef.help.zh if fdef is not None and fdef.help.zh else name)


def section_term(section: str) -> Text:
    found = schema.SECTIONS.get(section)
    return Text(section, found.label.zh) if found is not None else Text(section, section)


class Rule(Record):
    """The fields every rule has. Kinds add theirs (see the module docstring)."""

    KIND: ClassVar[str] = ""
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

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        """What the rule pays, in sentences (`policies show`)."""
        return []


class CappedRule(Rule):
    """A rule with a cap per item: one amount (`cap`), or one per value of a choice field
    of the fact (`cap_by` = "scope", `cap_table` = {domestic = ..., foreign = ...})."""

    cap: Decimal | None = None
    cap_by: str | None = None
    cap_table: Mapping[str, Decimal] = EMPTY

    def cap_bound(self, fact: Mapping[str, Any] | None) -> Bound | None:
        from ..engine import Bound

        if self.cap is not None:
            return Bound(self.cap, msg("capped_at", cap=Amount(self.cap)))
        if self.cap_by is not None and fact is not None:
            value = fact[self.cap_by]
            limit = self.cap_table[value]
            section = self.needs()[0]
            assert section is not None
            return Bound(limit, msg("capped_at_by", cap=Amount(limit), value=choice_label(section, self.cap_by, value), noun=schema.SECTIONS[section].noun))
        return None

    def cap_terms(self, per_year: bool = False) -> list[Msg]:
        if self.cap is not None:
            return [msg("show_cap_year" if per_year else "show_cap_item", cap=Amount(self.cap))]
        if self.cap_by is not None:
            section = self.needs()[0]
            assert section is not None
            parts = [msg("show_cap_choice", value=choice_label(section, self.cap_by, k), cap=Amount(v)) for k, v in self.cap_table.items()]
            return [msg("show_cap_by", caps=parts, field=field_term(section, self.cap_by))]
        return []


def value_label(vocab: Vocabulary, section: str, name: str, value: Any) -> Text:
    """The words for the value of a field that names something: an award, a title, a choice."""
    fdef = schema.field_of(section, name)
    kind = fdef.type if fdef is not None else None
    if kind == schema.AWARD:
        return vocab.award_name(value)
    if kind == schema.TITLE:
        return vocab.title_name(value)
    if kind == schema.CHOICE:
        return choice_label(section, name, value)
    return Text(str(value), str(value))


def choice_label(section: str, name: str, value: str) -> Text:
    """The words for a value of a choice field ("foreign" / "涉外")."""
    fdef = schema.field_of(section, name)
    label = fdef.choice_labels.get(value) if fdef is not None else None
    return label if label is not None else Text(value, value)


def fact_path(section: str, index: int) -> tuple[tuple[str, int]]:
    return ((section, index),)
