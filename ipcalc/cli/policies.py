"""`ipcalc policies`: list, show and check policy definitions (bundled and your own)."""

import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from .options import LANG, POLICIES, complete_policies, completion, format_option

app = typer.Typer(
    name="policies",
    add_completion=False,
    cls=TyperGroup,
    rich_markup_mode=None,
    help="List, show and check policy definitions (bundled and your own).",
    short_help="List, show and check policy files.",
    no_args_is_help=True,
)


AS_OF = typer.Option(None, "--as-of", help="Judge policy status on this date, YYYY-MM-DD (default today).", metavar="DATE")


@app.command("list")
def policies_list(
    ctx: typer.Context,
    *,
    as_of: Optional[str] = AS_OF,
    format: str = format_option("policies list", "text"),
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """List bundled and user policies with their status and dates; broken user files are marked."""
    from ..render.listings import Listed, list_document
    from .options import parse_day, start_listing, warn
    from .output import write

    chosen_lang, found = start_listing(ctx, "policies list", format, lang, policies)
    write("policies list", Listed(list_document(found, parse_day(as_of), chosen_lang), chosen_lang), format)
    warn(chosen_lang, found.problems)


@app.command("show")
def policies_show(
    ctx: typer.Context,
    policy_id: str = typer.Argument(
        ..., metavar="ID", help="A policy id (see `ipcalc policies list`).", autocompletion=completion(complete_policies)
    ),
    *,
    as_of: Optional[str] = AS_OF,
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """Show one policy: its dates, and every rule with its amounts, caps and clause text."""
    from ..render.lines import write_lines
    from ..render.listings import show_lines
    from .options import parse_day, start

    chosen_lang, found = start(ctx, lang, policies)
    (policy,) = found.select([policy_id])
    write_lines(show_lines(policy, found, parse_day(as_of), chosen_lang), sys.stdout)


@app.command("check")
def policies_check(
    ctx: typer.Context,
    paths: Optional[list[str]] = typer.Argument(
        None, metavar="[FILE|DIR]...", help="Policy files or folders to check (default: the bundled ones and --policies).", show_default=False
    ),
    *,
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """Validate policy files and their cases files: keys, kinds, amounts, dates, references,
    quotes. Exit 2 on any problem."""
    from ..errors import IpcalcError
    from ..inputs import look
    from ..library import CASES_SUFFIX, bundled_dir, read_library, user_dirs, verify_quotes
    from ..policy_tests import check_cases
    from ..render.lines import write_lines
    from ..render.listings import check_lines
    from .options import language

    chosen_lang = language(ctx, lang)
    bundled = bundled_dir()
    for path in paths or []:
        look(path)  # one that cannot be looked at (a name too long): said now, exit status 2
    if paths:
        # A cases file, or a folder of cases files only, is checked against the policies loaded.
        definitions = [p for p in paths if not p.endswith(CASES_SUFFIX) and not _only_cases(p)]
        found = read_library(definitions)
        files = [f for f in found.files if f.origin == "user"]
        cases = paths
    else:
        found = read_library(user_dirs(policies), strict_bundled=False)
        files = list(found.files)
        cases = [str(bundled), *user_dirs(policies)]
    checked = []
    for f in files:
        policy = found.policies.get(f.policy_id or "") if not f.problems else None
        if policy is not None and policy.path == f.path:
            f = f._replace(problems=tuple(verify_quotes(policy, f.root)))
        checked.append(f)
    if not found.problems:  # cases are read against policies that load
        checked += check_cases(cases, found, bundled=bundled if isinstance(bundled, Path) else None)
    out, _ = check_lines(checked, chosen_lang)
    write_lines(out, sys.stdout)
    problems = [p for f in checked for p in f.problems]
    if problems:
        raise IpcalcError(problems)


@app.command("test")
def policies_test(
    ctx: typer.Context,
    paths: Optional[list[str]] = typer.Argument(
        None,
        metavar="[FILE|DIR]...",
        help="Cases files (ID.cases.toml) or folders holding them, at any depth (default: the bundled policies' and --policies folders').",
        show_default=False,
    ),
    *,
    lang: Optional[str] = LANG,
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """Run policy test cases: profiles and the amounts worked out by hand from the policy text.
    Exit 0 if all pass, 1 if a case got other amounts (each difference shown), 2 on a broken file."""
    from ..errors import ExitStatus, IpcalcError
    from ..inputs import look
    from ..library import user_dirs
    from ..policy_tests import run_paths
    from ..render.lines import write_lines
    from ..render.listings import test_lines
    from .options import language

    chosen_lang = language(ctx, lang)
    for path in paths or []:
        look(path)  # one that cannot be looked at (a name too long): said now, exit status 2
    report = run_paths(paths or [], user_dirs(policies))
    write_lines(test_lines(report, chosen_lang), sys.stdout)
    if report.problems:
        raise IpcalcError(report.problems)
    if report.failed:
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)


@app.command("new")
def policies_new(
    ctx: typer.Context,
    policy_id: str = typer.Argument(..., metavar="ID", help="The new policy's id: lower-case letters, digits and _."),
    folder: Optional[str] = typer.Argument(None, metavar="[DIR]", help="Where to write it (default: a new folder named ID)."),
    *,
    force: bool = typer.Option(False, "--force", help="Overwrite files that exist."),
    lang: Optional[str] = LANG,
) -> None:
    """Write a commented skeleton: a policy with one rule of each common kind, its test cases,
    a vocabulary for new facts, and the file its source text goes in."""
    from ..render.lines import write_lines
    from ..skeleton import write_skeleton
    from .options import language

    chosen_lang = language(ctx, lang)
    written = write_skeleton(policy_id, folder or policy_id, force=force)
    from ..render.listings import new_lines

    write_lines(new_lines(policy_id, folder or policy_id, written, chosen_lang), sys.stdout)


def _only_cases(path: str) -> bool:
    """A folder that holds cases files and no policy, vocabulary or rates file."""
    from pathlib import Path

    from ..library import CASES_SUFFIX

    folder = Path(path)
    if not folder.is_dir():
        return False
    names = [p.name for p in folder.glob("*.toml")]
    return bool(names) and all(n.endswith(CASES_SUFFIX) for n in names)
