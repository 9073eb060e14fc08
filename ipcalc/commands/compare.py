"""`ipcalc compare`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from datetime import date
from enum import Enum
from typing import Annotated, Optional

import typer

from ..cli import (
    LangOpt,
    PoliciesOpt,
    Unit,
    command,
    parse_day,
    parse_lpr,
    use_color,
)
from ..i18n import set_language


class CompareFormat(str, Enum):
    table = "table"
    json = "json"


@command("compare", short_help="One profile under every policy, side by side.")
def compare_profile(
    profile: Annotated[str, typer.Argument(help="A TOML profile file, or - for TOML on stdin.", show_default=False)],
    *,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date of the comparison, YYYY-MM-DD (default: the profile's, else today).", metavar="DATE")] = None,
    format: Annotated[Optional[CompareFormat], typer.Option("--format", "-f", help="Output format (default: table on a terminal, json otherwise).", show_default=False)] = None,
    lang: LangOpt = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in yuan or wan (万元).")] = Unit.yuan,
    lpr: Annotated[Optional[str], typer.Option("--lpr", help="Use this 1-year LPR instead of the bundled history.", metavar="RATE")] = None,
    policies: PoliciesOpt = None,
) -> None:
    """The same profile under every policy, side by side: what would this client get elsewhere?"""
    from ..compare import compare
    from ..inputs import read_toml_source
    from ..library import load_library, user_dirs
    from ..profile import read_profile

    language = set_language(lang.value if lang else None)
    library = load_library(user_dirs(policies))
    library.require_clean()
    data, source, text = read_toml_source(profile)
    facts = read_profile(data, vocab=library.vocabulary, regions=library.regions, source=source, text=text)
    comparison = compare(
        facts,
        list(library.policies.values()),
        vocab=library.vocabulary,
        rates=library.rates,
        as_of=parse_day(as_of) if as_of else facts.as_of or date.today(),
        lang=language,
        lpr=parse_lpr(lpr),
    )
    fmt = format or (CompareFormat.table if sys.stdout.isatty() else CompareFormat.json)
    if fmt is CompareFormat.json:
        from ..render.compare import comparison_document
        from ..render.jsonout import dumps, mark

        sys.stdout.write(dumps(comparison_document(comparison, unit=unit.value, number=mark), indent=2) + "\n")
    else:
        from ..render.compare import render_comparison

        render_comparison(comparison, sys.stdout, color=use_color(), unit=unit.value)
