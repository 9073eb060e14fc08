"""`ipcalc estimate`: one profile, item by item. Its fact flags come from the schema, and
from the policy folders given (see `facts`)."""

import inspect
from typing import Any, Optional

import typer

from .facts import Shared, build, output_options, request, schema_for

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def run(
    ctx: typer.Context, profile: Optional[str], shared: Shared, facts: dict[str, Any], *, explain: bool, save: Optional[str], force: bool
) -> None:
    """Estimate what each matching policy pays for one profile, item by item."""
    from ..api import estimate
    from ..inputs import check_target
    from .options import bom_only_for_csv
    from .output import format_of, write

    chosen = format_of("estimate", shared.format)
    asked = request(ctx, profile, facts, shared, explain=explain)
    bom_only_for_csv(shared.bom, chosen)
    if save:
        check_target(save, force)  # with --force, the profile read may be saved over (flags merged into it)
    result = estimate(asked)
    if save:
        from ..profile import save_profile

        save_profile(result.request.profile, save, result.request.day)
    write("estimate", result, chosen, bom=shared.bom)


def _output_parameters() -> list[inspect.Parameter]:
    return output_options(
        "estimate",
        inspect.Parameter(
            "explain",
            _KEYWORD,
            default=typer.Option(
                False,
                "--explain",
                help="Add the Chinese clause text, the interpretation and the arithmetic under each item.",
                rich_help_panel="Output",
            ),
            annotation=bool,
        ),
        inspect.Parameter(
            "save",
            _KEYWORD,
            default=typer.Option(
                None,
                "--save",
                help="Write the merged profile (file + flags) to this TOML file (not over an existing one: see --force).",
                metavar="PATH",
                rich_help_panel="Output",
            ),
            annotation=Optional[str],
        ),
        inspect.Parameter(
            "force",
            _KEYWORD,
            default=typer.Option(False, "--force", help="Let --save overwrite an existing file.", rich_help_panel="Output"),
            annotation=bool,
        ),
    )


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("estimate", run, "One profile, item by item: what each policy pays.", schema_for(args), _output_parameters())
