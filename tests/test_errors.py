"""Every mistake in a profile: exit status 2, one line per problem on stderr naming the file,
the line when known, the field path and what is allowed; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcalc.cli import app

runner = CliRunner()


def estimate_file(tmp_path: Path, content: bytes | str, *extra: str):
    path = tmp_path / "profile.toml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return runner.invoke(app, ["estimate", str(path), "--format", "json", *extra])


def assert_bad(result, *fragments: str) -> list[str]:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    return lines


CASES = [
    # (profile text, fragments the message must contain)
    (
        'region = "xiangzhou"\nkind = "enterprize"\n',
        ["profile.toml:2: kind: unknown kind 'enterprize' (did you mean 'enterprise'?)", "allowed: enterprise, park"],
    ),
    ('region = "xiangzhou"\nloan = 5\n', ["profile.toml:2: loan: unknown key 'loan' (did you mean 'loans'?)"]),
    (
        'region = "xiangzhou"\n[[loans]]\nprincipal = 1000\nmonths = 12\nprincipel = 5\n',
        ["profile.toml:5: loans[0].principel: unknown key 'principel' (did you mean 'principal'?)"],
    ),
    ('region = "xiangzhou"\npatent_agents = "three"\n', ["profile.toml:2: patent_agents: expected a whole number, got 'three'"]),
    ('region = "xiangzhou"\npatent_agents = 2.5\n', ["patent_agents: expected a whole number, got 2.5"]),
    ('region = "xiangzhou"\nsrdi = "yes"\n', ["srdi: expected true or false, got 'yes'"]),
    ('region = "xiangzhou"\n[[insurance]]\npremium = -40000\n', ["profile.toml:3: insurance[0].premium: -40000 is negative"]),
    (
        'region = "xiangzhou"\n[[insurance]]\npremium = "40000"\n',
        ["insurance[0].premium: expected an amount in yuan (a number, 0 or more), got '40000'"],
    ),
    (
        'region = "ningxia"\n[[loans]]\nprincipal = 1\nmonths = 1\npledge_share = 1.2\n',
        ["profile.toml:5: loans[0].pledge_share: 1.2 is outside [0, 1]"],
    ),
    ('region = "ningxia"\n[[loans]]\nprincipal = 1\nmonths = 1\nrate = 3.85\n', ["loans[0].rate: 3.85 is outside [0, 1]", "write 3.85% as 0.0385"]),
    ('region = "ningxia"\n[[loans]]\nprincipal = 1\nmonths = 1\nrate = -0.01\n', ["loans[0].rate: -0.01 is outside [0, 1]"]),
    ('region = "ningxia"\n[[loans]]\nprincipal = nan\nmonths = 1\n', ["loans[0].principal: expected a finite number, got NaN"]),
    ('region = "ningxia"\n[[loans]]\nprincipal = inf\nmonths = 1\n', ["loans[0].principal: expected a finite number, got Infinity"]),
    ('region = "ningxia"\n[[loans]]\nprincipal = -inf\nmonths = 1\n', ["loans[0].principal: expected a finite number, got -Infinity"]),
    (
        'region = "ningxia"\n[[loans]]\nprincipal = 1e30\nmonths = 12\n',
        ["loans[0].principal: 1E+30 is more than the largest amount accepted (10^15 yuan)"],
    ),
    ('region = "ningxia"\n[[loans]]\nprincipal = 1\nmonths = 601\n', ["loans[0].months: 601 is above the maximum of 600"]),
    ('region = "ningxia"\n[[loans]]\nprincipal = 1\n', ["profile.toml:2: loans[0].months: missing; this field is required (term in months)"]),
    ('region = "xiangzhou"\nas_of = 2025-02-30\n', ["profile.toml:2:9: malformed TOML: as_of = 2025-02-30 is not a real date"]),
    ('region = "xiangzhou"\n[[cases]]\ncosts = 1\ndate = 2024-13-01\n', ["profile.toml:4", "date = 2024-13-01 is not a real date"]),
    ('region = "xiangzhou"\n[[cases]]\ncosts = 1\ndate = "1 March 2024"\n', ["cases[0].date: expected a date as YYYY-MM-DD, got '1 March 2024'"]),
    ('region = "xiangzhou"\nas_of = 2025-06-30T10:00:00\n', ["as_of: expected a date (YYYY-MM-DD), got the date-time 2025-06-30T10:00:00"]),
    (
        'region = "nowhere"\n',
        [
            "profile.toml:1: region: unknown region 'nowhere'; allowed: ningxia, shaoyang, sichuan, xiangzhou. A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)"
        ],
    ),
    ('kind = "park"\n', ["region: missing"]),
    (
        'region = "xiangzhou"\n[[titles]]\ntitle = "ip_demo_enterprise"\n',
        ["titles[0].title: unknown title 'ip_demo_enterprise' (did you mean 'ip_demonstration_enterprise'?)"],
    ),
    (
        'region = "xiangzhou"\n[[titles]]\ntitle = "ip_demonstration_enterprise"\nlevel = "county"\n',
        ["titles[0].level: unknown level 'county' (did you mean 'city'?); allowed: national, provincial, city, regional"],
    ),
    (
        'region = "xiangzhou"\n[[titles]]\ntitle = "ip_pilot_enterprise"\nlevel = "national"\n',
        ["profile.toml:4: titles[0].level: ip_pilot_enterprise is not granted at level 'national'; its levels: city"],
    ),
    (
        'region = "xiangzhou"\n[[titles]]\ntitle = "ip_demonstration_enterprise"\n',
        ["titles[0].level: missing; ip_demonstration_enterprise is granted at national, provincial, city"],
    ),
    (
        'region = "xiangzhou"\n[[titles]]\ntitle = "ip_management_standard"\nlevel = "national"\n',
        ["titles[0].level: ip_management_standard has no level; remove level"],
    ),
    ('region = "xiangzhou"\n[[awards]]\naward = "gold"\n', ["awards[0].award: unknown award 'gold'; allowed: china_patent_gold"]),
    ('region = "xiangzhou"\n[[awards]]\naward = "china_patent_gold"\ncount = 0\n', ["awards[0].count: 0 is below the minimum of 1"]),
    (
        'region = "xiangzhou"\n[[inbound_deals]]\namount = 5\nmode = "license"\n',
        ["inbound_deals[0].mode: unknown mode 'license' (did you mean 'licence'?)"],
    ),
    ('region = "xiangzhou"\n[[inbound_deals]]\namount = 5\n', ["inbound_deals[0].mode: missing"]),
    ('region = "xiangzhou"\n[[cases]]\nscope = "overseas"\ncosts = 1\n', ["cases[0].scope: unknown scope 'overseas'; allowed: domestic, foreign"]),
    ('region = "xiangzhou"\n[insurance]\npremium = 5\n', ["insurance: expected a list of tables: write [[insurance]] (double brackets)"]),
    ('region = "xiangzhou"\ncases = 3\n', ["cases: expected a list of [[cases]] tables, got 3"]),
    ('region = "xiangzhou"\nevents = [1, 2]\n', ["events[0]: expected a table of fields, got 1", "events[1]"]),
    ("region = xiangzhou\n", ['profile.toml:1:10: malformed TOML: text needs quotes: region = "xiangzhou"']),
    ('region = "xiangzhou"\n[[loans]\n', ["profile.toml:2", "malformed TOML"]),
    ('region = "xiangzhou"\nname = "a\\u0001b"\n', ["name: text holds control characters"]),
    ('[[profiles]]\nregion = "xiangzhou"\n', ["profiles: this file holds several [[profiles]]; run it with `ipcalc batch`"]),
]


@pytest.mark.parametrize("content, fragments", CASES, ids=[c[0].splitlines()[-1][:40] for c in CASES])
def test_profile_mistakes(tmp_path: Path, content: str, fragments: list[str]):
    assert_bad(estimate_file(tmp_path, content), *fragments)


def test_all_problems_of_a_file_at_once_in_file_order(tmp_path: Path):
    content = (
        'region = "xiangzhou"\n'  # 1
        'kind = "firm"\n'  # 2
        "[[loans]]\n"  # 3
        "principal = -1\n"  # 4
        "months = 0\n"  # 5
        "[[titles]]\n"  # 6
        'title = "nope"\n'  # 7
    )
    lines = assert_bad(estimate_file(tmp_path, content))
    assert [line.split(":")[2] for line in lines] == ["2", "4", "5", "7"]


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "profile.toml: the file is empty"),
        (b"   \n\n", "profile.toml: the file is empty"),
        (b"\x00\x01\x02binary\xff", "profile.toml: this is a binary file, not TOML text"),
        (
            'region = "xiangzhou"\nname = "caf\xe9"\n'.encode("latin-1"),
            "profile.toml: not UTF-8 text (byte 33 cannot be read); save the file as UTF-8",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, fragment: str):
    assert_bad(estimate_file(tmp_path, content), fragment)


def test_utf8_with_bom_is_fine(tmp_path: Path):
    result = estimate_file(tmp_path, '\ufeffregion = "ningxia"\nforeign_trademarks = 1\nas_of = 2025-01-01\n')
    assert result.exit_code == 0, result.stderr


def test_missing_file_and_folder(tmp_path: Path):
    assert_bad(runner.invoke(app, ["estimate", str(tmp_path / "nope.toml")]), "nope.toml: no such file")
    assert_bad(runner.invoke(app, ["estimate", str(tmp_path)]), "is a folder; give one profile file")


def test_empty_stdin():
    assert_bad(runner.invoke(app, ["estimate", "-"], input=""), "<stdin>: the file is empty")


@pytest.mark.parametrize(
    "flags, fragment",
    [
        (["--loan", "principal=abc,months=12"], "--loan: loans[0].principal: expected an amount in yuan"),
        (["--loan", "principal=1,months=12,rate=1.5"], "--loan: loans[0].rate: 1.5 is outside [0, 1]"),
        (["--loan", "months=12"], "--loan: loans[0].principal: missing"),
        (["--loan", "principal"], "--loan: principal needs a value: principal=...; a key alone means true only for a yes/no field"),
        (["--loan", "principal=1,principal=2,months=1"], "--loan: principal is given twice"),
        (["--loan", "principal=1,months=1,issued=2024-02-30"], "--loan: loans[0].issued: '2024-02-30' is not a real date"),
        (["--loan", "principal=nan,months=1"], "loans[0].principal: expected a finite number, got 'nan'"),
        (["--loan", "principal=1e30,months=1"], "is more than the largest amount accepted (10^15 yuan)"),
        (["--title", "title=ip_pilot_enterprise,level=national"], "--title: titles[0].level: ip_pilot_enterprise is not granted at level 'national'"),
        (["--award", "award=gold"], "--award: awards[0].award: unknown award 'gold'"),
        (["--case", "scope=foreign"], "--case: cases[0].costs: missing"),
        (["--as-of", "2025-13-01"], "--as-of: as_of: '2025-13-01' is not a real date"),
        (["--kind", "firm"], "--kind: kind: unknown kind 'firm'"),
        (["--policy", "ningxai"], "--policy: unknown policy 'ningxai' (did you mean 'ningxia'?)"),
        (["--lpr", "1.5"], "--lpr: 1.5 is outside [0, 1]"),
    ],
)
def test_the_same_mistakes_through_flags(flags: list[str], fragment: str):
    assert_bad(runner.invoke(app, ["estimate", "--region", "ningxia", *flags]), fragment)


def test_flag_mistakes_and_file_mistakes_together(tmp_path: Path):
    path = tmp_path / "p.toml"
    path.write_text('region = "ningxia"\n[[loans]]\nprincipal = -1\nmonths = 1\n')
    result = runner.invoke(app, ["estimate", str(path), "--loan", "principal=x,months=1"])
    assert_bad(result, "p.toml:3: loans[0].principal: -1 is negative", "--loan: loans[1].principal: expected an amount")


def test_usage_errors_exit_2_without_traceback():
    for args in (["estimate", "--format", "xml"], ["estimate", "--foreign-trademarks", "abc"], ["nonsense"], ["estimate", "--no-such-flag"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in (result.stderr + result.stdout)


def test_profile_values_are_never_executed(tmp_path: Path):
    # Text that would do something if it were formatted or evaluated is shown as it is.
    content = 'region = "xiangzhou"\nname = "{__import__(\'os\').getcwd()} {0.__class__}"\nas_of = 2025-01-01\n'
    result = runner.invoke(app, ["estimate", "-", "-f", "json"], input=content)
    assert result.exit_code == 0, result.stderr
    assert "{__import__('os').getcwd()} {0.__class__}" in result.stdout


def test_money_is_to_the_fen(tmp_path: Path):
    # A payment has no part of a fen: 0.005 yuan is refused, 0.50 and 0.500 are fine.
    assert_bad(
        estimate_file(tmp_path, 'region = "xiangzhou"\n[[insurance]]\npremium = 100.005\n'), "insurance[0].premium: 100.005 is finer than the fen"
    )
    ok = estimate_file(tmp_path, 'region = "xiangzhou"\nas_of = 2025-01-01\n[[insurance]]\npremium = 100.500\n')
    assert ok.exit_code == 0, ok.stderr
