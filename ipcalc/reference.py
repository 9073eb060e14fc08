"""The reference tables of the docs, generated from the registries so that they cannot drift:
the factor kinds and the reason, trace and warning codes (`result`, `catalogue.reasons`,
`catalogue.warnings`) for docs/json.md; the rule kinds (`ipcalc.rules`, each kind's `PAYS`)
and every key of a policy file (`policy_files.keys`) for docs/policies.md; every field of the
profile (`schema`) for docs/profile.md. docs/cli.md's `--help` texts come from
`ipcalc.cli.reference`.

The docs hold them between `cog` markers; `cog -r docs/*.md` rewrites them, and the test
suite runs `cog --check`, which fails when a code, a kind, a key or a field is added without
its row.
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


def profile_fields_table() -> str:
    """docs/profile.md: every field of the profile and of its list sections (`schema`), with
    its type, whether it is required, its default and what it is."""
    from .schema import BUILTIN, Field

    def row(where: str, name: str, field: Field) -> str:
        kind = field.type + (": " + " \\| ".join(field.choices) if field.choices and len(field.choices) <= 8 else "")
        given = (
            "required"
            if field.required
            else (
                "default " + f"`{str(field.default).lower() if isinstance(field.default, bool) else field.default}`"
                if field.default is not None
                else ""
            )
        )
        return f"| {where} | `{name}` | {kind} | {given} | {_escaped(field.help.en)} |"

    lines = ["| where | field | type | required or default | what it is |", "|---|---|---|---|---|"]
    lines += [row("the profile", name, field) for name, field in BUILTIN.scalars.items()]
    for section, info in BUILTIN.sections.items():
        lines += [row(f"`[[{section}]]`", name, field) for name, field in info.fields.items()]
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
