"""The client's workbook (`ipcalc report`, `ipcalc.report(...).save(path)`): what a consultant
hands the client, in the chosen language and unit.

Sheets: the summary (the client's facts, the conservative, expected and optimistic figures
per policy with their status and caveats, a chart of them), the items (each with its clause,
the fact it is for, basis, cap, amount, status, the reading used and whether it is claimed;
subtotals and totals as live SUM formulas), how to apply (office, procedure, window,
materials, fund, quoted from the text or "the text does not say"), the opportunities, and the
sources and contested readings (what each reading changes in this client's figure).

Written with XlsxWriter: made for writing .xlsx files (native charts, formulas with their
cached values, number formats), pure Python, no dependencies of its own; openpyxl reads and
rewrites workbooks, which a report does not need. It is imported here only, when a workbook
is written. Money stays exact: every amount is written as the Decimal's own digits
(`ExactSheet`), never through a float, and every formula carries its cached value, the
estimate's own figure, so that a reader that does not recalculate shows the same numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import Clause, Locale, render, t
from ..money import plain
from ..version import __version__
from . import words
from .json_document import in_unit

if TYPE_CHECKING:
    from .formats import Output

#: what a workbook shows: an `api.Report` (its estimate, request, found steps and figures)
Report = Any

#: number formats of amounts: yuan to the fen; wan to the fen too (six decimals at most)
NUMBER_FORMATS = {"yuan": "#,##0.00", "wan": "#,##0.00####"}
#: the font of a Chinese workbook (Office's default for Chinese); English keeps Excel's
FONTS = {"zh": "等线"}
#: column letters, for formulas
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


#: the entries of a section listed one by one among the client's facts; the rest are counted
FACT_ENTRIES = 50

#: the most a cell holds (UTF-16 units); XlsxWriter cuts a longer text there silently
CELL_MOST = 32767
CUT = "…"


def whole_cell(text: str) -> str:
    """A text a cell can hold: as it is, or, over CELL_MOST, cut at the last end of an entry
    or a word before the limit, and ended with "…" (never in the middle of a number)."""
    if len(text) <= CELL_MOST // 2 or len(text.encode("utf-16-le")) // 2 <= CELL_MOST:
        return text
    room = CELL_MOST - 2  # and the sign
    units = 0
    head = text
    for place, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > room:
            head = text[:place]
            break
    cut = max(head.rfind(mark) for mark in ("; ", ";", "\n", ", ", "，", " "))
    if cut > room - 4000:
        head = head[:cut]
    return head.rstrip(" ;,，") + " " + CUT


def _classes() -> tuple[Any, Any]:
    """XlsxWriter's workbook, with worksheets that write Decimals from their own digits."""
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    class ExactSheet(Worksheet):
        """A worksheet whose numbers (and formulas' cached values) that are Decimals are
        written as their digits (`<v>149.025</v>`), not through a float's 16 digits, and whose
        text too long for a cell is cut where a word or an entry ends, with a sign of it."""

        def _xml_number_element(self, number: Any, attributes: Any = ()) -> None:
            if not isinstance(number, Decimal):
                return super()._xml_number_element(number, list(attributes))
            attr = "".join(f' {key}="{self._escape_attributes(value)}"' for key, value in attributes)
            self.fh.write(f"<c{attr}><v>{plain(number)}</v></c>")

        def _xml_formula_element(self, formula: str, result: Any, attributes: Any = ()) -> None:
            if isinstance(result, Decimal):
                result = plain(result)
            return super()._xml_formula_element(formula, result, list(attributes))

        def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
            return super()._write_string(row, col, whole_cell(string), cell_format)

    class ExactWorkbook(xlsxwriter.Workbook):
        worksheet_class = ExactSheet

    return ExactWorkbook, ExactSheet


def formats(book: Any, lang: str, money: str) -> dict[str, Any]:
    """The cell formats of a workbook in a language (its font), amounts in `money`."""
    base: dict[str, Any] = {"valign": "top"}
    if lang in FONTS:
        base["font_name"] = FONTS[lang]
    return {
        "text": book.add_format({**base}),
        "wrap": book.add_format({**base, "text_wrap": True}),
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "heading": book.add_format({**base, "bold": True, "font_size": 12}),
        "head": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "money": book.add_format({**base, "num_format": money}),
        "percent": book.add_format({**base, "num_format": "0.00%"}),
        "money_bold": book.add_format({**base, "num_format": money, "bold": True, "top": 1}),
        "bold": book.add_format({**base, "bold": True, "top": 1}),
        "bold_text": book.add_format({**base, "bold": True, "text_wrap": True}),
        "dim": book.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True}),
        "strike": book.add_format({**base, "num_format": money, "font_strikeout": True, "font_color": "#7F7F7F"}),
        "capped": book.add_format({**base, "num_format": money, "font_color": "#9C5700", "bg_color": "#FFEB9C"}),
    }


class _Writer:
    """One workbook being written: its formats, and the report it shows."""

    def __init__(self, report: Report, target: Any):
        Workbook, _ = _classes()
        self.report = report
        self.estimate = report.estimate
        self.unit = report.unit
        self.lang = Locale(report.request.lang, report.unit)
        self.book = Workbook(target, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        day = self.estimate.as_of
        self.book.set_properties(
            {
                "title": t("report_title", self.lang, name=self.name, as_of=day.isoformat()),
                "author": "ipcalc",
                "comments": f"ipcalc {__version__}",
                "created": datetime.combine(day, time()),  # the same input gives the same file
            }
        )
        self.f = formats(self.book, self.lang, NUMBER_FORMATS[self.unit])

    @property
    def name(self) -> str:
        profile = self.estimate.profile
        return profile.name or self.region_name()  # never the region's id: a client reads it

    def amount(self, value: Decimal | None) -> Decimal | None:
        return in_unit(value, self.unit)

    def money(self, sheet: Any, row: int, col: int, value: Decimal | None, style: str = "money") -> None:
        shown = self.amount(value)
        if shown is None:
            sheet.write_blank(row, col, None, self.f["text"])
        else:
            sheet.write_number(row, col, shown, self.f[style])

    def formula(self, sheet: Any, row: int, col: int, formula: str, value: Decimal, style: str = "money_bold") -> None:
        """A live formula, with the estimate's own figure as its cached value."""
        sheet.write_formula(row, col, formula, self.f[style], self.amount(value))

    def header(self, sheet: Any, row: int, heads: list[str], widths: list[int] | None = None) -> None:
        """A row of column heads, setting the columns' widths where given."""
        for col, head in enumerate(heads):
            sheet.write_string(row, col, head, self.f["head"])
            if widths is not None:
                sheet.set_column(col, col, widths[col])

    def heading(self, sheet: Any, row: int, code: str, **values: Any) -> int:
        """A section's heading at `row`; the row after it."""
        sheet.write_string(row, 0, t(code, self.lang, **values), self.f["heading"])
        return row + 1

    def text_rows(self, sheet: Any, row: int, lines: Iterable[str]) -> int:
        """One line of text a row from `row`; the row after the last."""
        for line in lines:
            sheet.write_string(row, 0, line, self.f["text"])
            row += 1
        return row

    def money_head(self, code: str) -> str:
        """A column of amounts: its name and the unit (金额(万元))."""
        return t("report_in_unit", self.lang, head=t(code, self.lang), unit=words.unit_word(self.lang))

    def write(self) -> None:
        lang = self.lang
        self.summary(self.book.add_worksheet(t("report_sheet_summary", lang)))
        self.items(self.book.add_worksheet(t("report_sheet_items", lang)))
        self.apply(self.book.add_worksheet(t("report_sheet_apply", lang)))
        self.opportunities(self.book.add_worksheet(t("report_sheet_opportunities", lang)))
        self.sources(self.book.add_worksheet(t("report_sheet_sources", lang)))
        self.book.close()

    # -------------------------------------------------------------- summary

    def fact_lines(self) -> list[str]:
        """The client's facts in a few lines: who, then one line a section of entries, then
        the profile's own facts that are given."""
        lang = self.lang
        profile = self.estimate.profile
        schema = profile.schema
        lines = [t("report_applicant", lang, kind=render(words.kind_words(profile), lang), region=self.region_name())]
        for section, info in schema.sections.items():
            entries = profile.facts.get(section) or []
            if entries:
                said = [words.entry_words(profile, section, n, lang) for n in range(min(len(entries), FACT_ENTRIES))]
                if len(entries) > FACT_ENTRIES:  # each is on the Items sheet with what it earns
                    said.append(t("report_more_entries", lang, n=len(entries) - FACT_ENTRIES))
                lines.append(t("report_section", lang, noun=info.label, n=len(entries), entries=t("sep_semicolon", lang).join(said)))
        for name, fdef in schema.scalars.items():
            if name in ("name", "region", "kind", "as_of"):
                continue
            value = profile.values.get(name)
            if value is None or value is False or value == 0 or value == fdef.default:
                continue
            lines.append(words.field_words(profile, name, lang))
        if len(lines) == 1:
            lines.append(t("report_no_facts", lang))
        return lines

    def region_name(self) -> str:
        """The profile's region in words: the jurisdiction of a policy that covers it."""
        region = self.estimate.profile.region
        for result in self.estimate.policies:
            if region in result.policy.regions:
                return result.policy.jurisdiction(self.lang)
        return region

    def caveats(self, policy_id: str | None) -> list[str]:
        """The warnings about one policy (None: those about none in particular)."""
        return [render(w, self.lang) for w in self.estimate.warnings if w.values.get("policy") == policy_id]

    def policy_lines(self, result: Any) -> list[str]:
        """What to know of one policy, a line each: when it ends, the fund it pays from, and
        each warning about it (a draft, a notice, a loan past its end)."""
        lang = self.lang
        policy = result.policy
        name = policy.short(lang)
        lines = []
        ends = words.end_words(policy, self.estimate.as_of, lang)
        if ends:
            lines.append(t("report_line", lang, name=name, text=ends))
        fund = policy.apply.fund
        if fund is not None:
            said = t("report_with_clause", lang, text=fund.text(lang), clause=Clause(fund.clause)) if fund.clause else fund.text(lang)
            lines.append(t("report_fund_line", lang, name=name, text=said))
        return lines + self.caveats(policy.id)

    def summary(self, sheet: Any) -> None:
        lang, f = self.lang, self.f
        sheet.set_column(0, 0, 18)
        sheet.write_string(0, 0, t("report_title", lang, name=self.name, as_of=self.estimate.as_of.isoformat()), f["title"])
        sheet.write_string(1, 0, t("report_unit", lang, unit=words.unit_word(lang)), f["dim"])
        row = self.heading(sheet, 3, "report_facts")
        row = self.text_rows(sheet, row, self.fact_lines())
        row = self.heading(sheet, row + 1, "report_figures")
        heads = [
            t("report_policy", lang),
            t("status", lang),
            self.money_head("report_conservative"),
            self.money_head("report_expected"),
            self.money_head("report_optimistic"),
            self.money_head("still_to_claim"),
            t("report_ends", lang),
        ]
        self.header(sheet, row, heads, [18, 12, 14, 14, 14, 14, 40])
        first = row + 1
        results = self.estimate.policies
        for n, result in enumerate(results):
            r = first + n
            span = result.range
            low, high = (span.low, span.high) if span is not None else (result.total, result.total)
            sheet.write_string(r, 0, result.policy.short(lang), f["text"])
            sheet.write_string(r, 1, t(result.status, lang), f["text"])
            self.money(sheet, r, 2, low)
            self.money(sheet, r, 3, result.total)
            self.money(sheet, r, 4, high)
            self.money(sheet, r, 5, result.to_claim)
            sheet.write_string(r, 6, words.end_words(result.policy, self.estimate.as_of, lang) or t("report_no_end", lang), f["wrap"])
        last = first + len(results) - 1
        total_row = last + 1
        sheet.write_string(total_row, 0, t("total", lang), f["bold"])
        sheet.write_blank(total_row, 1, None, f["bold"])
        span = self.estimate.range
        low, high = (span.low, span.high) if span is not None else (self.estimate.total, self.estimate.total)
        figures = [low, self.estimate.total, high, self.estimate.still_to_claim]
        for col, value in zip(range(2, 6), figures):
            letter = LETTERS[col]
            self.formula(sheet, total_row, col, f"=SUM({letter}{first + 1}:{letter}{last + 1})" if results else "=0", value)
        sheet.write_blank(total_row, 6, None, f["bold"])
        row = total_row + 1
        sheet.write_string(row, 0, t("report_figures_explained", lang, sheet=t("report_sheet_sources", lang)), f["dim"])
        for result in results:
            lines = self.policy_lines(result)
            if lines:
                row = self.text_rows(sheet, self.heading(sheet, row + 2, "report_policy_notes", name=result.policy.short(lang)), lines) - 1
        general = self.caveats(None)
        if general:
            row = self.text_rows(sheet, self.heading(sheet, row + 2, "report_general_caveats"), general) - 1
        if results:
            self.chart(sheet, first, last, row + 2)

    def chart(self, sheet: Any, first: int, last: int, row: int) -> None:
        """A native column chart: the three figures of each policy."""
        lang = self.lang
        chart = self.book.add_chart({"type": "column"})
        name = sheet.get_name()
        colours = ("#A9D18E", "#5B9BD5", "#F4B183")
        for col, colour in zip((2, 3, 4), colours):
            chart.add_series(
                {
                    "name": [name, first - 1, col],
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, col, last, col],
                    "fill": {"color": colour},
                }
            )
        chart.set_title({"name": t("report_chart_title", lang)})
        chart.set_y_axis({"name": t("report_chart_axis", lang, unit=words.unit_word(lang)), "num_format": NUMBER_FORMATS[self.unit]})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 360})
        sheet.insert_chart(row, 0, chart)

    # -------------------------------------------------------------- items

    ITEM_COLUMNS = (
        "report_policy",
        "clause",
        "item",
        "col_for",
        "basis",
        "uncapped",
        "cap",
        "amount",
        "status",
        "report_paid_to",
        "report_reading_used",
        "claimed",
        "note",
    )
    ITEM_WIDTHS = (12, 8, 28, 40, 36, 13, 13, 13, 12, 16, 28, 8, 60)
    AMOUNT = 7
    PAID_TO = 9
    CLAIMED = 11

    def reading_used(self, result: Any, item: Any) -> str:
        """The readings of the questions that may change the item's rule, by their labels."""
        lang = self.lang
        policy = result.policy
        labels = [
            words.policy_reading(policy, question.id, result.readings[question.id]).label(lang)
            for question in policy.questions
            if item.rule in policy.question_scope.get(question.id, ()) and question.id in result.readings
        ]
        return t("sep_semicolon", lang).join(labels) or t("report_no_reading", lang)

    def items(self, sheet: Any) -> None:
        lang, f = self.lang, self.f
        profile = self.estimate.profile
        heads = [self.money_head(c) if n in (5, 6, 7) else t(c, lang) for n, c in enumerate(self.ITEM_COLUMNS)]
        self.header(sheet, 0, heads, list(self.ITEM_WIDTHS))
        sheet.freeze_panes(1, 3)
        row = 1
        subtotals: list[tuple[int, int]] = []  # the rows of each policy's subtotal and still-to-claim
        yes, no = t("word_yes", lang), t("word_no", lang)
        client = t("report_paid_to_client", lang)  # an item paid to someone else (a bank) is not the client's: not in the totals
        amount_col, claimed_col, paid_col = LETTERS[self.AMOUNT], LETTERS[self.CLAIMED], LETTERS[self.PAID_TO]
        for result in self.estimate.policies:
            first = row
            name = result.policy.short(lang)
            for item in result.items:
                cash = item.status != "qualitative"
                sheet.write_string(row, 0, name, f["text"])
                sheet.write_string(row, 1, words.clause_cell(item.clause, lang), f["text"])
                sheet.write_string(row, 2, item.label(lang), f["wrap"])
                sheet.write_string(row, 3, words.fact_words(item, profile, lang) if cash else "", f["wrap"])
                sheet.write_string(row, 4, words.basis(item, lang, self.unit) if cash and item.factors else "", f["wrap"])
                self.money(sheet, row, 5, item.uncapped)
                self.money(sheet, row, 6, item.cap)
                style = {"superseded": "strike", "capped": "capped"}.get(item.status, "money")
                self.money(sheet, row, 7, item.amount if cash else None, style)
                sheet.write_string(row, 8, t(item.status, lang), f["text"])
                sheet.write_string(row, 9, (item.payee(lang) if item.payee is not None else client) if cash else "", f["text"])
                sheet.write_string(row, 10, self.reading_used(result, item) if cash else "", f["wrap"])
                sheet.write_string(row, 11, (yes if item.claimed else no) if cash else "", f["text"])
                sheet.write_string(row, 12, words.note(item, lang), f["wrap"])
                row += 1
            last = row - 1
            sheet.write_string(row, 2, t("report_subtotal", lang, name=name), f["bold"])
            for col in range(3, len(self.ITEM_COLUMNS)):
                if col != self.AMOUNT:
                    sheet.write_blank(row, col, None, f["bold"])
            span = f"{amount_col}{first + 1}:{amount_col}{last + 1}" if result.items else None
            paid = f"{paid_col}{first + 1}:{paid_col}{last + 1}"
            subtotal = f'=SUMIF({paid},"{client}",{span})' if span else "=0"
            self.formula(sheet, row, self.AMOUNT, subtotal, result.total)
            to_claim = f'=SUMIFS({span},{paid},"{client}",{claimed_col}{first + 1}:{claimed_col}{last + 1},"{no}")' if span else "=0"
            sheet.write_string(row + 1, 2, t("report_to_claim", lang, name=name), f["text"])
            self.formula(sheet, row + 1, self.AMOUNT, to_claim, result.to_claim, "money")
            subtotals.append((row, row + 1))
            row += 3
        sheet.write_string(row, 2, t("report_total_all", lang), f["bold"])
        for col in range(3, len(self.ITEM_COLUMNS)):
            if col != self.AMOUNT:
                sheet.write_blank(row, col, None, f["bold"])
        cells = ",".join(f"{amount_col}{s + 1}" for s, _ in subtotals)
        self.formula(sheet, row, self.AMOUNT, f"=SUM({cells})" if cells else "=0", self.estimate.total)
        sheet.write_string(row + 1, 2, t("report_to_claim_all", lang), f["text"])
        cells = ",".join(f"{amount_col}{c + 1}" for _, c in subtotals)
        self.formula(sheet, row + 1, self.AMOUNT, f"=SUM({cells})" if cells else "=0", self.estimate.still_to_claim, "money")
        sheet.autofilter(0, 0, max(row - 2, 1), len(self.ITEM_COLUMNS) - 1)

    # -------------------------------------------------------------- how to apply

    def apply(self, sheet: Any) -> None:
        lang, f = self.lang, self.f
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 2, 10)
        sheet.set_column(3, 6, 40)
        row = 0
        for result in self.estimate.policies:
            policy = result.policy
            name = policy.short(lang)
            row = self.heading(sheet, row, "report_apply_heading", name=name)
            self.header(sheet, row, [t("report_part", lang), t("report_said", lang), t("clause", lang), t("report_quote", lang)], [14, 60, 10, 40])
            row += 1
            for part, said in policy.apply.parts():
                sheet.write_string(row, 0, t(f"apply_{part}", lang), f["text"])
                if said is None:
                    sheet.write_string(row, 1, t("apply_not_said", lang), f["dim"])
                else:
                    sheet.write_string(row, 1, said.text(lang), f["wrap"])
                    sheet.write_string(row, 2, Clause(said.clause).render(lang) if said.clause else "", f["text"])
                    sheet.write_string(row, 3, said.quote, f["wrap"])
                row += 1
            paid: list[Any] = []
            for item in result.items:
                if item.status in ("eligible", "capped") and item.rule not in [r.id for r in paid]:
                    rule = policy.rule(item.rule)
                    if rule is not None:
                        paid.append(rule)
            row += 1
            if paid:
                row = self.heading(sheet, row, "report_apply_items", name=name)
                parts = ("office", "window", "procedure", "materials")
                heads = [t("clause", lang), t("item", lang)] + [t(f"apply_{p}", lang) for p in parts]
                self.header(sheet, row, heads)
                row += 1
                for rule in paid:
                    guidance = policy.apply.with_rule(rule.apply)
                    sheet.write_string(row, 0, words.clause_cell(rule.clause, lang), f["text"])
                    sheet.write_string(row, 1, rule.label(lang), f["wrap"])
                    for col, part in enumerate(parts, 2):
                        said = getattr(guidance, part)
                        if said is None:
                            sheet.write_string(row, col, t("apply_not_said", lang), f["dim"])
                        else:
                            text = t("report_with_clause", lang, text=said.text(lang), clause=Clause(said.clause)) if said.clause else said.text(lang)
                            sheet.write_string(row, col, text, f["wrap"])
                    row += 1
                row += 1
            row += 1

    # -------------------------------------------------------------- opportunities

    def opportunities(self, sheet: Any) -> None:
        """The steps shown (`complete`, `next`, `conditional`), by kind and rank: gain, for a
        business decision the share of its cost that comes back and the most it pays, what
        each needs, its notes and its alternatives."""
        from ..i18n import render
        from .opportunities import needs

        lang, f = self.lang, self.f
        found = self.report.found
        profile = self.estimate.profile
        vocab = self.report.library.vocabulary
        row = self.heading(sheet, 0, "report_opportunities_heading")
        names = {r.policy.id: r.policy.short(lang) for r in self.estimate.policies}
        for near in found.closing:
            text = t("opp_closing", lang, name=names.get(near.policy, near.policy), until=near.until, days=near.days, lead=near.lead_days)
            sheet.write_string(row, 0, text, f["text"])
            row += 1
        heads = [
            t("report_step", lang),
            t("opp_kind", lang),
            self.money_head("opp_gain"),
            self.money_head("opp_cost"),
            t("opp_share", lang),
            self.money_head("opp_most_col"),
            t("report_policy", lang),
            t("clause", lang),
            t("item", lang),
            t("opp_needs", lang),
        ]
        self.header(sheet, row, heads, [6, 14, 13, 13, 10, 13, 12, 8, 30, 80])
        row += 1
        shown = found.shown(False)
        for n, step in enumerate(shown, 1):
            sheet.write_number(row, 0, n, f["text"])
            sheet.write_string(row, 1, t(f"kind_word_{step.kind}", lang), f["text"])
            self.money(sheet, row, 2, step.gain)
            self.money(sheet, row, 3, step.cost)
            if step.share is not None:
                sheet.write_number(row, 4, step.share, f["percent"])
            else:
                sheet.write_blank(row, 4, None, f["text"])
            self.money(sheet, row, 5, step.most)
            sheet.write_string(row, 6, names.get(step.policy, step.policy), f["text"])
            sheet.write_string(row, 7, words.clause_cell(step.clause, lang), f["text"])
            sheet.write_string(row, 8, step.label(lang), f["wrap"])
            said = [needs(step, profile, vocab, lang)] + [render(note, lang) for note in step.notes]
            said += [
                t("opp_alternative", lang, what=needs(a, profile, vocab, lang), gain="+" + words.money_text(a.gain, self.unit))
                for a in step.alternatives
            ]
            sheet.write_string(row, 9, "\n".join(said), f["wrap"])
            row += 1
        if not shown:
            sheet.write_string(row, 0, t("opp_none", lang), f["dim"])
            row += 1
        left = found.left_out(False)
        if left:
            sheet.write_string(row, 0, t("opp_more_with_all", lang, n=left), f["dim"])
            row += 1
        if found.support:
            row = self.heading(sheet, row + 1, "report_support_heading")
            for step in found.support:
                sheet.write_string(row, 6, names.get(step.policy, step.policy), f["text"])
                sheet.write_string(row, 7, words.clause_cell(step.clause, lang), f["text"])
                sheet.write_string(row, 8, step.label(lang), f["wrap"])
                sheet.write_string(row, 9, needs(step, profile, vocab, lang), f["wrap"])
                row += 1

    # -------------------------------------------------------------- sources and readings

    def sources(self, sheet: Any) -> None:
        lang, f = self.lang, self.f
        self.heading(sheet, 0, "report_sources_heading")
        heads = [
            t("report_policy", lang),
            t("report_title_col", lang),
            t("document", lang),
            t("report_issuer", lang),
            t("report_jurisdiction", lang),
            t("report_published", lang),
            t("report_valid", lang),
            t("status", lang),
        ]
        self.header(sheet, 1, heads, [12, 50, 22, 24, 24, 12, 24, 12])
        row = 2
        for result in self.estimate.policies:
            p = result.policy
            valid = " – ".join(d.isoformat() for d in (p.valid_from, p.valid_until) if d) or "—"
            cells = [
                p.short(lang),
                p.title(lang),
                p.document or "—",
                p.issuer(lang) if p.issuer else "—",
                p.jurisdiction(lang),
                p.published.isoformat() if p.published else "—",
                valid,
                t(result.status, lang),
            ]
            for col, value in enumerate(cells):
                sheet.write_string(row, col, value, f["wrap"])
            row += 1
        row = self.heading(sheet, row + 1, "report_questions_heading")
        heads = [
            t("report_policy", lang),
            t("report_question", lang),
            t("report_reading", lang),
            t("report_in_force", lang),
            t("report_why", lang),
            self.money_head("report_figure"),
            self.money_head("report_change"),
            t("report_practice", lang),
        ]
        self.header(sheet, row, heads)
        row += 1
        figures = self.report.figures
        asked = False
        for result in self.estimate.policies:
            p = result.policy
            for question in p.questions:
                asked = True
                practice = words.likely_words(question, lang)
                for reading in question.readings:
                    figure = figures.get((p.id, question.id, reading.id), result.total)
                    sheet.write_string(row, 0, p.short(lang), f["text"])
                    sheet.write_string(row, 1, question.label(lang), f["wrap"])
                    sheet.write_string(row, 2, reading.label(lang), f["wrap"])
                    sheet.write_string(row, 3, t("report_yes", lang) if result.readings.get(question.id) == reading.id else "", f["text"])
                    sheet.write_string(row, 4, reading.rationale(lang), f["wrap"])
                    self.money(sheet, row, 5, figure)
                    self.money(sheet, row, 6, figure - result.total)
                    sheet.write_string(row, 7, practice, f["wrap"])
                    row += 1
            span = result.range
            if p.questions and span is not None:
                for end, readings, figure in (
                    ("report_conservative", span.low_readings, span.low),
                    ("report_optimistic", span.high_readings, span.high),
                ):
                    labels = [words.policy_reading(p, q, r).label(lang) for q, r in readings.items() if result.readings.get(q) != r]
                    sheet.write_string(row, 0, p.short(lang), f["bold_text"])
                    sheet.write_string(row, 1, t("report_combination", lang, end=t(end, lang)), f["bold_text"])
                    said = t("sep_semicolon", lang).join(labels) if labels else t("report_as_in_force", lang)
                    sheet.write_string(row, 2, said, f["wrap"])
                    sheet.write_blank(row, 3, None, f["text"])
                    sheet.write_blank(row, 4, None, f["text"])
                    self.money(sheet, row, 5, figure)
                    self.money(sheet, row, 6, figure - result.total)
                    sheet.write_blank(row, 7, None, f["text"])
                    row += 1
        if not asked:
            sheet.write_string(row, 0, t("report_no_questions", lang), f["dim"])


def workbook_bytes(report: Report) -> bytes:
    """The workbook of a report, as the bytes of an .xlsx file."""
    target = io.BytesIO()
    _Writer(report, target).write()
    return target.getvalue()


def save(report: Report, path: str) -> None:
    """Write the workbook to `path` whole (see `inputs.write_whole`), so that an interrupted
    run never leaves half a workbook (or spoils an older one)."""
    from ..inputs import write_whole

    write_whole(path, workbook_bytes(report))


def write_report(report: Report, output: Output) -> None:
    """`ipcalc report -o PATH`: the workbook to the path (`-`: standard output)."""
    if output.path in (None, "-"):
        binary: Any = getattr(output.stream, "buffer", output.stream)
        binary.write(workbook_bytes(report))
        binary.flush()
        return
    save(report, output.path)
