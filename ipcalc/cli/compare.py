"""`ipcalc compare`: one profile under every policy, side by side. The same facts as
`estimate` (a profile file and fact flags)."""

from typing import Any, Optional

import typer

from .facts import Shared, build, output_options, request, schema_for


def run(ctx: typer.Context, profile: Optional[str], shared: Shared, facts: dict[str, Any]) -> None:
    """The same profile under every policy, side by side: what would this client get elsewhere?"""
    from ..api import compare
    from .output import format_of, write

    chosen = format_of("compare", shared.format)
    asked = request(ctx, profile, facts, shared)
    write("compare", compare(asked), chosen)


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("compare", run, "One profile under every policy, side by side.", schema_for(args), output_options("compare", bom=False))
