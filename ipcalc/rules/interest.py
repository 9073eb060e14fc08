"""`interest`: interest on a loan at a rate, times `share` and/or a share field of the loan
(`share_field`, e.g. the IP part of a mixed pledge), for at most `max_months`.

The rate (`rate`) is one of:

- `reference` (the default): a reference rate, `benchmark` (the PBoC rate for the loan's
  tenor) or `lpr_1y` (the 1-year LPR announced on or before a date of the loan: `rate_date`,
  the issue date by default; with `rate_month_offset = -1`, the LPR of the month before that
  date; with `rate_month = 12`, the LPR of December of that date's year);
- `actual`: the loan's own rate, counted at most at a `ceiling` above the reference
  (`{ factor = 1.4 }`: 1.4 times it; `{ spread = 0.005 }`: 0.5 points above it) when given;
- `lower`: the loan's own rate or the reference, whichever is lower;
- `fixed`: a fixed annual rate (`fixed_rate = 0.015`).

Optionally never more than the interest actually due (`bounded_by_actual`, when the loan's
own rate is given) and a cap per loan. The share, the fixed rate and the cap may change on
dates (see `base.Dated`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import Msg, Seq, msg
from ..money import Amount, Percent, Rate, div, mul, to_fen
from ..result import Basis, Bound, Factor
from .base import EMPTY, BaseLimit, CappedRule, Param, fact_path, field_term, shown_param

if TYPE_CHECKING:
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader

TWELVE = Decimal(12)
#: the principal of a pledge loan `opportunities` proposes first
LOAN = Decimal(1_000_000)
REFERENCES = ("benchmark", "lpr_1y")
RATES = ("reference", "actual", "lower", "fixed", "top_up")
#: a loan's own dates, each with a default when not given (see the schema's help)
BUILTIN_DATES = ("issued", "signed")


def month_end(day: date, offset: int = 0, month: int | None = None) -> date:
    """The last day of the month `offset` months from `day`'s, or of month `month` of
    `day`'s year."""
    year, index = day.year, (month - 1 if month is not None else day.month - 1 + offset)
    year += index // 12
    index %= 12
    first_of_next = date(year + (index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def months_until(day: date, until: date, most: int) -> int:
    """How many whole months from `day` end on or before `until` (at most `most`): a loan
    issued 2025-03-01 has 10 months wholly within a policy that ends on 2025-12-31."""
    count = (until.year - day.year) * 12 + until.month - day.month + 1
    count = max(min(count, most), 0)
    while count > 0 and add_months(day, count) - timedelta(days=1) > until:
        count -= 1
    return count


def add_months(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_end(date(year, month, 1)).day))


def _above(reference: Decimal, how: Mapping[str, Decimal], of: Decimal | None = None) -> Decimal:
    """A rate set from the reference: `reference` plus `spread`, or times `factor` (of `of`,
    when a factor is of another rate: the top-up's most is 0.2 times the reference)."""
    if "factor" in how:
        return mul(of if of is not None else reference, how["factor"])
    return reference + how.get("spread", Decimal(0))


class InterestRule(CappedRule):
    KIND = "interest"
    PAYS = (
        "interest on a loan (principal × `share` × a fact's `share_field` × rate × months/12, at most "
        "`max_months`) at a `rate` of: `reference` (`benchmark` by tenor, or `lpr_1y` on `rate_date`, the "
        "issue date by default, or the end of the month `rate_month_offset` months from it, or of month "
        "`rate_month` of its year), `actual` (the loan's own rate, at most a `ceiling = { factor = 1.4 }` or "
        "`{ spread = 0.005 }` above the reference), `lower` (the lower of the two) or `fixed` (`fixed_rate`); "
        "`bounded_by_actual` keeps it within the interest due"
    )

    facts: str = "loans"
    rate: str = "reference"
    reference: str | None = "benchmark"
    fixed_rate: Param | None = None
    #: for `rate = "actual"`: {"factor": 1.4} or {"spread": 0.005} above the reference
    ceiling: Mapping[str, Decimal] = EMPTY
    #: the loan's date the reference is taken on, and how: a month offset, or a month
    rate_date: str = "issued"
    rate_month_offset: int | None = None
    rate_month: int | None = None
    share: Param | None = None
    share_field: str | None = None
    max_months: int | None = None
    bounded_by_actual: bool = False
    #: only the loan's months that run wholly within the policy's dates are subsidised
    until_policy_end: bool = False
    #: a date field of the loan the subsidised months stop at (repaid early: `repaid_on`)
    months_until_field: str | None = None
    #: the principal counted at most (for each loan, all the applicant's, or each year's)
    max_base: Decimal | None = None
    max_base_per: str = "entry"
    #: for `rate = "top_up"`: the rate the loan is topped up to (`{ factor = 1.2 }` of the
    #: reference), and the most the top-up may be (`{ factor = 0.2 }` of the reference)
    target: Mapping[str, Decimal] = EMPTY
    top_up_most: Mapping[str, Decimal] = EMPTY

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        section = rd.section(required=True, choices=("loans",))
        out: dict[str, Any] = rd.facts_rule(section) if section is not None else {}
        rate = rd.choice("rate", RATES, "rate", default="reference")
        out["rate"] = rate
        needs_reference = rate in ("reference", "lower", "top_up") or (rate == "actual" and rd.has_key("ceiling"))
        out["reference"] = rd.choice("reference", REFERENCES, "reference rate", required=needs_reference)
        out["fixed_rate"] = rd.param("fixed_rate", required=rate == "fixed", fraction=True)
        out["ceiling"] = rd.ceiling("ceiling") if rate == "actual" else {}
        if rate == "top_up":
            out["target"] = rd.ceiling("target")
            out["top_up_most"] = rd.ceiling("most")
            if not out["target"]:
                rd.error("target", msg("top_up_target_needed"))
        out.update(rd.max_base())
        out["rate_date"] = rd.field("rate_date", "loans", ("date",), "a date field", default="issued")
        out["rate_month_offset"] = rd.integer("rate_month_offset", minimum=-12, maximum=12)
        out["rate_month"] = rd.count("rate_month", minimum=1, maximum=12)
        out["share"] = rd.param("share", fraction=True)
        out["share_field"] = rd.field("share_field", "loans", ("fraction",), "a fraction field")
        out["max_months"] = rd.count("max_months", minimum=1, maximum=600)
        out["bounded_by_actual"] = rd.flag("bounded_by_actual")
        out["until_policy_end"] = rd.flag("until_policy_end")
        out["months_until_field"] = rd.field("months_until", "loans", ("date",), "a date field")
        out["cap"] = rd.param("cap")
        rd.exclusive("rate_month_offset", "rate_month")
        return out

    def needs(self) -> tuple[str | None, str | None]:
        return self.facts, None

    def reference_rate(self, ctx: Context, index: int, loan: Mapping[str, Any], notes: list[Msg]) -> tuple[Decimal | None, list[Msg]]:
        """The reference rate for this loan, with the notes that say which; or the reasons
        why there is none."""
        rates = ctx.rates
        if self.reference == "benchmark":
            tenor = rates.benchmark_for(loan["months"])
            notes.append(msg("benchmark_used", rate=Rate(tenor.rate), tenor=tenor.label, since=rates.benchmark_from))
            issued = loan.get("issued")
            if issued is not None and issued < rates.benchmark_from:
                ctx.warn(msg("warn_benchmark_before", fact=ctx.fact_ref("loans", index), day=issued, since=rates.benchmark_from))
            return tenor.rate, []
        if ctx.lpr is not None:
            notes.append(msg("lpr_override", rate=Rate(ctx.lpr)))
            return ctx.lpr, []
        day = loan.get(self.rate_date)
        if day is None and self.rate_date not in BUILTIN_DATES:
            return None, [msg("rate_date_needed", field=field_term(ctx.schema, "loans", self.rate_date))]
        day = day or loan.get("issued") or ctx.as_of  # signed: default issued; issued: default as_of
        if self.rate_month_offset is not None or self.rate_month is not None:
            day = month_end(day, self.rate_month_offset or 0, self.rate_month)
        lookup = rates.lpr_on(day)
        if lookup is None:
            return None, [msg("lpr_none", day=day, first=rates.lpr[0].announced)]
        if day == loan.get("issued"):
            notes.append(msg("lpr_used", rate=Rate(lookup.rate), day=lookup.announced))
        else:
            notes.append(msg("lpr_used_on", rate=Rate(lookup.rate), on=day, day=lookup.announced))
        which = {"fact": ctx.fact_ref("loans", index), "day": day}
        found = {"rate": Rate(lookup.rate), "announced": lookup.announced}
        if day > ctx.as_of and not lookup.stale:
            ctx.warn(msg("warn_lpr_after_as_of", **which, as_of=ctx.as_of, **found))
        if lookup.stale:
            ctx.warn(msg("warn_lpr_stale", **which, verified=rates.lpr_verified_through, **found))
        return lookup.rate, []

    def annual_rate(self, ctx: Context, index: int, loan: Mapping[str, Any], day: date, notes: list[Msg]) -> tuple[Decimal | None, list[Msg]]:
        """The annual rate the subsidy is computed at, by `rate`."""
        if self.rate == "fixed":
            assert self.fixed_rate is not None
            fixed, failures = ctx.param(self.fixed_rate, day)
            if fixed is not None:
                notes.append(msg("fixed_rate_used", rate=Rate(fixed)))
            return fixed, failures
        actual = loan["rate"]
        if self.rate in ("actual", "lower", "top_up") and actual is None:
            return None, [msg("actual_rate_needed")]
        if self.rate == "actual" and not self.ceiling:
            notes.append(msg("actual_rate_used", rate=Rate(actual)))
            return actual, []
        reference, failures = self.reference_rate(ctx, index, loan, notes)
        if reference is None:
            return None, failures
        if self.rate == "reference":
            return reference, []
        if self.rate == "lower":
            if actual < reference:
                notes.append(msg("actual_rate_lower", rate=Rate(actual)))
                return actual, []
            return reference, []
        if self.rate == "top_up":
            target = _above(reference, self.target)
            gap = max(target - actual, Decimal(0))
            most = _above(Decimal(0), self.top_up_most, reference) if self.top_up_most else None
            rate = min(gap, most) if most is not None else gap
            notes.append(msg("top_up_used", target=Rate(target), actual=Rate(actual), rate=Rate(rate)))
            return rate, []
        factor, spread = self.ceiling.get("factor"), self.ceiling.get("spread")
        ceiling = mul(reference, factor) if factor is not None else reference + (spread or Decimal(0))
        if actual > ceiling:
            notes.append(msg("actual_rate_ceiling", rate=Rate(actual), ceiling=Rate(ceiling)))
            return ceiling, []
        notes.append(msg("actual_rate_used", rate=Rate(actual)))
        return actual, []

    def items(self, ctx: Context) -> Iterator[Item]:
        limit = BaseLimit(self.max_base, self.max_base_per)
        loans = list(ctx.selected(self))
        if self.max_base is not None and self.max_base_per != "entry":
            loans.sort(key=lambda pair: (ctx.day_of("loans", pair[1]), pair[0]))
        for index, loan in loans:
            path = fact_path("loans", index)
            day = ctx.day_of("loans", loan)
            principal: Decimal = limit.take(loan["principal"], day)
            limit_notes = [limit.note(principal, loan["principal"])] if principal != loan["principal"] else []
            months: int = loan["months"]
            used = min(months, self.max_months) if self.max_months else months
            failures = ctx.requirements(self, loan)
            notes: list[Msg] = list(limit_notes)
            rate, missing = self.annual_rate(ctx, index, loan, day, notes)
            factors: list[Factor] = []
            values: list[Decimal] = []
            if self.share is not None:
                share, missing_share = ctx.param(self.share, day)
                missing += missing_share
                if share is not None:
                    factors.append(Factor("share", share))
                    values.append(share)
            if rate is None or missing:
                yield ctx.item(self, facts=path, day=day, base=None, factors=(Factor("money", principal),), failures=failures + missing)
                continue
            if self.share_field is not None:
                pledged = loan[self.share_field]
                if pledged is None:
                    pledged = Decimal(1)
                    notes.append(msg("pledge_share_default", field=field_term(ctx.schema, "loans", self.share_field)))
                factors.append(Factor("share", pledged))
                values.append(pledged)
            stop = loan.get(self.months_until_field) if self.months_until_field else None
            if stop is not None and stop >= day and self.months_until_field:
                counted = months_until(day, stop, used)
                if counted < used:
                    notes.append(
                        msg("months_to_date", used=counted, months=months, field=field_term(ctx.schema, "loans", self.months_until_field), day=stop)
                    )
                    used = counted
            limited = used
            until = ctx.valid_until
            if self.until_policy_end and until is not None and ctx.covers(day):
                used = months_until(day, until, used)
            factors += [Factor("rate", rate), Factor("money", principal), Factor("months", used, 12)]
            values += [rate, principal, Decimal(used)]
            if limited != months:
                notes.append(msg("months_limited", used=limited, months=months))
            if used < limited:
                notes.append(msg("months_to_policy_end", used=used, cut=limited - used, until=until))
                ctx.warn(
                    msg(
                        "warn_months_after_end",
                        policy=ctx.policy_id,
                        name=ctx.policy_name,
                        fact=ctx.fact_ref("loans", index),
                        cut=limited - used,
                        until=until,
                        end=add_months(day, limited),
                    )
                )
            end = add_months(day, used)
            term_end = end if used == months else add_months(day, months)
            if loan.get("repaid") and term_end > ctx.as_of:
                ctx.warn(msg("warn_repaid_early", fact=ctx.fact_ref("loans", index), end=term_end, as_of=ctx.as_of, months=months, counted=used))
            if until is not None and used == limited and end > until and ctx.covers(day):
                notes.append(msg("loan_past_end", end=end, until=until))
                ctx.warn(
                    msg("warn_loan_past_end", policy=ctx.policy_id, name=ctx.policy_name, fact=ctx.fact_ref("loans", index), end=end, until=until)
                )
            bounds: list[Bound] = []
            if self.bounded_by_actual and loan["rate"] is not None:
                # Interest due is money: rounded to the fen like any payment, so the bound (and a
                # cap it shows) sits on the fen grid and rounding can never lift an amount above it.
                actual = to_fen(div(mul(loan["rate"], principal, Decimal(used)), TWELVE))
                due = Basis((Factor("rate", loan["rate"]), Factor("money", principal), Factor("months", used, 12)))
                bounds.append(Bound(actual, msg("bound_actual", basis=due, value=Amount(actual)), msg("interest_due")))
            cap = self.cap_bound(loan, day)
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

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """Another pledge loan issued today, like the client's largest one (its principal,
        term, rate and IP share), or of 1,000,000 for 12 months when it has none. None when
        the subsidy needs the loan's own rate, which only the client's bank can say, or waits
        for a state the loan reaches only after its term (repaid)."""
        if self.rate in ("actual", "lower", "top_up") or maker.waits(self, "loans"):
            return []
        like = maker.largest(self, "loans", "principal")
        fields: dict[str, Any] = {"principal": LOAN, "months": 12, "issued": maker.as_of}
        if like is not None:
            fields.update({k: like[k] for k in ("principal", "months", "rate") if like.get(k) is not None})
            fields.update(maker.kind_of("loans", like))
        if self.share_field:
            fields[self.share_field] = like.get(self.share_field) if like is not None and like.get(self.share_field) is not None else Decimal(1)
        if self.rate_date not in BUILTIN_DATES:
            fields[self.rate_date] = maker.as_of
        return [maker.new_entry(self, "loans", fields)]

    def terms(self, vocab: Vocabulary) -> list[Any]:
        parts: list[Any] = [shown_param(self.share, Percent)] if self.share is not None else []
        if self.share_field:
            parts.append(field_term(vocab.schema, "loans", self.share_field))
        parts.append(self._rate_words(vocab))
        months = msg("show_months_max", months=self.max_months) if self.max_months else msg("show_months")
        parts += [msg("show_principal"), months]
        lines: list[Any] = [Seq(tuple(parts), "sep_times")]
        if self.bounded_by_actual:
            lines.append(msg("show_bounded_by_actual"))
        return lines + self.cap_terms(vocab)

    def _rate_words(self, vocab: Vocabulary) -> Any:
        if self.rate == "fixed":
            assert self.fixed_rate is not None
            return shown_param(self.fixed_rate, Rate)
        reference = msg(f"show_reference_{self.reference}") if self.reference else None
        if self.reference == "lpr_1y" and (self.rate_date != "issued" or self.rate_month_offset is not None or self.rate_month is not None):
            on = field_term(vocab.schema, "loans", self.rate_date)
            if self.rate_month is not None:
                reference = msg("show_lpr_month_of_year", month=self.rate_month, field=on)
            elif self.rate_month_offset is not None:
                code = "show_lpr_months_before" if self.rate_month_offset < 0 else "show_lpr_months_after"
                reference = msg(code, months=abs(self.rate_month_offset), field=on)
            else:
                reference = msg("show_lpr_on", field=on)
        if self.rate == "reference":
            return reference
        if self.rate == "lower":
            return msg("show_rate_lower", reference=reference)
        if self.ceiling:
            if "factor" in self.ceiling:
                return msg("show_rate_actual_factor", factor=self.ceiling["factor"], reference=reference)
            return msg("show_rate_actual_spread", spread=Rate(self.ceiling["spread"]), reference=reference)
        return msg("show_rate_actual")
