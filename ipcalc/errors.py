"""The one domain error type, and the exit statuses of the command line.

Every mistake in user input (a profile, a flag, a policy file) becomes an `IpcalcError`
holding one `Problem` per mistake: where it is (file, line, field path) and what is allowed.
The CLI catches it once, prints one line per problem on stderr and exits with
`ExitStatus.BAD_INPUT`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from .i18n import Message, msg, render
from .record import Record


class ExitStatus(IntEnum):
    """What `ipcalc` exits with. Anything else is a bug."""

    OK = 0
    #: `ipcalc batch`: some profiles failed; the others were answered.
    #: `ipcalc policies test`: some case did not get what it expects.
    PARTIAL_FAILURE = 1
    #: Bad input or usage: nothing was computed.
    BAD_INPUT = 2
    #: The output could not be written (a full disk): the records written are whole.
    WRITE_FAILED = 3
    #: Stopped by Ctrl-C (SIGINT); SIGTERM exits 143 (128 + 15), SIGHUP 129, SIGQUIT 131.
    INTERRUPTED = 130


class Interrupted(BaseException):
    """A signal asked ipcalc to stop (SIGTERM, SIGHUP, SIGQUIT): like KeyboardInterrupt for
    SIGINT, it unwinds through every clean-up, and the command line exits 128 + signum."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


#: the signals that stop a command as Ctrl-C does (the terminal closed, a kill, Ctrl-\\)
STOPPING_NAMES = ("SIGTERM", "SIGHUP", "SIGQUIT")


def on_stopping_signal(signum: int, frame: Any) -> None:
    """SIGTERM, SIGHUP or SIGQUIT under the command line: stop like Ctrl-C does (workers torn
    down, a file being written removed); the command line exits 128 + the signal's number."""
    raise Interrupted(signum)


class WriteFailed(Exception):
    """Standard output could not be written (a full disk, a quota): the OSError."""


class Problem(Record):
    """One mistake: `message` (a Msg, rendered in the user's language) says what was
    found and what is allowed."""

    message: Any
    path: str = ""
    source: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str) -> str:
        """The problem on one line, in English or Chinese: `file:line: path: message`."""
        where = self.source
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [p for p in (where, self.path) if p]
        return ": ".join([*parts, render(self.message, lang)])


class IpcalcError(Exception):
    """Bad input. Carries every problem found, each with its field path."""

    def __init__(self, problems: Problem | str | Iterable[Problem], *, path: str = "", source: str = ""):
        if isinstance(problems, str):
            problems = [Problem(problems, path, source)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__()

    def __str__(self) -> str:  # rendered when asked, not for each of 20,000 problems at once
        return "\n".join(str(p) for p in shown(self.problems))


#: the most problems shown for one file; the rest are counted
MAX_SHOWN = 50


def shown(problems: Iterable[Problem], limit: int = MAX_SHOWN) -> list[Problem]:
    """The problems to show: at most `limit` per file, then one saying how many more."""
    out: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        n = counts[problem.source] = counts.get(problem.source, 0) + 1
        if n <= limit:
            out.append(problem)
    for source, n in counts.items():
        if n > limit:
            out.append(Problem(msg("more_problems", n=n - limit), source=source))
    return out


class ProblemList:
    """Collects problems while validating, so a file's mistakes are all reported at once."""

    __slots__ = ("source", "items")

    def __init__(self, source: str = ""):
        self.source = source
        self.items: list[Problem] = []

    def add(self, path: str, message: Message, line: int | None = None) -> None:
        self.items.append(Problem(message, path, self.source, line))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise IpcalcError(self.items)
