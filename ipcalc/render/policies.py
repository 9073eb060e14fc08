"""Text for `ipcalc policies list`, `show` and `check`, and `ipcalc rates`."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from ..i18n import Seq, Text, msg, render, t
from ..library import Library, PolicyFile
from ..money import Amount
from ..policy import Policy
from ..rules.base import Rule


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
                    "problems": [p.render(lang) for p in file.problems],
                }
            )
    return out


def list_lines(entries: list[dict[str, Any]], lang: str) -> list[str]:
    heads = [t(h, lang) for h in ("list_id", "list_origin", "status", "valid", "list_regions", "list_rules", "list_title")]
    rows = [heads]
    for e in entries:
        if e["status"] == "broken":
            count = len(e["problems"])
            found = t("one_problem", lang) if count == 1 else t("problems", lang, n=count)
            rows.append([e["id"] or "?", t(f"origin_{e['origin']}", lang), t("broken", lang), "", "", "", f"{e['path']}: {found}"])
            continue
        dates = " – ".join(d or "…" for d in (e["valid_from"], e["valid_until"])) if (e["valid_from"] or e["valid_until"]) else "—"
        rows.append(
            [
                e["id"],
                t(f"origin_{e['origin']}", lang),
                t(e["status"], lang),
                dates,
                ",".join(e["regions"]),
                str(e["rules"]),
                " ".join(x for x in (e["document"], e["title"]) if x),
            ]
        )
    return columns(rows, right=(5,))


# ------------------------------------------------------------------ show


def rule_lines(rule: Rule, policy: Policy, library: Library, lang: str) -> list[str]:
    """What a rule pays and when, in words: its kind's terms, then what every rule has."""
    found: list[Any] = list(rule.terms(library.vocabulary))
    for cap in policy.caps:
        if rule.id in cap.rules:
            code = "show_aggregate_year" if cap.per == "year" else "show_aggregate_applicant"
            found.append(msg(code, limit=Amount(cap.limit), label=cap.label))
    if rule.select:
        found.append(msg("show_select", conditions=Seq(tuple(c.described() for c in rule.select), "sep_and")))
    found += [msg("show_requires", condition=c.described()) for c in rule.require]
    if rule.applicants:
        found.append(msg("show_applicants", kinds=[msg(k) for k in sorted(rule.applicants)]))
    if rule.group:
        label = policy.groups.get(rule.group)
        found.append(msg("show_group", group=Text(rule.group, label.zh) if label else rule.group))
    return [render(line, lang) for line in found]


def _meta(label: str, value: str) -> str:
    from rich.cells import cell_len

    return f"  {label}{' ' * max(13 - cell_len(label), 1)}{value}"


def show_lines(policy: Policy, library: Library, as_of: date, lang: str) -> list[str]:
    lines = [f"{policy.id}  {policy.title(lang)}"]
    if policy.title(lang) != policy.title("zh"):
        lines.append(f"    {policy.title('zh')}")
    meta = [
        ("meta_document", policy.document or "—"),
        ("meta_issuer", policy.issuer(lang) if policy.issuer else "—"),
        ("meta_jurisdiction", t("show_regions", lang, jurisdiction=policy.jurisdiction, regions=", ".join(policy.regions))),
        ("meta_status", t("show_status_as_of", lang, status=msg(policy.status_at(as_of)), day=as_of)),
        ("meta_valid", _dates(policy)),
        ("meta_source", policy.source or "—"),
        ("meta_file", t("show_file", lang, path=policy.path, origin=msg(f"origin_{policy.origin}"))),
    ]
    lines += [_meta(t(k, lang), v) for k, v in meta]
    for name, clause in (("meta_blacklist", policy.blacklist), ("meta_exclusive", policy.exclusive)):
        if clause is not None:
            lines.append(_meta(t(name, lang), t("show_clause", lang, clause=clause.clause, note=clause.note or "")))
    for rule in policy.rules:
        lines.append("")
        lines.append(f"[{rule.clause}] {rule.id}  ({rule.kind})  {rule.label(lang)}")
        lines += [f"    {line}" for line in rule_lines(rule, policy, library, lang)]
        if rule.note:
            lines.append(f"    {t('show_note', lang, note=rule.note)}")
        for quote in rule.text:
            lines.append(f"    {t('show_quote', lang, text=quote)}")
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
            what = t("check_policy", lang, id=f.policy_id) if f.kind == "policy" else t(f"check_{f.kind}", lang)
            out.append(f"✓ {f.path} ({what})")
    return out, err
