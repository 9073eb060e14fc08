"""Running ipcalc on a pseudo-terminal, as a user at a terminal would: standard output and
standard error are the terminal (what is written to either is read back together)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def default_signals() -> None:
    """In a process about to run ipcalc: the signals that stop it at their defaults, as in a
    terminal's foreground job (a test run started in the background inherits SIGINT and
    SIGQUIT ignored, and `nohup` SIGHUP; ipcalc rightly leaves an ignored signal ignored)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)


def run_in_pty(
    args: list[str],
    env: dict[str, str] | None = None,
    *,
    columns: int = 100,
    timeout: float = 60,
    stdout: Any = None,
    stdin: Any = subprocess.DEVNULL,
    interrupt_when: Callable[[str], bool] | None = None,
) -> tuple[int, str]:
    """Runs `python -m ipcalc ARGS` with a terminal as its standard output and error (or
    only its error, with `stdout` a file); returns its exit status and everything written to
    the terminal (which turns "\\n" into "\\r\\n": undone). Once what the terminal shows
    meets `interrupt_when` (the display drawn, so many profiles done: a readiness signal, not
    a delay), it sends SIGINT to the process group, as Ctrl-C does."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipcalc", *args],
        stdin=stdin,
        stdout=stdout if stdout is not None else slave,
        stderr=slave,
        cwd=ROOT,
        env={**base, "PYTHONPATH": str(ROOT), **(env or {})},
        start_new_session=True,
        preexec_fn=default_signals,
    )
    interrupted = False
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if interrupt_when is not None and not interrupted and interrupt_when(out.decode("utf-8", "replace")):
                os.killpg(proc.pid, signal.SIGINT)
                interrupted = True
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other end closed (Linux says EIO)
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        else:
            os.killpg(proc.pid, signal.SIGKILL)  # it and its workers
            proc.wait()
            raise TimeoutError(f"ipcalc {' '.join(args)} did not finish in {timeout} s")
        return proc.wait(timeout), out.decode("utf-8", "replace").replace("\r\n", "\n")
    finally:
        os.close(master)
