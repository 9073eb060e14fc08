"""The one table of output formats: for each command, the formats it offers and the writer of
each. `--format`'s choices, its help and its completion come from here, and a format a command
does not offer is a usage error naming the ones it does; adding a format is adding a row.

A writer is named by `module:function` and imported only when used, so that a command's
start pays for no writer it does not call. It takes the command's result (an `api.Result`,
`api.Opportunities`, `api.Comparison`; for `batch`, the record writer's options; for the
listings, their documents) and an `Output`: where to write, and how.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any, TextIO

from ..record import Record


class Format(Record):
    name: str
    #: "module:function" (or a class, for batch's record writers)
    writer: str
    help: str


class Output:
    """Where and how a writer writes: `stream` (standard output by default), `err` for what is
    said beside it (warnings beside CSV), colour, the width of a table (None: the
    terminal's), a UTF-8 byte-order mark before CSV (for Excel), and for a file format (a
    workbook), the `path` it goes to."""

    __slots__ = ("stream", "err", "color", "width", "bom", "path")

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        err: TextIO | None = None,
        color: bool = False,
        width: int | None = None,
        bom: bool = False,
        path: str | None = None,
    ):
        self.stream = stream if stream is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.color = color
        self.width = width
        self.bom = bom
        self.path = path


def _formats(*rows: tuple[str, str, str]) -> dict[str, Format]:
    return {name: Format(name, writer, help) for name, writer, help in rows}


TABLE = "a table for the terminal, items grouped by policy"
JSON = "one JSON object (amounts written from their exact digits)"
CSV = "one row per item, for a spreadsheet or a script"
MARKDOWN = "tables for a memo"

#: command -> its formats, in the order `--help` lists them (the first is not the default:
#: see `default`)
FORMATS: dict[str, dict[str, Format]] = {
    "estimate": _formats(
        ("table", "ipcalc.render.table_writer:write_estimate", TABLE),
        ("json", "ipcalc.render.json_document:write_estimate", JSON),
        ("csv", "ipcalc.render.csv_writer:write_estimate", CSV),
        ("markdown", "ipcalc.render.markdown_writer:write_estimate", MARKDOWN),
    ),
    "opportunities": _formats(
        ("table", "ipcalc.render.opportunities:write_table", "the steps ranked, each with what it needs"),
        ("json", "ipcalc.render.opportunities:write_json", JSON),
        ("csv", "ipcalc.render.opportunities:write_csv", "one row per step, `add` as JSON"),
        ("markdown", "ipcalc.render.opportunities:write_markdown", MARKDOWN),
    ),
    "compare": _formats(
        ("table", "ipcalc.render.side_by_side:write_table", "totals with a bar each, then the facts that differ most"),
        ("json", "ipcalc.render.side_by_side:write_json", JSON),
        ("markdown", "ipcalc.render.side_by_side:write_markdown", MARKDOWN),
    ),
    "report": _formats(
        (
            "xlsx",
            "ipcalc.render.workbook_writer:write_report",
            "an Excel workbook for the client (summary and chart, items, how to apply, opportunities, sources and readings)",
        )
    ),
    "batch": _formats(
        ("jsonl", "ipcalc.render.records:JsonLines", "one estimate object per line"), ("csv", "ipcalc.render.records:CsvRows", "one row per item")
    ),
    "policies list": _formats(
        ("text", "ipcalc.render.listings:write_list", "aligned columns"), ("json", "ipcalc.render.listings:write_list_json", JSON)
    ),
    "rates": _formats(("text", "ipcalc.render.rates:write_text", "the rates with their sources"), ("json", "ipcalc.render.rates:write_json", JSON)),
}

#: formats that are not text (written to a file, or as bytes)
BINARY = frozenset({"xlsx"})

#: commands whose default is a table on a terminal and JSON otherwise; the others default to
#: their first format
TERMINAL_DEFAULT = ("estimate", "opportunities", "compare")


def names(command: str) -> tuple[str, ...]:
    """The formats a command offers."""
    return tuple(FORMATS[command])


#: `--format`'s help where it is not the list of the formats with what each is
HELP = {
    "estimate": "Output format (default: table on a terminal, json otherwise).",
    "opportunities": "Output format (default: table on a terminal, json otherwise).",
    "compare": "Output format (default: table on a terminal, json otherwise).",
    "policies list": "Output format.",
    "rates": "Output format.",
}


def help_text(command: str) -> str:
    """`--format`'s help (the formats themselves are its metavar, `<table|json|...>`)."""
    return HELP.get(command) or "; ".join(f"{f.name}: {f.help}" for f in FORMATS[command].values()) + "."


def default(command: str, terminal: bool) -> str:
    if command in TERMINAL_DEFAULT:
        return "table" if terminal else "json"
    return names(command)[0]


def offered(command: str, name: str) -> bool:
    return name in FORMATS[command]


def writer(command: str, name: str) -> Callable[..., Any]:
    """The writer of a command's format (KeyError: the command does not offer it)."""
    module, _, attribute = FORMATS[command][name].writer.partition(":")
    return getattr(importlib.import_module(module), attribute)
