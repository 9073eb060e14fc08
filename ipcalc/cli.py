"""The command line: a thin layer over profile -> engine -> render.

Results go to stdout; messages go to stderr. Every `IpcalcError` is caught once, in
`IpcalcGroup.invoke`, printed one line per problem, and turned into exit status 2.
"""


import os
import sys
from datetime import date
from enum import Enum
from typing import Annotated, Any, Optional

import typer
import typer.main
from typer.core import TyperGroup

from . import __version__, schema
from .errors import ExitStatus, IpcalcError, Problem
from .i18n import default_lang

#: Each sub-command lives in its own small Typer app and is built only when it is called:
#: Typer otherwise turns every command's signature into options at each start (measured:
#: 4.6 ms for all commands, 1.9 ms for `estimate` alone).
COMMANDS: dict[str, typer.Typer] = {}


def command(name: str, **kwargs):  # type: ignore[no-untyped-def]
    """Register a top-level sub-command, built lazily by IpcalcGroup."""
    sub = typer.Typer(add_completion=False)
    COMMANDS[name] = sub
    return sub.command(name, **kwargs)


def group(name: str, **kwargs) -> typer.Typer:
    """Register a top-level group of sub-commands, built lazily by IpcalcGroup."""
    sub = typer.Typer(name=name, add_completion=False, cls=TyperGroup, **kwargs)
    COMMANDS[name] = sub
    return sub


class IpcalcGroup(TyperGroup):
    """The top-level group: builds sub-commands on demand, and is the one place where bad
    input becomes a clear message and exit status 2."""

    def list_commands(self, ctx):  # type: ignore[no-untyped-def]
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx, name):  # type: ignore[no-untyped-def]
        if name in COMMANDS and name not in self.commands:
            self.add_command(typer.main.get_command(COMMANDS[name]), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except IpcalcError as exc:
            report(exc.problems)
            raise typer.Exit(ExitStatus.BAD_INPUT) from None
        except BrokenPipeError:
            # The reader went away (`ipcalc batch ... | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(ExitStatus.OK) from None


def report(problems: tuple[Problem, ...] | list[Problem]) -> None:
    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    prefix = "\x1b[31merror:\x1b[0m " if color else "error: "
    sys.stderr.write("".join(f"{prefix}{p}\n" for p in problems))
    sys.stderr.flush()


app = typer.Typer(
    cls=IpcalcGroup,
    name="ipcalc",
    help="Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite, "
    "and the clause behind every figure.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ------------------------------------------------------------------ shared options


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


class Unit(str, Enum):
    yuan = "yuan"
    wan = "wan"


def _complete_regions(incomplete: str) -> list[str]:
    try:
        from .library import load_library

        return [r for r in load_library().regions if r.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_policies(incomplete: str) -> list[str]:
    try:
        from .library import load_library

        return [p for p in load_library().policies if p.startswith(incomplete)]
    except Exception:
        return []


PoliciesOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--policies",
        help="A folder of extra policy files (repeatable); also IPCALC_POLICIES. A file with a bundled id replaces it.",
        metavar="DIR",
        rich_help_panel="Policies",
    ),
]
LangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", help="Language of labels and messages (default: zh when LANG is zh_*, else en).", rich_help_panel="Output"),
]


def _help(name: str, section: str | None = None) -> str:
    fdef = schema.field_of(section, name)
    assert fdef is not None
    return f"{fdef.en} ({fdef.zh})"


def _list_help(section: str) -> str:
    fields = schema.SECTIONS[section]
    keys = ",".join(f"{k}=…" for k in fields)
    return f"A {section} entry as {keys} (repeatable; adds to the file's \\[\\[{section}]])."


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ipcalc {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True, callback=_version)
    ] = False,
) -> None:
    """Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite,
    and the clause behind every figure."""


# ------------------------------------------------------------------ estimate


@command("estimate")
def estimate(
    profile: Annotated[
        Optional[str],
        typer.Argument(help="A TOML profile file, or - for TOML on stdin. Without it, the facts come from flags alone.", show_default=False),
    ] = None,
    *,
    name: Annotated[Optional[str], typer.Option(help=_help("name"), rich_help_panel="Facts")] = None,
    region: Annotated[
        Optional[str], typer.Option(help=_help("region"), autocompletion=_complete_regions, rich_help_panel="Facts")
    ] = None,
    kind: Annotated[
        Optional[str],
        typer.Option(help=f"{_help('kind')}: {' | '.join(schema.APPLICANT_KINDS)}", rich_help_panel="Facts"),
    ] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Date of the estimate, YYYY-MM-DD (default: the profile's, else today).", metavar="DATE", rich_help_panel="Facts")
    ] = None,
    srdi: Annotated[Optional[bool], typer.Option("--srdi/--no-srdi", help=_help("srdi"), show_default=False, rich_help_panel="Facts")] = None,
    blacklisted: Annotated[
        Optional[bool], typer.Option("--blacklisted/--not-blacklisted", help=_help("blacklisted"), show_default=False, rich_help_panel="Facts")
    ] = None,
    foreign_invention_patents: Annotated[
        Optional[int], typer.Option(help=_help("foreign_invention_patents"), min=0, show_default=False, rich_help_panel="Facts")
    ] = None,
    foreign_trademarks: Annotated[
        Optional[int], typer.Option(help=_help("foreign_trademarks"), min=0, show_default=False, rich_help_panel="Facts")
    ] = None,
    patent_agents: Annotated[
        Optional[int], typer.Option(help=_help("patent_agents"), min=0, show_default=False, rich_help_panel="Facts")
    ] = None,
    university_agreement: Annotated[
        Optional[bool],
        typer.Option("--university-agreement/--no-university-agreement", help=_help("university_agreement"), show_default=False, rich_help_panel="Facts"),
    ] = None,
    joint_invention_applications: Annotated[
        Optional[int], typer.Option(help=_help("joint_invention_applications"), min=0, show_default=False, rich_help_panel="Facts")
    ] = None,
    protection_workstation: Annotated[
        Optional[bool],
        typer.Option("--protection-workstation/--no-protection-workstation", help=_help("protection_workstation"), show_default=False, rich_help_panel="Facts"),
    ] = None,
    research_institute_branch: Annotated[
        Optional[bool],
        typer.Option("--research-institute-branch/--no-research-institute-branch", help=_help("research_institute_branch"), show_default=False, rich_help_panel="Facts"),
    ] = None,
    agency_branch: Annotated[
        Optional[bool],
        typer.Option("--agency-branch/--no-agency-branch", help=_help("agency_branch"), show_default=False, rich_help_panel="Facts"),
    ] = None,
    title: Annotated[Optional[list[str]], typer.Option("--title", help=_list_help("titles"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    award: Annotated[Optional[list[str]], typer.Option("--award", help=_list_help("awards"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    insurance: Annotated[Optional[list[str]], typer.Option("--insurance", help=_list_help("insurance"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    loan: Annotated[Optional[list[str]], typer.Option("--loan", help=_list_help("loans"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    inbound_deal: Annotated[Optional[list[str]], typer.Option("--inbound-deal", help=_list_help("inbound_deals"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    outbound_deal: Annotated[Optional[list[str]], typer.Option("--outbound-deal", help=_list_help("outbound_deals"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    case: Annotated[Optional[list[str]], typer.Option("--case", help=_list_help("cases"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    event: Annotated[Optional[list[str]], typer.Option("--event", help=_list_help("events"), metavar="K=V,…", rich_help_panel="List facts")] = None,
    format: Annotated[
        Optional[Format], typer.Option("--format", "-f", help="Output format (default: table on a terminal, json otherwise).", show_default=False, rich_help_panel="Output")
    ] = None,
    policy: Annotated[
        Optional[list[str]],
        typer.Option("--policy", "-p", help="Evaluate this policy, whatever the region (repeatable).", metavar="ID", autocompletion=_complete_policies, rich_help_panel="Policies"),
    ] = None,
    lang: LangOpt = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Show amounts in yuan or in wan (万元, 10,000 yuan).", rich_help_panel="Output")] = Unit.yuan,
    explain: Annotated[bool, typer.Option("--explain", help="Add the Chinese clause text, the interpretation and the arithmetic under each item.", rich_help_panel="Output")] = False,
    save: Annotated[
        Optional[str], typer.Option("--save", help="Write the merged profile (file + flags) to this TOML file.", metavar="PATH", rich_help_panel="Output")
    ] = None,
    lpr: Annotated[
        Optional[str], typer.Option("--lpr", help="Use this 1-year LPR (e.g. 0.03 or 3%) instead of the bundled history.", metavar="RATE", rich_help_panel="Policies")
    ] = None,
    policies: PoliciesOpt = None,
) -> None:
    """Estimate what each matching policy pays for one profile, item by item."""
    from .engine import evaluate
    from .inputs import read_toml_source, save_profile
    from .library import load_library, user_dirs
    from .profile import merge_flags, read_profile

    library = load_library(user_dirs(policies))
    library.require_clean()
    data: dict[str, Any] = {}
    source, text = "command line", ""
    if profile is not None:
        data, source, text = read_toml_source(profile)
    scalars = {
        "name": name,
        "region": region,
        "kind": kind,
        "as_of": as_of,
        "srdi": srdi,
        "blacklisted": blacklisted,
        "foreign_invention_patents": foreign_invention_patents,
        "foreign_trademarks": foreign_trademarks,
        "patent_agents": patent_agents,
        "university_agreement": university_agreement,
        "joint_invention_applications": joint_invention_applications,
        "protection_workstation": protection_workstation,
        "research_institute_branch": research_institute_branch,
        "agency_branch": agency_branch,
    }
    lists = {
        "titles": title,
        "awards": award,
        "insurance": insurance,
        "loans": loan,
        "inbound_deals": inbound_deal,
        "outbound_deals": outbound_deal,
        "cases": case,
        "events": event,
    }
    merged, origins = merge_flags(data, scalars, lists)
    facts = read_profile(
        merged, vocab=library.vocabulary, regions=library.regions, source=source, text=text, origins=origins
    )
    chosen = library.select(policy) if policy else library.for_region(facts.region)
    language = lang.value if lang else default_lang()
    result = evaluate(
        facts,
        chosen,
        vocab=library.vocabulary,
        rates=library.rates,
        as_of=facts.as_of or date.today(),
        lang=language,
        lpr=parse_lpr(lpr),
    )
    if save:
        save_profile(facts, save)
    write_estimate(result, format, unit.value, explain)


def parse_lpr(text: str | None):
    if text is None:
        return None
    from .checks import Invalid, check_rate_text

    try:
        return check_rate_text(text)
    except Invalid as exc:
        raise IpcalcError(Problem(str(exc), source="--lpr")) from None


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def write_estimate(result, format: Format | None, unit: str, explain: bool) -> None:
    from .render.document import estimate_document

    fmt = format or (Format.table if sys.stdout.isatty() else Format.json)
    if fmt is Format.table:
        from .render.table import render_table

        render_table(result, sys.stdout, color=use_color(), unit=unit, explain=explain)
        return
    doc = estimate_document(result, unit=unit, explain=explain)
    if fmt is Format.json:
        from .render.jsonout import dumps

        sys.stdout.write(dumps(doc, indent=2) + "\n")
    elif fmt is Format.csv:
        from .render.csvout import CsvWriter

        for warning in result.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        CsvWriter(sys.stdout).write(doc)
    else:
        from .render.markdown import render_markdown

        sys.stdout.write(render_markdown(doc, result.lang, explain=explain) + "\n")


# ------------------------------------------------------------------ batch


class BatchFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


@command("batch")
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
    policies: PoliciesOpt = None,
) -> None:
    """Estimate many profiles, streaming one result per profile in input order.

    A bad profile gives an error record and the others go on; the exit status is 1 if any failed.
    """
    from .batch import Answers, entries, error_text
    from .library import load_library, user_dirs

    library = load_library(user_dirs(policies))
    library.require_clean()
    answers = Answers(
        library,
        policy_ids=policy,
        as_of=parse_day(as_of) if as_of else None,
        lang=lang.value if lang else default_lang(),
        lpr=parse_lpr(lpr),
        unit=unit.value,
    )
    out = sys.stdout
    if format is BatchFormat.csv:
        from .render.csvout import CsvWriter

        writer = CsvWriter(out, summary=summary, with_source=True)
        write = lambda doc: writer.write(doc, doc["source"])  # noqa: E731
        fail = writer.error
    else:
        from .render.document import summary_document
        from .render.jsonout import dumps

        def write(doc: dict) -> None:
            out.write(dumps(summary_document(doc) if summary else doc) + "\n")

        def fail(source: str, message: str) -> None:
            out.write(dumps({"source": source, "error": message}) + "\n")

    total = failed = 0
    for entry in entries(paths, sys.stdin):
        total += 1
        doc, problems = answers.answer(entry)
        if doc is None:
            failed += 1
            fail(entry.source, error_text(problems))
        else:
            write(doc)
    out.flush()
    if failed:
        sys.stderr.write(f"ipcalc batch: {failed} of {total} profile{'s' * (total != 1)} failed\n")
        raise typer.Exit(ExitStatus.PARTIAL_FAILURE)


# ------------------------------------------------------------------ policies

policies_app = group(
    "policies",
    help="List, show and check policy definitions (bundled and your own).",
    no_args_is_help=True,
)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


AsOfOpt = Annotated[
    Optional[str], typer.Option("--as-of", help="Judge policy status on this date, YYYY-MM-DD (default today).", metavar="DATE")
]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def parse_day(text: str | None, flag: str = "--as-of") -> date:
    if text is None:
        return date.today()
    from .checks import Invalid, check_date

    try:
        return check_date(text)
    except Invalid as exc:
        raise IpcalcError(Problem(str(exc), source=flag)) from None


def write_lines(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


@policies_app.command("list")
def policies_list(
    *,
    as_of: AsOfOpt = None,
    format: ListFormatOpt = ListFormat.text,
    lang: LangOpt = None,
    policies: PoliciesOpt = None,
) -> None:
    """List bundled and user policies with their status and dates; broken user files are marked."""
    from .library import load_library, user_dirs
    from .render.policies import list_document, list_lines

    library = load_library(user_dirs(policies))
    language = lang.value if lang else default_lang()
    entries = list_document(library, parse_day(as_of), language)
    if format is ListFormat.json:
        from .render.jsonout import dumps

        sys.stdout.write(dumps(entries, indent=2) + "\n")
    else:
        write_lines(list_lines(entries, language))
    if library.problems:
        sys.stderr.write("".join(f"warning: {p}\n" for p in library.problems))


@policies_app.command("show")
def policies_show(
    policy_id: Annotated[str, typer.Argument(metavar="ID", help="A policy id (see `ipcalc policies list`).", autocompletion=_complete_policies)],
    *,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    policies: PoliciesOpt = None,
) -> None:
    """Show one policy: its dates, and every rule with its amounts, caps and clause text."""
    from .library import load_library, user_dirs
    from .render.policies import show_lines

    library = load_library(user_dirs(policies))
    library.require_clean()
    (policy,) = library.select([policy_id])
    write_lines(show_lines(policy, library, parse_day(as_of), lang.value if lang else default_lang()))


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
    from .library import read_library, user_dirs, verify_quotes
    from .render.policies import check_lines

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
    out, _ = check_lines(checked)
    write_lines(out)
    problems = [p for f in checked for p in f.problems]
    if problems:
        raise IpcalcError(problems)


def main() -> None:
    app()
