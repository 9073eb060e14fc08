"""CSV: one row per item (or, with --summary, one row per profile and policy).

Numbers are written from the Decimal's own digits; empty cells mean "none".
"""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any, Iterable, Iterator, TextIO

from ..money import plain

ITEM_COLUMNS = [
    "name",
    "region",
    "kind",
    "as_of",
    "unit",
    "policy",
    "policy_status",
    "rule",
    "clause",
    "label",
    "fact",
    "date",
    "basis",
    "uncapped",
    "cap",
    "amount",
    "status",
    "note",
    "readings",
    "error",
]
#: added at the end of each item row by --explain: the interpretation used, the clause's
#: text, and the arithmetic step by step (joined by " → ")
EXPLAIN_COLUMNS = ["interpretation", "text", "steps"]
#: status: ok, or error (a profile that could not be read: its message in `error`); low and
#: high: the policy's lowest and highest total over its readings
SUMMARY_COLUMNS = ["name", "region", "kind", "as_of", "unit", "policy", "policy_status", "items", "payable", "total", "low", "high", "status", "error"]


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


def readings_cell(readings: dict[str, str]) -> str:
    """The readings an item was computed under: `pledge_fees=separate interest_rate=benchmark`."""
    return " ".join(f"{q}={r}" for q, r in readings.items())


def item_rows(doc: dict[str, Any], explain: bool = False) -> Iterator[list[str]]:
    profile = doc["profile"]
    head = [profile["name"], profile["region"], profile["kind"], doc["as_of"], doc.get("unit", "yuan")]
    for policy in doc["policies"]:
        readings = readings_cell(policy["readings"])
        for item in policy["items"]:
            yield [
                cell(v)
                for v in [
                    *head,
                    policy["id"],
                    policy["status"],
                    item["rule"],
                    item["clause"],
                    item["label"],
                    item["fact"],
                    item["date"],
                    item["basis"],
                    item["uncapped"],
                    item["cap"],
                    item["amount"],
                    item["status"],
                    item["note"],
                    readings,
                    "",
                    *((item["interpretation"], " ".join(item["text"]), " → ".join(item["steps"])) if explain else ()),
                ]
            ]


def summary_rows(doc: dict[str, Any]) -> Iterator[list[str]]:
    profile = doc["profile"]
    head = [profile["name"], profile["region"], profile["kind"], doc["as_of"], doc.get("unit", "yuan")]
    for policy in doc["policies"]:
        payable = sum(1 for i in policy["items"] if i["amount"] > 0)  # a cap may leave nothing
        span = policy["range"]
        yield [cell(v) for v in [*head, policy["id"], policy["status"], len(policy["items"]), payable, policy["total"], span["low"], span["high"], "ok", ""]]


class CsvWriter:
    """Writes the header once, then rows; `source` adds a first column for batches, `explain`
    the explanation columns to item rows (from documents made with `explain`)."""

    def __init__(self, out: TextIO, *, summary: bool = False, with_source: bool = False, explain: bool = False):
        self.writer = csv.writer(out, lineterminator="\n")
        self.summary = summary
        self.with_source = with_source
        self.explain = explain and not summary
        self.columns = SUMMARY_COLUMNS if summary else ITEM_COLUMNS + (EXPLAIN_COLUMNS if self.explain else [])
        self.writer.writerow((["source"] if with_source else []) + self.columns)

    def write(self, doc: dict[str, Any], source: str | None = None) -> None:
        rows: Iterable[list[str]] = summary_rows(doc) if self.summary else item_rows(doc, self.explain)
        prefix = [cell(source or "")] if self.with_source else []
        self.writer.writerows(prefix + row for row in rows)

    def error(self, source: str, message: str) -> None:
        """A failed profile: its source, `status` error and the message in `error`; every
        other cell empty."""
        columns = self.columns
        row = [""] * len(columns)
        row[columns.index("status")] = "error"
        row[columns.index("error")] = cell(message)
        self.writer.writerow(([cell(source)] if self.with_source else []) + row)
