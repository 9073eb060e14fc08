"""A consultant's whole client list in one workbook (`ipcalc report` given several profiles,
a folder, a [[profiles]] file or JSON Lines: what `ipcalc batch` takes).

Each client is answered as a batch answers a profile (`batch.run`: in input order, in
worker processes for a long list, a bad profile its own error and the others go on): its
estimate, the range of its figures and what it could still gain (`steps.find`), said in the
chosen language and unit as rows of the workbook's sheets (`render.portfolio.client_record`).
A worker sends each client's rows as one line of JSON; this process writes its items and
steps into the workbook as they come (`render.portfolio.PortfolioBook`, which keeps only one
short row per client, to list the clients by what they still have to claim at the end), so
that memory stays bounded whatever the length of the list.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .batch import Answers, Entry, _fault
from .errors import IpcalcError, Problem
from .i18n import msg
from .render.json_writer import dumps

if TYPE_CHECKING:
    from .request import Checked


class _Lines:
    """The batch's record writer for a portfolio: a failed client's record (its rows are
    made by `PortfolioAnswers.answer`)."""

    header = ""

    def error(self, source: str, message: str) -> str:
        return dumps({"source": source, "error": message}) + "\n"


class PortfolioAnswers(Answers):
    """Answers each client of the list: one line of JSON with its rows, or its problems."""

    def __init__(self, request: Checked):
        super().__init__(request, _Lines())
        self.request = request

    def answer(self, entry: Entry) -> bytes | tuple[Problem, ...]:
        try:
            return self._client(entry)
        except IpcalcError as exc:
            return exc.problems
        except RecursionError:
            return (Problem(msg("json_too_deep"), source=entry.source),)
        except MemoryError:
            return (Problem(msg("record_too_big"), source=entry.source),)
        except Exception as exc:  # a fault of ipcalc's own: this client's error, not the list's
            return (_fault(exc, entry),)

    def _client(self, entry: Entry) -> bytes | tuple[Problem, ...]:
        from .render.portfolio import client_record
        from .steps import find

        if entry.problems:
            return entry.problems
        profile, problems = self.profile(entry)
        if profile is None:
            return problems
        asked = self.request
        checked = asked._replace(profile=profile, day=self.day(profile))
        found = find(checked)
        return (dumps(client_record(found, entry.source, lang=asked.lang, unit=asked.unit)) + "\n").encode("utf-8")


class Lines:
    """What `batch.run` writes to: the text of answered clients, one JSON line each, given
    to the workbook as it comes."""

    streaming = False

    def __init__(self, book: Any):
        self.book = book

    def write(self, text: str | bytes) -> None:
        for line in text.splitlines():
            if line:
                self.book.add(json.loads(line, parse_float=Decimal))

    def flush(self) -> None:
        pass
