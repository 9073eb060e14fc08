"""Reading policy files: a strict loader for `policies/*.toml`, vocabulary.toml and rates.toml.

It checks every key, type, amount, date and cross-reference, and reports all problems of a
file at once with the file, the line and the field path. Imported only when files are read
(a cached library needs none of it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import schema
from .checks import (
    Invalid,
    check_bool,
    check_count,
    check_date,
    check_fraction,
    check_money,
    describe,
    did_you_mean,
    line_of,
    one_of,
)
from .errors import ProblemList
from .i18n import msg
from .policy import (
    CAP_PERIODS,
    CONDITION_OPS,
    REFERENCES,
    RULE_KINDS,
    SCHEMA_VERSION,
    AggregateCap,
    Alternative,
    Clause,
    Condition,
    Policy,
    Rule,
    Text,
    TitleDef,
    Vocabulary,
)
from .rates import LprValue, Rates, Tenor

# ------------------------------------------------------------------ strict reading


class Reader:
    """Takes keys out of one TOML table, checking each; reports leftovers as unknown keys."""

    def __init__(self, data: Any, path: str, problems: ProblemList, text: str):
        self.path = path
        self.problems = problems
        self.text = text
        self.ok = isinstance(data, dict)
        #: the whole table is missing: one problem says so, not one per required key
        self.absent = data is None
        if data is None:
            self.error("", f"missing; a [{path}] table is required" if path else "missing")
            data = {}
        elif not self.ok:
            self.error("", msg("expected a table, got {data_shown}", data_shown=describe(data)))
            data = {}
        self.data: dict = dict(data)
        self.known: list[str] = []

    def where(self, key: str) -> str:
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> None:
        path = self.where(key)
        self.problems.add(path, message, line_of(self.text, path))

    def take(self, key: str, check: Callable[[Any], Any], *, required: bool = False, default: Any = None) -> Any:
        self.known.append(key)
        if key not in self.data:
            if required and not self.absent:
                self.error(key, msg("missing; this key is required"))
            return default
        value = self.data.pop(key)
        try:
            return check(value)
        except Invalid as exc:
            self.error(key, exc.message)
            return default

    def raw(self, key: str) -> Any:
        self.known.append(key)
        return self.data.pop(key, None)

    def finish(self) -> None:
        for key in self.data:
            self.error(key, msg("unknown key {key!r}{hint}; allowed here: {allowed}", key=key, hint=did_you_mean(key, self.known), allowed=one_of(self.known)))


def _plain_text(value: str) -> str:
    """Text may hold tabs and new lines but no other control characters (they could be
    mistaken for markup in output, and the JSON writer relies on their absence)."""
    if any(ord(c) < 32 and c not in "\t\n\r" or c == "\x7f" for c in value):
        raise Invalid(msg("text holds control characters"))
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(msg("expected non-empty text, got {got}", got=describe(value)))
    return _plain_text(value)


def _identifier(value: Any) -> str:
    text = _text(value)
    if not text.replace("_", "").isalnum() or not text.isascii() or not text[0].isalpha() or text.lower() != text:
        raise Invalid(msg("{text!r} is not a valid id; use lower-case letters, digits and _", text=text))
    return text


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected an amount in yuan, got {got}", got=describe(value)))
    return check_money(value)


def _positive_amount(value: Any) -> Decimal:
    amount = _amount(value)
    if amount <= 0:
        raise Invalid(msg("expected an amount above 0, got {got}", got=describe(value)))
    return amount


def _fraction(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected a fraction such as 0.5, got {got}", got=describe(value)))
    return check_fraction(value)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid(msg("expected text or a list of texts, got {got}", got=describe(value)))
    return tuple(_plain_text(v) for v in value)


def _choice(options: tuple[str, ...], what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in options:
            found = describe(value)
            hint = did_you_mean(value, options) if isinstance(value, str) else ""
            raise Invalid(msg("unknown {what} {found}{hint}; allowed: {allowed}", what=what, found=found, hint=hint, allowed=one_of(options)))
        return value

    return check


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

    def bilingual(self, value: Any) -> Text:
        if not isinstance(value, dict):
            raise Invalid(msg('expected {{ en = "...", zh = "..." }}, got {got}', got=describe(value)))
        missing = [k for k in ("en", "zh") if not isinstance(value.get(k), str) or not value.get(k, "").strip()]
        extra = [k for k in value if k not in ("en", "zh")]
        if missing:
            raise Invalid(msg("needs non-empty text for {join} (English and Chinese)", join=" and ".join(missing)))
        if extra:
            raise Invalid(msg("unknown language key {item!r}; allowed: en, zh", item=extra[0]))
        return Text(_plain_text(value["en"]), _plain_text(value["zh"]))

    def read(self) -> Policy:
        top = self.reader(self.data, "")
        version = top.take("schema", lambda v: v, required=True)
        if version is not None and version != SCHEMA_VERSION:
            top.error("schema", msg("unsupported schema {version_shown}; this ipcalc reads schema {SCHEMA_VERSION}", version_shown=describe(version), SCHEMA_VERSION=SCHEMA_VERSION))
        head = self.reader(top.raw("policy"), "policy")
        pid = head.take("id", _identifier, required=True)
        title = head.take("title", self.bilingual, required=True)
        document = head.take("document", _text)
        issuer = head.take("issuer", self.bilingual)
        jurisdiction = head.take("jurisdiction", self.bilingual, required=True)
        regions = head.take("regions", self._regions, required=True, default=())
        published = head.take("published", lambda v: check_date(v, from_text=False))
        valid_from = head.take("valid_from", lambda v: check_date(v, from_text=False))
        valid_until = head.take("valid_until", lambda v: check_date(v, from_text=False))
        validity_text = head.take("validity_text", _text)
        draft = head.take("draft", check_bool, default=False)
        source = head.take("source", _text)
        blacklist = self._clause(head.raw("blacklist"), "policy.blacklist") if "blacklist" in head.data else None
        exclusive = self._clause(head.raw("exclusive"), "policy.exclusive") if "exclusive" in head.data else None
        head.known += ["blacklist", "exclusive"]
        head.finish()
        if valid_from and valid_until and valid_until < valid_from:
            head.error("valid_until", msg("{valid_until} is before valid_from {valid_from}", valid_until=valid_until, valid_from=valid_from))

        groups: dict[str, Text] = {}
        group_data = top.raw("groups")
        if group_data is not None:
            if not isinstance(group_data, dict):
                top.error("groups", msg("expected a table of groups, got {group_data_shown}", group_data_shown=describe(group_data)))
            else:
                for name, value in group_data.items():
                    g = self.reader(value, f"groups.{name}")
                    try:
                        _identifier(name)
                    except Invalid as exc:
                        g.error("", exc.message)
                    label = g.take("label", self.bilingual, required=True)
                    g.finish()
                    groups[name] = label or Text(name, name)

        rules: list[Rule] = []
        rule_data = top.raw("rules")
        if not isinstance(rule_data, list) or not rule_data:
            top.error("rules", msg("a policy needs at least one [[rules]] table"))
            rule_data = []
        seen: dict[str, int] = {}
        for index, value in enumerate(rule_data):
            rule = self._rule(value, f"rules[{index}]", groups)
            if rule is None:
                continue
            if rule.id in seen:
                path = f"rules[{index}].id"
                self.problems.add(path, msg("duplicate rule id {id!r} (also rules[{item}])", id=rule.id, item=seen[rule.id]), line_of(self.text, path))
            seen.setdefault(rule.id, index)
            rules.append(rule)

        caps: list[AggregateCap] = []
        cap_data = top.raw("caps")
        if cap_data is not None:
            if not isinstance(cap_data, list):
                top.error("caps", msg("expected [[caps]] tables, got {cap_data_shown}", cap_data_shown=describe(cap_data)))
                cap_data = []
            for index, value in enumerate(cap_data):
                cap = self._cap(value, f"caps[{index}]", {r.id: r for r in rules})
                if cap is not None:
                    caps.append(cap)
        top.finish()

        used_groups = self.referenced_groups
        for name in groups:
            if name not in used_groups:
                path = f"groups.{name}"
                self.problems.add(path, msg("group is declared but no rule belongs to it"), line_of(self.text, path))
        if any(r.group for r in rules) and exclusive is None:
            self.problems.add(
                "policy.exclusive",
                msg("rules name exclusive groups, so [policy.exclusive] must cite the clause that makes them exclusive"),
            )
        self.problems.raise_if_any()
        return Policy(
            id=pid,
            title=title,
            jurisdiction=jurisdiction,
            regions=regions,
            rules=tuple(rules),
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
            raise Invalid(msg("expected a list of region names, got {got}", got=describe(value)))
        return tuple(_identifier(v) for v in value)

    def _clause(self, value: Any, path: str) -> Clause | None:
        r = self.reader(value, path)
        clause = r.take("clause", _text, required=True)
        text = r.take("text", _text, required=True)
        note = r.take("note", self.bilingual, required=True)
        r.finish()
        return Clause(clause or "", text or "", note)

    # -------------------------------------------------------------- rules

    def _rule(self, value: Any, path: str, groups: Mapping[str, Text]) -> Rule | None:
        r = self.reader(value, path)
        if not r.ok:
            return None
        rid = r.take("id", _identifier, required=True)
        kind = r.take("kind", _choice(RULE_KINDS, "rule kind"), required=True)
        clause = r.take("clause", _text, required=True)
        label = r.take("label", self.bilingual, required=True)
        text = r.take("text", _strings, required=True)
        note = r.take("note", self.bilingual)
        applicants = r.take("applicants", self._applicants)
        group = r.take("group", _identifier)
        if group is not None:
            self.referenced_groups.add(group)
        if group is not None and group not in groups:
            r.error("group", msg("group {group!r} is not declared under [groups]{hint}", group=group, hint=did_you_mean(group, groups)))
        fields: dict[str, Any] = {}
        reader = getattr(self, f"_kind_{kind}", None) if kind else None
        if reader is not None:
            fields = reader(r)
        if kind is not None:  # with an unknown kind, the other keys cannot be judged
            r.finish()
        if not (rid and kind and clause and label and text):
            return None
        return Rule(
            id=rid,
            kind=kind,
            clause=clause,
            label=label,
            text=text,
            note=note,
            applicants=applicants,
            group=group,
            **fields,
        )

    def _applicants(self, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected a list of applicant kinds, got {got}", got=describe(value)))
        return frozenset(_choice(schema.APPLICANT_KINDS, "applicant kind")(v) for v in value)

    def _section(self, r: Reader, *, required: bool = True) -> str | None:
        return r.take("facts", _choice(tuple(schema.SECTIONS), "fact section"), required=required)

    def _field_check(self, section: str | None, types: tuple[str, ...], what: str) -> Callable[[Any], str]:
        names = schema.SCALARS if section is None else schema.SECTIONS.get(section, {})

        def check(value: Any) -> str:
            if not isinstance(value, str) or value not in names:
                where = "profile" if section is None else section
                hint = did_you_mean(value, names) if isinstance(value, str) else ""
                raise Invalid(msg("{got} is not a field of {where}{hint}; fields: {allowed}", got=describe(value), where=where, hint=hint, allowed=one_of(names)))
            if types and names[value].type not in types:
                raise Invalid(msg("{value!r} is not {what}", value=value, what=what))
            return value

        return check

    def _conditions(self, r: Reader, key: str, section: str | None, *, with_because: bool) -> tuple[Condition, ...]:
        raw = r.raw(key)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            r.error(key, msg('expected a list of conditions like [{{ field = "...", eq = ... }}], got {raw_shown}', raw_shown=describe(raw)))
            return ()
        out = []
        for index, item in enumerate(raw):
            cond = self._condition(item, r.where(f"{key}[{index}]"), section, with_because=with_because)
            if cond is not None:
                out.append(cond)
        return tuple(out)

    def _condition(self, value: Any, path: str, section: str | None, *, with_because: bool) -> Condition | None:
        c = self.reader(value, path)
        if not c.ok:
            return None
        name = c.take("field", self._field_check(section, (), "a field"), required=True)
        ops = [op for op in CONDITION_OPS if op in c.data]
        for op in CONDITION_OPS:
            c.known.append(op)
        because = c.take("because", self.bilingual) if with_because else None
        if len(ops) != 1:
            c.error("", msg("give exactly one comparison: {join}", join=", ".join(CONDITION_OPS)))
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
        return Condition(name, op, value, because)

    def _condition_value(self, fdef: schema.Field | None, op: str, raw: Any) -> Any:
        assert fdef is not None
        if op == "in":
            if not isinstance(raw, list) or not raw:
                raise Invalid(msg("expected a list of values, got {raw_shown}", raw_shown=describe(raw)))
            return frozenset(self._one_value(fdef, v) for v in raw)
        if op in ("min", "gt"):
            if fdef.type not in (schema.COUNT, schema.MONEY, schema.FRACTION):
                raise Invalid(msg("{op} compares numbers; this field holds {type}", op=op, type=fdef.type))
        return self._one_value(fdef, raw)

    def _one_value(self, fdef: schema.Field, raw: Any) -> Any:
        t = fdef.type
        if t == schema.BOOL:
            return check_bool(raw)
        if t == schema.COUNT:
            return check_count(raw)
        if t == schema.MONEY:
            return _amount(raw)
        if t == schema.FRACTION:
            return _fraction(raw)
        if t == schema.CHOICE:
            return _choice(fdef.choices, "value")(raw)
        if t == schema.TITLE:
            return _choice(tuple(self.vocab.titles), "title")(raw)
        if t == schema.AWARD:
            return _choice(tuple(self.vocab.awards), "award")(raw)
        if t == schema.LEVEL:
            return _choice(tuple(self.vocab.levels), "level")(raw)
        if t == schema.DATE:
            return check_date(raw)
        if not isinstance(raw, str):
            raise Invalid(msg("expected text, got {raw_shown}", raw_shown=describe(raw)))
        return raw

    # one reader per rule kind: each returns the Rule fields of that kind

    def _kind_title(self, r: Reader) -> dict[str, Any]:
        raw = r.raw("amounts")
        amounts: dict[str, dict[str | None, Decimal]] = {}
        if not isinstance(raw, dict) or not raw:
            r.error("amounts", msg("a title rule needs amounts = {{ title = amount }} or {{ title = {{ level = amount }} }}"))
            return {"amounts": amounts}
        for title, value in raw.items():
            path = f"amounts.{title}"
            tdef = self.vocab.titles.get(title)
            if tdef is None:
                r.error(path, msg("unknown title {title!r}{hint}; titles are listed in vocabulary.toml", title=title, hint=did_you_mean(title, self.vocab.titles)))
                continue
            if isinstance(value, dict):
                levels: dict[str | None, Decimal] = {}
                for level, amount in value.items():
                    if level not in tdef.levels:
                        allowed = ", ".join(tdef.levels) or "none (give one amount)"
                        r.error(f"{path}.{level}", msg("{title} has no level {level!r}; its levels: {allowed}", title=title, level=level, allowed=allowed))
                        continue
                    try:
                        levels[level] = _positive_amount(amount)
                    except Invalid as exc:
                        r.error(f"{path}.{level}", exc.message)
                amounts[title] = levels
            else:
                try:
                    amounts[title] = {None: _positive_amount(value)}
                except Invalid as exc:
                    r.error(path, exc.message)
        return {"amounts": amounts}

    def _kind_fixed(self, r: Reader) -> dict[str, Any]:
        flag = r.take("flag", self._field_check(None, (schema.BOOL,), "a true/false field"), required=True)
        amount = r.take("amount", _positive_amount, required=True)
        require = self._conditions(r, "require", None, with_because=True)
        return {"flag": flag, "amount": amount, "require": require}

    def _kind_per_unit(self, r: Reader) -> dict[str, Any]:
        section = self._section(r, required=False)
        out: dict[str, Any] = {"facts": section}
        if section is None:
            out["units"] = r.take("units", self._field_check(None, (schema.COUNT,), "a count field"), required=True)
            out["amount"] = r.take("amount", _positive_amount, required=True)
            out["require"] = self._conditions(r, "require", None, with_because=True)
            return out
        key = r.take("key", self._field_check(section, (schema.AWARD, schema.TITLE, schema.CHOICE), "a name field"), required=True)
        out["key"] = key
        out["units"] = r.take("units", self._field_check(section, (schema.COUNT,), "a count field"), required=True)
        raw = r.raw("amounts")
        amounts: dict[str, Decimal] = {}
        if not isinstance(raw, dict) or not raw:
            r.error("amounts", msg("a per_unit rule on facts needs amounts = {{ name = amount }}"))
        else:
            for name, value in raw.items():
                if key and not self._known_value(section, key, name):
                    r.error(f"amounts.{name}", msg("{name!r} is not a known {key}", name=name, key=key))
                    continue
                try:
                    amounts[name] = _positive_amount(value)
                except Invalid as exc:
                    r.error(f"amounts.{name}", exc.message)
        out["amounts"] = amounts
        raw = r.raw("not_covered")
        not_covered: dict[str, Text] = {}
        if raw is not None:
            if not isinstance(raw, dict):
                r.error("not_covered", msg("expected a table name = {{ en, zh }}, got {raw_shown}", raw_shown=describe(raw)))
            else:
                for name, value in raw.items():
                    if key and not self._known_value(section, key, name):
                        r.error(f"not_covered.{name}", msg("{name!r} is not a known {key}", name=name, key=key))
                        continue
                    if name in amounts:
                        r.error(f"not_covered.{name}", msg("{name!r} has an amount; it cannot also be not covered", name=name))
                        continue
                    try:
                        not_covered[name] = self.bilingual(value)
                    except Invalid as exc:
                        r.error(f"not_covered.{name}", exc.message)
        out["not_covered"] = not_covered
        out["select"] = self._conditions(r, "select", section, with_because=False)
        out["require"] = self._conditions(r, "require", section, with_because=True)
        return out

    def _known_value(self, section: str, key: str, name: str) -> bool:
        fdef = schema.field_of(section, key)
        if fdef is None:
            return False
        if fdef.type == schema.AWARD:
            return name in self.vocab.awards
        if fdef.type == schema.TITLE:
            return name in self.vocab.titles
        return name in fdef.choices

    def _kind_share(self, r: Reader, *, share_key: str = "share") -> dict[str, Any]:
        section = self._section(r)
        money = (schema.MONEY,)
        out: dict[str, Any] = {"facts": section}
        if section is None:
            return out
        out["base"] = r.take("base", self._field_check(section, money, "an amount field"), required=True)
        out["share"] = r.take(share_key, _fraction, required=True)
        out["bound"] = r.take("bound", self._field_check(section, money, "an amount field"))
        out["per"] = r.take("per", _choice(("fact", "year"), "period"), default="fact")
        out["select"] = self._conditions(r, "select", section, with_because=False)
        out["require"] = self._conditions(r, "require", section, with_because=True)
        out.update(self._item_cap(r, section))
        return out

    def _kind_matching(self, r: Reader) -> dict[str, Any]:
        return self._kind_share(r, share_key="ratio")

    def _item_cap(self, r: Reader, section: str) -> dict[str, Any]:
        cap_by = r.take("cap_by", self._field_check(section, (schema.CHOICE,), "a choice field"))
        if cap_by is None:
            return {"cap": r.take("cap", _positive_amount)}
        raw = r.raw("cap")
        table: dict[str, Decimal] = {}
        choices = schema.SECTIONS[section][cap_by].choices
        if not isinstance(raw, dict):
            r.error("cap", msg("with cap_by = {cap_by!r}, cap is a table {{ {join} = ... }}", cap_by=cap_by, join=" = ..., ".join(choices)))
            return {"cap_by": cap_by, "cap_table": table}
        for name, value in raw.items():
            if name not in choices:
                r.error(f"cap.{name}", msg("{name!r} is not a value of {cap_by}; allowed: {allowed}", name=name, cap_by=cap_by, allowed=one_of(choices)))
                continue
            try:
                table[name] = _positive_amount(value)
            except Invalid as exc:
                r.error(f"cap.{name}", exc.message)
        missing = [c for c in choices if c not in raw]
        if missing:
            r.error("cap", msg("no cap for {cap_by} = {join}", cap_by=cap_by, join=", ".join(missing)))
        return {"cap_by": cap_by, "cap_table": table}

    def _kind_interest(self, r: Reader) -> dict[str, Any]:
        section = r.take("facts", _choice(("loans",), "fact section"), required=True)
        out: dict[str, Any] = {"facts": section}
        out["reference"] = r.take("reference", _choice(REFERENCES, "reference rate"), required=True)
        out["share"] = r.take("share", _fraction)
        out["share_field"] = r.take("share_field", self._field_check("loans", (schema.FRACTION,), "a fraction field"))
        out["max_months"] = r.take("max_months", lambda v: check_count(v, minimum=1, maximum=600))
        out["bounded_by_actual"] = r.take("bounded_by_actual", check_bool, default=False)
        out["select"] = self._conditions(r, "select", "loans", with_because=False)
        out["require"] = self._conditions(r, "require", "loans", with_because=True)
        out["cap"] = r.take("cap", _positive_amount)
        return out

    def _kind_qualitative(self, r: Reader) -> dict[str, Any]:
        raw = r.raw("when")
        if raw is None:
            return {}
        if not isinstance(raw, list) or not raw:
            r.error("when", msg("expected a list of alternatives, got {raw_shown}", raw_shown=describe(raw)))
            return {}
        alternatives = []
        for index, value in enumerate(raw):
            path = r.where(f"when[{index}]")
            if isinstance(value, dict) and "facts" in value:
                a = self.reader(value, path)
                section = a.take("facts", _choice(tuple(schema.SECTIONS), "fact section"))
                where = self._conditions(a, "where", section, with_because=False) if section else ()
                a.finish()
                if section:
                    alternatives.append(Alternative(facts=section, where=where))
            else:
                cond = self._condition(value, path, None, with_because=False)
                if cond is not None:
                    alternatives.append(Alternative(condition=cond))
        return {"when": tuple(alternatives)}

    def _cap(self, value: Any, path: str, rules: Mapping[str, Rule]) -> AggregateCap | None:
        c = self.reader(value, path)
        if not c.ok:
            return None
        cid = c.take("id", _identifier, required=True)
        names = c.take("rules", _strings, required=True, default=())
        per = c.take("per", _choice(CAP_PERIODS, "cap period"), required=True)
        limit = c.take("limit", _positive_amount, required=True)
        clause = c.take("clause", _text, required=True)
        label = c.take("label", self.bilingual, required=True)
        c.finish()
        for name in names:
            rule = rules.get(name)
            if rule is None:
                c.error("rules", msg("rule {name!r} does not exist in this policy{hint}", name=name, hint=did_you_mean(name, rules)))
            elif not rule.monetary:
                c.error("rules", msg("rule {name!r} is qualitative; only rules with amounts can be capped", name=name))
        if not (cid and names and per and limit and clause and label):
            return None
        return AggregateCap(cid, tuple(names), per, limit, clause, label)


def read_policy(data: dict, *, source: str, text: str, vocab: Vocabulary, origin: str = "bundled") -> Policy:
    return PolicyReader(data, source=source, text=text, vocab=vocab, origin=origin).read()


def _tables(reader: Reader, key: str) -> list[tuple[str, Any]]:
    """The entries of a [key.NAME] table family, or a problem if it is not a table."""
    value = reader.raw(key)
    if value is None:
        return []
    if not isinstance(value, dict):
        reader.error(key, msg("expected tables like [{key}.NAME], got {got}", key=key, got=describe(value)))
        return []
    return list(value.items())


def _table_list(reader: Reader, key: str) -> list[Any]:
    """The entries of a [[key]] array of tables, or a problem if it is not one."""
    value = reader.raw(key)
    if value is None:
        return []
    if not isinstance(value, list):
        reader.error(key, msg("expected [[{where}]] tables, got {got}", where=reader.where(key), got=describe(value)))
        return []
    return value


def read_vocabulary(data: dict, *, source: str, text: str) -> Vocabulary:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    vocab = Vocabulary({}, {}, {})
    words = PolicyReader({}, source=source, text=text, vocab=vocab, origin="")
    words.problems = problems

    def levels(value: Any) -> tuple[str, ...]:
        if value == []:
            return ()
        return tuple(_identifier(v) for v in _strings(value))

    for name, value in _tables(top, "titles"):
        t = Reader(value, f"titles.{name}", problems, text)
        lv = t.take("levels", levels, required=True, default=())
        en = t.take("en", _text, required=True)
        zh = t.take("zh", _text, required=True)
        t.finish()
        vocab.titles[name] = TitleDef(tuple(lv or ()), Text(en or name, zh or name))
    for name, value in _tables(top, "levels"):
        try:
            vocab.levels[name] = words.bilingual(value)
        except Invalid as exc:
            problems.add(f"levels.{name}", exc.message, line_of(text, f"levels.{name}"))
    for name, value in _tables(top, "awards"):
        a = Reader(value, f"awards.{name}", problems, text)
        en = a.take("en", _text, required=True)
        zh = a.take("zh", _text, required=True)
        a.finish()
        vocab.awards[name] = Text(en or name, zh or name)
    top.finish()
    problems.raise_if_any()
    return vocab


# ------------------------------------------------------------------ rates.toml


def _rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(msg("expected a rate such as 0.0435, got {got}", got=describe(value)))
    return check_fraction(value)


def _day(value: Any) -> date:
    return check_date(value, from_text=False)



def read_rates(data: dict, *, source: str, text: str) -> Rates:
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    top.take("schema", lambda v: v)
    bench = Reader(top.raw("benchmark"), "benchmark", problems, text)
    since = bench.take("in_force_from", _day, required=True)
    bench_source = bench.take("source", _text, required=True)
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
        problems.add("benchmark.tenors", msg("the last tenor must have no max_months (it covers every longer loan)"))
    bounds = [t.max_months for t in tenors[:-1]]
    if any(b is None for b in bounds) or bounds != sorted(bounds):  # type: ignore[type-var]
        problems.add("benchmark.tenors", msg("tenors must be in increasing max_months order"))

    lpr = Reader(top.raw("lpr_1y"), "lpr_1y", problems, text)
    verified = lpr.take("verified_through", _day, required=True)
    verified_source = lpr.take("verified_source", _text, required=True)
    values: list[LprValue] = []
    for index, value in enumerate(_table_list(lpr, "values")):
        v = Reader(value, f"lpr_1y.values[{index}]", problems, text)
        announced = v.take("announced", _day, required=True)
        rate = v.take("rate", _rate, required=True)
        src = v.take("source", _text, required=True)
        v.finish()
        if announced and rate is not None and src:
            values.append(LprValue(announced, rate, src))
    lpr.finish()
    top.finish()
    if not values:
        problems.add("lpr_1y.values", msg("at least one LPR value is needed"))
    days = [v.announced for v in values]
    if days != sorted(days) or len(set(days)) != len(days):
        problems.add("lpr_1y.values", msg("values must be in increasing date order, one per date"))
    if values and verified and verified < values[-1].announced:
        problems.add("lpr_1y.verified_through", msg("is before the newest value's announcement"))
    problems.raise_if_any()
    return Rates(since, bench_source, tuple(tenors), tuple(values), verified, verified_source)


def _label(value: Any) -> Text:
    if isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v for v in value.values()):
        return Text(_plain_text(value["en"]), _plain_text(value["zh"]))
    raise Invalid(msg('expected {{ en = "...", zh = "..." }}, got {got}', got=describe(value)))
