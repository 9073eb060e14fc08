"""`ipcalc batch`: many profiles, streamed in input order."""

import sys
from contextlib import nullcontext
from typing import Optional

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
    from ..batch import STDIN, Answers, default_jobs, entries, input_size, jobs_allowed, missing_paths, run, skipped_folders
    from ..batch_output import RecordWriter
    from ..errors import ExitStatus, IpcalcError
    from ..i18n import t
    from ..inputs import stdin_binary
    from ..library import user_dirs
    from ..render.formats import writer as record_writer
    from ..request import Request
    from . import progress
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
    missing = missing_paths(paths)
    if missing:
        raise IpcalcError(missing)
    stdin = stdin_binary() if STDIN in paths else None  # a closed standard input: said now
    if not recursive:
        for folder in skipped_folders(paths):
            sys.stderr.write(t("batch_skipped_folder", chosen_lang, folder=folder) + "\n")
    bom_only_for_csv(bom, format)
    workers = default_jobs()
    if jobs is not None:
        workers = jobs_allowed(jobs)
        if workers < jobs:
            sys.stderr.write(t("batch_jobs_capped", chosen_lang, asked=jobs, cpus=workers) + "\n")
    output = record_writer("batch", format)(lang=chosen_lang, unit=unit, summary=summary, bom=bom)
    answers = Answers(asked, output)
    writer = RecordWriter(sys.stdout)
    notes: list = []
    display = None
    if progress.wanted(quiet):
        display = progress.BatchProgress(input_size(paths, stdin, recursive=recursive), chosen_lang)
    with display or nullcontext():
        try:
            total, failed = run(answers, entries(paths, stdin, recursive=recursive), writer, workers, notes, display.update if display else None)
            writer.flush()
        finally:
            for code, values in notes:
                sys.stderr.write(t(f"batch_{code}", chosen_lang, **values) + "\n")
    if total == 0:
        sys.stderr.write(t("batch_nothing", chosen_lang) + "\n")
    if display is not None:
        sys.stderr.write(display.summary() + "\n")  # on a terminal: it says the failures too
    elif failed:
        sys.stderr.write(t("batch_failed", chosen_lang, failed=failed, total=total) + "\n")
    if failed:
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)
