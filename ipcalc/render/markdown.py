"""Markdown for a client memo: one table per policy, totals, warnings, notes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import t
from ..money import display_amount


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _num(value: Decimal | None, unit: str = "yuan") -> str:
    return "" if value is None else display_amount(value, unit)


def render_markdown(doc: dict[str, Any], lang: str, *, explain: bool = False) -> str:
    unit_key = doc.get("unit", "yuan")
    unit = t("unit_wan" if unit_key == "wan" else "unit_yuan", lang)
    name = doc["profile"]["name"] or doc["profile"]["region"]
    lines = [f"## {_esc(name)}", ""]
    lines.append(f"{t('as_of', lang)}: {doc['as_of']} · {t('amount', lang)}: {unit}")
    lines.append("")
    if doc["warnings"]:
        for warning in doc["warnings"]:
            lines.append(f"> ⚠ {_esc(warning)}")
        lines.append("")
    heads = ["clause", "item", "basis", "uncapped", "cap", "amount", "status"]
    for policy in doc["policies"]:
        title = f"### {policy['id']} — {_esc(policy['title'])}"
        if policy["document"]:
            title += f" ({_esc(policy['document'])})"
        lines += [title, ""]
        validity = " – ".join(v for v in (policy["valid_from"], policy["valid_until"]) if v)
        user = f" · {_esc(t('user_file', lang, path=policy['path']))}" if policy["origin"] == "user" else ""
        lines.append(f"{t(policy['status'], lang)}" + (f" · {validity}" if validity else "") + user)
        lines.append("")
        if not policy["items"]:
            lines += [f"_{t('no_items', lang)}_", ""]
            continue
        lines.append("| " + " | ".join(t(h, lang) for h in heads) + " |")
        lines.append("|---|---|---|--:|--:|--:|---|")
        for item in policy["items"]:
            status = t(item["status"], lang)
            amount = _num(item["amount"], unit_key)
            if item["status"] == "superseded":
                amount = f"~~{_num(item['uncapped'], unit_key)}~~ 0"
            elif item["status"] == "capped":
                amount = f"**{amount}**"
            cells = [
                _esc(item["clause"]),
                _esc(item["label"]),
                _esc(item["basis"]),
                _num(item["uncapped"], unit_key),
                _num(item["cap"], unit_key),
                amount,
                status,
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append(f"| | **{t('total', lang)}** | | | | **{_num(policy['total'], unit_key)}** | |")
        lines.append("")
        span = policy["range"]
        if span["low"] != span["high"]:
            low = ", ".join(f"`{q}={r}`" for q, r in span["low_readings"].items() if policy["readings"].get(q) != r) or t("readings_in_force", lang)
            high = ", ".join(f"`{q}={r}`" for q, r in span["high_readings"].items() if policy["readings"].get(q) != r) or t("readings_in_force", lang)
            lines += [
                t("range_line", lang, low=_num(span["low"], unit_key), high=_num(span["high"], unit_key)).capitalize()
                + " ("
                + t("range_ends", lang, low=low, high=high)
                + ")",
                "",
            ]
        for question in policy.get("questions", []):
            lines.append(f"- **{_esc(policy['id'])}.{_esc(question['id'])}**: {_esc(question['label'])}")
            for reading in question["readings"]:
                mark = "●" if policy["readings"].get(question["id"]) == reading["id"] else "○"
                lines.append(f"  - {mark} `{reading['id']}`: {_esc(reading['label'])}. {_esc(reading['rationale'])}")
        if policy.get("questions"):
            lines.append("")
        notes = [(n, i) for n, i in enumerate(policy["items"], 1) if i["note"] or explain]
        for n, item in notes:
            lines.append(f"{n}. **{_esc(item['label'])}** ({t('clause', lang)} {_esc(item['clause'])}): {_esc(item['note'])}")
            if explain:
                for quote in item.get("text", []):
                    lines.append(f"   > {_esc(quote)}")
                for step in item.get("steps", []):
                    lines.append(f"   - {_esc(step)}")
        if notes:
            lines.append("")
    if "jurisdictions" in doc:
        for group in doc["jurisdictions"]:
            label = t("total_here", lang, region=group["regions"][0]) if group["applies"] else t("total_elsewhere", lang, regions=", ".join(group["regions"]))
            lines += [f"**{label}: {_num(group['total'], unit_key)}**" if group["applies"] else f"{label}: {_num(group['total'], unit_key)}", ""]
    elif len(doc["policies"]) > 1:
        lines += [f"**{t('grand_total', lang)}: {_num(doc['total'], unit_key)}**", ""]
    return "\n".join(lines)
