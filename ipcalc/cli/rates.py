"""`ipcalc rates`: the bundled reference rates with their sources."""

import sys
from typing import Optional

import typer

from . import command_app
from .options import LANG, POLICIES, chosen, metavar

app = command_app("rates")


FORMATS = ("text", "json")


@app.command("rates", short_help="The reference rates (benchmark, LPR) and sources.")
def rates(
    ctx: typer.Context,
    *,
    on: Optional[str] = typer.Option(None, "--on", help="Show the rates a loan issued on this date takes, YYYY-MM-DD.", metavar="DATE"),
    format: str = typer.Option("text", "--format", "-f", help="Output format.", metavar=metavar(FORMATS)),
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """The bundled reference rates (PBoC benchmark, 1-year LPR history) with their sources."""
    from ..render.rates import rates_document, rates_lines
    from .options import parse_day, start
    from .output import write_lines

    chosen(format, FORMATS, "'--format' / '-f'")
    chosen_lang, found = start(ctx, lang, policies, clean=False)
    day = parse_day(on, "--on") if on else None
    from ..i18n import render

    for notice in found.notices.get("", ()):  # user rates in place of the bundled ones
        sys.stderr.write(f"warning: {render(notice, chosen_lang)}\n")
    if format == "json":
        from ..render.jsonout import dumps

        sys.stdout.write(dumps(rates_document(found.rates, day, chosen_lang), indent=2) + "\n")
        return
    write_lines(rates_lines(found.rates, day, chosen_lang))
