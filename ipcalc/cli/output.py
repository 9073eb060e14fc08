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
