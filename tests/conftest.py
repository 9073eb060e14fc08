"""Shared fixtures. The terminal environment is pinned so that output never depends on
where the tests run (CI sets FORCE_COLOR or GITHUB_ACTIONS; a developer may have LANG=zh_CN)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ipcalc.engine import evaluate
from ipcalc.i18n import render
from ipcalc.library import Library, read_library
from ipcalc.profile import read_profile
from ipcalc.render import words
from ipcalc.result import Estimate, Item

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: the test policies: a folder per rule kind (tests/policies/kinds/KIND), and folders of
#: shapes that take several kinds together (groups, caps over rules, readings)
KIND_POLICIES = ROOT / "tests" / "policies" / "kinds"


def policy_folders() -> list[Path]:
    """Every folder of policies in the repository but the bundled one: the examples' and
    the tests'."""
    roots = (EXAMPLES / "policies", ROOT / "tests" / "policies", KIND_POLICIES)
    return sorted(p for root in roots for p in root.iterdir() if p.is_dir() and p != KIND_POLICIES)


_TERMINAL_ENV = (
    "IPCALC_CACHE",
    "XDG_CACHE_HOME",
    "FORCE_COLOR",
    "NO_COLOR",
    "GITHUB_ACTIONS",
    "CI",
    "TERM",
    "COLUMNS",
    "LINES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "IPCALC_POLICIES",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
)


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' cache of parsed policies: never the user's ~/.cache, and shared by the tests
    of a run (its key is the content of the files read, so that sharing it changes no result;
    a test of the cache itself sets its own)."""
    return tmp_path_factory.mktemp("ipcalc") / "cache"


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> None:
    for name in _TERMINAL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IPCALC_CACHE", str(cache_folder))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LANG", "C.UTF-8")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile ipcalc's modules once, so that the processes the tests start load them from
    their cached bytecode (where PYTHONDONTWRITEBYTECODE is set, as on some CI machines, each
    process would otherwise compile every module it imports: about 50 ms a process)."""
    import compileall

    compileall.compile_dir(str(ROOT / "ipcalc"), quiet=1, workers=1)


_LIBRARY: Library | None = None


def lib() -> Library:
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = read_library()
    return _LIBRARY


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


class ItemView:
    """An engine item with its words in one language (as the JSON shows them): the tests
    read `note`, `basis`, `steps`, `label` and `fact` as text, everything else as data."""

    def __init__(self, item: Item, lang: str):
        self.item = item
        self.lang = lang

    def __getattr__(self, name: str) -> Any:
        return getattr(self.item, name)

    @property
    def note(self) -> str:
        return words.note(self.item, self.lang)

    @property
    def basis(self) -> str:
        return words.basis(self.item, self.lang)

    @property
    def steps(self) -> list[str]:
        return words.steps(self.item, self.lang)

    @property
    def label(self) -> str:
        return self.item.label(self.lang)

    @property
    def fact(self) -> str | None:
        return words.fact(self.item)

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.item.reasons]

    def __repr__(self) -> str:
        return repr(self.item)


class ResultView:
    def __init__(self, result: Any, lang: str):
        self.result = result
        self.items = [ItemView(i, lang) for i in result.items]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)


class EstimateView:
    """An estimate with its warnings and items' words in one language; `raw` is the engine's."""

    def __init__(self, estimate: Estimate, lang: str):
        self.raw = estimate
        self.lang = lang
        self.policies = [ResultView(r, lang) for r in estimate.policies]
        self.warnings = [render(w, lang) for w in estimate.warnings]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def run(
    profile: dict[str, Any],
    *,
    as_of: str = "2025-06-30",
    policies: list[str] | None = None,
    lang: str = "en",
    lpr: str | None = None,
    explain: bool = True,
) -> EstimateView:
    """Evaluate a profile given as plain data (TOML-like: Decimals, ints, dates or ISO strings)."""
    library = lib()
    facts = read_profile(profile, vocab=library.vocabulary, regions=library.regions, source="test")
    chosen = library.select(policies) if policies else library.for_region(facts.region)
    estimate = evaluate(
        facts,
        chosen,
        vocab=library.vocabulary,
        rates=library.rates,
        as_of=dt.date.fromisoformat(as_of),
        lpr=Decimal(lpr) if lpr else None,
        explain=explain,
    )
    return EstimateView(estimate, lang)


def items(estimate: EstimateView, rule: str, policy: str | None = None) -> list[ItemView]:
    return [i for r in estimate.policies if policy is None or r.policy.id == policy for i in r.items if i.rule == rule]


def only(estimate: EstimateView, rule: str, policy: str | None = None) -> ItemView:
    found = items(estimate, rule, policy)
    assert len(found) == 1, f"expected one {rule} item, got {len(found)}: {found}"
    return found[0]


def total(estimate: EstimateView, policy: str) -> Decimal:
    return next(r.total for r in estimate.policies if r.policy.id == policy)


def estimate_json(*args: str, as_of: str = "2025-06-30") -> dict[str, Any]:
    """`ipcalc estimate --as-of AS_OF -f json ARGS`, which must succeed: its document, amounts
    as Decimal."""
    import json

    result = invoke("estimate", "--as-of", as_of, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)


def invoke(*args: str, input: str | None = None) -> Any:
    """`ipcalc ARGS` through typer's CliRunner (stdout and stderr apart)."""
    from typer.testing import CliRunner

    from ipcalc.cli import app

    return CliRunner().invoke(app, list(args), input=input)


def warning_texts(doc: dict[str, Any]) -> list[str]:
    """The sentences of a JSON document's warnings (each is `{code, text, ...values}`)."""
    return [w["text"] for w in doc["warnings"]]
