"""User policy files (--policies DIR, IPCALC_POLICIES) and `ipcalc policies check`."""

from __future__ import annotations

import json
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcalc.cli import app

ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()

# A county's policy added with a TOML file alone: no Python.
DONGJIN = textwrap.dedent(
    """\
    schema = 1

    [policy]
    id = "dongjin"
    title = { zh = "东津新区知识产权奖励办法(示例)", en = "Dongjin New Area IP rewards (example)" }
    jurisdiction = { zh = "湖北省襄阳市东津新区", en = "Dongjin New Area, Xiangyang" }
    regions = ["dongjin"]
    valid_from = 2024-01-01
    valid_until = 2026-12-31

    [policy.exclusive]
    clause = "5"
    text = "同一事项就高不重复"
    note = { en = "highest only", zh = "就高不重复" }

    [groups.titles]
    label = { en = "titles", zh = "称号" }

    [[caps]]
    id = "insurance_per_year"
    rules = ["insurance"]
    per = "year"
    limit = 30000
    clause = "3"
    label = { en = "insurance subsidy per year", zh = "保费资助每年" }

    [[rules]]
    id = "foreign_patents"
    kind = "per_unit"
    clause = "2"
    label = { en = "invention patents granted abroad", zh = "国外授权发明专利" }
    units = "foreign_invention_patents"
    amount = 5000
    text = "国外授权发明专利每件奖励5000元"

    [[rules]]
    id = "insurance"
    kind = "share"
    clause = "3"
    label = { en = "patent insurance", zh = "专利保险" }
    facts = "insurance"
    base = "premium"
    share = 0.4
    cap = 20000
    text = "按保费40%资助,每项最高2万元,每年最高3万元"

    [[rules]]
    id = "title"
    kind = "title"
    clause = "5"
    label = { en = "titles", zh = "称号" }
    group = "titles"
    amounts.ip_advantage_enterprise = { national = 50000 }
    amounts.ip_pilot_enterprise = { city = 10000 }
    text = "国家优势企业5万元,市试点企业1万元"
    """
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def estimate(*args: str, env: dict | None = None):
    return runner.invoke(app, ["estimate", *args, "--format", "json"], env=env)


def test_a_county_policy_needs_only_a_toml_file(tmp_path: Path):
    folder = tmp_path / "mine"
    write(folder, "dongjin.toml", DONGJIN)
    result = estimate(
        "--policies",
        str(folder),
        "--region",
        "dongjin",
        "--foreign-invention-patents",
        "3",
        "--insurance",
        "premium=60000,date=2025-02-01",
        "--insurance",
        "premium=30000,date=2025-03-01",
        "--title",
        "title=ip_pilot_enterprise",
        "--title",
        "title=ip_advantage_enterprise",
        "--as-of",
        "2025-06-30",
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    (policy,) = doc["policies"]
    got = {(i["rule"], i["fact"]): (i["amount"], i["status"]) for i in policy["items"]}
    # 3 x 5,000 = 15,000.
    assert got[("foreign_patents", "foreign_invention_patents")] == (Decimal("15000.00"), "eligible")
    # 40% x 60,000 = 24,000 -> cap 20,000 per item; 40% x 30,000 = 12,000, cut by the
    # yearly cap of 30,000 to 10,000.
    assert got[("insurance", "insurance[0]")] == (Decimal("20000.00"), "capped")
    assert got[("insurance", "insurance[1]")] == (Decimal("10000.00"), "capped")
    # Titles are one group: 50,000 paid, 10,000 superseded.
    assert got[("title", "titles[0]")] == (Decimal("0.00"), "superseded")
    assert got[("title", "titles[1]")] == (Decimal("50000.00"), "eligible")
    assert doc["total"] == Decimal("95000.00")


def test_environment_variable_adds_folders(tmp_path: Path):
    folder = tmp_path / "env"
    write(folder, "dongjin.toml", DONGJIN)
    result = estimate("--region", "dongjin", "--foreign-invention-patents", "1", "--as-of", "2025-01-01", env={"IPCALC_POLICIES": str(folder)})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout, parse_float=Decimal)["total"] == Decimal("5000.00")


def test_a_user_file_with_a_bundled_id_replaces_it(tmp_path: Path):
    replacement = DONGJIN.replace('id = "dongjin"', 'id = "ningxia"').replace('regions = ["dongjin"]', 'regions = ["ningxia"]')
    folder = tmp_path / "override"
    write(folder, "ningxia.toml", replacement)
    result = estimate("--policies", str(folder), "--region", "ningxia", "--foreign-invention-patents", "2", "--as-of", "2025-01-01")
    doc = json.loads(result.stdout, parse_float=Decimal)
    # The user's ningxia pays 5,000 per patent (2 -> 10,000), not the bundled 20,000.
    assert doc["total"] == Decimal("10000.00")
    assert doc["policies"][0]["title"] == "Dongjin New Area IP rewards (example)"


def test_user_vocabulary_adds_titles(tmp_path: Path):
    folder = tmp_path / "vocab"
    write(folder, "vocabulary.toml", '[titles.ip_star_enterprise]\nlevels = ["city"]\nen = "IP star enterprise"\nzh = "知识产权之星企业"\n')
    write(folder, "dongjin.toml", DONGJIN.replace("amounts.ip_pilot_enterprise", "amounts.ip_star_enterprise"))
    result = estimate("--policies", str(folder), "--region", "dongjin", "--title", "title=ip_star_enterprise", "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout, parse_float=Decimal)["total"] == Decimal("10000.00")


BROKEN = DONGJIN.replace("share = 0.4", "share = 40").replace('kind = "title"', 'kind = "titel"')


def test_a_broken_user_file_stops_estimates_with_its_path_and_line(tmp_path: Path):
    folder = tmp_path / "broken"
    path = write(folder, "dongjin.toml", BROKEN)
    result = estimate("--policies", str(folder), "--region", "ningxia", "--foreign-trademarks", "1")
    assert result.exit_code == 2
    assert f"{path}:43: rules[1].share: 40 is outside [0, 1]" in result.stderr
    assert f"{path}:49: rules[2].kind: unknown rule kind 'titel' (did you mean 'title'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_still_shows_the_bundled_policies_and_marks_the_broken_file(tmp_path: Path):
    folder = tmp_path / "broken"
    write(folder, "dongjin.toml", BROKEN)
    write(folder, "garbage.toml", "this is = not [toml")
    result = runner.invoke(app, ["policies", "list", "--policies", str(folder), "--as-of", "2025-01-01"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:5]] == ["ningxia", "shaoyang", "sichuan", "xiangzhou"]
    assert any(line.startswith("dongjin") and "✗ broken" in line and "2 problems" in line for line in lines)
    assert any(line.startswith("?") and "garbage.toml: 1 problem" in line for line in lines)
    assert "warning: " in result.stderr and "rules[1].share" in result.stderr
    as_json = json.loads(runner.invoke(app, ["policies", "list", "--policies", str(folder), "-f", "json"]).stdout)
    assert {e["id"]: e["status"] for e in as_json}["dongjin"] == "broken"


def test_missing_user_folder(tmp_path: Path):
    result = estimate("--policies", str(tmp_path / "nope"), "--region", "ningxia")
    assert result.exit_code == 2 and "nope: no such file or folder" in result.stderr


def test_check_passes_the_bundled_policies():
    result = runner.invoke(app, ["policies", "check"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "✓ policies/rates.toml (rates)",
        "✓ policies/vocabulary.toml (vocabulary)",
        "✓ policies/ningxia.toml (policy ningxia)",
        "✓ policies/shaoyang.toml (policy shaoyang)",
        "✓ policies/sichuan.toml (policy sichuan)",
        "✓ policies/xiangzhou.toml (policy xiangzhou)",
        "✓ policies/ningxia.cases.toml (test cases of policy ningxia)",
        "✓ policies/shaoyang.cases.toml (test cases of policy shaoyang)",
        "✓ policies/sichuan.cases.toml (test cases of policy sichuan)",
        "✓ policies/xiangzhou.cases.toml (test cases of policy xiangzhou)",
    ]


def test_check_a_good_user_file(tmp_path: Path):
    path = write(tmp_path, "dongjin.toml", DONGJIN)
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert (result.exit_code, result.stdout) == (0, f"✓ {path} (policy dongjin)\n")


def mutate(old: str, new: str) -> str:
    assert old in DONGJIN, old
    return DONGJIN.replace(old, new, 1)


POLICY_MISTAKES = [
    (mutate('per = "year"', 'per = "year"\nperiod = 2'), ":23: caps[0].period: unknown key 'period' (did you mean 'per'?)"),
    (mutate('id = "foreign_patents"', 'id = "foreign_patents"\nunit = "x"'), "rules[0].unit: unknown key 'unit' (did you mean 'units'?)"),
    (mutate('kind = "per_unit"', 'kind = "per_item"'), "rules[0].kind: unknown rule kind 'per_item' (did you mean 'per_unit'?)"),
    (mutate('text = "国外授权发明专利每件奖励5000元"\n', ""), "rules[0].text: missing; this key is required"),
    (mutate('clause = "2"\n', ""), "rules[0].clause: missing; this key is required"),
    (
        mutate('label = { en = "invention patents granted abroad", zh = "国外授权发明专利" }', 'label = { en = "invention patents granted abroad" }'),
        "rules[0].label: needs non-empty text for zh",
    ),
    (mutate("amount = 5000", "amount = -5000"), "rules[0].amount: -5000 is negative"),
    (mutate("amount = 5000", 'amount = "5000"'), "rules[0].amount: expected an amount in yuan, got '5000'"),
    (mutate("amount = 5000", "amount = nan"), "rules[0].amount: expected a finite number"),
    (mutate("share = 0.4", "share = inf"), "rules[1].share: expected a finite number"),
    (mutate("valid_until = 2026-12-31", "valid_until = 2023-12-31"), "policy.valid_until: 2023-12-31 is before valid_from 2024-01-01"),
    (mutate("valid_until = 2026-12-31", 'valid_until = "soon"'), "policy.valid_until: expected a date as YYYY-MM-DD, got 'soon'"),
    (mutate('id = "insurance"\nkind', 'id = "foreign_patents"\nkind'), "rules[1].id: duplicate rule id 'foreign_patents' (also rules[0])"),
    (mutate('group = "titles"', 'group = "tittles"'), "rules[2].group: group 'tittles' is not declared under [groups] (did you mean 'titles'?)"),
    (
        mutate('rules = ["insurance"]', 'rules = ["insurnace"]'),
        "caps[0].rules: rule 'insurnace' does not exist in this policy (did you mean 'insurance'?)",
    ),
    (mutate('base = "premium"', 'base = "premum"'), "rules[1].base: 'premum' is not a field of insurance (did you mean 'premium'?)"),
    (mutate('facts = "insurance"', 'facts = "insurances"'), "rules[1].facts: unknown fact section 'insurances' (did you mean 'insurance'?)"),
    (
        mutate("amounts.ip_pilot_enterprise = { city = 10000 }", "amounts.ip_pilot_enterprise = { national = 10000 }"),
        "rules[2].amounts.ip_pilot_enterprise.national: ip_pilot_enterprise has no level 'national'",
    ),
    (
        mutate("amounts.ip_pilot_enterprise", "amounts.ip_pirate_enterprise"),
        "rules[2].amounts.ip_pirate_enterprise: unknown title 'ip_pirate_enterprise'",
    ),
    (mutate("[policy.exclusive]", "[policy.exclusiv]"), "policy.exclusiv: unknown key 'exclusiv' (did you mean 'exclusive'?)"),
    (mutate("schema = 1", "schema = 2"), "schema: unsupported schema 2"),
    (DONGJIN.replace("[policy]", "[polcy]"), "polcy: unknown key 'polcy' (did you mean 'policy'?)"),
    (DONGJIN.replace("[policy]", "[polcy]").replace("[policy.exclusive]", "[polcy.exclusive]"), "policy: missing; a [policy] table is required"),
    (mutate("[[rules]]", "[[rule]]"), "unknown key 'rule' (did you mean 'rules'?)"),
    (mutate('regions = ["dongjin"]', "regions = []"), "policy.regions: expected a list of region names"),
    (mutate('regions = ["dongjin"]', 'regions = ["Dong Jin"]'), "policy.regions: 'Dong Jin' is not a valid id"),
    (
        mutate('applicants = ["x"]' if False else 'kind = "per_unit"', 'kind = "per_unit"\napplicants = ["firm"]'),
        "rules[0].applicants: unknown applicant kind 'firm'",
    ),
    (
        mutate('[[rules]]\nid = "insurance"', '[[rules]]\nid = "insurance"\nselect = [{ field = "premium", lt = 5 }]'),
        "give exactly one comparison: eq, ne, in, not_in, min, max, gt, any",
    ),
    (
        mutate("[groups.titles]", '[groups.other]\nlabel = { en = "o", zh = "o" }\n\n[groups.titles]'),
        "groups.other: group is declared but no rule belongs to it",
    ),
    ("policy = 5\n", "schema: missing"),
    ("", "the file is empty"),
    ("[[rules]\n", "malformed TOML"),
]


@pytest.mark.parametrize("text, fragment", POLICY_MISTAKES, ids=[f[1][:50] for f in POLICY_MISTAKES])
def test_check_names_file_line_and_field(tmp_path: Path, text: str, fragment: str):
    path = write(tmp_path, "dongjin.toml", text)
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert result.exit_code == 2, result.stdout
    assert result.stdout.startswith(f"✗ {path}: ")
    assert fragment in result.stderr, result.stderr
    assert all(line.startswith(f"error: {path}") for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_lines(tmp_path: Path):
    path = write(tmp_path, "dongjin.toml", mutate("share = 0.4", "share = 4"))
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert f"error: {path}:43: rules[1].share: 4 is outside [0, 1]" in result.stderr


def test_check_verifies_quotes_against_the_cited_source(tmp_path: Path):
    write(tmp_path, "source.txt", "第二条 国外授权发明专利每件奖励5000元。第三条 按保费40%资助,每项最高2万元,每年最高3万元")
    text = DONGJIN.replace("valid_from", 'source = "source.txt"\nvalid_from')
    path = write(tmp_path, "dongjin.toml", text)
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert result.exit_code == 2
    assert "rules[2].text: quote not found verbatim in source.txt" in result.stderr
    assert "rules[0].text" not in result.stderr and "rules[1].text" not in result.stderr
    assert (
        "rules[2].text: quote not found verbatim in source.txt: its first 1 characters match (…国), then the quote reads “家优势企业5”"
        in result.stderr.replace("\n", " ")
    )


def test_a_quote_that_leaves_its_source_is_shown_where(tmp_path: Path):
    # The quote says 8000 where the source says 5000: the message gives the quote's line,
    # how far it matches and what each has next.
    write(tmp_path, "source.txt", "第二条 国外授权发明专利每件奖励5000元。第三条 按保费40%资助,每项最高2万元,每年最高3万元")
    text = DONGJIN.replace("valid_from", 'source = "source.txt"\nvalid_from').replace("每件奖励5000元", "每件奖励8000元")
    path = write(tmp_path, "dongjin.toml", text)
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert result.exit_code == 2
    line = text.splitlines().index('text = "国外授权发明专利每件奖励8000元"') + 1
    assert (
        f"{path}:{line}: rules[0].text: quote not found verbatim in source.txt: its first 12 characters match "
        "(…国外授权发明专利每件奖励), then the quote reads “8000元” where the source has “5000元。”"
    ) in result.stderr.replace("\n", " ")


def test_check_a_folder_and_duplicate_ids(tmp_path: Path):
    write(tmp_path, "a.toml", DONGJIN)
    write(tmp_path, "b.toml", DONGJIN)
    result = runner.invoke(app, ["policies", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert f"✓ {tmp_path / 'a.toml'} (policy dongjin)" in result.stdout
    assert "policy id 'dongjin' is already defined by" in result.stderr


def test_policy_text_is_never_executed_or_formatted(tmp_path: Path):
    # A requirement's explanation is filled by plain replacement of {value} and {more}:
    # attribute or index lookups in the text stay as written.
    sneaky = mutate(
        'units = "foreign_invention_patents"\namount = 5000',
        'units = "foreign_invention_patents"\namount = 5000\nrequire = [{ field = "srdi", eq = true, because = { en = "{value.__class__.__mro__} {0} __import__(\'os\')", zh = "x" } }]',
    )
    folder = tmp_path / "sneaky"
    write(folder, "dongjin.toml", sneaky)
    result = estimate("--policies", str(folder), "--region", "dongjin", "--foreign-invention-patents", "1", "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    note = json.loads(result.stdout)["policies"][0]["items"][0]["note"]
    assert note.startswith("{value.__class__.__mro__} {0} __import__('os')")


def test_show_a_policy():
    result = runner.invoke(app, ["policies", "show", "xiangzhou", "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "襄州政发〔2023〕7号" in out and "in force as of 2025-01-01" in out
    assert "[6] patent_insurance  (share)  patent insurance premium subsidy" in out
    assert "    25% of premium (patent insurance)" in out and "    cap 80,000 per item" in out
    assert "    cap 400,000 per applicant: interest subsidy, all loans together" in out
    assert "    原文: 对开展专利保险业务的企业,按照企业实际支出保险费用的25%给予资助" in out
    bad = runner.invoke(app, ["policies", "show", "xiangzou"])
    assert bad.exit_code == 2 and "did you mean 'xiangzhou'?" in bad.stderr


def test_control_characters_in_policy_text_are_refused(tmp_path: Path):
    # A label that could pass for a JSON number marker ("\u0000D5") is refused, like any
    # control character other than tab and new line.
    path = write(tmp_path, "dongjin.toml", mutate('zh = "专利保险"', 'zh = "\\u0000D5"'))
    result = runner.invoke(app, ["policies", "check", str(path)])
    assert result.exit_code == 2 and "rules[1].label: text holds control characters" in result.stderr


def test_a_user_vocabulary_with_an_unknown_level_is_a_broken_file(tmp_path: Path):
    folder = tmp_path / "vocab"
    path = write(folder, "vocabulary.toml", '[titles.ip_star]\nlevels = ["county"]\nen = "star"\nzh = "星"\n')
    listed = runner.invoke(app, ["policies", "list", "--policies", str(folder)])
    assert listed.exit_code == 0 and "✗ broken" in listed.stdout
    checked = runner.invoke(app, ["policies", "check", str(folder)])
    assert checked.exit_code == 2
    assert f"{path}:2: titles.ip_star.levels: unknown level 'county' (did you mean 'city'?)" in checked.stderr


def test_a_rule_error_is_said_once_not_again_for_each_question(tmp_path: Path):
    # Fujian's 50% rule given a share of 5.5, and a question that changes that rule (its
    # `covered_rate`): the share is wrong once, at the rule, not again at the question.
    folder = tmp_path / "fujian"
    shutil.copytree(ROOT / "examples" / "policies" / "fujian", folder)
    policy = folder / "fujian.toml"
    text = policy.read_text(encoding="utf-8").replace("share = 0.5\n", "share = 5.5\n", 1)
    policy.write_text(
        text + '\n[[questions]]\nid = "again"\nlabel = { en = "x", zh = "x" }\ntext = "实际利率低于一年期LPR的按实际利率计算"\n'
        '[[questions.readings]]\nid = "a"\nlabel = { en = "a", zh = "a" }\nrationale = { en = "a", zh = "a" }\n'
        '[[questions.readings]]\nid = "b"\nlabel = { en = "b", zh = "b" }\nrationale = { en = "b", zh = "b" }\n'
        "[questions.readings.change.pledge_interest_covered]\nmax_months = 0\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["policies", "check", str(folder)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, errors
    assert errors[0].endswith("rules[1].share: 5.5 is outside [0, 1]; give a fraction (write 3.85% as 0.0385)")
    assert errors[1].endswith("questions[1].readings[1].change.pledge_interest_covered.max_months: 0 is below the minimum of 1")


def test_policies_test_says_which_folders_it_could_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # An unreadable subfolder was skipped silently and the run passed. (As root every
    # folder is readable: the failure to list it is simulated.)
    import os

    good = tmp_path / "all" / "fujian"
    shutil.copytree(ROOT / "examples" / "policies" / "fujian", good)
    locked = tmp_path / "all" / "locked"
    shutil.copytree(ROOT / "examples" / "policies" / "jinan", locked)
    real = os.scandir

    def scandir(path=".", *args):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["policies", "test", str(tmp_path / "all")])
    assert result.exit_code == 2
    assert f"error: {locked}: this folder cannot be read: its cases were not run" in result.stderr
    assert "14 cases: 14 passed, 0 failed" in result.stdout  # the readable folder's still ran
