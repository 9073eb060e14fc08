"""Reading a policy's contested clauses: `[[questions]]`, each with its named readings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ..checks import describe, did_you_mean
from ..errors import Problem, ProblemList
from ..i18n import Text, msg
from ..model import AggregateCap, Clause, Question, Reading
from ..rules.base import Rule
from ..rules.reader import FieldChecks
from ..toml_reader import Reader, bilingual, identifier, strings
from ..toml_text import line_of


class PolicyReader(Protocol):
    """What reading the questions needs of the policy file's reader (`policy.PolicyReader`):
    its problems and text, and how it reads a table, a rule, a cap and a clause (a reading
    may change or add them)."""

    problems: ProblemList
    text: str
    checks: FieldChecks

    def reader(self, data: Any, path: str) -> Reader: ...

    def rule(self, value: Any, path: str, groups: Mapping[str, Text]) -> Rule | None: ...

    def cap(self, value: Any, path: str, rules: Mapping[str, Rule]) -> AggregateCap | None: ...

    def clause(self, value: Any, path: str, *, quoted: bool = True) -> Clause | None: ...


#: the most readings a question may have, and questions a policy may have: every reading is
#: a total to find for each estimate (a question of 300 readings, or 100 of three, once took
#: 20 s to minutes); a contested clause is read two or three ways
MAX_READINGS = 10
MAX_QUESTIONS = 50


def read_questions(
    pr: PolicyReader, raw: Any, rule_data: list[Any], cap_data: list[Any], rules: list[Rule], groups: Mapping[str, Text]
) -> tuple[Question, ...]:
    """`[[questions]]`, each with `[[questions.readings]]`: the first reading is the rules
    as written; the others change rules (`change.RULE = { key = value }`), leave rules
    out (`drop`), add requirements (`require`, to `require_rules` or every paying rule),
    change caps (`change_caps.CAP = { ... }`), add a `blacklist` clause, and may carry a
    `warning` shown when they are in force (and the profile meets `warn_when`)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
        pr.problems.add("questions", msg("expected_array_of_tables", where="questions", got=describe(raw)), line_of(pr.text, "questions"))
        return ()
    raw_rules = {v["id"]: v for v in rule_data if isinstance(v, dict) and isinstance(v.get("id"), str)}
    raw_caps = {v["id"]: v for v in cap_data if isinstance(v, dict) and isinstance(v.get("id"), str)}
    by_id = {r.id: r for r in rules}
    found: list[Question] = []
    seen: set[str] = set()
    if len(raw) > MAX_QUESTIONS:  # each combination of readings is a total to find
        pr.problems.add("questions", msg("questions_too_many", given=len(raw), most=MAX_QUESTIONS), line_of(pr.text, "questions"))
        return ()
    for index, value in enumerate(raw):
        path = f"questions[{index}]"
        q = pr.reader(value, path)
        qid = q.take("id", identifier, required=True)
        label = q.take("label", bilingual, required=True)
        text = q.take("text", strings, default=())
        likely = q.take("likely", identifier)
        likely_source = q.take("likely_source", bilingual)
        raw_readings = q.raw("readings")
        q.finish()
        if (likely is None) != (likely_source is None):
            q.error("likely" if likely is None else "likely_source", msg("likely_with_source"))
        if qid in seen:
            q.error("id", msg("question_twice", id=qid))
        seen.add(qid or "")
        if not isinstance(raw_readings, list) or len(raw_readings) < 2 or not all(isinstance(r, dict) for r in raw_readings):
            q.error("readings", msg("readings_needed"))
            continue
        if len(raw_readings) > MAX_READINGS:
            q.error("readings", msg("readings_too_many", given=len(raw_readings), most=MAX_READINGS))
            continue
        readings: list[Reading] = []
        for rindex, rvalue in enumerate(raw_readings):
            reading = _reading(pr, rvalue, f"{path}.readings[{rindex}]", raw_rules, raw_caps, by_id, groups, first=rindex == 0)
            if reading is not None:
                if any(r.id == reading.id for r in readings):
                    pr.problems.add(
                        f"{path}.readings[{rindex}].id", msg("reading_twice", id=reading.id), line_of(pr.text, f"{path}.readings[{rindex}].id")
                    )
                    continue
                readings.append(reading)
        if likely is not None and not any(r.id == likely for r in readings):
            q.error("likely", msg("likely_unknown", likely=likely, allowed=", ".join(r.id for r in readings)))
        if qid and label and len(readings) == len(raw_readings):
            found.append(Question(qid, label, tuple(text or ()), tuple(readings), likely, likely_source))
    return tuple(found)


def _reading(
    pr: PolicyReader,
    value: Any,
    path: str,
    raw_rules: Mapping[str, Any],
    raw_caps: Mapping[str, Any],
    rules: Mapping[str, Rule],
    groups: Mapping[str, Text],
    *,
    first: bool,
) -> Reading | None:
    r = pr.reader(value, path)
    rid = r.take("id", identifier, required=True)
    label = r.take("label", bilingual, required=True)
    rationale = r.take("rationale", bilingual, required=True)
    change = r.raw("change")
    drop = r.take("drop", strings, default=())
    require = pr.checks.conditions(r, "require", None, with_because=True)
    require_rules = r.take("require_rules", strings, default=None)
    change_caps = r.raw("change_caps")
    add_caps = r.raw("add_caps")
    drop_caps = r.take("drop_caps", strings, default=())
    unset = r.raw("unset")
    blacklist = pr.clause(r.raw("blacklist"), f"{path}.blacklist", quoted=False) if "blacklist" in r.data else None
    warning = r.take("warning", bilingual)
    warn_when = pr.checks.conditions(r, "warn_when", None, with_because=False)
    r.finish()
    changed = _changed_rules(pr, r, path, drop or (), change, raw_rules, rules, groups, unset)
    targets = tuple(require_rules) if require_rules is not None else tuple(n for n, rule in rules.items() if rule.monetary)
    for name in targets:
        if name not in rules:
            r.error("require_rules", msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)))
    caps_changed = _changed_caps(pr, r, path, change_caps, raw_caps, rules)
    caps_changed.update(_caps_added_or_dropped(pr, r, path, add_caps, drop_caps or (), raw_caps, rules))
    reading = Reading(
        rid or "",
        label or Text("", ""),
        rationale or Text("", ""),
        changed,
        tuple(require),
        targets if require else (),
        caps_changed,
        blacklist,
        warning,
        tuple(warn_when),
    )
    affected = set(changed) | set(reading.require_rules) | {n for cap in caps_changed.values() if cap is not None for n in cap.rules}
    affected.update(n for name in caps_changed for n in (raw_caps.get(name) or {}).get("rules", ()) if isinstance(n, str))
    after_end = (
        bool(changed)
        and not (require or caps_changed or blacklist)
        and all(rule is not None and name in rules and _differs(rule, rules[name]) <= {"until_policy_end", "note"} for name, rule in changed.items())
    )
    reading = reading._replace(inputs=tuple(rules[n].needs() for n in sorted(affected) if n in rules), after_end_only=after_end)
    if first and reading.changes:
        r.error("", msg("first_reading_changes"))
    if not (rid and label and rationale):
        return None
    return reading


def _differs(rule: Rule, original: Rule) -> set[str]:
    """The fields in which a rule as a reading has it differs from the rule as written."""
    return {name for name in rule._fields if getattr(rule, name) != getattr(original, name)}


def _changed_rules(
    pr: PolicyReader,
    r: Reader,
    path: str,
    drop: tuple[str, ...],
    change: Any,
    raw_rules: Mapping[str, Any],
    rules: Mapping[str, Rule],
    groups: Mapping[str, Text],
    unset: Any = None,
) -> dict[str, Rule | None]:
    """The rules a reading leaves out (`drop`: None) or reads otherwise (`change.RULE = {
    key = value }`, `unset.RULE = ["key", ...]`: the rule read again with those keys set, or
    without those keys: `best`, a `cap`, a `require` the reading does not see)."""
    changed: dict[str, Rule | None] = {}
    for name in drop:
        if name not in rules:
            r.error("drop", msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)))
        changed[name] = None
    if change is not None and not isinstance(change, dict):
        r.error("change", msg("expected_named_tables", key="change", got=describe(change)))
        change = None
    removed: dict[str, tuple[str, ...]] = {}
    if unset is not None:
        if not isinstance(unset, dict) or not all(isinstance(v, list) and all(isinstance(k, str) for k in v) for v in unset.values()):
            r.error("unset", msg("expected_unset", got=describe(unset)))
        else:
            removed = {name: tuple(keys) for name, keys in unset.items()}
    for name in dict.fromkeys([*(change or {}), *removed]):
        keys = (change or {}).get(name, {})
        where = f"{path}.change.{name}" if name in (change or {}) else f"{path}.unset.{name}"
        if name not in raw_rules:
            pr.problems.add(where, msg("reading_rule_unknown", name=name, hint=did_you_mean(name, rules)), line_of(pr.text, where))
            continue
        if not isinstance(keys, dict) or "id" in keys or "kind" in keys:
            pr.problems.add(where, msg("reading_change_keys"), line_of(pr.text, where))
            continue
        gone = removed.get(name, ())
        wrong = [k for k in gone if k in ("id", "kind", "clause", "label", "text") or k not in raw_rules[name]]
        if wrong:
            where = f"{path}.unset.{name}"
            pr.problems.add(where, msg("unset_key_unknown", key=wrong[0]), line_of(pr.text, where))
            continue
        before = len(pr.problems.items)
        rule = pr.rule({**{k: v for k, v in raw_rules[name].items() if k not in gone}, **keys}, where, groups)
        _said_once(pr, before, where, keys)
        if rule is not None:
            changed[name] = rule
    return changed


def _caps_added_or_dropped(
    pr: PolicyReader, r: Reader, path: str, add_caps: Any, drop_caps: tuple[str, ...], raw_caps: Mapping[str, Any], rules: Mapping[str, Rule]
) -> dict[str, AggregateCap | None]:
    """The caps a reading adds (`add_caps = [{ id = ..., rules = [...], per, limit, ... }]`)
    and those it does without (`drop_caps = ["id"]`)."""
    found: dict[str, AggregateCap | None] = {}
    for name in drop_caps:
        if name not in raw_caps:
            r.error("drop_caps", msg("reading_cap_unknown", name=name, hint=did_you_mean(name, raw_caps)))
            continue
        found[name] = None
    if add_caps is None:
        return found
    if not isinstance(add_caps, list) or not all(isinstance(c, dict) for c in add_caps):
        r.error("add_caps", msg("expected_caps", cap_data_shown=describe(add_caps)))
        return found
    for index, value in enumerate(add_caps):
        where = f"{path}.add_caps[{index}]"
        cap = pr.cap(value, where, rules)
        if cap is None:
            continue
        if cap.id in raw_caps:  # the policy has it: change_caps reads it otherwise
            pr.problems.add(f"{where}.id", msg("reading_cap_exists", name=cap.id), line_of(pr.text, f"{where}.id"))
            continue
        found[cap.id] = cap
    return found


def _said_once(pr: PolicyReader, before: int, where: str, keys: Mapping[str, Any]) -> None:
    """A rule re-read with a reading's change repeats the rule's own mistakes: those already
    said at the rule (same key, same words) and not in a key the change sets are dropped."""
    new = pr.problems.items[before:]
    if not new:
        return
    said = {(p.path.split("].", 1)[-1], str(p.message)) for p in pr.problems.items[:before] if p.path.startswith("rules[")}

    def repeated(problem: Problem) -> bool:
        key = problem.path[len(where) + 1 :] if problem.path.startswith(where + ".") else ""
        return key.split(".", 1)[0].split("[", 1)[0] not in keys and (key, str(problem.message)) in said

    pr.problems.items[before:] = [p for p in new if not repeated(p)]


def _changed_caps(
    pr: PolicyReader, r: Reader, path: str, change_caps: Any, raw_caps: Mapping[str, Any], rules: Mapping[str, Rule]
) -> dict[str, AggregateCap | None]:
    """The caps a reading reads otherwise (`change_caps.CAP = { key = value }`)."""
    caps_changed: dict[str, AggregateCap | None] = {}
    if change_caps is None:
        return caps_changed
    if not isinstance(change_caps, dict):
        r.error("change_caps", msg("expected_named_tables", key="change_caps", got=describe(change_caps)))
        return caps_changed
    for name, keys in change_caps.items():
        where = f"{path}.change_caps.{name}"
        if name not in raw_caps or not isinstance(keys, dict) or "id" in keys:
            pr.problems.add(where, msg("reading_cap_unknown", name=name, hint=did_you_mean(name, raw_caps)), line_of(pr.text, where))
            continue
        caps_changed[name] = pr.cap({**raw_caps[name], **keys}, where, rules)
    return caps_changed
