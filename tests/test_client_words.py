"""What a client reads holds nothing of the tool's: every cell of every workbook (one client
and a whole client list) made from every example and snapshot profile, in both languages,
and the Chinese tables and the Markdown memos, checked for command-line flags, file paths,
field names of the profile, raw true/false, backticks or Markdown inside a sentence and, in
Chinese, English words beyond the established acronyms (see client_words.py)."""

from __future__ import annotations

import io
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from client_words import problems
from conftest import EXAMPLES, ROOT

import ipcalc

PROFILES = sorted(EXAMPLES.glob("*.toml")) + sorted((ROOT / "tests" / "snapshots" / "profiles").glob("*.toml"))


@cache
def library() -> ipcalc.library.Library:
    return ipcalc.load_library([ROOT / "tests" / "snapshots" / "policies"])


def name_of(path: Path) -> str:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal).get("name", "")


def cells(data: bytes) -> list[tuple[str, str, str]]:
    """Every text cell of a workbook: (sheet, cell, text); formulas aside."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and not cell.value.startswith("=")
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_cell_of_a_clients_workbook(path: Path, lang: str):
    report = ipcalc.report(path, lang=lang, library=library())
    found = [(sheet, cell, text, p) for sheet, cell, text in cells(report.to_bytes()) for p in problems(text, lang, [name_of(path)])]
    assert found == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_the_memos_and_the_chinese_tables(path: Path, lang: str):
    estimate = ipcalc.estimate(path, lang=lang, library=library(), explain=True)
    chances = ipcalc.opportunities(path, lang=lang, library=library())
    texts = [estimate.text("markdown"), chances.text("markdown")]
    if lang == "zh":
        texts += [estimate.text("table", width=100), chances.text("table", width=100)]
    for text in texts:
        # Markdown's own marks are the memo's layout, not text inside a sentence.
        said = "\n".join(line.replace("**", "").replace("<br>", " ") for line in text.splitlines())
        # The clause quoted verbatim may keep a slip of the source's print ("IOO万元", 100).
        assert problems(said, lang, [name_of(path), "IOO万元"]) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_cell_of_a_client_lists_workbook(lang: str):
    found = ipcalc.portfolio(PROFILES, lang=lang, library=library())
    names = [name_of(path) for path in PROFILES]
    bad = [(sheet, cell, text, p) for sheet, cell, text in cells(found.to_bytes()) for p in problems(text, lang, names)]
    assert bad == [] and found.clients == len(PROFILES)
