"""The Python API, for notebooks and other programs: the same computation as the command
line, without it.

    import ipcalc

    result = ipcalc.estimate({"region": "ningxia", "as_of": "2024-12-31", "foreign_trademarks": 2})
    result.total            # Decimal('20000.00')
    result.to_dict()        # exactly the `ipcalc estimate --format json` document
    ipcalc.estimate("client.toml", lang="zh").to_dict()
    ipcalc.opportunities("client.toml").steps   # what it could still gain, step by step

Bad input raises `ipcalc.errors.IpcalcError`, whose `problems` say what and where.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from .result import Estimate
from .errors import IpcalcError, Problem
from .i18n import msg
from .library import Library


def load_library(paths: Iterable[str | os.PathLike[str]] = ()) -> Library:
    """The bundled policies, plus the policy files in `paths` (folders or files), which add
    to them or replace a bundled policy of the same id. Cached between runs like the CLI's."""
    from .library import load_library as load

    return load([os.fspath(p) for p in paths])


class Result:
    """An estimate, and how to show it: `to_dict()` is the `--format json` document."""

    def __init__(self, estimate: Estimate, *, lang: str = "en", unit: str = "yuan", explain: bool = False):
        self.estimate = estimate
        self.lang = lang
        self.unit = unit
        self.explain = explain

    @property
    def total(self) -> Decimal:
        return self.estimate.total

    def to_dict(self) -> dict[str, Any]:
        """The `--format json` document, with amounts as exact `Decimal`s."""
        from .render.document import estimate_document

        return estimate_document(self.estimate, lang=self.lang, unit=self.unit, explain=self.explain)

    def to_json(self, indent: int | None = 2) -> str:
        """The `--format json` text, amounts written from their exact digits."""
        from .render.document import estimate_document
        from .render.jsonout import dumps, mark

        return dumps(estimate_document(self.estimate, lang=self.lang, unit=self.unit, explain=self.explain, number=mark), indent=indent)

    def __repr__(self) -> str:
        return f"<ipcalc.Result total={self.total} policies={[r.policy.id for r in self.estimate.policies]}>"


class _Inputs:
    """What `estimate` and `opportunities` take, checked: the library, the profile, the date,
    the LPR and the readings."""

    def __init__(self, profile: Any, as_of: Any, lang: str, unit: str, readings: Any, library: Library | None, lpr: Any):
        from .checks import Invalid, check_date, check_rate_text
        from .inputs import read_toml_source
        from .profile import read_profile
        from .questions import parse_readings

        if lang not in ("en", "zh"):
            raise IpcalcError(Problem(msg("unknown_value", what="language", value=lang, hint="", allowed="en, zh"), source="lang"))
        if unit not in ("yuan", "wan"):
            raise IpcalcError(Problem(msg("unknown_value", what="unit", value=unit, hint="", allowed="yuan, wan"), source="unit"))
        self.library = library if library is not None else load_library()
        self.library.require_clean()
        if isinstance(profile, Mapping):
            data, source, text = dict(profile), "profile", ""
        else:
            data, source, text = read_toml_source(os.fspath(profile))
        self.profile = read_profile(data, vocab=self.library.vocabulary, regions=self.library.regions, source=source, text=text)
        self.readings = parse_readings(readings, self.library.policies, source="readings") if readings else None
        try:
            self.day = check_date(as_of) if as_of is not None else self.profile.as_of or date.today()
            self.lpr = check_rate_text(lpr) if isinstance(lpr, str) else lpr
        except Invalid as exc:
            raise IpcalcError(Problem(exc.message, source="as_of" if as_of is not None else "lpr")) from None


def estimate(
    profile: Mapping[str, Any] | str | os.PathLike[str],
    *,
    as_of: date | str | None = None,
    lang: str = "en",
    policies: Sequence[str] | None = None,
    readings: Mapping[str, str] | Sequence[str] | None = None,
    library: Library | None = None,
    lpr: Decimal | str | None = None,
    unit: str = "yuan",
    explain: bool = False,
) -> Result:
    """Estimate a profile: a dict shaped like a TOML profile (dates as `date` or ISO text,
    money as int or Decimal), or the path of a TOML profile.

    `as_of` overrides the profile's date; `policies` evaluates the policies with these ids
    instead of the profile's region's; `readings` reads contested clauses another way
    (`{"xiangzhou.pledge_fees": "combined"}`, or `["xiangzhou.pledge_fees=combined"]`);
    `library` is one from `load_library(paths)` (default: the bundled policies); `lang`
    ("en" or "zh") and `unit` ("yuan" or "wan") shape `to_dict()`; `explain` adds the clause
    texts and the arithmetic step by step."""
    given = _Inputs(profile, as_of, lang, unit, readings, library, lpr)
    found = given.library.evaluate(given.profile, policy_ids=policies, as_of=given.day, lpr=given.lpr, explain=explain, readings=given.readings)
    return Result(found, lang=lang, unit=unit, explain=explain)


class Opportunities:
    """What a client could still gain: `steps` (ranked, each with its `gain` and the
    fragment `add` that realises it), `to_dict()` the `ipcalc opportunities --format json`
    document."""

    def __init__(self, found: Any, library: Library, *, lang: str = "en", unit: str = "yuan"):
        self.found = found
        self.library = library
        self.lang = lang
        self.unit = unit

    @property
    def steps(self) -> list[Any]:
        return self.found.steps

    def to_dict(self) -> dict[str, Any]:
        from .render.opportunities import opportunities_document

        return opportunities_document(self.found, self.library.vocabulary, lang=self.lang, unit=self.unit)


def opportunities(
    profile: Mapping[str, Any] | str | os.PathLike[str],
    *,
    as_of: date | str | None = None,
    lang: str = "en",
    policies: Sequence[str] | None = None,
    readings: Mapping[str, str] | Sequence[str] | None = None,
    library: Library | None = None,
    lpr: Decimal | str | None = None,
    unit: str = "yuan",
) -> Opportunities:
    """What a profile could still gain under the policies in force: the same inputs as
    `estimate`."""
    from .gains import find

    given = _Inputs(profile, as_of, lang, unit, readings, library, lpr)
    found = find(given.profile, given.library, policy_ids=policies, as_of=given.day, lpr=given.lpr, readings=given.readings)
    return Opportunities(found, given.library, lang=lang, unit=unit)
