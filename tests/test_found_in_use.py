"""Rough edges found by using ipcalc as a new user and as a script would: one test (or more)
per finding, each failing without its fix."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, estimate_json, invoke, warning_texts


def parse(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


# ------------------------------------------------------------------ 1. thousands separators


@pytest.mark.parametrize("principal", ["3,000,00", "1,5", "3,0000", "30,00,000", "1,000,0000", ",100", "1,,000"])
def test_misplaced_thousands_separators_are_refused(principal: str):
    result = invoke("estimate", "--region", "ningxia", "--loan", f"principal={principal},months=12")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --loan: loans[0].principal: '{principal}' has its thousands separators in the wrong places")


def test_well_grouped_thousands_are_read():
    # Ningxia measure 7: 1,234,567.89 x 3.45% x 12/12 = 42,592.592205 -> 42,592.59 (repaid, share 1).
    result = estimate_json("--region", "ningxia", "--loan", "principal=1,234,567.89,months=12,issued=2024-03-01,repaid=true,pledge_share=1")
    assert result["total"] == Decimal("42592.59")


# ------------------------------------------------------------------ 2. bare keys, percentages


def test_a_bare_yes_no_key_means_true():
    # Ningxia measure 7, repaid: 1,000,000 x 3.45% x 12/12 = 34,500 (share 1, rate 4% does not bind).
    result = estimate_json("--region", "ningxia", "--loan", "principal=1000000,months=12,issued=2024-03-01,rate=0.04,pledge_share=1,repaid")
    assert result["total"] == Decimal("34500.00")
    bare = invoke("estimate", "--region", "ningxia", "--loan", "principal=1000000,months")
    assert (bare.exit_code, bare.stderr) == (2, "error: --loan: months needs a value: months=...; a key alone means true only for a yes/no field\n")


def test_percentages_are_read_the_same_everywhere(tmp_path: Path):
    # The loan's own rate as 2% (flag) or "2%" (file): interest due 2% x 1,000,000 = 20,000
    # bounds Ningxia's 34,500.
    flag = estimate_json("--region", "ningxia", "--loan", "principal=1000000,months=12,issued=2024-03-01,rate=2%,pledge_share=1,repaid=true")
    assert flag["total"] == Decimal("20000.00")
    profile = tmp_path / "p.toml"
    profile.write_text(
        'region = "ningxia"\nas_of = 2025-06-30\n[[loans]]\nprincipal = 1000000\nmonths = 12\nissued = 2024-03-01\n'
        'rate = "2%"\npledge_share = "100%"\nrepaid = true\n',
        encoding="utf-8",
    )
    assert parse(invoke("estimate", str(profile), "-f", "json").stdout)["total"] == Decimal("20000.00")
    lpr = invoke("estimate", "--region", "ningxia", "--lpr", "300%")
    assert (lpr.exit_code, lpr.stderr) == (
        2,
        "error: --lpr: 300% is not a plausible rate: give a percentage from 0% to 100% (3.85%) or a fraction (0.0385)\n",
    )


# ------------------------------------------------------------------ 3. jurisdictions apart


def test_policies_of_different_jurisdictions_are_not_added_up():
    # Xiangzhou: 2 agents x 10,000 = 20,000; Ningxia (what it would get there): 1 trademark
    # abroad, 10,000. No "total, all policies: 30,000".
    args = (
        "estimate",
        "--policy",
        "ningxia",
        "--policy",
        "xiangzhou",
        "--region",
        "xiangzhou",
        "--patent-agents",
        "2",
        "--foreign-trademarks",
        "1",
        "--as-of",
        "2025-06-30",
    )
    table = invoke(*args, "-f", "table").stdout
    assert table.rstrip().endswith("total for Xiangzhou District: 20,000\ntotal if in Ningxia instead (not added): 10,000")
    assert "all policies" not in table
    doc = parse(invoke(*args, "-f", "json").stdout)
    assert doc["jurisdictions"] == [
        {"regions": ["xiangzhou"], "applies": True, "policies": ["xiangzhou"], "total": Decimal("20000.00")},
        {"regions": ["ningxia"], "applies": False, "policies": ["ningxia"], "total": Decimal("10000.00")},
    ]
    assert any(w.startswith("policies of different jurisdictions were evaluated (Ningxia, Xiangzhou District)") for w in warning_texts(doc))
    markdown = invoke(*args, "-f", "markdown").stdout
    assert "**total for Xiangzhou District: 20,000**" in markdown and "total if in Ningxia instead (not added): 10,000" in markdown


def test_a_policy_alone_gives_the_region():
    result = invoke("estimate", "--policy", "ningxia", "--foreign-trademarks", "1", "--as-of", "2025-06-30", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = parse(result.stdout)
    assert (doc["profile"]["region"], doc["total"]) == ("ningxia", Decimal("10000.00"))


# ------------------------------------------------------------------ 4. dates


def test_an_expired_policy_says_how_to_see_it_as_it_stood(tmp_path: Path):
    # Without its as_of, the Xiangzhou example is judged today: the policy ended on
    # 2025-12-31, undated facts (the patent agent, the agreement) fall outside it.
    text = (EXAMPLES / "xiangzhou-enterprise.toml").read_text(encoding="utf-8").replace("as_of = 2025-06-30\n", "")
    profile = tmp_path / "undated.toml"
    profile.write_text(text, encoding="utf-8")
    doc = parse(invoke("estimate", str(profile), "--as-of", "2026-11-23", "-f", "json").stdout)
    (warning,) = [w for w in warning_texts(doc) if w.startswith("Xiangzhou District: expired on 2025-12-31")]
    assert warning.endswith("undated facts count on the date of the estimate: an estimate as of 2025-12-31 shows the policy as it stood")


def test_the_template_is_dated_and_save_writes_the_date_used(tmp_path: Path):
    template = invoke("init", "--as-of", "2025-06-30").stdout
    assert "\nas_of = 2025-06-30                   # date of the estimate" in template
    assert "\nas_of = " in invoke("init").stdout  # today's, on any day
    saved = tmp_path / "saved.toml"
    result = invoke("estimate", "--region", "xiangzhou", "--patent-agents", "1", "--save", str(saved), "-f", "json")
    assert result.exit_code == 0, result.stderr
    used = parse(result.stdout)["as_of"]
    assert f"as_of = {used}\n" in saved.read_text(encoding="utf-8")


# ------------------------------------------------------------------ 5. pipes


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "examples/xiangzhou-enterprise.toml", "-f", "table", "--explain"],
        ["estimate", "examples/xiangzhou-enterprise.toml", "-f", "json", "--explain"],
        ["estimate", "examples/xiangzhou-enterprise.toml", "-f", "csv"],
        ["estimate", "examples/xiangzhou-enterprise.toml", "-f", "markdown", "--explain"],
        ["compare", "examples/xiangzhou-enterprise.toml", "-f", "table"],
        ["opportunities", "examples/xiangzhou-enterprise.toml", "-f", "table"],
        ["policies", "show", "xiangzhou"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
@pytest.mark.subprocess
def test_a_reader_that_stops_early_is_not_an_error(args: list[str]):
    # `ipcalc ... | head -1`: the reader closes the pipe after one line; ipcalc stops quietly.
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "ipcalc", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()
        error = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, error
        assert "Traceback" not in error and "Exception ignored" not in error


# ------------------------------------------------------------------ 6. CSV error rows


def test_csv_error_rows_have_a_status_and_an_error_column():
    summary = invoke("batch", str(EXAMPLES / "sichuan-park.toml"), "-", "--summary", "-f", "csv", input='{"region": "x"}\n').stdout.splitlines()
    assert summary[0] == "source,name,region,kind,as_of,unit,policy,policy_status,items,payable,total,still_to_claim,low,high,warnings,status,error"
    assert summary[1].endswith(",0.00,0.00,0.00,0.00,,ok,")
    assert (
        summary[2]
        == "<stdin>:1,,,,,,,,,,,,,,,error,\"<stdin>:1: region: unknown region 'x'; allowed: ningxia, shaoyang, sichuan, xiangzhou. A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)\""
    )
    items = invoke("batch", "-", "-f", "csv", input='{"region": "x"}\n').stdout.splitlines()
    header = items[0].split(",")
    assert header[-5:] == ["claimed", "note", "readings", "warnings", "error"]
    row = items[1].split(",", 1)[1]
    assert row.startswith(",,,,,,,,,,,,,,,,,error,,,,,") and row.endswith(
        "\"<stdin>:1: region: unknown region 'x'; allowed: ningxia, shaoyang, sichuan, xiangzhou. A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)\""
    )


# ------------------------------------------------------------------ 7. --unit wan


def test_wan_is_labelled_everywhere():
    summary = parse(invoke("batch", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--summary", "--unit", "wan").stdout)
    assert summary["unit"] == "wan" and summary["total"] == Decimal("152.983333")  # 1,529,833.33 yuan
    rows = invoke("batch", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--summary", "-f", "csv", "--unit", "wan").stdout.splitlines()
    assert rows[0].split(",")[5] == "unit" and rows[1].split(",")[5] == "wan"
    # The basis in wan beside the amounts in wan: 50% x 4.35% x 300 x 12/12 = 6.525 wan.
    table = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "table", "--unit", "wan").stdout
    assert "        50% × 4.35% × 300 × 12/12\n" in table
    doc = parse(invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "json", "--unit", "wan").stdout)
    first, second = [i for i in doc["policies"][0]["items"] if i["rule"] == "pledge_interest"]
    assert (first["basis"], first["amount"]) == ("50% × 4.35% × 300 × 12/12", Decimal("6.525"))
    # The second loan's 10 months within the measures: 50% x 4.75% x 200 x 10/12 = 3.958333 wan.
    assert (second["basis"], second["amount"]) == ("50% × 4.75% × 200 × 10/12", Decimal("3.958333"))


# ------------------------------------------------------------------ 8. batch inputs


def test_a_batch_path_that_does_not_exist_is_a_usage_error():
    result = invoke("batch", "nonexist.toml", str(EXAMPLES))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "error: nonexist.toml: no such file or folder\n")


def test_empty_stdin_is_said():
    result = invoke("batch", "-", input="")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "warning: no profile was read (an empty standard input?)\n"


def test_a_json_line_with_a_byte_order_mark_is_read():
    # Ningxia measure 1: 1 trademark abroad, 10,000.
    result = invoke("batch", "-", "--summary", input='\ufeff{"region": "ningxia", "foreign_trademarks": 1, "as_of": "2025-06-30"}\n')
    assert result.exit_code == 0, result.stdout
    assert parse(result.stdout)["total"] == Decimal("10000.00")


def test_subfolders_are_said_or_read_with_recursive(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.toml").write_text('region = "sichuan"\n', encoding="utf-8")
    (tmp_path / "sub" / "b.toml").write_text('region = "ningxia"\n', encoding="utf-8")
    flat = invoke("batch", str(tmp_path), "--summary")
    assert len(flat.stdout.splitlines()) == 1
    assert flat.stderr == f"warning: {tmp_path / 'sub'}: a subfolder, not read (--recursive reads it)\n"
    deep = invoke("batch", str(tmp_path), "--summary", "--recursive")
    assert [json.loads(line)["region"] for line in deep.stdout.splitlines()] == ["sichuan", "ningxia"]
    assert deep.stderr == ""


# ------------------------------------------------------------------ 9. CSV for Excel


def test_bom_for_excel():
    csv_out = invoke("estimate", str(EXAMPLES / "sichuan-park.toml"), "-f", "csv", "--bom", "--lang", "zh").stdout
    assert csv_out.startswith("\ufeff名称,地区,")  # in Chinese, the headers too
    assert invoke("batch", str(EXAMPLES / "sichuan-park.toml"), "-f", "csv", "--bom").stdout.startswith("\ufeffsource,")
    assert invoke("opportunities", str(EXAMPLES / "sichuan-park.toml"), "-f", "csv", "--bom").stdout.startswith("\ufeffkind,policy,")
    wrong = invoke("estimate", str(EXAMPLES / "sichuan-park.toml"), "-f", "json", "--bom")
    assert (wrong.exit_code, wrong.stderr) == (2, "error: --bom: a byte-order mark is for --format csv\n")


# ------------------------------------------------------------------ 10. relevant support lines


def test_ningxia_lists_support_measures_only_when_the_facts_make_them_relevant():
    plain = parse(invoke("estimate", "--region", "ningxia", "--as-of", "2025-01-01", "-f", "json").stdout)
    assert plain["policies"][0]["items"] == []
    srdi = parse(invoke("estimate", "--region", "ningxia", "--srdi", "--as-of", "2025-01-01", "-f", "json").stdout)
    assert {i["rule"] for i in srdi["policies"][0]["items"]} == {
        "priority_examination",
        "innovation_management",
        "patent_navigation",
        "patent_intensive_products",
        "infringement_insurance",
        "trademark_brand",
        "ip_manager_talent",
    }
    loan = parse(invoke("estimate", "--region", "ningxia", "--loan", "principal=1000000,months=12", "--as-of", "2025-01-01", "-f", "json").stdout)
    assert "pledge_guarantee" in {i["rule"] for i in loan["policies"][0]["items"]}


# ------------------------------------------------------------------ 11. one warning, not one per line


def test_a_blacklisted_firm_gets_one_banner():
    args = ("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--blacklisted", "-f", "table")
    table = invoke(*args).stdout
    lines = table.splitlines()
    assert "\n".join(lines[1:4]) == (
        "⚠ Xiangzhou District: on the list of seriously dishonest entities (失信): may\n"
        "not apply for district funding (measure 20): nothing is paid, and support\n"
        "measures are not listed"
    )
    assert table.count("不得申报市区两级知识产权发展资助资金") <= 1
    assert table.count("on the 失信 list: not paid (clause 20; see the warning)") == 15  # every item of a paying rule
    assert "qualitative" not in table


def test_an_expired_policy_does_not_repeat_itself_per_support_line():
    doc = parse(invoke("estimate", "--region", "xiangzhou", "--as-of", "2026-11-23", "-f", "json").stdout)
    assert doc["policies"][0]["items"] == []
    assert sum(w.startswith("Xiangzhou District: expired on 2025-12-31") for w in warning_texts(doc)) == 1


# ------------------------------------------------------------------ 12. narrow terminals


@pytest.mark.parametrize("columns", [60, 45])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_narrow_tables_never_cut_a_status(columns: int, lang: str, monkeypatch: pytest.MonkeyPatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(columns))
    for example in ("xiangzhou-enterprise.toml", "shaoyang-enterprise.toml"):
        out = invoke("estimate", str(EXAMPLES / example), "-f", "table", "--explain", "--lang", lang).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= columns, example
        from ipcalc.i18n import t

        shown = {t(status, lang) for status in ("eligible", "capped", "superseded", "qualitative")}
        # A status is written whole or not at all, after its mark: every line with a mark
        # whose last word starts like a status ends with the status itself.
        assert any(word in out for word in shown), example
        marked = [line for line in out.splitlines() if any(f"{mark} " in line for mark in "✓↓×–○·")]
        assert not any(line.rstrip().endswith(word[:-1]) for line in marked for word in shown), example
        assert not any(line.lstrip().startswith(("，", "。", ",", "、", "：")) for line in out.splitlines())


def test_listings_fit_the_terminal():
    # On a terminal, `policies list`, `policies show` and `rates` wrap to its width, indented,
    # losing no word (in a pipe they are written as they are).
    from rich.cells import cell_len

    from ipcalc.render.lines import fitted

    for args in (
        ["policies", "list", "--as-of", "2025-06-30"],
        ["policies", "show", "xiangzhou"],
        ["policies", "show", "ningxia", "--lang", "zh"],
        ["rates"],
    ):
        lines = invoke(*args).stdout.splitlines()
        fit = fitted(lines, 60)
        assert max(cell_len(line) for line in fit) <= 60, args
        assert "".join(fit).replace(" ", "") == "".join(lines).replace(" ", ""), args


# ------------------------------------------------------------------ 13. compare as estimate


def test_compare_takes_the_fact_flags_of_estimate():
    # Flags alone, no profile file. A national IP demonstration enterprise title, by hand:
    # Xiangzhou clause 5 "对国家…知识产权示范企业…给予40万元" = 400,000 yuan;
    # Ningxia measure 1 "对新认定的国家知识产权示范企业…给予20万元" = 200,000 yuan.
    doc = parse(
        invoke(
            "compare",
            "--region",
            "xiangzhou",
            "--kind",
            "enterprise",
            "--as-of",
            "2025-06-30",
            "--title",
            "title=ip_demonstration_enterprise,level=national,date=2025-03-01",
            "-p",
            "xiangzhou",
            "-p",
            "ningxia",
            "-f",
            "json",
        ).stdout
    )
    assert [p["id"] for p in doc["policies"]] == ["xiangzhou", "ningxia"]
    totals = {p["id"]: p["total"] for p in doc["policies"]}
    assert totals == {"xiangzhou": Decimal("400000.00"), "ningxia": Decimal("200000.00")}
    line = next(line for line in doc["lines"] if line["fact"] == "titles")
    assert line["amounts"] == totals and line["spread"] == Decimal("200000.00")
    # A flag adds to the profile file's entries, as in estimate.
    base = parse(invoke("compare", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-p", "xiangzhou", "-f", "json").stdout)
    more = parse(invoke("compare", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-p", "xiangzhou", "-f", "json", "--patent-agents", "3").stdout)
    assert more["policies"][0]["total"] > base["policies"][0]["total"]


def test_compare_writes_markdown_and_says_why_a_policy_shows_zero():
    out = invoke("compare", str(EXAMPLES / "sichuan-park.toml"), "-f", "markdown").stdout
    assert out.startswith("## ")
    assert "| policy | status | total | |" in out
    # Sichuan's opinions promise support measures but no cash amount: its 0 is said to be so.
    row = next(line for line in out.splitlines() if line.startswith("| Sichuan parks |"))
    assert "support measures only, no cash amount" in row
    doc = parse(invoke("compare", str(EXAMPLES / "sichuan-park.toml"), "-f", "json").stdout)
    sichuan = next(p for p in doc["policies"] if p["id"] == "sichuan")
    assert sichuan["total"] == 0 and sichuan["support"] > 0
    table = invoke("compare", str(EXAMPLES / "sichuan-park.toml"), "-f", "table").stdout
    assert "support measures only, no cash amount" in table
    # Setting policies of several places side by side is what compare is for: no warning
    # about adding their totals up (it shows none).
    assert not any("different jurisdictions" in w for w in warning_texts(doc))


# ------------------------------------------------------------------ 14. small things


def test_help_names_list_entries_grammatically():
    out = invoke("estimate", "--help").stdout
    assert "A insurance" not in out and "A awards" not in out
    assert "One entry of [[insurance]]" in out and "One entry of [[awards]]" in out


@pytest.mark.subprocess
def test_a_level_completes_from_the_levels_of_the_title_typed():
    from test_terminal import complete_all

    park, enterprise, untitled = lines = [
        "ipcalc estimate --title title=ip_pilot_park,level=",
        "ipcalc estimate --title title=ip_pilot_enterprise,level=",
        "ipcalc estimate --title level=",
    ]
    got = complete_all(lines)
    # An IP pilot park is granted at national and provincial level only; an IP pilot
    # enterprise at city level only (the vocabulary's `levels`).
    assert got[park] == ["title=ip_pilot_park,level=national", "title=ip_pilot_park,level=provincial"]
    assert got[enterprise] == ["title=ip_pilot_enterprise,level=city"]
    # Without a title typed first, every level is offered.
    assert "level=city" in got[untitled]


@pytest.mark.subprocess
@pytest.mark.parametrize("args", [["estimate", str(EXAMPLES / "xiangzhou-enterprise.toml")], ["estimate", "--kind", "nobody"]])
def test_a_dumb_terminal_gets_no_colour(args: list[str]):
    from pty_run import run_in_pty

    # The table (and an error on stderr) coloured on a terminal, not on one of type `dumb`
    # (which shows escape codes as text); FORCE_COLOR still forces it.
    _, coloured = run_in_pty(args, {"TERM": "xterm-256color"})
    _, dumb = run_in_pty(args, {"TERM": "dumb"})
    _, forced = run_in_pty(args, {"TERM": "dumb", "FORCE_COLOR": "1"})
    assert "\x1b[" in coloured and "\x1b[" in forced
    assert "\x1b[" not in dumb
    assert dumb.strip()


def test_explain_adds_columns_to_csv():
    plain = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "csv").stdout.splitlines()
    explained = invoke("estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "csv", "--explain").stdout
    rows = list(__import__("csv").DictReader(explained.splitlines()))
    header = explained.splitlines()[0]
    assert header == plain[0] + ",interpretation,text,steps"
    # Xiangzhou clause 5: "对…省…知识产权示范企业分别给予…24万元" for the provincial title.
    first = rows[0]
    assert first["rule"] == "enterprise_title" and first["amount"] == "240000.00"
    assert "24万元" in first["text"]
    assert first["steps"] == "base: IP demonstration enterprise (provincial): 240,000 = 240,000.00 → rounded half-up to the fen: 240,000.00"
    assert first["interpretation"].startswith("one-off")


def test_payable_counts_only_items_that_pay(tmp_path: Path):
    # Xiangzhou clause 6: 25% of the premium, at most 80,000 per patent insurance. Contract A:
    # 25% × 400,000 = 100,000 → capped at 80,000; then 25% × 40,000 = 10,000, but the
    # contract's 80,000 is used up → capped to 0. One item pays.
    profile = tmp_path / "p.toml"
    profile.write_text(
        'region = "xiangzhou"\nkind = "enterprise"\nas_of = 2025-06-30\n'
        '[[insurance]]\npremium = 400000\ndate = 2025-01-01\ncontract = "A"\n'
        '[[insurance]]\npremium = 40000\ndate = 2025-02-01\ncontract = "A"\n'
    )
    out = invoke("batch", str(profile), "-f", "csv", "--summary", "-p", "xiangzhou").stdout
    row = list(__import__("csv").DictReader(out.splitlines()))[0]
    assert (row["payable"], row["total"]) == ("1", "80000.00")


def test_a_year_of_facts_summed_is_given_as_paths():
    # Xiangzhou clause 7: 5% of a university's licences and transfers of a calendar year;
    # two deals of 2024 are one item, 5% × (300,000 + 500,000) = 40,000. `fact` reads
    # "outbound_deals[0,1] 2024"; `facts` gives the paths as data.
    doc = parse(
        invoke(
            "estimate",
            "--region",
            "xiangzhou",
            "--kind",
            "university",
            "--as-of",
            "2025-06-30",
            "-p",
            "xiangzhou",
            "--outbound-deal",
            "amount=300000,date=2024-03-01",
            "--outbound-deal",
            "amount=500000,date=2024-09-01",
            "-f",
            "json",
        ).stdout
    )
    item = next(i for i in doc["policies"][0]["items"] if i["rule"] == "university_transfer")
    assert item["fact"] == "outbound_deals[0,1] 2024"
    assert item["facts"] == [["outbound_deals", 0], ["outbound_deals", 1]]
    assert item["date"] == "2024-09-01" and item["amount"] == Decimal("40000.00")
    support = next(i for i in doc["policies"][0]["items"] if i["status"] == "qualitative")
    assert support["facts"] == [] and support["fact"] is None


def test_save_does_not_overwrite_without_force(tmp_path: Path):
    saved = tmp_path / "client.toml"
    saved.write_text("# the consultant's notes\n")
    result = invoke("estimate", "--region", "xiangzhou", "--patent-agents", "1", "--save", str(saved), "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"error: {saved}: already exists; pass --force to overwrite it\n"
    assert saved.read_text() == "# the consultant's notes\n"
    forced = invoke("estimate", "--region", "xiangzhou", "--patent-agents", "1", "--save", str(saved), "--force", "-f", "json")
    assert forced.exit_code == 0 and "patent_agents = 1" in saved.read_text()
    folder = invoke("estimate", "--region", "xiangzhou", "--save", str(tmp_path), "-f", "json")
    assert folder.exit_code == 2 and str(tmp_path) in folder.stderr


def test_a_missing_source_text_is_said_where_the_policy_is_used(tmp_path: Path):
    folder = tmp_path / "demo"
    assert invoke("policies", "new", "demo", str(folder)).exit_code == 0
    (folder / "sources" / "demo.txt").unlink()
    checked = invoke("policies", "check", str(folder))
    assert checked.exit_code == 2 and "sources/demo.txt" in checked.stderr
    said = "demo: its source text is not found beside the policy file, so the clauses it quotes are unchecked"
    doc = parse(invoke("estimate", "--policies", str(folder), "--region", "demo", "--as-of", "2025-06-30", "-f", "json").stdout)
    assert said in warning_texts(doc)
    # The text a client may read names no file; the JSON says which, for the consultant.
    (warning,) = [w for w in doc["warnings"] if w["code"] == "warn_source_missing"]
    assert (warning["path"], warning["source"]) == (str(folder / "demo.toml"), "sources/demo.txt")
    profile = tmp_path / "p.toml"
    profile.write_text('region = "demo"\nkind = "enterprise"\nas_of = 2025-06-30\n')
    record = parse(invoke("batch", str(profile), "--policies", str(folder)).stdout)
    assert said in warning_texts(record)
    # The text put back, the warning goes (the library cache does not keep it).
    (folder / "sources" / "demo.txt").write_text("…")
    doc = parse(invoke("estimate", "--policies", str(folder), "--region", "demo", "--as-of", "2025-06-30", "-f", "json").stdout)
    assert not any("source text" in w for w in warning_texts(doc))


def test_a_date_to_come_and_a_loan_repaid_before_its_end_are_said():
    from datetime import date, timedelta

    later = (date.today() + timedelta(days=40)).isoformat()
    doc = parse(invoke("estimate", "--region", "ningxia", "--as-of", later, "--foreign-trademarks", "1", "-f", "json").stdout)
    assert warning_texts(doc)[0].startswith(f"as of {later}, a date still to come (today is {date.today().isoformat()})")
    past = parse(invoke("estimate", "--region", "ningxia", "--as-of", "2025-06-30", "--foreign-trademarks", "1", "-f", "json").stdout)
    assert not any("still to come" in w for w in warning_texts(past))
    # Ningxia measure 7 pays interest once the loan is repaid (完成偿贷还息后); a loan issued on
    # the estimate's date cannot have run its 12 months.
    doc = parse(
        invoke(
            "estimate",
            "--region",
            "ningxia",
            "--as-of",
            "2025-06-30",
            "-f",
            "json",
            "--loan",
            "principal=1000000,issued=2025-06-30,months=12,pledge_share=1,repaid",
        ).stdout
    )
    # Measure 7 subsidises at most 12 months (min(months, 12)): the warning says the 12 the
    # line computes.
    assert (
        "loan #1 is marked repaid as of 2025-06-30, yet its 12-month term runs to 2026-06-30: if it was repaid early, "
        "give as its term the months it ran (the subsidy is computed on 12 months)"
    ) in warning_texts(doc)
    # An 18-month loan: the line computes 12/12 and the warning says 12, not 18.
    long = parse(
        invoke(
            "estimate",
            "--region",
            "ningxia",
            "--srdi",
            "--as-of",
            "2025-09-30",
            "-f",
            "json",
            "--loan",
            "principal=6000000,months=18,issued=2024-11-01,repaid=true",
        ).stdout
    )
    (item,) = [i for i in long["policies"][0]["items"] if i["rule"] == "pledge_interest"]
    assert item["basis"].endswith("× 12/12")
    assert any("its 18-month term runs to 2026-05-01" in w and "(the subsidy is computed on 12 months)" in w for w in warning_texts(long))
    ran = parse(
        invoke(
            "estimate",
            "--region",
            "ningxia",
            "--as-of",
            "2025-06-30",
            "-f",
            "json",
            "--loan",
            "principal=1000000,issued=2024-06-30,months=12,pledge_share=1,repaid",
        ).stdout
    )
    assert not any("marked repaid" in w for w in warning_texts(ran))
