"""`per_unit`: an amount per unit: a count in the profile (`units`, `amount`), or per entry
of a list section by one of its fields (`facts`, `key`, `amounts` by value, times `units`),
naming values the policy leaves out in `not_covered`."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..engine import Factor
from ..i18n import Text, msg
from ..money import Amount, mul
from .base import EMPTY, Rule, fact_path, field_term, value_label

if TYPE_CHECKING:
    from ..engine import Context, Item
    from ..i18n import Msg
    from ..policy import Vocabulary
    from ..policy_files import RuleReader


class PerUnitRule(Rule):
    KIND = "per_unit"

    #: a list section, or None for a count in the profile (`units`)
    facts: str | None = None
    units: str = ""
    amount: Decimal | None = None
    #: on a list section: the field whose value picks the amount, and the amounts
    key: str | None = None
    amounts: Mapping[str, Decimal] = EMPTY
    not_covered: Mapping[str, Text] = EMPTY

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=False)
        if section is None:
            return {
                "units": rd.field("units", None, ("count",), "a count field", required=True),
                "amount": rd.amount("amount", required=True),
                "require": rd.conditions("require", None, because=True),
            }
        key = rd.field("key", section, ("award", "title", "choice"), "a name field", required=True)
        amounts = rd.named_amounts("amounts", section, key)
        return {
            "facts": section,
            "key": key,
            "units": rd.field("units", section, ("count",), "a count field", required=True),
            "amounts": amounts,
            "not_covered": rd.not_covered("not_covered", section, key, amounts),
            "select": rd.conditions("select", section),
            "require": rd.conditions("require", section, because=True),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return (self.facts, None) if self.facts is not None else (None, self.units)

    def items(self, ctx: Context) -> Iterator[Item]:
        if self.facts is None:
            units = ctx.values[self.units]
            assert self.amount is not None
            yield ctx.item(
                self,
                facts=((self.units,),),
                day=ctx.as_of,
                base=mul(Decimal(units), self.amount),
                factors=(Factor("count", units), Factor("amount", self.amount)),
                failures=ctx.requirements(self, ctx.values),
            )
            return
        assert self.key is not None
        for index, fact in ctx.selected(self):
            key = fact[self.key]
            name = Factor("of", key, label=value_label(ctx.vocab, self.facts, self.key, key))
            units = fact[self.units]
            day = ctx.day_of(self.facts, fact)
            if key in self.amounts:
                amount = self.amounts[key]
                yield ctx.item(
                    self,
                    facts=fact_path(self.facts, index),
                    day=day,
                    base=mul(Decimal(units), amount),
                    factors=(Factor("count", units), Factor("amount", amount), name),
                    failures=ctx.requirements(self, fact),
                )
            elif key in self.not_covered:
                failure = msg("policy_says", text=self.not_covered[key])
                yield ctx.item(self, facts=fact_path(self.facts, index), day=day, base=None, factors=(name,), failures=[failure])

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        if self.facts is None:
            assert self.amount is not None
            return [msg("show_per_unit", amount=Amount(self.amount), units=field_term(None, self.units))]
        assert self.key is not None
        lines = [
            msg("show_per_unit_of", name=value_label(vocab, self.facts, self.key, key), amount=Amount(amount), units=field_term(self.facts, self.units))
            for key, amount in self.amounts.items()
        ]
        lines += [
            msg("show_not_covered", name=value_label(vocab, self.facts, self.key, key), why=why) for key, why in self.not_covered.items()
        ]
        return lines
