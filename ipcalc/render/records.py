"""The record writers of `ipcalc batch`: each turns one profile's estimate (or the problems
that stopped it) into the text of its record, in input order, so that a batch streams."""

from __future__ import annotations

import io

from ..result import Estimate
from .csv_writer import BOM, CsvWriter
from .json_document import Documents, summary_document
from .json_writer import fragment, line


class JsonLines:
    """One estimate object per line (or, with summary, one totals object per profile)."""

    header = ""

    def __init__(self, *, lang: str, unit: str, summary: bool, bom: bool = False):
        self.summary = summary
        # Each record leaves out how to apply: it is the policy's, the same in every record
        # (`ipcalc estimate -f json` and `ipcalc policies show` give it), and would make
        # every record a third bigger.
        self.documents = Documents(lang=lang, unit=unit, number=fragment, guidance=False)

    def record(self, estimate: Estimate, source: str) -> bytes:
        if self.summary:
            return line(summary_document(estimate, self.documents, source))
        return line(self.documents.estimate(estimate, source))

    def error(self, source: str, message: str) -> bytes:
        return line({"source": source, "error": message})


class CsvRows:
    """One row per item (or, with summary, per profile and policy), with the source first."""

    def __init__(self, *, lang: str, unit: str, summary: bool, bom: bool = False):
        self.buffer = io.StringIO()
        self.writer = CsvWriter(self.buffer, lang=lang, unit=unit, summary=summary, with_source=True)
        self.header = (BOM if bom else "") + self._take()

    def _take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def record(self, estimate: Estimate, source: str) -> str:
        self.writer.write(estimate, source)
        return self._take()

    def error(self, source: str, message: str) -> str:
        self.writer.error(source, message)
        return self._take()
