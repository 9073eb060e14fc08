"""The reference tables of the docs, generated from the registries so that they cannot drift:
the reason, trace and warning codes (`catalogue.reasons`, `catalogue.warnings`) for
docs/json.md, and the rule kinds (`ipcalc.rules`, each kind's `PAYS`) for the README.

The docs hold them between `cog` markers; `cog -r README.md docs/json.md` rewrites them, and
the test suite runs `cog --check`, which fails when a code or a kind is added without its row.
"""

from __future__ import annotations

from collections.abc import Mapping


def _escaped(text: str) -> str:
    return text.replace("|", "\\|")


def _values(values: str) -> str:
    """`rate, day (announced)` -> "`rate`, `day` (announced)"; "" -> "—"."""
    if not values:
        return "—"
    out = []
    for part in values.split(", "):
        name, _, rest = part.partition(" ")
        out.append(f"`{name}`" + (f" {rest}" if rest else ""))
    return ", ".join(out)


def _table(codes: Mapping[str, tuple[str, ...]], head: str) -> str:
    lines = [f"| code | {head} | values |", "|---|---|---|"]
    for code, found in codes.items():
        lines.append(f"| `{code}` | {_escaped(found[2])} | {_values(found[3])} |")
    return "\n".join(lines) + "\n"


def reasons_table() -> str:
    """docs/json.md: every reason an item may give."""
    from .catalogue.reasons import REASONS

    return _table(REASONS, "when")


def trace_table() -> str:
    """docs/json.md: every stage of an item's arithmetic (`trace`, with --explain)."""
    from .catalogue.reasons import TRACE

    return _table(TRACE, "stage")


def warnings_table() -> str:
    """docs/json.md: every warning an estimate may carry."""
    from .catalogue.warnings import WARNINGS

    return _table(WARNINGS, "when")


def factor_kinds_table() -> str:
    """docs/json.md: what a factor's value is, by its kind (`result.FACTOR_KINDS`)."""
    from .result import FACTOR_KINDS

    lines = ["| kind | value |", "|---|---|"]
    lines += [f"| `{kind}` | {_escaped(meaning)} |" for kind, meaning in FACTOR_KINDS.items()]
    return "\n".join(lines) + "\n"


def kinds_table() -> str:
    """README: every rule kind and what it pays."""
    from .rules import kinds

    lines = ["| kind | pays |", "|---|---|"]
    lines += [f"| `{name}` | {_escaped(kind.PAYS)} |" for name, kind in kinds().items()]
    return "\n".join(lines) + "\n"


def policy_keys_table() -> str:
    """docs/policies.md: every key of a policy file, table by table (`policy_files.keys`)."""
    from .policy_files.keys import KINDS, RULE, TABLES

    lines = ["| table | key | what it is |", "|---|---|---|"]

    def rows(table: str, keys: Mapping[str, str]) -> None:
        for index, (key, meaning) in enumerate(keys.items()):
            lines.append(f"| {table if index == 0 else ''} | `{key}` | {_escaped(meaning)} |")

    first = dict(list(TABLES.items())[:2])
    for table, keys in first.items():
        rows(table, keys)
    rows("`[[rules]]`, every kind", RULE)
    for kind, keys in KINDS.items():
        rows(f"kind `{kind}`", keys)
    for table, keys in list(TABLES.items())[2:]:
        rows(table, keys)
    return "\n".join(lines) + "\n"
