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

if TYPE_CHECKING:
    from .engine import Item
    from .rules.base import Rule

SCHEMA_VERSION = 1

#: the shared default for empty mappings in the model; never mutated
EMPTY: Mapping[str, Any] = {}

CAP_PERIODS = ("applicant", "year")

__all__ = ["AggregateCap", "Clause", "Policy", "Text", "TitleDef", "Vocabulary"]


class Clause(Record):
    clause: str
    text: str
    note: Text | None = None


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


def make_plan(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, str | None, str | None], ...]:
    return tuple((rule, *rule.needs()) for rule in rules)


def make_supports(rules: tuple[Rule, ...]) -> dict[str, Item]:
    from .engine import Item

    return {r.id: Item(r, (), None, None, "qualitative", (), None, None, None, 0) for r in rules if not r.monetary}


class TitleDef(Record):
    levels: tuple[str, ...]
    label: Text


class Vocabulary(Record):
    titles: dict[str, TitleDef]
    levels: dict[str, Text]
    awards: dict[str, Text]

    def merged(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(
            {**self.titles, **other.titles}, {**self.levels, **other.levels}, {**self.awards, **other.awards}
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
