"""CSV: one row per item (or, with --summary, one row per profile and policy), from the
estimate's items through `words`, like every other format.

Numbers are written from the Decimal's own digits; empty cells mean "none".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from ..i18n import Locale, keeps_codes, render, t, unit_of
from ..money import plain
from ..result import Estimate, PolicyResult
from . import words
from .json_document import in_unit

if TYPE_CHECKING:
    from .formats import Output

#: the first columns of every row: the profile, and the policy the row is about
ROW_HEAD = ["name", "region", "kind", "as_of", "unit", "policy", "policy_status"]
ITEM_COLUMNS = [
    *ROW_HEAD,
    "rule",
    "clause",
    "label",
    "fact",
    "for",
    "date",
    "basis",
    "uncapped",
    "cap",
    "amount",
    "status",
    "claimed",
    "note",
    "readings",
    "warnings",
    "error",
]
#: added at the end of each item row by --explain: the interpretation used, the clause's
#: text, and the arithmetic step by step (joined by " → ")
EXPLAIN_COLUMNS = ["interpretation", "text", "steps"]
#: status: ok, or error (a profile that could not be read: its message in `error`); low and
#: high: the policy's lowest and highest total over its readings
SUMMARY_COLUMNS = [*ROW_HEAD, "items", "payable", "total", "still_to_claim", "low", "high", "warnings", "status", "error"]


def heads(columns: list[str], lang: str) -> list[str]:
    """The header row: the columns' names in English (stable, for scripts; each `col_` entry's
    English is the column's name), their Chinese names in Chinese."""
    return [t(f"col_{c}", lang) for c in columns]


#: written first with --bom: a UTF-8 byte-order mark, by which Excel (on Chinese Windows
#: too) knows the file is UTF-8 and shows its Chinese text
BOM = "\ufeff"


#: what makes a spreadsheet read a cell as a formula (=HYPERLINK(...) in a client's name)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as a CSV cell: numbers from the Decimal's digits; text that a spreadsheet
    would run as a formula is defused with a leading apostrophe (OWASP's advice), which
    Excel and LibreOffice show as plain text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def readings_cell(result: PolicyResult, lang: str) -> str:
    """The readings an item was computed under: `pledge_fees=separate interest_rate=benchmark`
    in English; in Chinese, their labels."""
    if keeps_codes(lang):
        return " ".join(f"{q}={r}" for q, r in result.readings.items())
    return t("sep_semicolon", lang).join(words.policy_reading(result.policy, q, r).label(lang) for q, r in result.readings.items())


def warnings_cell(estimate: Estimate, policy: str, lang: str) -> str:
    """The estimate's warnings that concern a policy (or none in particular), in words."""
    found = [render(w, lang) for w in estimate.warnings if w.values.get("policy", policy) == policy]
    return t("sep_semicolon", lang).join(found)


def _word(code: str, lang: str) -> str:
    """A status or kind: its code in English (stable), its word in Chinese."""
    return code if keeps_codes(lang) else t(code, lang)


def _head(estimate: Estimate, lang: str) -> list[Any]:
    profile = estimate.profile
    unit = unit_of(lang)
    return [profile.name, profile.region, _word(profile.kind, lang), estimate.as_of.isoformat(), unit if keeps_codes(lang) else words.unit_word(lang)]


def _policy(result: PolicyResult, lang: str) -> str:
    return result.policy.id if keeps_codes(lang) else result.policy.short(lang)


def item_rows(estimate: Estimate, *, lang: str, explain: bool = False) -> Iterator[list[str]]:
    unit = unit_of(lang)
    head = _head(estimate, lang)
    as_of = estimate.as_of.isoformat()
    profile = estimate.profile
    for result in estimate.policies:
        readings = readings_cell(result, lang)
        policy = _policy(result, lang)
        status = _word(result.status, lang)
        warned = warnings_cell(estimate, result.policy.id, lang)
        for item in result.items:
            row = [
                *head,
                policy,
                status,
                item.rule,
                words.clause_cell(item.clause, lang),
                item.label(lang),
                words.fact(item),
                words.fact_words(item, profile, lang),
                item.date.isoformat() if item.date is not None else as_of,
                words.basis(item, lang, unit) if item.factors else "",
                in_unit(item.uncapped, unit),
                in_unit(item.cap, unit),
                in_unit(item.amount, unit),
                _word(item.status, lang),
                _yes(item.claimed, lang),
                words.note(item, lang),
                readings,
                warned,
                "",
            ]
            if explain:
                row += [words.interpretation(item, lang), " ".join(item.text), " → ".join(words.steps(item, lang))]
            yield [cell(v) for v in row]


def _span(result: PolicyResult) -> tuple[Decimal, Decimal]:
    span = result.range
    return (span.low, span.high) if span is not None else (result.total, result.total)


def _yes(value: bool, lang: str) -> str:
    """A yes or no column: `true`/`false` where a script reads codes (English), else words."""
    if keeps_codes(lang):
        return "true" if value else "false"
    return t("word_yes" if value else "word_no", lang)


def summary_rows(estimate: Estimate, *, lang: str) -> Iterator[list[str]]:
    unit = unit_of(lang)
    head = _head(estimate, lang)
    for result in estimate.policies:
        payable = sum(1 for i in result.items if i.amount > 0)  # a cap may leave nothing
        low, high = _span(result)
        values = [
            *head,
            _policy(result, lang),
            _word(result.status, lang),
            len(result.items),
            payable,
            in_unit(result.total, unit),
            in_unit(result.to_claim, unit),
            in_unit(low, unit),
            in_unit(high, unit),
            warnings_cell(estimate, result.policy.id, lang),
            t("row_ok", lang),
            "",
        ]
        yield [cell(v) for v in values]


class CsvWriter:
    """Writes the header once, then rows; `source` adds a first column for batches, `explain`
    the explanation columns to item rows."""

    def __init__(self, out: TextIO, *, lang: str = "en", unit: str = "yuan", summary: bool = False, with_source: bool = False, explain: bool = False):
        self.writer = csv.writer(out, lineterminator="\n")
        self.lang = Locale(lang, unit)
        self.unit = unit
        self.summary = summary
        self.with_source = with_source
        self.explain = explain and not summary
        self.columns = SUMMARY_COLUMNS if summary else ITEM_COLUMNS + (EXPLAIN_COLUMNS if self.explain else [])
        self.writer.writerow(heads((["source"] if with_source else []) + self.columns, self.lang))

    def write(self, estimate: Estimate, source: str | None = None) -> None:
        if self.summary:
            rows = summary_rows(estimate, lang=self.lang)
        else:
            rows = item_rows(estimate, lang=self.lang, explain=self.explain)
        prefix = [cell(source or "")] if self.with_source else []
        self.writer.writerows(prefix + row for row in rows)

    def error(self, source: str, message: str) -> None:
        """A failed profile: its source, `status` error and the message in `error`; every
        other cell empty."""
        columns = self.columns
        row = [""] * len(columns)
        row[columns.index("status")] = t("row_error", self.lang)
        row[columns.index("error")] = cell(message)
        self.writer.writerow(([cell(source)] if self.with_source else []) + row)


def preamble(warnings: list[str], output: Output, lang: str = "en") -> None:
    """Before a CSV document: its warnings on the error stream too (for the person at the
    terminal; the rows carry them in `warnings`), and the byte-order mark if asked for."""
    for warning in warnings:
        output.err.write(t("warning_prefix", lang) + warning + "\n")
    if output.bom:
        output.stream.write(BOM)


def write_estimate(result: Any, output: Output) -> None:
    """`ipcalc estimate --format csv`: the warnings on standard error, then one row per item."""
    estimate = result.estimate
    lang = Locale(result.lang, result.unit)
    preamble([render(w, lang) for w in estimate.warnings], output, lang)
    CsvWriter(output.stream, lang=result.lang, unit=result.unit, explain=result.explain).write(estimate)
