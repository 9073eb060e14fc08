"""`ipcalc report`: the client's workbook (.xlsx). The same inputs as `estimate` (a profile
file and fact flags); the workbook goes to `-o PATH` (`-`: standard output, not a terminal).
Given a client list (several profiles, a folder, a [[profiles]] file or JSON Lines, as
`batch` takes them), one workbook of the whole list."""

import inspect
import sys
from typing import Any, Optional

import typer

from .facts import Shared, build, output_options, request, schema_for

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def run(
    ctx: typer.Context,
    profile: Optional[list[str]],
    shared: Shared,
    facts: dict[str, Any],
    *,
    output: str,
    jobs: Optional[int],
    quiet: bool,
    recursive: bool,
) -> None:
    """Write the client's workbook: the figures (conservative, expected, optimistic) per
    policy with a chart, every item with the fact it is for, how to apply, what could still
    be gained, and the sources and contested readings. Given a client list, one workbook
    for all of it: a row per client, by what it still has to claim, and every item and
    step with its client."""
    from ..api import report
    from ..errors import IpcalcError, Problem
    from ..i18n import msg, t
    from ..inputs import check_target
    from ..render.formats import Output, writer
    from .output import format_of

    chosen = format_of("report", shared.format) or "xlsx"
    if output == "-":
        if sys.stdout.isatty():
            raise IpcalcError(Problem(msg("binary_to_terminal"), source="-o"))
    paths = list(profile or [])
    if output != "-":
        check_target(output, False, inputs=tuple(paths), replace=True)  # an existing workbook is written over
    if is_list(paths):
        portfolio(ctx, paths, facts, shared, output=output, jobs=jobs, quiet=quiet, recursive=recursive)
        return
    asked = request(ctx, paths[0] if paths else None, facts, shared)
    found = report(asked)
    try:
        writer("report", chosen)(found, Output(sys.stdout, path=output))
    except OSError as exc:
        if output == "-":
            raise  # standard output: said like any other command's (exit status 3)
        raise IpcalcError(Problem(msg("cannot_write", reason=exc.strerror or exc), source=output)) from None
    if output != "-":
        items = sum(len(r.items) for r in found.estimate.policies)
        sys.stderr.write(t("report_written", found.lang, path=output, sheets=5, items=items) + "\n")


def is_list(paths: list[str]) -> bool:
    """Whether the profiles given are a client list: more than one, a folder, a file of
    [[profiles]], or JSON Lines on standard input (its first character a `{`)."""
    from pathlib import Path

    if len(paths) > 1:
        return True
    if not paths:
        return False
    path = paths[0]
    if path == "-":
        from ..inputs import stdin_binary

        stream = stdin_binary()
        if hasattr(stream, "peek"):
            start = stream.peek(64)
        elif stream.seekable():  # a stream in memory (a program calling the command line)
            place = stream.tell()
            start = stream.read(64)
            stream.seek(place)
        else:
            return False
        return start.lstrip()[:1] == b"{"
    from ..inputs import is_folder

    found = Path(path)
    if is_folder(path):
        return True
    try:
        if found.is_file():
            with found.open("rb") as stream:
                return any(line.strip() == b"[[profiles]]" for line in stream.read(1 << 20).splitlines())
    except OSError:
        return False  # said when it is read
    return False


def portfolio(
    ctx: typer.Context, paths: list[str], facts: dict[str, Any], shared: Shared, *, output: str, jobs: Optional[int], quiet: bool, recursive: bool
) -> None:
    """One workbook for a client list, its clients answered as a batch answers profiles."""
    import os
    import shutil
    import tempfile

    from ..batch import PortfolioAnswers, PortfolioLines, default_jobs, jobs_allowed
    from ..errors import ExitStatus, IpcalcError, Problem
    from ..i18n import msg, t
    from ..inputs import written_whole
    from ..render.portfolio import PortfolioBook
    from .batch import answer_inputs, open_inputs
    from .options import language

    given = [name for name, value in facts.items() if value not in (None, []) and name != "as_of"]
    if given:
        raise IpcalcError(Problem(msg("list_no_fact_flags", flag="--" + given[0].replace("_", "-")), source="report"))
    chosen_lang = language(ctx, shared.lang)
    asked = request(ctx, None, {}, shared)._replace(as_of=facts.get("as_of")).check(profile=False)
    unit = shared.unit
    stdin = open_inputs(paths, recursive, chosen_lang)
    workers = jobs_allowed(jobs) if jobs is not None else default_jobs()
    target = os.devnull if output == "-" else output
    with tempfile.TemporaryDirectory(prefix="ipcalc-") as scratch:
        place = os.path.join(scratch, "list.xlsx") if output == "-" else target
        with written_whole(place) as stream:
            book = PortfolioBook(stream, lang=chosen_lang, unit=unit, tmpdir=scratch)
            total, failed, _ = answer_inputs(
                PortfolioAnswers(asked), paths, stdin, PortfolioLines(book), workers, chosen_lang, recursive=recursive, quiet=quiet
            )
            book.close()
        if output == "-":
            with open(place, "rb") as done:
                shutil.copyfileobj(done, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    if output != "-":
        sys.stderr.write(t("portfolio_written", chosen_lang, path=output, clients=total, failed=failed) + "\n")
    if failed:
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)


def _output_parameters() -> list[inspect.Parameter]:
    return output_options(
        "report",
        inspect.Parameter(
            "output",
            _KEYWORD,
            default=typer.Option(
                ...,
                "--output",
                "-o",
                help="Where to write the workbook (.xlsx); - for standard output. An existing file is written over.",
                metavar="PATH",
                rich_help_panel="Output",
            ),
            annotation=str,
        ),
        inspect.Parameter(
            "jobs",
            _KEYWORD,
            default=typer.Option(
                None,
                "--jobs",
                "-j",
                min=1,
                help="A client list: worker processes (default: one per CPU on Linux, else 1).",
                show_default=False,
                rich_help_panel="Output",
            ),
            annotation=Optional[int],
        ),
        inspect.Parameter(
            "quiet",
            _KEYWORD,
            default=typer.Option(False, "--quiet", "-q", help="A client list: no progress display on a terminal.", rich_help_panel="Output"),
            annotation=bool,
        ),
        inspect.Parameter(
            "recursive",
            _KEYWORD,
            default=typer.Option(
                False, "--recursive", "-r", help="A client list: also read the *.toml of the folders' subfolders.", rich_help_panel="Output"
            ),
            annotation=bool,
        ),
        bom=False,
    )


def command_for(args: list[str]) -> typer.Typer:
    """The command for these arguments, with flags for the facts of the policy folders given."""
    return build("report", run, "The client's workbook (.xlsx), or one for a whole client list.", schema_for(args), _output_parameters(), many=True)
