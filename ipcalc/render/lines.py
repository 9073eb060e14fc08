"""Lines of text for a terminal or a pipe: on a terminal, a line wider than it is wrapped,
its continuations indented under it (nothing is cut); into a pipe or a file, as they are."""

from __future__ import annotations

import shutil
from typing import TextIO


def write_lines(lines: list[str], stream: TextIO) -> None:
    """Lines to `stream`, fitted to the terminal's width when it is one; a control character
    in them (a folder's name) written as an escape, never as itself."""
    from ..i18n import shown_safely

    lines = [shown_safely(line) for line in lines]
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        lines = fitted(lines, shutil.get_terminal_size().columns)
    stream.write("".join(line + "\n" for line in lines))


def fitted(lines: list[str], width: int) -> list[str]:
    """Each line at most `width` terminal cells: a longer one wrapped (between words, or
    between Chinese characters), its continuations indented 4 more than it."""
    from .styled import Text, cell_len
    from .table_writer import wrap

    out = []
    for line in lines:
        if cell_len(line) <= width:
            out.append(line)
            continue
        lead = len(line) - len(line.lstrip(" "))
        hanging = " " * min(lead + 4, max(width // 2, 1))
        first, *rest = wrap(Text(line[lead:]), max(width - lead, 10))
        out.append(" " * lead + first.plain)
        rest_text = " ".join(part.plain for part in rest)
        if rest_text:
            out += [hanging + part.plain for part in wrap(Text(rest_text), max(width - len(hanging), 10))]
    return out
