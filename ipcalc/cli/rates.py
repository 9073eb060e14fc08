"""`ipcalc rates`: the bundled reference rates with their sources."""

from typing import Optional

import typer

from . import command_app
from .options import LANG, POLICIES, format_option

app = command_app("rates")


@app.command("rates", short_help="The reference rates (benchmark, LPR) and sources.")
def rates(
    ctx: typer.Context,
    *,
    on: Optional[str] = typer.Option(None, "--on", help="Show the rates a loan issued on this date takes, YYYY-MM-DD.", metavar="DATE"),
    format: str = format_option("rates", "text"),
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """The bundled reference rates (PBoC benchmark, 1-year LPR history) with their sources."""
    from ..render.rates import RatesShown
    from .options import parse_day, start_listing, warn
    from .output import write

    chosen_lang, found = start_listing(ctx, "rates", format, lang, policies)
    day = parse_day(on, "--on") if on else None
    warn(chosen_lang, found.notices.get("", ()))  # user rates in place of the bundled ones
    write("rates", RatesShown(found.rates, day, chosen_lang), format)
