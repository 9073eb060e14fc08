"""The reference tables of the docs are generated from the registries (`ipcalc.reference`, run
by `cog`): they must be what the registries say now, and a code added without its row fails."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from cogapp import Cog

from ipcalc.catalogue import reasons, warnings
from ipcalc.catalogue.code import Code
from ipcalc.rules import kinds

ROOT = Path(__file__).resolve().parent.parent
#: the files holding generated tables
GENERATED = ["docs/cli.md", "docs/json.md", "docs/policies.md"]


def cog_check(monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`cog --check` on the generated files (in this process: it sees the registries as they
    are here); its status and what it printed."""
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = Cog().main(
            ["cog", "--check", "--check-fail-msg", "run: cog -r docs/cli.md docs/json.md docs/policies.md", *GENERATED]
        )
    return status, out.getvalue()


def test_the_generated_tables_are_up_to_date(monkeypatch: pytest.MonkeyPatch):
    status, said = cog_check(monkeypatch)
    assert status == 0, said


def test_a_reason_code_added_without_its_row_fails(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(
        reasons.REASONS, "paid_twice", Code("paid twice", "重复支付", when="a fact already paid under another rule")
    )
    status, said = cog_check(monkeypatch)
    assert status != 0 and "docs/json.md" in said


def test_a_warning_code_added_without_its_row_fails(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(
        warnings.WARNINGS,
        "warn_fund_spent",
        Code("{policy}: spent", "{policy}:已用完", when="the yearly fund is spent", values="policy"),
    )
    status, said = cog_check(monkeypatch)
    assert status != 0 and "docs/json.md" in said


def test_a_rule_kind_added_without_its_row_fails(monkeypatch: pytest.MonkeyPatch):
    every = dict(kinds())
    share = every["share"]
    toy = type("ToyRule", (share,), {"KIND": "toy", "PAYS": "a toy amount", "__module__": share.__module__})
    monkeypatch.setattr("ipcalc.rules.kinds", lambda: {**every, "toy": toy})
    status, said = cog_check(monkeypatch)
    assert status != 0 and "docs/policies.md" in said
