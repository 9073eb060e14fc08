"""The parts rules are written with: dated parameters (amounts, shares, rates that changed on
dates, each with its source), conditions on a fact's or the profile's fields, and the words
for fields and values in sentences. Below `base` (the rule kinds' contract) and `reader`
(how their keys are read), which both use them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import schema
from ..i18n import Filled, Given, Msg, Seq, Text, msg
from ..money import Amount
from ..record import Record

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

#: the shared default for empty mappings in rule records; never mutated
EMPTY: Mapping[str, Any] = {}
CONDITION_OPS = ("eq", "ne", "in", "not_in", "min", "max", "gt", "any", "within", "same_year_as", "before", "after", "from", "to")
#: the comparisons of a date field: with the estimate's date (`as_of`), another date field of
#: the fact, or a fixed date; `between` is `from` and `to` given together
DATE_OPS = ("within", "same_year_as", "before", "after", "from", "to", "between")


class DateRef(Record):
    """What a date is compared with: the estimate's date (`as_of`), another date field of
    the fact (its name), or a fixed date (`day`); `months`: for `within`, how far before it
    the window opens. `term`: the date in words."""

    name: str | None
    day: date | None = None
    months: int = 0
    term: Any = None

    def resolve(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> date | None:
        if self.name is None:
            return self.day
        if self.name == "as_of":
            return values.get("as_of")
        found = fact.get(self.name)
        return found if found is not None else values.get(self.name)


def shift_months(day: date, months: int) -> date | None:
    """The same day `months` months later (or earlier), the month's last day when it has
    no such day; None outside the calendar's years (1 to 9999)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        return None
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ------------------------------------------------------------------ dated parameters


class DatedValue(Record):
    """A parameter's value from a date on, with where it is written."""

    start: date
    value: Decimal
    source: str = ""


class Dated(Record):
    """A parameter whose value changed on dates, each value with its source (as OpenFisca's
    parameters): an amount of 10,000 from 2023, 20,000 from 2024-07-01. The value for a
    fact is the one in force on the fact's date."""

    values: tuple[DatedValue, ...]

    def at(self, day: date) -> Decimal | None:
        found = None
        for value in self.values:
            if value.start > day:
                break
            found = value.value
        return found


class ByKind(Record):
    """A parameter by applicant kind (`amount = { enterprise = 20000, individual = 2000 }`):
    each kind's value (one, or values by date); a kind not named gets none."""

    values: Mapping[str, Decimal | Dated]

    def at(self, day: date, kind: str | None = None) -> Decimal | None:
        found = self.values.get(kind) if kind is not None else None
        if found is None:
            return None
        return found.at(day) if isinstance(found, Dated) else found


#: a rule's amount, share, rate or cap: one value, values by date, or values by applicant kind
Param = Decimal | Dated | ByKind


def value_at(param: Param, day: date, kind: str | None = None) -> Decimal | None:
    """The value of a parameter on a date, for an applicant kind (None: no value in force
    yet, or none for that kind)."""
    if isinstance(param, ByKind):
        return param.at(day, kind)
    return param.at(day) if isinstance(param, Dated) else param


def not_in_force(param: Dated, day: date) -> Msg:
    return msg("no_value_in_force", day=day, first=param.values[0].start)


def shown_param(param: Param, kind: Callable[[Decimal], Any] = Amount) -> Any:
    """A parameter for `policies show`: its value, or each dated value with its date, or
    each applicant kind's."""
    if isinstance(param, ByKind):
        return Seq(tuple(msg("show_by_kind", kind=msg(k), value=shown_param(v, kind)) for k, v in param.values.items()), "sep_semicolon")
    if isinstance(param, Dated):
        return Seq(
            tuple(
                msg("show_dated_value_source", value=kind(v.value), start=v.start, source=v.source)
                if v.source
                else msg("show_dated_value", value=kind(v.value), start=v.start)
                for v in param.values
            ),
            "sep_semicolon",
        )
    return kind(param)


# ------------------------------------------------------------------ the client's scale

#: keys of a condition's `values` beyond the profile's fields: the client's figures by year
#: ([[finances]]: year -> its entry) and the reference rates (the library's, and --lpr)
FIGURES = "@figures"
RATES = "@rates"


def figures_of(facts: Mapping[str, Any]) -> dict[int, Mapping[str, Any]]:
    """The client's [[finances]] by year."""
    return {entry["year"]: entry for entry in facts.get("finances") or () if entry.get("year") is not None}


def figure(values: Mapping[str, Any], name: str, year: int) -> Any:
    """A figure of the client's scale for a year: that year's [[finances]] entry, else for
    the last full year (the year before the estimate's) the profile's own field; None when
    not given. The number of employees is the profile's, whatever the year."""
    if name in schema.SCALE_FIELDS:
        by_year: Mapping[int, Mapping[str, Any]] = values.get(FIGURES) or {}
        found = by_year.get(year, EMPTY).get(name)
        if found is not None:
            return found
        as_of = values.get("as_of")
        if as_of is None or year != as_of.year - 1:
            return None
    return values.get(name)


# ------------------------------------------------------------------ comparisons


class Compared(Record):
    """What a number is compared with when it is not a number written in the policy: a
    reference rate on a date of the fact (`reference`: "lpr" or "benchmark"; `at`: the date
    field, the fact's own date by default) or another field of the fact (`field`), times
    `factor`, plus `spread` ("at most 30% above the LPR at issue": factor 1.3; "LPR + 100
    bp": spread 0.01; "a fee at most 1% of the principal": field principal, factor 0.01).
    `term`: what it is, in words."""

    reference: str | None
    field: str | None
    at: str | None
    factor: Decimal = Decimal(1)
    spread: Decimal = Decimal(0)
    term: Any = None

    def resolve(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> Decimal | None:
        """Its value for this fact (None: the date, the field or the rate is not known)."""
        if self.field is not None:
            found = fact.get(self.field)
            base = Decimal(found) if isinstance(found, (int, Decimal)) and not isinstance(found, bool) else None
        else:
            base = self.rate(fact, values)
        if base is None:
            return None
        return base * self.factor + self.spread

    def rate(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> Decimal | None:
        rates, lpr = values.get(RATES) or (None, None)
        if self.reference == "lpr" and lpr is not None:
            return lpr  # --lpr: the one rate given
        day = fact.get(self.at) if self.at else None
        if rates is None or not isinstance(day, date):
            return None
        if self.reference == "lpr":
            found = rates.lpr_on(day)
            return found.rate if found is not None else None
        months = fact.get("months")
        return rates.benchmark_for(months if isinstance(months, int) else 12).rate

    def words(self) -> Msg:
        if self.factor != 1 and self.spread:
            return msg("compared_factor_spread", factor=Percentage(self.factor), what=self.term, spread=Percentage(self.spread))
        if self.spread:
            return msg("compared_spread", what=self.term, spread=Percentage(self.spread))
        if self.factor != 1:
            return msg("compared_factor", factor=Percentage(self.factor), what=self.term)
        return msg("compared_plain", what=self.term)


class Shown(Record):
    """A compared value worked out for a fact, as a rate (4.485%) or an amount."""

    value: Decimal
    compared: Compared

    def render(self, lang: str) -> str:
        from ..money import Amount, Percent

        return format(Percent(self.value) if self.compared.reference is not None else Amount(self.value))


class Percentage(Record):
    """A factor or a spread in a sentence: 130%, 1.00 percentage points (as a percent)."""

    value: Decimal

    def render(self, lang: str) -> str:
        from ..money import Percent

        return format(Percent(self.value))


# ------------------------------------------------------------------ conditions


class Condition(Record):
    """`field` compared with `value` by `op`. The field is the fact's (of the rule's list
    section), or the profile's (`profile`: a field the section does not have). `because`
    explains a failed requirement: policy text that may hold {value}, {more} and {min}.
    `term` is the field in words (its name; its Chinese label)."""

    field: str
    op: str
    value: Any
    because: Text | None = None
    profile: bool = False
    term: Text = Text("", "")
    #: the words for the field's values, where they name something (choices, levels, titles)
    words: tuple[tuple[Any, Text], ...] = ()
    #: a figure of the client's scale (revenue, R&D spending) is the one of the year before
    #: the fact's date (`day_field`, else the estimate's date): "previous"; or of its own
    #: year: "current"
    year: str = "previous"
    day_field: str = ""

    def given(self, value: Any) -> Given:
        """A value of the field in a sentence, by its words where it has them."""
        for known, word in self.words:
            if known == value:
                return Given(value, word)
        return Given(value)

    def test(self, actual: Any) -> bool:
        if self.op == "eq":
            return actual == self.value
        if self.op == "ne":
            return actual != self.value
        if self.op == "in":
            return actual in self.value
        if self.op == "not_in":
            return actual not in self.value
        if actual is None:
            return False
        if self.op == "min":
            return actual >= self.value
        if self.op == "max":
            return actual <= self.value
        return actual > self.value  # gt

    def actual(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
        if self.op == "any":
            return None
        if not self.profile:
            return fact.get(self.field)
        if self.field in schema.SCALE_FIELDS:
            return figure(values, self.field, self.figure_year(fact, values))
        return values.get(self.field)

    def figure_year(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> int:
        """The year of the client's figure a scale condition reads (see `year`)."""
        day = (fact.get(self.day_field) if self.day_field else None) or values.get("as_of")
        year = day.year if isinstance(day, date) else date.today().year
        return year - 1 if self.year == "previous" else year

    def holds(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
        if self.op == "any":  # `{ any = [ ... ] }`: one of the conditions in `value`
            return any(c.holds(fact, values) for c in self.value)
        if self.op in DATE_OPS:
            return self._date_holds(self.actual(fact, values), fact, values)
        if isinstance(self.value, Compared):
            return self._compared_holds(self.actual(fact, values), fact, values)
        return self.test(self.actual(fact, values))

    def _compared_holds(self, actual: Any, fact: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
        other = self.value.resolve(fact, values)
        if actual is None or other is None:
            return False
        return self._replace(value=other).test(actual)

    def _date_holds(self, actual: Any, fact: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
        """A date comparison: False when the date (or the one it is compared with) is absent."""
        if not isinstance(actual, date):
            return False
        op, value = self.op, self.value
        if op == "from":
            return bool(actual >= value)
        if op == "to":
            return bool(actual <= value)
        if op == "between":
            return bool(value[0] <= actual <= value[1])
        other = value.resolve(fact, values)
        if other is None:
            return False
        if op == "same_year_as":  # with years: that many calendar years on (第三年: + 2)
            return bool(actual.year == other.year + value.months // 12)
        if op == "before":  # with an offset: at least that long before it
            limit = shift_months(other, -value.months) if value.months else other
            return limit is not None and actual <= limit
        if op == "after":  # with an offset: at least that long after it
            limit = shift_months(other, value.months) if value.months else other
            return limit is not None and actual >= limit
        opens = shift_months(other, -value.months)  # within
        return opens is not None and opens <= actual <= other

    def missing(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
        """For a date comparison that fails for want of a date: the words of the field
        missing (the fact's, or the one it is compared with); else None."""
        if self.op not in DATE_OPS:
            return None
        if not isinstance(self.actual(fact, values), date):
            return self.term
        if isinstance(self.value, DateRef) and self.value.resolve(fact, values) is None:
            return self.value.term
        return None

    def wanted(self) -> Msg:
        if self.op in DATE_OPS:
            return self.date_words()
        if isinstance(self.value, Compared):
            return msg(f"op_{self.op}", value=self.value.words())
        if self.op in ("in", "not_in"):
            return msg(f"op_{self.op}", values=[self.given(v) for v in sorted(self.value, key=str)])
        return msg(f"op_{self.op}", value=self.given(self.value) if self.op in ("eq", "ne") else self.value)

    def failure(self, actual: Any) -> Msg:
        """Why a fact fails this requirement, as a reason."""
        if self.because is not None:
            more = self.value - actual if self.op == "min" and isinstance(actual, (int, Decimal)) else ""
            return msg("requirement", text=Filled(self.because, {"value": self.given(actual), "more": more, "min": self.value}))
        if self.op == "any":
            return msg("needs_any", conditions=self.described())
        if self.op in DATE_OPS and not isinstance(actual, date):
            return msg("date_missing", field=self.term)
        return msg("needs_field", field=self.term, wanted=self.wanted(), actual=self.given(actual))

    def failure_of(self, fact: Mapping[str, Any], values: Mapping[str, Any]) -> Msg:
        """Why a fact fails this requirement (a date it compares may be missing, or the
        client's figure for the year it reads)."""
        missing = self.missing(fact, values)
        if missing is not None and self.because is None:
            return msg("date_missing", field=missing)
        actual = self.actual(fact, values)
        if isinstance(self.value, Compared) and self.because is None:
            other = self.value.resolve(fact, values)
            if other is None:
                return msg("compared_unknown", field=self.term, what=self.value.words())
            shown = Shown(actual, self.value) if isinstance(actual, Decimal) else self.given(actual)
            return msg("needs_compared", field=self.term, wanted=self.wanted(), value=Shown(other, self.value), actual=shown)
        if actual is None and self.profile and self.field in schema.SCALE_FIELDS:
            return msg("revenue_missing", field=self.term, year=self.figure_year(fact, values))
        return self.failure(actual)

    def date_words(self) -> Msg:
        """A date comparison in words: "within 12 months before the date of the estimate"."""
        op, value = self.op, self.value
        if op in ("from", "to"):
            return msg(f"op_{op}", value=value)
        if op == "between":
            return msg("op_between", start=value[0], end=value[1])
        if op == "within":
            return msg("op_within", months=value.months, of=value.term)
        if value.months:
            span = msg("span_years", n=value.months // 12) if value.months % 12 == 0 else msg("span_months", n=value.months)
            return msg(f"op_{op}_offset", span=span, of=value.term)
        return msg(f"op_{op}", of=value.term)

    def described(self) -> Msg:
        """The condition for `policies show`: `field op value`."""
        value = self.value
        if self.op == "any":
            return msg("show_cond_any", conditions=Seq(tuple(c.described() for c in value), "sep_or"))
        if self.op in DATE_OPS:
            return msg("show_cond_date", field=self.term, comparison=self.date_words())
        if self.op in ("in", "not_in"):
            shown: Any = Seq(tuple(self.given(v) for v in sorted(value, key=str)), "sep_alternatives")
        elif isinstance(value, Compared):
            shown = value.words()
        else:
            shown = self.given(value)
        return msg(f"show_cond_{self.op}", field=self.term, value=shown)


# ------------------------------------------------------------------ words for fields and values


def value_label(vocab: Vocabulary, section: str, name: str, value: Any) -> Text:
    """The words for the value of a field that names something: an award, a title, a choice."""
    fdef = vocab.schema.field_of(section, name)
    kind = fdef.type if fdef is not None else None
    if kind == schema.AWARD:
        return vocab.award_name(value)
    if kind == schema.TITLE:
        return vocab.title_name(value)
    if kind == schema.LEVEL:
        return vocab.level_name(value)
    if kind == schema.CHOICE and fdef is not None:
        return fdef.choice_labels.get(value) or Text(str(value), str(value))
    return Text(str(value), str(value))


def value_words(vocab: Vocabulary, section: str | None, name: str) -> tuple[tuple[Any, Text], ...]:
    """The words for every value of a field that names something (a choice, a level, a title,
    an award); () for a field of numbers, dates or text."""
    fdef = vocab.schema.field_of(section, name) if section is not None else vocab.schema.scalars.get(name)
    kind = fdef.type if fdef is not None else None
    if kind == schema.CHOICE and fdef is not None:
        return tuple(fdef.choice_labels.items())
    if kind == schema.LEVEL:
        return tuple(vocab.levels.items())
    if kind == schema.TITLE:
        return tuple((k, vocab.title_name(k)) for k in vocab.titles)
    if kind == schema.AWARD:
        return tuple((k, vocab.award_name(k)) for k in vocab.awards)
    return ()


def field_term(facts: schema.Schema, section: str | None, name: str) -> Text:
    """A field in a sentence: its label ("IP share of the collateral" / 知识产权出质占比),
    never its name in the profile."""
    fdef = facts.field_of(section, name) or facts.scalars.get(name)
    if fdef is None:
        return Text(name.replace("_", " "), name)
    return fdef.term()


def section_term(facts: schema.Schema, section: str) -> Text:
    found = facts.sections.get(section)
    return found.label if found is not None else Text(section.replace("_", " "), section)


def fact_path(section: str, index: int) -> tuple[tuple[str, int]]:
    return ((section, index),)


class Instalment(Record):
    """One instalment of a `schedule` rule: how many years (and months) after the fact's
    date it falls due, its amount, and its own conditions on the fact."""

    after_years: int
    after_months: int
    amount: Param
    require: tuple[Condition, ...] = ()


class Bracket(Record):
    """One bracket of a scale (OpenFisca's scales): the part of a base up to `up_to` (None:
    the rest, however large), with its `share`; or, for a single-rate scale, a fixed
    `amount` for a base that falls in it."""

    up_to: Decimal | None
    share: Decimal | None = None
    amount: Decimal | None = None


def slices(brackets: tuple[Bracket, ...], base: Decimal) -> list[tuple[Decimal, Decimal]]:
    """A marginal scale: each bracket's (share, the part of `base` within it), from the
    lowest; brackets the base does not reach are left out."""
    out = []
    lower = Decimal(0)
    for bracket in brackets:
        if base <= lower:
            break
        upper = base if bracket.up_to is None else min(base, bracket.up_to)
        if upper > lower:
            assert bracket.share is not None
            out.append((bracket.share, upper - lower))
        if bracket.up_to is None:
            break
        lower = bracket.up_to
    return out


def bracket_of(brackets: tuple[Bracket, ...], base: Decimal) -> Bracket | None:
    """A single-rate scale: the bracket the whole base falls in (None: above the last)."""
    for bracket in brackets:
        if bracket.up_to is None or base <= bracket.up_to:
            return bracket
    return None
