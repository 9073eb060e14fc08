"""Warnings about the client's facts themselves, not about a policy: a fact dated after the
estimate's date, an estimate dated after today. Each is raised here (their sentences are in
`catalogue.warnings`, their thresholds in `fact_checks.toml`), and a fact is named in every
sentence through `fact_ref` ("loan #2").

A new check of the facts is a function here, called from `about_facts` (the engine adds what
it returns to every estimate's warnings)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import FactRef, Msg, msg

if TYPE_CHECKING:
    from .profile import Profile
    from .schema import Schema

_THRESHOLDS: dict[str, Any] = {}


def threshold(name: str) -> int:
    """A threshold of `fact_checks.toml` (read once, when a warning first needs one)."""
    if not _THRESHOLDS:
        import tomllib

        _THRESHOLDS.update(tomllib.loads((Path(__file__).parent / "fact_checks.toml").read_text(encoding="utf-8")))
    return int(_THRESHOLDS[name])


def fact_ref(schema: Schema, section: str, index: int) -> FactRef:
    """An entry of the profile in a sentence: "loan #2" / 贷款 #2; as data, `loans[1]`."""
    return FactRef(f"{section}[{index}]", schema.sections[section].noun, index + 1)


def about_facts(profile: Profile, as_of: date) -> list[Msg]:
    """Every warning about the profile's facts, for an estimate on `as_of`."""
    return future_facts(profile, as_of)


def future_facts(profile: Profile, as_of: date) -> list[Msg]:
    """`warn_future_fact` for each entry dated after the estimate's date (beyond the
    threshold): it is computed as given, and the client should know."""
    out = []
    sections = profile.schema.sections
    late: date | None = None
    for section, entries in profile.facts.items():
        if not entries:
            continue
        field = sections[section].date_field
        if not field:
            continue
        for index, fact in enumerate(entries):
            day = fact.get(field)
            if day is None or day <= as_of:
                continue
            if late is None:
                late = as_of + timedelta(days=threshold("future_fact_days"))
            if day > late:
                out.append(msg("warn_future_fact", fact=fact_ref(profile.schema, section, index), day=day, as_of=as_of))
    return out


def future_estimate(as_of: date, today: date) -> Msg | None:
    """`warn_as_of_future` for an estimate dated after today (beyond the threshold)."""
    if as_of > today + timedelta(days=threshold("future_estimate_days")):
        return msg("warn_as_of_future", as_of=as_of, today=today)
    return None
