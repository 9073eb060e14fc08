"""`title`: a fixed amount by title and level (`amounts.TITLE = { national = ..., ... }`),
with optional `require` conditions (on the title's fields or the profile's).

One item per `[[titles]]` entry whose title the rule names. A title at a level the rule
does not pay is listed as `ineligible`, saying which levels it pays.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..i18n import msg
from ..result import Factor
from .base import EMPTY, Param, Rule, fact_path, shown_param

if TYPE_CHECKING:
    from ..i18n import Msg
    from ..result import Item
    from ..vocabulary import Vocabulary
    from .base import Context, StepMaker
    from .reader import RuleReader


class TitleRule(Rule):
    KIND = "title"
    PAYS = "a fixed amount by title and level (`amounts.TITLE = { national = ..., ... }`)"

    #: title -> {level (None: the title has no level) -> amount, or amounts by date}
    amounts: Mapping[str, Mapping[str | None, Param]] = EMPTY

    @classmethod
    def read(cls, rd: RuleReader) -> dict[str, Any]:
        return {"amounts": rd.title_amounts("amounts"), "require": rd.conditions("require", "titles", because=True)}

    def needs(self) -> tuple[str | None, str | None]:
        return "titles", None

    def items(self, ctx: Context) -> Iterator[Item]:
        vocab = ctx.vocab
        for index, fact in enumerate(ctx.facts["titles"]):
            title = fact["title"]
            amounts = self.amounts.get(title)
            if amounts is None:
                continue
            level = fact["level"]
            subject = vocab.title_subject(title, level)
            named = Factor("title", title, level, subject)
            day = ctx.day_of("titles", fact)
            param = amounts.get(None, amounts.get(level))
            if param is None:
                levels = [vocab.level_name(lv) for lv in amounts if lv is not None]
                failure = msg("level_not_paid", title=vocab.title_name(title), levels=levels)
                yield ctx.item(self, facts=fact_path("titles", index), day=day, base=None, factors=(named,), failures=[failure], subject=subject)
                continue
            amount, failures = ctx.param(param, day)
            if amount is None:
                yield ctx.item(self, facts=fact_path("titles", index), day=day, base=None, factors=(named,), failures=failures, subject=subject)
                continue
            yield ctx.item(
                self,
                facts=fact_path("titles", index),
                day=day,
                base=amount,
                factors=(named, Factor("amount", amount)),
                subject=subject,
                failures=ctx.requirements(self, fact),
            )

    def steps(self, maker: StepMaker) -> list[dict[str, Any] | None]:
        """Each title and level the rule pays that the profile does not hold yet."""
        return [
            maker.new_entry(self, "titles", {"title": title, **({"level": level} if level else {})})
            for title, levels in self.amounts.items()
            for level in levels
            if not maker.holds_title(title, level)
        ]

    def terms(self, vocab: Vocabulary) -> list[Msg]:
        lines = []
        for title, levels in self.amounts.items():
            parts = [
                msg("show_level_amount", level=vocab.level_name(lv), amount=shown_param(a)) if lv else shown_param(a) for lv, a in levels.items()
            ]
            lines.append(msg("show_title_amounts", title=vocab.title_name(title), amounts=parts))
        return lines
