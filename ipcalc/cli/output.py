"""Writing results: choosing the format, colour, and the width of a terminal. Each format
has one formatter in `ipcalc.render`; this module only picks and calls it. JSON and CSV are
written with `sys.stdout.write`, never through Rich (which would wrap them)."""

import os
import sys
from typing import TYPE_CHECKING, TextIO


if TYPE_CHECKING:
    from ..result import Estimate


def use_color(stream: TextIO | None = None) -> bool:
    """Whether to colour what is written to `stream` (standard output by default): never
    with NO_COLOR; always with FORCE_COLOR; otherwise on a terminal, unless its type is
    `dumb` (which shows escape codes as text)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty() and os.environ.get("TERM") != "dumb"


def chosen_format(format: str | None) -> str:
    """The format asked for; without one, a table on a terminal and JSON otherwise."""
    return format or ("table" if sys.stdout.isatty() else "json")


def begin_csv(warnings: list[str], bom: bool) -> None:
    """Before a CSV document: its warnings on stderr (CSV has no place for them), and the
    byte-order mark if asked for."""
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if bom:
        from ..render.csvout import BOM

        sys.stdout.write(BOM)


def write_estimate(estimate: "Estimate", format: str | None, *, lang: str, unit: str, explain: bool, bom: bool = False) -> None:
    from ..render.document import estimate_document

    fmt = chosen_format(format)
    if fmt == "table":
        from ..render.table import render_table

        render_table(estimate, sys.stdout, lang=lang, color=use_color(), unit=unit, explain=explain)
        return
    if fmt == "json":
        from ..render.jsonout import dumps, mark

        sys.stdout.write(dumps(estimate_document(estimate, lang=lang, unit=unit, explain=explain, number=mark), indent=2) + "\n")
        return
    doc = estimate_document(estimate, lang=lang, unit=unit, explain=explain)
    if fmt == "csv":
        from ..render.csvout import CsvWriter

        begin_csv(doc["warnings"], bom)
        CsvWriter(sys.stdout, explain=explain).write(doc)
    else:
        from ..render.markdown import render_markdown

        sys.stdout.write(render_markdown(doc, lang, explain=explain) + "\n")


def write_lines(lines: list[str]) -> None:
    """Lines of text to stdout; on a terminal, a line wider than it is wrapped, its
    continuations indented under it (nothing is cut). Into a pipe or a file, as they are."""
    if sys.stdout.isatty():
        import shutil

        lines = fitted(lines, shutil.get_terminal_size().columns)
    sys.stdout.write("".join(line + "\n" for line in lines))


def fitted(lines: list[str], width: int) -> list[str]:
    """Each line at most `width` terminal cells: a longer one wrapped (between words, or
    between Chinese characters), its continuations indented 4 more than it."""
    from rich.cells import cell_len
    from rich.text import Text

    from ..render.table import wrap

    out = []
    for line in lines:
        if cell_len(line) <= width:
            out.append(line)
            continue
        lead = len(line) - len(line.lstrip(" "))
        hanging = " " * min(lead + 4, max(width // 2, 1))
        first, *rest = wrap(Text(line[lead:]), max(width - lead, 10))
        out.append(" " * lead + first.plain)
        rest_text = " ".join(part.plain for part in rest)
        if rest_text:
            out += [hanging + part.plain for part in wrap(Text(rest_text), max(width - len(hanging), 10))]
    return out


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
