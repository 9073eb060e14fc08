"""`ipcalc opportunities`: what the client could still gain, and exactly what it would take.
Same inputs as `estimate` (a profile file and fact flags)."""

import sys
from datetime import date
from typing import Any, Optional

import typer

from .. import schema
from .facts import build, output_options, profile_from, schema_for
from .options import FORMATS, UNITS, chosen


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
    from ..steps import find
    from ..render.opportunities import COLUMNS, csv_rows, markdown, opportunities_document, render_table
    from .options import bom_only_for_csv, parse_lpr, parse_readings, start
    from .output import chosen_format, use_color

    chosen(format, FORMATS, "'--format' / '-f'")
    chosen(unit, UNITS, "'--unit'")
    chosen_lang, found = start(ctx, lang, policies)
    bom_only_for_csv(bom, format)
    profile_facts, _ = profile_from(profile, facts, found, policy)
    readings = parse_readings(reading, found)
    steps = find(profile_facts, found, policy_ids=policy, as_of=profile_facts.as_of or date.today(), lpr=parse_lpr(lpr), readings=readings)
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

        for warning in doc["warnings"]:
            sys.stderr.write(f"warning: {warning}\n")
        if bom:
            from ..render.csvout import BOM

            sys.stdout.write(BOM)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(csv_rows(doc))
    else:
        sys.stdout.write(markdown(doc, chosen_lang) + "\n")


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return make_app(schema_for(args))


def make_app(facts: schema.Schema) -> typer.Typer:
    return build("opportunities", run, "What the client could still gain, step by step.", facts, output_options())
