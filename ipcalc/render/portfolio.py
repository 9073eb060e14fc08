"""The workbook of a consultant's whole client list (`ipcalc report` given many profiles):
a Clients sheet, one row per client (who, its conservative, expected and optimistic figures,
what it still has to claim, its best next step, the nearest end of a policy, its warnings),
listed by what it still has to claim; the Items and Steps sheets, a row per item and per
step with the client's name, each with filters.

`client_record` says one client in words (in a worker process of the batch); the
`PortfolioBook` writes the rows as they come, streamed (XlsxWriter's constant-memory mode:
each row goes to disk once written), and the Clients sheet at the end, when every client
is known. Amounts are exact: written from the Decimal's digits, as in a client's workbook.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, BinaryIO

from ..i18n import Clause, Locale, render, t
from . import words
from .json_document import in_unit

#: the columns of the Items and Steps sheets (money columns by position)
ITEM_COLUMNS = ("portfolio_client", "report_policy", "clause", "item", "col_for", "basis", "uncapped", "cap", "amount", "status", "claimed", "note")
ITEM_MONEY = (6, 7, 8)
STEP_COLUMNS = ("portfolio_client", "opp_kind", "opp_gain", "opp_cost", "opp_share", "opp_most_col", "report_policy", "clause", "item", "opp_needs")
STEP_MONEY = (2, 3, 5)
CLIENT_COLUMNS = (
    "portfolio_client",
    "report_region",
    "col_kind",
    "report_conservative",
    "report_expected",
    "report_optimistic",
    "still_to_claim",
    "portfolio_best_step",
    "portfolio_best_gain",
    "portfolio_nearest_end",
    "portfolio_days_left",
    "col_warnings",
    "col_error",
)
CLIENT_MONEY = (3, 4, 5, 6, 8)


def client_label(source: str, lang: str) -> str:
    """A client without a name, by where it comes from: "acme.toml", "clients.toml, profile
    3", "line 17 of the list" (never a folder's path)."""
    found = re.fullmatch(r"<stdin>:(\d+)", source)
    if found:
        return t("portfolio_line", lang, n=int(found.group(1)))
    file, _, rest = source.partition("#profiles[")
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    if rest:
        return t("portfolio_profile", lang, file=name, n=int(rest.rstrip("]")) + 1)
    return name


def client_record(found: Any, source: str, *, lang: str, unit: str) -> dict[str, Any]:
    """One client's rows, in words: its line of the Clients sheet, its items, its steps."""
    from .opportunities import needs

    lang = Locale(lang, unit)
    estimate = found.estimate
    profile = estimate.profile
    vocab = profile.vocabulary
    client = profile.name or client_label(source, lang)
    span = estimate.range
    low, high = (span.low, span.high) if span is not None else (estimate.total, estimate.total)
    names = {r.policy.id: r.policy.short(lang) for r in estimate.policies}
    items = []
    for result in estimate.policies:
        for item in result.items:
            cash = item.status != "qualitative"
            items.append(
                [
                    client,
                    result.policy.short(lang),
                    words.clause_cell(item.clause, lang),
                    item.label(lang),
                    words.fact_words(item, profile, lang) if cash else "",
                    words.basis(item, lang, unit) if cash and item.factors else "",
                    in_unit(item.uncapped, unit),
                    in_unit(item.cap, unit),
                    in_unit(item.amount, unit) if cash else None,
                    t(item.status, lang),
                    (t("word_yes", lang) if item.claimed else t("word_no", lang)) if cash else "",
                    words.note(item, lang),
                ]
            )
    steps = []
    for step in found.shown(False):
        said = [needs(step, profile, vocab, lang)] + [render(n, lang) for n in step.notes]
        steps.append(
            [
                client,
                t(f"kind_word_{step.kind}", lang),
                in_unit(step.gain, unit),
                in_unit(step.cost, unit),
                step.share,
                in_unit(step.most, unit),
                names.get(step.policy, step.policy),
                words.clause_cell(step.clause, lang),
                step.label(lang),
                "\n".join(said),
            ]
        )
    best = next((s for s in found.shown(False) if s.kind in ("complete", "next")), None)
    ends = [
        (r.policy.valid_until, r.policy) for r in estimate.policies if r.policy.valid_until is not None and r.policy.valid_until >= estimate.as_of
    ]
    nearest = min(ends, key=lambda pair: pair[0])[1] if ends else None
    return {
        "client": client,
        "as_of": estimate.as_of.isoformat(),
        "row": [
            client,
            _region(estimate, lang),
            render(words.kind_words(profile), lang),
            in_unit(low, unit),
            in_unit(estimate.total, unit),
            in_unit(high, unit),
            in_unit(estimate.still_to_claim, unit),
            f"{best.label(lang)} {t('step_where', lang, policy=names.get(best.policy, best.policy), clause=Clause(best.clause))}"
            if best is not None
            else "",
            in_unit(best.gain, unit) if best is not None else None,
            t("report_line", lang, name=nearest.short(lang), text=words.end_words(nearest, estimate.as_of, lang)) if nearest is not None else "",
            (nearest.valid_until - estimate.as_of).days if nearest is not None else None,
            "\n".join(render(w, lang) for w in estimate.warnings),
            "",
        ],
        "items": items,
        "steps": steps,
    }


def _region(estimate: Any, lang: str) -> str:
    region = estimate.profile.region
    for result in estimate.policies:
        if region in result.policy.regions:
            return result.policy.jurisdiction(lang)
    return region


class PortfolioBook:
    """The workbook of a client list, written as the clients come: `add` each client's
    record (or error record), then `close`."""

    def __init__(self, target: BinaryIO, *, lang: str, unit: str, tmpdir: str | None = None):
        from .workbook_writer import NUMBER_FORMATS, _classes, formats

        Workbook, _ = _classes()
        self.lang = Locale(lang, unit)
        self.unit = unit
        options: dict[str, Any] = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        if tmpdir:
            options["tmpdir"] = tmpdir
        self.book = Workbook(target, options)
        self.f = formats(self.book, self.lang, NUMBER_FORMATS[unit])
        lang = self.lang
        # Sheets in the order a reader opens them; the clients are written last, when all are known.
        self.clients_sheet = self.book.add_worksheet(t("portfolio_sheet_clients", lang))
        self.items_sheet = self.book.add_worksheet(t("report_sheet_items", lang))
        self.steps_sheet = self.book.add_worksheet(t("portfolio_sheet_steps", lang))
        self._head(self.items_sheet, ITEM_COLUMNS, ITEM_MONEY, (22, 12, 8, 28, 40, 36, 13, 13, 13, 12, 8, 60))
        self._head(self.steps_sheet, STEP_COLUMNS, STEP_MONEY, (22, 12, 13, 13, 10, 13, 12, 8, 30, 80))
        self.item_row = self.step_row = 1
        self.clients: list[list[Any]] = []  # one short row per client: the list's order is known only at the end
        self.as_of: date | None = None

    def _head(self, sheet: Any, columns: tuple[str, ...], money: tuple[int, ...], widths: tuple[int, ...]) -> None:
        lang = self.lang
        for col, (code, width) in enumerate(zip(columns, widths)):
            head = t(code, lang)
            if col in money:
                head = t("report_in_unit", lang, head=head, unit=words.unit_word(lang))
            sheet.write_string(0, col, head, self.f["head"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 1)

    def _row(self, sheet: Any, row: int, cells: list[Any], money: tuple[int, ...]) -> None:
        f = self.f
        for col, value in enumerate(cells):
            if value is None or value == "":
                sheet.write_blank(row, col, None, f["text"])
            elif col in money:
                sheet.write_number(row, col, Decimal(value), f["money"])
            elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                sheet.write_number(row, col, value, f["percent"] if isinstance(value, Decimal) else f["text"])
            else:
                sheet.write_string(row, col, str(value), f["wrap"])

    def add(self, record: dict[str, Any]) -> None:
        """One client: its items and steps written now, its row kept for the Clients sheet."""
        if "error" in record:
            row: list[Any] = [client_label(record["source"], self.lang)] + [None] * (len(CLIENT_COLUMNS) - 2) + [record["error"]]
            self.clients.append(row)
            return
        for cells in record["items"]:
            self._row(self.items_sheet, self.item_row, cells, ITEM_MONEY)
            self.item_row += 1
        for cells in record["steps"]:
            self._row(self.steps_sheet, self.step_row, cells, STEP_MONEY)
            self.step_row += 1
        self.clients.append(record["row"])
        day = date.fromisoformat(record["as_of"])
        self.as_of = day if self.as_of is None or day > self.as_of else self.as_of

    def close(self) -> None:
        """The Clients sheet, by what each still has to claim (the largest first; a client
        that failed last), with the totals as live formulas; then the file."""
        from datetime import datetime, time

        lang, f, sheet = self.lang, self.f, self.clients_sheet
        self._head(sheet, CLIENT_COLUMNS, CLIENT_MONEY, (24, 18, 10, 14, 14, 14, 14, 40, 14, 34, 10, 60, 40))
        ordered = sorted(self.clients, key=lambda r: (r[6] is None, -Decimal(r[6] if r[6] is not None else 0)))
        for index, cells in enumerate(ordered, 1):
            self._row(sheet, index, cells, CLIENT_MONEY)
        total = len(ordered) + 1
        sheet.write_string(total, 0, t("total", lang), f["bold"])
        for col in range(1, len(CLIENT_COLUMNS)):
            if col in CLIENT_MONEY[:4]:
                letter = chr(ord("A") + col)
                value = sum((Decimal(r[col]) for r in ordered if r[col] is not None), Decimal(0))
                formula = f"=SUM({letter}2:{letter}{total})" if ordered else "=0"
                sheet.write_formula(total, col, formula, f["money_bold"], value)
            else:
                sheet.write_blank(total, col, None, f["bold"])
        sheet.autofilter(0, 0, max(len(ordered), 1), len(CLIENT_COLUMNS) - 1)
        self.items_sheet.autofilter(0, 0, max(self.item_row - 1, 1), len(ITEM_COLUMNS) - 1)
        self.steps_sheet.autofilter(0, 0, max(self.step_row - 1, 1), len(STEP_COLUMNS) - 1)
        day = self.as_of or date(2000, 1, 1)
        self.book.set_properties(
            {"title": t("portfolio_title", lang, as_of=day.isoformat()), "author": "ipcalc", "created": datetime.combine(day, time())}
        )
        self.book.close()

    @property
    def count(self) -> int:
        return len(self.clients)
