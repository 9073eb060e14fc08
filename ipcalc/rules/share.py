"""`share`: a share of an amount in each fact (`base`, `share`), or of a calendar year's sum
(`per = "year"`), or a scale of brackets instead of one share (`brackets`, `scale`: marginal,
each part of the base at its bracket's share, or single, the whole base at the share or for
the amount of its bracket); optional `bound` (a fee paid: never more than it; a list of
fields: their sum) and a cap per item
(`cap`, or `cap_by` a choice field with a cap per value). The share and the cap may change
on dates (see `base.Dated`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import Text, msg
from ..money import Amount, Percent, mul
from ..result import Bound, Factor
from .base import BaseLimit, CappedRule, Param, fact_path, field_term, section_term, shown_param, value_at
from .reader import APPLICANT, CONSECUTIVE_YEAR
from .terms import Bracket, bracket_of, slices

if TYPE_CHECKING:
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class ShareRule(CappedRule):
    KIND = "share"
    PAYS = (
        'a share of an amount in each fact, or of a calendar year\'s sum (`per = "year"`), or a scale of `brackets` '
        '(`scale = "marginal"` or `"single"`); optional `bound` (a fee paid) and `cap` (or `cap_by` a choice field)'
    )
    #: the key policy files use for the share (`matching` says `ratio`)
    SHARE_KEY = "share"

    facts: str = ""
    base: str = ""
    share: Param = Decimal(0)
    #: a money field of the fact the amount may never exceed (the fee actually paid), and
    #: that field in words
    bound: tuple[str, ...] = ()
    bound_noun: Text | None = None
    #: "fact": one item per fact; "year": one item per calendar year of facts, summed
    per: str = "fact"
    #: the base counted at most (for each fact, all the applicant's, or each year's)
    max_base: Decimal | None = None
    max_base_per: str = "entry"
    #: the field facts are grouped by for `consecutive_year` (their rank in a run of
    #: consecutive years), which the rule's conditions may compare
    consecutive_years_by: str | None = None
    #: instead of one `share`: a scale of brackets, "marginal" (each part of the base at its
    #: bracket's share) or "single" (the whole base at its bracket's share or amount)
    brackets: tuple[Bracket, ...] = ()
    scale: str = "marginal"

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=True)
        if section is None:
            return {}
        bound: tuple[str, ...] = ()
        derived = rd.consecutive_years(section)
        scale = rd.brackets()
        if scale:
            rd.exclusive(cls.SHARE_KEY, "brackets")
        return {
            "consecutive_years_by": derived,
            **rd.max_base(),
            **scale,
            **rd.facts_rule(section),
            "base": rd.field("base", section, ("money",), "an amount field", required=True),
            "share": rd.param(cls.SHARE_KEY, required=not scale and not rd.has_key("brackets"), fraction=True) if not scale else Decimal(0),
            "bound": (bound := rd.fields("bound", section, ("money",), "an amount field")),
            "bound_noun": _joined([rd.noun(section, name) for name in bound]) if bound else None,
            "per": rd.choice("per", ("fact", "year"), "period", default="fact"),
            **rd.item_cap(section),
        }

    def needs(self) -> tuple[str | None, str | None]:
        return self.facts, None

    def items(self, ctx: Context) -> Iterator[Item]:
        if self.per == "year":
            yield from self._per_year(ctx)
            return
        section = self.facts
        counting = BaseLimit(self.max_base, self.max_base_per)
        picked = self._picked(ctx)
        if self.max_base is not None and self.max_base_per != "entry":
            picked.sort(key=lambda pair: (ctx.day_of(section, pair[1]), pair[0]))
        for index, fact in picked:
            day = ctx.day_of(section, fact)
            if fact[self.base] is None:  # an amount the profile left out: said, never a silent 0
                failure = msg("field_missing", field=field_term(ctx.schema, section, self.base))
                yield ctx.item(self, facts=fact_path(section, index), day=day, base=None, failures=[failure])
                continue
            amount = counting.take(fact[self.base], day)
            notes = [counting.note(amount, fact[self.base])] if amount != fact[self.base] else []
            paid, factors, failures, scaled = self.paid(ctx, amount, day)
            if paid is None:
                yield ctx.item(self, facts=fact_path(section, index), day=day, base=None, factors=(Factor("money", amount),), failures=failures)
                continue
            bounds = []
            unbounded = [name for name in self.bound if fact[name] is None]
            if unbounded:  # what it may not exceed is not given: not paid, and said so
                failures = [msg("bound_missing", field=field_term(ctx.schema, section, name)) for name in unbounded]
            elif self.bound:
                limit = sum((fact[name] for name in self.bound), Decimal(0))
                noun = self.bound_noun or Text(" + ".join(self.bound), " + ".join(self.bound))
                bounds.append(Bound(limit, msg("bound_field", field=noun, value=Amount(limit)), noun))
            cap = self.cap_bound(fact, day)
            if cap is not None:
                bounds.append(cap)
            yield ctx.item(
                self,
                facts=fact_path(section, index),
                day=day,
                base=paid,
                factors=factors,
                bounds=bounds,
                failures=failures + ctx.requirements(self, fact),
                notes=notes + scaled,
                item_cap=cap.limit if cap is not None else None,
            )

    def paid(self, ctx: Context, amount: Decimal, day: date) -> tuple[Decimal | None, tuple[Factor, ...], list[Any], list[Any]]:
        """(what the share or the scale pays on `amount`, its factors, why nothing is due,
        what to say of the scale): None when no share is in force on `day`."""
        if not self.brackets:
            share, failures = ctx.param(self.share, day)
            if share is None:
                return None, (), failures, []
            return mul(amount, share), (Factor("share", share), Factor("money", amount)), [], []
        if self.scale == "marginal":
            parts = slices(self.brackets, amount)
            value = sum((mul(part, share) for share, part in parts), Decimal(0))
            return (value, (Factor("slices", tuple(parts)),) if parts else (Factor("share", Decimal(0)), Factor("money", amount)), [], [])
        bracket = bracket_of(self.brackets, amount)
        if bracket is None:
            top = self.brackets[-1].up_to
            return (Decimal(0), (Factor("money", amount),), [], [msg("above_brackets", base=Amount(amount), top=Amount(top or 0))])
        said = [msg("bracket_single", up_to=Amount(bracket.up_to)) if bracket.up_to is not None else msg("bracket_single_top")]
        if bracket.amount is not None:
            return bracket.amount, (Factor("amount", bracket.amount),), [], said
        assert bracket.share is not None
        return mul(amount, bracket.share), (Factor("share", bracket.share), Factor("money", amount)), [], said

    def _picked(self, ctx: Context) -> list[tuple[int, dict[str, Any]]]:
        """The facts the rule's `select` picks; with `consecutive_years_by`, each with its
        `consecutive_year` (its rank in its key's run of consecutive years)."""
        if self.consecutive_years_by is None:
            return list(ctx.selected(self))
        section = self.facts
        facts = ctx.facts[section]
        by = self.consecutive_years_by
        key = (lambda fact: None) if by == APPLICANT else (lambda fact: fact.get(by))
        years: dict[Any, set[int]] = {}
        for fact in facts:
            years.setdefault(key(fact), set()).add(ctx.day_of(section, fact).year)
        out = []
        values = ctx.values
        for index, fact in enumerate(facts):
            held, year, rank = years[key(fact)], ctx.day_of(section, fact).year, 0
            while year - rank in held:
                rank += 1
            derived = {**fact, CONSECUTIVE_YEAR: rank}
            if all(c.holds(derived, values) for c in self.select):
                out.append((index, derived))
        return out

    def _per_year(self, ctx: Context) -> Iterator[Item]:
        """Facts summed per calendar year; facts that fail a requirement or fall outside the
        policy's dates are shown on their own and left out of the sum."""
        section = self.facts
        years: dict[int, list[tuple[int, dict[str, Any], date]]] = {}
        loose: list[Item] = []
        for index, fact in ctx.selected(self):
            day = ctx.day_of(section, fact)
            if fact[self.base] is None:
                failure = msg("field_missing", field=field_term(ctx.schema, section, self.base))
                loose.append(ctx.item(self, facts=fact_path(section, index), day=day, base=None, failures=[failure]))
                continue
            paid, factors, failures, _ = self.paid(ctx, fact[self.base], day)
            failures = failures or ctx.requirements(self, fact)
            if failures or not ctx.covers(day):
                cap = self.cap_bound(None, day)
                loose.append(
                    ctx.item(
                        self,
                        facts=fact_path(section, index),
                        day=day,
                        base=paid,
                        factors=factors if paid is not None else (Factor("money", fact[self.base]),),
                        failures=failures,
                        item_cap=cap.limit if cap else None,
                    )
                )
                continue
            years.setdefault(day.year, []).append((index, fact, day))
        for year in sorted(years):
            members = years[year]
            day = max(d for _, _, d in members)
            cap = self.cap_bound(None, day)
            amounts = [fact[self.base] for _, fact, _ in members]
            total = sum(amounts, Decimal(0))
            paid, factors, _, scaled = self.paid(ctx, total, day)
            assert paid is not None  # every member has a share in force, the latest too
            if not self.brackets:
                summed = Factor("money", total) if len(amounts) == 1 else Factor("sum", tuple(amounts))
                factors = (factors[0], summed)
            yield ctx.item(
                self,
                facts=tuple((section, i) for i, _, _ in members),
                day=day,
                base=paid,
                factors=factors,
                bounds=[cap] if cap else [],
                notes=([msg("year_sum", n=len(members), year=year)] if len(members) > 1 else []) + scaled,
                item_cap=cap.limit if cap else None,
                year=year,
            )
        yield from loose

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """Another fact like the client's largest one the rule pays for; when it has none,
        the amount at which the rule pays its most for one (its cap per item, or the room
        its caps leave, over the share).
        None for a reimbursement of costs (a share of 100% or more: nothing gained), a rule
        bounded by a fee of another fact, or one without a cap and no fact of the client's
        to size it by."""
        share = value_at(self.share, maker.as_of) if not self.brackets else self.brackets[0].share
        if share is None or share >= 1 or self.bound or maker.waits(self, self.facts):
            return []
        like = maker.largest(self, self.facts, self.base)
        if like is not None:
            return [maker.new_entry(self, self.facts, {self.base: like[self.base], **maker.kind_of(self.facts, like)})]
        limit = value_at(self.cap, maker.as_of) if self.cap is not None else None
        if limit is None and self.cap_by is not None:
            limit = max(self.cap_table.values())
        room = maker.room(self, maker.as_of)
        if room is not None:
            limit = room if limit is None else min(limit, room)
        if not limit:
            return []
        base = (limit / share).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
        return [maker.new_entry(self, self.facts, {self.base: base})]

    def terms(self, vocab: Vocabulary) -> list[Any]:
        facts = vocab.schema
        base, section = field_term(facts, self.facts, self.base), section_term(facts, self.facts)
        if self.brackets:
            lines: list[Any] = [msg(f"show_scale_{self.scale}", base=base, facts=section)]
            lower: Decimal | None = None
            for bracket in self.brackets:
                what = Percent(bracket.share) if bracket.share is not None else Amount(bracket.amount or 0)
                if bracket.up_to is None:
                    lines.append(msg("show_bracket_above", what=what, lower=Amount(lower or 0)))
                else:
                    lines.append(msg("show_bracket", what=what, lower=Amount(lower or 0), up_to=Amount(bracket.up_to)))
                lower = bracket.up_to
        else:
            code = "show_share_year" if self.per == "year" else "show_share"
            lines = [msg(code, share=shown_param(self.share, Percent), base=base, facts=section)]
        if self.bound:
            lines.append(msg("show_bound", field=_joined([field_term(facts, self.facts, name) for name in self.bound])))
        return lines + self.cap_terms(vocab, per_year=self.per == "year")


def _joined(terms: list[Text]) -> Text:
    """Fields summed, in words: "guarantee fee + insurance fee"."""
    return Text(" + ".join(t.en for t in terms), " + ".join(t.zh for t in terms))
