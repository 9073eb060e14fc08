"""The reference tables of the docs are generated from the registries (`ipcalc.reference`, run
by `cog`): they must be what the registries say now, and a code added without its row fails."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from cogapp import Cog
from conftest import policy_folders

from ipcalc.catalogue import reasons, warnings
from ipcalc.catalogue.code import Code
from ipcalc.rules import kinds

ROOT = Path(__file__).resolve().parent.parent
#: the files holding generated tables
GENERATED = ["docs/cli.md", "docs/json.md", "docs/policies.md", "docs/profile.md"]


def cog_check(monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`cog --check` on the generated files (in this process: it sees the registries as they
    are here); its status and what it printed."""
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = Cog().main(["cog", "--check", "--check-fail-msg", "run: cog -r " + " ".join(GENERATED), *GENERATED])
    return status, out.getvalue()


def test_the_generated_tables_are_up_to_date(monkeypatch: pytest.MonkeyPatch):
    status, said = cog_check(monkeypatch)
    assert status == 0, said


def test_a_reason_code_added_without_its_row_fails(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(reasons.REASONS, "paid_twice", Code("paid twice", "重复支付", when="a fact already paid under another rule"))
    status, said = cog_check(monkeypatch)
    assert status != 0 and "docs/json.md" in said


def test_a_warning_code_added_without_its_row_fails(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(
        warnings.WARNINGS, "warn_fund_spent", Code("{policy}: spent", "{policy}:已用完", when="the yearly fund is spent", values="policy")
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


def _table_of(path: str, kind: object) -> str | None:
    """The table of `policy_files.keys` a reader's path stands for (None: not a policy file's)."""
    import re

    last = re.sub(r"\[\d+\]", "[]", path).split(".")[-1] if path else ""
    if re.fullmatch(r"rules\[\d+\]", path) or re.search(r"\.(change|unset)\.\w+$", path):
        return f"kind {kind}"
    if re.search(r"\.change_caps\.\w+$", path) or last in ("caps[]", "add_caps[]"):
        return "[[caps]]"
    if re.fullmatch(r"groups\.\w+", path):
        return "[groups.NAME]"
    return {
        "": "the file",
        "policy": "[policy]",
        "exclusive": "a clause (`exclusive`, `blacklist`, `notice`)",
        "blacklist": "a clause (`exclusive`, `blacklist`, `notice`)",
        "notice": "a clause (`exclusive`, `blacklist`, `notice`)",
        "questions[]": "[[questions]]",
        "readings[]": "[[questions.readings]]",
        "apply": "[apply], a rule's `apply`",
        "office": "a part of `apply`",
        "procedure": "a part of `apply`",
        "window": "a part of `apply`",
        "materials": "a part of `apply`",
        "fund": "a part of `apply`",
        "brackets[]": "an entry of `brackets`",
        "schedule[]": "an entry of `schedule`",
        "unit_limit": "`unit_limit`",
        "best": "`best`",
        "max_base": "`max_base`",
        "ceiling": "`ceiling`, `target`, `most`",
        "target": "`ceiling`, `target`, `most`",
        "most": "`ceiling`, `target`, `most`",
        "limit": "a limit that is a share (`[[caps]]`)",
    }.get(last) or (
        "a dated value"
        if last.endswith("[]") and last[:-2] in _DATED
        else "a condition (`select`, `require`, `when`, `warn_when`)"
        if last[:-2] in _CONDITIONS
        else None
    )


_DATED = {"amount", "share", "fixed_rate", "cap", "ratio"}
_CONDITIONS = {"select", "require", "when", "warn_when", "any"}


def test_every_key_a_policy_reader_takes_is_in_the_generated_table(monkeypatch: pytest.MonkeyPatch):
    # The key table of docs/policies.md is generated from `policy_files.keys`; here every
    # policy of the repository is read with the readers recording each key they ask for.
    from ipcalc import toml_reader
    from ipcalc.library import read_library
    from ipcalc.policy_files.keys import KINDS, RULE, TABLES

    asked: dict[str, set[str]] = {}
    init, finish = toml_reader.Reader.__init__, toml_reader.Reader.finish

    def recording_init(self, data, path, problems, text):
        init(self, data, path, problems, text)
        self._kind = data.get("kind") if isinstance(data, dict) else None

    def recording_finish(self):
        source = str(getattr(self.problems, "source", ""))
        if source.endswith(("vocabulary.toml", "rates.toml", ".cases.toml")):  # not a policy file
            return finish(self)
        table = _table_of(self.path, getattr(self, "_kind", None))
        if table is not None:
            asked.setdefault(table, set()).update(self.known)
        return finish(self)

    monkeypatch.setattr(toml_reader.Reader, "__init__", recording_init)
    monkeypatch.setattr(toml_reader.Reader, "finish", recording_finish)
    for folder in [None, *policy_folders()]:
        read_library([str(folder)] if folder else [], strict_bundled=True)
    declared = {**TABLES, **{f"kind {k}": {**RULE, **v, **(KINDS["share"] if k == "matching" else {})} for k, v in KINDS.items()}}
    assert {t for t in asked if t.startswith("kind ")} == {f"kind {k}" for k in KINDS}  # every kind read somewhere
    missing = {table: sorted(keys - set(declared.get(table, {}))) for table, keys in asked.items()}
    assert {table: keys for table, keys in missing.items() if keys} == {}
