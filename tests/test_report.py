"""`ipcalc report`: the client's workbook, read back with openpyxl (not the library that wrote
it): its sheets, values, live formulas and their cached values (which must equal the JSON's
totals), number formats, the chart; and the exact digits written in the file itself."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, invoke

import ipcalc

PROFILE = EXAMPLES / "xiangzhou-enterprise.toml"
SHEETS_ZH = ["概览", "明细", "申报指引", "可争取", "依据与解读"]
SHEETS_EN = ["Summary", "Items", "How to apply", "Opportunities", "Sources and readings"]


def parse(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


def number(value: object) -> Decimal:
    """A number openpyxl read (a float, from the file's digits) as a Decimal of those digits."""
    assert isinstance(value, (int, float)), value
    return Decimal(repr(value)).normalize() if isinstance(value, float) else Decimal(value)


def row_of(sheet, column: int, text: str) -> int:
    """The row whose cell in `column` (1-based) holds `text`."""
    for row in sheet.iter_rows(min_col=column, max_col=column):
        if row[0].value == text:
            return row[0].row
    raise AssertionError(f"no row with {text!r} in column {column} of {sheet.title}")


def sheet_xml(path: Path, index: int) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


@pytest.fixture(scope="module")
def workbook_zh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("report") / "client.xlsx"
    result = invoke("report", str(PROFILE), "-o", str(path), "--lang", "zh", "--unit", "wan")
    assert result.exit_code == 0, result.stderr
    return path, result.stderr


def test_the_example_workbook_in_chinese_and_wan(workbook_zh):
    path, said = workbook_zh
    # 22 items: 14 that pay (or are cut or superseded) and 8 support measures.
    assert said == f"已写入 {path}:5 个工作表,22 个项目\n"
    doc = parse(invoke("estimate", str(PROFILE), "-f", "json", "--unit", "wan", "--lang", "zh").stdout)
    (policy,) = doc["policies"]
    book = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    assert book.sheetnames == SHEETS_ZH

    # The summary: the three figures of Xiangzhou, in wan (see test_examples): conservative
    # 1,502,583.33 yuan, expected 1,529,833.33, optimistic 1,585,250; nothing claimed.
    summary, values = book["概览"], cached["概览"]
    assert summary["A1"].value == "Hanjiang Precision Machinery Co.:知识产权政策支持测算(截至 2025-06-30)"
    assert summary["A2"].value.startswith("金额单位:万元。")
    texts = [c.value for c in summary["A"] if isinstance(c.value, str)]
    assert "申请主体:企业;所在地区:湖北省襄阳市襄州区" in texts
    assert any(t.startswith("知识产权质押贷款(2):贷款 #1:2024-03-01 放款,300万元,12个月;贷款 #2:2025-03-01 放款,200万元,24个月") for t in texts)
    head = row_of(summary, 1, "政策")
    assert [c.value for c in summary[head]] == ["政策", "状态", "保守(万元)", "预计(万元)", "乐观(万元)", "尚待申领(万元)", "截止"]
    row = head + 1
    assert [summary.cell(row, c).value for c in (1, 2)] == ["襄州区", "有效"]
    figures = [number(summary.cell(row, c).value) for c in (3, 4, 5, 6)]
    assert figures == [Decimal("150.258333"), Decimal("152.983333"), Decimal("158.525"), Decimal("152.983333")]
    assert figures[1] == policy["total"] and figures[0] == policy["range"]["low"] and figures[2] == policy["range"]["high"]
    assert summary.cell(row, 7).value == "2025-12-31 截止,还有 184 天"
    # What to know of the policy, each a line of its own: its end, its fund, its warnings.
    notes = row_of(summary, 1, "襄州区:注意事项")
    lines = [summary.cell(r, 1).value for r in range(notes + 1, notes + 5)]
    assert lines[0] == "襄州区:2025-12-31 截止,还有 184 天"
    assert lines[1] == "襄州区:资金来源为区财政预算安排知识产权专项工作经费50万元,年底结算后剩余经费财政收回:各项奖补均出自该经费(第21条)"
    assert lines[2].startswith("襄州区:经公开申报、部门审核、会议审定、结果公示后集中支付") and lines[3].startswith(
        "襄州区:贷款 #2 至 2027-03-01 到期"
    )
    # The totals: live formulas, their cached values the JSON's totals.
    total = row_of(summary, 1, "合计")
    assert [summary.cell(total, c).value for c in (3, 4, 5, 6)] == [f"=SUM({col}{row}:{col}{row})" for col in "CDEF"]
    assert [number(values.cell(total, c).value) for c in (3, 4, 5, 6)] == [
        doc["range"]["low"],
        doc["total"],
        doc["range"]["high"],
        doc["still_to_claim"],
    ]
    assert all(summary.cell(row, c).number_format == "#,##0.00####" for c in (3, 4, 5, 6))
    # The chart: a native column chart of the three figures per policy.
    (chart,) = summary._charts
    assert chart.tagname == "barChart" and chart.type == "col"
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == [f"概览!${col}${row}" for col in "CDE"]
    assert [s.tx.strRef.f for s in chart.series] == [f"概览!${col}${head}" for col in "CDE"]  # named 保守, 预计, 乐观

    # The items: each with its clause (第N条), the fact it is for, and its amount in wan.
    items, item_values = book["明细"], cached["明细"]
    assert [c.value for c in items[1]] == [
        "政策",
        "条款",
        "项目",
        "对应事实",
        "计算依据",
        "未封顶(万元)",
        "上限(万元)",
        "金额(万元)",
        "状态",
        "支付对象",
        "采用的解读",
        "已申领",
        "说明",
    ]
    rows = [r for r in items.iter_rows(min_row=2) if r[0].value == "襄州区"]
    assert len(rows) == len(policy["items"]) == 22
    for cells, item in zip(rows, policy["items"]):
        assert cells[2].value == item["label"]
        amount = cells[7].value
        if item["status"] == "qualitative":
            assert amount is None
        else:
            assert number(amount) == item["amount"] and cells[7].number_format == "#,##0.00####"
    loan = next(r for r in rows if r[3].value and r[3].value.startswith("贷款 #2"))
    assert [c.value for c in loan[1:4]] == ["第6条", "知识产权质押贷款贴息", "贷款 #2:2025-03-01 放款,200万元,24个月"]
    assert loan[4].value == "50% × 4.75% × 200 × 10/12" and number(loan[7].value) == Decimal("3.958333")
    assert loan[9].value == "申请人" and loan[10].value == "人民银行贷款基准利率;全部贷款合计;仅计至政策截止日" and loan[11].value == "否"
    subtotal = row_of(items, 3, "小计:襄州区")
    first, last = rows[0][0].row, rows[-1][0].row
    assert items.cell(subtotal, 8).value == f'=SUMIF(J{first}:J{last},"申请人",H{first}:H{last})'
    assert number(item_values.cell(subtotal, 8).value) == policy["total"]
    assert items.cell(subtotal + 1, 8).value == f'=SUMIFS(H{first}:H{last},J{first}:J{last},"申请人",L{first}:L{last},"否")'
    assert number(item_values.cell(subtotal + 1, 8).value) == policy["still_to_claim"]
    grand = row_of(items, 3, "全部政策合计")
    assert number(item_values.cell(grand, 8).value) == doc["total"]

    # How to apply: quoted from clause 21, and what the text does not say.
    apply = book["申报指引"]
    parts = {apply.cell(r, 1).value: [apply.cell(r, c).value for c in (2, 3, 4)] for r in range(3, 8)}
    assert parts["受理部门"] == [
        "襄州区市场监督管理局(襄州区知识产权局),负责专项资金的年度预算",
        "第21条",
        "襄州区市场监督管理局(襄州区知识产权局)负责专项资金的年度预算",
    ]
    assert parts["申报时间"][0] == parts["申报材料"][0] == "原文未规定"
    assert parts["资金来源"][2] == "现设立知识产权专项工作经费50万元"

    # The opportunities, by kind and largest first, in wan.
    steps = book["可争取"]
    assert [c.value for c in steps[2]] == ["序号", "类别", "增加(万元)", "成本(万元)", "返还比例", "目前最多(万元)", "政策", "条款", "项目", "需要"]
    # The first: the national demonstration title, one rung above the provincial one held
    # (400,000 - 240,000 = 16 wan). A premium: a business decision; 25% of it comes back, at
    # most 8 wan a premium, which a premium of 32 wan earns (the client's largest, 40 wan,
    # would earn no more).
    first = [c.value for c in steps[3]]
    assert [first[0], first[1], number(first[2]), first[3], first[6], first[7]] == [1, "下一步", Decimal(16), None, "襄州区", "第5条"]
    gains = [number(r[2]) for r in steps.iter_rows(min_row=4, max_row=6, values_only=True) if r[1] == "下一步"]
    assert gains == sorted(gains, reverse=True)
    premium = next(r for r in steps.iter_rows(min_row=3, values_only=True) if r[8] == "专利保险保费资助")
    assert premium[1] == "业务决策" and [number(v) for v in (premium[2], premium[3], premium[4], premium[5])] == [
        Decimal(8),
        Decimal(32),
        Decimal("0.25"),
        Decimal(8),
    ]
    assert steps.cell(8, 5).number_format == "0.00%"

    # Sources and readings: each reading of each contested question, with the policy's total
    # read that way: the LPR, 150.258333 wan - 152.983333 = -2.725; the whole term, +5.541667.
    sources = book["依据与解读"]
    assert sources["C3"].value == "襄州政发〔2023〕7号"
    readings = {
        (r[1].value, r[2].value): (number(r[5].value), number(r[6].value), r[3].value) for r in sources.iter_rows(min_row=6) if r[0].value == "襄州区"
    }
    assert readings[("贴息所称“贷款基准利率”指哪一利率?", "发放日一年期LPR")] == (Decimal("150.258333"), Decimal("-2.725"), "")
    assert readings[("政策到期后各月的利息是否贴息?", "贷款全部期限")] == (Decimal("158.525"), Decimal("5.541667"), "")
    assert readings[("政策到期后各月的利息是否贴息?", "仅计至政策截止日")] == (Decimal("152.983333"), Decimal("0"), "是")
    # Beside each reading alone, the combinations that give the conservative and optimistic
    # figures: the LPR alone, 150.258333; the whole term alone, 158.525.
    assert readings[("保守金额的解读组合", "发放日一年期LPR")][:2] == (Decimal("150.258333"), Decimal("-2.725"))
    assert readings[("乐观金额的解读组合", "贷款全部期限")][:2] == (Decimal("158.525"), Decimal("5.541667"))


def test_every_amount_is_written_from_its_digits(workbook_zh):
    # In the file itself: the digits of the Decimals (152.983333, 3.958333), never a float's
    # 16 digits (152.98333299999999); and each formula's cached value beside it.
    path, _ = workbook_zh
    summary, items = sheet_xml(path, 1), sheet_xml(path, 2)
    assert "<v>152.983333</v>" in summary and "<v>158.525</v>" in summary
    assert re.search(r"<f>SUM\(D\d+:D\d+\)</f><v>152.983333</v>", summary)
    assert "<v>3.958333</v>" in items
    for xml in (summary, items):
        for digits in re.findall(r"<v>([-0-9.E+]+)</v>", xml):
            assert "E" not in digits and len(digits.replace("-", "").replace(".", "").lstrip("0")) <= 15, digits


def test_no_amount_in_yuan_in_a_workbook_in_wan(workbook_zh):
    path, _ = workbook_zh
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not yuan_amounts(cell.value), (sheet.title, cell.coordinate, cell.value)


def yuan_amounts(text: str) -> list[str]:
    """Amounts written in yuan in a text that should show wan: a number followed by 元 or
    yuan (not 万元, and not the unit's name, "10,000 yuan"), or one of 10,000 and more with
    its thousands separated that is not followed by 万元 or wan (in wan, the examples' bases
    and amounts stay below 10,000)."""
    text = text.replace("10,000 yuan", "")
    marked = re.findall(r"\d(?:元| yuan)", text)
    grouped = [
        m.group(0)
        for m in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])(?!\s*(?:万元|wan))", text)
        if Decimal(m.group(0).replace(",", "")) >= 10000
    ]
    return marked + grouped


def test_in_english_and_in_yuan_through_the_api(tmp_path: Path):
    report = ipcalc.report(PROFILE)
    assert report.total == Decimal("1529833.33")
    path = tmp_path / "client.xlsx"
    report.save(path)
    book = openpyxl.load_workbook(path, data_only=True)
    assert book.sheetnames == SHEETS_EN
    summary = book["Summary"]
    head = row_of(summary, 1, "policy")
    assert [c.value for c in summary[head]][:6] == [
        "policy",
        "status",
        "conservative (yuan)",
        "expected (yuan)",
        "optimistic (yuan)",
        "still to claim (yuan)",
    ]
    assert summary.cell(head + 1, 1).value == "Xiangzhou District"
    assert number(summary.cell(head + 1, 4).value) == Decimal("1529833.33")
    assert summary.cell(head + 1, 4).number_format == "#,##0.00"
    assert report.to_bytes()[:2] == b"PK"  # a zip, as .xlsx files are
    # The same input gives the same file.
    assert report.to_bytes() == ipcalc.report(PROFILE).to_bytes()


def test_claimed_entries_leave_what_is_still_to_claim(tmp_path: Path):
    # The first loan's subsidies claimed already: interest 65,250 and guarantee fee 45,000
    # leave the 1,529,833.33 still to claim: 1,419,583.33.
    text = PROFILE.read_text(encoding="utf-8").replace("repaid = true\n", "repaid = true\nclaimed = true\n", 1)
    profile = tmp_path / "claimed.toml"
    profile.write_text(text, encoding="utf-8")
    doc = parse(invoke("estimate", str(profile), "-f", "json").stdout)
    assert doc["total"] == Decimal("1529833.33") and doc["still_to_claim"] == Decimal("1419583.33")
    claimed = [(i["rule"], i["claimed"]) for i in doc["policies"][0]["items"] if i["fact"] == "loans[0]"]
    assert claimed == [("pledge_interest", True), ("pledge_guarantee_fee", True)]
    table = invoke("estimate", str(profile), "-f", "table").stdout
    assert "claimed already: not in what is still to claim" in table and "        still to claim" in table
    assert re.search(r"still to claim +1,419,583\.33\n", table)
    rows = invoke("estimate", str(profile), "-f", "csv").stdout.splitlines()
    assert sum(",true," in r for r in rows) == 2
    path = tmp_path / "claimed.xlsx"
    assert invoke("report", str(profile), "-o", str(path)).exit_code == 0
    items = openpyxl.load_workbook(path, data_only=True)["Items"]
    to_claim = row_of(items, 3, "still to claim: Xiangzhou District")
    assert number(items.cell(to_claim, 8).value) == Decimal("1419583.33")


def test_report_inputs_and_mistakes(tmp_path: Path):
    # The same inputs as estimate: flags alone, a reading; the workbook to standard output.
    out = invoke("report", "--region", "xiangzhou", "--patent-agents", "1", "--as-of", "2025-06-30", "-o", "-")
    assert out.exit_code == 0 and out.stdout_bytes[:2] == b"PK"
    folder = invoke("report", str(PROFILE), "-o", str(tmp_path))
    assert (folder.exit_code, folder.stderr) == (2, f"error: {tmp_path}: is a folder; give the name of a file to write\n")
    missing = invoke("report", str(PROFILE), "-o", str(tmp_path / "no" / "such" / "client.xlsx"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"error: {tmp_path / 'no' / 'such' / 'client.xlsx'}: its folder does not exist\n",
    )  # said before any work
    assert not list(tmp_path.iterdir())  # nothing half written
    assert invoke("report", str(PROFILE)).exit_code == 2  # -o is required
    wrong = invoke("report", str(PROFILE), "-o", str(tmp_path / "x.xlsx"), "-f", "csv")
    assert wrong.exit_code == 2 and "'csv' is not one of 'xlsx'" in wrong.stderr


# ------------------------------------------------------------------ a whole client list


def clients_of(path: Path) -> tuple[list[list], list]:
    """The Clients sheet: its rows (without the header), and its totals row."""
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    return rows[:-1], rows[-1]


def test_a_client_list_is_one_workbook_whose_figures_are_the_batchs(tmp_path: Path):
    # Every example and snapshot profile: a row per client, listed by what it still has to
    # claim, each client's expected total the batch's, and the totals the sum of the rows.
    from conftest import ROOT

    folders = [str(EXAMPLES), str(ROOT / "tests" / "snapshots" / "profiles")]
    user = ["--policies", str(ROOT / "tests" / "snapshots" / "policies")]
    path = tmp_path / "list.xlsx"
    result = invoke("report", *folders, *user, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    summaries = [parse(line) for line in invoke("batch", *folders, *user, "--summary").stdout.splitlines()]
    assert (
        result.stderr
        == f"warning: {EXAMPLES / 'policies'}: a subfolder, not read (--recursive reads it)\nwrote {path}: {len(summaries)} clients, 0 failed\n"
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Clients", "Items", "Steps"]
    rows, totals = clients_of(path)
    assert len(rows) == len(summaries)
    by_name = {r[0]: r for r in rows}
    for record in summaries:
        row = by_name[record["name"]]
        assert (number(row[4]), number(row[6])) == (record["total"], record["still_to_claim"]), record["source"]
        assert (number(row[3]), number(row[5])) == (record["range"]["low"], record["range"]["high"])
    claims = [number(r[6]) for r in rows]
    assert claims == sorted(claims, reverse=True)
    assert totals[0] == "total" and number(totals[4]) == sum(r["total"] for r in summaries)
    assert book["Clients"]["E" + str(len(rows) + 2)].value == f"=SUM(E2:E{len(rows) + 1})"
    # Items and Steps carry the client's name, with filters on every column.
    items, steps = book["Items"], book["Steps"]
    assert items["A1"].value == "client" and steps["A1"].value == "client"
    assert items.auto_filter.ref.startswith("A1:L") and steps.auto_filter.ref.startswith("A1:J")
    example = [r for r in items.iter_rows(min_row=2, values_only=True) if r[0] == "Hanjiang Precision Machinery Co."]
    assert sum(number(r[8]) for r in example if r[8] is not None) == Decimal("1529833.33")
    # The best next step of the Xiangzhou example: the national title, +160,000.
    hanjiang = by_name["Hanjiang Precision Machinery Co."]
    assert hanjiang[7:11] == [
        "enterprise IP title award (Xiangzhou District, clause 5)",
        160000,
        "Xiangzhou District: ends 2025-12-31, in 184 days",
        184,
    ]


def test_a_client_that_fails_is_a_row_with_its_error(tmp_path: Path):
    # JSON Lines on standard input: a list. A line that is no profile is its row's error; the
    # others are written, and the exit status says some failed (1), as a batch's does.
    lines = (
        "\n".join(
            [
                '{"name": "A", "region": "ningxia", "as_of": "2025-06-30", "foreign_trademarks": 2}',
                '{"region": "nowhere"}',
                '{"region": "xiangzhou", "as_of": "2025-06-30", "patent_agents": 1}',
            ]
        )
        + "\n"
    )
    path = tmp_path / "list.xlsx"
    result = invoke("report", "-", "-o", str(path), "--lang", "zh", input=lines)
    assert result.exit_code == 1 and result.stderr == f"已写入 {path}:3 个客户,1 个失败\n"
    rows, totals = clients_of(path)
    # Ningxia measure 1: 2 x 10,000 marks abroad; Xiangzhou measure 17: one patent agent, 10,000.
    assert [(r[0], r[6]) for r in rows] == [("A", 20000), ("名单第 3 行", 10000), ("名单第 2 行", None)]
    assert rows[2][12].startswith("<stdin>:2: region: 未知地区 'nowhere'")
    assert number(totals[6]) == Decimal(30000)


def test_a_client_list_takes_no_fact_flags(tmp_path: Path):
    result = invoke("report", str(EXAMPLES), "--srdi", "-o", str(tmp_path / "x.xlsx"))
    assert (result.exit_code, result.stderr) == (
        2,
        "error: report: --srdi describes one client: a client list takes each client's facts from its profile\n",
    )
    assert not list(tmp_path.iterdir())


def test_a_client_list_through_the_api(tmp_path: Path):
    found = ipcalc.portfolio(
        [EXAMPLES / "ningxia-srdi.toml", {"name": "B", "region": "ningxia", "as_of": "2025-06-30", "foreign_trademarks": 1}], unit="wan"
    )
    path = tmp_path / "list.xlsx"
    found.save(path)
    assert (found.clients, found.failed) == (2, 0)
    rows, totals = clients_of(path)
    assert [(r[0], number(r[4])) for r in rows] == [("Helan Mountain New Materials Ltd.", Decimal("71.05")), ("B", Decimal(1))]
    assert found.to_bytes() == found.to_bytes()  # the same input gives the same file


def test_how_to_apply_for_an_item_is_its_own_rules(tmp_path: Path):
    # Ningxia's draft names no office, procedure, window or materials for the whole of it;
    # measure 7 says when its interest subsidy is applied for (after repayment) and on what
    # (the pledge contract). The title, the patents and marks abroad and the transfer say
    # nothing of it: their rows say the text does not say, never the loan's window.
    path = tmp_path / "ningxia.xlsx"
    assert invoke("report", str(EXAMPLES / "ningxia-srdi.toml"), "-o", str(path)).exit_code == 0
    sheet = openpyxl.load_workbook(path)["How to apply"]
    rows = {r[1]: r[2:6] for r in sheet.iter_rows(values_only=True) if r[0] in ("1", "5", "7")}
    silent = ("the text does not say",) * 4
    for label in (
        "newly recognised enterprise IP title",
        "invention patents granted abroad",
        "trademarks registered abroad",
        "technology transfer support",
    ):
        assert rows[label] == silent, label
    assert rows["IP-pledge loan interest subsidy"] == (
        "the text does not say",
        "after the loan and its interest are repaid; no application period is stated (clause 7)",
        "the text does not say",
        "the pledge contract stating the IP share of the collateral (clause 7)",
    )
    assert rows["IP-pledge evaluation fee subsidy"][3] == "proof of the evaluation fee actually paid (clause 7)"


def test_a_long_list_of_facts_is_counted_and_no_cell_is_cut_mid_number(tmp_path: Path):
    # The summary's facts cell was cut at 32,767 characters in the middle of a number
    # ("1,000,63") with no sign of it. The first 50 entries are listed, the rest counted;
    # and any text longer than a cell holds is cut where an entry or a word ends, with "…".
    from ipcalc.render.workbook_writer import CELL_MOST, whole_cell

    loans = [{"principal": 1000000 + i, "issued": "2024-03-01", "months": 12, "pledge_share": Decimal("0.5")} for i in range(3000)]
    path = tmp_path / "many.xlsx"
    ipcalc.report({"region": "xiangzhou", "loans": loans}, as_of="2024-12-31").save(path)
    summary = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [row[0] for row in summary.iter_rows(values_only=True)]
    assert rows[0] == "Xiangzhou District, Xiangyang, Hubei: IP policy support, estimated as of 2024-12-31"  # a client without a name
    (facts,) = [cell for cell in rows if cell and str(cell).startswith("IP-pledge loans (3000): ")]
    assert facts.endswith("; and 2950 more, each on the Items sheet"), facts[-80:]
    assert facts.count("loan #") == 50
    said = "; ".join(f"loan #{i}: 1,000,{i:03d}" for i in range(5000))
    cut = whole_cell(said)
    assert len(cut) <= CELL_MOST and cut.endswith(" …")
    assert cut[:-2] == said[: len(cut) - 2] and said[len(cut) - 2 : len(cut)] == "; "  # at an entry's end


def _recalculated(sheet, formula: str) -> Decimal:
    """What a spreadsheet computes for the SUM, SUMIF and SUMIFS formulas a workbook holds."""
    from openpyxl.utils.cell import range_boundaries

    def cells(span: str) -> list:
        lo_col, lo_row, hi_col, hi_row = range_boundaries(span)
        return [sheet.cell(r, c).value for r in range(lo_row, hi_row + 1) for c in range(lo_col, hi_col + 1)]

    name, args = re.fullmatch(r"=(SUM|SUMIF|SUMIFS)\((.*)\)", formula).groups()
    parts = re.findall(r'"[^"]*"|[^,]+', args)
    if name == "SUM":
        return sum((number(v) for p in parts for v in cells(p) if v is not None), Decimal(0))
    if name == "SUMIF":
        where, wanted, summed = parts
        pairs = [(w, s) for w, s in zip(cells(where), cells(summed))]
        return sum((number(s) for w, s in pairs if w == wanted.strip('"') and s is not None), Decimal(0))
    summed, *criteria = parts
    rows = list(zip(cells(summed), *[cells(criteria[i]) for i in range(0, len(criteria), 2)]))
    wanted = [c.strip('"') for c in criteria[1::2]]
    return sum((number(r[0]) for r in rows if r[0] is not None and list(r[1:]) == wanted), Decimal(0))


def test_the_workbooks_formulas_leave_out_what_is_paid_to_someone_else(tmp_path: Path):
    # The subtotal =SUM(H2:H6), recalculated on load, showed what the policy pays the lending
    # bank (49,500 here) where the estimate says 0: the client's total leaves it out. The
    # items now say who is paid, and the formulas sum the client's only.
    from conftest import ROOT

    library = ipcalc.load_library([str(ROOT / "tests" / "policies" / "clauses")])
    loans = [
        {"principal": 5000000, "months": 12, "issued": "2025-01-10", "rate": Decimal("0.04"), "scheme": "bank"},
        {"principal": 5000000, "months": 12, "issued": "2025-02-10", "rate": Decimal("0.051"), "scheme": "bank"},
    ]
    found = ipcalc.report({"region": "clauses", "loans": loans}, as_of="2025-12-31", library=library)
    path = tmp_path / "bank.xlsx"
    found.save(path)
    doc = ipcalc.estimate({"region": "clauses", "loans": loans}, as_of="2025-12-31", library=library).to_dict()
    formulas = openpyxl.load_workbook(path)["Items"]
    paid = [r for r in formulas.iter_rows(min_row=2, values_only=True) if r[9] == "the lending bank"]
    assert [number(r[7]) for r in paid] == [Decimal(43500), Decimal(6000)]
    (subtotal,) = [c.row for (c,) in formulas.iter_rows(min_col=3, max_col=3) if str(c.value).startswith("subtotal: ")]
    for row, expected in ((subtotal, doc["total"]), (subtotal + 1, doc["policies"][0]["still_to_claim"])):
        assert _recalculated(formulas, formulas.cell(row, 8).value) == expected == Decimal(0)
