"""One profile under every policy, side by side. A pure function, like the engine.

Items are lined up by the kind of fact they come from (the profile's loans, titles, cases,
patents abroad...), since rule ids differ from one policy to another: "what would this
client's loans be worth in Ningxia rather than Xiangzhou?"
"""

from __future__ import annotations

from decimal import Decimal

from . import schema
from .i18n import Msg, Text
from .record import Record
from .result import Estimate

ZERO = Decimal("0.00")


class Line(Record):
    """What each policy pays for one kind of fact."""

    fact: str  # a profile section ("loans") or a profile field ("foreign_trademarks")
    label: Text
    amounts: dict[str, Decimal]  # policy id -> amount

    @property
    def spread(self) -> Decimal:
        return max(self.amounts.values()) - min(self.amounts.values())


class Comparison(Record):
    estimate: Estimate
    lines: list[Line]  # every kind of fact paid by some policy, most different first

    @property
    def warnings(self) -> list[Msg]:
        """The estimate's warnings, but the one about adding up several jurisdictions: a
        comparison sets them side by side by design and shows no overall total."""
        return [w for w in self.estimate.warnings if w.code != "warn_jurisdictions"]


def fact_label(kind: str, facts: schema.Schema) -> Text:
    """A profile section or field in words."""
    if kind in facts.sections:
        return facts.sections[kind].label
    fdef = facts.scalars.get(kind)
    return fdef.help if fdef is not None else Text(kind, kind)


def compare(estimate: Estimate) -> Comparison:
    """The estimate's items lined up by the kind of fact they come from."""
    ids = [r.policy.id for r in estimate.policies]
    table: dict[str, dict[str, Decimal]] = {}
    for result in estimate.policies:
        for item in result.items:
            if not item.facts or item.amount == 0:
                continue
            row = table.setdefault(item.facts[0][0], dict.fromkeys(ids, ZERO))
            row[result.policy.id] += item.amount
    lines = [Line(kind, fact_label(kind, estimate.profile.schema), amounts) for kind, amounts in table.items()]
    lines.sort(key=lambda line: (-line.spread, line.fact))
    return Comparison(estimate, lines)
