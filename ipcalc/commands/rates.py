"""`ipcalc rates`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from ..cli import LangOpt, PoliciesOpt, command, parse_day, write_lines
from ..i18n import set_language


class RatesFormat(str, Enum):
    text = "text"
    json = "json"


@command("rates", short_help="The reference rates (benchmark, LPR) and sources.")
def rates(
    *,
    on: Annotated[Optional[str], typer.Option("--on", help="Show the rates a loan issued on this date takes, YYYY-MM-DD.", metavar="DATE")] = None,
    format: Annotated[RatesFormat, typer.Option("--format", "-f", help="Output format.")] = RatesFormat.text,
    lang: LangOpt = None,
    policies: PoliciesOpt = None,
) -> None:
    """The bundled reference rates (PBoC benchmark, 1-year LPR history) with their sources."""
    from ..library import load_library, user_dirs
    from ..money import rate_percent as percent

    language = set_language(lang.value if lang else None)
    library = load_library(user_dirs(policies))
    r = library.rates
    day = parse_day(on, "--on") if on else None
    found = r.lpr_on(day) if day else None
    doc: dict[str, Any] = {
        "benchmark": {
            "in_force_from": r.benchmark_from.isoformat(),
            "source": r.benchmark_source,
            "tenors": [{"max_months": x.max_months, "rate": x.rate, "label": x.label(language)} for x in r.tenors],
        },
        "lpr_1y": {
            "verified_through": r.lpr_verified_through.isoformat(),
            "verified_source": r.lpr_verified_source,
            "values": [{"announced": v.announced.isoformat(), "rate": v.rate, "source": v.source} for v in r.lpr],
        },
    }
    if day is not None:
        doc["on"] = {
            "date": day.isoformat(),
            "lpr_1y": found.rate if found else None,
            "announced": found.announced.isoformat() if found and found.announced else None,
            "past_verified_data": bool(found and found.stale),
        }
    if format is RatesFormat.json:
        from ..render.jsonout import dumps

        sys.stdout.write(dumps(doc, indent=2) + "\n")
        return
    from ..render.policies import columns

    zh = language == "zh"
    lines = ["人民银行贷款基准利率" if zh else "PBoC benchmark lending rates", f"  {'起' if zh else 'in force since'} {r.benchmark_from} · {r.benchmark_source}", ""]
    lines += ["  " + row for row in columns([[x.label(language), percent(x.rate)] for x in r.tenors], right=(1,))]
    lines += ["", "一年期贷款市场报价利率(LPR)" if zh else "1-year Loan Prime Rate (LPR), by announcement"]
    rows = [["公布日" if zh else "announced", "利率" if zh else "rate", "来源" if zh else "source"]]
    rows += [[v.announced.isoformat(), percent(v.rate), v.source] for v in r.lpr]
    lines += ["  " + row for row in columns(rows, right=(1,))]
    verified = f"{r.lpr_verified_through}: {r.lpr_verified_source}"
    lines += ["", f"  {'核对至' if zh else 'unchanged fixings verified through'} {verified}"]
    if day is not None:
        if found is None:
            lines += ["", f"{day}: " + ("尚无一年期 LPR(首次公布于 2019-08-20)" if zh else "no 1-year LPR yet (the first was announced on 2019-08-20)")]
        else:
            note = (" (超出已核对数据)" if zh else " (past the verified data; --lpr overrides)") if found.stale else ""
            lines += ["", f"{day}: " + (f"一年期 LPR {percent(found.rate)},{found.announced} 公布" if zh else f"1-year LPR {percent(found.rate)}, announced {found.announced}") + note]
    write_lines(lines)
