"""Text for `ipcalc policies list`, `show` and `check`, and `ipcalc rates`."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from ..i18n import t
from ..library import Library, PolicyFile
from ..money import amount_text, percent
from ..policy import Condition, Policy, Rule


def columns(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Rows padded to aligned columns, measured in terminal cells (CJK is two wide)."""
    from rich.cells import cell_len

    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _dates(policy: Policy) -> str:
    start = policy.valid_from.isoformat() if policy.valid_from else "…"
    end = policy.valid_until.isoformat() if policy.valid_until else "…"
    return "—" if not (policy.valid_from or policy.valid_until) else f"{start} – {end}"


def list_document(library: Library, as_of: date, lang: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for policy in library.policies.values():
        out.append(
            {
                "id": policy.id,
                "origin": policy.origin,
                "path": policy.path,
                "status": policy.status_at(as_of),
                "valid_from": policy.valid_from.isoformat() if policy.valid_from else None,
                "valid_until": policy.valid_until.isoformat() if policy.valid_until else None,
                "document": policy.document,
                "regions": list(policy.regions),
                "rules": len(policy.rules),
                "title": policy.title(lang),
            }
        )
    for file in library.files:
        if file.problems:
            out.append(
                {
                    "id": file.policy_id,
                    "origin": file.origin,
                    "path": file.path,
                    "status": "broken",
                    "problems": [str(p) for p in file.problems],
                }
            )
    return out


def list_lines(entries: list[dict[str, Any]], lang: str) -> list[str]:
    heads = ["id", "origin", "status", "valid", "regions", "rules", "document / title"]
    rows = [heads]
    for e in entries:
        if e["status"] == "broken":
            count = len(e["problems"])
            found = t("one_problem", lang) if count == 1 else t("problems", lang, n=count)
            rows.append([e["id"] or "?", e["origin"], "✗ broken", "", "", "", f"{e['path']}: {found}"])
            continue
        dates = " – ".join(d or "…" for d in (e["valid_from"], e["valid_until"])) if (e["valid_from"] or e["valid_until"]) else "—"
        rows.append(
            [
                e["id"],
                e["origin"],
                t(e["status"], lang),
                dates,
                ",".join(e["regions"]),
                str(e["rules"]),
                " ".join(x for x in (e["document"], e["title"]) if x),
            ]
        )
    return columns(rows, right=(5,))


# ------------------------------------------------------------------ show


def _cond(c: Condition) -> str:
    value = ", ".join(sorted(map(str, c.value))) if c.op == "in" else str(c.value).lower() if isinstance(c.value, bool) else str(c.value)
    op = {"eq": "=", "in": "in", "min": "≥", "gt": ">"}[c.op]
    return f"{c.field} {op} {value}"


def rule_amounts(rule: Rule, policy: Policy, library: Library, lang: str) -> list[str]:
    """What a rule pays, in words and numbers."""
    vocab = library.vocabulary
    lines: list[str] = []
    if rule.kind == "title":
        for title, levels in rule.amounts.items():
            parts = [
                f"{vocab.levels[lv](lang) if lv in vocab.levels else lv} {amount_text(a)}" if lv else amount_text(a)
                for lv, a in levels.items()
            ]
            lines.append(f"{vocab.title_label(title, None, lang)}: {', '.join(parts)}")
    elif rule.kind == "fixed":
        lines.append(f"{amount_text(rule.amount)} when {rule.flag} = true")  # type: ignore[arg-type]
    elif rule.kind == "per_unit":
        if rule.facts is None:
            lines.append(f"{amount_text(rule.amount)} × {rule.units}")  # type: ignore[arg-type]
        else:
            for key, amount in rule.amounts.items():
                lines.append(f"{vocab.award_label(key, lang) if rule.key == 'award' else key}: {amount_text(amount)} × {rule.units}")
            for key, why in rule.not_covered.items():
                lines.append(f"{vocab.award_label(key, lang) if rule.key == 'award' else key}: not covered ({why(lang)})")
    elif rule.kind in ("share", "matching"):
        of = f"the {rule.per == 'year' and 'calendar year' or 'fact'}'s {rule.base}" if rule.per == "year" else rule.base
        lines.append(f"{percent(rule.share)} of {of} ({rule.facts})")  # type: ignore[arg-type]
        if rule.bound:
            lines.append(f"never more than {rule.bound}")
    elif rule.kind == "interest":
        factors = [percent(rule.share)] if rule.share is not None else []
        if rule.share_field:
            factors.append(rule.share_field)
        ref = "PBoC benchmark rate for the tenor" if rule.reference == "benchmark" else "1-year LPR on the issue date"
        months = f"min(months, {rule.max_months})" if rule.max_months else "months"
        lines.append(" × ".join([*factors, ref, "principal", f"{months}/12"]))
        if rule.bounded_by_actual:
            lines.append("never more than the interest actually due (when the loan's rate is given)")
    if rule.cap is not None:
        lines.append(f"cap {amount_text(rule.cap)} per {'year' if rule.per == 'year' else 'item'}")
    if rule.cap_by:
        lines.append("cap " + ", ".join(f"{k} {amount_text(v)}" for k, v in rule.cap_table.items()) + f" (by {rule.cap_by})")
    for cap in policy.caps:
        if rule.id in cap.rules:
            lines.append(f"cap {amount_text(cap.limit)} per {'calendar year' if cap.per == 'year' else 'applicant'}: {cap.label(lang)}")
    if rule.select:
        lines.append("applies to " + " and ".join(_cond(c) for c in rule.select))
    for c in rule.require:
        lines.append("requires " + _cond(c))
    if rule.when:
        alts = []
        for alt in rule.when:
            if alt.condition is not None:
                alts.append(_cond(alt.condition))
            else:
                alts.append(alt.facts + (f" with {' and '.join(_cond(c) for c in alt.where)}" if alt.where else ""))  # type: ignore[operator]
        lines.append("listed when " + " or ".join(alts))
    if rule.applicants:
        lines.append("for " + ", ".join(sorted(rule.applicants)))
    if rule.group:
        lines.append(f"exclusive group {rule.group} (就高不重复)")
    return lines


def show_lines(policy: Policy, library: Library, as_of: date, lang: str) -> list[str]:
    lines = [f"{policy.id}  {policy.title(lang)}"]
    if policy.title(lang) != policy.title("zh"):
        lines.append(f"    {policy.title('zh')}")
    meta = [
        ("document", policy.document or "—"),
        ("issuer", policy.issuer(lang) if policy.issuer else "—"),
        ("jurisdiction", f"{policy.jurisdiction(lang)} (regions: {', '.join(policy.regions)})"),
        ("status", f"{t(policy.status_at(as_of), lang)} as of {as_of}"),
        ("valid", _dates(policy)),
        ("source", policy.source or "—"),
        ("file", f"{policy.path} ({policy.origin})"),
    ]
    lines += [f"  {k:<13}{v}" for k, v in meta]
    for name, clause in (("blacklist", policy.blacklist), ("exclusive", policy.exclusive)):
        if clause is not None:
            lines.append(f"  {name:<13}clause {clause.clause}: {clause.note(lang) if clause.note else ''}")
    for rule in policy.rules:
        lines.append("")
        lines.append(f"[{rule.clause}] {rule.id}  ({rule.kind})  {rule.label(lang)}")
        lines += [f"    {line}" for line in rule_amounts(rule, policy, library, lang)]
        if rule.note:
            lines.append(f"    note: {rule.note(lang)}")
        for quote in rule.text:
            lines.append(f"    原文: {quote}")
    return lines


# ------------------------------------------------------------------ check


def check_lines(files: list[PolicyFile], lang: str = "en") -> tuple[list[str], list[str]]:
    """(lines for stdout, problem lines for stderr)."""
    out, err = [], []
    for f in files:
        if f.problems:
            count = len(f.problems)
            out.append(f"✗ {f.path}: " + (t("one_problem", lang) if count == 1 else t("problems", lang, n=count)))
            err += [f"error: {p.render(lang)}" for p in f.problems]
        else:
            what = f"policy {f.policy_id}" if f.kind == "policy" else f.kind
            out.append(f"✓ {f.path} ({what})")
    return out, err
