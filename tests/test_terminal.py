"""The consultant's terminal: compare, init, rates, completions, help, languages, units,
colour and --explain, all through CliRunner."""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import string
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, warning_texts
from rich.cells import cell_len
from typer.testing import CliRunner

from ipcalc import schema
from ipcalc.cli import COMMANDS as CLI_COMMANDS
from ipcalc.cli import app

runner = CliRunner()


def invoke(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


# ------------------------------------------------------------------ compare


def test_compare_json_worked_by_hand():
    # examples/xiangzhou-enterprise.toml under each policy, as of 2025-06-30:
    # - xiangzhou: 1,529,833.33 (see test_examples);
    # - ningxia: China Patent Excellence 100,000 (measure 1); inbound deals of 2024, both
    #   implemented: 5% x (1,000,000 + 300,000) = 65,000 (measure 5); the first loan (repaid,
    #   no pledge_share: 1) at the LPR of 2024-03-01, 3.45%: 3,000,000 x 3.45% = 103,500
    #   (measure 7; the second is not repaid yet: nothing); the provincial demonstration
    #   title is paid only at national level. Total 268,500.
    # - sichuan, shaoyang: no amounts.
    result = invoke("compare", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert {p["id"]: p["total"] for p in doc["policies"]} == {
        "ningxia": Decimal("268500.00"),
        "shaoyang": Decimal("0.00"),
        "sichuan": Decimal("0.00"),
        "xiangzhou": Decimal("1529833.33"),
    }
    lines = {line["fact"]: line for line in doc["lines"]}
    assert lines["loans"]["amounts"]["ningxia"] == Decimal("103500.00")
    # Xiangzhou: interest 65,250 + guarantee fee 45,000 = 110,250 for the first loan; the
    # second's interest for its 10 months within the measures, 50% x 4.75% x 2,000,000 x
    # 10/12 = 39,583.33: 149,833.33.
    assert lines["loans"]["amounts"]["xiangzhou"] == Decimal("149833.33")
    # The spread runs over every policy: Xiangzhou 400,000 against Sichuan's 0.
    assert lines["inbound_deals"]["spread"] == Decimal("400000.00")
    spreads = [line["spread"] for line in doc["lines"]]
    assert spreads == sorted(spreads, reverse=True)


def test_compare_table_fits_80_columns_in_both_languages():
    for lang in ("en", "zh"):
        result = invoke("compare", str(EXAMPLES / "ningxia-srdi.toml"), "--format", "table", "--lang", lang)
        assert result.exit_code == 0, result.stderr
        assert widest(result.stdout) <= 80
        bars = [line for line in result.stdout.splitlines() if "█" in line]
        assert len(bars) == 2 and bars[0].startswith(("Ningxia", "宁夏")) and bars[0].endswith("█")
    assert "差异最大的事项" in result.stdout and "知识产权质押贷款" in result.stdout


def test_compare_needs_a_profile():
    assert invoke("compare").exit_code == 2
    assert "no such file" in invoke("compare", "nope.toml").stderr


# ------------------------------------------------------------------ init


TEMPLATE = (ROOT / "ipcalc" / "templates" / "profile.en.toml").read_text(encoding="utf-8")


def test_init_prints_the_template_and_it_estimates():
    result = invoke("init", "--as-of", "2025-06-30")
    assert result.exit_code == 0 and result.stdout == TEMPLATE
    estimate = invoke("estimate", "-", "--as-of", "2025-06-30", "--format", "json", input=TEMPLATE)
    assert estimate.exit_code == 0, estimate.stderr


def test_template_has_every_field_in_english_and_chinese():
    for name in [*schema.SCALARS, *(f"[[{s}]]" for s in schema.SECTIONS), *(k for info in schema.SECTIONS.values() for k in info.fields)]:
        assert re.search(rf"(^|\s){re.escape(name)}(\s|=|$)", TEMPLATE, re.M), name
    for line in TEMPLATE.splitlines():
        if "=" in line and "#" in line.split("=", 1)[1]:
            assert re.search(r"[\u4e00-\u9fff]", line) or "SRDI" in line, line


def test_every_example_in_the_template_is_valid_when_uncommented():
    uncommented = re.sub(r"^# (\[\[|[a-z_]+ = )", r"\1", TEMPLATE, flags=re.M)
    result = invoke("estimate", "-", "--as-of", "2025-06-30", "--format", "json", input=uncommented)
    assert result.exit_code == 0, result.stderr
    assert Decimal(str(json.loads(result.stdout)["total"])) > 0


def test_init_refuses_to_overwrite(tmp_path: Path):
    path = tmp_path / "client.toml"
    assert invoke("init", str(path), "--as-of", "2025-06-30").exit_code == 0 and path.read_text() == TEMPLATE
    path.write_text("edited")
    again = invoke("init", str(path))
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr and path.read_text() == "edited"
    assert invoke("init", str(path), "--force", "--as-of", "2025-06-30").exit_code == 0 and path.read_text() == TEMPLATE
    assert "is a folder" in invoke("init", str(tmp_path)).stderr


def test_init_edit_save_estimate_round_trip(tmp_path: Path):
    path = tmp_path / "client.toml"
    invoke("init", str(path))
    text = path.read_text().replace('region = "xiangzhou"', 'region = "ningxia"').replace("foreign_trademarks = 0", "foreign_trademarks = 2")
    text = text.replace(
        "# [[loans]]\n# principal = 3000000\n# issued = 2024-03-01\n# months = 12", "[[loans]]\nprincipal = 3000000\nissued = 2024-03-01\nmonths = 12"
    )
    path.write_text(text)
    saved = tmp_path / "saved.toml"
    first = invoke(
        "estimate", str(path), "--as-of", "2025-06-30", "--title", "title=ip_advantage_enterprise", "--save", str(saved), "--format", "json"
    )
    assert first.exit_code == 0, first.stderr
    second = invoke("estimate", str(saved), "--format", "json")
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout
    # Ningxia measure 1: 2 trademarks x 10,000 + advantage enterprise 150,000 = 170,000
    # (the loan is not repaid, so no interest subsidy yet).
    assert json.loads(second.stdout, parse_float=Decimal)["total"] == Decimal("170000.00")


# ------------------------------------------------------------------ rates


def test_rates_text_and_json():
    result = invoke("rates", "--on", "2024-10-21")
    assert result.exit_code == 0, result.stderr
    assert "up to 1 year  4.35%" in result.stdout and "over 5 years  4.90%" in result.stdout
    assert "2024-10-21  3.10%" in result.stdout
    assert "verified through 2026-06-22" in result.stdout
    assert result.stdout.rstrip().endswith("2024-10-21: 1-year LPR 3.10%, announced 2024-10-21")
    doc = json.loads(invoke("rates", "--format", "json", "--on", "2026-09-01").stdout, parse_float=Decimal)
    assert doc["on"] == {"date": "2026-09-01", "lpr_1y": Decimal("0.0300"), "announced": "2025-05-20", "past_verified_data": True}
    assert len(doc["lpr_1y"]["values"]) == 13 and all(v["source"] for v in doc["lpr_1y"]["values"])
    assert "一年期贷款市场报价利率" in invoke("rates", "--lang", "zh").stdout


# ------------------------------------------------------------------ completions

FILES = {"bash": "ipcalc.bash", "zsh": "_ipcalc", "fish": "ipcalc.fish", "powershell": "ipcalc.ps1"}


@pytest.mark.subprocess
@pytest.mark.parametrize("shell", FILES)
def test_completion_scripts_match_the_cli_and_the_shipped_files(shell: str):
    printed = invoke("completions", shell)
    assert printed.exit_code == 0
    assert printed.stdout == (ROOT / "completions" / FILES[shell]).read_text(encoding="utf-8")
    env = {**os.environ, "_IPCALC_COMPLETE": f"source_{shell}", "PYTHONPATH": str(ROOT)}
    code = "import sys; sys.argv[0] = 'ipcalc'; from ipcalc.cli import main; main()"
    sourced = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert sourced.strip() == printed.stdout.strip()


def test_zsh_file_starts_with_compdef():
    assert (ROOT / "completions" / "_ipcalc").read_text().startswith("#compdef ipcalc\n")


#: completes each line it is given (one per line of standard input), as the shell's
#: completion does, in one process: each answer a JSON line
_COMPLETER = """
import contextlib, io, json, os, sys
os.environ["_IPCALC_COMPLETE"] = "complete_zsh"
sys.argv[0] = "ipcalc"
from ipcalc.cli import main
for line in sys.stdin.read().splitlines():
    os.environ["_TYPER_COMPLETE_ARGS"] = line
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main()
    sys.__stdout__.write(json.dumps(out.getvalue()) + "\\n")
"""


def complete_all(lines: list[str]) -> dict[str, list[str]]:
    """What the shell's completion offers for each line (`ipcalc estimate --region n`), all
    asked of one process (the completion machinery is the command line's own)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _COMPLETER], input="\n".join(lines), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(lines), done.stderr
    return {line: re.findall(r'"([^"]+)"', answer) for line, answer in zip(lines, answers)}


def complete(words: str) -> list[str]:
    return complete_all([words])[words]


@pytest.mark.subprocess
def test_option_values_complete():
    expected = {
        "ipcalc estimate --region n": ["ningxia"],
        "ipcalc estimate --kind u": ["university"],
        "ipcalc estimate --policy s": ["shaoyang", "sichuan"],
        "ipcalc estimate --format j": ["json"],
        "ipcalc estimate --title title=ip_education_p": ["title=ip_education_pilot_school"],
        "ipcalc estimate --title title=ip_pilot_park,le": ["title=ip_pilot_park,level="],
        "ipcalc estimate --title title=ip_pilot_park,level=n": ["title=ip_pilot_park,level=national"],
        "ipcalc estimate --award award=china_patent_s": ["award=china_patent_silver"],
        "ipcalc estimate --case scope=f": ["scope=foreign"],
        "ipcalc policies show xi": ["xiangzhou"],
        "ipcalc estimate --patent type=invention,route=foreign,country=J": [
            f"type=invention,route=foreign,country={c}" for c in ("JE", "JM", "JO", "JP")
        ],
        "ipcalc estimate --trademark type=w": ["type=well_known"],
    }
    got = complete_all([*expected, "ipcalc policies t"])
    for line, offered in expected.items():
        assert got[line] == offered, line
    assert got["ipcalc policies t"][0] == "test"  # zsh gets the command and its help


@pytest.mark.subprocess
def test_declared_facts_complete_when_their_folder_is_named():
    shapes = str(ROOT / "tests" / "policies" / "shapes")
    expected = {
        f"ipcalc estimate --policies {shapes} --software-copyright ori": ["original="],
        f"ipcalc estimate --policies {shapes} --software-copyright original=": ["original=true", "original=false"],
        f"ipcalc estimate --policies {shapes} --sector m": ["manufacturing"],
        "ipcalc estimate --software-copyright ori": [],
    }
    got = complete_all(list(expected))
    for line, offered in expected.items():
        assert got[line] == offered, line


# ------------------------------------------------------------------ help


COMMANDS = [
    ["estimate"],
    ["opportunities"],
    ["batch"],
    ["compare"],
    ["report"],
    ["init"],
    ["rates"],
    ["completions"],
    ["policies"],
    ["policies", "list"],
    ["policies", "show"],
    ["policies", "check"],
    ["policies", "test"],
    ["policies", "new"],
]


def test_top_level_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ["estimate", "opportunities", "batch", "compare", "report", "init", "policies", "rates", "completions"]:
        assert re.search(rf"^  {name} ", result.stdout, re.M), name
    assert set(CLI_COMMANDS) == {"estimate", "opportunities", "batch", "compare", "report", "init", "policies", "rates", "completions"}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_for_every_command(command: list[str]):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.stderr
    assert f"Usage: ipcalc {' '.join(command)}" in result.stdout
    assert "Traceback" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_docs_explain_every_option(command: list[str]):
    # Docs checked against --help: every long option of every command is explained in the
    # hand-written docs (docs/cli.md also holds every --help, generated: that part aside).
    cli = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    pages = [cli[: cli.index("<!-- [[[cog")]] + [p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md"]
    readme = "\n".join(pages)
    options = set(re.findall(r"(--[a-z][a-z-]+)", invoke(*command, "--help", env={"COLUMNS": "200"}).stdout))
    options -= {"--help", "--install-completion", "--show-completion"}
    for option in sorted(options):
        base = option.split("/")[0]
        if base.startswith("--no-") or base == "--not-blacklisted":
            continue
        assert base in readme, f"{' '.join(command)} {base} is not explained in docs/"


# ------------------------------------------------------------------ languages, units, colour


def test_language_follows_the_locale_and_lang_overrides():
    zh = invoke("estimate", str(EXAMPLES / "sichuan-park.toml"), "-f", "table", env={"LANG": "zh_CN.UTF-8"})
    assert "非资金支持" in zh.stdout and "合计" in zh.stdout
    en = invoke("estimate", str(EXAMPLES / "sichuan-park.toml"), "-f", "table", "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
    assert "qualitative" in en.stdout and "合计" not in en.stdout
    assert invoke("estimate", str(EXAMPLES / "sichuan-park.toml"), "-f", "table", env={"LC_ALL": "zh_TW.UTF-8"}).stdout.count("园区") >= 1


def test_errors_and_warnings_in_chinese():
    bad = invoke("estimate", "--region", "ningxia", "--loan", "principal=-5,months=0", "--lang", "zh")
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == [
        "error: --loan: loans[0].principal: -5 为负数;金额以元计,不得小于 0",
        "error: --loan: loans[0].months: 0 小于最小值 1",
    ]
    assert "未知地区 'nowhere'" in invoke("estimate", "--region", "nowhere", env={"LANG": "zh_CN.UTF-8"}).stderr
    warned = invoke("estimate", "--region", "ningxia", "--foreign-trademarks", "1", "-f", "json", "--lang", "zh")
    assert warning_texts(json.loads(warned.stdout))[:2] == [
        "宁夏:征求意见稿,正式发布时金额可能调整",
        "宁夏:各项措施面向专精特新中小企业,本申请人并非专精特新企业:按资金条款的字面对象(所有企业)计算(采用解读:所有企业)",
    ]
    batch = invoke("batch", "-", "--lang", "zh", input='{"region": "x"}\n')
    assert "未知地区 'x'" in batch.stdout and "1 个档案中有 1 个失败" in batch.stderr


@functools.cache
def nodes(path: Path) -> list[ast.AST]:
    """Every node of a module of ipcalc (parsed once for the tests that read them all)."""
    return list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _codes_used() -> tuple[set[str], set[str]]:
    """Every string constant of ipcalc's code but the catalogue (codes are passed around as
    plain strings), and the prefixes of codes built with an f-string (msg(f"op_{op}"))."""
    codes: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "ipcalc").rglob("*.py"):
        if "catalogue" in path.parts:
            continue
        for node in nodes(path):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                codes.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
    return codes, prefixes


def test_every_sentence_has_english_and_chinese():
    from ipcalc.catalogue import every, listings, problems, reasons, report, warnings, words

    modules = [words.WORDS, reasons.REASONS, reasons.TRACE, warnings.WARNINGS, problems.PROBLEMS, listings.LISTINGS, report.REPORT]
    assert sum(len(m) for m in modules) == len(set().union(*modules)), "a code in two modules"
    CATALOGUE = every()

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    codes, prefixes = _codes_used()
    # Codes made from data: statuses, applicant kinds, comparison operators, reference rates,
    # origins and file kinds, the separators of Seq.
    from ipcalc.rules.base import CONDITION_OPS
    from ipcalc.rules.interest import REFERENCES
    from ipcalc.rules.terms import DATE_OPS

    dynamic = {f"op_{op}" for op in CONDITION_OPS} | {f"show_cond_{op}" for op in CONDITION_OPS if op not in DATE_OPS}
    dynamic |= {f"show_reference_{r}" for r in REFERENCES} | {"origin_bundled", "origin_user", "check_rates", "check_vocabulary"}
    dynamic |= {
        "eligible",
        "capped",
        "superseded",
        "ineligible",
        "outside_validity",
        "qualitative",
        "scheduled",
        "in_force",
        "expired",
        "not_yet_in_force",
        "draft",
    }
    dynamic |= set(schema.APPLICANT_KINDS)
    literal_codes = set()
    for path in (ROOT / "ipcalc").rglob("*.py"):
        for node in nodes(path):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("msg", "t") and node.args:
                if isinstance(node.args[0], ast.Constant):
                    literal_codes.add(node.args[0].value)
    missing = (literal_codes | dynamic) - set(CATALOGUE)
    assert missing == set(), "codes used without a catalogue entry"
    unused = {c for c in CATALOGUE if c not in codes | dynamic and not any(c.startswith(p) for p in prefixes)}
    assert unused == set(), "catalogue entries no code uses"
    for code, (en, zh) in CATALOGUE.items():
        assert en and zh, code
        # The Chinese may say more than the English (aggregate_cut names the amount used).
        assert fields(zh) - fields(en) <= {"aggregate_cut": {"used"}}.get(code, set()), code
        assert fields(en) <= fields(zh), code
        if code not in (
            "blacklisted",
            "policy_says",
            "requirement",
            "op_eq",
            "op_gt",
            "op_min",
            "op_max",
            "show_cond_max",
            "sep_semicolon",
            "cap_label_by",
            "show_cond_eq",
            "show_cond_gt",
            "show_cond_min",
            "sep_times",
            "cap_label_year",
            "show_facts",
            "needs_sep",
            "needs_join",
            "needs_set",
            "needs_change",
            "show_cond_ne",
            "show_aggregate_by",
            "sep_list",
            "sep_alternatives",
            "fact_ref",
            "fact_entry",
            "fact_several",
            "fact_field",
            "fact_dated",
            "fact_title",
            "fact_award",
            "question_words",
            "reading_words",
            "apply_part",
            "apply_part_from",
            "step_where",
            "show_level_amount",
        ) and not en.startswith("{"):
            assert re.search(r"[\u4e00-\u9fff]", zh), f"{code}: no Chinese in {zh!r}"


def test_no_language_branch_outside_i18n():
    # One mechanism: only ipcalc/i18n.py may choose between languages.
    for path in (ROOT / "ipcalc").rglob("*.py"):
        if path.name == "i18n.py":
            continue
        for node in nodes(path):
            if isinstance(node, ast.Compare):
                constants = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
                assert not {"en", "zh"} & set(constants), f"{path.relative_to(ROOT)}:{node.lineno} branches on a language"


def test_unit_wan_in_the_table():
    result = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table", "--unit", "wan")
    assert "10,000 yuan" in result.stdout.splitlines()[0]
    # 1,529,833.33 yuan = 152.983333 wan; over the readings 1,502,583.33 to 1,585,250 yuan
    # (see test_examples), read "expected" with the readings in force.
    assert "        total  " in result.stdout and "152.983333\n" in result.stdout
    flat = " ".join(result.stdout.split())
    assert "expected 152.983333 wan (conservative 150.258333 — optimistic 158.525)" in flat
    assert "conservative: the 1-year LPR at issue" in flat and "optimistic: the loan's whole term" in flat
    assert "from the district's special IP fund of 50 wan a year" in flat  # a sentence's amount in wan too
    assert widest(result.stdout) <= 80


def test_colour_only_when_asked_and_never_with_no_color():
    args = ("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table")
    assert "\x1b[" in invoke(*args, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke(*args).stdout  # not a terminal


def test_explain_in_table_and_json():
    table = invoke(
        "estimate", "--region", "xiangzhou", "--insurance", "premium=400000", "--as-of", "2025-01-01", "-f", "table", "--explain", "--lang", "zh"
    )
    assert "条款原文:对开展专利保险业务的企业" in table.stdout
    assert "→ 基数:25% × 400,000 = 100,000.00元" in table.stdout and "→ 单项上限:80,000元 → 80,000.00元" in table.stdout
    assert widest(table.stdout) <= 80
    doc = json.loads(
        invoke("estimate", "--region", "xiangzhou", "--insurance", "premium=400000", "--as-of", "2025-01-01", "-f", "json", "--explain").stdout
    )
    item = doc["policies"][0]["items"][0]
    assert item["text"] == ["对开展专利保险业务的企业,按照企业实际支出保险费用的25%给予资助,一项专利保险在保险期内资助总额最高8万元。"]
    assert item["interpretation"].startswith("25% of the premium paid")
    assert item["steps"] == ["base: 25% × 400,000 = 100,000.00", "cap per item: 80,000 → 80,000.00", "rounded half-up to the fen: 80,000.00"]


def test_markdown_in_chinese():
    result = invoke("estimate", str(EXAMPLES / "ningxia-srdi.toml"), "-f", "markdown", "--lang", "zh")
    assert "| 条款 | 项目 | 对应事实 | 计算依据 | 未封顶 | 上限 | 金额 | 状态 |" in result.stdout
    assert "> ⚠ 宁夏:征求意见稿" in result.stdout


def test_policies_list_and_show_fit_in_chinese():
    listed = invoke("policies", "list", "--lang", "zh", "--as-of", "2025-01-01")
    assert "xiangzhou" in listed.stdout and "有效" in listed.stdout
    shown = invoke("policies", "show", "ningxia", "--lang", "zh")
    assert "[7] pledge_interest  (interest)  知识产权质押融资贴息" in shown.stdout


def test_wrapping_chinese_and_english():
    from rich.text import Text

    from ipcalc.render.table_writer import wrap

    def lines(text: str, width: int) -> list[str]:
        return [line.plain for line in wrap(Text(text), width)]

    # English breaks at spaces; a long Chinese sentence after a short word stays on its line
    # and breaks between Chinese characters, never inside "8万元" or before a comma.
    assert lines("one two three four", 9) == ["one two", "three", "four"]
    assert lines("⚠ 对国家、省、襄阳市知识产权示范企业分别给予8万元", 20) == ["⚠ 对国家、省、襄阳市", "知识产权示范企业分别", "给予8万元"]
    assert all(not line.startswith(("、", ",", "。")) for line in lines("知识产权、专利、商标、地理标志、集成电路布图设计", 7))
    # A space is preferred when it leaves the line at least half full.
    assert lines("IP management standard (贯标) subsidy", 26) == ["IP management standard", "(贯标) subsidy"]
    # Nothing is lost or added but the spaces at the breaks.
    text = "clause text: 对国家、省、襄阳市知识产权示范企业分别给予40万元、24万元的一次性奖励 and more words"
    assert "".join(lines(text, 17)).replace(" ", "") == text.replace(" ", "")
    # A compound word may break after its hyphen; an option or a negative number may not.
    assert lines("patent navigation and early-warning analysis", 28) == ["patent navigation and early-", "warning analysis"]
    for width in range(4, 30):
        for text in ("可用 --reading 选择其他解读", "see --reading and -p here", "from -5 to -10 yuan"):
            assert not any(line.endswith("-") for line in lines(text, width)), (text, width)


@pytest.mark.parametrize("columns", ["100000000000000000000", "100000000", "0", "-3", "abc"])
def test_any_columns_gives_a_table_of_a_sane_width(columns: str):
    # COLUMNS=10^8 once took 5 minutes and 4.9 GB; 10^20 overflowed. Widths are clamped to
    # 20..1000 columns.
    result = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert widest(result.stdout) <= 1000
