"""The estimate as one plain document: the JSON shape of PRODUCT.md.

Every formatter (json, csv, markdown, table) renders from this, so they never disagree.
Amounts stay `Decimal`; `--unit wan` divides them exactly by 10,000.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from .. import __version__
from ..engine import Estimate, Item, PolicyResult
from ..i18n import t
from ..money import TEN_THOUSAND

SCHEMA = 1


def in_unit(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None or unit == "yuan":
        return value
    return value / TEN_THOUSAND  # exact: dividing by a power of ten only moves the point


Amount = Callable[[Decimal | None], Any]


def converter(unit: str, number: Callable[[Decimal], Any] | None) -> Amount:
    """How each amount is written: in yuan or wan, then through `number` (JSON marks it)."""
    if number is None:
        return lambda value: in_unit(value, unit)

    def convert(value: Decimal | None) -> Any:
        if value is None:
            return None
        return number(in_unit(value, unit))  # type: ignore[arg-type]

    return convert


def item_document(item: Item, amount: Amount, explain: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "rule": item.rule,
        "clause": item.clause,
        "label": item.label,
        "basis": item.basis,
        "uncapped": amount(item.uncapped),
        "cap": amount(item.cap),
        "amount": amount(item.amount),
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


#: (item, unit, number, explain, prebuilt) -> (item, document) for shared qualitative items
#: (see the engine's memo): their documents are the same every time, so they are built once,
#: and for compact JSON (`prebuilt`) encoded once.
_QUALITATIVE_DOCS: dict[tuple[int, str, object, bool, bool], tuple[Item, Any]] = {}


def _items(items: list[Item], amount: Amount, explain: bool, unit: str, number: object, prebuilt: bool) -> list[Any]:
    out = []
    for item in items:
        if item.status != "qualitative":
            out.append(item_document(item, amount, explain))
            continue
        key = (id(item), unit, number, explain, prebuilt)
        found = _QUALITATIVE_DOCS.get(key)
        if found is None or found[0] is not item:
            if len(_QUALITATIVE_DOCS) >= 2048:
                _QUALITATIVE_DOCS.clear()
            doc = item_document(item, amount, explain)
            if prebuilt:
                from .jsonout import Raw, dumps

                doc = Raw(dumps(doc))
            found = _QUALITATIVE_DOCS[key] = (item, doc)
        out.append(found[1])
    return out


def policy_document(
    result: PolicyResult,
    amount: Amount,
    explain: bool,
    lang: str,
    unit: str = "yuan",
    number: object = None,
    prebuilt: bool = False,
) -> dict[str, Any]:
    p = result.policy
    doc: dict[str, Any] = {
        "id": p.id,
        "title": p.title(lang),
        "document": p.document,
        "status": result.status,
        "valid_from": p.valid_from.isoformat() if p.valid_from else None,
        "valid_until": p.valid_until.isoformat() if p.valid_until else None,
        "items": _items(result.items, amount, explain, unit, number, prebuilt),
        "total": amount(result.total),
    }
    if explain:
        doc["jurisdiction"] = p.jurisdiction(lang)
        doc["issuer"] = p.issuer(lang) if p.issuer else None
        doc["source"] = p.source
    return doc


def estimate_document(
    estimate: Estimate,
    *,
    unit: str = "yuan",
    explain: bool = False,
    source: str | None = None,
    number: Callable[[Decimal], Any] | None = None,
    prebuilt: bool = False,
) -> dict[str, Any]:
    """The JSON shape of an estimate. `number` rewrites every amount (render.jsonout.mark);
    `prebuilt` (compact JSON only) lets shared items come as pre-encoded jsonout.Raw."""
    lang = estimate.lang
    profile = estimate.profile
    doc: dict[str, Any] = {"schema": SCHEMA}
    if source is not None:
        doc["source"] = source
    doc["profile"] = {"name": profile.name, "region": profile.region, "kind": profile.kind}
    doc["as_of"] = estimate.as_of.isoformat()
    if unit != "yuan":
        doc["unit"] = unit
    amount = converter(unit, number)
    doc["policies"] = [policy_document(r, amount, explain, lang, unit, number, prebuilt) for r in estimate.policies]
    doc["total"] = amount(estimate.total)
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
