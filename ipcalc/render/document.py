"""The estimate as one plain document: the JSON shape of PRODUCT.md.

Every formatter (json, csv, markdown, table) renders from this, so they never disagree.
Amounts stay `Decimal`; `--unit wan` divides them exactly by 10,000.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import __version__
from ..engine import Estimate, Item, PolicyResult
from ..i18n import t
from ..money import TEN_THOUSAND

SCHEMA = 1


def in_unit(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None or unit == "yuan":
        return value
    return value / TEN_THOUSAND  # exact: dividing by a power of ten only moves the point


def item_document(item: Item, unit: str, explain: bool, lang: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "rule": item.rule,
        "clause": item.clause,
        "label": item.label,
        "basis": item.basis,
        "uncapped": in_unit(item.uncapped, unit),
        "cap": in_unit(item.cap, unit),
        "amount": in_unit(item.amount, unit),
        "status": item.status,
        "note": item.note,
        "fact": item.fact,
        "date": item.date.isoformat(),
    }
    if explain:
        doc["text"] = list(item.text)
        doc["interpretation"] = item.interpretation
        doc["steps"] = list(item.steps)
    return doc


def policy_document(result: PolicyResult, unit: str, explain: bool, lang: str) -> dict[str, Any]:
    p = result.policy
    doc: dict[str, Any] = {
        "id": p.id,
        "title": p.title(lang),
        "document": p.document,
        "status": result.status,
        "valid_from": p.valid_from.isoformat() if p.valid_from else None,
        "valid_until": p.valid_until.isoformat() if p.valid_until else None,
        "items": [item_document(i, unit, explain, lang) for i in result.items],
        "total": in_unit(result.total, unit),
    }
    if explain:
        doc["jurisdiction"] = p.jurisdiction(lang)
        doc["issuer"] = p.issuer(lang) if p.issuer else None
        doc["source"] = p.source
    return doc


def estimate_document(
    estimate: Estimate, *, unit: str = "yuan", explain: bool = False, source: str | None = None
) -> dict[str, Any]:
    lang = estimate.lang
    profile = estimate.profile
    doc: dict[str, Any] = {"schema": SCHEMA}
    if source is not None:
        doc["source"] = source
    doc["profile"] = {"name": profile.name, "region": profile.region, "kind": profile.kind}
    doc["as_of"] = estimate.as_of.isoformat()
    if unit != "yuan":
        doc["unit"] = unit
    doc["policies"] = [policy_document(r, unit, explain, lang) for r in estimate.policies]
    doc["total"] = in_unit(estimate.total, unit)
    doc["warnings"] = list(estimate.warnings)
    doc["ipcalc"] = __version__
    return doc


def status_text(status: str, lang: str) -> str:
    return t(status, lang)


def summary_document(doc: dict[str, Any]) -> dict[str, Any]:
    """One profile's totals per policy (batch --summary)."""
    out: dict[str, Any] = {}
    if "source" in doc:
        out["source"] = doc["source"]
    out.update(doc["profile"])
    out["as_of"] = doc["as_of"]
    out["policies"] = [{"id": p["id"], "status": p["status"], "total": p["total"]} for p in doc["policies"]]
    out["total"] = doc["total"]
    return out
