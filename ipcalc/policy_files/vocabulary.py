"""Reading a vocabulary file: titles, levels and awards, and the profile fields and list
sections a policy folder declares for the facts its policies pay for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import schema
from ..checks import Invalid, check_bool, check_count, describe
from ..errors import ProblemList
from ..i18n import Text, msg
from ..toml_reader import Reader, bilingual, choice, identifier, strings
from ..toml_reader import text as non_empty_text
from ..toml_text import line_of
from ..vocabulary import TitleDef, Vocabulary


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

    for name, t in top.tables("titles"):
        lv = t.take("levels", levels, required=True, default=())
        en = t.take("en", non_empty_text, required=True)
        zh = t.take("zh", non_empty_text, required=True)
        t.finish()
        vocab.titles[name] = TitleDef(tuple(lv or ()), Text(en or name, zh or name))
    for name, value in top.named_tables("levels"):
        try:
            vocab.levels[name] = bilingual(value)
        except Invalid as exc:
            problems.add(f"levels.{name}", exc.message, line_of(text, f"levels.{name}"))
    for name, a in top.tables("awards"):
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
        self.taken_flags: frozenset[str] | None = None  # the commands' flags, when first asked

    def reader(self, value: Any, path: str) -> Reader:
        return Reader(value, path, self.problems, self.text)

    def read(self) -> schema.Schema | None:
        scalars: dict[str, schema.Field] = {}
        sections: dict[str, schema.Section] = {}
        for name, value in self.top.named_tables("fields"):
            if name in self.known.sections:  # one name, one fact: a field and a section would share a flag and a parameter
                self.problems.add(f"fields.{name}", msg("declared_name_taken", name=name, what="section"), line_of(self.text, f"fields.{name}"))
                continue
            found = self.declared_field(name, value, f"fields.{name}", self.known.scalars, schema.BUILTIN.scalars)
            flag = name.replace("_", "-")
            if found is not None and (name in self.known.scalars or self._flags_free(f"fields.{name}", flag, f"no-{flag}")):
                scalars[name] = found
        for name, value in self.top.named_tables("sections"):
            if name in scalars or name in self.known.scalars:
                self.problems.add(f"sections.{name}", msg("declared_name_taken", name=name, what="field"), line_of(self.text, f"sections.{name}"))
                continue
            section = self.section(name, value, f"sections.{name}")
            if section is not None:
                sections[name] = section
        if not scalars and not sections:
            return None
        return schema.Schema(scalars, sections)

    def declared_field(
        self, name: str, value: Any, path: str, taken: Mapping[str, schema.Field], builtin: Mapping[str, Any], *, shared: bool = True
    ) -> schema.Field | None:
        """One declared field (of the profile, or of a section): more values for a choice
        ipcalc has, or a new field; None for a field declared alike before, or a mistake.
        `shared`: the field goes where every region's profiles are (the profile itself, or a
        section ipcalc or another folder has), so it cannot be required: profiles of other
        regions would all fail while the folder is loaded."""
        more = self.more_values(taken.get(name), value, path)
        if more is not None:
            return more
        if self._declared_again(name, value, path, taken, builtin):
            return None
        if not self._new_name(name, path, taken, "field"):
            return None
        found = self.field(value, path)
        if found is not None and found.required and shared:
            # Where every region's profiles are (the profile, a section ipcalc or another folder
            # has), a profile without it is not refused (profiles of other regions would all
            # fail): an entry without it is not paid by the rules that read it, and says so.
            return found._replace(required=False)
        return found

    def section(self, name: str, value: Any, path: str) -> schema.Section | None:
        """`[sections.NAME]`: a list section of its own, or fields added to one that exists."""
        r = self.reader(value, path)
        if not r.ok:
            return None
        existing = self.known.sections.get(name)
        if existing is None and not self._new_name(name, path, self.known.sections, "section"):
            r.raw("fields")
            return None
        taken = existing.fields if existing is not None else {}
        builtin = schema.BUILTIN.sections[name].fields if name in schema.BUILTIN.sections else {}
        fields: dict[str, schema.Field] = {}
        for field_name, field_value in r.named_tables("fields"):
            found = self.declared_field(field_name, field_value, f"{path}.fields.{field_name}", taken, builtin, shared=existing is not None)
            if found is not None:
                fields[field_name] = found
        if existing is not None:
            if name not in schema.BUILTIN.sections:  # declared by another folder: its words stand
                for key in ("label", "noun", "flag", "date"):
                    r.raw(key)
            r.finish()  # a section ipcalc has may only gain fields
            return existing._replace(fields=fields)
        label = r.take("label", bilingual, required=True)
        noun = r.take("noun", bilingual)
        flag = r.take("flag", _flag_name, default=name.replace("_", "-"))
        date_field = r.take("date", identifier)
        r.finish()
        if flag is not None and not self._flags_free(f"{path}.flag" if isinstance(value, dict) and "flag" in value else path, flag):
            return None
        if date_field is not None and (date_field not in fields or fields[date_field].type != schema.DATE):
            r.error("date", msg("declared_date_field", field=date_field))
            return None
        if not fields:
            r.error("fields", msg("declared_section_empty"))
            return None
        if label is None:
            return None
        fields.setdefault(schema.CLAIMED, schema.CLAIMED_FIELD)  # every entry may say it was claimed
        return schema.Section(fields, flag, date_field or "", label, noun or label)

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
        if found is None:
            return True
        # The words (help, value labels) may differ: the first folder's stand. What a value
        # may be must not, or one folder's profiles would fail under the other's.
        differ = [
            f"{key} ({_said(getattr(existing, key))} / {_said(getattr(found, key))})"
            for key in ("type", "choices", "required", "default", "minimum", "maximum", "role")
            if getattr(existing, key) != getattr(found, key)
        ]
        if differ:
            self.problems.add(path, msg("declared_differently", name=name, what=", ".join(differ)), line_of(self.text, path))
        return True

    def _flags_free(self, where: str, *flags: str) -> bool:
        """Whether none of these flags is one the commands already have (said at `where`)."""
        if self.taken_flags is None:
            self.taken_flags = schema.flags_taken(self.known)
        clash = next((f for f in flags if f in self.taken_flags), None)
        if clash is not None:
            self.problems.add(where, msg("declared_flag_taken", flag=clash), line_of(self.text, where))
            return False
        self.taken_flags |= set(flags)  # taken now: a later field of this file cannot have them (x, then no_x)
        return True

    def _new_name(self, name: str, path: str, taken: Mapping[str, Any], what: str) -> bool:
        try:
            identifier(name)
        except Invalid as exc:
            self.problems.add(path, exc.message, line_of(self.text, path))
            return False
        if name in taken or schema.reserved(name):
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
        role = r.take("role", choice(schema.ROLES, "role"))
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
        found = schema.Field(type_, None, bool(required), choices, minimum or 0, maximum, help_text, labels, None, None, role)
        if raw_default is not None:
            from ..profile import check_value

            try:
                found = found._replace(default=check_value(found, raw_default, choices))
            except Invalid as exc:
                r.error("default", exc.message)
                return None
        elif type_ == schema.BOOL and not required:
            found = found._replace(default=False)
        # A count or an amount has no default unless declared: left out, it is not known (a
        # rule paying per unit or a share of it, or bounded by it, says so; a condition on it
        # fails), never a silent 0.
        return found


def _said(value: Any) -> str:
    """A declared setting, in a message on two declarations that differ."""
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    return "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _flag_name(value: Any) -> str:
    text = non_empty_text(value)
    if not all(c.isascii() and (c.isalnum() or c == "-") for c in text) or not text[0].isalpha() or text != text.lower():
        raise Invalid(msg("bad_flag", text=text))
    return text
