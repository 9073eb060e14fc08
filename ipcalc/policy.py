"""Policy definitions: the model. `policy_files` reads and checks the TOML files.

A policy file is data. Each rule is one of a small vocabulary of kinds (`RULE_KINDS`); the
engine knows how to evaluate each kind, and nothing in a file is ever executed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from .checks import describe
from .record import Record

SCHEMA_VERSION = 1

#: the shared default for empty mappings in the model; never mutated
EMPTY: Mapping[str, Any] = {}

RULE_KINDS = ("title", "fixed", "per_unit", "share", "matching", "interest", "qualitative")
REFERENCES = ("benchmark", "lpr_1y")
CONDITION_OPS = ("eq", "in", "min", "gt")
CAP_PERIODS = ("applicant", "year")


# ------------------------------------------------------------------ model


class Text(Record):
    """Text in English and Chinese."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Condition(Record):
    """`field` compared with `value` by `op`; `because` explains a failed requirement."""

    field: str
    op: str
    value: Any
    because: Text | None = None

    def test(self, actual: Any) -> bool:
        if self.op == "eq":
            return actual == self.value
        if self.op == "in":
            return actual in self.value
        if actual is None:
            return False
        if self.op == "min":
            return actual >= self.value
        return actual > self.value  # gt

    def explain(self, actual: Any, lang: str) -> str:
        shown = describe(actual) if actual is not None else "not given"
        if self.because is not None:
            more = ""
            if self.op == "min" and isinstance(actual, (int, Decimal)):
                more = str(self.value - actual)
            text = self.because(lang)
            # Plain placeholder replacement: a policy file's text is never formatted as code.
            return text.replace("{value}", shown).replace("{more}", more).replace("{min}", str(self.value))
        wanted = {
            "eq": f"= {describe(self.value)}",
            "in": f"one of {', '.join(map(str, self.value))}",
            "min": f">= {self.value}",
            "gt": f"> {self.value}",
        }[self.op]
        if lang == "zh":
            return f"需 {self.field} {wanted},现为 {shown}"
        return f"needs {self.field} {wanted}; has {shown}"


class Alternative(Record):
    """One way a qualitative rule becomes relevant: a fact (with conditions) or a scalar test."""

    facts: str | None = None
    where: tuple[Condition, ...] = ()
    condition: Condition | None = None


class Clause(Record):
    clause: str
    text: str
    note: Text | None = None


class Rule(Record):
    id: str
    kind: str
    clause: str
    label: Text
    text: tuple[str, ...]
    note: Text | None = None
    applicants: frozenset[str] | None = None
    group: str | None = None
    facts: str | None = None
    select: tuple[Condition, ...] = ()
    require: tuple[Condition, ...] = ()
    amount: Decimal | None = None
    #: title rules: title -> {level or None: amount}; per_unit on facts: key value -> amount
    amounts: Mapping[str, Any] = EMPTY
    not_covered: Mapping[str, Text] = EMPTY
    key: str | None = None
    units: str | None = None
    flag: str | None = None
    base: str | None = None
    share: Decimal | None = None
    share_field: str | None = None
    bound: str | None = None
    per: str = "fact"
    cap: Decimal | None = None
    cap_by: str | None = None
    cap_table: Mapping[str, Decimal] = EMPTY
    reference: str | None = None
    max_months: int | None = None
    bounded_by_actual: bool = False
    when: tuple[Alternative, ...] = ()

    @property
    def monetary(self) -> bool:
        return self.kind != "qualitative"


class AggregateCap(Record):
    id: str
    rules: tuple[str, ...]
    per: str
    limit: Decimal
    clause: str
    label: Text


class Policy(Record):
    id: str
    title: Text
    jurisdiction: Text
    regions: tuple[str, ...]
    rules: tuple[Rule, ...]
    document: str | None = None
    issuer: Text | None = None
    published: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    validity_text: str | None = None
    draft: bool = False
    source: str | None = None
    blacklist: Clause | None = None
    exclusive: Clause | None = None
    groups: Mapping[str, Text] = EMPTY
    caps: tuple[AggregateCap, ...] = ()
    path: str = ""
    origin: str = "bundled"

    def status_at(self, as_of: date) -> str:
        if self.draft:
            return "draft"
        if self.valid_from is not None and as_of < self.valid_from:
            return "not_yet_in_force"
        if self.valid_until is not None and as_of > self.valid_until:
            return "expired"
        return "in_force"

    def covers(self, day: date) -> bool:
        """Whether a fact dated `day` falls within the policy's dates (inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return True

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


class TitleDef(Record):
    levels: tuple[str, ...]
    label: Text


class Vocabulary(Record):
    titles: dict[str, TitleDef]
    levels: dict[str, Text]
    awards: dict[str, Text]

    def merged(self, other: "Vocabulary") -> "Vocabulary":
        return Vocabulary(
            {**self.titles, **other.titles}, {**self.levels, **other.levels}, {**self.awards, **other.awards}
        )

    def title_label(self, title: str, level: str | None, lang: str) -> str:
        tdef = self.titles.get(title)
        name = tdef.label(lang) if tdef else title
        if not level:
            return name
        lvl = self.levels.get(level)
        lvl_text = lvl(lang) if lvl else level
        return f"{lvl_text}{name}" if lang == "zh" else f"{name} ({lvl_text})"

    def award_label(self, award: str, lang: str) -> str:
        label = self.awards.get(award)
        return label(lang) if label else award
