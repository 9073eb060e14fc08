"""Reading policy files: a strict loader for `policies/*.toml`, vocabulary.toml and rates.toml.

It checks every key, type, amount, date and cross-reference, and reports all problems of a
file at once with the file, the line and the field path. Each rule's own keys are read by
its kind (`ipcalc.rules`) through a `RuleReader`. Imported only when files are read (a
cached library needs none of it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import schema
from .checks import Invalid, check_bool, check_count, check_date, check_fraction, describe, did_you_mean, line_of, one_of
from .errors import ProblemList
from .i18n import Text, msg
from .policy import CAP_PERIODS, SCHEMA_VERSION, AggregateCap, Clause, Policy, TitleDef, Vocabulary, make_plan, make_supports
from .rates import LprValue, Rates, Tenor
from .reading import Reader, bilingual, choice, identifier, plain_text, positive_amount, strings
from .reading import amount as any_amount
from .reading import fraction as a_fraction
from .reading import text as non_empty_text
from .rules import kinds
from .rules.base import CONDITION_OPS, Condition, Rule
from .rules.qualitative import Alternative


class PolicyReader:
    """Reads one policy file's data into a `Policy`, collecting every problem."""

    def __init__(self, data: dict, *, source: str, text: str, vocab: Vocabulary, origin: str):
        self.data = data
        self.text = text
        self.vocab = vocab
        self.origin = origin
        self.source = source
        self.problems = ProblemList(source)
        #: groups named by any rule, even one dropped for another mistake
        self.referenced_groups: set[str] = set()

    def reader(self, data: Any, path: str) -> Reader:
        return Reader(data, path, self.problems, self.text)

    def read(self) -> Policy:
        top = self.reader(self.data, "")
        version = top.take("schema", lambda v: v, required=True)
        if version is not None and version != SCHEMA_VERSION:
            top.error("schema", msg("unsupported_schema", version_shown=describe(version), SCHEMA_VERSION=SCHEMA_VERSION))
        head = self.reader(top.raw("policy"), "policy")
        pid = head.take("id", identifier, required=True)
        title = head.take("title", bilingual, required=True)
        document = head.take("document", non_empty_text)
        issuer = head.take("issuer", bilingual)
        jurisdiction = head.take("jurisdiction", bilingual, required=True)
        regions = head.take("regions", self._regions, required=True, default=())
        published = head.take("published", lambda v: check_date(v, from_text=False))
        valid_from = head.take("valid_from", lambda v: check_date(v, from_text=False))
        valid_until = head.take("valid_until", lambda v: check_date(v, from_text=False))
        validity_text = head.take("validity_text", non_empty_text)
        draft = head.take("draft", check_bool, default=False)
        source = head.take("source", non_empty_text)
        blacklist = self._clause(head.raw("blacklist"), "policy.blacklist") if "blacklist" in head.data else None
        exclusive = self._clause(head.raw("exclusive"), "policy.exclusive") if "exclusive" in head.data else None
        head.known += ["blacklist", "exclusive"]
        head.finish()
        if valid_from and valid_until and valid_until < valid_from:
            head.error("valid_until", msg("until_before_from", valid_until=valid_until, valid_from=valid_from))

        groups: dict[str, Text] = {}
        group_data = top.raw("groups")
        if group_data is not None:
            if not isinstance(group_data, dict):
                top.error("groups", msg("expected_groups", group_data_shown=describe(group_data)))
            else:
                for name, value in group_data.items():
                    g = self.reader(value, f"groups.{name}")
                    try:
                        identifier(name)
                    except Invalid as exc:
                        g.error("", exc.message)
                    label = g.take("label", bilingual, required=True)
                    g.finish()
                    groups[name] = label or Text(name, name)

        rules: list[Rule] = []
        rule_data = top.raw("rules")
        if not isinstance(rule_data, list) or not rule_data:
            top.error("rules", msg("rules_needed"))
            rule_data = []
        seen: dict[str, int] = {}
        for index, value in enumerate(rule_data):
            rule = self._rule(value, f"rules[{index}]", groups)
            if rule is None:
                continue
            if rule.id in seen:
                path = f"rules[{index}].id"
                self.problems.add(path, msg("duplicate_rule_id", id=rule.id, item=seen[rule.id]), line_of(self.text, path))
            seen.setdefault(rule.id, index)
            rules.append(rule)

        caps: list[AggregateCap] = []
        cap_data = top.raw("caps")
        if cap_data is not None:
            if not isinstance(cap_data, list):
                top.error("caps", msg("expected_caps", cap_data_shown=describe(cap_data)))
                cap_data = []
            for index, value in enumerate(cap_data):
                cap = self._cap(value, f"caps[{index}]", {r.id: r for r in rules})
                if cap is not None:
                    caps.append(cap)
        top.finish()

        for name in groups:
            if name not in self.referenced_groups:
                path = f"groups.{name}"
                self.problems.add(path, msg("group_unused"), line_of(self.text, path))
        if any(r.group for r in rules) and exclusive is None:
            self.problems.add("policy.exclusive", msg("exclusive_clause_needed"))
        self.problems.raise_if_any()
        return Policy(
            id=pid,
            title=title,
            jurisdiction=jurisdiction,
            regions=regions,
            rules=tuple(rules),
            plan=make_plan(tuple(rules)),
            supports=make_supports(tuple(rules)),
            document=document,
            issuer=issuer,
            published=published,
            valid_from=valid_from,
            valid_until=valid_until,
            validity_text=validity_text,
            draft=bool(draft),
            source=source,
            blacklist=blacklist,
            exclusive=exclusive,
            groups=groups,
            caps=tuple(caps),
            path=self.source,
            origin=self.origin,
        )

    def _regions(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected_regions", got=describe(value)))
        return tuple(identifier(v) for v in value)

    def _clause(self, value: Any, path: str) -> Clause | None:
        r = self.reader(value, path)
        clause = r.take("clause", non_empty_text, required=True)
        quote = r.take("text", non_empty_text, required=True)
        note = r.take("note", bilingual, required=True)
        r.finish()
        return Clause(clause or "", quote or "", note)

    # -------------------------------------------------------------- rules

    def _rule(self, value: Any, path: str, groups: Mapping[str, Text]) -> Rule | None:
        r = self.reader(value, path)
        if not r.ok:
            return None
        rid = r.take("id", identifier, required=True)
        known = kinds()
        kind = r.take("kind", choice(tuple(known), "rule kind"), required=True)
        clause = r.take("clause", non_empty_text, required=True)
        label = r.take("label", bilingual, required=True)
        quotes = r.take("text", strings, required=True)
        note = r.take("note", bilingual)
        applicants = r.take("applicants", self._applicants)
        group = r.take("group", identifier)
        if group is not None:
            self.referenced_groups.add(group)
        if group is not None and group not in groups:
            r.error("group", msg("group_undeclared", group=group, hint=did_you_mean(group, groups)))
        if kind is None:  # with an unknown kind, the other keys cannot be judged
            return None
        cls = known[kind]
        fields = cls.read(RuleReader(self, r))
        r.finish()
        if not (rid and clause and label and quotes):
            return None
        return cls(id=rid, clause=clause, label=label, text=quotes, note=note, applicants=applicants, group=group, **fields)

    def _applicants(self, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected_applicant_kinds", got=describe(value)))
        return frozenset(choice(schema.APPLICANT_KINDS, "applicant kind")(v) for v in value)

    def field_check(self, section: str | None, types: tuple[str, ...], what: str) -> Callable[[Any], str]:
        names = schema.SCALARS if section is None else schema.SECTIONS[section].fields if section in schema.SECTIONS else {}

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
        c = self.reader(value, path)
        if not c.ok:
            return None
        name = c.take("field", self.field_check(section, (), "a field"), required=True)
        ops = [op for op in CONDITION_OPS if op in c.data]
        for op in CONDITION_OPS:
            c.known.append(op)
        because = c.take("because", bilingual) if with_because else None
        if len(ops) != 1:
            c.error("", msg("one_comparison", join=", ".join(CONDITION_OPS)))
            for op in ops:
                c.data.pop(op)
            c.finish()
            return None
        op = ops[0]
        raw = c.data.pop(op)
        c.finish()
        if name is None:
            return None
        fdef = schema.field_of(section, name)
        try:
            value = self._condition_value(fdef, op, raw)
        except Invalid as exc:
            self.problems.add(f"{path}.{op}", exc.message, line_of(self.text, f"{path}.{op}"))
            return None
        return Condition(name, op, value, because, section)

    def _condition_value(self, fdef: schema.Field | None, op: str, raw: Any) -> Any:
        assert fdef is not None
        if op == "in":
            if not isinstance(raw, list) or not raw:
                raise Invalid(msg("expected_values", raw_shown=describe(raw)))
            return frozenset(self.one_value(fdef, v) for v in raw)
        if op in ("min", "gt"):
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
        fdef = schema.field_of(section, key)
        if fdef is None:
            return False
        if fdef.type == schema.AWARD:
            return name in self.vocab.awards
        if fdef.type == schema.TITLE:
            return name in self.vocab.titles
        return name in fdef.choices

    def _cap(self, value: Any, path: str, rules: Mapping[str, Rule]) -> AggregateCap | None:
        c = self.reader(value, path)
        if not c.ok:
            return None
        cid = c.take("id", identifier, required=True)
        names = c.take("rules", strings, required=True, default=())
        per = c.take("per", choice(CAP_PERIODS, "cap period"), required=True)
        limit = c.take("limit", positive_amount, required=True)
        clause = c.take("clause", non_empty_text, required=True)
        label = c.take("label", bilingual, required=True)
        c.finish()
        for name in names:
            rule = rules.get(name)
            if rule is None:
                c.error("rules", msg("cap_rule_unknown", name=name, hint=did_you_mean(name, rules)))
            elif not rule.monetary:
                c.error("rules", msg("cap_rule_qualitative", name=name))
        if not (cid and names and per and limit and clause and label):
            return None
        return AggregateCap(cid, tuple(names), per, limit, clause, label)


class RuleReader:
    """What a rule kind's `read` uses to take its keys from the rule's table: each helper
    takes one key, checks it and records any problem with its line and field path."""

    def __init__(self, policy: PolicyReader, table: Reader):
        self.policy = policy
        self.table = table
        self.vocab = policy.vocab

    def error(self, key: str, message: Any) -> None:
        self.table.error(key, message)

    def section(self, *, required: bool = True, choices: tuple[str, ...] | None = None) -> str | None:
        """`facts`: the list section the rule applies to."""
        return self.table.take("facts", choice(choices or tuple(schema.SECTIONS), "fact section"), required=required)

    def field(self, key: str, section: str | None, types: tuple[str, ...], what: str, *, required: bool = False) -> str | None:
        """A key naming a field of `section` (or of the profile, for None) of one of `types`."""
        return self.table.take(key, self.policy.field_check(section, types, what), required=required)

    def conditions(self, key: str, section: str | None, *, because: bool = False) -> tuple[Condition, ...]:
        """`select` / `require`: a list of `{ field = ..., eq | in | min | gt = ... }`."""
        return self.policy.conditions(self.table, key, section, with_because=because)

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

    def title_amounts(self, key: str) -> dict[str, dict[str | None, Decimal]]:
        """`amounts.TITLE = amount` (a title without levels) or `{ level = amount, ... }`."""
        r = self.table
        raw = r.raw(key)
        amounts: dict[str, dict[str | None, Decimal]] = {}
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
                levels: dict[str | None, Decimal] = {}
                for level, amount in value.items():
                    if level not in tdef.levels:
                        allowed = ", ".join(tdef.levels) or "none (give one amount)"
                        r.error(f"{path}.{level}", msg("title_has_no_such_level", title=title, level=level, allowed=allowed))
                        continue
                    try:
                        levels[level] = positive_amount(amount)
                    except Invalid as exc:
                        r.error(f"{path}.{level}", exc.message)
                amounts[title] = levels
            else:
                try:
                    amounts[title] = {None: positive_amount(value)}
                except Invalid as exc:
                    r.error(path, exc.message)
        return amounts

    def named_amounts(self, key: str, section: str, field: str | None) -> dict[str, Decimal]:
        """`amounts = { name = amount }`: an amount for each value of `field`."""
        r = self.table
        raw = r.raw(key)
        amounts: dict[str, Decimal] = {}
        if not isinstance(raw, dict) or not raw:
            r.error(key, msg("per_unit_needs_amounts"))
            return amounts
        for name, value in raw.items():
            if field and not self.policy.known_value(section, field, name):
                r.error(f"{key}.{name}", msg("not_known_value", name=name, key=field))
                continue
            try:
                amounts[name] = positive_amount(value)
            except Invalid as exc:
                r.error(f"{key}.{name}", exc.message)
        return amounts

    def not_covered(self, key: str, section: str, field: str | None, amounts: Mapping[str, Decimal]) -> dict[str, Text]:
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
            if field and not self.policy.known_value(section, field, name):
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
        cap_by = r.take("cap_by", self.policy.field_check(section, (schema.CHOICE,), "a choice field"))
        if cap_by is None:
            return {"cap": r.take("cap", positive_amount)}
        raw = r.raw("cap")
        table: dict[str, Decimal] = {}
        choices = schema.SECTIONS[section].fields[cap_by].choices
        if not isinstance(raw, dict):
            r.error("cap", msg("cap_by_needs_table", cap_by=cap_by, join=" = ..., ".join(choices)))
            return {"cap_by": cap_by, "cap_table": table}
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
        return {"cap_by": cap_by, "cap_table": table}

    def alternatives(self, key: str) -> tuple[Alternative, ...]:
        """`when = [ { field = ..., eq = ... }, { facts = "loans", where = [...] } ]`."""
        r = self.table
        raw = r.raw(key)
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            r.error(key, msg("expected_alternatives", raw_shown=describe(raw)))
            return ()
        found = []
        for index, value in enumerate(raw):
            path = r.where(f"{key}[{index}]")
            if isinstance(value, dict) and "facts" in value:
                a = self.policy.reader(value, path)
                section = a.take("facts", choice(tuple(schema.SECTIONS), "fact section"))
                where = self.policy.conditions(a, "where", section, with_because=False) if section else ()
                a.finish()
                if section:
                    found.append(Alternative(facts=section, where=where))
            else:
                cond = self.policy.condition(value, path, None, with_because=False)
                if cond is not None:
                    found.append(Alternative(condition=cond))
        return tuple(found)


def read_policy(data: dict, *, source: str, text: str, vocab: Vocabulary, origin: str = "bundled") -> Policy:
    return PolicyReader(data, source=source, text=text, vocab=vocab, origin=origin).read()


def _tables(reader: Reader, key: str) -> list[tuple[str, Any]]:
    """The entries of a [key.NAME] table family, or a problem if it is not a table."""
    value = reader.raw(key)
    if value is None:
        return []
    if not isinstance(value, dict):
        reader.error(key, msg("expected_named_tables", key=key, got=describe(value)))
        return []
    return list(value.items())


def _table_list(reader: Reader, key: str) -> list[Any]:
    """The entries of a [[key]] array of tables, or a problem if it is not one."""
    value = reader.raw(key)
    if value is None:
        return []
    if not isinstance(value, list):
        reader.error(key, msg("expected_array_of_tables", where=reader.where(key), got=describe(value)))
        return []
    return value


def read_vocabulary(data: dict, *, source: str, text: str) -> Vocabulary:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    vocab = Vocabulary({}, {}, {})

    def levels(value: Any) -> tuple[str, ...]:
        if value == []:
            return ()
        return tuple(identifier(v) for v in strings(value))

    for name, value in _tables(top, "titles"):
        t = Reader(value, f"titles.{name}", problems, text)
        lv = t.take("levels", levels, required=True, default=())
        en = t.take("en", non_empty_text, required=True)
        zh = t.take("zh", non_empty_text, required=True)
        t.finish()
        vocab.titles[name] = TitleDef(tuple(lv or ()), Text(en or name, zh or name))
    for name, value in _tables(top, "levels"):
        try:
            vocab.levels[name] = bilingual(value)
        except Invalid as exc:
            problems.add(f"levels.{name}", exc.message, line_of(text, f"levels.{name}"))
    for name, value in _tables(top, "awards"):
        a = Reader(value, f"awards.{name}", problems, text)
        en = a.take("en", non_empty_text, required=True)
        zh = a.take("zh", non_empty_text, required=True)
        a.finish()
        vocab.awards[name] = Text(en or name, zh or name)
    top.finish()
    problems.raise_if_any()
    return vocab


# ------------------------------------------------------------------ rates.toml


def _rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected_rate", got=describe(value)))
    return check_fraction(value)


def _day(value: Any) -> date:
    return check_date(value, from_text=False)


def read_rates(data: dict, *, source: str, text: str) -> Rates:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    bench = Reader(top.raw("benchmark"), "benchmark", problems, text)
    since = bench.take("in_force_from", _day, required=True)
    bench_source = bench.take("source", non_empty_text, required=True)
    tenors: list[Tenor] = []
    for index, value in enumerate(_table_list(bench, "tenors")):
        t = Reader(value, f"benchmark.tenors[{index}]", problems, text)
        months = t.take("max_months", lambda v: check_count(v, minimum=1, maximum=1200))
        rate = t.take("rate", _rate, required=True)
        label = t.take("label", _label, required=True)
        t.finish()
        if rate is not None and label is not None:
            tenors.append(Tenor(months, rate, label))
    bench.finish()
    if not tenors or tenors[-1].max_months is not None:
        problems.add("benchmark.tenors", msg("last_tenor_open"))
    bounds = [t.max_months for t in tenors[:-1]]
    if any(b is None for b in bounds) or bounds != sorted(bounds):  # type: ignore[type-var]
        problems.add("benchmark.tenors", msg("tenors_order"))

    lpr = Reader(top.raw("lpr_1y"), "lpr_1y", problems, text)
    verified = lpr.take("verified_through", _day, required=True)
    verified_source = lpr.take("verified_source", non_empty_text, required=True)
    values: list[LprValue] = []
    for index, value in enumerate(_table_list(lpr, "values")):
        v = Reader(value, f"lpr_1y.values[{index}]", problems, text)
        announced = v.take("announced", _day, required=True)
        rate = v.take("rate", _rate, required=True)
        src = v.take("source", non_empty_text, required=True)
        v.finish()
        if announced and rate is not None and src:
            values.append(LprValue(announced, rate, src))
    lpr.finish()
    top.finish()
    if not values:
        problems.add("lpr_1y.values", msg("lpr_values_needed"))
    days = [v.announced for v in values]
    if days != sorted(days) or len(set(days)) != len(days):
        problems.add("lpr_1y.values", msg("lpr_order"))
    if values and verified and verified < values[-1].announced:
        problems.add("lpr_1y.verified_through", msg("verified_before_newest"))
    problems.raise_if_any()
    return Rates(since, bench_source, tuple(tenors), tuple(values), verified, verified_source)


def _label(value: Any) -> Text:
    if isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v for v in value.values()):
        return Text(plain_text(value["en"]), plain_text(value["zh"]))
    raise Invalid(msg("expected_bilingual", got=describe(value)))
