"""The words a profile may use: titles (with their levels), levels, awards, and the profile's
fields (the built-in schema, or one extended by a policy folder's declarations)."""

from __future__ import annotations

from .i18n import Msg, Text, msg
from .record import Record
from .schema import BUILTIN, Schema


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
        return Vocabulary({**self.titles, **other.titles}, {**self.levels, **other.levels}, {**self.awards, **other.awards}, facts)

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
