"""Reading one policy file into a `model.Policy`: its header, exclusive groups, rules, caps
over several rules, and contested clauses (`questions`). Each rule's own keys are read by
its kind (`ipcalc.rules`) through a `RuleReader`; every problem of the file is collected,
with its line and field path, and raised together."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .. import schema
from ..checks import Invalid, check_bool, check_count, check_date, describe, did_you_mean
from ..errors import ProblemList
from ..guidance import NONE as NO_GUIDANCE
from ..guidance import PARTS, Guidance, Said
from ..i18n import Text, msg
from ..model import CAP_PERIODS, GROUP_PERIODS, SCHEMA_VERSION, AggregateCap, Clause, Policy, make_plan, make_supports
from ..rules import kinds
from ..rules.base import Rule
from ..rules.reader import FieldChecks, RuleReader
from ..toml_reader import Reader, bilingual, choice, fraction, identifier, long_text, positive_amount, strings
from ..toml_reader import text as non_empty_text
from ..toml_text import line_of
from ..vocabulary import Vocabulary
from .questions import read_questions


def _source_name(value: Any) -> str:
    """`source`: a path inside the policy's folder (`sources/x.txt`), never absolute or with
    `..`: a policy folder must not be able to read other files."""
    name = non_empty_text(value)
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise Invalid(msg("source_outside", source=name))
    return name


def _day(value: Any) -> date:
    return check_date(value, from_text=False)


#: the keys of [policy], each with its check (None: read by `clause`)
HEADER: dict[str, Any] = {
    "id": identifier,
    "name": bilingual,
    "title": bilingual,
    "document": non_empty_text,
    "issuer": bilingual,
    "jurisdiction": bilingual,
    "regions": None,
    "published": _day,
    "valid_from": _day,
    "valid_until": _day,
    "validity_text": non_empty_text,
    "draft": check_bool,
    "source": _source_name,
}
REQUIRED = ("id", "title", "jurisdiction", "regions")
CLAUSES = ("blacklist", "exclusive", "notice")


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
        self.checks = FieldChecks(vocab, self.problems, text)
        #: groups named by any rule, even one dropped for another mistake
        self.referenced_groups: set[str] = set()

    def reader(self, data: Any, path: str) -> Reader:
        return Reader(data, path, self.problems, self.text)

    def read(self) -> Policy:
        top = self.reader(self.data, "")
        version = top.take("schema", lambda v: v, required=True)
        if version is not None and version != SCHEMA_VERSION:
            top.error("schema", msg("unsupported_schema", version_shown=describe(version), SCHEMA_VERSION=SCHEMA_VERSION))
        head = self.header(self.reader(top.raw("policy"), "policy"))
        guidance = self.guidance(top.raw("apply"), "apply") if "apply" in top.data else None
        top.known.append("apply")
        groups, fact_groups, year_groups = self.groups(top)
        rule_data = top.raw("rules")
        rules = self.rules(top, rule_data, groups)
        cap_data = top.raw("caps")
        caps = self.caps(top, cap_data, rules)
        rule_list = rule_data if isinstance(rule_data, list) else []
        cap_list = cap_data if isinstance(cap_data, list) else []
        questions = read_questions(self, top.raw("questions"), rule_list, cap_list, rules, groups)
        top.finish()
        for name in groups:
            if name not in self.referenced_groups:
                path = f"groups.{name}"
                self.problems.add(path, msg("group_unused"), line_of(self.text, path))
        if any(r.group for r in rules) and head["exclusive"] is None:
            self.problems.add("policy.exclusive", msg("exclusive_clause_needed"))
        self.problems.raise_if_any()
        policy = Policy(
            rules=tuple(rules),
            plan=make_plan(tuple(rules)),
            supports=make_supports(tuple(rules)),
            groups=groups,
            fact_groups=frozenset(fact_groups),
            year_groups=year_groups,
            caps=tuple(caps),
            questions=questions,
            path=self.source,
            origin=self.origin,
            apply=guidance or NO_GUIDANCE,
            **head,
        )
        if questions:
            from ..questions import scopes

            policy = policy._replace(question_scope=scopes(policy))
        return policy

    def header(self, head: Reader) -> dict[str, Any]:
        """`[policy]`: the policy's id, title, jurisdiction, regions, dates, source and the
        clauses that apply to the whole of it."""
        found: dict[str, Any] = {}
        for key, check in HEADER.items():
            found[key] = head.take(key, check or self._regions, required=key in REQUIRED, default=() if key == "regions" else None)
        found["draft"] = bool(found["draft"])
        for key in CLAUSES:
            found[key] = self.clause(head.raw(key), f"policy.{key}") if key in head.data else None
        head.known += CLAUSES
        head.finish()
        if found["valid_from"] and found["valid_until"] and found["valid_until"] < found["valid_from"]:
            head.error("valid_until", msg("until_before_from", valid_until=found["valid_until"], valid_from=found["valid_from"]))
        return found

    def groups(self, top: Reader) -> tuple[dict[str, Text], set[str], dict[str, str]]:
        """`[groups.NAME]`: exclusive groups (就高不重复), and those counted per fact or per
        calendar year (`per = "year"`, of the date field `of` of each item's fact, or of the
        item's own date)."""
        groups: dict[str, Text] = {}
        fact_groups: set[str] = set()
        year_groups: dict[str, str] = {}
        group_data = top.raw("groups")
        if group_data is None:
            return groups, fact_groups, year_groups
        if not isinstance(group_data, dict):
            top.error("groups", msg("expected_groups", group_data_shown=describe(group_data)))
            return groups, fact_groups, year_groups
        for name, value in group_data.items():
            g = self.reader(value, f"groups.{name}")
            try:
                identifier(name)
            except Invalid as exc:
                g.error("", exc.message)
            label = g.take("label", bilingual, required=True)
            per = g.take("per", choice(GROUP_PERIODS, "group scope"), default="applicant")
            of = g.take("of", identifier)
            if per == "fact":
                fact_groups.add(name)
            elif per == "year":
                year_groups[name] = of or ""
            if of is not None and per != "year":
                g.error("of", msg("group_of_needs_year"))
            g.finish()
            groups[name] = label or Text(name, name)
        return groups, fact_groups, year_groups

    def rules(self, top: Reader, rule_data: Any, groups: Mapping[str, Text]) -> list[Rule]:
        """`[[rules]]`: at least one, ids unique."""
        rules: list[Rule] = []
        if not isinstance(rule_data, list) or not rule_data:
            top.error("rules", msg("rules_needed"))
            return rules
        seen: dict[str, int] = {}
        for index, value in enumerate(rule_data):
            rule = self.rule(value, f"rules[{index}]", groups)
            if rule is None:
                continue
            if rule.id in seen:
                path = f"rules[{index}].id"
                self.problems.add(path, msg("duplicate_rule_id", id=rule.id, item=seen[rule.id]), line_of(self.text, path))
            seen.setdefault(rule.id, index)
            rules.append(rule)
        return rules

    def caps(self, top: Reader, cap_data: Any, rules: list[Rule]) -> list[AggregateCap]:
        """`[[caps]]`: caps over several rules' items, ids unique."""
        caps: list[AggregateCap] = []
        if cap_data is None:
            return caps
        if not isinstance(cap_data, list):
            top.error("caps", msg("expected_caps", cap_data_shown=describe(cap_data)))
            return caps
        by_id = {r.id: r for r in rules}
        cap_seen: dict[str, int] = {}
        for index, value in enumerate(cap_data):
            cap = self.cap(value, f"caps[{index}]", by_id)
            if cap is None:
                continue
            if cap.id in cap_seen:  # both would apply, and a reading could change only one
                path = f"caps[{index}].id"
                self.problems.add(path, msg("duplicate_cap_id", id=cap.id, item=cap_seen[cap.id]), line_of(self.text, path))
            cap_seen.setdefault(cap.id, index)
            caps.append(cap)
        return caps

    def guidance(self, value: Any, path: str) -> Guidance | None:
        """`[apply]` (or a rule's `apply`): how to apply, each part `{ text = { en, zh },
        clause = "21", quote = "..." }`; the quote verbatim from the source text."""
        r = self.reader(value, path)
        if not r.ok:
            return None
        found: dict[str, Any] = {}
        for part in PARTS:
            found[part] = r.take(part, functools.partial(self.said, path=f"{path}.{part}"))
        if path == "apply":  # the policy's own: how long an application takes
            found["lead_days"] = r.take("lead_days", lambda value: check_count(value, maximum=3650))
        r.finish()
        return Guidance(**found)

    def said(self, value: Any, path: str) -> Said | None:
        r = self.reader(value, path)
        if not r.ok:
            raise Invalid(msg("expected_said", got=describe(value)))
        text = r.take("text", bilingual, required=True)
        clause = r.take("clause", non_empty_text, default="")
        quote = r.take("quote", long_text, default="")
        r.finish()
        if quote and not clause:
            r.error("clause", msg("said_quote_needs_clause"))
        return Said(text, clause, quote) if text is not None else None

    def _regions(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected_regions", got=describe(value)))
        return tuple(identifier(v) for v in value)

    def clause(self, value: Any, path: str, *, quoted: bool = True) -> Clause | None:
        """`{ clause, text, note }`: a clause of the policy with its text, quoted (a reading's
        clause may cite another document, without a quote)."""
        r = self.reader(value, path)
        clause = r.take("clause", non_empty_text, required=True)
        quote = r.take("text", long_text, required=quoted)
        note = r.take("note", bilingual, required=True)
        r.finish()
        return Clause(clause or "", quote or "", note)

    def rule(self, value: Any, path: str, groups: Mapping[str, Text]) -> Rule | None:
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
        payee = r.take("payee", bilingual)
        guidance = self.guidance(r.raw("apply"), f"{path}.apply") if "apply" in r.data else None
        r.known.append("apply")
        if group is not None:
            self.referenced_groups.add(group)
        if group is not None and group not in groups:
            r.error("group", msg("group_undeclared", group=group, hint=did_you_mean(group, groups)))
        if kind is None:  # with an unknown kind, the other keys cannot be judged
            return None
        cls = known[kind]
        rd = RuleReader(self.checks, r)
        fields = cls.read(rd)
        r.finish()
        if rd.kinds_named is not None:  # amounts by applicant kind: those kinds only
            applicants = rd.kinds_named if applicants is None else applicants & rd.kinds_named
        if not (rid and clause and label and quotes):
            return None
        return cls(
            id=rid, clause=clause, label=label, text=quotes, note=note, applicants=applicants, group=group, apply=guidance, payee=payee, **fields
        )

    def _applicants(self, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not value:
            raise Invalid(msg("expected_applicant_kinds", got=describe(value)))
        return frozenset(choice(self.facts.scalars["kind"].choices, "applicant kind")(v) for v in value)

    def cap(self, value: Any, path: str, rules: Mapping[str, Rule]) -> AggregateCap | None:
        """A cap on the sum of some rules' items: per applicant (for good), per calendar year,
        or per application year (a year that starts on `year_start`, "07-01"); `by` a field
        of the rules' facts (entries sharing its value share the cap) or "entry" (each fact)."""
        c = self.reader(value, path)
        if not c.ok:
            return None
        cid = c.take("id", identifier, required=True)
        names = c.take("rules", strings, required=True, default=())
        per = c.take("per", choice(CAP_PERIODS, "cap period"), required=True)
        relative: dict[str, Any] = {}
        if isinstance(c.data.get("limit"), dict):  # a share of a figure of the client's scale
            relative = self.scale_limit(c.raw("limit"), f"{path}.limit")
            limit = Decimal(0) if relative else None
        else:
            limit = c.take("limit", positive_amount, required=True)
        clause = c.take("clause", non_empty_text, required=True)
        label = c.take("label", bilingual, required=True)
        year_start = c.take("year_start", _month_day)
        by = c.take("by", identifier)
        year_of = c.take("year_of", identifier)
        alone = bool(c.take("alone_without", check_bool, default=False))
        c.finish()
        if year_of is not None and per == "applicant":
            c.error("year_of", msg("year_of_needs_year"))
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
        if year_of is not None:
            for section in sections:
                found = self.facts.field_of(section, year_of) if section is not None else None
                if found is None or found.type != schema.DATE:
                    c.error("year_of", msg("cap_year_of_field", field=year_of, section=section or "profile"))
        if not (cid and names and per and (limit or relative) and clause and label):
            return None
        return AggregateCap(cid, tuple(names), per, limit or Decimal(0), clause, label, year_start, by, year_of, alone, **relative)

    def scale_limit(self, value: Any, path: str) -> dict[str, Any]:
        """`limit = { share = 0.006, of = "revenue", year = "previous" }`: a share of a figure
        of the client's scale, of the year before the cap's period (or of its own year)."""
        r = self.reader(value, path)
        share = r.take("share", fraction, required=True)
        of = r.take("of", choice(schema.SCALE_FIELDS, "figure of the client's scale"), required=True)
        year = r.take("year", choice(("previous", "current"), "year of the figure"), default="previous")
        r.finish()
        return {"share": share, "of": of, "figure_year": year} if share is not None and of is not None else {}


def _month_day(value: Any) -> tuple[int, int]:
    """ "MM-DD": the day a year starts (an application year from "07-01")."""
    text = non_empty_text(value)
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)
    except ValueError:
        raise Invalid(msg("expected_month_day", got=describe(value))) from None
    return month, day


def read_policy(data: dict, *, source: str, text: str, vocab: Vocabulary, origin: str = "bundled") -> Policy:
    return PolicyReader(data, source=source, text=text, vocab=vocab, origin=origin).read()
