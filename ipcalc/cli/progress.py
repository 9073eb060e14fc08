"""The progress display of a long batch, on standard error when it is a terminal.

Profiles done, failures so far and profiles per second; when the size of the input is known
(files, folders, a standard input redirected from a file) a bar with the share done and the
time left, by bytes of input answered. Rich redraws it a few times a second from its own
thread; the batch only records its counts after each chunk (every 200 profiles). It never
writes to standard output, is removed when the batch ends (or is interrupted: the cursor is
shown again, no half-drawn line is left), and one line then says how it went.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from ..i18n import t


def wanted(quiet: bool) -> bool:
    """A display on standard error: a terminal, not of type `dumb`, and not --quiet."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class BatchProgress:
    """Use as a context manager around the batch; `update` is `run`'s progress callback."""

    def __init__(self, total_bytes: int | None, lang: str):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        from .output import use_color

        self.lang = lang
        self.console = Console(file=sys.stderr, stderr=True, color_system="auto" if use_color(sys.stderr) else None, highlight=False)
        columns: list[Any] = [TextColumn("{task.fields[counts]}")]
        if total_bytes:
            columns = [BarColumn(bar_width=30), TaskProgressColumn(), TimeRemainingColumn(), *columns]
        self.progress = Progress(*columns, console=self.console, transient=True, refresh_per_second=4, redirect_stdout=False, redirect_stderr=False)
        self.task = self.progress.add_task("batch", total=total_bytes or None, counts=self._counts(0, 0, 0.0))
        self.started = time.monotonic()
        self.profiles = self.failed = 0

    def _counts(self, profiles: int, failed: int, elapsed: float) -> str:
        rate = profiles / elapsed if elapsed > 0 else 0.0
        return t("progress_counts", self.lang, profiles=f"{profiles:,}", failed=f"{failed:,}", rate=f"{rate:,.0f}")

    def update(self, profiles: int, failed: int, size: int) -> None:
        self.profiles, self.failed = profiles, failed
        self.progress.update(self.task, advance=size, counts=self._counts(profiles, failed, time.monotonic() - self.started))

    def __enter__(self) -> BatchProgress:
        from ..workers import signals_held

        try:
            with signals_held():  # its drawing thread never takes a signal (see workers)
                self.progress.start()
            return self
        except BaseException:  # Ctrl-C as it is first drawn: erased all the same
            self.progress.stop()
            raise

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        self.progress.stop()  # removes the display, shows the cursor again

    def summary(self) -> str:
        """The line written when the batch is done: `5,000 profiles, 3 failed, 1.2 s`."""
        elapsed = time.monotonic() - self.started
        return t("progress_done", self.lang, profiles=f"{self.profiles:,}", failed=f"{self.failed:,}", seconds=f"{elapsed:,.1f}")
