"""`ipcalc batch`: many profiles, streamed in input order."""

import sys
from contextlib import nullcontext
from typing import Any, Optional

import typer

from . import command_app
from .options import BOM_OPTION, LANG, LPR, POLICIES, POLICY, READING, UNIT, format_option

app = command_app("batch")


@app.command("batch", short_help="Many profiles, streamed in input order (JSONL, CSV).")
def batch(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="TOML files (one profile or [[profiles]]), folders of *.toml, or - for JSON Lines on stdin."
    ),
    *,
    format: str = format_option("batch", "jsonl"),
    summary: bool = typer.Option(False, "--summary", help="One record per profile (jsonl) or per profile and policy (csv) with totals."),
    policy: Optional[list[str]] = POLICY,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date for every profile (default: each profile's, else today).", metavar="DATE"),
    lang: Optional[str] = LANG,
    unit: str = UNIT,
    lpr: Optional[str] = LPR,
    reading: Optional[list[str]] = READING,
    jobs: Optional[int] = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for large batches (default: one per CPU on Linux, else 1). Output order never changes.",
        show_default=False,
    ),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Also read the *.toml of the folders' subfolders."),
    bom: bool = BOM_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display on a terminal (and no closing line)."),
    policies: Optional[list[str]] = POLICIES,
) -> None:
    """Estimate many profiles, streaming one result per profile in input order.

    A bad profile gives an error record and the others go on; the exit status is 1 if any failed.
    """
    from ..batch import Answers, default_jobs, jobs_allowed
    from ..batch_output import RecordWriter
    from ..errors import ExitStatus
    from ..i18n import t
    from ..library import user_dirs
    from ..render.formats import writer as record_writer
    from ..request import Request
    from .facts import OPTION_NAMES
    from .options import bom_only_for_csv, language
    from .output import format_of

    format_of("batch", format)
    chosen_lang = language(ctx, lang)
    asked = Request(
        policies=policy or None,
        readings=reading or None,
        as_of=as_of,
        lpr=lpr,
        lang=chosen_lang,
        unit=unit,
        paths=user_dirs(policies),
        names=OPTION_NAMES,
    ).check(profile=False)
    stdin = open_inputs(paths, recursive, chosen_lang)
    bom_only_for_csv(bom, format)
    workers = default_jobs()
    if jobs is not None:
        workers = jobs_allowed(jobs)
        if workers < jobs:
            sys.stderr.write(t("batch_jobs_capped", chosen_lang, asked=jobs, cpus=workers) + "\n")
    output = record_writer("batch", format)(lang=chosen_lang, unit=unit, summary=summary, bom=bom)
    total, failed, display = answer_inputs(
        Answers(asked, output), paths, stdin, RecordWriter(sys.stdout), workers, chosen_lang, recursive=recursive, quiet=quiet
    )
    if total == 0:
        sys.stderr.write(t("batch_nothing", chosen_lang) + "\n")
    if display is not None:
        sys.stderr.write(display.summary() + "\n")  # on a terminal: it says the failures too
    elif failed:
        sys.stderr.write(t("batch_failed", chosen_lang, failed=failed, total=total) + "\n")
    if failed:
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)


def open_inputs(paths: list[str], recursive: bool, lang: str) -> Any:
    """How a batch of profiles begins (`batch`, and `report` given a client list): a path
    that does not exist is a usage error, a closed standard input is said now, and the
    subfolders left unread without --recursive are named. Standard input, when a path is -."""
    from ..batch import STDIN, missing_paths, skipped_folders
    from ..errors import IpcalcError
    from ..i18n import t
    from ..inputs import stdin_binary

    missing = missing_paths(paths)
    if missing:
        raise IpcalcError(missing)
    stdin = stdin_binary() if STDIN in paths else None
    if not recursive:
        for folder in skipped_folders(paths):
            sys.stderr.write(t("batch_skipped_folder", lang, folder=folder) + "\n")
    return stdin


def answer_inputs(
    answers: Any, paths: list[str], stdin: Any, writer: Any, workers: int, lang: str, *, recursive: bool, quiet: bool
) -> tuple[int, int, Any]:
    """Every profile of the inputs answered and written (`batch.run`), with the progress
    display on a terminal and the batch's notes said after: (profiles, failed, display)."""
    from ..batch import entries, input_size, run
    from ..i18n import t
    from . import progress

    notes: list = []
    display = progress.BatchProgress(input_size(paths, stdin, recursive=recursive), lang) if progress.wanted(quiet) else None
    with display or nullcontext():
        try:
            total, failed = run(answers, entries(paths, stdin, recursive=recursive), writer, workers, notes, display.update if display else None)
            writer.flush()
        finally:
            for code, values in notes:
                sys.stderr.write(t(f"batch_{code}", lang, **values) + "\n")
    return total, failed, display
