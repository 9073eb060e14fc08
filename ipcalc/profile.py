"""A client's facts: loaded from TOML, JSON or flags, and validated against `schema`.

Every problem of a profile is reported at once, each with the file, the field path
(`loans[1].pledge_share`) and what is allowed. Values from the command line arrive as text
(`FlagText`) and are parsed; values from TOML or JSON must already have the right type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from . import schema
from .checks import (
    Invalid,
    check_bool,
    check_choice,
    check_count,
    check_date,
    check_fraction,
    check_money,
    check_text,
    describe,
    did_you_mean,
    one_of,
)
from .errors import IpcalcError, Problem
from .i18n import Message, msg
from .record import Record
from .toml_text import line_of
from .vocabulary import Vocabulary


class FlagText(str):
    """A value typed on the command line: parsed from text, unlike a TOML value."""


class Profile(Record):
    #: every scalar of the schema, defaults filled in (as_of may be None: "today")
    values: dict[str, Any]
    #: every section of the schema: a list of facts, each with every field
    facts: dict[str, list[dict[str, Any]]]
    source: str = ""
    #: the fields the profile was read with (the built-in ones, and a policy folder's)
    schema: schema.Schema = schema.BUILTIN
    #: the words of the library it was read with (titles, levels and awards by name)
    vocabulary: Vocabulary | None = None

    @property
    def name(self) -> str | None:
        return self.values["name"]

    @property
    def region(self) -> str:
        return self.values["region"]

    @property
    def kind(self) -> str:
        return self.values["kind"]

    @property
    def as_of(self) -> date | None:
        return self.values["as_of"]

    def content(self) -> tuple[Any, ...] | None:
        """What the profile says, hashable (its name aside): what an evaluation depends on.
        None for a profile too big to be worth it (more than CONTENT_MOST entries) or with a
        value that cannot be hashed."""
        memo = self._memo()
        if "content" in memo:
            return memo["content"]
        found: tuple[Any, ...] | None = None
        facts = self.facts
        if sum(len(entries) for entries in facts.values()) <= CONTENT_MOST:
            values = self.values
            found = (
                tuple(value for key, value in values.items() if key != "name"),
                tuple(tuple(tuple(fact.values()) for fact in entries) for entries in facts.values()),
                id(self.schema),
            )
            try:
                hash(found)
            except TypeError:
                found = None
        memo["content"] = found
        return found

    def to_data(self) -> dict[str, Any]:
        """The profile as TOML-ready data: defaults left out, integral Decimals as ints."""
        out: dict[str, Any] = {}
        for key, fdef in self.schema.scalars.items():
            value = self.values.get(key)
            if value is not None and value != fdef.default:
                out[key] = _plain_value(value)
        for section, info in self.schema.sections.items():
            fields = info.fields
            rows = []
            for fact in self.facts[section]:
                rows.append({k: _plain_value(v) for k, v in fact.items() if v is not None and (fields[k].required or v != fields[k].default)})
            if rows:
                out[section] = rows
        return out


#: the most entries of a profile whose content is worked out to reuse its evaluation
CONTENT_MOST = 64


def save_profile(profile: Profile, path: str, as_of: date | None = None) -> None:
    """The profile as TOML, with the date the estimate used (so that it gives the same
    estimate tomorrow)."""
    import tomli_w  # only when saving

    if as_of is not None and profile.as_of is None:
        profile = profile._replace(values={**profile.values, "as_of": as_of})
    from .inputs import write_whole

    text = tomli_w.dumps(profile.to_data())
    try:
        write_whole(path, text.encode("utf-8"))  # beside it, then renamed: never through a link or into a FIFO
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot_write_profile", reason=exc.strerror or exc), source=path)) from None


def _plain_value(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) < 10**18:
        return int(value)
    return value


#: the most entries a list of a profile may hold ([[loans]], [[titles]]...): far more than
#: any client has, and small enough that a profile is always read in well under a second
MAX_ENTRIES = 10_000


def _check_region(value: object, regions: Sequence[str]) -> str:
    if isinstance(value, str) and value not in regions:
        hint = did_you_mean(value, regions)
        folder = "" if hint else msg("unknown_region_folder")
        raise Invalid(msg("unknown_region", value=value, hint=hint, allowed=one_of(regions), folder=folder, also=""))
    return check_choice(value, regions, "region")


class _Checker:
    """Validates one profile's data, collecting problems."""

    def __init__(self, vocab: Vocabulary, regions: Sequence[str], source: str, text: str, prefix: str):
        self.vocab = vocab
        self.schema = vocab.schema
        self.regions = regions
        self.source = source
        self.text = text
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, path: str, message: Message, source: str | None = None) -> None:
        full = f"{self.prefix}{path}"
        src = source or self.source
        line = line_of(self.text, full) if self.text and src == self.source else None
        self.problems.append(Problem(message, full, src, line))

    def value(self, fdef: schema.Field, value: Any, what: str) -> Any:
        return _CHECKS[fdef.type](self, fdef, value, isinstance(value, FlagText), what)

    def profile(self, data: Any, origins: Mapping[str, str]) -> Profile | None:
        if not isinstance(data, dict):
            self.add("", msg("profile_not_table", data_shown=describe(data)))
            return None
        values: dict[str, Any] = {}
        facts: dict[str, list[dict[str, Any]]] = {}
        scalars, sections = self.schema.scalars, self.schema.sections
        for key in data:
            if key not in scalars and key not in sections:
                known = [*scalars, *sections]
                hint = did_you_mean(key, known)
                if key == "profiles":
                    self.add(key, msg("profiles_need_batch"))
                else:
                    self.add(key, msg("unknown_profile_key", key=key, hint=hint or msg("see_init")))
        for key, fdef in scalars.items():
            if key not in data:
                if fdef.required:
                    self.add(key, msg("missing_region", key=key, allowed=one_of(self.regions)))
                values[key] = fdef.default
                continue
            try:
                values[key] = self.value(fdef, data[key], key)
            except Invalid as exc:
                self.add(key, exc.message, origins.get(key))
                values[key] = fdef.default
        for section, info in sections.items():
            if section not in data:
                facts[section] = []
                continue
            fields = info.fields
            raw = data[section]
            if isinstance(raw, dict):
                self.add(section, msg("expected_double_brackets", section=section))
                raw = []
            elif not isinstance(raw, list):
                self.add(section, msg("expected_section_list", section=section, raw_shown=describe(raw)))
                raw = []
            elif len(raw) > MAX_ENTRIES:
                self.add(section, msg("too_many_entries", n=len(raw), limit=MAX_ENTRIES))
                raw = []
            facts[section] = [
                f
                for f in (self.fact(section, fields, index, item, origins.get(f"{section}[{index}]")) for index, item in enumerate(raw))
                if f is not None
            ]
        if not self.problems:
            self.counted_once(values, facts, origins)
        self.unknown_region_first()
        if self.problems:
            # In the order they are written (problems without a line keep their place last).
            self.problems.sort(key=lambda p: (p.source != self.source, p.line is None, p.line or 0))
            return None
        return Profile(values, facts, self.source, self.schema, self.vocab)

    def unknown_region_first(self) -> None:
        """A region ipcalc does not know is most often a user policy folder not given: the
        keys that folder declares are then unknown too. Say the region, with the way to give
        the folder, and name those keys in the same message rather than one error each."""
        region = next((p for p in self.problems if getattr(p.message, "code", None) == "unknown_region"), None)
        if region is None:
            return
        keys = [p.path for p in self.problems if getattr(p.message, "code", None) == "unknown_profile_key"]
        if keys:
            region.message.values["also"] = msg("unknown_region_keys", keys=", ".join(keys))
            self.problems = [p for p in self.problems if getattr(p.message, "code", None) != "unknown_profile_key"]

    def counted_once(self, values: dict[str, Any], facts: dict[str, list[dict[str, Any]]], origins: Mapping[str, str]) -> None:
        """The counts of patents and trademarks abroad, and the [[patents]] and [[trademarks]]
        that list them one by one, are two ways to say the same thing: a profile gives one
        or the other, never both, so that nothing is counted twice."""
        for scalar, (section, listed) in schema.LISTED_COUNTS.items():
            if values.get(scalar) and any(all(f.get(k) == v for k, v in listed.items()) for f in facts.get(section, ())):
                self.add(scalar, msg(f"double_{section}"), origins.get(scalar))

    def fact(self, section: str, fields: Mapping[str, schema.Field], index: int, item: Any, origin: str | None) -> dict[str, Any] | None:
        path = f"{section}[{index}]"
        if not isinstance(item, dict):
            self.add(path, msg("expected_fact_table", item_shown=describe(item)), origin)
            return None
        ok = True
        for key in item:
            if key not in fields:
                self.add(f"{path}.{key}", msg("unknown_key", key=key, hint=did_you_mean(key, fields), allowed=one_of(fields)), origin)
                ok = False
        fact: dict[str, Any] = {}
        for key, fdef in fields.items():
            if key not in item:
                if fdef.required:
                    self.add(f"{path}.{key}", msg("missing_field", what=fdef.help), origin)
                    ok = False
                fact[key] = fdef.default
                continue
            try:
                fact[key] = self.value(fdef, item[key], key)
            except Invalid as exc:
                self.add(f"{path}.{key}", exc.message, origin)
                ok = False
        if ok and section == "titles":
            ok = self.title_level(path, fact, origin)
        if ok and section == "patents":
            ok = self.patent_country(path, fact, origin)
        return fact if ok else None

    def patent_country(self, path: str, fact: dict[str, Any], origin: str | None) -> bool:
        """`country` says where a patent granted abroad was granted, and only that."""
        foreign = fact["route"] == "foreign"
        if foreign and fact["country"] is None:
            self.add(f"{path}.country", msg("country_needed"), origin)
            return False
        if not foreign and fact["country"] is not None:
            self.add(f"{path}.country", msg("country_not_foreign", route=fact["route"]), origin)
            return False
        return True

    def title_level(self, path: str, fact: dict[str, Any], origin: str | None) -> bool:
        tdef = self.vocab.titles[fact["title"]]
        level = fact["level"]
        if level is None:
            if len(tdef.levels) == 1:
                fact["level"] = tdef.levels[0]
            elif tdef.levels:
                self.add(f"{path}.level", msg("missing_level", title=fact["title"], join=", ".join(tdef.levels)), origin)
                return False
            return True
        if not tdef.levels:
            self.add(f"{path}.level", msg("title_has_no_level", title=fact["title"]), origin)
            return False
        if level not in tdef.levels:
            self.add(f"{path}.level", msg("title_level_not_granted", title=fact["title"], level=level, join=", ".join(tdef.levels)), origin)
            return False
        return True


def _vocab_choice(names: str, what: str) -> Any:
    def check(c: _Checker, f: schema.Field, v: Any, text: bool, _: str) -> Any:
        options = getattr(c.vocab, names)
        return v if type(v) is str and v in options else check_choice(v, options, what)

    return check


#: one checker per field type: (checker, field, value, typed on the command line, name) -> value
_CHECKS: dict[str, Any] = {
    schema.MONEY: lambda c, f, v, text, _: check_money(v, text),
    schema.FRACTION: lambda c, f, v, text, _: check_fraction(v, text),
    schema.COUNT: lambda c, f, v, text, _: check_count(v, text, f.minimum, f.maximum),
    schema.BOOL: lambda c, f, v, text, _: v if v is True or v is False else check_bool(v, text),
    schema.DATE: lambda c, f, v, text, _: check_date(v),
    schema.TEXT: lambda c, f, v, text, _: check_text(v),
    schema.CHOICE: lambda c, f, v, text, what: v if type(v) is str and v in f.choices else check_choice(v, f.choices, what),
    schema.REGION: lambda c, f, v, text, _: _check_region(v, c.regions),
    schema.TITLE: _vocab_choice("titles", "title"),
    schema.AWARD: _vocab_choice("awards", "award"),
    schema.LEVEL: _vocab_choice("levels", "level"),
}


def check_value(fdef: schema.Field, value: Any, choices: Sequence[str] = ()) -> Any:
    """A value of one of the types a policy folder may declare, checked as a profile's is
    (for a declared field's default)."""
    if fdef.type == schema.CHOICE:
        return check_choice(value, choices or fdef.choices, "value")
    return _CHECKS[fdef.type](None, fdef, value, False, "value")


def read_profile(
    data: Any,
    *,
    vocab: Vocabulary,
    regions: Sequence[str],
    source: str = "",
    text: str = "",
    prefix: str = "",
    origins: Mapping[str, str] | None = None,
) -> Profile:
    """Validate profile data (from TOML, JSON or merged flags); raise IpcalcError with all problems."""
    checker = _Checker(vocab, regions, source, text, prefix)
    profile = checker.profile(data, origins or {})
    if profile is None:
        raise IpcalcError(checker.problems)
    return profile


# ------------------------------------------------------------------ command-line facts

# A comma that starts a new `key=` or a bare key (`,repaid` at the end or before a comma):
# not the commas inside 3,000,000.
_PAIR_SPLIT = r",(?=\s*[A-Za-z_][A-Za-z0-9_-]*\s*(?:=|,|$))"  # compiled on first use


def parse_pairs(text: str, flag: str, fields: Mapping[str, schema.Field] | None = None) -> dict[str, FlagText]:
    """`principal=3,000,000,months=12,repaid` -> {principal: '3,000,000', months: '12',
    repaid: 'true'}: a yes/no key alone means true."""
    out: dict[str, FlagText] = {}
    for part in re.split(_PAIR_SPLIT, text.strip()):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip().replace("-", "_")
        if not sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            fdef = (fields or {}).get(key)
            if fdef is not None and fdef.type != schema.BOOL:
                raise IpcalcError(Problem(msg("bare_key_needs_value", key=key), source=flag))
            sep, value = "=", "true"
        if not sep or not key:
            raise IpcalcError(Problem(msg("expected_pairs", got=describe(part.strip())), source=flag))
        if key in out:
            raise IpcalcError(Problem(msg("key_twice", key=key, text_shown=describe(text)), source=flag))
        out[key] = FlagText(value.strip())
    if not out:
        raise IpcalcError(Problem(msg("expected_pairs_empty"), source=flag))
    return out


def merge_flags(
    data: dict[str, Any], scalars: Mapping[str, Any], lists: Mapping[str, Iterable[str]], facts: schema.Schema = schema.BUILTIN
) -> tuple[dict[str, Any], dict[str, str]]:
    """File data with flags applied: scalars override, list flags append.

    Returns the merged data and, by field path, the flag each value came from (for messages).
    """
    merged = dict(data)
    origins: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in scalars.items():
        if value is not None:
            merged[key] = FlagText(value) if isinstance(value, str) else value
            origins[key] = "--" + key.replace("_", "-")
    for section, texts in lists.items():
        texts = list(texts or [])
        if not texts:
            continue
        flag = f"--{facts.sections[section].flag}"
        existing = merged.get(section, [])
        rows = list(existing) if isinstance(existing, list) else []
        for text in texts:
            try:
                pairs = parse_pairs(text, flag, facts.sections[section].fields)
            except IpcalcError as exc:
                problems.extend(exc.problems)
                continue
            origins[f"{section}[{len(rows)}]"] = flag
            rows.append(pairs)
        merged[section] = rows
    if problems:
        raise IpcalcError(problems)
    return merged, origins
