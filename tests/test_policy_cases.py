"""Policy test cases as data: the bundled policies' and every example policy folder's
`*.cases.toml` each run as a test here (their amounts are worked out by hand in the files'
comments), and `ipcalc policies test` is checked as a user runs it."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, invoke, policy_folders

from ipcalc.library import Library, read_library
from ipcalc.policy_tests import CaseFile, case_files, read_cases, run_case

BUNDLED = ROOT / "policies"
EXAMPLE_POLICIES = ROOT / "examples" / "policies"


def _folders() -> list[Path]:
    return [BUNDLED, *policy_folders()]


@functools.cache
def _library(folder: Path) -> Library:
    """A folder's policies (the bundled ones, and the folder's), read once for all its cases."""
    return read_library([] if folder == BUNDLED else [str(folder)])


@functools.cache
def _read(file: Path) -> CaseFile:
    return read_cases(file, _library(file.parent))


def _cases() -> list[tuple[Path, int, str]]:
    found = []
    for folder in _folders():
        for file in case_files(folder):
            for index, case in enumerate(_read(file).cases):
                found.append((file, index, f"{file.relative_to(ROOT)}::{case.name}"))
    return found


CASES = _cases()


@pytest.mark.parametrize(("file", "index"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_case(file: Path, index: int) -> None:
    case = _read(file).cases[index]
    outcome = run_case(case, _library(file.parent))
    assert outcome.passed, outcome.misses


def test_every_policy_has_cases_for_every_rule_that_pays() -> None:
    # Every rule with an amount is expected by at least one case of its policy's file.
    for folder in _folders():
        library = read_library([] if folder == BUNDLED else [str(folder)])
        expected: dict[str, set[str]] = {}
        for file in case_files(folder):
            for case in read_cases(file, library).cases:
                expected.setdefault(case.policy, set()).update(case.expect)
        for pid, policy in library.policies.items():
            if policy.origin == "bundled" and folder != BUNDLED:
                continue
            paying = {r.id for r in policy.rules if r.kind != "qualitative"}
            assert paying <= expected.get(pid, set()), (pid, sorted(paying - expected.get(pid, set())))


def test_policies_test_passes_on_the_bundled_policies() -> None:
    result = invoke("policies", "test")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "policies/ningxia.cases.toml (policy ningxia)"
    assert lines[-1].endswith("passed, 0 failed")


@pytest.mark.parametrize("folder", sorted(p.name for p in EXAMPLE_POLICIES.iterdir() if p.is_dir()))
def test_policies_test_passes_on_each_example_folder(folder: str) -> None:
    result = invoke("policies", "test", str(EXAMPLE_POLICIES / folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("passed, 0 failed")


WRONG = """\
as_of = 2025-06-30

[[cases]]
name = "right"
profile = { patent_agents = 3 }
expect = { total = 30000 }

[[cases]]
name = "wrong"
profile = { kind = "park", titles = [{ title = "ip_demonstration_park", level = "national" }] }
expect = { total = 400001, park_title = [400000, 3] }
status = { park_title = "capped" }
"""


def test_a_failed_case_exits_1_with_each_difference(tmp_path: Path) -> None:
    (tmp_path / "xiangzhou.cases.toml").write_text(WRONG, encoding="utf-8")
    result = invoke("policies", "test", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{tmp_path}/xiangzhou.cases.toml (policy xiangzhou)\n"
        "  ✓ right\n"
        "  ✗ wrong (line 8)\n"
        "      total: got 400,000.00, expected 400,001\n"
        "      park_title: got [400,000.00], expected [400,000, 3]\n"
        "      park_title status: got [eligible], expected capped\n"
        "2 cases: 1 passed, 1 failed\n"
    )


BROKEN = """\
policy = "xiangzhou"

[[cases]]
name = "broken"
[cases.profile]
kind = "park"
titles = [{ title = "ip_demonstration_park", levle = "national" }]
[cases.expect]
total = 400000
park_tittle = 3
[cases.status]
park_title = "capt"
"""


def test_a_broken_cases_file_exits_2_naming_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "mine.cases.toml"
    path.write_text(BROKEN, encoding="utf-8")
    result = invoke("policies", "test", str(path))
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert f"error: {path}:10: cases[0].expect.park_tittle: 'park_tittle' is not a rule of policy xiangzhou (did you mean 'park_title'?)" in errors[0]
    assert errors[1].startswith(f"error: {path}:12: cases[0].status.park_title: unknown status 'capt' (did you mean 'capped'?)")
    assert errors[2].startswith(f"error: {path}:7: cases[0].profile.titles[0].levle: unknown key 'levle' (did you mean 'level'?)")
    assert "Traceback" not in result.output


def test_a_case_needs_a_date(tmp_path: Path) -> None:
    # Without as_of a case's result would change with the day it runs.
    path = tmp_path / "xiangzhou.cases.toml"
    path.write_text('[[cases]]\nname = "undated"\nprofile = { patent_agents = 1 }\nexpect = { total = 10000 }\n', encoding="utf-8")
    result = invoke("policies", "test", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:1: cases[0].as_of: missing; a case needs a date")


def test_a_cases_file_for_an_unknown_policy(tmp_path: Path) -> None:
    path = tmp_path / "xiangzou.cases.toml"
    path.write_text('as_of = 2025-06-30\n[[cases]]\nname = "x"\nexpect = { total = 0 }\n', encoding="utf-8")
    result = invoke("policies", "test", str(path))
    assert result.exit_code == 2
    assert (
        "policy: this file tests policy 'xiangzou' (its name without .cases.toml), which is not loaded (did you mean 'xiangzhou'?)" in result.stderr
    )


def test_no_cases_here(tmp_path: Path) -> None:
    result = invoke("policies", "test", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"error: {tmp_path}: no *.cases.toml file here\n")


def test_a_new_skeleton_passes_check_and_test(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    made = invoke("policies", "new", "demo", str(folder))
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[:4] == [
        f"wrote {folder}/demo.toml",
        f"wrote {folder}/demo.cases.toml",
        f"wrote {folder}/vocabulary.toml",
        f"wrote {folder}/sources/demo.txt",
    ]
    checked = invoke("policies", "check", str(folder))
    assert checked.exit_code == 0, checked.output
    tested = invoke("policies", "test", str(folder))
    assert tested.exit_code == 0, tested.output
    assert tested.stdout.splitlines()[-1] == "5 cases: 5 passed, 0 failed"
    # The skeleton is a user policy like any other: an estimate under it.
    est = invoke(
        "estimate",
        "--policies",
        str(folder),
        "--region",
        "demo",
        "--as-of",
        "2025-06-30",
        "--patent",
        "type=invention,route=domestic,count=2,date=2025-03-01",
        "-f",
        "json",
    )
    assert est.exit_code == 0, est.output
    # Clause 2 of the skeleton: 2 inventions granted in China x 5,000 = 10,000.
    assert json.loads(est.stdout, parse_float=Decimal)["total"] == Decimal("10000.00")


def test_new_refuses_to_overwrite_and_a_bad_id(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    assert invoke("policies", "new", "demo", str(folder)).exit_code == 0
    again = invoke("policies", "new", "demo", str(folder))
    assert again.exit_code == 2
    assert again.stderr.splitlines()[0] == f"error: {folder}/demo.toml: already exists; pass --force to overwrite it"
    assert invoke("policies", "new", "demo", str(folder), "--force").exit_code == 0
    bad = invoke("policies", "new", "Demo-1", str(tmp_path / "y"))
    assert (bad.exit_code, bad.stderr) == (2, "error: ID: 'Demo-1' is not a valid id; use lower-case letters, digits and _\n")
    assert not (tmp_path / "y").exists()


def test_a_policy_file_is_not_a_cases_file() -> None:
    policy = ROOT / "policies" / "xiangzhou.toml"
    result = invoke("policies", "test", str(policy))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {policy}: xiangzhou.toml is not a cases file: test cases go in ID.cases.toml beside the policy ID.toml\n",
    )


def test_check_reads_cases_files_too(tmp_path: Path) -> None:
    (tmp_path / "mine.cases.toml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "xiangzhou.cases.toml").write_text(WRONG, encoding="utf-8")
    result = invoke("policies", "check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == (f"✗ {tmp_path}/mine.cases.toml: 3 problems\n✓ {tmp_path}/xiangzhou.cases.toml (test cases of policy xiangzhou)\n")
    assert result.stderr.startswith(f"error: {tmp_path}/mine.cases.toml:10: cases[0].expect.park_tittle:")
    # Checking reads the cases but does not run them: the wrong amounts are for `test`.
    assert invoke("policies", "check", str(tmp_path / "xiangzhou.cases.toml")).exit_code == 0
