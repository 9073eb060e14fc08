"""`ipcalc opportunities`: what the client could still gain, and exactly what it would take.
Same inputs as `estimate` (a profile file and fact flags)."""

from typing import Any, Optional

import typer

from .facts import build, output_options, request, schema_for


def run(
    ctx: typer.Context,
    profile: Optional[str],
    *,
    format: Optional[str],
    policy: Optional[list[str]],
    lang: Optional[str],
    unit: str,
    bom: bool,
    lpr: Optional[str],
    reading: Optional[list[str]],
    policies: Optional[list[str]],
    **facts: Any,
) -> None:
    """What the client could still gain under the policies in force, step by step: each with
    its gain, what it needs, and the profile fragment that realises it (`add`)."""
    from ..api import opportunities
    from .options import bom_only_for_csv
    from .output import format_of, write

    chosen = format_of("opportunities", format)
    asked = request(ctx, profile, facts, lang=lang, unit=unit, policy=policy, reading=reading, lpr=lpr, policies=policies)
    bom_only_for_csv(bom, chosen)
    write("opportunities", opportunities(asked), chosen, bom=bom)


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("opportunities", run, "What the client could still gain, step by step.", schema_for(args), output_options("opportunities"))
