"""The clause shapes of round three (tests/policies/scales): how a policy file states them,
what `policies check` says of a mistake in each, and how a folder is read when it holds a
profile or a broken vocabulary. Their amounts are the hand-worked cases of the test policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, invoke

SCALES = ROOT / "tests" / "policies" / "scales"


def folder_with(tmp_path: Path, old: str, new: str, file: str = "scales.toml") -> Path:
    """A copy of the scales test policy with one text of one file replaced."""
    folder = tmp_path / "scales"
    shutil.copytree(SCALES, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def check_says(folder: Path) -> str:
    result = invoke("policies", "check", str(folder))
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    return result.stderr


@pytest.mark.parametrize(
    "old, new, said",
    [
        (
            "{ up_to = 20000000, share = 0.5 }",
            "{ up_to = 4000000, share = 0.5 }",
            "up_to = 4000000 is not above the bracket before (5000000): brackets rise",
        ),
        ("{ up_to = 5000000, share = 0.7 }, ", "{ share = 0.7 }, ", "only the last bracket may leave out up_to"),
        (
            'scale = "marginal"\nbrackets = [{ up_to = 5000000, share = 0.7 }',
            'scale = "marginal"\nbrackets = [{ up_to = 5000000, amount = 7 }',
            "a bracket of a marginal scale needs a share",
        ),
        (
            'max = { reference = "lpr", at = "issued", factor = 1.3 }',
            'max = { reference = "lpr", at = "months", factor = 1.3 }',
            "at = 'months': not a date field of the fact",
        ),
        (
            'max = { field = "principal", factor = 0.01 }',
            'max = { field = "nothing", factor = 0.01 }',
            "compared with 'nothing': not a number field of the fact",
        ),
        ('before = { years = 5, of = "as_of" }', 'before = { days = 5, of = "as_of" }', "before takes a date, a date field"),
        ('unset.abroad_three_countries = ["best"]', 'unset.abroad_three_countries = ["nothing"]', "'nothing' is not a key the rule has"),
        ('drop_caps = ["six_per_mille"]', 'drop_caps = ["nothing"]', "no cap 'nothing'"),
        ('unit_limit = { most = 5, per = "year" }', 'unit_limit = { most = 0, per = "year" }', "unit_limit.most"),
        ('of = "issued"\n', 'of = "issued"\nper_what = 1\n', "groups.one_loan_a_year.per_what: unknown key"),
    ],
)
def test_a_mistake_in_a_new_shape_is_said_at_its_key(tmp_path: Path, old: str, new: str, said: str):
    assert said in check_says(folder_with(tmp_path, old, new)).replace("\n", " ")


def test_a_profile_saved_in_a_policy_folder_is_one_clear_error(tmp_path: Path):
    # It gave 13 errors ("name: unknown key 'name'" ...), as if a policy file had each wrong.
    folder = folder_with(tmp_path, "", "")
    shutil.copy(EXAMPLES / "xiangzhou-enterprise.toml", folder / "client.toml")
    said = check_says(folder)
    assert (
        said
        == f"error: {folder / 'client.toml'}: looks like a client's profile, not a policy file: every *.toml of a policy folder is read as a policy; keep profiles elsewhere\n"
    )


def test_a_mistake_in_the_vocabulary_stands_alone(tmp_path: Path):
    # One wrong type in vocabulary.toml once made eight misleading errors in the policy file
    # ("rules[4].base: unknown key 'base'"): the folder's policies are not read, and say why.
    folder = folder_with(
        tmp_path, '[sections.financings.fields.cost]\ntype = "money"', '[sections.financings.fields.cost]\ntype = "moneys"', "vocabulary.toml"
    )
    lines = check_says(folder).splitlines()
    assert len(lines) == 2, lines
    assert "sections.financings.fields.cost.type: unknown field type 'moneys'" in lines[0]
    assert (
        lines[1]
        == f"error: {folder / 'scales.toml'}: not read: the fields and words it uses are declared in {folder / 'vocabulary.toml'}, which has problems (said above)"
    )


def test_a_mistake_in_a_schedule_by_applicant_kind_is_said_once_at_its_path(tmp_path: Path):
    # `rules[1].rules[1].schedule[0]`, every line twice, once: and amounts by applicant kind in
    # a schedule were refused ("expected an amount in yuan, got a table").
    folder = folder_with(tmp_path, "{ after_years = 2, amount = 2000 }", '{ after_years = 2, amount = { enterprise = "x", individual = 500 } }')
    lines = check_says(folder).splitlines()
    assert len(lines) == 1 and ".schedule[0].amount.enterprise: expected an amount in yuan, got 'x'" in lines[0], lines
    assert ".rules[" not in lines[0].split(": ", 1)[1].split(":")[0]
    fine = folder_with(tmp_path / "2", "{ after_years = 2, amount = 2000 }", "{ after_years = 2, amount = { enterprise = 2000, individual = 500 } }")
    assert invoke("policies", "check", str(fine)).exit_code == 0


def test_policies_show_says_each_new_shape(tmp_path: Path):
    shown = invoke("policies", "show", "scales", "--policies", str(SCALES)).stdout
    for said in (
        "of the financing's cost (IP securitisation financings), each part at its bracket's rate:",
        "50% from 5,000,000 up to 20,000,000",
        "at most 5 number of patents a calendar year of the date, the best-paying first",
        "exclusive group one_loan_a_year within a calendar year (the highest of the year)",
        "cap 0.6% of the operating revenue of the year before per calendar year",
        "requires the loan's annual rate ≤ 130% of the 1-year LPR on the date the loan was issued",
        "requires date at least 5 years before the date of the estimate",
        "2,000 due in the calendar year 2 years after the fact's",
    ):
        assert said in shown, said
