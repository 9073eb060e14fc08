"""The lines `ipcalc init --policies DIR` adds to the profile template: the facts the policy
folders declare, commented out like the template's own examples."""

from __future__ import annotations

from typing import Any

from .. import schema

_EXAMPLES: dict[str, str] = {
    schema.BOOL: "false",
    schema.COUNT: "0",
    schema.MONEY: "0",
    schema.FRACTION: "0.0",
    schema.DATE: "2025-01-01",
    schema.TEXT: '""',
}


def _example(fdef: schema.Field) -> str:
    if fdef.default is not None and not isinstance(fdef.default, bool):
        value: Any = fdef.default
        return f'"{value}"' if isinstance(value, str) else str(value)
    if fdef.type == schema.CHOICE:
        return f'"{fdef.choices[0]}"'
    return _EXAMPLES.get(fdef.type, '""')


def _line(key: str, fdef: schema.Field, indent: str = "") -> str:
    help_text = f"{fdef.help.en} ({fdef.help.zh})"
    if fdef.choices:
        help_text += ": " + " | ".join(fdef.choices)
    if fdef.required:
        help_text += ", required"
    return f"{indent}{key} = {_example(fdef)}".ljust(37) + f"  # {help_text}"


def declared_lines(facts: schema.Schema) -> list[str]:
    """Commented lines for every field and section `facts` has beyond ipcalc's own."""
    builtin = schema.BUILTIN
    out: list[str] = []
    scalars = [(k, f) for k, f in facts.scalars.items() if k not in builtin.scalars]
    if scalars:
        out += ["", "# Facts your policy folders declare (their vocabulary.toml)"]
        out += ["# " + _line(k, f) for k, f in scalars]
    for name, section in facts.sections.items():
        own = builtin.sections.get(name)
        if own is None:
            out += ["", f"# {section.label.en} ({section.label.zh}), declared by your policy folders", f"# [[{name}]]"]
            out += ["# " + _line(k, f) for k, f in section.fields.items()]
            continue
        extra = [(k, f) for k, f in section.fields.items() if k not in own.fields]
        if extra:
            out += ["", f"# More fields of [[{name}]], declared by your policy folders"]
            out += ["# " + _line(k, f) for k, f in extra]
        more = [
            (k, [v for v in f.choices if v not in own.fields[k].choices])
            for k, f in section.fields.items()
            if k in own.fields and f.choices != own.fields[k].choices
        ]
        for key, values in more:
            out.append(f"# [[{name}]] {key} may also be: " + " | ".join(values))
    return out
