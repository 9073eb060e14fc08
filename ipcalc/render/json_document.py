"""The estimate as one plain document: the `--format json` shape (see README, "JSON").

Every formatter (json, csv, markdown) renders from this, so they never disagree. Amounts stay
`Decimal`; `--unit wan` divides them exactly by 10,000. Words come from `render.words`,
in the language asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..guidance import Guidance
from ..i18n import Locale
from ..money import TEN_THOUSAND
from ..record import Memo
from ..result import Estimate, Item, PolicyResult, Range
from ..version import __version__
from . import words

if TYPE_CHECKING:
    from .formats import Output

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


def guidance_document(guidance: Guidance, lang: str) -> dict[str, Any]:
    """How to apply, as JSON: each part `{"text", "clause", "quote"}`, or null where the text
    does not say."""
    return {
        part: None if said is None else {"text": said.text(lang), "clause": said.clause or None, "quote": said.quote or None}
        for part, said in guidance.parts()
    }


def item_document(
    item: Item,
    amount: Amount,
    lang: str,
    explain: bool,
    as_of: str,
    unit: str = "yuan",
    profile: Any = None,
    about: str | None = None,
    said: Words | None = None,
) -> dict[str, Any]:
    said = said or Words(lang, unit)
    note, reasons = said.note(item)
    doc: dict[str, Any] = {
        "rule": item.rule,
        "clause": item.clause,
        "label": item.label(lang),
        "basis": said.basis(item) if item.factors else "",
        "uncapped": amount(item.uncapped) if item.uncapped is not None else None,
        "cap": amount(item.cap) if item.cap is not None else None,
        "amount": amount(item.amount),
        "status": item.status,
        "note": note,
        "reasons": reasons,
        "fact": words.fact(item) if item.facts else None,
        "facts": words.facts_data(item),
        "for": about if about is not None else (words.fact_words(item, profile, lang) or None) if profile is not None and item.facts else None,
        "claimed": item.claimed,
        "payee": item.payee(lang) if item.payee is not None else None,
        "date": item.date.isoformat() if item.date is not None else as_of,
    }
    if explain:
        doc["factors"] = words.factors_data(item, lang)
        doc["text"] = list(item.text)
        doc["interpretation"] = words.interpretation(item, lang)
        doc["steps"] = words.steps(item, lang)
        doc["trace"] = words.trace_data(item, lang)
    return doc


class Words:
    """An item's words (its note and reasons, its basis) and warnings, in one language and
    unit, each said once per run: a batch shows the same few notes, bases and warnings in
    thousands of records, and saying one (rendering its sentences) costs far more than
    finding it again by what it says (its messages' codes and values). Bounded: at most
    `LIMIT` of each are kept."""

    LIMIT = 4096

    def __init__(self, lang: str, unit: str):
        self.lang = lang
        self.unit = unit
        self.notes: dict[object, tuple[str, list[dict[str, Any]]]] = {}
        self.bases: dict[object, str] = {}
        self.warnings: dict[object, dict[str, Any]] = {}

    def note(self, item: Item) -> tuple[str, list[dict[str, Any]]]:
        """The item's note (its reasons and interpretation in a line) and its reasons as data."""
        reasons = item.reasons
        key = (item.interpretation, tuple(r.key() for r in reasons))
        found = self.notes.get(key)
        if found is None:
            if len(self.notes) >= self.LIMIT:
                self.notes.clear()
            found = self.notes[key] = (words.note(item, self.lang), [r.data(self.lang) for r in reasons])
        return found

    def basis(self, item: Item) -> str:
        key = item.factors
        found = self.bases.get(key)
        if found is None:
            if len(self.bases) >= self.LIMIT:
                self.bases.clear()
            found = self.bases[key] = words.basis(item, self.lang, self.unit)
        return found

    def warnings_data(self, warnings: list[Any]) -> list[dict[str, Any]]:
        out = []
        for warning in warnings:
            key = warning.key()
            found = self.warnings.get(key)
            if found is None:
                if len(self.warnings) >= self.LIMIT:
                    self.warnings.clear()
                found = self.warnings[key] = words.warning_data(warning, self.lang)
            out.append(found)
        return out


class Documents:
    """Builds the documents of estimates for one run, in one language, unit and form.

    A support measure's item is the same for every profile shown it (the policy made it
    once, see `engine.Context.support`), so its document depends only on the policy, the
    rule and the date: it is built once per run and shared by the documents that show it
    (they are only read, by the writers). Measured on the batch benchmark: the documents
    cost 76 µs a profile without it, 31 µs with it. Bounded: at most `LIMIT` are kept."""

    LIMIT = 4096

    def __init__(
        self, *, lang: str = "en", unit: str = "yuan", explain: bool = False, number: Callable[[Decimal], Any] | None = None, guidance: bool = True
    ):
        self.lang = Locale(lang, unit)
        self.with_guidance = guidance
        self.unit = unit
        self.explain = explain
        self.number = number
        self.amount = converter(unit, number)
        self.supports: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.results = Memo()  # (result, its document) by (the result's id, the date)
        self.profile: Any = None
        self.abouts = Memo()
        self.said = Words(self.lang, unit)

    def item(self, policy: str, item: Item, as_of: str, profile: Any = None) -> dict[str, Any]:
        if item.facts:
            return item_document(item, self.amount, self.lang, self.explain, as_of, self.unit, profile, self.about(item, profile), self.said)
        key = (policy, item.rule, as_of)
        found = self.supports.get(key)
        if found is None:
            if len(self.supports) >= self.LIMIT:
                self.supports.clear()
            found = self.supports[key] = item_document(item, self.amount, self.lang, self.explain, as_of, self.unit, said=self.said)
        return found

    def about(self, item: Item, profile: Any) -> str | None:
        """The fact an item is for, in words; said once for every fact that reads the same
        (the same entry of a list, the same values: a loan's interest and its fees, and the
        like loans of a batch's profiles)."""
        if profile is None:
            return None
        abouts = self.abouts
        if not abouts.on:
            abouts.skip()
            return words.fact_words(item, profile, self.lang) or None
        facts = item.facts
        first = facts[0]
        if len(first) == 2 and len(facts) == 1 and item.year is None:
            section, index = first
            key: object = (section, index, item.subject, tuple(profile.facts[section][index].values()))
        elif len(first) == 1:
            key = (first[0], profile.values.get(first[0]))
        else:
            key = (facts, item.year)
        try:
            found = abouts.get(key)
        except TypeError:  # a value that cannot be hashed: said again
            return words.fact_words(item, profile, self.lang) or None
        if found is None:
            found = words.fact_words(item, profile, self.lang)
            abouts.put(key, found)
        return found or None

    def policy(self, result: PolicyResult, as_of: str, profile: Any = None) -> dict[str, Any]:
        """A policy's result as a document; said once for a result the engine gave again
        (the same evaluation of profiles that read the same, see `engine._SEEN`)."""
        results = self.results
        if not results.on:  # distinct profiles: no result is given again
            results.skip()
            return self._policy(result, as_of, profile)
        key = (id(result), as_of)
        found = results.get(key)
        if found is not None and found[0] is result:
            return found[1]
        doc = self._policy(result, as_of, profile)
        results.put(key, (result, doc))  # kept with its result, whose id is then not reused
        return doc

    def _policy(self, result: PolicyResult, as_of: str, profile: Any = None) -> dict[str, Any]:
        p = result.policy
        lang = self.lang
        doc: dict[str, Any] = {
            "id": p.id,
            "name": p.short(lang),
            "title": p.title(lang),
            "document": p.document,
            "origin": p.origin,
            "path": p.path if p.origin == "user" else None,
            "status": result.status,
            "valid_from": p.valid_from.isoformat() if p.valid_from else None,
            "valid_until": p.valid_until.isoformat() if p.valid_until else None,
            "items": [self.item(p.id, item, as_of, profile) for item in result.items],
            "total": self.amount(result.total),
            "still_to_claim": self.amount(result.to_claim),
            "readings": dict(result.readings),
            "range": self.range(result.range, result.total, with_readings=True),
        }
        if self.with_guidance:
            doc["apply"] = self.guidance(p)
        if self.explain:
            doc["jurisdiction"] = p.jurisdiction(lang)
            doc["issuer"] = p.issuer(lang) if p.issuer else None
            doc["source"] = p.source
            doc["questions"] = [
                {
                    "id": q.id,
                    "label": q.label(lang),
                    "text": list(q.text),
                    "readings": [{"id": r.id, "label": r.label(lang), "rationale": r.rationale(lang)} for r in q.readings],
                    "likely": q.likely,
                    "likely_source": q.likely_source(lang) if q.likely_source is not None else None,
                }
                for q in p.questions
            ]
        return doc

    def guidance(self, policy: Any) -> dict[str, Any]:
        """The policy's `apply`, and under `rules` what a rule adds to it (built once per
        policy a run)."""
        key = ("apply", policy.id, "")
        found = self.supports.get(key)
        if found is None:
            found = guidance_document(policy.apply, self.lang)
            found["rules"] = {r.id: guidance_document(r.apply, self.lang) for r in policy.rules if r.apply}
            self.supports[key] = found
        return found

    def range(self, span: Range | None, total: Decimal, *, with_readings: bool) -> dict[str, Any]:
        """`{low, high}` over the readings (a policy's also says which readings give each)."""
        low, high = (span.low, span.high) if span is not None else (total, total)
        doc: dict[str, Any] = {"low": self.amount(low), "high": self.amount(high)}
        if with_readings:
            doc["low_readings"] = dict(span.low_readings) if span is not None else {}
            doc["high_readings"] = dict(span.high_readings) if span is not None else {}
        return doc

    def estimate(self, estimate: Estimate, source: str | None = None) -> dict[str, Any]:
        """The JSON shape of an estimate."""
        profile = estimate.profile
        doc: dict[str, Any] = {"schema": SCHEMA}
        if source is not None:
            doc["source"] = source
        doc["profile"] = {"name": profile.name, "region": profile.region, "kind": profile.kind}
        as_of = doc["as_of"] = estimate.as_of.isoformat()
        if self.unit != "yuan":
            doc["unit"] = self.unit
        doc["policies"] = [self.policy(r, as_of, profile) for r in estimate.policies]
        doc["total"] = self.amount(estimate.total)
        doc["still_to_claim"] = self.amount(estimate.still_to_claim)
        doc["range"] = self.range(estimate.range, estimate.total, with_readings=False)
        groups = estimate.jurisdictions()
        if len(groups) > 1:
            doc["jurisdictions"] = [
                {"regions": list(g.regions), "applies": g.applies, "policies": g.policies, "total": self.amount(g.total)} for g in groups
            ]
        doc["warnings"] = self.said.warnings_data(estimate.warnings)
        doc["ipcalc"] = __version__
        return doc


def estimate_document(
    estimate: Estimate,
    *,
    lang: str = "en",
    unit: str = "yuan",
    explain: bool = False,
    source: str | None = None,
    number: Callable[[Decimal], Any] | None = None,
) -> dict[str, Any]:
    """The JSON shape of an estimate, in `lang`. `number` rewrites every amount
    (render.json_writer.mark, so that the JSON writer keeps their exact digits)."""
    return Documents(lang=lang, unit=unit, explain=explain, number=number).estimate(estimate, source)


def summary_document(estimate: Estimate, documents: Documents, source: str | None = None) -> dict[str, Any]:
    """One profile's totals per policy (`batch --summary`)."""
    profile = estimate.profile
    amount = documents.amount
    out: dict[str, Any] = {}
    if source is not None:
        out["source"] = source
    out.update({"name": profile.name, "region": profile.region, "kind": profile.kind})
    out["as_of"] = estimate.as_of.isoformat()
    if documents.unit != "yuan":
        out["unit"] = documents.unit
    out["policies"] = [
        {
            "id": r.policy.id,
            "status": r.status,
            "total": amount(r.total),
            "still_to_claim": amount(r.to_claim),
            "range": documents.range(r.range, r.total, with_readings=False),
        }
        for r in estimate.policies
    ]
    out["total"] = amount(estimate.total)
    out["still_to_claim"] = amount(estimate.still_to_claim)
    out["range"] = documents.range(estimate.range, estimate.total, with_readings=False)
    out["warnings"] = documents.said.warnings_data(estimate.warnings)
    return out


def write_estimate(result: Any, output: Output) -> None:
    """`ipcalc estimate --format json`: the document, indented."""
    output.stream.write(result.to_json(indent=2) + "\n")
