"""What is asked of ipcalc, checked once: the one road into the computation. The Python API
(`ipcalc.estimate`, `opportunities`, `compare`) and every command of the command line build
a `Request`; `Request.check()` checks all of it (the language and unit, the policy files,
the profile and its flags, the policies named, the readings, the date, the LPR) and gives a
`Checked` request, which the computations take."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import IpcalcError, Problem
from .i18n import msg
from .library import Library, load_library
from .profile import Profile
from .record import Record
from .result import Estimate

LANGS = ("en", "zh")
UNITS = ("yuan", "wan")
#: what each input is called in messages, by default (the command line names its options)
NAMES: Mapping[str, str] = {"lang": "lang", "unit": "unit", "as_of": "as_of", "lpr": "lpr", "readings": "readings", "policies": "policies"}

#: a profile: data shaped like a TOML profile, the path of a TOML file ("-": standard input),
#: or None (the facts come from `flags` alone)
ProfileInput = Mapping[str, Any] | str | os.PathLike[str] | None


class Request(Record):
    """What is asked of ipcalc, before it is checked.

    `profile` is data shaped like a TOML profile (dates as `date` or ISO text, money as int
    or Decimal), the path of a TOML profile ("-": standard input) or None; `flags` are facts
    typed on a command line (text, as `--loan principal=...` gives them: scalars override the
    profile's, list entries are added to its lists); `policies` the ids of the policies to
    evaluate instead of the profile's region's; `readings` other readings of contested clauses
    (`{"xiangzhou.pledge_fees": "combined"}` or `["xiangzhou.pledge_fees=combined"]`); `as_of`
    the date (default: the profile's, else today); `lpr` a 1-year LPR to use instead of the
    bundled history (0.03 or "3%"); `lang` ("en", "zh") and `unit` ("yuan", "wan") how the
    result is shown; `explain` the clause texts and the arithmetic step by step; `library`
    one from `load_library` (default: the bundled policies and `paths`, user policy
    folders); `names` what each input is called in messages."""

    profile: Any = None
    flags: Mapping[str, Any] = {}
    policies: Sequence[str] | None = None
    readings: Mapping[str, str] | Sequence[str] | None = None
    as_of: date | str | None = None
    lpr: Decimal | str | None = None
    lang: str = "en"
    unit: str = "yuan"
    explain: bool = False
    library: Library | None = None
    paths: Sequence[str] = ()
    names: Mapping[str, str] = NAMES

    def check(self, *, profile: bool = True) -> Checked:
        """Every input checked, in this order (the first problem found is raised): the
        language and unit, the policy files, the profile and its flags, the readings, the
        date, the LPR and the policies named. Without `profile` (a batch, whose profiles come
        one by one), all but the profile; the date is then None unless `as_of` gives it."""
        from .checks import Invalid, check_date
        from .questions import parse_readings

        _one_of(self.lang, LANGS, "language", self.names["lang"])
        _one_of(self.unit, UNITS, "unit", self.names["unit"])
        if self.library is not None and not isinstance(self.library, Library):
            from .checks import describe

            raise IpcalcError(Problem(msg("library_expected", got=describe(self.library)), source="library"))
        library = self.library if self.library is not None else load_library(list(self.paths))
        library.require_clean()
        found = self._profile(library) if profile else None
        readings = parse_readings(self.readings, library.policies, source=self.names["readings"]) if self.readings else None
        try:
            day = check_date(self.as_of) if self.as_of is not None else None
        except Invalid as exc:
            raise IpcalcError(Problem(exc.message, source=self.names["as_of"])) from None
        if found is not None:
            day = day or found.as_of or date.today()
        try:
            lpr = _rate(self.lpr)
        except Invalid as exc:
            raise IpcalcError(Problem(exc.message, source=self.names["lpr"])) from None
        if self.policies:
            library.select(self.policies)  # an unknown id is said with the ones known
        ids = list(self.policies) if self.policies else None
        return Checked(library, found, ids, readings, day, lpr, self.lang, self.unit, self.explain)  # type: ignore[arg-type]

    def _profile(self, library: Library) -> Profile:
        """The profile of `profile` and `flags`, checked: flags override the profile's scalars
        and add to its lists; without a region, the first policy named gives it."""
        from .inputs import read_toml_source
        from .profile import merge_flags, read_profile

        known = library.vocabulary.schema
        data: dict[str, Any] = {}
        source, text = ("command line" if self.flags else "profile"), ""
        if isinstance(self.profile, Mapping):
            data, source = dict(self.profile), "profile"
        elif self.profile is not None:
            data, source, text = read_toml_source(os.fspath(self.profile))
        origins: dict[str, str] = {}
        if self.flags:
            scalars = {name: self.flags[name] for name in known.scalars if name in self.flags}
            lists = {section: self.flags[section] for section in known.sections if section in self.flags}
            data, origins = merge_flags(data, scalars, lists, known)
        named = [library.policies[pid] for pid in self.policies or () if pid in library.policies]
        if "region" not in data and named:
            data["region"] = named[0].regions[0]
        return read_profile(data, vocab=library.vocabulary, regions=library.regions, source=source, text=text, origins=origins)


def _one_of(value: str, allowed: tuple[str, ...], what: str, source: str) -> None:
    if value not in allowed:
        raise IpcalcError(Problem(msg("unknown_value", what=what, value=value, hint="", allowed=", ".join(allowed)), source=source))


class Checked(Record):
    """A request checked: the library, the profile, the policies named (None: the profile's
    region's), the readings by policy, the date, the LPR given, and how to show the result."""

    library: Library
    profile: Profile
    policies: list[str] | None
    readings: dict[str, dict[str, str]] | None
    day: date
    lpr: Decimal | None
    lang: str
    unit: str
    explain: bool

    def evaluate_part(self, profile: Profile, policy: Any, names: frozenset[str], day: date) -> Any:
        """What these rules of a policy (as the request reads it) pay a profile: their total,
        the other rules left out (for a change that touches them alone)."""
        from .engine import evaluate_policy
        from .questions import chosen, variant

        picked = (self.readings or {}).get(policy.id)
        part = variant(policy, chosen(policy, picked), names)
        library = self.library
        return evaluate_policy(profile, part, vocab=library.vocabulary, rates=library.rates, as_of=day, lpr=self.lpr).total

    def evaluate(
        self, profile: Profile | None = None, *, policies: Sequence[str] | None = None, day: date | None = None, ranges: bool = True
    ) -> Estimate:
        """The estimate of this request (or of another profile, under other policies, or as of
        another day, with the same readings and LPR; without `ranges`, the totals alone)."""
        ids = policies if policies is not None else self.policies
        return self.library.evaluate(
            profile or self.profile, policy_ids=ids, as_of=day or self.day, lpr=self.lpr, explain=self.explain, readings=self.readings, ranges=ranges
        )


def _rate(value: Any) -> Decimal | None:
    """An LPR given to a request: text (0.0345, 3.45%) or a number, checked as one typed on
    the command line is (a fraction from 0 to 1, never NaN or infinity); None: the history."""
    from .checks import Invalid, check_rate_text, describe

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, Decimal, int, float)):
        raise Invalid(msg("expected_rate_text", text_shown=describe(value)))
    return check_rate_text(value if isinstance(value, str) else str(value))
