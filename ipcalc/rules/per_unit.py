"""`per_unit`: an amount per unit. Either a count in the profile (`units`, `amount`), or the
entries of a list section (`facts`), each counting its `units` (a count field, `count` by
default) at most `max_units` times: one `amount` for every entry, or an amount by the value
of one of its fields (`key`, `amounts`), naming values the policy leaves out in
`not_covered`. Amounts may change on dates (see `base.Dated`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import Text, msg
from ..money import Amount, mul
from ..result import Factor
from .base import EMPTY, Param, Rule, fact_path, field_term, shown_param, value_label

if TYPE_CHECKING:
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class PerUnitRule(Rule):
    KIND = "per_unit"
    PAYS = (
        "an amount per unit: a count in the profile (`units`, `amount`), or each entry of a list section "
        "(`facts`): its `units` (a count field, `count` by default) at most `max_units` times, at one "
        "`amount` or at an amount by the value of a field (`key`, `amounts`, `not_covered`)"
    )

    #: a list section, or None for a count in the profile (`units`)
    facts: str | None = None
    units: str = ""
    amount: Param | None = None
    #: on a list section: the field whose value picks the amount, and the amounts
    key: str | None = None
    amounts: Mapping[str, Param] = EMPTY
    not_covered: Mapping[str, Text] = EMPTY
    #: on a list section: the most units counted for one entry (3 countries a patent)
    max_units: int | None = None
    #: on a list section: only the best `units` entries (by amount) sharing a value of `by`
    #: are paid (the three best countries of one patent family)
    best: Mapping[str, Any] = EMPTY
    #: on a list section: at most this many units (an entry's `count` each) for the applicant
    #: ("applicant") or for each calendar year of a date field ("year"), best-paying first:
    #: (most, per, date field)
    unit_limit: tuple[int, str, str | None] | None = None

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=False)
        if section is None:
            return {
                "units": rd.field("units", None, ("count",), "a count field", required=True),
                "amount": rd.param("amount", required=True, by_kind=True),
                "require": rd.conditions("require", None, because=True),
            }
        key = rd.field("key", section, ("award", "title", "choice"), "a name field")
        units = rd.field("units", section, ("count",), "a count field", default="count" if rd.has_field(section, "count") else None, required=True)
        if key is None:
            amount, amounts, not_covered = rd.param("amount", required=True, by_kind=True), {}, {}
        else:
            amount = rd.param("amount", by_kind=True)  # for the values `amounts` does not name
            amounts = rd.named_amounts("amounts", section, key)
            not_covered = rd.not_covered("not_covered", section, key, amounts)
        return {
            **rd.facts_rule(section),
            "key": key,
            "units": units,
            "amount": amount,
            "amounts": amounts,
            "not_covered": not_covered,
            "max_units": rd.count("max_units", minimum=1),
            "best": rd.best(section),
            **rd.unit_limit(section),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return (self.facts, None) if self.facts is not None else (None, self.units)

    def items(self, ctx: Context) -> Iterator[Item]:
        if self.facts is None:
            yield self._count(ctx)
            return
        found: Iterator[Item] = self._entries(ctx)
        if self.best:
            found = _best_only(list(found), ctx, self.facts, self.best)
        if self.unit_limit is not None:
            found = _units_limited(list(found), ctx, self.facts, self.unit_limit)
        yield from found

    def _entries(self, ctx: Context) -> Iterator[Item]:
        assert self.facts is not None
        for index, fact in ctx.selected(self):
            path = fact_path(self.facts, index)
            day = ctx.day_of(self.facts, fact)
            named: tuple[Factor, ...] = ()
            if self.key is not None:
                key = fact[self.key]
                named = (Factor("of", key, label=value_label(ctx.vocab, self.facts, self.key, key)),)
                if key in self.not_covered:
                    failure = msg("policy_says", text=self.not_covered[key])
                    yield ctx.item(self, facts=path, day=day, base=None, factors=named, failures=[failure])
                    continue
                if key not in self.amounts and self.amount is None:
                    continue
                found = self.amounts.get(key, self.amount)
                assert found is not None
                param = found
            else:
                assert self.amount is not None
                param = self.amount
            amount, failures = ctx.param(param, day)
            if amount is None:
                yield ctx.item(self, facts=path, day=day, base=None, factors=named, failures=failures)
                continue
            units = fact[self.units]
            notes = []
            if units is None:  # a count the profile left out: nothing to count, and said so
                failure = msg("units_missing", field=field_term(ctx.schema, self.facts, self.units))
                yield ctx.item(self, facts=path, day=day, base=None, factors=named, failures=[failure])
                continue
            if self.max_units is not None and units > self.max_units:
                notes.append(msg("units_limited", used=self.max_units, units=units))
                units = self.max_units
            yield ctx.item(
                self,
                facts=path,
                day=day,
                base=mul(Decimal(units), amount),
                factors=(Factor("count", units), Factor("amount", amount), *named),
                failures=ctx.requirements(self, fact),
                notes=notes,
            )

    def _count(self, ctx: Context) -> Item:
        assert self.amount is not None
        units = ctx.values[self.units]
        amount, failures = ctx.param(self.amount, ctx.as_of)
        if amount is None:
            return ctx.item(self, facts=((self.units,),), day=ctx.as_of, base=None, failures=failures)
        return ctx.item(
            self,
            facts=((self.units,),),
            day=ctx.as_of,
            base=mul(Decimal(units), amount),
            factors=(Factor("count", units), Factor("amount", amount)),
            failures=ctx.requirements(self, ctx.values),
        )

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """One more unit: the count one higher, or a new entry (one per value the rule pays
        an amount for)."""
        if self.facts is None:
            if maker.listed_instead(self.units):
                return []
            return [maker.scalars(self, {self.units: (maker.values.get(self.units) or 0) + 1})]
        units = {} if self.units == "count" else {self.units: 1}
        if self.key is None:
            return [maker.new_entry(self, self.facts, units)]
        return [maker.new_entry(self, self.facts, {**units, self.key: key}) for key in self.amounts]

    def terms(self, vocab: Vocabulary) -> list[Any]:
        facts = vocab.schema
        if self.facts is None:
            assert self.amount is not None
            return [msg("show_per_unit", amount=shown_param(self.amount), units=field_term(facts, None, self.units))]
        units = field_term(facts, self.facts, self.units)
        if self.key is None:
            assert self.amount is not None
            lines: list[Any] = [msg("show_per_unit", amount=shown_param(self.amount), units=units)]
        else:
            lines = [
                msg("show_per_unit_of", name=value_label(vocab, self.facts, self.key, key), amount=shown_param(amount), units=units)
                for key, amount in self.amounts.items()
            ]
            lines += [msg("show_not_covered", name=value_label(vocab, self.facts, self.key, key), why=why) for key, why in self.not_covered.items()]
        if self.max_units is not None:
            lines.append(msg("show_max_units", units=units, most=self.max_units))
        if self.unit_limit is not None:
            most, per, of = self.unit_limit
            if per == "year":
                lines.append(msg("show_unit_limit_year", units=units, most=most, of=field_term(facts, self.facts, of or "date")))
            else:
                lines.append(msg("show_unit_limit", units=units, most=most))
        return lines


def _best_only(items: list[Item], ctx: Context, section: str, best: Mapping[str, Any]) -> Iterator[Item]:
    """Of the payable items whose facts share a value of `best["by"]`, only the best
    `best["units"]` by amount stay paid; the others are superseded by the least of those. An
    entry without that value stands alone, and says so."""
    field, most = best["by"], best["units"]
    groups: dict[Any, list[Item]] = {}
    for item in items:
        value = ctx.facts[section][item.facts[0][1]].get(field)
        if value is None:
            item.reasons.append(msg("by_missing", field=field_term(ctx.schema, section, field)))
            continue
        if item.status in ("eligible", "capped"):
            groups.setdefault(value, []).append(item)
    for members in groups.values():
        ranked = sorted(members, key=lambda i: (-i.amount, i.order))
        kept = ranked[:most]
        for item in ranked[most:]:
            item.status = "superseded"
            item.reasons.append(msg("not_among_best", units=most, field=field_term(ctx.schema, section, field), least=Amount(kept[-1].amount)))
            item.amount = Decimal(0).quantize(Decimal("0.01"))
    yield from items


def _units_limited(items: list[Item], ctx: Context, section: str, limit: tuple[int, str, str | None]) -> Iterator[Item]:
    """At most `most` units paid for the applicant, or for each calendar year of a date field:
    the payable items that pay most a unit first (then in order); an item beyond the limit is
    paid for the units left (none: nothing), and says how many of its units were counted."""
    most, per, of = limit
    periods: dict[int | None, list[Item]] = {}
    for item in items:
        if item.status not in ("eligible", "capped") or item.uncapped is None:
            continue
        fact = ctx.facts[section][item.facts[0][1]]
        day = fact.get(of) if of is not None else None
        if per == "year" and day is None:
            item.status = "ineligible"
            item.amount = Decimal(0).quantize(Decimal("0.01"))
            item.reasons.append(msg("date_missing", field=field_term(ctx.schema, section, of or "date")))
            continue
        periods.setdefault(day.year if per == "year" and day is not None else None, []).append(item)
    for period, members in periods.items():
        room = most
        for item in sorted(members, key=lambda i: (-_per_unit(i), i.order)):
            units = _units(item)
            if units <= room:
                room -= units
                continue
            counted, room = room, 0
            paid = (_per_unit(item) * counted).quantize(Decimal("0.01"))
            if item.before_caps is None:
                item.before_caps = item.amount
            item.amount = min(item.amount, paid)
            item.cap = item.amount
            item.status = "capped"
            said = "unit_limit_year" if period is not None else "unit_limit"
            item.reasons.append(msg(said, most=most, year=period or 0, counted=counted, units=units))
    yield from items


def _units(item: Item) -> int:
    """The units an item pays for (its count factor; 1 without one)."""
    return next((f.value for f in item.factors if f.kind == "count"), 1)


def _per_unit(item: Item) -> Decimal:
    units = _units(item)
    assert item.uncapped is not None
    return item.uncapped / units if units else Decimal(0)
