"""`ipcalc opportunities`: what the client could still gain, and exactly what it would take.
Same inputs as `estimate` (a profile file and fact flags)."""

import sys
from typing import Any, Optional

import typer

from .facts import asked, begin, build, output_options, schema_for
from .options import FORMATS


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
    from ..gains import find
    from ..render.opportunities import COLUMNS, csv_rows, markdown, opportunities_document, render_table
    from .output import begin_csv, chosen_format, use_color

    chosen_lang, found = begin(ctx, format=format, formats=FORMATS, unit=unit, lang=lang, policies=policies, bom=bom)
    profile_facts, readings, day, rate = asked(profile, facts, found, policy, reading, lpr)
    steps = find(profile_facts, found, policy_ids=policy, as_of=day, lpr=rate, readings=readings)
    fmt = chosen_format(format)
    if fmt == "json":
        from ..render.jsonout import dumps, mark

        doc = opportunities_document(steps, found.vocabulary, lang=chosen_lang, unit=unit, number=mark)
        sys.stdout.write(dumps(doc, indent=2) + "\n")
        return
    doc = opportunities_document(steps, found.vocabulary, lang=chosen_lang, unit=unit)
    if fmt == "table":
        render_table(doc, sys.stdout, lang=chosen_lang, color=use_color())
    elif fmt == "csv":
        import csv

        begin_csv(doc["warnings"], bom)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(csv_rows(doc))
    else:
        sys.stdout.write(markdown(doc, chosen_lang) + "\n")


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("opportunities", run, "What the client could still gain, step by step.", schema_for(args), output_options())
