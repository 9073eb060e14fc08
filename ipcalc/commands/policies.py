"""`ipcalc policies`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..cli import (
    LangOpt,
    PoliciesOpt,
    _complete_policies,
    group,
    parse_day,
    write_lines,
)
from ..errors import IpcalcError
from ..i18n import set_language

policies_app = group(
    "policies",
    help="List, show and check policy definitions (bundled and your own).",
    short_help="List, show and check policy files.",
    no_args_is_help=True,
)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


AsOfOpt = Annotated[
    Optional[str], typer.Option("--as-of", help="Judge policy status on this date, YYYY-MM-DD (default today).", metavar="DATE")
]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


@policies_app.command("list")
def policies_list(
    *,
    as_of: AsOfOpt = None,
    format: ListFormatOpt = ListFormat.text,
    lang: LangOpt = None,
    policies: PoliciesOpt = None,
) -> None:
    """List bundled and user policies with their status and dates; broken user files are marked."""
    from ..library import load_library, user_dirs
    from ..render.policies import list_document, list_lines

    language = set_language(lang.value if lang else None)
    library = load_library(user_dirs(policies))
    entries = list_document(library, parse_day(as_of), language)
    if format is ListFormat.json:
        from ..render.jsonout import dumps

        sys.stdout.write(dumps(entries, indent=2) + "\n")
    else:
        write_lines(list_lines(entries, language))
    if library.problems:
        sys.stderr.write("".join(f"warning: {p.render(language)}\n" for p in library.problems))


@policies_app.command("show")
def policies_show(
    policy_id: Annotated[str, typer.Argument(metavar="ID", help="A policy id (see `ipcalc policies list`).", autocompletion=_complete_policies)],
    *,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    policies: PoliciesOpt = None,
) -> None:
    """Show one policy: its dates, and every rule with its amounts, caps and clause text."""
    from ..library import load_library, user_dirs
    from ..render.policies import show_lines

    language = set_language(lang.value if lang else None)
    library = load_library(user_dirs(policies))
    library.require_clean()
    (policy,) = library.select([policy_id])
    write_lines(show_lines(policy, library, parse_day(as_of), language))


@policies_app.command("check")
def policies_check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[FILE|DIR]...", help="Policy files or folders to check (default: the bundled ones and --policies).", show_default=False),
    ] = None,
    *,
    policies: PoliciesOpt = None,
) -> None:
    """Validate policy files: keys, kinds, amounts, dates, references, quotes. Exit 2 on any problem."""
    from ..library import read_library, user_dirs, verify_quotes
    from ..render.policies import check_lines

    if paths:
        library = read_library(paths)
        files = [f for f in library.files if f.origin == "user"]
    else:
        library = read_library(user_dirs(policies), strict_bundled=False)
        files = list(library.files)
    checked = []
    for f in files:
        policy = library.policies.get(f.policy_id or "") if not f.problems else None
        if policy is not None and policy.path == f.path:
            f = f._replace(problems=tuple(verify_quotes(policy, f.root)))
        checked.append(f)
    out, _ = check_lines(checked, set_language(None))
    write_lines(out)
    problems = [p for f in checked for p in f.problems]
    if problems:
        raise IpcalcError(problems)


