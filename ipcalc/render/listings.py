"""Text for `ipcalc policies list`, `show` and `check`, and `ipcalc rates`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import Clause, Msg, Seq, Text, msg, render, t
from ..library import Library, PolicyFile
from ..model import Policy
from ..money import Amount, Percent
from ..record import Record
from ..rules.base import Rule, field_term
from ..schema import kind_name
from .lines import write_lines
from .words import guidance_lines, likely_words

if TYPE_CHECKING:
    from .formats import Output


def columns(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Rows padded to aligned columns, measured in terminal cells (CJK is two wide)."""
    from .styled import cell_len

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


class Listed(Record):
    """`ipcalc policies list`: its document (see `list_document`), in a language."""

    document: list[dict[str, Any]]
    lang: str


def write_list(listed: Listed, output: Output) -> None:
    write_lines(list_lines(listed.document, listed.lang), output.stream)


def write_list_json(listed: Listed, output: Output) -> None:
    from .json_writer import dumps

    output.stream.write(dumps(listed.document, indent=2) + "\n")


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
            found.append(_aggregate_words(cap, rule, library))
    if rule.select:
        found.append(msg("show_select", conditions=Seq(tuple(c.described() for c in rule.select), "sep_and")))
    found += [msg("show_requires", condition=c.described()) for c in rule.require]
    if rule.applicants:
        found.append(msg("show_applicants", kinds=[kind_name(library.vocabulary.schema, k) for k in sorted(rule.applicants)]))
    if rule.group:
        label = policy.groups.get(rule.group)
        code = "show_group_fact" if rule.group in policy.fact_groups else "show_group_year" if rule.group in policy.year_groups else "show_group"
        found.append(msg(code, group=Text(rule.group, label.zh) if label else rule.group))
    return [render(line, lang) for line in found]


def _aggregate_words(cap: Any, rule: Rule, library: Library) -> Msg:
    """A policy-wide cap a rule shares: its limit, period and what it is counted by."""
    from ..schema import BUILTIN

    limit: Any = Amount(cap.limit)
    if cap.of is not None and cap.share is not None:
        limit = msg(f"show_limit_share_{cap.figure_year}", share=Percent(cap.share), of=BUILTIN.sections["finances"].fields[cap.of].term())
    if cap.per == "application_year" and cap.year_start is not None:
        start = f"{cap.year_start[0]:02d}-{cap.year_start[1]:02d}"
        words = msg("show_aggregate_application_year", limit=limit, start=start, label=cap.label)
    else:
        words = msg(f"show_aggregate_{cap.per}", limit=limit, label=cap.label)
    if cap.by == "entry":
        return msg("show_aggregate_entry", cap=words)
    if cap.by is not None:
        section = rule.needs()[0]
        field = field_term(library.vocabulary.schema, section, cap.by) if section else cap.by
        return msg("show_aggregate_by", cap=words, field=field)
    return words


def _meta(label: str, value: str) -> str:
    from .styled import cell_len

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
    for name, clause in (("meta_blacklist", policy.blacklist), ("meta_exclusive", policy.exclusive), ("meta_notice", policy.notice)):
        if clause is not None:
            lines.append(_meta(t(name, lang), t("show_clause", lang, clause=Clause(clause.clause), note=clause.note or "")))
    lines += ["", t("apply_heading", lang)]
    lines += [f"  {line}" for line in guidance_lines(policy.apply, lang, quotes=True)]
    for rule in policy.rules:
        lines.append("")
        lines.append(f"[{rule.clause}] {rule.id}  ({rule.kind})  {rule.label(lang)}")
        lines += [f"    {line}" for line in rule_lines(rule, policy, library, lang)]
        if rule.note:
            lines.append(f"    {t('show_note', lang, note=rule.note)}")
        for quote in rule.text:
            lines.append(f"    {t('show_quote', lang, text=quote)}")
        if rule.apply:
            lines += [f"    {line}" for line in guidance_lines(rule.apply, lang, quotes=True, said_only=True)]
    lines += question_lines(policy, lang)
    return lines


def question_lines(policy: Policy, lang: str) -> list[str]:
    """`policies show`: each contested clause, its readings (the default first) with their
    rationale, and what each changes in the rules."""
    if not policy.questions:
        return []
    out = ["", t("show_questions", lang, policy=policy.id)]
    for question in policy.questions:
        out.append("")
        out.append(t("question_line", lang, policy=policy.id, question=question.id, label=question.label))
        out += [f"    {t('show_quote', lang, text=quote)}" for quote in question.text]
        for index, reading in enumerate(question.readings):
            mark = "●" if index == 0 else "○"
            out.append(f"  {mark} {reading.id}: {reading.label(lang)}")
            out.append(f"      {reading.rationale(lang)}")
            changes = [
                *(t("show_reading_drops" if rule is None else "show_reading_changes", lang, rule=rid) for rid, rule in reading.rules.items()),
                *(t("show_reading_cap", lang, cap=cid) for cid in reading.caps),
            ]
            if reading.require:
                conditions = Seq(tuple(c.described() for c in reading.require), "sep_and")
                out.append("      " + t("show_reading_requires", lang, conditions=conditions, n=len(reading.require_rules)))
            if reading.blacklist is not None:
                out.append("      " + t("show_reading_blacklist", lang, clause=reading.blacklist.clause))
            if changes:
                out.append("      " + t("sep_semicolon", lang).join(changes))
        out.append("  " + likely_words(question, lang))
    return out


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
            what = t(f"check_{f.kind}", lang, id=f.policy_id)
            out.append(f"✓ {f.path} ({what})")
    return out, err


def test_lines(report: Any, lang: str) -> list[str]:
    """`policies test`: per cases file a line per case, under a failed case one line per
    difference (got against expected), and a count of them all."""
    from ..money import Grouped

    def value(v: Any) -> str:
        if isinstance(v, tuple):
            return "[" + ", ".join(value(x) for x in v) + "]" if v else t("test_none", lang)
        return format(Grouped(v)) if not isinstance(v, str) else v

    out: list[str] = []
    for file, outcomes in report.files:
        policies = sorted({o.case.policy for o in outcomes})
        out.append(t("test_file", lang, path=file.path, policy=", ".join(policies)))
        for outcome in outcomes:
            case = outcome.case
            if outcome.passed:
                out.append(f"  ✓ {case.name}")
                continue
            out.append("  " + t("test_fail", lang, name=case.name, line=case.line or "?"))
            for miss in outcome.misses:
                code = {"total": "test_total", "amount": "test_amount", "status": "test_status", "range": "test_range"}[miss.what]
                out.append("      " + t(code, lang, rule=miss.rule, got=value(miss.got), expected=value(miss.expected)))
    if report.files:
        out.append(t("test_summary", lang, n=report.passed + report.failed, passed=report.passed, failed=report.failed))
    return out


def new_lines(policy_id: str, folder: str, written: list[str], lang: str) -> list[str]:
    """`policies new`: the files written, and what to do next."""
    out = [t("new_written", lang, path=path) for path in written]
    out += ["", t("new_next", lang)]
    out += [
        f"  {line}"
        for line in (
            t("new_step_source", lang, folder=folder, id=policy_id),
            t("new_step_rules", lang, folder=folder, id=policy_id),
            f"ipcalc policies check {folder}",
            f"ipcalc policies test {folder}",
            f"ipcalc estimate --policies {folder} --region {policy_id} ...",
        )
    ]
    return out
