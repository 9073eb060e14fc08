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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

import typer

from .. import schema
from ..record import Record
from . import command_app
from .options import (
    AS_OF,
    BOM_OPTION,
    LANG,
    LPR,
    POLICIES,
    POLICY,
    READING,
    UNIT,
    complete_choices,
    complete_pairs,
    complete_regions,
    completion,
    format_option,
)

if TYPE_CHECKING:
    from ..api import Request

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def _scalar_help(fdef: schema.Field) -> str:
    text = f"{fdef.help.en} ({fdef.help.zh})"
    return f"{text}: {' | '.join(fdef.choices)}" if fdef.choices and len(fdef.choices) <= 12 else text


def _list_help(section: str, info: schema.Section) -> str:
    keys = ",".join(f"{k}=…" for k in info.fields)
    return f"One entry of [[{section}]] as {keys} (repeatable; adds to the file's entries)."


#: the prefix of a fact's parameter name: the flags are built from the facts' names, never
#: through Python names of their own, so no fact can clash with a parameter or a keyword
FACT = "fact__"


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
        params.append(inspect.Parameter(FACT + name, _KEYWORD, default=option, annotation=annotation))
    for section, info in facts.sections.items():
        option = typer.Option(
            None,
            f"--{info.flag}",
            help=_list_help(section, info),
            metavar="K=V,…",
            autocompletion=completion(complete_pairs(info)),
            rich_help_panel="List facts",
        )
        params.append(inspect.Parameter(FACT + section, _KEYWORD, default=option, annotation=Optional[list[str]]))
    return params


def output_options(command: str, *more: inspect.Parameter, bom: bool = True) -> list[inspect.Parameter]:
    """The options after the facts: `--format` (one of the command's formats, from the
    format table), `--policy`, `--lang`, `--unit`, `--bom` (for a command that writes CSV),
    then `more`, then `--lpr`, `--reading`, `--policies`."""
    return [
        inspect.Parameter("format", _KEYWORD, default=format_option(command), annotation=Optional[str]),
        inspect.Parameter("policy", _KEYWORD, default=POLICY, annotation=Optional[list[str]]),
        inspect.Parameter("lang", _KEYWORD, default=LANG, annotation=Optional[str]),
        inspect.Parameter("unit", _KEYWORD, default=UNIT, annotation=str),
        *([inspect.Parameter("bom", _KEYWORD, default=BOM_OPTION, annotation=bool)] if bom else []),
        *more,
        inspect.Parameter("lpr", _KEYWORD, default=LPR, annotation=Optional[str]),
        inspect.Parameter("reading", _KEYWORD, default=READING, annotation=Optional[list[str]]),
        inspect.Parameter("policies", _KEYWORD, default=POLICIES, annotation=Optional[list[str]]),
    ]


#: what a request's inputs are called in messages: the options that give them
OPTION_NAMES = {"lang": "--lang", "unit": "--unit", "as_of": "--as-of", "lpr": "--lpr", "readings": "--reading", "policies": "--policy"}


class Shared(Record):
    """The options every command taking facts has (`output_options`), as given: the format,
    the policies named (`--policy`) and the policy folders (`--policies`), the readings, the
    LPR, the language and unit, and `--bom` where the command writes CSV."""

    format: Optional[str] = None
    policy: Optional[list[str]] = None
    lang: Optional[str] = None
    unit: str = "yuan"
    bom: bool = False
    lpr: Optional[str] = None
    reading: Optional[list[str]] = None
    policies: Optional[list[str]] = None


def request(ctx: typer.Context, profile: Optional[str], facts: dict[str, Any], shared: Shared, *, explain: bool = False) -> "Request":
    """What a command taking facts asks, as the Python API takes it: the profile file (or
    stdin, `-`) and the fact flags, the policies, readings, LPR, language and unit. The
    request checks all of it when it is evaluated (`api.Request.check`)."""
    from ..api import Request
    from ..library import user_dirs
    from .options import language

    return Request(
        profile=profile,
        flags=facts,
        policies=shared.policy or None,
        readings=shared.reading or None,
        lpr=shared.lpr,
        lang=language(ctx, shared.lang),
        unit=shared.unit,
        explain=explain,
        paths=user_dirs(shared.policies),
        names=OPTION_NAMES,
    )


def build(
    name: str, run: Callable[..., None], short_help: str, facts: schema.Schema, options: list[inspect.Parameter], *, many: bool = False
) -> typer.Typer:
    """A command taking a profile (with `many`, any number of them) and a flag for every
    field and section of `facts`, then `options`; `run(ctx, profile, shared, facts,
    **the command's own options)` gets the shared ones as one `Shared`."""

    def command(ctx: typer.Context, profile, **values: Any) -> None:  # profile: its annotation is the signature's below
        options = {k: v for k, v in values.items() if not k.startswith(FACT)}
        facts = {k[len(FACT) :]: v for k, v in values.items() if k.startswith(FACT)}
        shared = Shared(**{k: options.pop(k) for k in Shared._fields if k in options})
        run(ctx, profile, shared, facts, **options)

    command.__doc__ = run.__doc__
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
            inspect.Parameter(
                "profile",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=typer.Argument(None, help=MANY_HELP if many else ONE_HELP, show_default=False, metavar="PROFILE..." if many else None),
                annotation=Optional[list[str]] if many else Optional[str],
            ),
            *fact_parameters(facts),
            *options,
        ]
    )
    built = command_app(name)
    built.command(name, short_help=short_help)(command)
    return built


ONE_HELP = "A TOML profile file, or - for TOML on stdin. Without it, the facts come from flags alone."
MANY_HELP = (
    "A TOML profile file, or - for TOML on stdin; or a client list: several profiles, a folder of *.toml, "
    "a file of [[profiles]], or - for JSON Lines on stdin. Without it, the facts come from flags alone."
)


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
