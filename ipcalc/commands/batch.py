"""`ipcalc batch`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..cli import (
    LangOpt,
    PoliciesOpt,
    Unit,
    _complete_policies,
    command,
    parse_day,
    parse_lpr,
)
from ..errors import ExitStatus
from ..i18n import set_language


class BatchFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


@command("batch", short_help="Many profiles, streamed in input order (JSONL, CSV).")
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="TOML files (one profile or [[profiles]]), folders of *.toml, or - for JSON Lines on stdin."),
    ],
    *,
    format: Annotated[BatchFormat, typer.Option("--format", "-f", help="jsonl: one estimate object per line; csv: one row per item.")] = BatchFormat.jsonl,
    summary: Annotated[bool, typer.Option("--summary", help="One record per profile (jsonl) or per profile and policy (csv) with totals.")] = False,
    policy: Annotated[
        Optional[list[str]],
        typer.Option("--policy", "-p", help="Evaluate these policies for every profile, whatever its region.", metavar="ID", autocompletion=_complete_policies),
    ] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date for every profile (default: each profile's, else today).", metavar="DATE")] = None,
    lang: LangOpt = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in yuan or wan (万元).")] = Unit.yuan,
    lpr: Annotated[Optional[str], typer.Option("--lpr", help="Use this 1-year LPR instead of the bundled history.", metavar="RATE")] = None,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Worker processes for large batches (default: one per CPU on Linux, else 1). Output order never changes.", show_default=False),
    ] = None,
    policies: PoliciesOpt = None,
) -> None:
    """Estimate many profiles, streaming one result per profile in input order.

    A bad profile gives an error record and the others go on; the exit status is 1 if any failed.
    """
    from ..batch import Answers, CsvRows, JsonLines, default_jobs, entries, run
    from ..library import load_library, user_dirs

    language = set_language(lang.value if lang else None)
    library = load_library(user_dirs(policies))
    library.require_clean()
    output = CsvRows(summary) if format is BatchFormat.csv else JsonLines(summary)
    answers = Answers(
        library,
        output,
        policy_ids=policy,
        as_of=parse_day(as_of) if as_of else None,
        lang=language,
        lpr=parse_lpr(lpr),
        unit=unit.value,
    )
    total, failed = run(answers, entries(paths, sys.stdin), sys.stdout, jobs if jobs is not None else default_jobs())
    sys.stdout.flush()
    if failed:
        from ..i18n import t

        sys.stderr.write(t("batch_failed", language, failed=failed, total=total) + "\n")
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)


