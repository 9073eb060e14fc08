"""`qualitative`: a support measure without an amount, listed for the applicant kinds it
names and, with `when`, only when the facts make it relevant (any alternative holds: a
profile field's condition, or an entry of a list section matching its conditions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..checks import describe
from ..i18n import Seq, Text, msg
from ..record import Record
from ..toml_reader import choice
from .base import Condition, Rule, section_term

if TYPE_CHECKING:
    from ..i18n import Msg
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class Alternative(Record):
    """One way a qualitative rule becomes relevant: a fact (with conditions) or a scalar test."""

    facts: str | None = None
    where: tuple[Condition, ...] = ()
    condition: Condition | None = None
    #: the section in words
    term: Text = Text("", "")

    def holds(self, ctx: Context) -> bool:
        values = ctx.values
        if self.condition is not None:
            return self.condition.holds(values, values)
        assert self.facts is not None
        return any(all(c.holds(fact, values) for c in self.where) for fact in ctx.facts[self.facts])

    def described(self) -> Msg:
        if self.condition is not None:
            return self.condition.described()
        if self.where:
            return msg("show_facts_with", facts=self.term, conditions=Seq(tuple(c.described() for c in self.where), "sep_and"))
        return msg("show_facts", facts=self.term)


class QualitativeRule(Rule):
    KIND = "qualitative"
    PAYS = "a support measure without an amount, listed `when` the facts make it relevant"
    monetary = False

    when: tuple[Alternative, ...] = ()

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        return {"when": _alternatives(rd, "when")}

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """What would make this support measure relevant: its first alternative met."""
        out: list[dict[str, Any] | None] = []
        for alt in self.when:
            if alt.condition is not None:
                scalars: dict[str, Any] = {}
                out.append(scalars if maker.meet(alt.condition, scalars, None, None) else None)
            elif alt.facts is not None:
                entry = maker.new_entry(self._replace(select=alt.where, require=()), alt.facts, {})
                out.append(entry)
        return out

    def items(self, ctx: Context) -> Iterator[Item]:
        # A tuple, not a generator: a policy lists a dozen measures, for every profile.
        if self.applicants is not None and ctx.values["kind"] not in self.applicants:
            return iter(())
        if self.when and not any(alt.holds(ctx) for alt in self.when):
            return iter(())
        item = ctx.support(self)
        return iter(()) if item is None else iter((item,))

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        if not self.when:
            return []
        return [msg("show_when", alternatives=Seq(tuple(alt.described() for alt in self.when), "sep_or"))]


def _alternatives(rd: RuleReader, key: str) -> tuple[Alternative, ...]:
    """`when = [ { field = ..., eq = ... }, { facts = "loans", where = [...] } ]`."""
    r = rd.table
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
            a = rd.checks.reader(value, path)
            section = a.take("facts", choice(tuple(rd.facts.sections), "fact section"))
            where = rd.checks.conditions(a, "where", section, with_because=False) if section else ()
            a.finish()
            if section:
                found.append(Alternative(facts=section, where=where, term=section_term(rd.facts, section)))
        else:
            cond = rd.checks.condition(value, path, None, with_because=False)
            if cond is not None:
                found.append(Alternative(condition=cond))
    return tuple(found)
