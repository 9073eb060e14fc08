"""Policy definitions: the model. `policy_files` reads and checks the TOML files; the rules
themselves are records of `ipcalc.rules` (one module per kind).

A policy file is data. Nothing in a file is ever executed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping

from .i18n import Msg, Text, msg
from .record import Record
from .schema import BUILTIN, Schema

if TYPE_CHECKING:
    from .engine import Item
    from .rules.base import Rule

SCHEMA_VERSION = 1

#: the shared default for empty mappings in the model; never mutated
EMPTY: Mapping[str, Any] = {}

CAP_PERIODS = ("applicant", "year", "application_year")
GROUP_PERIODS = ("applicant", "fact")

__all__ = ["AggregateCap", "Clause", "Policy", "Text", "TitleDef", "Vocabulary"]


class Clause(Record):
    clause: str
    text: str
    note: Text | None = None


class AggregateCap(Record):
    """A cap on the sum of some rules' items (stage 6): per applicant, per calendar year or
    per application year (starting on `year_start`, (month, day)), for all facts together
    or `by` a field of the facts (or "entry": each fact on its own)."""

    id: str
    rules: tuple[str, ...]
    per: str
    limit: Decimal
    clause: str
    label: Text
    year_start: tuple[int, int] | None = None
    by: str | None = None

    def period(self, day: date) -> int | None:
        """The year an item counts in: the calendar year, or the year an application year
        starts in; None for a cap per applicant."""
        if self.per == "year":
            return day.year
        if self.per == "application_year" and self.year_start is not None:
            return day.year if (day.month, day.day) >= self.year_start else day.year - 1
        return None


class Policy(Record):
    id: str
    title: Text
    jurisdiction: Text
    regions: tuple[str, ...]
    rules: tuple[Rule, ...]
    #: each rule with what it needs from a profile (fact section, profile field), worked out
    #: once when the policy is read, so that an estimate skips at once the rules a profile
    #: gives nothing to
    plan: tuple[tuple[Rule, str | None, str | None], ...] = ()
    #: the item of each support measure (qualitative rule), made once when the policy is
    #: read: it is the same for every profile that is shown it (its date is the estimate's)
    supports: Mapping[str, Item] = EMPTY
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
    #: groups whose items compete only with the group's other items for the same fact (two
    #: rates for one loan), not with every item of the group (titles of one ladder)
    fact_groups: frozenset[str] = frozenset()
    caps: tuple[AggregateCap, ...] = ()
    path: str = ""
    origin: str = "bundled"
    #: contested readings (see `questions`); the rules as written are each one's default
    questions: tuple[Any, ...] = ()
    #: a clause every estimate under this policy should know (how and when it pays)
    notice: Clause | None = None
    #: question id -> the rules its readings may change, with those sharing a group or cap
    question_scope: Mapping[str, frozenset[str]] = EMPTY

    def __getstate__(self) -> dict[str, Any]:
        """Fields only: not the variants `questions.variant` keeps with a policy."""
        return {name: self.__dict__[name] for name in self._fields}

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


def make_plan(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, str | None, str | None], ...]:
    return tuple((rule, *rule.needs()) for rule in rules)


def make_supports(rules: tuple[Rule, ...]) -> dict[str, Item]:
    from .engine import Item

    return {r.id: Item(r, (), None, None, "qualitative", (), None, None, None, 0) for r in rules if not r.monetary}


class TitleDef(Record):
    levels: tuple[str, ...]
    label: Text


class Vocabulary(Record):
    """The words a profile may use: titles, levels, awards, and its fields (`schema`: the
    built-in one, or with the fields and sections a policy folder declares)."""

    titles: dict[str, TitleDef]
    levels: dict[str, Text]
    awards: dict[str, Text]
    #: the fields and sections known besides the built-in ones: for a vocabulary file, those
    #: it declares; for a library's vocabulary, the whole schema (None: the built-in one)
    facts: Schema | None = None

    @property
    def schema(self) -> Schema:
        return self.facts if self.facts is not None else BUILTIN

    def merged(self, other: Vocabulary) -> Vocabulary:
        facts = self.facts
        if other.facts is not None:  # what `other` declares, added to what this one knows
            facts = self.schema.extended(other.facts.scalars, other.facts.sections)
        return Vocabulary(
            {**self.titles, **other.titles}, {**self.levels, **other.levels}, {**self.awards, **other.awards}, facts
        )

    def title_name(self, title: str) -> Text:
        tdef = self.titles.get(title)
        return tdef.label if tdef else Text(title, title)

    def level_name(self, level: str) -> Text:
        return self.levels.get(level) or Text(level, level)

    def award_name(self, award: str) -> Text:
        return self.awards.get(award) or Text(award, award)

    def title_subject(self, title: str, level: str | None) -> Msg | Text:
        """A title at a level, in words: "IP demonstration enterprise (national)"."""
        if not level:
            return self.title_name(title)
        return msg("title_at_level", title=self.title_name(title), level=self.level_name(level))
