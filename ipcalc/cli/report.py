"""`ipcalc report`: the client's workbook (.xlsx). The same inputs as `estimate` (a profile
file and fact flags); the workbook goes to `-o PATH` (`-`: standard output, not a terminal)."""

import inspect
import sys
from typing import Any, Optional

import typer

from .facts import build, output_options, request, schema_for

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def run(
    ctx: typer.Context,
    profile: Optional[str],
    *,
    format: Optional[str],
    policy: Optional[list[str]],
    lang: Optional[str],
    unit: str,
    output: str,
    lpr: Optional[str],
    reading: Optional[list[str]],
    policies: Optional[list[str]],
    **facts: Any,
) -> None:
    """Write the client's workbook: the figures (conservative, expected, optimistic) per
    policy with a chart, every item with the fact it is for, how to apply, what could still
    be gained, and the sources and contested readings."""
    from ..api import report
    from ..errors import IpcalcError, Problem
    from ..i18n import msg, t
    from ..inputs import check_target
    from ..render.formats import Output, writer
    from .output import format_of

    chosen = format_of("report", format) or "xlsx"
    if output == "-":
        if sys.stdout.isatty():
            raise IpcalcError(Problem(msg("binary_to_terminal"), source="-o"))
    else:
        check_target(output, True)  # not a folder; an existing workbook is written over
    asked = request(ctx, profile, facts, lang=lang, unit=unit, policy=policy, reading=reading, lpr=lpr, policies=policies)
    found = report(asked)
    try:
        writer("report", chosen)(found, Output(sys.stdout, path=output))
    except OSError as exc:
        if output == "-":
            raise  # standard output: said like any other command's (exit status 3)
        raise IpcalcError(Problem(msg("cannot_write", reason=exc.strerror or exc), source=output)) from None
    if output != "-":
        items = sum(len(r.items) for r in found.estimate.policies)
        sys.stderr.write(t("report_written", found.lang, path=output, sheets=5, items=items) + "\n")


def _output_parameters() -> list[inspect.Parameter]:
    return output_options(
        "report",
        inspect.Parameter(
            "output",
            _KEYWORD,
            default=typer.Option(..., "--output", "-o", help="Where to write the workbook (.xlsx); - for standard output. An existing file is written over.", metavar="PATH", rich_help_panel="Output"),
            annotation=str,
        ),
        bom=False,
    )


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("report", run, "The client's workbook (.xlsx): figures, items, how to apply, sources.", schema_for(args), _output_parameters())
