"""The commands that take a client's facts (`estimate`, `opportunities`, `compare`): their
flags, how they begin, and how a profile is made from a file and flags.

The fact flags are derived from the schema: one option per profile field (a bool field as
--NAME/--no-NAME) and one repeatable `key=value,...` option per list section, named after
the section in the singular. Adding a field or a section to the schema adds its flag; the
fields and sections a policy folder declares get flags too when that folder is given
(`--policies` or IPCALC_POLICIES): `schema_for` finds them.
"""

import inspect
import os
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer

from .. import schema
from . import command_app
from .options import (
    AS_OF,
    BOM_OPTION,
    FORMAT_HELP,
    FORMATS,
    LANG,
    LPR,
    POLICIES,
    POLICY,
    READING,
    UNIT,
    UNITS,
    chosen,
    complete_choices,
    complete_pairs,
    complete_regions,
    completion,
    metavar,
)

if TYPE_CHECKING:
    from ..library import Library
    from ..profile import Profile

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def _scalar_help(fdef: schema.Field) -> str:
    text = f"{fdef.help.en} ({fdef.help.zh})"
    return f"{text}: {' | '.join(fdef.choices)}" if fdef.choices and len(fdef.choices) <= 12 else text


def _list_help(section: str, info: schema.Section) -> str:
    keys = ",".join(f"{k}=…" for k in info.fields)
    return f"One entry of [[{section}]] as {keys} (repeatable; adds to the file's entries)."


def fact_parameters(facts: schema.Schema) -> list[inspect.Parameter]:
    """One option per profile field and per list section of the schema."""
    params = []
    for name, fdef in facts.scalars.items():
        flag = "--" + name.replace("_", "-")
        if name == "as_of":
            option, annotation = AS_OF, Optional[str]
        elif fdef.type == schema.BOOL:
            off = "--" + (fdef.off_flag or f"no-{flag[2:]}")
            option = typer.Option(None, f"{flag}/{off}", help=_scalar_help(fdef), show_default=False, rich_help_panel="Facts")
            annotation = Optional[bool]
        elif fdef.type == schema.COUNT:
            option = typer.Option(None, flag, help=_scalar_help(fdef), min=0, show_default=False, rich_help_panel="Facts")
            annotation = Optional[int]
        else:
            complete = complete_regions if fdef.type == schema.REGION else complete_choices(fdef.choices) if fdef.choices else None
            option = typer.Option(None, flag, help=_scalar_help(fdef), autocompletion=completion(complete), rich_help_panel="Facts")
            annotation = Optional[str]
        params.append(inspect.Parameter(name, _KEYWORD, default=option, annotation=annotation))
    for section, info in facts.sections.items():
        option = typer.Option(
            None, f"--{info.flag}", help=_list_help(section, info), metavar="K=V,…", autocompletion=completion(complete_pairs(info)), rich_help_panel="List facts"
        )
        params.append(inspect.Parameter(section, _KEYWORD, default=option, annotation=Optional[list[str]]))
    return params


def output_options(*more: inspect.Parameter, formats: tuple[str, ...] = FORMATS, bom: bool = True) -> list[inspect.Parameter]:
    """The options after the facts: `--format` (one of `formats`), `--policy`, `--lang`,
    `--unit`, `--bom` (for a command that writes CSV), then `more`, then `--lpr`,
    `--reading`, `--policies`."""
    return [
        inspect.Parameter(
            "format",
            _KEYWORD,
            default=typer.Option(
                None, "--format", "-f", help=FORMAT_HELP, metavar=metavar(formats), autocompletion=completion(complete_choices(formats)),
                show_default=False, rich_help_panel="Output",
            ),
            annotation=Optional[str],
        ),
        inspect.Parameter("policy", _KEYWORD, default=POLICY, annotation=Optional[list[str]]),
        inspect.Parameter("lang", _KEYWORD, default=LANG, annotation=Optional[str]),
        inspect.Parameter("unit", _KEYWORD, default=UNIT, annotation=str),
        *([inspect.Parameter("bom", _KEYWORD, default=BOM_OPTION, annotation=bool)] if bom else []),
        *more,
        inspect.Parameter("lpr", _KEYWORD, default=LPR, annotation=Optional[str]),
        inspect.Parameter("reading", _KEYWORD, default=READING, annotation=Optional[list[str]]),
        inspect.Parameter("policies", _KEYWORD, default=POLICIES, annotation=Optional[list[str]]),
    ]


def begin(
    ctx: typer.Context, *, format: Optional[str], formats: tuple[str, ...], unit: str, lang: Optional[str], policies: Optional[list[str]], bom: bool = False
) -> tuple[str, "Library"]:
    """How a command taking facts begins: --format (one of `formats`) and --unit checked,
    its language and policy library (`start`), --bom only with CSV."""
    from .options import bom_only_for_csv, start

    chosen(format, formats, "'--format' / '-f'")
    chosen(unit, UNITS, "'--unit'")
    found_lang, found = start(ctx, lang, policies)
    bom_only_for_csv(bom, format)
    return found_lang, found


def asked(
    profile: Optional[str], facts: dict[str, Any], found: "Library", policy_ids: Optional[list[str]], reading: Optional[list[str]], lpr: Optional[str]
) -> tuple["Profile", Optional[dict[str, dict[str, str]]], date, Optional[Decimal]]:
    """What a command taking facts is asked about: the profile (`profile_from`), the
    --reading values, the day (the profile's `as_of`, else today) and the --lpr rate."""
    from .options import parse_lpr, parse_readings

    profile_facts = profile_from(profile, facts, found, policy_ids)
    readings = parse_readings(reading, found)
    return profile_facts, readings, profile_facts.as_of or date.today(), parse_lpr(lpr)


def profile_from(profile: Optional[str], facts: dict[str, Any], found: "Library", policy_ids: Optional[list[str]] = None) -> "Profile":
    """The profile of a file (or stdin, `-`) and the fact flags, checked: flags override the
    file's scalars and add to its lists; without a region, the first `--policy`'s."""
    from ..inputs import read_toml_source
    from ..profile import merge_flags, read_profile

    known = found.vocabulary.schema
    data: dict[str, Any] = {}
    source, text = "command line", ""
    if profile is not None:
        data, source, text = read_toml_source(profile)
    scalars = {name: facts[name] for name in known.scalars if name in facts}
    lists = {section: facts[section] for section in known.sections if section in facts}
    merged, origins = merge_flags(data, scalars, lists, known)
    named = [found.policies[pid] for pid in policy_ids or () if pid in found.policies]
    if "region" not in merged and named:
        merged["region"] = named[0].regions[0]
    return read_profile(merged, vocab=found.vocabulary, regions=found.regions, source=source, text=text, origins=origins)


def build(name: str, run: Callable[..., None], short_help: str, facts: schema.Schema, options: list[inspect.Parameter]) -> typer.Typer:
    """A command taking a profile and a flag for every field and section of `facts`, then
    `options`; `run` gets them all by name."""

    def command(ctx: typer.Context, profile: Optional[str], **values: Any) -> None:
        run(ctx, profile, **values)

    command.__doc__ = run.__doc__
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
            inspect.Parameter(
                "profile",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=typer.Argument(None, help="A TOML profile file, or - for TOML on stdin. Without it, the facts come from flags alone.", show_default=False),
                annotation=Optional[str],
            ),
            *fact_parameters(facts),
            *options,
        ]
    )
    built = command_app(name)
    built.command(name, short_help=short_help)(command)
    return built


def _user_folders(args: list[str]) -> list[str]:
    """The --policies folders among a command line's arguments, and IPCALC_POLICIES."""
    from ..library import user_dirs

    found = []
    for index, arg in enumerate(args):
        if arg == "--policies" and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith("--policies="):
            found.append(arg.split("=", 1)[1])
    return user_dirs(found) if found or os.environ.get("IPCALC_POLICIES") else []


def schema_for(args: list[str]) -> schema.Schema:
    """The facts a command with these arguments takes: with those the policy folders given
    declare (loaded from the cache, as the command itself will load them), if any."""
    folders = _user_folders(args)
    if folders:
        from ..errors import IpcalcError
        from ..library import load_library

        try:
            facts = load_library(folders).vocabulary.facts
        except IpcalcError:
            facts = None  # the command itself reports the problem
        if facts is not None:
            return facts
    return schema.BUILTIN
