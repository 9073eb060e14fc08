"""Policy test cases as data: a profile, and what a policy must pay for it, worked out by
hand from the policy's text. `ipcalc policies test` runs them; the bundled policies' cases
run in the test suite.

A cases file is `ID.cases.toml`, beside the policy `ID` it tests (policy files never end
in `.cases.toml`, so the library does not read it as one):

    as_of = 2025-06-30                # the date of every case, unless a case gives its own

    [[cases]]
    name = "pledge interest: 50% x 4.35% x 3,000,000 x 12/12 = 65,250"
    [cases.profile]                   # a profile, as in a profile file (region optional)
    [[cases.profile.loans]]
    principal = 3000000
    months = 12
    issued = 2024-03-01
    [cases.expect]                    # the policy's total, and any rule's amount:
    total = 65250                     #   a number: its items summed
    pledge_interest = [65250]         #   a list: each item's amount, in order ([] for none)
    [cases.status]                    # optional: the status of a rule's items
    pledge_interest = "eligible"      #   a word: every item's (at least one); a list: each item's

Keys of a case besides these: `as_of`, `lpr` (as `--lpr`), `readings` (`{ QUESTION = READING }`,
as `--reading`), `range` (`{ low = ..., high = ... }`: the policy's total over its readings),
`policy` (a file may also name its policy once at the top, when its name is not the policy's id).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .checks import Invalid, check_date, check_fraction, check_rate_text, describe, did_you_mean, one_of
from .errors import IpcalcError, Problem, ProblemList
from .i18n import msg
from .inputs import file_problem, read_regular
from .library import CASES_SUFFIX, Library
from .profile import Profile, read_profile
from .questions import parse_readings
from .record import Record
from .result import EMPTY
from .toml_reader import Reader, amount, choice
from .toml_reader import text as non_empty
from .toml_text import line_of, parse_toml

STATUSES = ("eligible", "capped", "superseded", "ineligible", "outside_validity", "qualitative", "scheduled")


class Case(Record):
    name: str
    profile: Profile
    as_of: date
    #: "total" or a rule id -> the sum expected (Decimal) or each item's amount (a tuple)
    expect: dict[str, Decimal | tuple[Decimal, ...]]
    #: rule id -> every item's status (str) or each item's (a tuple)
    status: dict[str, str | tuple[str, ...]]
    lpr: Decimal | None = None
    readings: Mapping[str, str] = EMPTY
    #: the lowest and highest total over the readings, when the case says
    range: tuple[Decimal | None, Decimal | None] = (None, None)
    policy: str = ""
    path: str = ""  # "cases[3]", for messages
    line: int | None = None


class CaseFile(Record):
    path: str
    cases: tuple[Case, ...]


class Miss(Record):
    """One way a case's result differs from what it expects: what (`total`, a rule id, or
    `status` with the rule), what it got and what was expected, each a value or a tuple."""

    what: str
    rule: str
    got: Any
    expected: Any


class Outcome(Record):
    case: Case
    misses: tuple[Miss, ...]

    @property
    def passed(self) -> bool:
        return not self.misses


def case_files(path: Path, unreadable: list[str] | None = None) -> list[Path]:
    """The cases files of one argument: the file itself, or a folder's *.cases.toml at any
    depth. A subfolder that cannot be read is added to `unreadable` (never skipped silently)."""
    if not path.is_dir():
        return [path]
    found: list[Path] = []

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append(exc.filename or str(path))

    for root, _, names in os.walk(path, onerror=failed):
        found += [Path(root, name) for name in names if name.endswith(CASES_SUFFIX)]
    return sorted(found)


def policy_of(path: Path) -> str:
    """The policy a cases file tests unless it says otherwise: `xiangzhou.cases.toml` -> xiangzhou."""
    name = path.name
    return name[: -len(CASES_SUFFIX)] if name.endswith(CASES_SUFFIX) else path.stem


def read_cases(path: Path, library: Library, display: str = "") -> CaseFile:
    """A cases file, checked against the library: every problem, each with its line and
    field path, raised together (IpcalcError). `display`: the path shown in messages."""
    source = display or str(path)
    try:
        raw = read_regular(path)
    except OSError as exc:
        raise IpcalcError(file_problem(exc, source)) from None
    data, text = parse_toml(raw, source)
    problems = ProblemList(source)
    top = Reader(data, "", problems, text)
    known = tuple(library.policies)
    file_policy = top.take("policy", choice(known, "policy"), default=None)
    file_as_of = top.take("as_of", _day)
    raw_cases = top.raw("cases")
    top.finish()
    if file_policy is None and "policy" not in top.taken:
        file_policy = policy_of(path)
        if file_policy not in library.policies:
            top.error("policy", msg("case_policy_unknown", id=file_policy, hint=did_you_mean(file_policy, known), allowed=one_of(known)))
            file_policy = None
    if not isinstance(raw_cases, list) or not raw_cases or not all(isinstance(c, dict) for c in raw_cases):
        top.error("cases", msg("cases_needed"))
        raw_cases = []
    cases = []
    for index, value in enumerate(raw_cases):
        case = _read_case(Reader(value, f"cases[{index}]", problems, text), library, file_policy, file_as_of, source, text)
        if case is not None:
            cases.append(case)
    problems.raise_if_any()
    return CaseFile(source, tuple(cases))


def _day(value: Any) -> date:
    return check_date(value, from_text=False)


def _rate(value: Any) -> Decimal:
    return check_rate_text(value) if isinstance(value, str) else check_fraction(value)


def _read_case(r: Reader, library: Library, file_policy: str | None, file_as_of: date | None, source: str, text: str) -> Case | None:
    known = tuple(library.policies)
    name = r.take("name", non_empty, required=True)
    policy_id = r.take("policy", choice(known, "policy"), default=file_policy)
    as_of = r.take("as_of", _day, default=file_as_of)
    lpr = r.take("lpr", _rate)
    raw_readings = r.raw("readings")
    raw_range = r.raw("range")
    raw_profile = r.raw("profile")
    raw_expect = r.raw("expect")
    raw_status = r.raw("status")
    r.finish()
    policy = library.policies.get(policy_id or "")
    rules = tuple(rule.id for rule in policy.rules) if policy is not None else ()

    def rule_key(key: str, where: str) -> bool:
        if policy is None or key in rules:
            return True
        r.error(f"{where}.{key}", msg("case_rule_unknown", rule=key, policy=policy.id, hint=did_you_mean(key, rules), allowed=one_of(rules)))
        return False

    expect: dict[str, Decimal | tuple[Decimal, ...]] = {}
    if not isinstance(raw_expect, dict) or not raw_expect:
        r.error("expect", msg("case_expect_needed"))
    else:
        for key, value in raw_expect.items():
            if key == "total" or rule_key(key, "expect"):
                try:
                    expect[key] = tuple(amount(v) for v in value) if isinstance(value, list) and key != "total" else amount(value)
                except Invalid as exc:
                    r.error(f"expect.{key}", exc.message)
    status: dict[str, str | tuple[str, ...]] = {}
    if raw_status is not None and not isinstance(raw_status, dict):
        r.error("status", msg("expected_table", data_shown=describe(raw_status)))
    for key, value in (raw_status or {}).items() if isinstance(raw_status, dict) else ():
        if rule_key(key, "status"):
            try:
                word = choice(STATUSES, "status")
                status[key] = tuple(word(v) for v in value) if isinstance(value, list) else word(value)
            except Invalid as exc:
                r.error(f"status.{key}", exc.message)
    readings: dict[str, str] = {}
    if raw_readings is not None and policy is not None:
        if not isinstance(raw_readings, dict):
            r.error("readings", msg("expected_table", data_shown=describe(raw_readings)))
        else:
            try:
                readings = parse_readings({f"{policy.id}.{q}": v for q, v in raw_readings.items()}, {policy.id: policy}).get(policy.id, {})
            except IpcalcError as exc:
                r.error("readings", exc.problems[0].message)
    span: tuple[Decimal | None, Decimal | None] = (None, None)
    if raw_range is not None:
        s = Reader(raw_range, r.where("range"), r.problems, text)
        span = (s.take("low", amount), s.take("high", amount))
        s.finish()
    profile = None
    if raw_profile is None:
        raw_profile = {}
    if not isinstance(raw_profile, dict):
        r.error("profile", msg("expected_table", data_shown=describe(raw_profile)))
    elif policy is not None:
        data = dict(raw_profile)
        data.setdefault("region", policy.regions[0])
        try:
            profile = read_profile(data, vocab=library.vocabulary, regions=library.regions, source=source, text=text, prefix=f"{r.path}.profile.")
        except IpcalcError as exc:
            for problem in exc.problems:
                r.problems.items.append(problem)
    day = as_of or (profile.as_of if profile is not None else None)
    if day is None and profile is not None:
        r.error("as_of", msg("case_as_of_needed"))
    if name is None or profile is None or policy is None or day is None or not expect:
        return None
    return Case(name, profile, day, expect, status, lpr, readings, span, policy.id, r.path, line_of(text, r.path))


def run_case(case: Case, library: Library) -> Outcome:
    """Evaluate a case's profile under its policy and compare with what it expects."""
    picked = {case.policy: dict(case.readings)} if case.readings else None
    estimate = library.evaluate(case.profile, policy_ids=[case.policy], as_of=case.as_of, lpr=case.lpr, readings=picked)
    (result,) = estimate.policies
    misses = []
    for key, expected in case.expect.items():
        if key == "total":
            got: Any = result.total
        else:
            amounts = tuple(i.amount for i in result.items if i.rule == key)
            got = amounts if isinstance(expected, tuple) else sum(amounts, Decimal(0))
        if got != expected:
            misses.append(Miss("amount" if key != "total" else "total", key, got, expected))
    for rule, wanted in case.status.items():
        statuses = tuple(i.status for i in result.items if i.rule == rule)
        if isinstance(wanted, tuple):
            if statuses != wanted:
                misses.append(Miss("status", rule, statuses, wanted))
        elif not statuses or set(statuses) != {wanted}:
            misses.append(Miss("status", rule, statuses, wanted))
    low, high = case.range
    span = result.range
    for end, bound, reached in (("low", low, span.low if span else None), ("high", high, span.high if span else None)):
        if bound is not None and reached != bound:
            misses.append(Miss("range", end, reached, bound))
    return Outcome(case, tuple(misses))


def run_file(file: CaseFile, library: Library) -> list[Outcome]:
    return [run_case(case, library) for case in file.cases]


class Report(Record):
    """What `policies test` found: each cases file read with its outcomes, and the
    problems of the files that could not be read (a broken cases or policy file)."""

    files: list[tuple[CaseFile, list[Outcome]]]
    problems: list[Problem]

    @property
    def failed(self) -> int:
        return sum(not o.passed for _, outcomes in self.files for o in outcomes)

    @property
    def passed(self) -> int:
        return sum(o.passed for _, outcomes in self.files for o in outcomes)


def run_paths(paths: list[str], user_paths: list[str]) -> Report:
    """Run the cases files of these paths (files, or folders searched at any depth); none
    given: the bundled policies' and the user folders'. Each file runs against the bundled
    policies, the user folders and the policy files of its own folder, so a folder made by
    `policies new` is tested as it stands."""
    from .library import _is_definition, bundled_dir, read_library

    bundled = bundled_dir()
    wanted = [Path(p) for p in paths] or ([bundled] if isinstance(bundled, Path) else []) + [Path(p) for p in user_paths]
    inside = Path(str(bundled)).resolve()
    problems: list[Problem] = []
    files: list[tuple[CaseFile, list[Outcome]]] = []
    libraries: dict[str, Library | None] = {}
    for path in wanted:
        if not path.exists():
            problems.append(Problem(msg("no_such_path"), source=str(path)))
            continue
        if path.is_file() and not path.name.endswith(CASES_SUFFIX):
            problems.append(Problem(msg("test_not_cases_file", name=path.name), source=str(path)))
            continue
        unreadable: list[str] = []
        found = case_files(path, unreadable)
        problems += [Problem(msg("test_folder_unreadable"), source=str(name)) for name in unreadable]
        if not found and not unreadable:
            problems.append(Problem(msg("test_no_files"), source=str(path)))
        for file in found:
            folder = file.parent
            key = str(folder.resolve())
            if key not in libraries:
                own = folder.resolve() != inside and any(_is_definition(n) for n in os.listdir(folder))
                extra = [str(folder)] if own and str(folder) not in user_paths else []
                read = read_library(list(user_paths) + extra)
                libraries[key] = None if read.problems else read
                problems += read.problems
            library = libraries[key]
            if library is None:
                continue
            try:
                shown = f"policies/{file.name}" if not paths and folder.resolve() == inside else str(file)
                cases = read_cases(file, library, shown)
            except IpcalcError as exc:
                problems += exc.problems
                continue
            files.append((cases, run_file(cases, library)))
    return Report(files, problems)


def check_cases(paths: list[str], library: Library, *, bundled: Path | None = None) -> list[Any]:
    """`policies check`: each cases file of these paths (a folder's *.cases.toml, not
    deeper, as for policy files), read against the library but not run: a PolicyFile of
    kind "cases" each, with its problems. Files of the `bundled` folder are shown as
    policies/NAME."""
    from .library import PolicyFile

    out = []
    for raw in paths:
        path = Path(raw)
        files = sorted(path.glob(f"*{CASES_SUFFIX}")) if path.is_dir() else [path] if raw.endswith(CASES_SUFFIX) else []
        for file in files:
            own = bundled is not None and path == bundled
            shown = f"policies/{file.name}" if own else str(file)
            origin = "bundled" if own else "user"
            try:
                read = read_cases(file, library, shown)
            except IpcalcError as exc:
                out.append(PolicyFile(shown, origin, "cases", policy_of(file), tuple(exc.problems)))
                continue
            ids = sorted({c.policy for c in read.cases})
            out.append(PolicyFile(shown, origin, "cases", ", ".join(ids) or policy_of(file), ()))
    return out
