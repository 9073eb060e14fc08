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


@pytest.mark.parametrize(
    "command, asked, offered",
    [
        (["opportunities", PROFILE], "html", "'table', 'json', 'csv', 'markdown'"),
        (["compare", PROFILE], "csv", "'table', 'json', 'markdown'"),
        (["estimate", PROFILE], "jsonl", "'table', 'json', 'csv', 'markdown'"),
        (["batch", PROFILE], "markdown", "'jsonl', 'csv'"),
        (["rates"], "csv", "'text', 'json'"),
        (["policies", "list"], "table", "'text', 'json'"),
    ],
)
def test_a_format_the_command_lacks_is_a_usage_error_naming_those_it_has(command, asked, offered):
    result = invoke(*command, "-f", asked)
    assert result.exit_code == 2 and result.stdout == ""
    message = " ".join(result.stderr.split())
    assert f"Invalid value for '--format' / '-f': '{asked}' is not one of {offered}." in message


def write_html(result, output) -> None:
    """A fake writer, for a format added in one place."""
    output.stream.write(f"<p>{result.total}</p>\n")


@pytest.fixture
def html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FORMATS, "estimate", {**FORMATS["estimate"], "html": Format("html", "test_formats:write_html", "a web page")})


def test_a_format_added_in_one_place_is_offered_shown_and_written(html):
    help_text = " ".join(invoke("estimate", "--help").stdout.split())
    assert "-f, --format <table|json|csv|markdown|html>" in help_text
    result = invoke("estimate", PROFILE, "-f", "html")
    assert (result.exit_code, result.stdout) == (0, "<p>1529833.33</p>\n")
    assert ipcalc.estimate(PROFILE).text("html") == "<p>1529833.33</p>\n"
    assert invoke("opportunities", PROFILE, "-f", "html").exit_code == 2  # only where it was added


@pytest.mark.subprocess
def test_a_format_added_in_one_place_completes():
    code = (
        "import sys; sys.argv[0] = 'ipcalc'\n"
        "from ipcalc.render.formats import FORMATS, Format\n"
        "FORMATS['estimate']['html'] = Format('html', 'test_formats:write_html', 'a web page')\n"
        "from ipcalc.cli import main; main()\n"
    )
    env = {**os.environ, "_IPCALC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "ipcalc estimate --format ", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60).stdout
    assert re.findall(r'"([^"]+)"', out) == ["table", "json", "csv", "markdown", "html"]


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
