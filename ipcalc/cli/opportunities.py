"""`ipcalc opportunities`: what the client could still gain, and exactly what it would take.
Same inputs as `estimate` (a profile file and fact flags)."""

import inspect
from typing import Any, Optional

import typer

from .facts import Shared, build, output_options, request, schema_for


def run(ctx: typer.Context, profile: Optional[str], shared: Shared, facts: dict[str, Any], *, every: bool = False) -> None:
    """What the client could still gain under the policies in force, step by step: each with
    its gain, what it needs, and the profile fragment that realises it (`add`)."""
    from ..api import opportunities
    from .options import bom_only_for_csv
    from .output import format_of, write

    chosen = format_of("opportunities", shared.format)
    asked = request(ctx, profile, facts, shared)
    bom_only_for_csv(shared.bom, chosen)
    write("opportunities", opportunities(asked, every=every), chosen, bom=shared.bom)


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    every = inspect.Parameter(
        "every",
        inspect.Parameter.KEYWORD_ONLY,
        default=typer.Option(
            False, "--all", help="Show the aspirational steps too: prizes decided by others, titles two or more levels up.", rich_help_panel="Output"
        ),
        annotation=bool,
    )
    return build("opportunities", run, "What the client could still gain, step by step.", schema_for(args), output_options("opportunities", every))
