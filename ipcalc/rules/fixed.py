"""`fixed`: a fixed amount when a profile flag is set (`flag`, `amount`), with optional
`require` conditions on the profile's fields (e.g. at least 3 joint applications)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import msg
from ..result import Factor
from .base import Param, Rule, field_term, shown_param

if TYPE_CHECKING:
    from ..i18n import Msg
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class FixedRule(Rule):
    KIND = "fixed"
    PAYS = "a fixed amount when a profile flag is set (`flag`, `amount`)"

    flag: str = ""
    amount: Param = Decimal(0)

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        return {
            "flag": rd.field("flag", None, ("bool",), "a true/false field", required=True),
            "amount": rd.param("amount", required=True, by_kind=True),
            "require": rd.conditions("require", None, because=True),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return None, self.flag

    def items(self, ctx: Context) -> Iterator[Item]:
        amount, failures = ctx.param(self.amount, ctx.as_of)
        yield ctx.item(
            self,
            facts=((self.flag,),),
            day=ctx.as_of,
            base=amount,
            factors=(Factor("amount", amount),) if amount is not None else (),
            failures=failures or ctx.requirements(self, ctx.values),
        )

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """The flag set, and the rule's requirements on the profile met."""
        if maker.values.get(self.flag):
            return []
        return [maker.scalars(self, {self.flag: True})]

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        return [msg("show_fixed", amount=shown_param(self.amount), flag=field_term(vocab.schema, None, self.flag))]
