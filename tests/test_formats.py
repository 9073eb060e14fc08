"""The format table: each command's formats in one place (`ipcalc.render.formats`), its
`--format` choices, help and completion made from it, and a format a command does not offer a
usage error naming the ones it does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, invoke

import ipcalc
from ipcalc.render import formats
from ipcalc.render.formats import FORMATS, Format

ROOT = Path(__file__).resolve().parent.parent
PROFILE = str(EXAMPLES / "xiangzhou-enterprise.toml")


#: the name of a fake format, one no real format will take
FAKE = "fake-format-of-the-tests"
#: each command that takes --format, as it is called
COMMANDS = {
    "estimate": ["estimate", PROFILE],
    "opportunities": ["opportunities", PROFILE],
    "compare": ["compare", PROFILE],
    "report": ["report", PROFILE, "-o", "-"],
    "batch": ["batch", PROFILE],
    "rates": ["rates"],
    "policies list": ["policies", "list"],
}


def test_every_command_with_formats_is_tried():
    assert set(COMMANDS) == set(FORMATS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_format_the_command_lacks_is_a_usage_error_naming_those_it_has(command):
    # The first format of another command that this one lacks, else the fake one.
    others = [name for other in FORMATS for name in formats.names(other) if not formats.offered(command, name)]
    for asked in (*others[:1], FAKE):
        result = invoke(*COMMANDS[command], "-f", asked)
        assert result.exit_code == 2 and result.stdout == ""
        message = " ".join(result.stderr.split())
        offered = ", ".join(repr(name) for name in formats.names(command))
        assert f"Invalid value for '--format' / '-f': '{asked}' is not one of {offered}." in message


def test_the_formats_as_the_tests_know_them():
    # The one place the tests spell the table out: the formats are a public contract, so a
    # format added or dropped is a change seen here on purpose (the other tests read the table).
    assert {command: formats.names(command) for command in FORMATS} == {
        "estimate": ("table", "json", "csv", "markdown"),
        "opportunities": ("table", "json", "csv", "markdown"),
        "compare": ("table", "json", "markdown"),
        "report": ("xlsx",),
        "batch": ("jsonl", "csv"),
        "rates": ("text", "json"),
        "policies list": ("text", "json"),
    }


def write_fake(result, output) -> None:
    """A fake writer, for a format added in one place."""
    output.stream.write(f"<p>{result.total}</p>\n")


@pytest.fixture
def fake_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FORMATS, "estimate", {**FORMATS["estimate"], FAKE: Format(FAKE, "test_formats:write_fake", "a web page")})


def test_a_format_added_in_one_place_is_offered_shown_and_written(fake_format):
    help_text = " ".join(invoke("estimate", "--help").stdout.split())
    assert "-f, --format <" + "|".join(formats.names("estimate")) + ">" in help_text and FAKE in formats.names("estimate")
    result = invoke("estimate", PROFILE, "-f", FAKE)
    assert (result.exit_code, result.stdout) == (0, "<p>1529833.33</p>\n")
    assert ipcalc.estimate(PROFILE).text(FAKE) == "<p>1529833.33</p>\n"
    assert invoke("opportunities", PROFILE, "-f", FAKE).exit_code == 2  # only where it was added


@pytest.mark.subprocess
def test_a_format_added_in_one_place_completes():
    code = (
        "import sys; sys.argv[0] = 'ipcalc'\n"
        "from ipcalc.render.formats import FORMATS, Format\n"
        f"FORMATS['estimate']['{FAKE}'] = Format('{FAKE}', 'test_formats:write_fake', 'a web page')\n"
        "from ipcalc.cli import main; main()\n"
    )
    env = {**os.environ, "_IPCALC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "ipcalc estimate --format ", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60).stdout
    assert re.findall(r'"([^"]+)"', out) == [*formats.names("estimate"), FAKE]


def test_every_format_of_every_command_has_a_writer():
    for command in FORMATS:
        for name in formats.names(command):
            assert callable(formats.writer(command, name)), (command, name)


def test_every_format_of_the_api_is_the_command_lines():
    for name in formats.names("estimate"):
        assert ipcalc.estimate(PROFILE).text(name) == invoke("estimate", PROFILE, "-f", name).stdout
    for name in formats.names("opportunities"):
        assert ipcalc.opportunities(PROFILE).text(name) == invoke("opportunities", PROFILE, "-f", name).stdout
    for name in formats.names("compare"):
        assert ipcalc.compare(PROFILE).text(name) == invoke("compare", PROFILE, "-f", name).stdout
