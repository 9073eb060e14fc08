"""What `ipcalc estimate` imports at start-up: none of the heavy or unneeded modules a tidy
change could pull in by a top-level import (docs/performance.md, "Devices not to undo").
Timing is compared by benchmarks/bench.py; this test only says which modules are loaded,
which does not drift with the machine's speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from ipcalc.render import formats

pytestmark = pytest.mark.subprocess

#: modules an estimate never needs: the workbook writer and its library, the test tools,
#: pydantic (Typer 0.29), Rich, the batch's JSON library, dataclasses (see ipcalc.record),
#: and the sentences of problems, listings and the workbook (the catalogue's second half)
NOT_AT_START = {
    "xlsxwriter",
    "ipcalc.render.workbook_writer",
    "hypothesis",
    "pydantic",
    "rich",
    "orjson",
    "dataclasses",
    "ipcalc.catalogue.problems",
    "ipcalc.catalogue.listings",
    "ipcalc.catalogue.report",
}


#: runs `ipcalc ARGS` as the console script does, and writes the names of the modules it
#: loaded to the file named last, at exit (after the command's own exit)
RUN = """
import atexit, sys
where = sys.argv.pop()
atexit.register(lambda: open(where, "w").write("\\n".join(sorted(sys.modules))))
sys.argv[0] = "ipcalc"
from ipcalc.__main__ import main
main()
"""


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a run of `ipcalc ARGS` has loaded when it ends."""
    names = tmp_path / "modules.txt"
    done = subprocess.run([sys.executable, "-c", RUN, *args, str(names)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(names.read_text().split("\n"))


@pytest.mark.parametrize("format", formats.names("estimate"))
def test_an_estimate_imports_nothing_heavy(tmp_path, format):
    found = imported(tmp_path, "estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", format)
    assert "ipcalc.engine" in found  # the run did compute
    assert found & NOT_AT_START == set()


def test_a_report_does_import_the_workbook_writer(tmp_path):
    # The check above would pass on a run that imports nothing: here the same test sees it.
    found = imported(tmp_path, "report", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-o", str(tmp_path / "client.xlsx"))
    assert {"xlsxwriter", "ipcalc.render.workbook_writer", "ipcalc.catalogue.report"} <= found
