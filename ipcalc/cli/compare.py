"""`ipcalc compare`: one profile under every policy, side by side. The same facts as
`estimate` (a profile file and fact flags)."""

import sys
from typing import Any, Optional

import typer

from .facts import asked, begin, build, output_options, schema_for

FORMATS = ("table", "json", "markdown")


def run(
    ctx: typer.Context,
    profile: Optional[str],
    *,
    format: Optional[str],
    policy: Optional[list[str]],
    lang: Optional[str],
    unit: str,
    lpr: Optional[str],
    reading: Optional[list[str]],
    policies: Optional[list[str]],
    **facts: Any,
) -> None:
    """The same profile under every policy, side by side: what would this client get elsewhere?"""
    from ..comparison import compare as compare_profile
    from .output import chosen_format, use_color

    chosen_lang, found = begin(ctx, format=format, formats=FORMATS, unit=unit, lang=lang, policies=policies)
    profile_facts, readings, day, rate = asked(profile, facts, found, policy, reading, lpr)
    ids = policy or list(found.policies)
    comparison = compare_profile(found.evaluate(profile_facts, policy_ids=ids, as_of=day, lpr=rate, readings=readings))
    fmt = chosen_format(format)
    if fmt == "json":
        from ..render.jsonout import dumps, mark
        from ..render.side_by_side import comparison_document

        sys.stdout.write(dumps(comparison_document(comparison, lang=chosen_lang, unit=unit, number=mark), indent=2) + "\n")
    elif fmt == "markdown":
        from ..render.side_by_side import comparison_document, comparison_markdown

        sys.stdout.write(comparison_markdown(comparison_document(comparison, lang=chosen_lang, unit=unit), chosen_lang) + "\n")
    else:
        from ..render.side_by_side import render_comparison

        render_comparison(comparison, sys.stdout, lang=chosen_lang, color=use_color(), unit=unit)


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("compare", run, "One profile under every policy, side by side.", schema_for(args), output_options(formats=FORMATS, bom=False))
