"""Odd standard streams: standard output closed, read-only or full is a write failure (exit
status 3, one line on standard error, no traceback) for every command; a closed or full
standard error changes no exit status; standard input open for writing only is said."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

PROFILE = str(EXAMPLES / "xiangzhou-enterprise.toml")
JINAN = str(ROOT / "examples" / "policies" / "jinan")

#: every command, as a user would type it (and the top-level help and version)
COMMANDS = [
    ["--help"],
    ["--version"],
    ["estimate", "--help"],
    ["estimate", PROFILE, "-f", "json"],
    ["estimate", PROFILE, "-f", "table"],
    ["estimate", PROFILE, "-f", "csv"],
    ["estimate", PROFILE, "-f", "markdown"],
    ["estimate", "--region", "xiangzhou", "--as-of", "2025-06-30"],
    ["opportunities", PROFILE, "-f", "json"],
    ["opportunities", PROFILE, "-f", "table"],
    ["compare", PROFILE, "-f", "json"],
    ["compare", PROFILE, "-f", "table"],
    ["batch", PROFILE],
    ["batch", PROFILE, "-f", "csv", "--summary"],
    ["policies", "list"],
    ["policies", "show", "xiangzhou"],
    ["policies", "check"],
    ["policies", "test", JINAN],
    ["rates"],
    ["rates", "-f", "json"],
    ["init", "--as-of", "2025-06-30"],
    ["completions", "bash"],
]


def main(args: list[str], stdout: object, stderr: object, monkeypatch: pytest.MonkeyPatch) -> int:
    """`ipcalc ARGS` through its entry point, in this process, with these standard streams."""
    from ipcalc.cli import main as entry

    monkeypatch.setattr(sys, "argv", ["ipcalc", *args])
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    with pytest.raises(SystemExit) as done:
        entry()
    return done.value.code


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_standard_output_is_a_write_failure(args: list[str], monkeypatch: pytest.MonkeyPatch):
    err = io.StringIO()
    assert main(args, None, err, monkeypatch) == 3
    said = err.getvalue()
    # Nothing of it was written: the message claims nothing of what was (a batch cut back to
    # whole records says so: see test_hardening's full disk).
    assert said.endswith("error: <stdout>: cannot write the output: Bad file descriptor\n"), said
    assert "Traceback" not in said


@pytest.mark.parametrize("args", COMMANDS[:4] + COMMANDS[8:9] + COMMANDS[12:13] + COMMANDS[14:15], ids=" ".join)
def test_a_full_or_read_only_standard_output_is_a_write_failure(args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    (tmp_path / "file").write_text("")
    # A descriptor opened for reading only, written as standard output (the shell's 1<file).
    read_only = os.fdopen(os.open(tmp_path / "file", os.O_RDONLY), "w", encoding="utf-8")
    for stream, reason in ((open("/dev/full", "w", encoding="utf-8"), "No space left on device"), (read_only, "Bad file descriptor")):
        err = io.StringIO()
        with stream:
            assert main(args, stream, err, monkeypatch) == 3, err.getvalue()
        assert "error: <stdout>: cannot write the output: " + reason in err.getvalue()
        assert "Traceback" not in err.getvalue()


class Unwritable(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    "args, status",
    [(["rates"], 0), (["estimate", "--region", "nowhere"], 2), (["batch", PROFILE, str(ROOT / "tests" / "snapshots" / "nope.toml")], 2)],
)
def test_a_closed_or_full_standard_error_changes_no_exit_status(args: list[str], status: int, monkeypatch: pytest.MonkeyPatch):
    assert main(args, io.StringIO(), None, monkeypatch) == status
    assert main(args, io.StringIO(), Unwritable(), monkeypatch) == status


def run(args: list[str], **redirect: int) -> subprocess.CompletedProcess:
    """`ipcalc ARGS` in a process of its own, with descriptors closed or redirected."""
    return subprocess.run([sys.executable, "-m", "ipcalc", *args], cwd=ROOT, capture_output="stdout" not in redirect, timeout=60, **redirect)


def shell(line: str, *args: str) -> subprocess.CompletedProcess:
    """`ipcalc ARGS` run by a shell with `line`'s redirections (`"$@" >&-`)."""
    return subprocess.run(["sh", "-c", line, "sh", sys.executable, "-m", "ipcalc", *args], cwd=ROOT, capture_output=True, timeout=60)


@pytest.mark.subprocess
def test_really_closed_descriptors():
    # The descriptors closed by the shell before ipcalc starts, as >&- and 2>&- close them.
    closed = shell('"$@" >&-', "estimate", PROFILE, "-f", "json")
    assert closed.returncode == 3 and closed.stderr.endswith(b"error: <stdout>: cannot write the output: Bad file descriptor\n"), closed.stderr
    assert shell('"$@" >&-', "--help").returncode == 3
    assert shell('"$@" 2>&-', "estimate", "--region", "nowhere").returncode == 2
    assert shell('"$@" 2>&-', "rates").returncode == 0
    batch = shell('"$@" 0>/dev/null', "batch", "-")
    assert batch.returncode == 2 and b"standard input is open for writing only" in batch.stderr
