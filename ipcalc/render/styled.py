"""Styled text for the tables a terminal shows: spans of text, each with a style (`"bold"`,
`"dim strike"`, `"green"`), measured in terminal cells, and written with ANSI escapes when
colour is wanted, plainly otherwise.

ipcalc's tables are laid out by ipcalc itself (widths, wrapping, cropping: `render.table_writer`);
what they need of a text is this small part of what Rich's `Text` and `Console` do. Rich
costs 88M instructions to import (a third of a bare Typer app's start-up, measured with
callgrind), more than everything else an estimate does; this module costs almost nothing.
Rich stays what draws a batch's progress display.

Cells: a character of East Asian wide or full width takes two, a combining mark or a
zero-width format character none, any other one (measured as Rich measures them for the
text ipcalc writes: Chinese, Latin, `✓ × ↓ · ⚠ ─`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

Part = tuple[str, str]  # (text, style)

#: SGR codes of the styles ipcalc uses
_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "strike": "9",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    if char < "\u0300":  # Latin and its punctuation: the common case, at once
        return 1 if char >= " " else 0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """The terminal cells `text` takes."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(char) for char in text)


class Text:
    """A line (or paragraph) of styled spans: the part of Rich's `Text` the tables use."""

    __slots__ = ("parts",)

    def __init__(self, text: str = "", style: str = ""):
        self.parts: list[Part] = [(text, style)] if text else []

    @classmethod
    def _of(cls, parts: list[Part]) -> Text:
        made = cls()
        made.parts = parts
        return made

    @classmethod
    def assemble(cls, *pieces: Text | str | Part) -> Text:
        """Texts, plain strings and (string, style) pairs, one after another."""
        made = cls()
        for piece in pieces:
            made.append(piece if not isinstance(piece, tuple) else Text(*piece))
        return made

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def cell_len(self) -> int:
        return cell_len(self.plain)

    def __len__(self) -> int:
        return sum(len(text) for text, _ in self.parts)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Text({self.parts!r})"

    def append(self, text: Text | str, style: str = "") -> Text:
        if isinstance(text, Text):
            self.parts.extend(text.parts if not style else [(t, _joined(style, s)) for t, s in text.parts])
        elif text:
            self.parts.append((text, style))
        return self

    def __add__(self, other: Text | str) -> Text:
        return Text._of(list(self.parts)).append(other)

    def __radd__(self, other: str) -> Text:
        return Text(other).append(self)

    def __getitem__(self, index: slice) -> Text:
        """The text between two character offsets, its styles kept."""
        start, stop, _ = index.indices(len(self))
        out: list[Part] = []
        at = 0
        for text, style in self.parts:
            end = at + len(text)
            if end > start and at < stop:
                out.append((text[max(start - at, 0) : min(stop, end) - at], style))
            at = end
            if at >= stop:
                break
        return Text._of(out)

    def rstrip(self) -> None:
        """Without trailing spaces (in place)."""
        parts = self.parts
        while parts:
            text, style = parts[-1]
            stripped = text.rstrip()
            if stripped:
                parts[-1] = (stripped, style)
                return
            parts.pop()

    def truncate(self, width: int, *, overflow: str = "crop", pad: bool = False) -> None:
        """At most `width` cells (in place): cut, with "…" for an ellipsis; padded with
        spaces to `width` with `pad`."""
        if self.cell_len > width:
            room = width - 1 if overflow == "ellipsis" else width
            kept: list[Part] = []
            cells = 0
            for text, style in self.parts:
                taken = []
                for char in text:
                    w = _char_cells(char)
                    if cells + w > room:
                        break
                    taken.append(char)
                    cells += w
                if taken:
                    kept.append(("".join(taken), style))
                if cells >= room or len(taken) < len(text):
                    break
            if overflow == "ellipsis":
                kept.append(("…", kept[-1][1] if kept else ""))
                cells += 1
            self.parts = kept
        if pad:
            missing = width - self.cell_len
            if missing > 0:
                self.parts.append((" " * missing, ""))

    def join(self, lines: Iterable[Text]) -> Text:
        out = Text()
        for n, line in enumerate(lines):
            if n:
                out.append(self)
            out.append(line)
        return out

    def written(self, color: bool) -> str:
        """The text for a terminal: with ANSI escapes for its styles when `color`."""
        if not color:
            return self.plain
        out = []
        for text, style in self.parts:
            codes = ";".join(_SGR[s] for s in style.split() if s in _SGR)
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
        return "".join(out)


def _joined(outer: str, inner: str) -> str:
    return f"{outer} {inner}".strip()


class Console:
    """Writes styled lines to a stream at a width: the part of Rich's `Console` the tables
    use. A line is cropped to the width (the tables wrap their own first)."""

    def __init__(self, out: TextIO, *, color: bool, width: int):
        self.out, self.color, self.width = out, color, width

    def print(self, text: Text | str | None = None, **_: object) -> None:
        if text is None:
            self.out.write("\n")
            return
        if isinstance(text, str):
            text = Text(text)
        lines = [text] if "\n" not in text.plain else _lines(text)
        written = []
        for line in lines:
            if line.cell_len > self.width:
                line = line[:]
                line.truncate(self.width)
            written.append(line.written(self.color))
        self.out.write("\n".join(written) + "\n")


def _lines(text: Text) -> list[Text]:
    out, start = [], 0
    plain = text.plain
    while True:
        end = plain.find("\n", start)
        if end < 0:
            out.append(text[start:])
            return out
        out.append(text[start:end])
        start = end + 1


def terminal_width(out: TextIO) -> int:
    """The width to lay out for: COLUMNS, else the terminal's, else 80 (as Rich finds it)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit():
        return int(columns)
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, ValueError, OSError):
        pass
    return 80
