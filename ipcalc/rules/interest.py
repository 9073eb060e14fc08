"""`interest`: interest on a loan from a reference rate (`reference`: the PBoC `benchmark`
for the loan's tenor, or the 1-year LPR (`lpr_1y`) announced on or before the issue date),
times `share` and/or a share field of the loan (`share_field`, e.g. the IP part of the
pledge), for at most `max_months`; optionally never more than the interest actually due
(`bounded_by_actual`, when the loan's own rate is given) and a cap per loan."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from ..engine import Basis, Bound, Factor
from ..i18n import Seq, msg
from ..money import Amount, Percent, Rate, div, mul, to_fen
from .base import CappedRule, fact_path, field_term

if TYPE_CHECKING:
    from ..engine import Context, Item
    from ..i18n import Msg
    from ..policy import Vocabulary
    from ..policy_files import RuleReader

TWELVE = Decimal(12)
REFERENCES = ("benchmark", "lpr_1y")


class InterestRule(CappedRule):
    KIND = "interest"

    facts: str = "loans"
    reference: str = "benchmark"
    share: Decimal | None = None
    share_field: str | None = None
    max_months: int | None = None
    bounded_by_actual: bool = False

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        return {
            "facts": rd.section(required=True, choices=("loans",)),
            "reference": rd.choice("reference", REFERENCES, "reference rate", required=True),
            "share": rd.fraction("share"),
            "share_field": rd.field("share_field", "loans", ("fraction",), "a fraction field"),
            "max_months": rd.count("max_months", minimum=1, maximum=600),
            "bounded_by_actual": rd.flag("bounded_by_actual"),
            "select": rd.conditions("select", "loans"),
            "require": rd.conditions("require", "loans", because=True),
            "cap": rd.amount("cap"),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return self.facts, None

    def items(self, ctx: Context) -> Iterator[Item]:
        rates = ctx.rates
        for index, loan in ctx.selected(self):
            path = fact_path("loans", index)
            day = ctx.day_of("loans", loan)
            principal: Decimal = loan["principal"]
            months: int = loan["months"]
            used = min(months, self.max_months) if self.max_months else months
            failures = ctx.requirements(self, loan)
            notes: list[Msg] = []
            if self.reference == "benchmark":
                tenor = rates.benchmark_for(months)
                rate = tenor.rate
                notes.append(msg("benchmark_used", rate=Rate(rate), tenor=tenor.label, since=rates.benchmark_from))
            elif ctx.lpr is not None:
                rate = ctx.lpr
                notes.append(msg("lpr_override", rate=Rate(rate)))
            else:
                lookup = rates.lpr_on(day)
                if lookup is None:
                    failures.append(msg("lpr_none", day=day, first=rates.lpr[0].announced))
                    yield ctx.item(self, facts=path, day=day, base=None, factors=(Factor("money", principal),), failures=failures)
                    continue
                rate = lookup.rate
                notes.append(msg("lpr_used", rate=Rate(rate), day=lookup.announced))
                if lookup.stale:
                    ctx.warn(
                        msg(
                            "warn_lpr_stale",
                            fact=f"loans[{index}]",
                            day=day,
                            verified=rates.lpr_verified_through,
                            rate=Rate(rate),
                            announced=lookup.announced,
                        )
                    )
            factors: list[Factor] = []
            values: list[Decimal] = []
            if self.share is not None:
                factors.append(Factor("share", self.share))
                values.append(self.share)
            if self.share_field is not None:
                share = loan[self.share_field]
                if share is None:
                    share = Decimal(1)
                    notes.append(msg("pledge_share_default"))
                factors.append(Factor("share", share))
                values.append(share)
            factors += [Factor("rate", rate), Factor("money", principal), Factor("months", used, 12)]
            values += [rate, principal, Decimal(used)]
            if used != months:
                notes.append(msg("months_limited", used=used, months=months))
            bounds: list[Bound] = []
            if self.bounded_by_actual and loan["rate"] is not None:
                # Interest due is money: rounded to the fen like any payment, so the bound (and a
                # cap it shows) sits on the fen grid and rounding can never lift an amount above it.
                actual = to_fen(div(mul(loan["rate"], principal, Decimal(used)), TWELVE))
                due = Basis((Factor("rate", loan["rate"]), Factor("money", principal), Factor("months", used, 12)))
                bounds.append(Bound(actual, msg("bound_actual", basis=due, value=Amount(actual)), msg("interest_due")))
            cap = self.cap_bound(loan)
            if cap is not None:
                bounds.append(cap)
            yield ctx.item(
                self,
                facts=path,
                day=day,
                base=div(mul(*values), TWELVE),
                factors=tuple(factors),
                bounds=bounds,
                failures=failures,
                notes=notes,
                item_cap=cap.limit if cap is not None else None,
            )

    def terms(self, vocab: Vocabulary) -> list[Any]:
        parts: list[Any] = [Percent(self.share)] if self.share is not None else []
        if self.share_field:
            parts.append(field_term("loans", self.share_field))
        months = msg("show_months_max", months=self.max_months) if self.max_months else msg("show_months")
        parts += [msg(f"show_reference_{self.reference}"), msg("show_principal"), months]
        lines: list[Any] = [Seq(tuple(parts), "sep_times")]
        if self.bounded_by_actual:
            lines.append(msg("show_bounded_by_actual"))
        return lines + self.cap_terms()
