"""The package type-checks: mypy (configured in pyproject.toml) finds no error. `Record`
is declared a dataclass transform, so records' constructors and fields are checked too."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.subprocess  # every test here runs a tool in a process of its own


def test_mypy_finds_no_error():
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
