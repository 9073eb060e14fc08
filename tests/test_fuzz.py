"""Fuzzing the readers: random bytes and mutated TOML must end in exit 0 or 2 with a clear
message, never a traceback or any other exit status."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ipcalc.cli import app

runner = CliRunner()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces that tend to break TOML or its values in interesting ways.
TOKENS = [
    "[[",
    "]]",
    "[",
    "]",
    "=",
    '"',
    "'",
    "{",
    "}",
    ",",
    ".",
    "\n",
    "#",
    "\\",
    "nan",
    "inf",
    "-inf",
    "-1",
    "1e999",
    "0.0.1",
    "true",
    "false",
    "2024-02-30",
    "2024-13-01",
    "1979-05-27T07:32:00Z",
    "\x00",
    "é",
    "😀",
    '"""',
    "loans",
    "titles",
    "principal",
    "level",
    "[[loans]]",
    "[profiles]",
    "999999999999999999999",
    "-0",
    "+5",
    "0x1F",
    "1_000",
    '""',
]


def _delete(draw, text: str) -> str:
    start = draw(st.integers(0, max(len(text) - 1, 0)))
    return text[:start] + text[start + draw(st.integers(1, 20)) :]


def _insert(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]


def _replace_value(draw, text: str) -> str:
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    if not lines or "=" not in lines[index]:
        return text
    key = lines[index].split("=", 1)[0]
    value = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8).map(lambda v: f'"{v}"')))
    return "".join(lines[:index] + [f"{key}= {value}\n"] + lines[index + 1 :])


def _shuffle_lines(draw, text: str) -> str:
    return "".join(draw(st.permutations(text.splitlines(keepends=True))))


def _duplicate_line(draw, text: str) -> str:
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    return "".join(lines[: index + 1] + lines[index : index + 1] + lines[index + 1 :])


EDITS = [_delete, _insert, _replace_value, _shuffle_lines, _duplicate_line]


@st.composite
def mutations(draw, text: str) -> str:
    """The text after one to three random edits."""
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(EDITS))(draw, text)
    return text


def assert_clean(result, allowed=(0, 2)) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), result.stderr


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=400))
def test_random_bytes_as_a_profile(tmp_path_factory, raw: bytes):
    path = tmp_path_factory.mktemp("fuzz") / "p.toml"
    path.write_bytes(raw)
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert_clean(result, allowed=(2,))  # random bytes never make a valid profile (no region)


@settings(FUZZ, max_examples=80)
@given(st.sampled_from(sorted(EXAMPLES.glob("*.toml"))).flatmap(lambda p: mutations(p.read_text(encoding="utf-8"))))
def test_mutated_profiles(tmp_path_factory, text: str):
    path = tmp_path_factory.mktemp("fuzz") / "p.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("json", "table"):
        assert_clean(runner.invoke(app, ["estimate", str(path), "--format", fmt]))


POLICIES = sorted((ROOT / "policies").glob("*.toml"))


@pytest.mark.slow
@settings(FUZZ, max_examples=50)
@given(st.sampled_from(POLICIES).flatmap(lambda p: st.tuples(st.just(p.name), mutations(p.read_text(encoding="utf-8")))))
def test_mutated_policy_files(tmp_path_factory, named: tuple[str, str]):
    name, text = named
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "sources").mkdir()
    for source in (ROOT / "policies" / "sources").iterdir():
        (folder / "sources" / source.name).write_bytes(source.read_bytes())
    assert_clean(runner.invoke(app, ["policies", "check", str(path)]))
    # A broken user file stops an estimate cleanly; the list still works.
    assert_clean(runner.invoke(app, ["estimate", "--policies", str(folder), "--region", "ningxia", "--format", "json"]))
    assert_clean(runner.invoke(app, ["policies", "list", "--policies", str(folder)]), allowed=(0,))


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=300))
def test_random_bytes_as_a_policy_file(tmp_path_factory, raw: bytes):
    path = tmp_path_factory.mktemp("fuzz") / "random.toml"
    path.write_bytes(raw)
    assert_clean(runner.invoke(app, ["policies", "check", str(path)]))


@functools.cache
def _date_cases():
    """(region, section, date field) for every date field of every section, under each
    bundled and example policy's region."""
    import ipcalc

    library = ipcalc.load_library([str(p) for p in sorted((EXAMPLES / "policies").iterdir()) if p.is_dir()])
    schema = library.vocabulary.schema
    fields = [(s, f) for s, info in schema.sections.items() for f, fdef in info.fields.items() if fdef.type == "date"]
    return library, [(r, s, f) for r in library.regions for s, f in fields]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    st.one_of(
        st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    ),
)
def test_any_date_in_any_date_field_is_computed_or_refused_cleanly(data, day):
    # Dates from 0001 to 9999 in any date field, under any policy, as the date of the
    # estimate too: an estimate and opportunities, or a clear error; never a traceback.
    import ipcalc
    from ipcalc.errors import IpcalcError

    library, cases = _date_cases()
    region, section, field = data.draw(st.sampled_from(cases))
    as_of = data.draw(st.sampled_from([day, dt.date(2025, 6, 30)]))
    entry = {"principal": 1000000, "months": 12} if section == "loans" else {}
    entry[field] = day
    profile = {"region": region, section: [entry]}
    try:
        ipcalc.estimate(profile, as_of=as_of, library=library)
        ipcalc.opportunities(profile, as_of=as_of, library=library)
    except IpcalcError as exc:
        assert exc.problems  # a clear, itemised refusal


CLAUSES = ROOT / "tests" / "policies" / "clauses"
#: a client of the test policy folder whose facts reach most of its rules
CLAUSES_PROFILE = """region = "clauses"
as_of = 2025-06-30
patents = [
  { type = "invention", route = "domestic", date = 2025-03-01 },
  { type = "invention", route = "pct", national_phase = 2023-01-15 },
]
trademarks = [{ type = "domestic", count = 2, date = 2024-05-01 }]
loans = [
  { principal = 5000000, months = 12, issued = 2025-01-10, rate = 0.04, scheme = "bank" },
  { principal = 2000000, months = 6, issued = 2024-06-01, settled = 2025-01-15, pledged = 2024-06-01, interest_paid = 100000, scheme = "settled_2024" },
]
"""


@pytest.mark.slow
@settings(FUZZ, max_examples=40)
@given(
    st.sampled_from(["clauses.toml", "vocabulary.toml"]).flatmap(
        lambda n: st.tuples(st.just(n), mutations((CLAUSES / n).read_text(encoding="utf-8")))
    )
)
def test_mutated_policy_folders_through_every_command(tmp_path_factory, named: tuple[str, str]):
    # A policy folder mutated (a file of it edited at random), run through check, estimate,
    # report and show in this process: each ends with its answer or a clear error.
    name, text = named
    folder = tmp_path_factory.mktemp("folder")
    for item in CLAUSES.rglob("*"):
        if item.is_file():
            place = folder / item.relative_to(CLAUSES)
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_bytes(item.read_bytes())
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    profile = folder.parent / "client.toml"
    profile.write_text(CLAUSES_PROFILE, encoding="utf-8")
    assert_clean(runner.invoke(app, ["policies", "check", str(folder)]))
    assert_clean(runner.invoke(app, ["estimate", str(profile), "--policies", str(folder), "--format", "json"]))
    assert_clean(runner.invoke(app, ["report", str(profile), "--policies", str(folder), "-o", str(folder.parent / "client.xlsx")]))
    assert_clean(runner.invoke(app, ["policies", "show", "clauses", "--policies", str(folder)]))
