"""What a client may read: a check of any text a client is handed (a workbook's cells, a
Markdown memo, a table in Chinese) for what belongs to the tool and not to the client: a
command-line flag, a file path, a field name of the profile, a raw true/false, backticks or
Markdown; and, in Chinese, English words beyond the established acronyms."""

from __future__ import annotations

import re
from collections.abc import Iterable

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
PATH = re.compile(r"[\w.-]+/[\w./-]*\.(?:txt|toml|xlsx|json|jsonl|csv)\b|\bsources/")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
RAW = re.compile(r"\b(?:true|false|True|False|None|null|nan|NaN)\b")
ASSIGN = re.compile(r"\b[a-z_]+ = ")
MARKUP = re.compile(r"`|\*\*|<br>|\]\(")
#: in Chinese text, Latin letters are allowed only as these acronyms and codes
ACRONYMS = frozenset("LPR PCT ISO GB T SRDI EP PBoC IP".split())
LATIN = re.compile(r"[A-Za-z][A-Za-z]+")


def problems(text: str, lang: str, allowed: Iterable[str] = ()) -> list[str]:
    """What a client should not read in `text` (empty: nothing); `allowed` are texts the
    client gave (its name) and may read back."""
    for given in allowed:
        if given:
            text = text.replace(given, "")
    found = []
    for name, pattern in (("flag", FLAG), ("path", PATH), ("field name", SNAKE), ("raw value", RAW), ("name = value", ASSIGN), ("markup", MARKUP)):
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(text)]
    if lang == "zh":
        found += [
            f"English word: {m.group(0)!r}"
            for m in LATIN.finditer(text)
            if m.group(0) not in ACRONYMS and not (m.group(0).isupper() and len(m.group(0)) == 2)
        ]
    return found
