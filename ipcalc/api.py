"""The Python API, for notebooks and other programs, and the one road into the computation:
every command of the command line builds the same `Request` and calls the same functions.

    import ipcalc

    result = ipcalc.estimate({"region": "ningxia", "as_of": "2024-12-31", "foreign_trademarks": 2})
    result.total            # Decimal('20000.00')
    result.to_dict()        # exactly the `ipcalc estimate --format json` document
    result.text("markdown") # any format of `ipcalc estimate`, as text
    ipcalc.estimate("client.toml", lang="zh").to_dict()
    ipcalc.opportunities("client.toml").steps   # what it could still gain, step by step
    ipcalc.compare("client.toml").to_dict()      # the same client under every policy

A `Request` holds what is asked (the profile, the policies, readings, date, LPR, language,
unit); `Request.check()` checks all of it once and gives a `Checked` request, which
`estimate`, `opportunities` and `compare` evaluate. Bad input raises
`ipcalc.errors.IpcalcError`, whose `problems` say what and where.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from .errors import IpcalcError, Problem
from .i18n import Locale, msg
from .library import Library
from .request import NAMES, Checked, ProfileInput, Request
from .result import Estimate

__all__ = [  # fmt: skip
    "Checked",
    "Comparison",
    "NAMES",
    "Opportunities",
    "Options",
    "Portfolio",
    "Report",
    "Request",
    "Result",
    "compare",
    "estimate",
    "load_library",
    "opportunities",
    "portfolio",
    "report",
]


def load_library(paths: Sequence[str | os.PathLike[str]] = ()) -> Library:
    """The bundled policies, plus the policy files in `paths` (folders or files), which add
    to them or replace a bundled policy of the same id. Cached between runs like the CLI's."""
    from .library import load_library as load

    return load([os.fspath(p) for p in paths])


class Shown:
    """A result and how it is shown: the checked request says the language, unit and
    explanation; `text(format)` writes any format the command offers (see
    `render.formats`)."""

    COMMAND = ""

    def __init__(self, request: Checked):
        self.request = request

    @property
    def lang(self) -> str:
        """The reader: the language, and the unit amounts in sentences are shown in."""
        return Locale(self.request.lang, self.request.unit)

    @property
    def unit(self) -> str:
        return self.request.unit

    @property
    def explain(self) -> bool:
        return self.request.explain

    def text(self, format: str = "json", *, color: bool = False, width: int | None = 80) -> str:
        """The result in one of the command's formats, as `ipcalc COMMAND --format FORMAT`
        writes it (a table at `width` columns)."""
        from .render.formats import BINARY, Output, names, offered, writer

        if not isinstance(format, str) or not offered(self.COMMAND, format) or format in BINARY:
            text_formats = ", ".join(repr(n) for n in names(self.COMMAND) if n not in BINARY)
            said = msg("format_not_text", format=format, offered=text_formats) if text_formats else msg("format_no_text")
            raise IpcalcError(Problem(said, source="format"))
        out = io.StringIO()
        writer(self.COMMAND, format)(self, Output(out, err=io.StringIO(), color=color, width=width))  # warnings are in the result
        return out.getvalue()

    def to_json(self, indent: int | None = 2) -> str:
        """The `--format json` text, amounts written from their exact digits."""
        from .render.json_writer import dumps, mark

        return dumps(self.document(number=mark), indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """The `--format json` document, with amounts as exact `Decimal`s."""
        return self.document()

    def document(self, number: Any = None) -> dict[str, Any]:
        raise NotImplementedError


class Result(Shown):
    """An estimate, and how to show it: `to_dict()` is the `--format json` document."""

    COMMAND = "estimate"

    def __init__(self, estimate: Estimate, request: Checked):
        super().__init__(request)
        self.estimate = estimate

    @property
    def total(self) -> Decimal:
        return self.estimate.total

    def document(self, number: Any = None) -> dict[str, Any]:
        from .render.json_document import estimate_document

        return estimate_document(self.estimate, lang=self.lang, unit=self.unit, explain=self.explain, number=number)

    def __repr__(self) -> str:
        return f"<ipcalc.Result total={self.total} policies={[r.policy.id for r in self.estimate.policies]}>"


class Opportunities(Shown):
    """What a client could still gain: `steps` (ranked, each with its `gain` and the
    fragment `add` that realises it), `to_dict()` the `ipcalc opportunities --format json`
    document."""

    COMMAND = "opportunities"

    def __init__(self, found: Any, request: Checked, every: bool = False):
        super().__init__(request)
        self.found = found
        self.every = every

    @property
    def library(self) -> Library:
        return self.request.library

    @property
    def steps(self) -> list[Any]:
        """The steps shown, ranked: `complete` and `next` (with `every`, `aspirational` too),
        each group of alternatives as its best member."""
        return self.found.shown(self.every)

    @property
    def total_if_all(self) -> Decimal:
        return self.found.total(self.every)

    def document(self, number: Any = None) -> dict[str, Any]:
        from .render.opportunities import opportunities_document

        return opportunities_document(self.found, self.library.vocabulary, lang=self.lang, unit=self.unit, number=number, every=self.every)


class Comparison(Shown):
    """One profile under every policy (or those asked for), side by side: `comparison`
    holds the totals and the kinds of fact whose worth differs most."""

    COMMAND = "compare"

    def __init__(self, comparison: Any, request: Checked):
        super().__init__(request)
        self.comparison = comparison

    def document(self, number: Any = None) -> dict[str, Any]:
        from .render.side_by_side import comparison_document

        return comparison_document(self.comparison, lang=self.lang, unit=self.unit, number=number)


class Report(Result):
    """The client's workbook: the estimate (`to_dict()` is its `--format json` document),
    what the client could still gain (`found`), and each contested reading's total for this
    client (`figures`: (policy, question, reading) -> the policy's total under it, the
    other readings as in force). `save(path)` writes the workbook; `to_bytes()` gives it."""

    COMMAND = "report"

    def __init__(self, estimate: Estimate, request: Checked, found: Any, figures: Mapping[tuple[str, str, str], Decimal]):
        super().__init__(estimate, request)
        self.found = found
        self.figures = figures

    @property
    def library(self) -> Library:
        return self.request.library

    def to_bytes(self) -> bytes:
        """The workbook (.xlsx) as bytes."""
        from .render.workbook_writer import workbook_bytes

        return workbook_bytes(self)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the workbook to `path`, whole or not at all (written beside it, then moved
        into place)."""
        from .render.workbook_writer import save

        save(self, os.fspath(path))

    def __repr__(self) -> str:
        return f"<ipcalc.Report total={self.total} policies={[r.policy.id for r in self.estimate.policies]}>"


class Options(TypedDict, total=False):
    """What every function of the API takes beside the profile (as `Request` does): `as_of`
    overrides the profile's date; `policies` evaluates the policies with these ids instead of
    the profile's region's; `readings` reads contested clauses another way
    (`{"xiangzhou.pledge_fees": "combined"}`, or `["xiangzhou.pledge_fees=combined"]`);
    `library` is one from `load_library(paths)` (default: the bundled policies); `lpr` a
    1-year LPR to use instead of the bundled history (0.03, "3%"); `lang` ("en" or "zh") and
    `unit` ("yuan" or "wan") shape the result's words and amounts; `explain` (estimate only)
    adds the clause texts and the arithmetic step by step."""

    as_of: date | str | None
    lang: str
    policies: Sequence[str] | None
    readings: Mapping[str, str] | Sequence[str] | None
    library: Library | None
    lpr: Decimal | str | None
    unit: str
    explain: bool


def _without_explain(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options of a function that has no use for `explain` (said if given)."""
    if options.get("explain"):
        raise TypeError("explain is for estimate() only")
    return {k: v for k, v in options.items() if k != "explain"}


def _checked(profile: ProfileInput | Request, **options: Any) -> Checked:
    """The request of a call, checked: the `Request` given, or one made of the profile and
    the options the caller gave (a Request and options both is a mistake)."""
    return _request(profile, _given(**options)).check()


def _request(profile: ProfileInput | Request, options: dict[str, Any]) -> Request:
    if isinstance(profile, Request):
        if options:
            raise TypeError("give a Request, or a profile and options, not both")
        return profile
    return Request(profile, **options)


def estimate(profile: ProfileInput | Request, **options: Unpack[Options]) -> Result:
    """Estimate a profile: a dict shaped like a TOML profile (dates as `date` or ISO text,
    money as int or Decimal), the path of a TOML profile, or a `Request`; the `Options`
    (`as_of`, `lang`, `policies`, `readings`, `library`, `lpr`, `unit`, `explain`)."""
    checked = _checked(profile, **options)
    return Result(checked.evaluate(), checked)


def opportunities(profile: ProfileInput | Request, *, every: bool = False, **options: Unpack[Options]) -> Opportunities:
    """What a profile could still gain under the policies in force: the same inputs as
    `estimate`. The steps within reach (`complete`, `next`); with `every`, the aspirational
    ones too (prizes, titles far up the ladder), as `--all` does."""
    from .steps import find

    checked = _checked(profile, **_without_explain(options))
    return Opportunities(find(checked), checked, every)


def compare(profile: ProfileInput | Request, **options: Unpack[Options]) -> Comparison:
    """The same profile under every policy of the library (or `policies`), side by side:
    what would this client get elsewhere? The same inputs as `estimate`."""
    from .comparison import compare as side_by_side

    checked = _checked(profile, **_without_explain(options))
    every = checked.policies or list(checked.library.policies)
    return Comparison(side_by_side(checked.evaluate(policies=every)), checked)


def report(profile: ProfileInput | Request, **options: Unpack[Options]) -> Report:
    """The client's workbook for a profile (`.save("client.xlsx")`): the same inputs as
    `estimate`; its figures are the estimate's."""
    from .steps import find

    checked = _checked(profile, **_without_explain(options))
    found = find(checked)
    return Report(found.estimate, checked, found, reading_figures(checked, found.estimate))


class Portfolio:
    """A consultant's whole client list in one workbook: `save(path)` answers every client
    (its estimate, its range, what it could still gain) and writes the workbook, streamed;
    `clients` and `failed` then say how many. A client that cannot be read is a row with
    its error."""

    def __init__(self, profiles: Sequence[Any], request: Checked, jobs: int = 1):
        self.profiles = profiles
        self.request = request
        self.jobs = jobs
        self.clients = self.failed = 0

    def entries(self) -> Any:
        """Each client to answer: a profile as data, or every profile of a file or folder."""
        from .batch import Entry, entries

        for index, given in enumerate(self.profiles):
            if isinstance(given, Mapping):
                yield Entry(f"profile {index + 1}", dict(given))
            else:
                yield from entries([os.fspath(given)], None)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the workbook to `path`, whole or not at all."""
        import tempfile

        from .batch import PortfolioAnswers, PortfolioLines, run
        from .inputs import written_whole
        from .render.portfolio import PortfolioBook

        with tempfile.TemporaryDirectory(prefix="ipcalc-") as scratch, written_whole(path) as stream:
            book = PortfolioBook(stream, lang=self.request.lang, unit=self.request.unit, tmpdir=scratch)
            self.clients, self.failed = run(PortfolioAnswers(self.request), self.entries(), PortfolioLines(book), self.jobs)
            book.close()

    def to_bytes(self) -> bytes:
        """The workbook (.xlsx) as bytes."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="ipcalc-") as scratch:
            place = os.path.join(scratch, "list.xlsx")
            self.save(place)
            with open(place, "rb") as done:
                return done.read()


def portfolio(profiles: Sequence[ProfileInput], *, jobs: int = 1, **options: Unpack[Options]) -> Portfolio:
    """One workbook for a client list (`.save("clients.xlsx")`): profiles as dicts, TOML files
    (one profile or [[profiles]]) or folders of them; the other inputs as for `estimate`,
    for every client. `jobs`: worker processes (Linux)."""
    return Portfolio(list(profiles), Request(None, **_given(**_without_explain(options))).check(profile=False), jobs)


def reading_figures(checked: Checked, estimate: Estimate) -> dict[tuple[str, str, str], Decimal]:
    """Each contested reading's total for this profile: (policy, question, reading) -> the
    policy's total read that way, its other questions read as the request reads them."""
    out: dict[tuple[str, str, str], Decimal] = {}
    for result in estimate.policies:
        policy = result.policy
        alone = result.range.alone if result.range is not None else {}
        for question in policy.questions:
            for reading in question.readings:
                # found with the range, each reading alone (see questions.policy_range)
                out[(policy.id, question.id, reading.id)] = alone.get((question.id, reading.id), result.total)
    return out


def _given(**options: Any) -> dict[str, Any]:
    """The options a caller gave (those that differ from a Request's defaults)."""
    defaults = Request._defaults
    return {k: v for k, v in options.items() if v is not defaults.get(k) and v != defaults.get(k)}
