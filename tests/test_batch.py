"""ipcalc batch: files, folders, [[profiles]], JSON Lines on stdin; order, errors, exit status."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ipcalc.cli import app
from ipcalc.errors import ExitStatus

runner = CliRunner()


def batch(*args: str, input: str | None = None):
    return runner.invoke(app, ["batch", *args], input=input)


def records(text: str) -> list[dict]:
    return [json.loads(line, parse_float=Decimal) for line in text.splitlines()]


MANY = """\
[[profiles]]
name = "first"
region = "ningxia"
foreign_trademarks = 1
as_of = 2025-01-01

[[profiles]]
name = "second"
region = "nowhere"

[[profiles]]
name = "third"
region = "xiangzhou"
patent_agents = 2
as_of = 2025-01-01
"""


def test_profiles_file_folder_and_stdin_in_input_order(tmp_path: Path):
    many = tmp_path / "many.toml"
    many.write_text(MANY)
    lines = (
        '{"region": "ningxia", "foreign_trademarks": 3, "as_of": "2025-01-01"}\n'
        "\n"
        "not json\n"
        '{"region": "xiangzhou", "loans": [{"principal": 3000000, "months": 12, "issued": "2024-03-01"}], "as_of": "2025-01-01"}\n'
    )
    result = batch(str(many), "-", str(EXAMPLES), input=lines)
    assert result.exit_code == ExitStatus.PARTIAL_FAILURE == 1
    got = records(result.stdout)
    sources = [r["source"] for r in got]
    assert sources == [
        f"{many}#profiles[0]",
        f"{many}#profiles[1]",
        f"{many}#profiles[2]",
        "<stdin>:1",
        "<stdin>:3",
        "<stdin>:4",
        *[str(p) for p in sorted(EXAMPLES.glob("*.toml"))],
    ]
    totals = {r["source"]: r.get("total") for r in got}
    # Ningxia measure 1: 1 x 10,000; Xiangzhou measure 17: 2 x 10,000; Ningxia 3 x 10,000;
    # Xiangzhou measure 6: 50% x 4.35% x 3,000,000 x 12/12 = 65,250.
    assert totals[f"{many}#profiles[0]"] == Decimal("10000.00")
    assert totals[f"{many}#profiles[2]"] == Decimal("20000.00")
    assert totals["<stdin>:1"] == Decimal("30000.00")
    assert totals["<stdin>:4"] == Decimal("65250.00")
    assert totals[str(EXAMPLES / "xiangzhou-enterprise.toml")] == Decimal("1529833.33")
    assert got[1] == {
        "source": f"{many}#profiles[1]",
        "error": f"{many}:9: profiles[1].region: unknown region 'nowhere'; allowed: ningxia, shaoyang, sichuan, xiangzhou. A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)",
    }
    assert got[4] == {"source": "<stdin>:3", "error": "<stdin>:3: not a JSON object: a value was expected (column 1)"}
    assert result.stderr == f"warning: {EXAMPLES / 'policies'}: a subfolder, not read (--recursive reads it)\nipcalc batch: 2 of 11 profiles failed\n"


def test_all_good_exits_0_and_each_line_is_an_estimate():
    result = batch(str(EXAMPLES / "ningxia-srdi.toml"), str(EXAMPLES / "sichuan-park.toml"))
    assert result.exit_code == 0, result.stderr
    first, second = records(result.stdout)
    assert first["schema"] == 1 and first["source"].endswith("ningxia-srdi.toml")
    assert first["total"] == Decimal("710500.00") and second["total"] == Decimal("0.00")
    assert list(first) == ["schema", "source", "profile", "as_of", "policies", "total", "still_to_claim", "range", "warnings", "ipcalc"]
    # The warnings stay with the record: the draft's, with their codes.
    assert [w["code"] for w in first["warnings"]] == ["warn_draft", "warn_notice"]


def test_profile_errors_carry_field_paths_and_lines(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[profiles]]\nregion = "ningxia"\n[[profiles.loans]]\nprincipal = -1\nmonths = 12\n')
    (record,) = records(batch(str(bad)).stdout)
    assert record["error"] == f"{bad}:4: profiles[0].loans[0].principal: -1 is negative; amounts are yuan, 0 or more"
    jsonl = batch("-", input='{"region": "ningxia", "loans": [{"principal": 1, "months": 0}]}\n')
    assert records(jsonl.stdout)[0]["error"] == "<stdin>:1: loans[0].months: 0 is below the minimum of 1"


def test_unreadable_inputs_are_error_records(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x00\x01")
    # (A path that does not exist stops the batch before it starts: test_found_in_use.)
    result = batch(str(tmp_path / "empty"), str(binary), str(EXAMPLES / "ningxia-srdi.toml"))
    assert result.exit_code == 1
    got = records(result.stdout)
    assert [r.get("error") for r in got[:2]] == [
        f"{tmp_path / 'empty'}: the folder holds no *.toml profiles",
        f"{binary}: this is a binary file, not TOML text",
    ]
    assert got[2]["total"] == Decimal("710500.00")


def test_profiles_beside_other_keys_is_an_error(tmp_path: Path):
    odd = tmp_path / "odd.toml"
    odd.write_text('region = "ningxia"\n[[profiles]]\nregion = "ningxia"\n')
    assert "unknown key 'region' beside [[profiles]]" in records(batch(str(odd)).stdout)[0]["error"]


def test_csv_rows_and_summary():
    rows = batch(str(EXAMPLES / "ningxia-srdi.toml"), "-", "--format", "csv", input="{}\n").stdout.splitlines()
    assert rows[0].startswith("source,name,region,kind,as_of,unit,policy,policy_status,rule,")
    assert any(",foreign_patents,1,invention patents granted abroad," in r and ",60000.00,,60000.00,eligible," in r for r in rows)
    assert rows[-1].startswith("<stdin>:1,") and ",error," in rows[-1] and "region: missing" in rows[-1]
    summary = batch(str(EXAMPLES / "ningxia-srdi.toml"), str(EXAMPLES / "xiangzhou-enterprise.toml"), "--format", "csv", "--summary").stdout
    draft = (
        "Ningxia: a draft for comment (征求意见稿); its figures may change when adopted; Ningxia: the draft's text found is a"
        " preview cut off in measure 13: its end, possibly its dates and an anti-duplication rule, is missing (clause 13)"
    )
    notice = (
        "Xiangzhou District: awards are paid after public application, review by the department, approval, public notice and"
        " payment together, from the district's special IP fund of 500,000 a year: an amount here is what the measures provide,"
        " not a payment due (clause 21); Xiangzhou District: loan #2 runs to 2027-03-01, past the policy's end on 2025-12-31:"
        " its last 14 months are not subsidised (only the months up to the end date are counted: a reading of the clause)"
    )
    assert summary.splitlines() == [
        "source,name,region,kind,as_of,unit,policy,policy_status,items,payable,total,still_to_claim,low,high,warnings,status,error",
        # Ningxia: 7 paying items, and 9 support measures made relevant by the facts (7 for an
        # SRDI SME, the pledge-loan guarantees, the overseas aid for patents abroad).
        f"{EXAMPLES / 'ningxia-srdi.toml'},Helan Mountain New Materials Ltd.,ningxia,enterprise,2025-06-30,yuan,ningxia,draft,16,7,"
        f'710500.00,710500.00,710500.00,710500.00,"{draft}",ok,',
        # Xiangzhou: totals worked out in test_examples (14 paying items, 8 support measures).
        f"{EXAMPLES / 'xiangzhou-enterprise.toml'},Hanjiang Precision Machinery Co.,xiangzhou,enterprise,2025-06-30,yuan,xiangzhou,"
        f'in_force,22,14,1529833.33,1529833.33,1502583.33,1585250.00,"{notice}",ok,',
    ]


def test_jsonl_summary():
    (record,) = records(batch(str(EXAMPLES / "xiangzhou-university.toml"), "--summary").stdout)
    assert record == {
        "source": str(EXAMPLES / "xiangzhou-university.toml"),
        "name": "Hubei University of Arts and Science (Xiangzhou campus)",
        "region": "xiangzhou",
        "kind": "university",
        "as_of": "2025-06-30",
        "policies": [
            {
                "id": "xiangzhou",
                "status": "in_force",
                "total": Decimal("1525000.00"),
                "still_to_claim": Decimal("1525000.00"),
                "range": {"low": Decimal("1525000.00"), "high": Decimal("1525000.00")},
            }
        ],
        "total": Decimal("1525000.00"),
        "still_to_claim": Decimal("1525000.00"),
        "range": {"low": Decimal("1525000.00"), "high": Decimal("1525000.00")},
        "warnings": record["warnings"],
    }
    # The summary keeps the warnings, with their codes and words.
    assert [w["code"] for w in record["warnings"]] == ["warn_notice"]
    assert record["warnings"][0]["text"].startswith("Xiangzhou District: awards are paid after public application")


def test_policy_and_as_of_options():
    # Every profile under Ningxia, as of 2025-01-01: two foreign trademarks -> 20,000.
    line = '{"region": "xiangzhou", "foreign_trademarks": 2, "as_of": "2030-01-01"}\n'
    (record,) = records(batch("-", "--policy", "ningxia", "--as-of", "2025-01-01", input=line).stdout)
    assert record["as_of"] == "2025-01-01" and [p["id"] for p in record["policies"]] == ["ningxia"]
    assert record["total"] == Decimal("20000.00")


def test_usage_errors_exit_2():
    assert batch("-", "--policy", "nowhere", input="{}\n").exit_code == 2
    assert batch("-", "--as-of", "yesterday", input="{}\n").exit_code == 2
    assert batch().exit_code == 2


def test_workers_give_the_same_output_in_the_same_order():
    # More than one chunk (200 profiles), with bad lines scattered through.
    lines = []
    for n in range(450):
        if n % 97 == 0:
            lines.append("{broken\n")
        else:
            lines.append(
                json.dumps(
                    {
                        "name": f"c{n}",
                        "region": ["ningxia", "xiangzhou", "sichuan", "shaoyang"][n % 4],
                        "foreign_trademarks": n % 5,
                        "patent_agents": n % 3,
                        "as_of": "2025-01-01",
                    }
                )
                + "\n"
            )
    text = "".join(lines)
    one = batch("-", "--jobs", "1", input=text)
    two = batch("-", "--jobs", "2", input=text)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert [r.get("source") for r in records(two.stdout)] == [f"<stdin>:{n}" for n in range(1, 451)]
    csv_one = batch("-", "--jobs", "1", "-f", "csv", input=text).stdout
    assert csv_one == batch("-", "--jobs", "2", "-f", "csv", input=text).stdout


def test_a_far_date_is_that_record_s_error_and_the_batch_goes_on():
    # A loan issued in 9999: its record says the date is outside the range; the next
    # record is still answered.
    lines = (
        '{"region":"xiangzhou","as_of":"2025-06-30","loans":[{"principal":1000000,"months":12,"issued":"9999-06-01"}]}\n'
        '{"region":"xiangzhou","as_of":"2025-06-30"}\n'
    )
    result = batch("-", input=lines)
    assert result.exit_code == 1
    got = records(result.stdout)
    assert got[0]["error"] == "<stdin>:1: loans[0].issued: 9999-06-01 is outside the dates ipcalc accepts (1900-01-01 to 2199-12-31)"
    assert got[1]["total"] == Decimal("0.00")


@pytest.mark.parametrize(
    "fault", [ValueError("year 10000 is out of range"), OverflowError("date value out of range"), KeyError("x"), ZeroDivisionError()]
)
def test_any_fault_in_one_record_leaves_the_others_answered(monkeypatch: pytest.MonkeyPatch, fault: Exception):
    # Whatever goes wrong inside ipcalc for one profile (here injected for the one named
    # "poison"), that record says so and every other record is answered.
    from ipcalc.library import Library

    real = Library.evaluate

    def poisoned(self, profile, **kwargs):
        if profile.values.get("name") == "poison":
            raise fault
        return real(self, profile, **kwargs)

    monkeypatch.setattr(Library, "evaluate", poisoned)
    names = ["a", "b", "poison", "c", "d"]
    lines = "".join(json.dumps({"name": n, "region": "ningxia", "as_of": "2025-06-30", "foreign_trademarks": 1}) + "\n" for n in names)
    result = batch("-", "--jobs", "1", input=lines)
    assert result.exit_code == 1, result.output
    got = records(result.stdout)
    assert [g.get("profile", {}).get("name") for g in got] == ["a", "b", None, "c", "d"]
    assert got[2]["source"] == "<stdin>:3" and got[2]["error"].startswith(f"<stdin>:3: ipcalc could not compute this profile ({type(fault).__name__}")


POISONS = [
    "{not json",
    '{"region": "atlantis"}',
    '{"region": "xiangzhou", "loans": [{"principal": 1000000, "months": 12, "issued": "9999-06-01"}]}',
    '{"region": "xiangzhou", "loans": [{"principal": 1000000, "months": 12, "issued": "0001-01-01"}]}',
    "[1, 2, 3]",
    '{"region": "ningxia", "foreign_trademarks": 1e400}',
    '{"region": "ningxia", "name": "poison"}',  # a fault of ipcalc's own, injected below
    "\ufeff" * 3,
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=7), st.sampled_from(POISONS))
def test_any_one_poisoned_record_leaves_every_other_answered(monkeypatch: pytest.MonkeyPatch, position: int, poison: str):
    from ipcalc.library import Library

    real = Library.evaluate

    def faulty(self, profile, **kwargs):
        if profile.values.get("name") == "poison":
            raise RuntimeError("injected")
        return real(self, profile, **kwargs)

    monkeypatch.setattr(Library, "evaluate", faulty)
    good = [json.dumps({"name": f"p{i}", "region": "ningxia", "as_of": "2025-06-30", "foreign_trademarks": 1}) for i in range(7)]
    lines = good[:position] + [poison] + good[position:]
    result = batch("-", "--jobs", "1", input="\n".join(lines) + "\n")
    assert result.exit_code == 1, result.output
    got = records(result.stdout)
    answered = [g["profile"]["name"] for g in got if "profile" in g]
    assert answered == [f"p{i}" for i in range(7)]
    assert [g["source"] for g in got if "error" in g] == [f"<stdin>:{position + 1}"]
