"""How a rule's keys are read from its table in a policy file, for the rule kinds.

A kind's `read(rd)` takes its own keys through a `RuleReader`: each helper takes one key,
checks it and records any problem with its line and field path, so that all of a file's
mistakes are reported at once. `FieldChecks` knows the profile's fields (the built-in ones and
those a policy folder declares): it checks that a key names a real field of the right type,
and reads conditions (`select`, `require`, a reading's `require`) on them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .. import schema
from ..checks import Invalid, check_bool, check_count, check_date, describe, did_you_mean, one_of
from ..errors import ProblemList
from ..i18n import Text, msg
from ..toml_reader import Reader, bilingual, choice, positive_amount
from ..toml_reader import amount as any_amount
from ..toml_reader import fraction as a_fraction
from ..toml_reader import text as non_empty_text
from ..toml_text import line_of
from ..vocabulary import Vocabulary
from .terms import CONDITION_OPS, DATE_OPS, Bracket, ByKind, Compared, Condition, Dated, DatedValue, DateRef, Instalment, field_term, value_words


class FieldChecks:
    """The fields a policy file may name (`vocab.schema`), and the reading of conditions on
    them; problems go to `problems`, with their lines in `text`."""

    def __init__(self, vocab: Vocabulary, problems: ProblemList, text: str):
        self.vocab = vocab
        self.facts = vocab.schema
        self.problems = problems
        self.text = text

    def reader(self, data: Any, path: str) -> Reader:
        return Reader(data, path, self.problems, self.text)

    def with_facts(self, facts: schema.Schema) -> FieldChecks:
        """The same checks, knowing these facts (a field a rule derives)."""
        found = FieldChecks(self.vocab._replace(facts=facts), self.problems, self.text)
        return found

    def field_check(self, section: str | None, types: tuple[str, ...], what: str) -> Callable[[Any], str]:
        facts = self.facts
        names = facts.scalars if section is None else facts.sections[section].fields if section in facts.sections else {}

        def check(value: Any) -> str:
            if not isinstance(value, str) or value not in names:
                where = "profile" if section is None else section
                hint = did_you_mean(value, names) if isinstance(value, str) else ""
                raise Invalid(msg("not_a_field", got=describe(value), where=where, hint=hint, allowed=one_of(names)))
            if types and names[value].type not in types:
                raise Invalid(msg("field_wrong_type", value=value, what=what))
            return value

        return check

    def conditions(self, r: Reader, key: str, section: str | None, *, with_because: bool) -> tuple[Condition, ...]:
        raw = r.raw(key)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            r.error(key, msg("expected_conditions", raw_shown=describe(raw)))
            return ()
        out = []
        for index, item in enumerate(raw):
            cond = self.condition(item, r.where(f"{key}[{index}]"), section, with_because=with_because)
            if cond is not None:
                out.append(cond)
        return tuple(out)

    def condition(self, value: Any, path: str, section: str | None, *, with_because: bool) -> Condition | None:
        """`{ field = "...", eq | ne | in | not_in | min | max | gt = ... }`: a field of the section, or, when
        the section has no field by that name, of the profile."""
        c = self.reader(value, path)
        if not c.ok:
            return None
        if "any" in c.data:
            return self._any(c, section, with_because=with_because)
        facts = self.facts
        on_profile = section is None or (
            isinstance(c.data.get("field"), str) and facts.field_of(section, c.data["field"]) is None and c.data["field"] in facts.scalars
        )
        name = c.take("field", self.field_check(None if on_profile else section, (), "a field"), required=True)
        ops = [op for op in CONDITION_OPS if op in c.data]
        for op in CONDITION_OPS:
            c.known.append(op)
        because = c.take("because", bilingual) if with_because else None
        figure_year = c.take("year", choice(("previous", "current"), "year of the figure"), default="previous")
        if sorted(ops) == ["from", "to"]:  # a date between two: one comparison
            raw: Any = (c.data.pop("from"), c.data.pop("to"))
            ops = ["between"]
        elif len(ops) != 1:
            c.error("", msg("one_comparison", join=", ".join(CONDITION_OPS)))
            for op in ops:
                c.data.pop(op)
            c.finish()
            return None
        else:
            raw = c.data.pop(ops[0])
        op = ops[0]
        c.finish()
        if name is None:
            return None
        where = None if on_profile else section
        fdef = facts.field_of(where, name)
        try:
            if op in DATE_OPS:
                value = self._date_value(fdef, op, raw, where)
            elif isinstance(raw, dict) and op in ("min", "max", "gt"):
                value = self._compared(fdef, op, raw, where)
            else:
                value = self._condition_value(fdef, op, raw)
        except Invalid as exc:
            key = "from" if op == "between" else op
            self.problems.add(f"{path}.{key}", exc.message, line_of(self.text, f"{path}.{key}"))
            return None
        if "year" in c.taken and not (on_profile and name in schema.SCALE_FIELDS):
            self.problems.add(f"{path}.year", msg("year_only_scale", fields=", ".join(schema.SCALE_FIELDS)), line_of(self.text, f"{path}.year"))
            return None
        day_field = facts.sections[section].date_field if section is not None and section in facts.sections else ""
        # a figure of the client's scale is said as that year's ("operating revenue of 2024")
        term = field_term(facts, "finances", name) if on_profile and name in schema.SCALE_FIELDS else field_term(facts, where, name)
        return Condition(name, op, value, because, on_profile, term, value_words(self.vocab, where, name), figure_year, day_field)

    def _any(self, c: Reader, section: str | None, *, with_because: bool) -> Condition | None:
        """`{ any = [ {...}, {...} ] }`: met when one of the conditions is."""
        raw = c.raw("any")
        because = c.take("because", bilingual) if with_because else None
        c.finish()
        if not isinstance(raw, list) or len(raw) < 2:
            c.error("any", msg("expected_conditions_any", raw_shown=describe(raw)))
            return None
        found = [self.condition(item, c.where(f"any[{index}]"), section, with_because=False) for index, item in enumerate(raw)]
        if any(f is None for f in found):
            return None
        return Condition("", "any", tuple(found), because)

    def _date_value(self, fdef: schema.Field | None, op: str, raw: Any, section: str | None) -> Any:
        """What a date field is compared with: a fixed date (`from`, `to`), or (`before`,
        `after`, `same_year_as`, `within = { months | years = N, of = ... }`) the
        estimate's date ("as_of"), another date field of the fact, or a fixed date."""
        assert fdef is not None
        if fdef.type != schema.DATE:
            raise Invalid(msg("op_needs_date", op=op, type=fdef.type))
        if op == "between":
            start, end = check_date(raw[0]), check_date(raw[1])
            if end < start:
                raise Invalid(msg("dates_reversed", start=start, end=end))
            return (start, end)
        if op in ("from", "to"):
            return check_date(raw)
        months = 0
        if op == "within" or isinstance(raw, dict):
            # within = { months = 12, of = ... }; before / after / same_year_as = { years = 5,
            # of = ... }: at least that long before or after the date, or that many years on
            if not isinstance(raw, dict) or "of" not in raw or len(raw) != 2 or not ({"months", "years"} & set(raw)):
                raise Invalid(msg("expected_within" if op == "within" else "expected_offset", raw_shown=describe(raw), op=op))
            count = check_count(raw.get("months", raw.get("years")), minimum=0 if op != "within" else 1, maximum=1200)
            months = count * 12 if "years" in raw else count
            if op == "same_year_as" and "months" in raw:
                raise Invalid(msg("expected_offset", raw_shown=describe(raw), op=op))
            raw = raw["of"]
        return self._date_ref(raw, section, months)

    def _date_ref(self, raw: Any, section: str | None, months: int) -> DateRef:
        if isinstance(raw, str) and raw == "as_of":
            return DateRef("as_of", None, months, msg("date_of_estimate"))
        if isinstance(raw, str):
            other = self.facts.field_of(section, raw) if section is not None else None
            if other is None or other.type != schema.DATE:
                dates = sorted(n for n, f in (self.facts.sections[section].fields.items() if section else ()) if f.type == schema.DATE)
                raise Invalid(msg("unknown_date_ref", name=raw, allowed=", ".join(["as_of", *dates])))
            return DateRef(raw, None, months, field_term(self.facts, section, raw))
        day = check_date(raw)
        return DateRef(None, day, months, day)

    def _compared(self, fdef: schema.Field | None, op: str, raw: dict[str, Any], section: str | None) -> Compared:
        """`{ reference = "lpr", at = "issued", factor = 1.3 }` (a reference rate on a date of
        the fact: "lpr" or "benchmark"), or `{ field = "principal", factor = 0.01 }` (another
        field of the fact), each times `factor` (1 by default) plus `spread` (0)."""
        assert fdef is not None
        keys = set(raw)
        if fdef.type not in (schema.COUNT, schema.MONEY, schema.FRACTION) or ("reference" in keys) == ("field" in keys):
            raise Invalid(msg("expected_compared", raw_shown=describe(raw)))
        if not keys <= {"reference", "field", "at", "factor", "spread"}:
            raise Invalid(msg("expected_compared", raw_shown=describe(raw)))
        factor = Decimal(1) if "factor" not in raw else _factor(raw["factor"])
        spread = Decimal(0) if "spread" not in raw else a_fraction(raw["spread"])
        if "field" in raw:
            other = self.facts.field_of(section, raw["field"]) if section is not None and isinstance(raw["field"], str) else None
            if other is None or other.type not in (schema.COUNT, schema.MONEY, schema.FRACTION):
                raise Invalid(msg("compared_field", got=describe(raw["field"])))
            if "at" in raw:
                raise Invalid(msg("expected_compared", raw_shown=describe(raw)))
            return Compared(None, raw["field"], None, factor, spread, field_term(self.facts, section, raw["field"]))
        reference = raw["reference"]
        if reference not in ("lpr", "benchmark") or fdef.type != schema.FRACTION:
            raise Invalid(msg("compared_reference", got=describe(reference)))
        info = self.facts.sections.get(section) if section is not None else None
        at = raw.get("at", info.date_field if info is not None else None)
        found = self.facts.field_of(section, at) if section is not None and isinstance(at, str) else None
        if found is None or found.type != schema.DATE:
            raise Invalid(msg("compared_at", got=describe(at)))
        said = found.help if found.help.en else field_term(self.facts, section, str(at))  # "date the loan was issued"
        term = msg(f"compared_{reference}", at=said)
        return Compared(reference, None, at, factor, spread, term)

    def _condition_value(self, fdef: schema.Field | None, op: str, raw: Any) -> Any:
        assert fdef is not None
        if op in ("in", "not_in"):
            if not isinstance(raw, list) or not raw:
                raise Invalid(msg("expected_values", raw_shown=describe(raw)))
            return frozenset(self.one_value(fdef, v) for v in raw)
        if op in ("min", "max", "gt"):
            if fdef.type not in (schema.COUNT, schema.MONEY, schema.FRACTION):
                raise Invalid(msg("op_needs_number", op=op, type=fdef.type))
        return self.one_value(fdef, raw)

    def one_value(self, fdef: schema.Field, raw: Any) -> Any:
        t = fdef.type
        if t == schema.BOOL:
            return check_bool(raw)
        if t == schema.COUNT:
            return check_count(raw)
        if t == schema.MONEY:
            return any_amount(raw)
        if t == schema.FRACTION:
            return a_fraction(raw)
        if t == schema.CHOICE:
            return choice(fdef.choices, "value")(raw)
        if t == schema.TITLE:
            return choice(tuple(self.vocab.titles), "title")(raw)
        if t == schema.AWARD:
            return choice(tuple(self.vocab.awards), "award")(raw)
        if t == schema.LEVEL:
            return choice(tuple(self.vocab.levels), "level")(raw)
        if t == schema.DATE:
            return check_date(raw)
        if not isinstance(raw, str):
            raise Invalid(msg("expected_text_raw", raw_shown=describe(raw)))
        return raw

    def known_value(self, section: str, key: str, name: str) -> bool:
        fdef = self.facts.field_of(section, key)
        if fdef is None:
            return False
        if fdef.type == schema.AWARD:
            return name in self.vocab.awards
        if fdef.type == schema.TITLE:
            return name in self.vocab.titles
        return name in fdef.choices


#: `consecutive_years_by = "applicant"`: the years of all the applicant's facts of the section
APPLICANT = "applicant"

#: the field a rule with `consecutive_years_by` derives for each fact: its rank in the run of
#: consecutive years of facts with the same key (1 in the first year, 2 in the second...)
CONSECUTIVE_YEAR = "consecutive_year"


#: the most instalments a schedule may have: each is an item of every entry it pays for (a
#: schedule of 1,200 over 400 patents took minutes); policies pay in a few
MAX_INSTALMENTS = 20


class RuleReader:
    """What a rule kind's `read` uses to take its keys from the rule's table: each helper
    takes one key, checks it and records any problem with its line and field path."""

    def __init__(self, fields: FieldChecks, table: Reader):
        self.checks = fields
        self.table = table
        #: the applicant kinds a parameter by kind names (they become the rule's applicants)
        self.kinds_named: frozenset[str] | None = None
        self.vocab = fields.vocab
        self.facts = fields.facts

    def error(self, key: str, message: Any) -> None:
        self.table.error(key, message)

    def facts_rule(self, section: str) -> dict[str, Any]:
        """What every rule on a list section has: `facts`, and its `select` and `require`
        conditions (read knowing the section's fields)."""
        return {"facts": section, "select": self.conditions("select", section), "require": self.conditions("require", section, because=True)}

    def section(self, *, required: bool = True, choices: tuple[str, ...] | None = None) -> str | None:
        """`facts`: the list section the rule applies to."""
        return self.table.take("facts", choice(choices or tuple(self.facts.sections), "fact section"), required=required)

    def field(
        self, key: str, section: str | None, types: tuple[str, ...], what: str, *, required: bool = False, default: str | None = None
    ) -> str | None:
        """A key naming a field of `section` (or of the profile, for None) of one of `types`;
        `default` when the key is not given (then it is not required)."""
        if default is not None and key not in self.table.data:
            self.table.known.append(key)
            return default
        return self.table.take(key, self.checks.field_check(section, types, what), required=required)

    def fields(self, key: str, section: str, types: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A key naming one field of `section`, or a list of them (summed where used)."""
        raw = self.table.data.get(key)
        if not isinstance(raw, list):
            one = self.field(key, section, types, what)
            return (one,) if one else ()
        check = self.checks.field_check(section, types, what)
        names = self.table.take(key, lambda v: tuple(check(x) for x in v) if v else check(v), default=())
        return tuple(names or ())

    def has_field(self, section: str, name: str) -> bool:
        return self.facts.field_of(section, name) is not None

    def has_key(self, key: str) -> bool:
        return key in self.table.data

    def noun(self, section: str, name: str) -> Text:
        """A field as a noun in a sentence: "guarantee fee" / "担保费"."""
        fdef = self.facts.field_of(section, name)
        return fdef.term() if fdef is not None else Text(name.replace("_", " "), name)

    def integer(self, key: str, *, minimum: int, maximum: int) -> int | None:
        """A whole number that may be negative (a month offset)."""

        def check(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise Invalid(msg("expected_count", got=describe(value)))
            if not minimum <= value <= maximum:
                raise Invalid(msg("outside_range", value=value, minimum=minimum, maximum=maximum))
            return value

        return self.table.take(key, check)

    def exclusive(self, *keys: str) -> None:
        """At most one of these keys may be given."""
        given = [k for k in keys if k in self.table.data or k in self.table.taken]
        if len(given) > 1:
            self.error(given[-1], msg("keys_exclusive", keys=", ".join(given)))

    def param(self, key: str, *, required: bool = False, fraction: bool = False, by_kind: bool = False) -> Any:
        """An amount (or, `fraction`, a share or rate): one value, or values by date as a
        list of `{ from = DATE, value = ..., source = "..." }` in date order; with
        `by_kind`, also a table of them by applicant kind (`{ enterprise = 20000,
        individual = 2000 }`), which makes the rule's applicants those kinds."""
        check = a_fraction if fraction else positive_amount
        if key not in self.table.data:
            return self.table.take(key, check, required=required)
        raw = self.table.data[key]
        if by_kind and isinstance(raw, dict):
            self.table.take(key, lambda v: v)
            return self.by_kind(key, raw, check)
        if not isinstance(raw, list):
            return self.table.take(key, check, required=required)
        self.table.take(key, lambda v: v)
        return self.dated(key, raw, check)

    def by_kind(self, key: str, raw: dict[str, Any], check: Callable[[Any], Decimal]) -> ByKind | None:
        """`{ enterprise = 20000, individual = [ { from = ..., value = ... } ] }`."""
        kinds = self.facts.scalars["kind"].choices
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if name not in kinds:
                self.error(
                    f"{key}.{name}", msg("unknown_value", what="applicant kind", value=name, hint=did_you_mean(name, kinds), allowed=", ".join(kinds))
                )
                continue
            found = self.dated(f"{key}.{name}", value, check) if isinstance(value, list) else self._checked(f"{key}.{name}", value, check)
            if found is not None:
                values[name] = found
        if not values:
            self.error(key, msg("by_kind_empty"))
            return None
        self.kinds_named = frozenset(values)
        return ByKind(values)

    def _checked(self, path: str, value: Any, check: Callable[[Any], Decimal]) -> Decimal | None:
        try:
            return check(value)
        except Invalid as exc:
            self.table.error(path, exc.message)
            return None

    def dated(self, key: str, raw: list[Any], check: Callable[[Any], Decimal]) -> Dated | None:
        """`[{ from = DATE, value = ..., source = "..." }, ...]`, in increasing date order."""
        values: list[DatedValue] = []
        ok = bool(raw)
        if not raw:
            self.error(key, msg("dated_empty"))
        for index, entry in enumerate(raw):
            r = self.checks.reader(entry, self.table.where(f"{key}[{index}]"))
            if not r.ok:
                ok = False
                continue
            start = r.take("from", lambda v: check_date(v, from_text=False), required=True)
            value = r.take("value", check, required=True)
            source = r.take("source", non_empty_text, default="")
            r.finish()
            if start is None or value is None:
                ok = False
                continue
            if values and start <= values[-1].start:
                r.error("from", msg("dated_order", day=start, previous=values[-1].start))
                ok = False
                continue
            values.append(DatedValue(start, value, source))
        return Dated(tuple(values)) if ok else None

    def ceiling(self, key: str) -> dict[str, Decimal]:
        """`{ factor = 1.4 }` or `{ spread = 0.005 }`: how far above the reference the loan's
        own rate is counted."""
        raw = self.table.raw(key)
        if raw is None:
            return {}
        r = self.checks.reader(raw, self.table.where(key))
        if not r.ok:
            return {}
        factor = r.take("factor", _factor)
        spread = r.take("spread", a_fraction)
        r.finish()
        if (factor is None) == (spread is None):
            r.error("", msg("ceiling_one"))
            return {}
        return {"factor": factor} if factor is not None else {"spread": spread}

    def instalments(self, section: str) -> tuple[Any, ...]:
        """`schedule = [{ after_years = 0, amount = 20000 }, { after_years = 2, amount = 5000,
        require = [...] }]`: in order of their dates."""
        raw = self.table.raw("schedule")
        if not isinstance(raw, list) or not raw:
            self.error("schedule", msg("schedule_needed", raw_shown=describe(raw)))
            return ()
        if len(raw) > MAX_INSTALMENTS:  # each instalment is an item for each entry
            self.error("schedule", msg("schedule_too_long", given=len(raw), most=MAX_INSTALMENTS))
            return ()
        found = []
        for index, value in enumerate(raw):
            r = self.checks.reader(value, self.table.where(f"schedule[{index}]"))
            if not r.ok:
                continue
            years = r.take("after_years", lambda v: check_count(v, maximum=100), default=0)
            months = r.take("after_months", lambda v: check_count(v, maximum=11), default=0)
            if "amount" in r.data:  # one amount, amounts by date, or by applicant kind
                raw = r.raw("amount")
                where = f"schedule[{index}].amount"  # relative to the rule, as its own keys are
                amount = self.by_kind(where, raw, positive_amount) if isinstance(raw, dict) else self.entry_param(where, raw)
            else:
                amount = r.take("amount", positive_amount, required=True)
            require = self.checks.conditions(r, "require", section, with_because=True)
            r.finish()
            if amount is not None:
                found.append(Instalment(years or 0, months or 0, amount, require))
        offsets = [i.after_years * 12 + i.after_months for i in found]
        if offsets != sorted(offsets):
            self.error("schedule", msg("schedule_order"))
        return tuple(found)

    def best(self, section: str) -> dict[str, Any]:
        """`best = { units = 3, by = "family" }`: of the entries sharing a value of `by`, only
        the best `units` by amount are paid."""
        raw = self.table.raw("best")
        if raw is None:
            return {}
        r = self.checks.reader(raw, self.table.where("best"))
        if not r.ok:
            return {}
        count = lambda v: check_count(v, minimum=1, maximum=1000)
        if "units" in r.data:  # the older name: entries, not an entry's units
            units = r.take("units", count)
        else:
            units = r.take("entries", count, required=True)
        by = r.take("by", self.checks.field_check(section, (), "a field"), required=True)
        r.finish()
        return {"units": units, "by": by} if units and by else {}

    def unit_limit(self, section: str) -> dict[str, Any]:
        """`unit_limit = { most = 5, per = "year", of = "date" }`: at most `most` units (an
        entry's `count` each) for the applicant, or for each calendar year of a date field of
        the entries (`of`, the section's date by default), the best-paying first."""
        raw = self.table.raw("unit_limit")
        if raw is None:
            return {}
        r = self.checks.reader(raw, self.table.where("unit_limit"))
        if not r.ok:
            return {}
        most = r.take("most", lambda v: check_count(v, minimum=1, maximum=1_000_000), required=True)
        per = r.take("per", choice(("applicant", "year"), "period"), default="year")
        default = self.facts.sections[section].date_field or None
        of = r.take("of", self.checks.field_check(section, (schema.DATE,), "a date field"), default=default)
        r.finish()
        if per == "year" and of is None:
            r.error("of", msg("unit_limit_needs_date"))
            return {}
        return {"unit_limit": (most, per, of)} if most else {}

    def brackets(self) -> dict[str, Any]:
        """`brackets = [{ up_to = 5000000, share = 0.7 }, { up_to = 20000000, share = 0.5 },
        { share = 0.3 }]` with `scale = "marginal"` (each part of the base at its bracket's
        share; the default) or `"single"` (the whole base at the share, or for the `amount`, of
        the bracket it falls in). Brackets rise; only the last may leave out `up_to`."""
        raw = self.table.raw("brackets")
        scale = self.choice("scale", ("marginal", "single"), "scale", default="marginal")
        if raw is None:
            if self.has_key("scale") or "scale" in self.table.taken:
                self.error("scale", msg("scale_needs_brackets"))
            return {}
        if not isinstance(raw, list) or not raw:
            self.error("brackets", msg("brackets_needed", raw_shown=describe(raw)))
            return {}
        found: list[Bracket] = []
        for index, value in enumerate(raw):
            r = self.checks.reader(value, self.table.where(f"brackets[{index}]"))
            if not r.ok:
                continue
            up_to = r.take("up_to", positive_amount)
            share = r.take("share", a_fraction)
            amount = r.take("amount", any_amount)
            r.finish()
            if (share is None) == (amount is None) or (amount is not None and scale == "marginal"):
                r.error("", msg("bracket_share_or_amount" if scale == "single" else "bracket_share_needed"))
                continue
            if up_to is None and index != len(raw) - 1:
                r.error("up_to", msg("bracket_up_to_needed"))
                continue
            if up_to is not None and found and found[-1].up_to is not None and up_to <= found[-1].up_to:
                r.error("up_to", msg("brackets_rise", up_to=up_to, previous=found[-1].up_to))
                continue
            found.append(Bracket(up_to, share, amount))
        return {"brackets": tuple(found), "scale": scale} if len(found) == len(raw) else {}

    def consecutive_years(self, section: str) -> str | None:
        """`consecutive_years_by = "contract"`: the key facts are grouped by; each fact then
        has `consecutive_year` (its rank in its group's run of consecutive years) for the
        rule's conditions, which are read knowing it. `"applicant"`: all the applicant's
        facts of the section together (the years insured without a break, whatever the
        contract)."""
        if self.table.data.get("consecutive_years_by") == APPLICANT:
            key: str | None = self.table.take("consecutive_years_by", lambda v: v)
        else:
            key = self.field("consecutive_years_by", section, ("text", "choice", "count"), "a field")
        if key is None:
            return None
        info = self.facts.sections[section]
        derived = schema.Field(schema.COUNT, None, False, (), 1, None, Text("consecutive year", "连续年度"))
        facts = self.facts.extended({}, {section: info._replace(fields={CONSECUTIVE_YEAR: derived})})
        self.checks = self.checks.with_facts(facts)
        self.facts = facts
        return key

    def max_base(self) -> dict[str, Any]:
        """`max_base`: how much of each fact's base is counted at most: an amount (for each
        fact), or `{ amount = N, per = "entry" | "applicant" | "year" }`."""
        raw = self.table.raw("max_base")
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            try:
                value = positive_amount(raw)
            except Invalid as exc:
                self.error("max_base", exc.message)
                return {}
            return {"max_base": value, "max_base_per": "entry"}
        r = self.checks.reader(raw, self.table.where("max_base"))
        limit = r.take("amount", positive_amount, required=True)
        per = r.take("per", choice(("entry", "applicant", "year"), "period"), default="entry")
        r.finish()
        return {"max_base": limit, "max_base_per": per} if limit is not None else {}

    def conditions(self, key: str, section: str | None, *, because: bool = False) -> tuple[Condition, ...]:
        """`select` / `require`: a list of `{ field = ..., eq | ne | in | not_in | min | max | gt = ... }`."""
        return self.checks.conditions(self.table, key, section, with_because=because)

    def amount(self, key: str, *, required: bool = False) -> Decimal | None:
        return self.table.take(key, positive_amount, required=required)

    def fraction(self, key: str, *, required: bool = False) -> Decimal | None:
        return self.table.take(key, a_fraction, required=required)

    def count(self, key: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        return self.table.take(key, lambda v: check_count(v, minimum=minimum, maximum=maximum))

    def flag(self, key: str) -> bool:
        return bool(self.table.take(key, check_bool, default=False))

    def choice(self, key: str, options: tuple[str, ...], what: str, *, required: bool = False, default: Any = None) -> Any:
        return self.table.take(key, choice(options, what), required=required, default=default)

    def title_amounts(self, key: str) -> dict[str, dict[str | None, Any]]:
        """`amounts.TITLE = amount` (a title without levels) or `{ level = amount, ... }`."""
        r = self.table
        raw = r.raw(key)
        amounts: dict[str, dict[str | None, Any]] = {}
        if not isinstance(raw, dict) or not raw:
            r.error(key, msg("title_needs_amounts"))
            return amounts
        for title, value in raw.items():
            path = f"{key}.{title}"
            tdef = self.vocab.titles.get(title)
            if tdef is None:
                r.error(path, msg("unknown_title", title=title, hint=did_you_mean(title, self.vocab.titles)))
                continue
            if isinstance(value, dict):
                levels: dict[str | None, Any] = {}
                for level, amount in value.items():
                    if level not in tdef.levels:
                        allowed = ", ".join(tdef.levels) or "none (give one amount)"
                        r.error(f"{path}.{level}", msg("title_has_no_such_level", title=title, level=level, allowed=allowed))
                        continue
                    found = self.entry_param(f"{path}.{level}", amount)
                    if found is not None:
                        levels[level] = found
                amounts[title] = levels
            else:
                found = self.entry_param(path, value)
                if found is not None:
                    amounts[title] = {None: found}
        return amounts

    def named_amounts(self, key: str, section: str, field: str | None) -> dict[str, Any]:
        """`amounts = { name = amount }`: an amount for each value of `field`."""
        r = self.table
        raw = r.raw(key)
        amounts: dict[str, Any] = {}
        if not isinstance(raw, dict) or not raw:
            r.error(key, msg("per_unit_needs_amounts"))
            return amounts
        for name, value in raw.items():
            if field and not self.checks.known_value(section, field, name):
                r.error(f"{key}.{name}", msg("not_known_value", name=name, key=field))
                continue
            found = self.entry_param(f"{key}.{name}", value)
            if found is not None:
                amounts[name] = found
        return amounts

    def entry_param(self, path: str, value: Any) -> Any:
        """An amount inside a table (`amounts.NAME`): one value, or values by date."""
        if isinstance(value, list):
            return self.dated(path, value, positive_amount)
        try:
            return positive_amount(value)
        except Invalid as exc:
            self.table.error(path, exc.message)
            return None

    def not_covered(self, key: str, section: str, field: str | None, amounts: Mapping[str, Any]) -> dict[str, Text]:
        """`not_covered.NAME = { en, zh }`: values the policy leaves out, and why."""
        r = self.table
        raw = r.raw(key)
        out: dict[str, Text] = {}
        if raw is None:
            return out
        if not isinstance(raw, dict):
            r.error(key, msg("expected_named_texts", raw_shown=describe(raw)))
            return out
        for name, value in raw.items():
            if field and not self.checks.known_value(section, field, name):
                r.error(f"{key}.{name}", msg("not_known_value", name=name, key=field))
                continue
            if name in amounts:
                r.error(f"{key}.{name}", msg("covered_and_not_covered", name=name))
                continue
            try:
                out[name] = bilingual(value)
            except Invalid as exc:
                r.error(f"{key}.{name}", exc.message)
        return out

    def item_cap(self, section: str) -> dict[str, Any]:
        """`cap = amount`, or `cap_by = "choice field"` with `cap = { value = amount, ... }`."""
        r = self.table
        cap_by = r.take("cap_by", self.checks.field_check(section, (schema.CHOICE,), "a choice field"))
        if cap_by is None:
            return {"cap": self.param("cap")}
        raw = r.raw("cap")
        table: dict[str, Decimal] = {}
        fdef = self.facts.sections[section].fields[cap_by]
        choices = fdef.choices
        words = {"cap_words": {c: fdef.choice_labels.get(c) or Text(c, c) for c in choices}, "cap_noun": self.facts.sections[section].noun}
        if not isinstance(raw, dict):
            r.error("cap", msg("cap_by_needs_table", cap_by=cap_by, join=" = ..., ".join(choices)))
            return {"cap_by": cap_by, "cap_table": table, **words}
        for name, value in raw.items():
            if name not in choices:
                r.error(f"cap.{name}", msg("cap_choice_unknown", name=name, cap_by=cap_by, allowed=one_of(choices)))
                continue
            try:
                table[name] = positive_amount(value)
            except Invalid as exc:
                r.error(f"cap.{name}", exc.message)
        missing = [c for c in choices if c not in raw]
        if missing:
            r.error("cap", msg("cap_missing_for_choice", cap_by=cap_by, join=", ".join(missing)))
        return {"cap_by": cap_by, "cap_table": table, **words}


def _factor(value: Any) -> Decimal:
    """A positive factor (1.4 for 140%)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not 0 < value <= 100:
        raise Invalid(msg("expected_factor", got=describe(value)))
    return Decimal(value)
