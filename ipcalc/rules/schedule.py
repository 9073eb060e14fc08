"""`schedule`: amounts paid in instalments after a fact's date. Xuanzhou pays an enterprise's
invention grant 20,000 in the year of the grant, then 5,000 in its third and 5,000 in its
fifth year, each on proof that the annuity was paid:

    schedule = [
      { after_years = 0, amount = 20000 },
      { after_years = 2, amount = 5000, require = [{ field = "annuity_year3", eq = true }] },
      { after_years = 4, amount = 5000, require = [{ field = "annuity_year5", eq = true }] },
    ]

Each instalment is an item of its own, due on the fact's date plus its years (or, with
`years = "calendar"`, on 1 January of the fact's year plus its years: 第三年 counted by the
calendar): paid once due (on or before the estimate's date) and when its own conditions hold
(and the rule's); one not yet due is `scheduled`, shown with its date but not in the total.
An entry's `count` (three inventions in one entry) is paid for each unit, as `per_unit`
pays it. The policy's dates are judged on the instalment's due date (it is claimed then)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import msg
from ..money import Amount, mul
from ..result import Factor
from .base import Condition, Rule, fact_path, field_term, shown_param
from .terms import Instalment, shift_months

if TYPE_CHECKING:
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class ScheduleRule(Rule):
    KIND = "schedule"
    PAYS = (
        "instalments after a fact's date (`schedule = [{ after_years, amount, require }]`): each falls due on its "
        "date and is paid once due if its own conditions hold; one not yet due is `scheduled` (not in the total)"
    )

    facts: str = ""
    instalments: tuple[Instalment, ...] = ()
    #: the count field of an entry (`count` where the section has one): each instalment pays
    #: its amount for each unit, as `per_unit` does
    units: str | None = None
    #: "anniversary": an instalment N years on falls due on the fact's date N years later;
    #: "calendar": on 1 January of the fact's year + N (第三年 = the grant's year + 2)
    years: str = "anniversary"

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=True)
        if section is None:
            return {}
        found = {
            **rd.facts_rule(section),
            "units": rd.field("units", section, ("count",), "a count field", default="count" if rd.has_field(section, "count") else None),
            "years": rd.choice("years", ("anniversary", "calendar"), "way of counting years", default="anniversary"),
            "instalments": rd.instalments(section),
        }
        if found["years"] == "calendar" and any(i.after_months for i in found["instalments"]):
            rd.error("years", msg("calendar_years_no_months"))
        return found

    def due(self, start: Any, instalment: Instalment) -> Any:
        """The day an instalment falls due (None: beyond the calendar)."""
        if self.years == "calendar" and instalment.after_years:
            year = start.year + instalment.after_years
            return date(year, 1, 1) if year <= 9999 else None
        return shift_months(start, instalment.after_years * 12 + instalment.after_months)

    def needs(self) -> tuple[str | None, str | None]:
        return self.facts, None

    def items(self, ctx: Context) -> Iterator[Item]:
        section = self.facts
        count = len(self.instalments)
        for index, fact in ctx.selected(self):
            start = ctx.day_of(section, fact)
            base_failures = ctx.requirements(self, fact)
            units = fact.get(self.units, 1) if self.units is not None else 1
            if units is None:  # a count the profile left out: nothing to count, and said so
                base_failures = [msg("units_missing", field=field_term(ctx.schema, section, self.units or "count")), *base_failures]
            for number, instalment in enumerate(self.instalments, 1):
                due = self.due(start, instalment)
                subject = msg("instalment_of", n=number, of=count, due=due or start)
                if due is None:  # beyond the calendar: never due
                    continue
                amount, failures = ctx.param(instalment.amount, due)
                failures = failures + base_failures + [c.failure_of(fact, ctx.values) for c in instalment.require if not c.holds(fact, ctx.values)]
                factors: tuple[Factor, ...] = ()
                if amount is not None:
                    counted = (Factor("count", units),) if units not in (None, 1) else ()
                    factors = (*counted, Factor("amount", Amount(amount)), Factor("of", number, label=subject))
                item = ctx.item(
                    self,
                    facts=fact_path(section, index),
                    day=due,
                    base=mul(Decimal(units), amount) if amount is not None and units is not None else None,
                    factors=factors,
                    failures=failures if due <= ctx.as_of else base_failures,
                    subject=subject,
                )
                if due > ctx.as_of and item.status in ("eligible", "capped"):
                    item.status = "scheduled"
                    item.amount = Decimal("0.00")
                    item.reasons.append(msg("scheduled_on", due=due))
                yield item

    def instalment_of(self, item: Item) -> Instalment | None:
        """The instalment an item is for (its number is in its subject)."""
        subject = item.subject
        number = getattr(subject, "values", {}).get("n") if subject is not None else None
        return self.instalments[number - 1] if isinstance(number, int) and 0 < number <= len(self.instalments) else None

    def conditions_for(self, item: Item) -> tuple[Condition, ...]:
        """The conditions an item must meet: the rule's, and its instalment's."""
        instalment = self.instalment_of(item)
        return self.require + (instalment.require if instalment is not None else ())

    def terms(self, vocab: Vocabulary) -> list[Any]:
        code = "show_instalment_calendar" if self.years == "calendar" else "show_instalment"
        lines: list[Any] = [msg(code, years=i.after_years, months=i.after_months, amount=shown_param(i.amount)) for i in self.instalments]
        if self.units is not None:
            lines.append(msg("show_per_unit_each", units=field_term(vocab.schema, self.facts, self.units)))
        return lines

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """None of its own: a due instalment's missing condition is met by `opportunities`
        like any requirement (a detail of a fact the client has)."""
        return []
