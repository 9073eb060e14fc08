"""The command line through typer.testing.CliRunner: exact output, flags, files, stdin, errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import EXAMPLES, warning_texts
from typer.testing import CliRunner

from ipcalc import __version__
from ipcalc.cli import app

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def parse(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


SCHOOL_JSON = """{
  "schema": 1,
  "profile": {
    "name": "Dongjin No. 2 Middle School",
    "region": "xiangzhou",
    "kind": "school"
  },
  "as_of": "2025-06-30",
  "policies": [
    {
      "id": "xiangzhou",
      "name": "Xiangzhou District",
      "title": "Xiangzhou District Government: Opinions on strengthening patent work and building a strong IP district",
      "document": "襄州政发〔2023〕7号",
      "origin": "bundled",
      "path": null,
      "status": "in_force",
      "valid_from": "2023-08-30",
      "valid_until": "2025-12-31",
      "items": [
        {
          "rule": "school_title",
          "clause": "18",
          "label": "IP education school title award",
          "basis": "IP education pilot school (city): 24,000",
          "uncapped": 24000.00,
          "cap": null,
          "amount": 24000.00,
          "status": "eligible",
          "note": "one-off award per title; only the highest school title is paid",
          "reasons": [],
          "fact": "titles[0]",
          "facts": [
            [
              "titles",
              0
            ]
          ],
          "for": "title #1: IP education pilot school (city), 2024-05-01",
          "claimed": false,
          "payee": null,
          "date": "2024-05-01"
        },
        {
          "rule": "public_service_platform",
          "clause": "8",
          "label": "district IP public service platform",
          "basis": "",
          "uncapped": null,
          "cap": null,
          "amount": 0.00,
          "status": "qualitative",
          "note": "a support measure with no cash amount",
          "reasons": [],
          "fact": null,
          "facts": [],
          "for": null,
          "claimed": false,
          "payee": null,
          "date": "2025-06-30"
        },
        {
          "rule": "competition_prize",
          "clause": "11",
          "label": "prizes for projects selected in the bureau's competitions",
          "basis": "",
          "uncapped": null,
          "cap": null,
          "amount": 0.00,
          "status": "qualitative",
          "note": "the text says 最高不超过8 without a unit; read as up to 80,000; the amount depends on the ranking, so none is computed",
          "reasons": [],
          "fact": null,
          "facts": [],
          "for": null,
          "claimed": false,
          "payee": null,
          "date": "2025-06-30"
        }
      ],
      "total": 24000.00,
      "still_to_claim": 24000.00,
      "readings": {
        "pledge_fees": "separate",
        "interest_rate": "benchmark",
        "interest_cap": "per_applicant",
        "cooperation_applicants": "enterprises",
        "interest_after_end": "within_validity"
      },
      "range": {
        "low": 24000.00,
        "high": 24000.00,
        "low_readings": {
          "pledge_fees": "separate",
          "interest_rate": "benchmark",
          "interest_cap": "per_applicant",
          "cooperation_applicants": "enterprises",
          "interest_after_end": "within_validity"
        },
        "high_readings": {
          "pledge_fees": "separate",
          "interest_rate": "benchmark",
          "interest_cap": "per_applicant",
          "cooperation_applicants": "enterprises",
          "interest_after_end": "within_validity"
        }
      },
      "apply": {
        "office": {
          "text": "Xiangzhou District Market Supervision Administration (Xiangzhou District IP Office), which budgets the fund each year",
          "clause": "21",
          "quote": "襄州区市场监督管理局(襄州区知识产权局)负责专项资金的年度预算"
        },
        "procedure": {
          "text": "public application, review by the department, approval at a meeting, public notice of the results, payment together",
          "clause": "21",
          "quote": "严格按照“公开申报、部门审核、会议审定、结果公示、集中支付”等程序进行管理"
        },
        "window": null,
        "materials": null,
        "fund": {
          "text": "a special IP fund of 500,000 a year in the district budget, what is left at year end returned: every award here is paid from it",
          "clause": "21",
          "quote": "现设立知识产权专项工作经费50万元"
        },
        "rules": {}
      }
    }
  ],
  "total": 24000.00,
  "still_to_claim": 24000.00,
  "range": {
    "low": 24000.00,
    "high": 24000.00
  },
  "warnings": [
    {
      "code": "warn_notice",
      "text": "Xiangzhou District: awards are paid after public application, review by the department, approval, public notice and payment together, from the district's special IP fund of 500,000 a year: an amount here is what the measures provide, not a payment due (clause 21)",
      "policy": "xiangzhou",
      "name": "Xiangzhou District",
      "clause": "21",
      "note": "awards are paid after public application, review by the department, approval, public notice and payment together, from the district's special IP fund of 500,000 a year: an amount here is what the measures provide, not a payment due"
    }
  ],
  "ipcalc": "VERSION"
}
""".replace("VERSION", __version__)


def test_exact_json_from_flags_only():
    # Measure 18: a city-level IP education pilot school: 2.4万元 = 24,000.
    result = invoke(
        "estimate",
        "--region",
        "xiangzhou",
        "--kind",
        "school",
        "--name",
        "Dongjin No. 2 Middle School",
        "--title",
        "title=ip_education_pilot_school,level=city,date=2024-05-01",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SCHOOL_JSON
    assert result.stderr == ""


def test_spec_example_pledge_interest_json_numbers():
    # The documented JSON example: 50% x 4.35% x 3,000,000 x 12/12 = 65,250.00, cap 400,000.
    result = invoke(
        "estimate",
        "--region",
        "xiangzhou",
        "--loan",
        "principal=3000000,months=12,issued=2024-03-01",
        "--as-of",
        "2025-06-30",
        "--policy",
        "xiangzhou",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert '"uncapped": 65250.00,' in result.stdout
    assert '"cap": 400000,' in result.stdout
    assert '"amount": 65250.00,' in result.stdout
    doc = parse(result.stdout)
    item = next(i for i in doc["policies"][0]["items"] if i["rule"] == "pledge_interest")
    assert item == {
        "rule": "pledge_interest",
        "clause": "6",
        "label": "IP-pledge loan interest subsidy",
        "basis": "50% × 4.35% × 3,000,000 × 12/12",
        "uncapped": Decimal("65250.00"),
        "cap": Decimal("400000"),
        "amount": Decimal("65250.00"),
        "status": "eligible",
        "note": item["note"],
        "reasons": [{"code": "benchmark_used", "rate": Decimal("0.0435"), "tenor": "up to 1 year", "since": "2015-10-24"}],
        "fact": "loans[0]",
        "facts": [["loans", 0]],
        "for": "loan #1: issued 2024-03-01, 3,000,000, 12 months",
        "claimed": False,
        "payee": None,
        "date": "2024-03-01",
    }
    assert item["note"].startswith("PBoC benchmark rate 4.35% for loans up to 1 year")
    assert doc["total"] == Decimal("65250.00")


def test_hook_command_from_another_directory(tmp_path, monkeypatch):
    # The set-up check: 2 foreign trademarks in Ningxia (measure 1, 1万元 each) = 20,000.
    monkeypatch.chdir(tmp_path)
    result = invoke("estimate", "--region", "ningxia", "--as-of", "2024-12-31", "--foreign-trademarks", "2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = parse(result.stdout)
    assert doc["total"] == Decimal("20000.00")
    assert doc["policies"][0]["status"] == "draft"
    # The draft warning, the reading in force for an applicant that is not an SRDI SME, and
    # the notice that the draft found is cut off.
    assert warning_texts(doc) == [
        "Ningxia: a draft for comment (征求意见稿); its figures may change when adopted",
        "Ningxia: the measures are framed for 专精特新 (SRDI) SMEs, and this applicant is not one: computed for every "
        "enterprise, as the monetary clauses read (reading: every enterprise)",
        "Ningxia: the draft's text found is a preview cut off in measure 13: its end, possibly its dates and an "
        "anti-duplication rule, is missing (clause 13)",
    ]
    # Read for SRDI SMEs only, this applicant gets nothing: the range says so.
    assert doc["policies"][0]["range"] == {
        "low": Decimal("0.00"),
        "high": Decimal("20000.00"),
        "low_readings": {"blacklist": "computed", "applicants": "srdi_only", "interest_after_end": "within_validity"},
        "high_readings": {"blacklist": "computed", "applicants": "all_enterprises", "interest_after_end": "within_validity"},
    }


def test_profile_file_and_flags_extend_it():
    # The example file's total is 1,490,250 (see test_examples); one more patent agent
    # (measure 17, 10,000) and a scalar override of as_of keep the file's other facts.
    base = parse(invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "json").stdout)
    more = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--patent-agents", "2", "-f", "json")
    assert more.exit_code == 0, more.stderr
    assert parse(more.stdout)["total"] - base["total"] == Decimal(10000)
    added = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--insurance", "premium=8000,date=2024-08-01", "-f", "json")
    # Measure 6: 25% x 8,000 = 2,000 more.
    assert parse(added.stdout)["total"] - base["total"] == Decimal(2000)


def test_profile_from_stdin():
    toml = 'region = "ningxia"\nforeign_invention_patents = 2\nas_of = 2025-01-01\n'
    result = invoke("estimate", "-", "-f", "json", input=toml)
    assert result.exit_code == 0, result.stderr
    # Measure 1: 2 x 20,000 = 40,000.
    assert parse(result.stdout)["total"] == Decimal("40000.00")


def test_amounts_with_fen_from_flags():
    # Measure 6: premium 10,000.02 x 25% = 2,500.005 -> 2,500.01 (half-up); written exactly.
    result = invoke("estimate", "--region", "xiangzhou", "--insurance", "premium=10000.02", "--as-of", "2025-01-01", "-f", "json")
    assert '"amount": 2500.01,' in result.stdout


def test_thousands_separators_in_flag_values():
    result = invoke(
        "estimate",
        "--region",
        "ningxia",
        "--loan",
        "principal=1,000,000,months=12,issued=2024-03-01,repaid=true,pledge_share=1",
        "--as-of",
        "2025-01-01",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    # Measure 7: 1,000,000 x 100% x 3.45% x 12/12 = 34,500.
    assert parse(result.stdout)["total"] == Decimal("34500.00")


def test_lpr_option():
    result = invoke(
        "estimate",
        "--region",
        "ningxia",
        "--loan",
        "principal=1000000,months=12,repaid=true,pledge_share=1",
        "--lpr",
        "3%",
        "--as-of",
        "2025-01-01",
        "-f",
        "json",
    )
    assert parse(result.stdout)["total"] == Decimal("30000.00")
    bad = invoke("estimate", "--region", "ningxia", "--lpr", "abc")
    assert bad.exit_code == 2 and "--lpr" in bad.stderr


def test_unit_wan():
    result = invoke("estimate", "--region", "ningxia", "--foreign-trademarks", "3", "--as-of", "2025-01-01", "-f", "json", "--unit", "wan")
    doc = parse(result.stdout)
    # 3 x 10,000 = 30,000 yuan = 3 wan.
    assert doc["unit"] == "wan" and doc["total"] == Decimal("3")


def test_csv_one_row_per_item():
    result = invoke("estimate", str(EXAMPLES / "ningxia-srdi.toml"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "name,region,kind,as_of,unit,policy,policy_status,rule,clause,label,fact,for,date,basis,uncapped,cap,amount,status,"
        "claimed,note,readings,warnings,error"
    )
    row = next(line for line in lines if ",foreign_patents," in line)
    assert ",60000.00,,60000.00,eligible,false," in row
    # The draft's warnings in the row's warnings column, and on standard error too.
    assert "Ningxia: a draft for comment (征求意见稿); its figures may change when adopted; Ningxia: the draft's text" in row
    assert "warning: Ningxia: a draft" in result.stderr


def test_markdown():
    result = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "### Xiangzhou District — Xiangzhou District Government" in result.stdout
    row = "| 6 | patent insurance premium subsidy | insurance #2: premium 400,000, 2024-06-01 | 25% × 400,000 | 100,000 | 80,000 | **80,000** | capped |"
    assert row in result.stdout
    assert "| | **total** | | | | | **1,529,833.33** | |" in result.stdout
    assert "expected 1,529,833.33 yuan (conservative 1,502,583.33 — optimistic 1,585,250)" in result.stdout


def test_table_is_the_default_and_fits_80_columns():
    result = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in result.stdout  # no colour when not a terminal
    assert any("↓ capped" in line for line in lines)
    assert any("× superseded" in line for line in lines)
    # The total, then the range over Xiangzhou's readings (worked out in test_examples): the
    # LPR instead of the benchmark rate, 1,502,583.33; the second loan's whole term counted,
    # 1,585,250. The readings named by their labels.
    total = next(line for line in lines if line.split()[:1] == ["total"])
    assert total.split()[-1] == "1,529,833.33"
    assert lines[-4:] == [
        "        expected 1,529,833.33 yuan (conservative 1,502,583.33 — optimistic",
        "        1,585,250)",
        "        conservative: the 1-year LPR at issue",
        "        optimistic: the loan's whole term",
    ]


def test_table_in_chinese_fits_80_cells():
    from rich.cells import cell_len

    result = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    assert "知识产权质押贷款贴息" in result.stdout and "↓ 封顶" in result.stdout


def test_version():
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"ipcalc {__version__}\n")


def test_save_reproduces_the_estimate(tmp_path):
    saved = tmp_path / "merged.toml"
    first = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--patent-agents", "3", "--save", str(saved), "-f", "json")
    assert first.exit_code == 0, first.stderr
    again = invoke("estimate", str(saved), "-f", "json")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["estimate", "--region", "nowhere"], "--region: region: unknown region 'nowhere'"),
        (["estimate"], "region: missing"),
        (["estimate", "--region", "ningxia", "--loan", "principal=abc,months=12"], "--loan: loans[0].principal: expected an amount in yuan"),
        (["estimate", "--region", "ningxia", "--loan", "principle=5,months=1"], "did you mean 'principal'?"),
        (["estimate", "--region", "ningxia", "--loan", "principal=5,months=1,pledge_share=1.5"], "loans[0].pledge_share: 1.5 is outside [0, 1]"),
        (["estimate", "--region", "ningxia", "--title", "title=ip_demonstration_enterprise,level=regional"], "is not granted at level 'regional'"),
        (["estimate", "--region", "ningxia", "--policy", "ningxai"], "did you mean 'ningxia'?"),
        (["estimate", "no/such/file.toml"], "no/such/file.toml: no such file"),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(args, fragment):
    result = invoke(*args)
    assert result.exit_code == 2
    assert fragment in result.stderr, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_python_api_gives_the_json_document(tmp_path, monkeypatch):
    # The documented call: Ningxia measure 1, 2 trademarks registered abroad x 1万元 = 20,000.
    import ipcalc

    monkeypatch.chdir(tmp_path)
    result = ipcalc.estimate({"region": "ningxia", "as_of": "2024-12-31", "foreign_trademarks": 2})
    assert result.to_dict()["total"] == Decimal("20000.00") == result.total
    cli = invoke("estimate", "--region", "ningxia", "--as-of", "2024-12-31", "--foreign-trademarks", "2", "--format", "json")
    assert result.to_json() + "\n" == cli.stdout
    assert parse(cli.stdout) == result.to_dict()
    # The same estimate, shown in Chinese; a profile file; other policies.
    assert warning_texts(ipcalc.estimate(EXAMPLES / "ningxia-srdi.toml", lang="zh").to_dict()) == [
        "宁夏:征求意见稿,正式发布时金额可能调整",
        "宁夏:所见征求意见稿为预览,止于第13条:其后内容(可能含实施日期和不重复支持条款)缺失(第13条)",
    ]
    assert ipcalc.estimate({"region": "ningxia", "patent_agents": 1}, policies=["xiangzhou"], as_of="2025-06-30").total == Decimal("10000.00")
    library = ipcalc.load_library()
    assert "xiangzhou" in library.policies


def test_python_api_bad_input_raises_the_domain_error():
    import ipcalc
    from ipcalc.errors import IpcalcError

    with pytest.raises(IpcalcError) as caught:
        ipcalc.estimate({"region": "ningxia", "loans": [{"principal": -1, "months": 12}]})
    assert [str(p) for p in caught.value.problems] == ["profile: loans[0].principal: -1 is negative; amounts are yuan, 0 or more"]


def test_collection_is_off_only_while_starting(monkeypatch: pytest.MonkeyPatch):
    # ipcalc.__main__ starts the command line with the collector off; the command turns it
    # back on (freezing what start-up made). Imported, the command line leaves it alone.
    # (The calls to gc.freeze are counted, not the frozen objects: those of earlier tests may
    # be freed at any moment, and their count drops.)
    import gc

    from ipcalc.cli import resume_collection

    frozen: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append("freeze"))
    assert gc.isenabled()
    resume_collection()
    assert gc.isenabled() and frozen == []  # nothing to do
    gc.disable()
    try:
        resume_collection()
        assert gc.isenabled() and frozen == ["freeze"]
    finally:
        gc.enable()
    result = invoke("rates", "--on", "2024-03-01")
    assert result.exit_code == 0 and gc.isenabled()
