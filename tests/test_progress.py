"""The progress display of `ipcalc batch` on a terminal, run on a pseudo-terminal (stderr on
the terminal, stdout to a file, as `ipcalc batch clients/ > results.jsonl` runs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from pty_run import run_in_pty

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty and forked workers: Linux"), pytest.mark.subprocess]

LINE = b'{"region":"xiangzhou","as_of":"2025-06-30","patent_agents":1,"loans":[{"principal":3000000,"months":12}]}\n'
BAD = b'{"region":"atlantis"}\n'
COUNTS = re.compile(r"([\d,]+) profiles · ([\d,]+) failed · ([\d,]+)/s")
DONE = re.compile(r"([\d,]+) profiles, ([\d,]+) failed, [\d.,]+ s\n$")


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "clients.jsonl"
    path.write_bytes((LINE * 999 + BAD) * 8)  # 8,000 profiles, 8 of them failing
    return path


@pytest.fixture(scope="module")
def few_lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "few.jsonl"
    path.write_bytes((LINE * 999 + BAD) * 2)  # 2,000 profiles, 2 of them failing: several chunks, both workers
    return path


TERMINAL = {"TERM": "xterm-256color"}  # the tests' own environment says TERM=dumb


def run_batch(tmp_path: Path, name: str, args: list[str], **kwargs) -> tuple[int, str, bytes]:
    out = tmp_path / f"{name}.out"
    with out.open("wb") as stdout:
        status, terminal = run_in_pty(["batch", *args], TERMINAL, stdout=stdout, **kwargs)
    return status, terminal, out.read_bytes()


def test_a_file_shows_a_bar_counts_and_a_closing_line(tmp_path: Path, few_lines: Path):
    status, terminal, out = run_batch(tmp_path, "on", ["-", "-j", "2"], stdin=few_lines.open("rb"))
    assert status == 1  # some failed
    assert "\x1b[?25l" in terminal  # the display was drawn (the cursor hidden meanwhile)
    counts = COUNTS.findall(terminal)
    assert counts and counts[-1][:2] == ("2,000", "2")
    assert "%" in terminal  # the input's size is known (a file on stdin): a bar with the share done
    assert re.search(r"(?<![\d,])2,000 profiles, 2 failed, [\d.,]+ s\n$", terminal)  # the closing line, last
    assert terminal.count("\n") <= 3 and "\x1b[?25h" in terminal  # removed at the end, cursor shown
    assert out.count(b"\n") == 2000


def test_stdout_is_the_same_with_the_display_on_or_off(tmp_path: Path, few_lines: Path):
    _, shown_terminal, shown = run_batch(tmp_path, "on", ["-", "-j", "2"], stdin=few_lines.open("rb"))
    _, quiet_terminal, quiet = run_batch(tmp_path, "quiet", ["-", "-j", "2", "--quiet"], stdin=few_lines.open("rb"))
    piped = subprocess.run(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", "2"],
        stdin=few_lines.open("rb"),
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert COUNTS.findall(shown_terminal)[-1][:2] == ("2,000", "2")  # the display was on
    assert shown == quiet == piped.stdout and shown.count(b"\n") == 2000
    assert COUNTS.search(quiet_terminal) is None and DONE.search(quiet_terminal) is None
    assert quiet_terminal == "ipcalc batch: 2 of 2000 profiles failed\n"  # as when stderr is not a terminal
    assert piped.stderr == b"ipcalc batch: 2 of 2000 profiles failed\n"


def test_a_pipe_shows_counts_and_rate_only(tmp_path: Path, few_lines: Path):
    read, write = os.pipe()

    def feed() -> None:
        with os.fdopen(write, "wb") as stream:
            stream.write(few_lines.read_bytes())

    feeder = threading.Thread(target=feed)
    feeder.start()
    with os.fdopen(read, "rb") as stdin:
        status, terminal, out = run_batch(tmp_path, "pipe", ["-", "-j", "2"], stdin=stdin)
    feeder.join()
    assert COUNTS.findall(terminal)[-1][:2] == ("2,000", "2")
    assert "%" not in terminal  # no size known: no bar
    assert out.count(b"\n") == 2000


def test_folders_have_a_known_size():
    status, terminal = run_in_pty(["batch", str(EXAMPLES)], TERMINAL, stdout=subprocess.DEVNULL)
    assert status == 0 and "%" in terminal
    assert re.search(r"(?<![\d,])5 profiles, 0 failed, [\d.]+ s\n$", terminal)  # the five examples


def test_no_display_on_a_dumb_terminal():
    status, terminal = run_in_pty(["batch", str(EXAMPLES)], {"TERM": "dumb"}, stdout=subprocess.DEVNULL)
    assert status == 0 and "\x1b" not in terminal
    assert terminal.startswith("warning:") and DONE.search(terminal) is None


def done_at_least(profiles: int):
    """What the Ctrl-C test waits for: the display drawn, showing at least so many profiles."""

    def shown(terminal: str) -> bool:
        counts = COUNTS.findall(terminal)
        return bool(counts) and int(counts[-1][0].replace(",", "")) >= profiles

    return shown


def test_ctrl_c_leaves_the_terminal_clean(tmp_path: Path, lines: Path):
    big = tmp_path / "big.jsonl"
    big.write_bytes(lines.read_bytes() * 20)  # 160,000 profiles: it is still running when stopped
    for profiles in (0, 400, 2000):  # as soon as the display is drawn, then while it runs
        status, terminal, out = run_batch(tmp_path, "stopped", ["-", "-j", "2"], stdin=big.open("rb"), interrupt_when=done_at_least(profiles))
        assert status == 130
        assert "Traceback" not in terminal and "KeyboardInterrupt" not in terminal
        last_draw = terminal.rfind("\x1b[?25l")
        assert terminal.rfind("\x1b[?25h") > last_draw  # the cursor shown again
        assert terminal.endswith("\x1b[2K")  # the display erased: no half-drawn line is left
        assert out == b"" or out.endswith(b"\n")  # whole records only
