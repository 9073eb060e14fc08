"""`share`: a share of an amount in each fact (`base`, `share`), or of a calendar year's sum
(`per = "year"`); optional `bound` (a fee paid: never more than it) and a cap per item
(`cap`, or `cap_by` a choice field with a cap per value)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from .. import schema
from ..engine import Bound, Factor
from ..i18n import msg
from ..money import Amount, Percent, mul
from .base import CappedRule, fact_path, field_term, section_term

if TYPE_CHECKING:
    from ..engine import Context, Item
    from ..i18n import Msg
    from ..policy import Vocabulary
    from ..policy_files import RuleReader


class ShareRule(CappedRule):
    KIND = "share"
    #: the key policy files use for the share (`matching` says `ratio`)
    SHARE_KEY = "share"

    facts: str = ""
    base: str = ""
    share: Decimal = Decimal(0)
    #: a money field of the fact the amount may never exceed (the fee actually paid)
    bound: str | None = None
    #: "fact": one item per fact; "year": one item per calendar year of facts, summed
    per: str = "fact"

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=True)
        if section is None:
            return {}
        return {
            "facts": section,
            "base": rd.field("base", section, ("money",), "an amount field", required=True),
            "share": rd.fraction(cls.SHARE_KEY, required=True),
            "bound": rd.field("bound", section, ("money",), "an amount field"),
            "per": rd.choice("per", ("fact", "year"), "period", default="fact"),
            "select": rd.conditions("select", section),
            "require": rd.conditions("require", section, because=True),
            **rd.item_cap(section),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return self.facts, None

    def items(self, ctx: Context) -> Iterator[Item]:
        if self.per == "year":
            yield from self._per_year(ctx)
            return
        section = self.facts
        for index, fact in ctx.selected(self):
            amount = fact[self.base]
            bounds = []
            if self.bound is not None:
                limit = fact[self.bound]
                fdef = schema.field_of(section, self.bound)
                assert fdef is not None
                noun = fdef.noun(self.bound)
                bounds.append(Bound(limit, msg("bound_field", field=noun, value=Amount(limit)), noun))
            cap = self.cap_bound(fact)
            if cap is not None:
                bounds.append(cap)
            yield ctx.item(
                self,
                facts=fact_path(section, index),
                day=ctx.day_of(section, fact),
                base=mul(amount, self.share),
                factors=(Factor("share", self.share), Factor("money", amount)),
                bounds=bounds,
                failures=ctx.requirements(self, fact),
                item_cap=cap.limit if cap is not None else None,
            )

    def _per_year(self, ctx: Context) -> Iterator[Item]:
        """Facts summed per calendar year; facts that fail a requirement or fall outside the
        policy's dates are shown on their own and left out of the sum."""
        section = self.facts
        years: dict[int, list[tuple[int, dict[str, Any], date]]] = {}
        loose: list[Item] = []
        cap = self.cap_bound(None)
        for index, fact in ctx.selected(self):
            day = ctx.day_of(section, fact)
            failures = ctx.requirements(self, fact)
            if failures or not ctx.covers(day):
                loose.append(
                    ctx.item(
                        self,
                        facts=fact_path(section, index),
                        day=day,
                        base=mul(fact[self.base], self.share),
                        factors=(Factor("share", self.share), Factor("money", fact[self.base])),
                        failures=failures,
                        item_cap=cap.limit if cap else None,
                    )
                )
                continue
            years.setdefault(day.year, []).append((index, fact, day))
        for year in sorted(years):
            members = years[year]
            amounts = [fact[self.base] for _, fact, _ in members]
            total = sum(amounts, Decimal(0))
            summed = Factor("money", total) if len(amounts) == 1 else Factor("sum", tuple(amounts))
            yield ctx.item(
                self,
                facts=tuple((section, i) for i, _, _ in members),
                day=max(d for _, _, d in members),
                base=mul(total, self.share),
                factors=(Factor("share", self.share), summed),
                bounds=[cap] if cap else [],
                notes=[msg("year_sum", n=len(members), year=year)] if len(members) > 1 else [],
                item_cap=cap.limit if cap else None,
                year=year,
            )
        yield from loose

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        code = "show_share_year" if self.per == "year" else "show_share"
        lines = [msg(code, share=Percent(self.share), base=field_term(self.facts, self.base), facts=section_term(self.facts))]
        if self.bound:
            lines.append(msg("show_bound", field=field_term(self.facts, self.bound)))
        return lines + self.cap_terms(per_year=self.per == "year")
