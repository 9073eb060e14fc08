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
from .i18n import current_language, set_language

#: Each sub-command lives in its own small Typer app and is built only when it is called:
#: Typer otherwise turns every command's signature into options at each start (measured:
#: 4.6 ms for all commands, 1.9 ms for `estimate` alone).
COMMANDS: dict[str, typer.Typer] = {}
#: Commands defined in their own modules, imported only when called (or listed in --help):
#: defining a command's options costs import time, so `estimate` never pays for the others.
LAZY_COMMANDS = {
    "compare": "ipcalc.commands.compare",
    "batch": "ipcalc.commands.batch",
    "policies": "ipcalc.commands.policies",
    "rates": "ipcalc.commands.rates",
    "init": "ipcalc.commands.init",
    "completions": "ipcalc.commands.completions",
}


def command(name: str, **kwargs):  # type: ignore[no-untyped-def]
    """Register a top-level sub-command, built lazily by IpcalcGroup."""
    sub = typer.Typer(add_completion=False, rich_markup_mode=None)
    COMMANDS[name] = sub
    return sub.command(name, **kwargs)


def group(name: str, **kwargs) -> typer.Typer:
    """Register a top-level group of sub-commands, built lazily by IpcalcGroup."""
    sub = typer.Typer(name=name, add_completion=False, cls=TyperGroup, rich_markup_mode=None, **kwargs)
    COMMANDS[name] = sub
    return sub


class IpcalcGroup(TyperGroup):
    """The top-level group: builds sub-commands on demand, and is the one place where bad
    input becomes a clear message and exit status 2."""

    def list_commands(self, ctx):  # type: ignore[no-untyped-def]
        # A fixed order, whatever has been imported already in this process.
        return ["estimate", *LAZY_COMMANDS]

    def get_command(self, ctx, name):  # type: ignore[no-untyped-def]
        if name in LAZY_COMMANDS and name not in COMMANDS:
            import importlib

            importlib.import_module(LAZY_COMMANDS[name])  # registers itself in COMMANDS
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
    """One line per problem on stderr, in the command's language. The `error:` prefix is
    the same in every language, for grep and scripts."""
    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    prefix = "\x1b[31merror:\x1b[0m " if color else "error: "
    lang = current_language()
    sys.stderr.write("".join(f"{prefix}{p.render(lang)}\n" for p in problems))
    sys.stderr.flush()


app = typer.Typer(
    cls=IpcalcGroup,
    name="ipcalc",
    help="Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite, "
    "and the clause behind every figure.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


def _complete_kinds(incomplete: str) -> list[str]:
    return [k for k in schema.APPLICANT_KINDS if k.startswith(incomplete)]


def _field_values(section: str, key: str) -> list[str]:
    fdef = schema.SECTIONS[section].get(key)
    if fdef is None:
        return []
    if fdef.type == schema.BOOL:
        return ["true", "false"]
    if fdef.choices:
        return list(fdef.choices)
    if fdef.type in (schema.TITLE, schema.LEVEL, schema.AWARD):
        from .library import load_library

        vocab = load_library().vocabulary
        return list({schema.TITLE: vocab.titles, schema.LEVEL: vocab.levels, schema.AWARD: vocab.awards}[fdef.type])
    return []


def _complete_pairs(section: str):  # type: ignore[no-untyped-def]
    """Completes `key=value,key=value` flags: the keys of the section, then known values
    (titles, levels, awards, choices, true/false) for the key being typed."""

    def complete(incomplete: str) -> list[str]:
        try:
            head, sep, last = incomplete.rpartition(",")
            key, eq, partial = last.partition("=")
            if not eq:
                return [f"{head}{sep}{k}=" for k in schema.SECTIONS[section] if k.startswith(key)]
            return [f"{head}{sep}{key}={v}" for v in _field_values(section, key) if v.startswith(partial)]
        except Exception:  # completion must never print a traceback into the shell
            return []

    return complete


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
    return f"A {section} entry as {keys} (repeatable; adds to the file's [[{section}]])."


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


@command("estimate", short_help="One profile, item by item: what each policy pays.")
def estimate(  # noqa: B008 - Typer's default-value style, on purpose (see below)
    profile: Optional[str] = typer.Argument(None, help="A TOML profile file, or - for TOML on stdin. Without it, the facts come from flags alone.", show_default=False),
    *,
    name: Optional[str] = typer.Option(None, help=_help("name"), rich_help_panel="Facts"),
    region: Optional[str] = typer.Option(None, help=_help("region"), autocompletion=_complete_regions, rich_help_panel="Facts"),
    kind: Optional[str] = typer.Option(None, help=f"{_help('kind')}: {' | '.join(schema.APPLICANT_KINDS)}", autocompletion=_complete_kinds, rich_help_panel="Facts"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the estimate, YYYY-MM-DD (default: the profile's, else today).", metavar="DATE", rich_help_panel="Facts"),
    srdi: Optional[bool] = typer.Option(None, "--srdi/--no-srdi", help=_help("srdi"), show_default=False, rich_help_panel="Facts"),
    blacklisted: Optional[bool] = typer.Option(None, "--blacklisted/--not-blacklisted", help=_help("blacklisted"), show_default=False, rich_help_panel="Facts"),
    foreign_invention_patents: Optional[int] = typer.Option(None, help=_help("foreign_invention_patents"), min=0, show_default=False, rich_help_panel="Facts"),
    foreign_trademarks: Optional[int] = typer.Option(None, help=_help("foreign_trademarks"), min=0, show_default=False, rich_help_panel="Facts"),
    patent_agents: Optional[int] = typer.Option(None, help=_help("patent_agents"), min=0, show_default=False, rich_help_panel="Facts"),
    university_agreement: Optional[bool] = typer.Option(None, "--university-agreement/--no-university-agreement", help=_help("university_agreement"), show_default=False, rich_help_panel="Facts"),
    joint_invention_applications: Optional[int] = typer.Option(None, help=_help("joint_invention_applications"), min=0, show_default=False, rich_help_panel="Facts"),
    protection_workstation: Optional[bool] = typer.Option(None, "--protection-workstation/--no-protection-workstation", help=_help("protection_workstation"), show_default=False, rich_help_panel="Facts"),
    research_institute_branch: Optional[bool] = typer.Option(None, "--research-institute-branch/--no-research-institute-branch", help=_help("research_institute_branch"), show_default=False, rich_help_panel="Facts"),
    agency_branch: Optional[bool] = typer.Option(None, "--agency-branch/--no-agency-branch", help=_help("agency_branch"), show_default=False, rich_help_panel="Facts"),
    title: Optional[list[str]] = typer.Option(None, "--title", help=_list_help("titles"), metavar="K=V,…", autocompletion=_complete_pairs("titles"), rich_help_panel="List facts"),
    award: Optional[list[str]] = typer.Option(None, "--award", help=_list_help("awards"), metavar="K=V,…", autocompletion=_complete_pairs("awards"), rich_help_panel="List facts"),
    insurance: Optional[list[str]] = typer.Option(None, "--insurance", help=_list_help("insurance"), metavar="K=V,…", autocompletion=_complete_pairs("insurance"), rich_help_panel="List facts"),
    loan: Optional[list[str]] = typer.Option(None, "--loan", help=_list_help("loans"), metavar="K=V,…", autocompletion=_complete_pairs("loans"), rich_help_panel="List facts"),
    inbound_deal: Optional[list[str]] = typer.Option(None, "--inbound-deal", help=_list_help("inbound_deals"), metavar="K=V,…", autocompletion=_complete_pairs("inbound_deals"), rich_help_panel="List facts"),
    outbound_deal: Optional[list[str]] = typer.Option(None, "--outbound-deal", help=_list_help("outbound_deals"), metavar="K=V,…", autocompletion=_complete_pairs("outbound_deals"), rich_help_panel="List facts"),
    case: Optional[list[str]] = typer.Option(None, "--case", help=_list_help("cases"), metavar="K=V,…", autocompletion=_complete_pairs("cases"), rich_help_panel="List facts"),
    event: Optional[list[str]] = typer.Option(None, "--event", help=_list_help("events"), metavar="K=V,…", autocompletion=_complete_pairs("events"), rich_help_panel="List facts"),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format (default: table on a terminal, json otherwise).", show_default=False, rich_help_panel="Output"),
    policy: Optional[list[str]] = typer.Option(None, "--policy", "-p", help="Evaluate this policy, whatever the region (repeatable).", metavar="ID", autocompletion=_complete_policies, rich_help_panel="Policies"),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Language of labels and messages (default: zh when LANG is zh_*, else en).", rich_help_panel="Output"),
    unit: Unit = typer.Option(Unit.yuan, "--unit", help="Show amounts in yuan or in wan (万元, 10,000 yuan).", rich_help_panel="Output"),
    explain: bool = typer.Option(False, "--explain", help="Add the Chinese clause text, the interpretation and the arithmetic under each item.", rich_help_panel="Output"),
    save: Optional[str] = typer.Option(None, "--save", help="Write the merged profile (file + flags) to this TOML file.", metavar="PATH", rich_help_panel="Output"),
    lpr: Optional[str] = typer.Option(None, "--lpr", help="Use this 1-year LPR (e.g. 0.03 or 3%) instead of the bundled history.", metavar="RATE", rich_help_panel="Policies"),
    policies: Optional[list[str]] = typer.Option(None, "--policies", help="A folder of extra policy files (repeatable); also IPCALC_POLICIES. A file with a bundled id replaces it.", metavar="DIR", rich_help_panel="Policies"),
) -> None:
    """Estimate what each matching policy pays for one profile, item by item."""
    # This command's options use Typer's default-value style instead of Annotated[...]:
    # measured with callgrind, Annotated costs 6.6M instructions (~2 ms) per run for these
    # 32 options, and `ipcalc estimate` must start within 1.3x of a bare Typer app.
    from .engine import evaluate
    from .inputs import read_toml_source, save_profile
    from .library import load_library, user_dirs
    from .profile import merge_flags, read_profile

    language = set_language(lang.value if lang else None)
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
    result = evaluate(
        facts,
        chosen,
        vocab=library.vocabulary,
        rates=library.rates,
        as_of=facts.as_of or date.today(),
        lang=language,
        lpr=parse_lpr(lpr),
        explain=explain,
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
        raise IpcalcError(Problem(exc.message, source="--lpr")) from None


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
    if fmt is Format.json:
        from .render.jsonout import dumps, mark

        sys.stdout.write(dumps(estimate_document(result, unit=unit, explain=explain, number=mark), indent=2) + "\n")
        return
    doc = estimate_document(result, unit=unit, explain=explain)
    if fmt is Format.csv:
        from .render.csvout import CsvWriter

        for warning in result.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        CsvWriter(sys.stdout).write(doc)
    else:
        from .render.markdown import render_markdown

        sys.stdout.write(render_markdown(doc, result.lang, explain=explain) + "\n")


def parse_day(text: str | None, flag: str = "--as-of") -> date:
    if text is None:
        return date.today()
    from .checks import Invalid, check_date

    try:
        return check_date(text)
    except Invalid as exc:
        raise IpcalcError(Problem(exc.message, source=flag)) from None


def write_lines(lines: list[str]) -> None:
    """Lines of text to stdout; on a terminal, each is cropped to its width (with …)."""
    if sys.stdout.isatty():
        import shutil

        from rich.cells import cell_len, set_cell_size

        width = shutil.get_terminal_size().columns
        lines = [line if cell_len(line) <= width else set_cell_size(line, width - 1) + "…" for line in lines]
    sys.stdout.write("".join(line + "\n" for line in lines))



def main() -> None:
    app()
