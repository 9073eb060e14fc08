"""`ipcalc estimate`: one profile, item by item.

Its fact flags are derived from the schema: one option per profile field (a bool field as
--NAME/--no-NAME) and one repeatable `key=value,...` option per list section, named after
the section in the singular. Adding a field or a section to the schema adds its flag; the
fields and sections a policy folder declares get flags too when that folder is given
(`--policies` or IPCALC_POLICIES): `command_for` builds the command with them.
"""

import inspect
import os
from datetime import date
from typing import Any, Optional

import typer

from .. import schema
from . import command_app
from .options import (
    AS_OF,
    FORMAT_HELP,
    FORMATS,
    LANG,
    LPR,
    READING,
    POLICIES,
    POLICY,
    UNIT,
    UNITS,
    chosen,
    complete_choices,
    complete_pairs,
    complete_regions,
    completion,
    metavar,
)

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


def run(
    ctx: typer.Context,
    profile: Optional[str],
    *,
    format: Optional[str],
    policy: Optional[list[str]],
    lang: Optional[str],
    unit: str,
    explain: bool,
    save: Optional[str],
    lpr: Optional[str],
    reading: Optional[list[str]],
    policies: Optional[list[str]],
    **facts: Any,
) -> None:
    """Estimate what each matching policy pays for one profile, item by item."""
    from ..inputs import read_toml_source, save_profile
    from ..profile import merge_flags, read_profile
    from .options import parse_lpr, parse_readings, start
    from .output import write_estimate

    chosen(format, FORMATS, "'--format' / '-f'")
    chosen(unit, UNITS, "'--unit'")
    chosen_lang, found = start(ctx, lang, policies)
    known = found.vocabulary.schema
    data: dict[str, Any] = {}
    source, text = "command line", ""
    if profile is not None:
        data, source, text = read_toml_source(profile)
    scalars = {name: facts[name] for name in known.scalars if name in facts}
    lists = {section: facts[section] for section in known.sections if section in facts}
    merged, origins = merge_flags(data, scalars, lists, known)
    profile_facts = read_profile(merged, vocab=found.vocabulary, regions=found.regions, source=source, text=text, origins=origins)
    readings = parse_readings(reading, found)
    result = found.evaluate(
        profile_facts, policy_ids=policy, as_of=profile_facts.as_of or date.today(), lpr=parse_lpr(lpr), explain=explain, readings=readings
    )
    if save:
        save_profile(profile_facts, save)
    write_estimate(result, format, lang=chosen_lang, unit=unit, explain=explain)


def _output_parameters() -> list[inspect.Parameter]:
    return [
        inspect.Parameter(
            "format",
            _KEYWORD,
            default=typer.Option(
                None, "--format", "-f", help=FORMAT_HELP, metavar=metavar(FORMATS), autocompletion=completion(complete_choices(FORMATS)),
                show_default=False, rich_help_panel="Output",
            ),
            annotation=Optional[str],
        ),
        inspect.Parameter("policy", _KEYWORD, default=POLICY, annotation=Optional[list[str]]),
        inspect.Parameter("lang", _KEYWORD, default=LANG, annotation=Optional[str]),
        inspect.Parameter("unit", _KEYWORD, default=UNIT, annotation=str),
        inspect.Parameter(
            "explain",
            _KEYWORD,
            default=typer.Option(False, "--explain", help="Add the Chinese clause text, the interpretation and the arithmetic under each item.", rich_help_panel="Output"),
            annotation=bool,
        ),
        inspect.Parameter(
            "save",
            _KEYWORD,
            default=typer.Option(None, "--save", help="Write the merged profile (file + flags) to this TOML file.", metavar="PATH", rich_help_panel="Output"),
            annotation=Optional[str],
        ),
        inspect.Parameter("lpr", _KEYWORD, default=LPR, annotation=Optional[str]),
        inspect.Parameter("reading", _KEYWORD, default=READING, annotation=Optional[list[str]]),
        inspect.Parameter("policies", _KEYWORD, default=POLICIES, annotation=Optional[list[str]]),
    ]


def make_app(facts: schema.Schema) -> typer.Typer:
    """The estimate command with a flag for every field and section of `facts`."""

    def estimate(ctx: typer.Context, profile: Optional[str], **options: Any) -> None:
        run(ctx, profile, **options)

    estimate.__doc__ = run.__doc__
    estimate.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
            inspect.Parameter(
                "profile",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=typer.Argument(None, help="A TOML profile file, or - for TOML on stdin. Without it, the facts come from flags alone.", show_default=False),
                annotation=Optional[str],
            ),
            *fact_parameters(facts),
            *_output_parameters(),
        ]
    )
    built = command_app("estimate")
    built.command("estimate", short_help="One profile, item by item: what each policy pays.")(estimate)
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


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments: with flags for the facts the policy folders given
    declare, if they declare any (the folders are loaded from the cache, as the command
    itself will load them); else the built-in one."""
    folders = _user_folders(args)
    if folders:
        from ..errors import IpcalcError
        from ..library import load_library

        try:
            facts = load_library(folders).vocabulary.facts
        except IpcalcError:
            facts = None  # the command itself reports the problem
        if facts is not None:
            return make_app(facts)
    return make_app(schema.BUILTIN)
