"""What several commands share: option definitions, completion of their values, and the
start of a command (its language and its policy library).

Like every module of this package, this one does not use `from __future__ import
annotations`: Typer reads the annotations of commands and completion functions, and real
annotations save it compiling and evaluating strings at every start (~1M instructions for
each function with string annotations).

Options are Typer's default-value objects, defined once here and used as the defaults of
each command's parameters (Typer copies them). The default-value style is kept on purpose:
measured with callgrind, `Annotated[...]` costs ~0.2M instructions per option at every
start, and `ipcalc estimate` must start within 1.3x of a bare Typer app.
"""

import os
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from .. import schema
from ..errors import IpcalcError, Problem

if TYPE_CHECKING:
    from ..library import Library


#: The values of the options that take one of a few words. Options take them as text and
#: `chosen` checks them (the formats: `output.format_of`, from the format table): an Enum
#: class for each costs ~0.75M instructions at every start.
LANGS = ("en", "zh")
UNITS = ("yuan", "wan")


def metavar(values: tuple[str, ...]) -> str:
    return "<" + "|".join(values) + ">"


def chosen(value: str | None, values: tuple[str, ...], hint: str) -> str | None:
    """`value` if it is one of `values` (or None); otherwise the usage error Click gives
    for a choice, exit status 2."""
    if value is None or value in values:
        return value
    raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, values))}.", param_hint=hint)


# ------------------------------------------------------------------ completion

#: Completion functions are attached to options only when the shell asks for completions:
#: Typer inspects each one when it builds a command (~0.25M instructions apiece), which
#: every other run would pay for nothing.
COMPLETING = "_IPCALC_COMPLETE" in os.environ


def completion(function: Callable[[str], list[str]] | None) -> Callable[[str], list[str]] | None:
    """`function` when completing, else None (see COMPLETING)."""
    return function if COMPLETING else None


def complete_regions(incomplete: str) -> list[str]:
    try:
        from ..library import load_library

        return [r for r in load_library().regions if r.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_policies(incomplete: str) -> list[str]:
    try:
        from ..library import load_library

        return [p for p in load_library().policies if p.startswith(incomplete)]
    except Exception:
        return []


def complete_choices(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    return lambda incomplete: [c for c in choices if c.startswith(incomplete)]


def field_values(fdef: schema.Field | None, typed: dict[str, str] | None = None, info: schema.Section | None = None) -> list[str]:
    """The values a `key=value` flag's key takes: true/false, choices, titles, levels, awards.
    A level is one of the levels of the title already typed (`typed`: the pairs before it),
    if any: `ip_pilot_park` is granted at national and provincial level only."""
    if fdef is None:
        return []
    if fdef.type == schema.BOOL:
        return ["true", "false"]
    if fdef.choices:
        return list(fdef.choices)
    if fdef.type in (schema.TITLE, schema.LEVEL, schema.AWARD):
        from ..library import load_library

        vocab = load_library().vocabulary
        if fdef.type == schema.LEVEL and typed and info is not None:
            titles = [typed[k] for k, f in info.fields.items() if f.type == schema.TITLE and typed.get(k) in vocab.titles]
            if titles:
                return list(vocab.titles[titles[0]].levels)
        names: dict[str, dict[str, Any]] = {schema.TITLE: vocab.titles, schema.LEVEL: vocab.levels, schema.AWARD: vocab.awards}
        return list(names[fdef.type])
    return []


def complete_pairs(info: schema.Section) -> Callable[[str], list[str]]:
    """Completes `key=value,key=value` flags: the keys of the section (a policy folder's
    too, when the command line names it), then known values (titles, levels, awards,
    choices, true/false) for the key being typed."""

    def complete(incomplete: str) -> list[str]:
        try:
            head, sep, last = incomplete.rpartition(",")
            key, eq, partial = last.partition("=")
            if not eq:
                return [f"{head}{sep}{k}=" for k in info.fields if k.startswith(key)]
            typed = dict(pair.partition("=")[::2] for pair in head.split(",") if "=" in pair) if head else {}
            return [f"{head}{sep}{key}={v}" for v in field_values(info.fields.get(key), typed, info) if v.startswith(partial)]
        except Exception:  # completion must never print a traceback into the shell
            return []

    return complete


def complete_readings(incomplete: str) -> list[str]:
    """POLICY.QUESTION=READING of the bundled policies."""
    from ..library import load_library

    policies = load_library().policies
    found = [f"{pid}.{q.id}={r.id}" for pid in policies for q in policies[pid].questions for r in q.readings]
    return [f for f in found if f.startswith(incomplete)]


def bom_only_for_csv(bom: bool, format: str | None) -> None:
    """--bom is for CSV: asked for with another format, it would be silently ignored."""
    if bom and format != "csv":
        from ..errors import IpcalcError, Problem
        from ..i18n import msg

        raise IpcalcError(Problem(msg("bom_only_csv"), source="--bom"))


# ------------------------------------------------------------------ shared options


def choice_option(default: str | None, *flags: str, choices: tuple[str, ...], help: str) -> Any:
    """An output option taking one of a few words: its metavar and completion from them."""
    return typer.Option(
        default,
        *flags,
        help=help,
        metavar=metavar(choices),
        autocompletion=completion(complete_choices(choices)),
        show_default=default is not None,
        rich_help_panel="Output",
    )


LANG: Any = choice_option(None, "--lang", choices=LANGS, help="Language of labels and messages (default: zh when LANG is zh_*, else en).")
UNIT: Any = choice_option("yuan", "--unit", choices=UNITS, help="Show amounts in yuan or in wan (万元, 10,000 yuan).")
READING: Any = typer.Option(
    None,
    "--reading",
    help="Read a contested clause another way: POLICY.QUESTION=READING (repeatable; `ipcalc policies show ID` lists them).",
    metavar="P.Q=R",
    autocompletion=completion(lambda incomplete: complete_readings(incomplete)),
    rich_help_panel="Policies",
)
BOM_OPTION: Any = typer.Option(
    False, "--bom", help="Start CSV with a UTF-8 byte-order mark, for Excel (Chinese text shows right).", rich_help_panel="Output"
)
LPR: Any = typer.Option(
    None, "--lpr", help="Use this 1-year LPR (e.g. 0.03 or 3%) instead of the bundled history.", metavar="RATE", rich_help_panel="Policies"
)
POLICY: Any = typer.Option(
    None,
    "--policy",
    "-p",
    help="Evaluate this policy, whatever the region (repeatable).",
    metavar="ID",
    autocompletion=completion(complete_policies),
    rich_help_panel="Policies",
)
POLICIES: Any = typer.Option(
    None,
    "--policies",
    help="A folder of extra policy files (repeatable); also IPCALC_POLICIES. A file with a bundled id replaces it.",
    metavar="DIR",
    rich_help_panel="Policies",
)
AS_OF: Any = typer.Option(
    None, "--as-of", help="Date of the estimate, YYYY-MM-DD (default: the profile's, else today).", metavar="DATE", rich_help_panel="Facts"
)


def format_option(command: str, default: str | None = None) -> Any:
    """`--format` (`-f`) of a command: its formats, help and completion from the format
    table (`render.formats`)."""
    from ..render.formats import help_text, names

    return choice_option(default, "--format", "-f", choices=names(command), help=help_text(command))


# ------------------------------------------------------------------ the start of a command


def language(ctx: typer.Context, lang: str | None) -> str:
    """The command's language (its --lang, else the locale's), recorded for the messages
    the error boundary prints."""
    from ..i18n import default_lang
    from . import LANG_KEY

    found = lang or default_lang()
    ctx.meta[LANG_KEY] = found if found in LANGS else default_lang()  # a wrong one is said in the right one
    return found


def start(ctx: typer.Context, lang: str | None, policies: list[str] | None, *, clean: bool = True) -> tuple[str, "Library"]:
    """How the commands that read policies but take no facts begin (`policies`, `rates`,
    `batch`): their language (recorded for the error boundary) and the policy library
    (bundled, --policies, IPCALC_POLICIES). Commands that compute refuse to run with a broken
    user policy file (`clean`)."""
    from ..library import load_library, user_dirs

    found_lang = language(ctx, chosen(lang, LANGS, "'--lang'"))
    found = load_library(user_dirs(policies))
    if clean:
        found.require_clean()
    return found_lang, found


def start_listing(ctx: typer.Context, command: str, format: str, lang: str | None, policies: list[str] | None) -> tuple[str, "Library"]:
    """How the listings of policies and rates begin: the format checked, then `start`; a
    broken user policy file is listed (and warned of), not refused."""
    from .output import format_of

    format_of(command, format)
    return start(ctx, lang, policies, clean=False)


def warn(lang: str, warnings: Iterable[object]) -> None:
    """Warnings on standard error, each on its line, in the command's language."""
    import sys

    from ..i18n import render, t

    sys.stderr.write("".join(t("warning_prefix", lang) + render(w, lang) + "\n" for w in warnings))


def parse_day(text: str | None, flag: str = "--as-of") -> date:
    if text is None:
        return date.today()
    from ..checks import Invalid, check_date

    try:
        return check_date(text)
    except Invalid as exc:
        raise IpcalcError(Problem(exc.message, source=flag)) from None
