"""`ipcalc estimate`: one profile, item by item. Its fact flags come from the schema, and
from the policy folders given (see `facts`)."""

import inspect
from typing import Any, Optional

import typer

from .facts import asked, begin, build, output_options, schema_for
from .options import FORMATS

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def run(
    ctx: typer.Context,
    profile: Optional[str],
    *,
    format: Optional[str],
    policy: Optional[list[str]],
    lang: Optional[str],
    unit: str,
    bom: bool,
    explain: bool,
    save: Optional[str],
    force: bool,
    lpr: Optional[str],
    reading: Optional[list[str]],
    policies: Optional[list[str]],
    **facts: Any,
) -> None:
    """Estimate what each matching policy pays for one profile, item by item."""
    from ..inputs import check_target
    from ..profile import save_profile
    from .output import write_estimate

    chosen_lang, found = begin(ctx, format=format, formats=FORMATS, unit=unit, lang=lang, policies=policies, bom=bom)
    if save:
        check_target(save, force)
    profile_facts, readings, day, rate = asked(profile, facts, found, policy, reading, lpr)
    result = found.evaluate(profile_facts, policy_ids=policy, as_of=day, lpr=rate, explain=explain, readings=readings)
    if save:
        save_profile(profile_facts, save, day)
    write_estimate(result, format, lang=chosen_lang, unit=unit, explain=explain, bom=bom)


def _output_parameters() -> list[inspect.Parameter]:
    return output_options(
        inspect.Parameter(
            "explain",
            _KEYWORD,
            default=typer.Option(False, "--explain", help="Add the Chinese clause text, the interpretation and the arithmetic under each item.", rich_help_panel="Output"),
            annotation=bool,
        ),
        inspect.Parameter(
            "save",
            _KEYWORD,
            default=typer.Option(None, "--save", help="Write the merged profile (file + flags) to this TOML file (not over an existing one: see --force).", metavar="PATH", rich_help_panel="Output"),
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
