"""Every `$ ipcalc ...` command in a ```console block of the README and of docs/*.md is run,
and its output must be exactly what the page shows (at 80 columns, no colour)."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from ipcalc.cli import app

BLOCK = re.compile(r"```console\n(.*?)```", re.S)


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples(pages: list = PAGES) -> list[tuple[str, str]]:
    found = []
    for page in pages:
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            command, _, output = block.partition("\n")
            assert command.startswith("$ ipcalc "), command
            found.append((command[2:], output))
    return found


def test_readme_has_examples():
    assert len(examples([ROOT / "README.md"])) >= 3


def run(command: str, folder) -> str:
    """What `$ ipcalc ...` shows, run in `folder` (which sees the checkout's examples,
    policies and tests): its standard output, or with ` 2>&1` both its streams."""
    both = command.endswith(" 2>&1")
    args = shlex.split(command.removesuffix(" 2>&1"))[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output if both else result.stdout


def workspace(folder):
    """A scratch folder for the examples: what they write lands there, not in the checkout."""
    for name in ("examples", "policies", "tests"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.mark.parametrize("command, expected", examples(), ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_readme_example_output(command: str, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.chdir(workspace(tmp_path))
    assert run(command, tmp_path) == expected


def update() -> None:
    """`python tests/test_readme.py`: rewrite each console block from the real output."""
    import os

    os.environ.update({"COLUMNS": "80", "TERM": "dumb", "LANG": "C.UTF-8"})
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS", "LC_ALL", "LC_MESSAGES", "IPCALC_POLICIES"):
        os.environ.pop(name, None)
    import tempfile
    from pathlib import Path

    def rerun(match: re.Match) -> str:
        command = match.group(1).partition("\n")[0]  # "$ ipcalc ..."
        with tempfile.TemporaryDirectory() as scratch:
            os.chdir(workspace(Path(scratch)))
            try:
                return f"```console\n{command}\n{run(command[2:], scratch)}```"
            finally:
                os.chdir(ROOT)

    for path in PAGES:
        path.write_text(BLOCK.sub(lambda m: rerun(m), path.read_text(encoding="utf-8")), encoding="utf-8")


def test_the_documented_profile_is_a_valid_profile():
    # The profile format section shows every field; it must be a profile ipcalc accepts.
    import tomllib
    from decimal import Decimal

    from conftest import lib

    from ipcalc.profile import read_profile

    text = (ROOT / "docs" / "profile.md").read_text(encoding="utf-8")
    section = text[text.index("## The profile") :]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block is not None
    data = tomllib.loads(block.group(1), parse_float=Decimal)
    library = lib()
    profile = read_profile(data, vocab=library.vocabulary, regions=library.regions, source="README")
    assert {s for s, facts in profile.facts.items() if facts} == set(library.vocabulary.schema.sections)


if __name__ == "__main__":
    update()
