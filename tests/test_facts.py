"""Facts beyond the counts: [[patents]] and [[trademarks]], facts a policy folder declares,
and the rule shapes that use them, as a user meets them on the command line. The amounts
are worked out by hand in the comments; the rule shapes' own cases are in
tests/policies/shapes/shapes.cases.toml."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, estimate_json, invoke

SHAPES = ROOT / "tests" / "policies" / "shapes"
#: a client of the shapes policy, as flags: facts it declares (copyrights, a sector, a flag)
SHAPES_FACTS = (
    *("--policies", str(SHAPES), "--region", "shapes", "--registered-here", "--employees", "40", "--sector", "manufacturing"),
    *("--software-copyright", "count=2,original=true,date=2025-01-01"),
)
EXAMPLES = ROOT / "examples" / "policies"


def parse(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


def items(doc: dict, policy: str) -> list[tuple[str, str, str | None, Decimal, str]]:
    (found,) = [p for p in doc["policies"] if p["id"] == policy]
    return [(i["rule"], i["clause"], i["fact"], i["amount"], i["status"]) for i in found["items"] if i["status"] != "qualitative"]


PORTFOLIO = """\
region = "ningxia"
as_of = 2025-06-30

[[patents]]
type = "invention"
route = "foreign"
country = "US"
date = 2024-05-10

[[patents]]
type = "invention"
route = "foreign"
country = "EP"
count = 2
date = 2024-07-01

[[patents]]
type = "utility_model"
route = "domestic"
date = 2024-08-01

[[trademarks]]
type = "madrid"
count = 3
date = 2024-06-01
"""


def test_patents_and_trademarks_one_item_per_entry(tmp_path: Path) -> None:
    # Ningxia measure 1: 2万元 per invention patent granted abroad: US 1 -> 20,000, EP 2 ->
    # 40,000; a domestic utility model is not one (no item). 1万元 per trademark registered
    # abroad: 3 Madrid marks -> 30,000. Total 90,000.
    profile = tmp_path / "portfolio.toml"
    profile.write_text(PORTFOLIO, encoding="utf-8")
    result = invoke("estimate", str(profile), "-f", "json")
    assert result.exit_code == 0, result.output
    doc = parse(result.stdout)
    assert items(doc, "ningxia") == [
        ("foreign_patents_listed", "1", "patents[0]", Decimal("20000.00"), "eligible"),
        ("foreign_patents_listed", "1", "patents[1]", Decimal("40000.00"), "eligible"),
        ("foreign_trademarks_listed", "1", "trademarks[0]", Decimal("30000.00"), "eligible"),
    ]
    assert doc["total"] == Decimal("90000.00")
    # The same facts from flags give the same estimate.
    flags = estimate_json(
        "--region",
        "ningxia",
        "--patent",
        "type=invention,route=foreign,country=US,date=2024-05-10",
        "--patent",
        "type=invention,route=foreign,country=EP,count=2,date=2024-07-01",
        "--patent",
        "type=utility_model,route=domestic,date=2024-08-01",
        "--trademark",
        "type=madrid,count=3,date=2024-06-01",
    )
    assert items(flags, "ningxia") == items(doc, "ningxia")


def test_patents_and_trademarks_under_example_policies() -> None:
    # Ningbo (2006): an invention granted by the EPO 60,000; a design granted in Korea 10,000.
    # Lanzhou New Area: a collective mark 10,000; a geographical-indication mark 500,000.
    doc = estimate_json(
        "--policies",
        str(EXAMPLES / "ningbo"),
        "--policies",
        str(EXAMPLES / "lanzhou_new_area"),
        "--region",
        "ningbo",
        "--policy",
        "ningbo",
        "--policy",
        "lanzhou_new_area",
        "--patent",
        "type=invention,route=foreign,country=EP,date=2009-05-01",
        "--patent",
        "type=design,route=foreign,country=KR,date=2009-06-01",
        "--trademark",
        "type=collective,date=2009-07-01",
        "--trademark",
        "type=geographical_indication,date=2009-08-01",
        as_of="2010-06-30",
    )
    assert items(doc, "ningbo") == [
        ("abroad_listed_countries", "实施细则", "patents[0]", Decimal("60000.00"), "eligible"),
        ("abroad_other_countries", "实施细则", "patents[1]", Decimal("10000.00"), "eligible"),
    ]
    assert items(doc, "lanzhou_new_area") == [
        ("trademark_awards", "报道", "trademarks[0]", Decimal("10000.00"), "eligible"),
        ("trademark_awards", "报道", "trademarks[1]", Decimal("500000.00"), "eligible"),
    ]
    assert doc["total"] == Decimal("580000.00")


def test_a_count_and_a_list_of_the_same_patents_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "twice.toml"
    profile.write_text(
        'region = "ningxia"\nforeign_invention_patents = 2\n\n[[patents]]\ntype = "invention"\nroute = "foreign"\ncountry = "US"\n', encoding="utf-8"
    )
    result = invoke("estimate", str(profile))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {profile}:2: foreign_invention_patents: give invention patents granted abroad either as this count or as "
        '[[patents]] entries with route = "foreign", not both (they would be counted twice)\n'
    )
    flags = invoke("estimate", "--region", "ningxia", "--foreign-trademarks", "1", "--trademark", "type=madrid")
    assert flags.exit_code == 2
    assert flags.stderr.startswith("error: --foreign-trademarks: foreign_trademarks: give trademarks registered abroad either as this count")


def test_a_patents_country(tmp_path: Path) -> None:
    profile = tmp_path / "countries.toml"
    profile.write_text(
        'region = "ningxia"\n\n[[patents]]\ntype = "invention"\nroute = "domestic"\ncountry = "JP"\n\n'
        '[[patents]]\ntype = "invention"\nroute = "foreign"\ncountry = "XX"\n\n[[patents]]\ntype = "invention"\nroute = "foreign"\n',
        encoding="utf-8",
    )
    result = invoke("estimate", str(profile))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {profile}:6: patents[0].country: only for route = \"foreign\"; this patent's route is 'domestic'",
        f"error: {profile}:11: patents[1].country: unknown country 'XX'; allowed: AD, AE, AF, AG, AI, AL, AM, AO, AQ, AR, AS, AT, ...",
        f"error: {profile}:13: patents[2].country: missing; a patent granted abroad needs its country (ISO 3166 alpha-2, or EP)",
    ]


# ------------------------------------------------------------------ facts a policy folder declares


def test_declared_facts_from_flags() -> None:
    # The shapes policy: clause 1, 2 original copyrights registered 2025-01-01 x 800 = 1,600;
    # clause 2, registered here, 40 employees, manufacturing: 10,000.
    doc = estimate_json(*SHAPES_FACTS)
    assert items(doc, "shapes") == [
        ("copyrights", "1", "software_copyrights[0]", Decimal("1600.00"), "eligible"),
        ("workforce", "2", "registered_here", Decimal("10000.00"), "eligible"),
    ]


def test_declared_facts_are_saved_with_the_profile(tmp_path: Path) -> None:
    saved = tmp_path / "saved.toml"
    first = invoke("estimate", *SHAPES_FACTS, "--as-of", "2025-06-30", "-f", "json", "--save", str(saved))
    assert first.exit_code == 0, first.output
    assert saved.read_text(encoding="utf-8") == (
        'region = "shapes"\nas_of = 2025-06-30\nemployees = 40\nregistered_here = true\nsector = "manufacturing"\n'
        "software_copyrights = [\n    { count = 2, date = 2025-01-01, original = true },\n]\n"
    )
    again = invoke("estimate", "--policies", str(SHAPES), str(saved), "-f", "json")
    assert again.stdout == first.stdout


def test_declared_flags_are_in_the_help_only_with_their_folder() -> None:
    with_folder = invoke("estimate", "--policies", str(SHAPES), "--help")
    assert "--software-copyright K=V,…" in with_folder.stdout
    assert "--sector <str>" in with_folder.stdout and "manufacturing | services" in with_folder.stdout
    assert "--software-copyright" not in invoke("estimate", "--help").stdout


def test_declared_facts_bad_input(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        'region = "shapes"\nsector = "retail"\n\n[[software_copyrights]]\ncount = 2\norignal = true\ndate = 2025-01-01\n', encoding="utf-8"
    )
    result = invoke("estimate", "--policies", str(SHAPES), str(profile))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {profile}:2: sector: unknown sector 'retail'; allowed: manufacturing, services",
        f"error: {profile}:6: software_copyrights[0].orignal: unknown key 'orignal' (did you mean 'original'?); allowed: count, date, original, claimed",
    ]
    flags = invoke("estimate", "--policies", str(SHAPES), "--region", "shapes", "--software-copyright", "count=2,original=maybe")
    assert flags.exit_code == 2
    assert flags.stderr.splitlines() == [
        "error: --software-copyright: software_copyrights[0].date: missing; this field is required (registration date)",
        "error: --software-copyright: software_copyrights[0].original: expected true or false, got 'maybe'",
    ]
    # Without the folder that declares them, these facts are unknown.
    unknown = invoke("estimate", str(profile))
    assert unknown.exit_code == 2
    assert "region: unknown region 'shapes'" in unknown.stderr and "the profile's keys sector, software_copyrights are unknown too" in unknown.stderr


@pytest.fixture()
def shapes(tmp_path: Path) -> Path:
    folder = tmp_path / "shapes"
    shutil.copytree(SHAPES, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_rule_missing_a_parameter(shapes: Path) -> None:
    policy = shapes / "shapes.toml"
    edit(policy, 'rate = "fixed"\nfixed_rate = [', 'rate = "fixed"\nfixed_rates = [')
    result = invoke("policies", "check", str(shapes))
    assert result.exit_code == 2
    rule = line_of(policy, 'id = "interest_fixed"') - 1  # the rule's [[rules]] line
    assert f"error: {policy}:{rule}: rules[7].fixed_rate: missing; this key is required" in result.stderr
    assert "rules[7].fixed_rates: unknown key 'fixed_rates' (did you mean 'fixed_rate'?)" in result.stderr


def test_dated_values_out_of_order(shapes: Path) -> None:
    policy = shapes / "shapes.toml"
    edit(policy, "{ from = 2024-07-01, value = 800", "{ from = 2019-07-01, value = 800")
    result = invoke("policies", "check", str(shapes))
    assert result.exit_code == 2
    line = line_of(policy, "from = 2019-07-01")
    assert (
        f"error: {policy}:{line}: rules[0].amount[1].from: dated values must be in increasing date order: 2019-07-01 is not after 2020-01-01"
    ) in result.stderr
    # An estimate with the broken folder stops with the same message.
    est = invoke("estimate", "--policies", str(shapes), "--region", "shapes")
    assert est.exit_code == 2 and "rules[0].amount[1].from" in est.stderr


def test_a_condition_on_a_field_nobody_declared(shapes: Path) -> None:
    policy = shapes / "shapes.toml"
    edit(policy, 'select = [{ field = "original", eq = true }]', 'select = [{ field = "orignal", eq = true }]')
    result = invoke("policies", "check", str(shapes))
    assert result.exit_code == 2
    line = line_of(policy, 'field = "orignal"')
    assert f"error: {policy}:{line}: rules[0].select[0].field: " in result.stderr
    assert "'orignal'" in result.stderr and "did you mean 'original'?" in result.stderr


def test_bad_declarations(shapes: Path) -> None:
    vocabulary = shapes / "vocabulary.toml"
    edit(vocabulary, 'type = "choice"\nhelp = { en = "sector"', 'type = "choise"\nhelp = { en = "sector"')
    edit(vocabulary, "[fields.registered_here]", '[fields.format]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n\n[fields.registered_here]')
    result = invoke("policies", "check", str(shapes))
    assert result.exit_code == 2
    line = line_of(vocabulary, 'type = "choise"')
    assert f"error: {vocabulary}:{line}: fields.sector.type: unknown field type 'choise' (did you mean 'choice'?)" in result.stderr
    assert "fields.format: 'format' is already a field (or reserved); choose another name" in result.stderr


def test_two_folders_may_declare_the_same_field_alike_not_differently(tmp_path: Path) -> None:
    def folder(name: str, help_en: str, kind: str = "bool") -> Path:
        path = tmp_path / name
        path.mkdir()
        (path / "vocabulary.toml").write_text(
            f'schema = 1\n\n[fields.small_micro]\ntype = "{kind}"\nhelp = {{ en = "{help_en}", zh = "小微企业" }}\n', encoding="utf-8"
        )
        return path

    a, b = folder("a", "a small or micro enterprise"), folder("b", "a small or micro enterprise")
    same = invoke("estimate", "--policies", str(a), "--policies", str(b), "--region", "xiangzhou", "--small-micro", "-f", "json")
    assert same.exit_code == 0, same.output
    # Help text may differ (the first folder's words stand); what a value may be may not.
    worded = folder("c", "small")
    assert invoke("policies", "check", str(a), str(worded)).exit_code == 0
    typed = folder("d", "small", kind="count")
    different = invoke("policies", "check", str(a), str(typed))
    assert different.exit_code == 2
    assert (
        f"error: {typed / 'vocabulary.toml'}:3: fields.small_micro: 'small_micro' is declared by another policy folder, "
        "differently: type (bool / count), default (false / none); declare it the same way in both"
    ) in different.stderr.replace("\n", " ")
    assert different.stderr.count("error:") == 1, different.stderr


def test_a_field_every_region_shares_may_be_required_by_its_rules(tmp_path: Path) -> None:
    # A field added to a section ipcalc has (insurance), required: refused once, for it would
    # have made every profile of every region with that section fail while the folder is
    # loaded. Now it is required by the folder's rules: a profile without it is read, and an
    # entry without it is not paid by a rule that reads it, and says so.
    folder = tmp_path / "mine"
    folder.mkdir()
    policy = new_policy_in(folder)
    vocabulary = folder / "vocabulary.toml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + '\n[sections.insurance.fields.line]\ntype = "choice"\nvalues = ["patent", "trademark"]\n'
        'help = { en = "the line insured", zh = "险种" }\nrequired = true\n',
        encoding="utf-8",
    )
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace('facts = "insurance"\n', 'facts = "insurance"\nselect = [{ field = "line", eq = "patent" }]\n', 1), encoding="utf-8"
    )
    assert invoke("policies", "check", str(folder)).exit_code == 0
    fine = invoke("estimate", "--region", "xiangzhou", "--insurance", "premium=10000,date=2025-03-01", "--policies", str(folder), "-f", "json")
    assert fine.exit_code == 0, fine.output
    said = estimate_json("--region", "demo", "--insurance", "premium=10000,date=2025-03-01", "--policies", str(folder))
    (item,) = [i for i in said["policies"][0]["items"] if i["fact"] == "insurance[0]"]
    assert item["status"] == "ineligible" and item["reasons"] == [{"code": "field_missing", "field": "the line insured"}]


def new_policy_in(folder: Path) -> Path:
    assert invoke("policies", "new", "demo", str(folder)).exit_code == 0
    return folder / "demo.toml"


def test_more_values_for_a_choice_ipcalc_has() -> None:
    # Jinan adds trademarks registered country by country: 2 x 2,000 = 4,000.
    result = estimate_json("--policies", str(EXAMPLES / "jinan"), "--region", "jinan", "--trademark", "type=national_abroad,count=2,date=2025-01-10")
    assert items(result, "jinan") == [("national_abroad", "商标国际注册", "trademarks[0]", Decimal("4000.00"), "eligible")]
    unknown = invoke("estimate", "--region", "jinan", "--trademark", "type=national_abroad")
    assert unknown.exit_code == 2


def test_the_template_lists_declared_facts(tmp_path: Path) -> None:
    result = invoke("init", "--policies", str(EXAMPLES / "qingdao"))
    assert result.exit_code == 0, result.output
    plain = invoke("init").stdout
    assert result.stdout.startswith(plain)
    assert result.stdout[len(plain) :] == (
        "\n# Facts your policy folders declare (their vocabulary.toml)\n"
        "# sme = false                            # a small, medium or micro enterprise by the national classification standard (符合国家中小微企业划型标准)\n"
        "\n# More fields of [[loans]], declared by your policy folders\n"
        "# first_pledge = false                   # at least one of the pledged patents is pledged for the first time (质押专利中至少有一件为首次质押)\n"
    )
    # Uncommented, the template is a profile the folder's policies accept.
    text = result.stdout.replace("# sme = false", "sme = true")
    path = tmp_path / "client.toml"
    path.write_text(text, encoding="utf-8")
    assert invoke("estimate", "--policies", str(EXAMPLES / "qingdao"), str(path), "-f", "json").exit_code == 0


def test_a_count_left_out_is_not_a_silent_zero(tmp_path: Path) -> None:
    # A declared count with no default, left out: a rule paying per unit of it says it is
    # not given (not "0 x 10,000 eligible"), and `max` on it fails rather than passing.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "vocabulary.toml").write_text(
        """schema = 1

[fields.staff]
type = "count"
help = { en = "employees", zh = "职工人数" }

[sections.designs]
label = { en = "design registrations", zh = "外观设计登记" }
flag = "design"

[sections.designs.fields.count]
type = "count"
help = { en = "how many", zh = "件数" }
""",
        encoding="utf-8",
    )
    (folder / "mine.toml").write_text(
        """schema = 1

[policy]
id = "mine"
name = { en = "Mine", zh = "本区" }
title = { en = "Mine", zh = "本区" }
jurisdiction = { en = "Mine", zh = "本区" }
regions = ["mine"]
valid_from = 2020-01-01

[[rules]]
id = "designs"
kind = "per_unit"
clause = "1"
label = { en = "designs", zh = "外观设计" }
facts = "designs"
units = "count"
amount = 10000
require = [{ field = "staff", max = 100 }]
text = "外观设计每件奖励1万元。"
""",
        encoding="utf-8",
    )
    assert invoke("policies", "check", str(folder)).exit_code == 0
    profile = tmp_path / "client.toml"
    profile.write_text('region = "mine"\nstaff = 50\ndesigns = [{}]\n', encoding="utf-8")
    result = invoke("estimate", str(profile), "--policies", str(folder), "-f", "json", "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    (item,) = parse(result.stdout)["policies"][0]["items"]
    assert item["amount"] == Decimal(0) and item["status"] == "ineligible"
    codes = [r["code"] for r in item["reasons"]]
    assert "units_missing" in codes, item["reasons"]
    given = invoke(
        "estimate", "--policies", str(folder), "--region", "mine", "--design", "count=2", "--staff", "50", "-f", "json", "--as-of", "2025-06-30"
    )
    assert given.exit_code == 0, given.output
    (item,) = parse(given.stdout)["policies"][0]["items"]
    assert (item["amount"], item["status"]) == (Decimal(20000), "eligible")  # 2 x 10,000
    unstaffed = invoke("estimate", "--policies", str(folder), "--region", "mine", "--design", "count=2", "-f", "json", "--as-of", "2025-06-30")
    (item,) = parse(unstaffed.stdout)["policies"][0]["items"]
    assert (item["amount"], item["status"]) == (Decimal(0), "ineligible")  # staff not given: `max` fails


def _every_option() -> tuple[set[str], set[str]]:
    """The parameter names and the long flags of every command (facts aside)."""
    import typer

    from ipcalc import schema as facts_schema
    from ipcalc.cli import app

    command = typer.main.get_command(app)
    ctx = typer.Context(command)
    builtin_flags = facts_schema.flags_taken(facts_schema.BUILTIN) - facts_schema.OPTION_FLAGS
    names, flags = set(), set()

    def walk(c) -> None:
        for p in c.params:
            opts = {o[2:] for o in [*p.opts, *p.secondary_opts] if o.startswith("--")}
            if opts & builtin_flags:
                continue  # a fact's flag
            names.add(p.name)
            flags.update(opts)
        if hasattr(c, "list_commands"):
            for name in c.list_commands(ctx):
                walk(c.get_command(ctx, name))

    walk(command)
    return names, flags


def test_the_reserved_names_cover_every_option_of_every_command() -> None:
    from ipcalc import schema as facts_schema

    names, flags = _every_option()
    assert names <= facts_schema.RESERVED, names - facts_schema.RESERVED
    assert flags <= facts_schema.OPTION_FLAGS, flags - facts_schema.OPTION_FLAGS


@pytest.mark.parametrize(
    ("declaration", "fragment"),
    [
        ('[fields.import]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.import: 'import' is already a field (or reserved)"),
        ('[fields.for]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.for: 'for' is already a field (or reserved)"),
        ('[fields.ctx]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.ctx: 'ctx' is already a field (or reserved)"),
        ('[fields.force]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.force: 'force' is already a field (or reserved)"),
        ('[fields.bom]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.bom: 'bom' is already a field (or reserved)"),
        ('[fields.loan]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.loan: its flag --loan is already an option"),
        ('[fields.no_srdi]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n', "3: fields.no_srdi: its flag --no-srdi is already an option"),
        # A field and a section of one name (they would share a flag and a parameter: every
        # command once failed with "duplicate parameter name"), and a bool x beside a field
        # no_x (whose flag --no-x is x's off switch: once taken silently by no_x).
        (
            '[fields.gadgets]\ntype = "count"\nhelp = { en = "x", zh = "x" }\n'
            '[sections.gadgets]\nlabel = { en = "g", zh = "g" }\n[sections.gadgets.fields.n]\ntype = "count"\nhelp = { en = "x", zh = "x" }\n',
            "6: sections.gadgets: 'gadgets' is already a field (or reserved)",
        ),
        (
            '[fields.gizmo]\ntype = "bool"\nhelp = { en = "x", zh = "x" }\n[fields.no_gizmo]\ntype = "count"\nhelp = { en = "x", zh = "x" }\n',
            "6: fields.no_gizmo: its flag --no-gizmo is already an option",
        ),
        *[
            (
                f'[sections.widgets]\nlabel = {{ en = "w", zh = "w" }}\nflag = "{flag}"\n[sections.widgets.fields.n]\ntype = "count"\nhelp = {{ en = "x", zh = "x" }}\n',
                f"5: sections.widgets.flag: its flag --{flag} is already an option",
            )
            for flag in ("as-of", "help", "loan", "srdi", "format", "lpr", "reading", "policies")
        ],
    ],
)
def test_a_declared_fact_cannot_take_a_reserved_name_or_flag(tmp_path: Path, declaration: str, fragment: str) -> None:
    # Each of these once crashed every estimate with the folder, or took over an option.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "vocabulary.toml").write_text("schema = 1\n\n" + declaration, encoding="utf-8")
    check = invoke("policies", "check", str(folder))
    assert check.exit_code == 2
    assert f"error: {folder / 'vocabulary.toml'}:{fragment}" in check.stderr.replace("\n", " "), check.stderr
    est = invoke("estimate", "--policies", str(folder), "--region", "xiangzhou", "--as-of", "2025-06-30")
    assert est.exit_code == 2 and "Traceback" not in est.output and est.stderr.startswith("error:")
