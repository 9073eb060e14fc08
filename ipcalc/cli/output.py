"""Writing results: the format asked for (checked against the format table,
`render.formats`), colour, and whole records to standard output. Each format has one writer
in `ipcalc.render`; this module only picks and calls it. JSON and CSV are written with
`stream.write`, never through Rich (which would wrap them)."""

import os
import sys
from typing import Any, TextIO

import typer


def use_color(stream: TextIO | None = None) -> bool:
    """Whether to colour what is written to `stream` (standard output by default): never
    with NO_COLOR; always with FORCE_COLOR; otherwise on a terminal, unless its type is
    `dumb` (which shows escape codes as text)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty() and os.environ.get("TERM") != "dumb"


def format_of(command: str, format: str | None) -> str | None:
    """`--format` as given, if the command offers it (None: not given); otherwise a usage
    error naming the formats it offers (exit status 2)."""
    from ..render.formats import names, offered

    if format is None or offered(command, format):
        return format
    raise typer.BadParameter(f"{format!r} is not one of {', '.join(map(repr, names(command)))}.", param_hint="'--format' / '-f'")


def write(command: str, result: Any, format: str | None, *, bom: bool = False) -> None:
    """A command's result on standard output, in the format asked for (without one, the
    command's default: a table on a terminal, JSON otherwise), through the format table."""
    from ..render.formats import Output, default, writer

    chosen = format or default(command, sys.stdout.isatty())
    writer(command, chosen)(result, Output(sys.stdout, err=sys.stderr, color=use_color(), bom=bom))


class RecordWriter:
    """Writes whole records to standard output, always in UTF-8, in blocks of about 64 KiB
    (one system call each). If a write fails (a full disk), what was written of the failed
    block is cut back to its last whole record when the output is a regular file, so no
    torn last line is left; then WriteFailed is raised. A closed pipe raises
    BrokenPipeError as usual. Without a file descriptor (a test runner's stream), records are
    written to the stream as they come."""

    BLOCK = 1 << 16

    def __init__(self, stream: TextIO):
        import io

        self.stream = stream
        self.fd: int | None
        try:
            self.fd = stream.fileno()
            stream.flush()
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            self.fd = None
        self.pending: list[bytes] = []
        self.size = 0

    def write(self, text: str) -> None:
        if not text:
            return
        if self.fd is None:
            self.stream.write(text)
            return
        data = text.encode("utf-8")
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if self.fd is None:
            self.stream.flush()
            return
        data = b"".join(self.pending)
        self.pending.clear()
        self.size = 0
        done = 0
        view = memoryview(data)
        while done < len(data):
            try:
                done += os.write(self.fd, view[done:])
            except BrokenPipeError:
                raise
            except OSError as exc:
                self._untear(data, done)
                from ..errors import WriteFailed

                raise WriteFailed(exc) from None

    def _untear(self, data: bytes, done: int) -> None:
        """Cut a regular file back to the end of the last whole record written."""
        import stat

        if done == 0 or data[done - 1 : done] == b"\n":
            return
        try:
            if not stat.S_ISREG(os.fstat(self.fd).st_mode):  # type: ignore[arg-type]
                return
            end = os.lseek(self.fd, 0, os.SEEK_CUR)  # type: ignore[arg-type]
            keep = end - done + data.rfind(b"\n", 0, done) + 1
            os.ftruncate(self.fd, keep)  # type: ignore[arg-type]
            os.lseek(self.fd, keep, os.SEEK_SET)  # type: ignore[arg-type]
        except OSError:
            pass
