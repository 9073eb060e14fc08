"""`ipcalc compare`: one profile under every policy, side by side."""

import sys
from typing import Optional

import typer

from . import command_app
from .options import FORMAT_HELP, LANG, LPR, POLICIES, READING, UNIT, UNITS, chosen, metavar

app = command_app("compare")


FORMATS = ("table", "json")


@app.command("compare", short_help="One profile under every policy, side by side.")
def compare(
    ctx: typer.Context,
    profile: str = typer.Argument(..., help="A TOML profile file, or - for TOML on stdin.", show_default=False),
    *,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the comparison, YYYY-MM-DD (default: the profile's, else today).", metavar="DATE"),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, metavar=metavar(FORMATS), show_default=False),
    lang: Optional[str] = LANG,
    unit: str = UNIT,
    lpr: Optional[str] = LPR,
    reading: Optional[list[str]] = READING,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """The same profile under every policy, side by side: what would this client get elsewhere?"""
    from datetime import date

    from ..comparison import compare as compare_profile
    from ..inputs import read_toml_source
    from ..profile import read_profile
    from .options import parse_day, parse_lpr, parse_readings, start
    from .output import use_color

    chosen(format, FORMATS, "'--format' / '-f'")
    chosen(unit, UNITS, "'--unit'")
    chosen_lang, found = start(ctx, lang, policies)
    data, source, text = read_toml_source(profile)
    facts = read_profile(data, vocab=found.vocabulary, regions=found.regions, source=source, text=text)
    day = parse_day(as_of) if as_of else facts.as_of or date.today()
    readings = parse_readings(reading, found)
    comparison = compare_profile(found.evaluate(facts, policy_ids=list(found.policies), as_of=day, lpr=parse_lpr(lpr), readings=readings))
    fmt = format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from ..render.jsonout import dumps, mark
        from ..render.side_by_side import comparison_document

        sys.stdout.write(dumps(comparison_document(comparison, lang=chosen_lang, unit=unit, number=mark), indent=2) + "\n")
    else:
        from ..render.side_by_side import render_comparison

        render_comparison(comparison, sys.stdout, lang=chosen_lang, color=use_color(), unit=unit)
