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
from .policy import CAP_PERIODS, GROUP_PERIODS, SCHEMA_VERSION, AggregateCap, Clause, Policy, TitleDef, Vocabulary, make_plan, make_supports
from .rates import LprValue, Rates, Tenor
from .reading import Reader, bilingual, choice, identifier, long_text, plain_text, positive_amount, strings
from .reading import amount as any_amount
from .reading import fraction as a_fraction
from .reading import text as non_empty_text
from .rules import kinds
from .rules.base import CONDITION_OPS, Condition, Dated, DatedValue, Rule, field_term, section_term
from .questions import Question, Reading
from .rules.qualitative import Alternative


def _source_name(value: Any) -> str:
    """`source`: a path inside the policy's folder (`sources/x.txt`), never absolute or with
    `..`: a policy folder must not be able to read other files."""
    name = non_empty_text(value)
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise Invalid(msg("source_outside", source=name))
    return name


class PolicyReader:
    """Reads one policy file's data into a `Policy`, collecting every problem."""

    def __init__(self, data: dict, *, source: str, text: str, vocab: Vocabulary, origin: str):
        self.data = data
        self.text = text
        self.vocab = vocab
        self.facts = vocab.schema
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
        source = head.take("source", _source_name)
        blacklist = self._clause(head.raw("blacklist"), "policy.blacklist") if "blacklist" in head.data else None
        exclusive = self._clause(head.raw("exclusive"), "policy.exclusive") if "exclusive" in head.data else None
        notice = self._clause(head.raw("notice"), "policy.notice") if "notice" in head.data else None
        head.known += ["blacklist", "exclusive", "notice"]
        head.finish()
        if valid_from and valid_until and valid_until < valid_from:
            head.error("valid_until", msg("until_before_from", valid_until=valid_until, valid_from=valid_from))

        groups: dict[str, Text] = {}
        fact_groups: set[str] = set()
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
                    if g.take("per", choice(GROUP_PERIODS, "group scope"), default="applicant") == "fact":
                        fact_groups.add(name)
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
            cap_seen: dict[str, int] = {}
            for index, value in enumerate(cap_data):
                cap = self._cap(value, f"caps[{index}]", {r.id: r for r in rules})
                if cap is None:
                    continue
                if cap.id in cap_seen:  # both would apply, and a reading could change only one
                    path = f"caps[{index}].id"
                    self.problems.add(path, msg("duplicate_cap_id", id=cap.id, item=cap_seen[cap.id]), line_of(self.text, path))
                cap_seen.setdefault(cap.id, index)
                caps.append(cap)
        questions = self._questions(top.raw("questions"), rule_data, cap_data or [], rules, groups)
        top.finish()

        for name in groups:
            if name not in self.referenced_groups:
                path = f"groups.{name}"
                self.problems.add(path, msg("group_unused"), line_of(self.text, path))
        if any(r.group for r in rules) and exclusive is None:
            self.problems.add("policy.exclusive", msg("exclusive_clause_needed"))
        self.problems.raise_if_any()
        policy = Policy(
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
            fact_groups=frozenset(fact_groups),
            caps=tuple(caps),
            questions=questions,
            notice=notice,
            path=self.source,
            origin=self.origin,
        )
        if questions:
            from .questions import scopes

            policy = policy._replace(question_scope=scopes(policy))
        return policy

    def _regions(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected_regions", got=describe(value)))
        return tuple(identifier(v) for v in value)

    def _clause(self, value: Any, path: str, *, quoted: bool = True) -> Clause | None:
        """`{ clause, text, note }`: a clause of the policy with its text, quoted (a reading's
        clause may cite another document, without a quote)."""
        r = self.reader(value, path)
        clause = r.take("clause", non_empty_text, required=True)
        quote = r.take("text", long_text, required=quoted)
        note = r.take("note", bilingual, required=True)
        r.finish()
        return Clause(clause or "", quote or "", note)

    # -------------------------------------------------------------- questions

    def _questions(
        self,
        raw: Any,
        rule_data: list[Any],
        cap_data: list[Any],
        rules: list[Rule],
        groups: Mapping[str, Text],
    ) -> tuple[Question, ...]:
        """`[[questions]]`, each with `[[questions.readings]]`: the first reading is the rules
        as written; the others change rules (`change.RULE = { key = value }`), leave rules
        out (`drop`), add requirements (`require`, to `require_rules` or every paying rule),
        change caps (`change_caps.CAP = { ... }`), add a `blacklist` clause, and may carry a
        `warning` shown when they are in force (and the profile meets `warn_when`)."""
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
            self.problems.add("questions", msg("expected_array_of_tables", where="questions", got=describe(raw)), line_of(self.text, "questions"))
            return ()
        raw_rules = {v["id"]: v for v in rule_data if isinstance(v, dict) and isinstance(v.get("id"), str)}
        raw_caps = {v["id"]: v for v in cap_data if isinstance(v, dict) and isinstance(v.get("id"), str)}
        by_id = {r.id: r for r in rules}
        found: list[Question] = []
        seen: set[str] = set()
        for index, value in enumerate(raw):
            path = f"questions[{index}]"
            q = self.reader(value, path)
            qid = q.take("id", identifier, required=True)
            label = q.take("label", bilingual, required=True)
            text = q.take("text", strings, default=())
            raw_readings = q.raw("readings")
            q.finish()
            if qid in seen:
                q.error("id", msg("question_twice", id=qid))
            seen.add(qid or "")
            if not isinstance(raw_readings, list) or len(raw_readings) < 2 or not all(isinstance(r, dict) for r in raw_readings):
                q.error("readings", msg("readings_needed"))
                continue
            readings: list[Reading] = []
            for rindex, rvalue in enumerate(raw_readings):
                reading = self._reading(rvalue, f"{path}.readings[{rindex}]", raw_rules, raw_caps, by_id, groups, first=rindex == 0)
                if reading is not None:
                    if any(r.id == reading.id for r in readings):
                        self.problems.add(f"{path}.readings[{rindex}].id", msg("reading_twice", id=reading.id), line_of(self.text, f"{path}.readings[{rindex}].id"))
                        continue
                    readings.append(reading)
            if qid and label and len(readings) == len(raw_readings):
                found.append(Question(qid, label, tuple(text or ()), tuple(readings)))
        return tuple(found)

    def _reading(
        self,
        value: Any,
        path: str,
        raw_rules: Mapping[str, Any],
        raw_caps: Mapping[str, Any],
        rules: Mapping[str, Rule],
        groups: Mapping[str, Text],
        *,
        first: bool,
    ) -> Reading | None:
        r = self.reader(value, path)
        rid = r.take("id", identifier, required=True)
        label = r.take("label", bilingual, required=True)
        rationale = r.take("rationale", bilingual, required=True)
        change = r.raw("change")
        drop = r.take("drop", strings, default=())
        require = self.conditions(r, "require", None, with_because=True)
        require_rules = r.take("require_rules", strings, default=None)
        change_caps = r.raw("change_caps")
        blacklist = self._clause(r.raw("blacklist"), f"{path}.blacklist", quoted=False) if "blacklist" in r.data else None
        warning = r.take("warning", bilingual)
        warn_when = self.conditions(r, "warn_when", None, with_because=False)
        r.finish()
        changed: dict[str, Rule | None] = {}
        for name in drop or ():
            if name not in rules:
                r.error("drop", msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)))
            changed[name] = None
        if change is not None:
            if not isinstance(change, dict):
                r.error("change", msg("expected_named_tables", key="change", got=describe(change)))
            else:
                for name, keys in change.items():
                    where = f"{path}.change.{name}"
                    if name not in raw_rules:
                        self.problems.add(where, msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)), line_of(self.text, where))
                        continue
                    if not isinstance(keys, dict) or "id" in keys or "kind" in keys:
                        self.problems.add(where, msg("reading_change_keys"), line_of(self.text, where))
                        continue
                    rule = self._rule({**raw_rules[name], **keys}, where, groups)
                    if rule is not None:
                        changed[name] = rule
        targets = tuple(require_rules) if require_rules is not None else tuple(n for n, rule in rules.items() if rule.monetary)
        for name in targets:
            if name not in rules:
                r.error("require_rules", msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)))
        caps_changed: dict[str, AggregateCap | None] = {}
        if change_caps is not None:
            if not isinstance(change_caps, dict):
                r.error("change_caps", msg("expected_named_tables", key="change_caps", got=describe(change_caps)))
            else:
                for name, keys in change_caps.items():
                    where = f"{path}.change_caps.{name}"
                    if name not in raw_caps or not isinstance(keys, dict) or "id" in keys:
                        self.problems.add(where, msg("reading_cap_unknown", name=name, hint=did_you_mean(name, raw_caps)), line_of(self.text, where))
                        continue
                    caps_changed[name] = self._cap({**raw_caps[name], **keys}, where, rules)
        reading = Reading(
            rid or "",
            label or Text("", ""),
            rationale or Text("", ""),
            changed,
            tuple(require),
            targets if require else (),
            caps_changed,
            blacklist,
            warning,
            tuple(warn_when),
        )
        affected = set(changed) | set(reading.require_rules) | {n for cap in caps_changed.values() if cap is not None for n in cap.rules}
        affected.update(n for name in caps_changed for n in (raw_caps.get(name) or {}).get("rules", ()) if isinstance(n, str))
        reading = reading._replace(inputs=tuple(rules[n].needs() for n in sorted(affected) if n in rules))
        if first and reading.changes:
            r.error("", msg("first_reading_changes"))
        if not (rid and label and rationale):
            return None
        return reading

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
        return frozenset(choice(self.facts.scalars["kind"].choices, "applicant kind")(v) for v in value)

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
        where = None if on_profile else section
        fdef = facts.field_of(where, name)
        try:
            value = self._condition_value(fdef, op, raw)
        except Invalid as exc:
            self.problems.add(f"{path}.{op}", exc.message, line_of(self.text, f"{path}.{op}"))
            return None
        return Condition(name, op, value, because, on_profile, field_term(facts, where, name))

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

    def _cap(self, value: Any, path: str, rules: Mapping[str, Rule]) -> AggregateCap | None:
        """A cap on the sum of some rules' items: per applicant (for good), per calendar year,
        or per application year (a year that starts on `year_start`, "07-01"); `by` a field
        of the rules' facts (entries sharing its value share the cap) or "entry" (each fact)."""
        c = self.reader(value, path)
        if not c.ok:
            return None
        cid = c.take("id", identifier, required=True)
        names = c.take("rules", strings, required=True, default=())
        per = c.take("per", choice(CAP_PERIODS, "cap period"), required=True)
        limit = c.take("limit", positive_amount, required=True)
        clause = c.take("clause", non_empty_text, required=True)
        label = c.take("label", bilingual, required=True)
        year_start = c.take("year_start", _month_day)
        by = c.take("by", identifier)
        c.finish()
        if per == "application_year" and year_start is None:
            c.error("year_start", msg("year_start_needed"))
        if per != "application_year" and year_start is not None:
            c.error("year_start", msg("year_start_only_application"))
        sections = set()
        for name in names:
            rule = rules.get(name)
            if rule is None:
                c.error("rules", msg("cap_rule_unknown", name=name, hint=did_you_mean(name, rules)))
            elif not rule.monetary:
                c.error("rules", msg("cap_rule_qualitative", name=name))
            else:
                sections.add(rule.needs()[0])
        if by is not None and by != "entry":
            for section in sections:
                if section is None or self.facts.field_of(section, by) is None:
                    c.error("by", msg("cap_by_field", field=by, section=section or "profile"))
        if not (cid and names and per and limit and clause and label):
            return None
        return AggregateCap(cid, tuple(names), per, limit, clause, label, year_start, by)


class RuleReader:
    """What a rule kind's `read` uses to take its keys from the rule's table: each helper
    takes one key, checks it and records any problem with its line and field path."""

    def __init__(self, policy: PolicyReader, table: Reader):
        self.policy = policy
        self.table = table
        self.vocab = policy.vocab
        self.facts = policy.facts

    def error(self, key: str, message: Any) -> None:
        self.table.error(key, message)

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
        return self.table.take(key, self.policy.field_check(section, types, what), required=required)

    def fields(self, key: str, section: str, types: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A key naming one field of `section`, or a list of them (summed where used)."""
        raw = self.table.data.get(key)
        if not isinstance(raw, list):
            one = self.field(key, section, types, what)
            return (one,) if one else ()
        check = self.policy.field_check(section, types, what)
        names = self.table.take(key, lambda v: tuple(check(x) for x in v) if v else check(v), default=())
        return tuple(names or ())

    def has_field(self, section: str, name: str) -> bool:
        return self.facts.field_of(section, name) is not None

    def has_key(self, key: str) -> bool:
        return key in self.table.data

    def noun(self, section: str, name: str) -> Text:
        """A field as a noun in a sentence: "guarantee fee" / "担保费"."""
        fdef = self.facts.field_of(section, name)
        return fdef.noun(name) if fdef is not None else Text(name, name)

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

    def param(self, key: str, *, required: bool = False, fraction: bool = False) -> Any:
        """An amount (or, `fraction`, a share or rate): one value, or values by date as a
        list of `{ from = DATE, value = ..., source = "..." }` in date order."""
        check = a_fraction if fraction else positive_amount
        if key not in self.table.data:
            return self.table.take(key, check, required=required)
        raw = self.table.data[key]
        if not isinstance(raw, list):
            return self.table.take(key, check, required=required)
        self.table.take(key, lambda v: v)
        return self.dated(key, raw, check)

    def dated(self, key: str, raw: list[Any], check: Callable[[Any], Decimal]) -> Dated | None:
        """`[{ from = DATE, value = ..., source = "..." }, ...]`, in increasing date order."""
        values: list[DatedValue] = []
        ok = bool(raw)
        if not raw:
            self.error(key, msg("dated_empty"))
        for index, entry in enumerate(raw):
            r = self.policy.reader(entry, self.table.where(f"{key}[{index}]"))
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
        r = self.policy.reader(raw, self.table.where(key))
        if not r.ok:
            return {}
        factor = r.take("factor", _factor)
        spread = r.take("spread", a_fraction)
        r.finish()
        if (factor is None) == (spread is None):
            r.error("", msg("ceiling_one"))
            return {}
        return {"factor": factor} if factor is not None else {"spread": spread}

    def conditions(self, key: str, section: str | None, *, because: bool = False) -> tuple[Condition, ...]:
        """`select` / `require`: a list of `{ field = ..., eq | ne | in | not_in | min | max | gt = ... }`."""
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
            if field and not self.policy.known_value(section, field, name):
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
                section = a.take("facts", choice(tuple(self.facts.sections), "fact section"))
                where = self.policy.conditions(a, "where", section, with_because=False) if section else ()
                a.finish()
                if section:
                    found.append(Alternative(facts=section, where=where, term=section_term(self.facts, section)))
            else:
                cond = self.policy.condition(value, path, None, with_because=False)
                if cond is not None:
                    found.append(Alternative(condition=cond))
        return tuple(found)


def _factor(value: Any) -> Decimal:
    """A positive factor (1.4 for 140%)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not 0 < value <= 100:
        raise Invalid(msg("expected_factor", got=describe(value)))
    return Decimal(value)


def _month_day(value: Any) -> tuple[int, int]:
    """"MM-DD": the day a year starts (an application year from "07-01")."""
    text = non_empty_text(value)
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)
    except ValueError:
        raise Invalid(msg("expected_month_day", got=describe(value))) from None
    return month, day


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


def read_vocabulary(data: dict, *, source: str, text: str, known: schema.Schema = schema.BUILTIN) -> Vocabulary:
    """A vocabulary file: titles, levels and awards, and fields and list sections of the
    profile (`[fields.NAME]`, `[sections.NAME]`) beyond those `known` already."""
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
    facts = FactDeclarations(top, problems, text, known).read()
    top.finish()
    problems.raise_if_any()
    return vocab._replace(facts=facts)


class FactDeclarations:
    """`[fields.NAME]` (a profile field) and `[sections.NAME]` with `[sections.NAME.fields.X]`
    (a list section, or fields added to one that exists): facts a policy can pay for that
    ipcalc does not know. Each field has a `type` (count, money, rate, date, bool, choice,
    text), a bilingual `help`, and optionally `required`, `default`, `values` (a choice's
    values: a list of names, or a table name = { en, zh }), `minimum` and `maximum` (a count)."""

    def __init__(self, top: Reader, problems: ProblemList, text: str, known: schema.Schema):
        self.top = top
        self.problems = problems
        self.text = text
        self.known = known

    def reader(self, value: Any, path: str) -> Reader:
        return Reader(value, path, self.problems, self.text)

    def read(self) -> schema.Schema | None:
        scalars: dict[str, schema.Field] = {}
        sections: dict[str, schema.Section] = {}
        for name, value in _tables(self.top, "fields"):
            path = f"fields.{name}"
            more = self.more_values(self.known.scalars.get(name), value, path)
            if more is not None:
                scalars[name] = more
                continue
            if self._declared_again(name, value, path, self.known.scalars, schema.BUILTIN.scalars):
                continue
            if not self._new_name(name, path, self.known.scalars, "field"):
                continue
            found = self.field(value, path)
            if found is not None:
                scalars[name] = found
        for name, value in _tables(self.top, "sections"):
            path = f"sections.{name}"
            r = self.reader(value, path)
            if not r.ok:
                continue
            existing = self.known.sections.get(name)
            if existing is None and not self._new_name(name, path, self.known.sections, "section"):
                r.raw("fields")
                continue
            fields: dict[str, schema.Field] = {}
            for field_name, field_value in _tables(r, "fields"):
                field_path = f"{path}.fields.{field_name}"
                taken = existing.fields if existing is not None else {}
                more = self.more_values(taken.get(field_name), field_value, field_path)
                if more is not None:
                    fields[field_name] = more
                    continue
                builtin = schema.BUILTIN.sections[name].fields if name in schema.BUILTIN.sections else {}
                if self._declared_again(field_name, field_value, field_path, taken, builtin):
                    continue
                if not self._new_name(field_name, field_path, taken, "field"):
                    continue
                found = self.field(field_value, field_path)
                if found is not None:
                    fields[field_name] = found
            if existing is not None:
                if name not in schema.BUILTIN.sections:  # declared by another folder: its words stand
                    for key in ("label", "noun", "flag", "date"):
                        r.raw(key)
                r.finish()  # a section ipcalc has may only gain fields
                sections[name] = existing._replace(fields=fields)
                continue
            label = r.take("label", bilingual, required=True)
            noun = r.take("noun", bilingual)
            flag = r.take("flag", _flag_name, default=name.replace("_", "-"))
            date_field = r.take("date", identifier)
            r.finish()
            if date_field is not None and (date_field not in fields or fields[date_field].type != schema.DATE):
                r.error("date", msg("declared_date_field", field=date_field))
                continue
            if not fields:
                r.error("fields", msg("declared_section_empty"))
                continue
            if label is None:
                continue
            sections[name] = schema.Section(fields, flag, date_field or "", label, noun or label)
        if not scalars and not sections:
            return None
        return schema.Schema(scalars, sections)

    def more_values(self, existing: schema.Field | None, value: Any, path: str) -> schema.Field | None:
        """A choice field ipcalc has, given more values: `[sections.trademarks.fields.type]`
        with only `values = { national = { en = "...", zh = "..." } }`. None: not that."""
        if existing is None or existing.type != schema.CHOICE or not isinstance(value, dict) or set(value) != {"values"}:
            return None
        r = self.reader(value, path)
        raw = r.raw("values")
        r.finish()
        labels: dict[str, Text] = {}
        if not isinstance(raw, dict) or not raw:
            r.error("values", msg("declared_more_values", got=describe(raw)))
            return existing
        for name, label in raw.items():
            where = f"values.{name}"
            try:
                identifier(name)
                labels[name] = bilingual(label)
            except Invalid as exc:
                r.error(where, exc.message)
                continue
            if name in existing.choices:
                r.error(where, msg("declared_value_taken", name=name))
                labels.pop(name)
        return existing._replace(choices=existing.choices + tuple(labels), choice_labels={**existing.choice_labels, **labels})

    def _declared_again(self, name: str, value: Any, path: str, taken: Mapping[str, schema.Field], builtin: Mapping[str, Any]) -> bool:
        """A field another policy folder declared already: the same declaration is fine (two
        folders may both need `small_micro`), a different one is a mistake. False: not
        declared before (or ipcalc's own field, which `_new_name` refuses)."""
        existing = taken.get(name)
        if existing is None or name in builtin:
            return False
        found = self.field(value, path)
        if found is not None and found != existing:
            self.problems.add(path, msg("declared_differently", name=name), line_of(self.text, path))
        return True

    def _new_name(self, name: str, path: str, taken: Mapping[str, Any], what: str) -> bool:
        try:
            identifier(name)
        except Invalid as exc:
            self.problems.add(path, exc.message, line_of(self.text, path))
            return False
        if name in taken or name in schema.RESERVED:
            self.problems.add(path, msg("declared_name_taken", name=name, what=what), line_of(self.text, path))
            return False
        return True

    def field(self, value: Any, path: str) -> schema.Field | None:
        r = self.reader(value, path)
        if not r.ok:
            return None
        kind = r.take("type", choice(tuple(schema.DECLARABLE), "field type"), required=True)
        help_text = r.take("help", bilingual, required=True)
        required = r.take("required", check_bool, default=False)
        minimum = r.take("minimum", check_count, default=0)
        maximum = r.take("maximum", check_count)
        raw_values = r.raw("values")
        raw_default = r.raw("default")
        r.finish()
        if kind is None or help_text is None:
            return None
        type_ = schema.DECLARABLE[kind]
        choices: tuple[str, ...] = ()
        labels: dict[str, Text] = {}
        if type_ == schema.CHOICE:
            if isinstance(raw_values, list) and raw_values and all(isinstance(v, str) for v in raw_values):
                choices = tuple(raw_values)
                labels = {v: Text(v, v) for v in choices}
            elif isinstance(raw_values, dict) and raw_values:
                for name, label in raw_values.items():
                    try:
                        labels[name] = bilingual(label)
                    except Invalid as exc:
                        r.error(f"values.{name}", exc.message)
                choices = tuple(raw_values)
            else:
                r.error("values", msg("declared_choice_values", got=describe(raw_values)))
                return None
        elif raw_values is not None:
            r.error("values", msg("declared_values_not_choice"))
        found = schema.Field(type_, None, bool(required), choices, minimum or 0, maximum, help_text, labels, None)
        if raw_default is not None:
            from .profile import check_value

            try:
                found = found._replace(default=check_value(found, raw_default, choices))
            except Invalid as exc:
                r.error("default", exc.message)
                return None
        elif type_ == schema.BOOL and not required:
            found = found._replace(default=False)
        elif type_ in (schema.COUNT, schema.MONEY) and not required:
            found = found._replace(default=Decimal(0) if type_ == schema.MONEY else 0)
        return found


def _flag_name(value: Any) -> str:
    text = non_empty_text(value)
    if not all(c.isascii() and (c.isalnum() or c == "-") for c in text) or not text[0].isalpha() or text != text.lower():
        raise Invalid(msg("bad_flag", text=text))
    return text


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
