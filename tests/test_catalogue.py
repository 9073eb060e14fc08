"""Every sentence of the catalogue can be formatted: its fields are names (a literal brace is
doubled), and each place that says it gives every field it has, in both languages. Two
messages once held `{ factor = ... }` and `[]`-like literal braces, and saying them raised
KeyError instead of the problem they were meant to report."""

from __future__ import annotations

import ast
import string
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

from ipcalc.catalogue import every
from ipcalc.i18n import Msg

CATALOGUE = every()


def fields(template: str) -> list[tuple[str, str]]:
    """(name, format spec) of each field of a template."""
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_field_is_a_name(code: str):
    for template in CATALOGUE[code]:
        for name, _ in fields(template):
            assert name.isidentifier(), f"{code}: {{{name}}} is not a field (a literal brace is written {{{{ }}}}): {template!r}"


def _sample(spec: str) -> object:
    """A value a field with this format spec takes."""
    if not spec:
        return "x"
    return Decimal("1234.5") if any(c in spec for c in "fd%,") else "x"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_sentence_formats_with_values_for_its_fields(code: str):
    en, zh = CATALOGUE[code]
    values = {name: _sample(spec) for template in (en, zh) for name, spec in fields(template)}
    for lang, template in (("en", en), ("zh", zh)):
        said = Msg(code, values).render(lang)  # raises if a field has no value
        assert said.count("{") == template.count("{{"), (code, said)  # every field filled


def _calls() -> list[tuple[Path, int, str, set[str] | None]]:
    """(file, line, code, keywords given, or None where they are passed as **values) of every
    msg("code", ...), t("code", lang, ...) and Msg("code", {...}) in ipcalc."""
    found = []
    for path in sorted((ROOT / "ipcalc").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            if not isinstance(code, str):
                continue
            if node.func.id in ("msg", "t"):
                given: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
                if any(k.arg is None for k in node.keywords):
                    given = None
                found.append((path, node.lineno, code, given))
            elif node.func.id == "Msg" and len(node.args) == 2 and isinstance(node.args[1], ast.Dict):
                keys = node.args[1].keys
                if all(isinstance(k, ast.Constant) for k in keys):
                    found.append((path, node.lineno, code, {k.value for k in keys}))  # type: ignore[union-attr]
    return found


#: fields a place leaves to be filled where the sentence is said: a trace's base is named
#: where the arithmetic is rendered (render.words)
FILLED_LATER = {"step_base": {"basis"}}


def test_every_place_that_says_a_sentence_gives_its_fields():
    calls = _calls()
    assert len(calls) > 500
    missing = []
    for path, line, code, given in calls:
        if given is None or code not in CATALOGUE:
            continue
        needed = {name for template in CATALOGUE[code] for name, _ in fields(template)}
        if needed - given - FILLED_LATER.get(code, set()):
            missing.append(f"{path.relative_to(ROOT)}:{line}: {code} lacks {sorted(needed - given)}")
    assert missing == []


def test_the_two_messages_that_once_raised_are_said(tmp_path: Path):
    # `rate = "top_up"` without `target`, and `schedule = []`, in a policy folder.
    from conftest import invoke

    source = ROOT / "tests" / "policies" / "clauses"
    for change in (("target = { factor = 1.2 }", ""), ("schedule = [", "schedule = []\nunused = [")):
        folder = tmp_path / change[0][:6]
        folder.mkdir()
        for item in source.rglob("*"):
            if item.is_file():
                place = folder / item.relative_to(source)
                place.parent.mkdir(parents=True, exist_ok=True)
                place.write_bytes(item.read_bytes())
        texts = [p for p in folder.glob("*.toml") if change[0] in p.read_text(encoding="utf-8")]
        assert texts, change
        texts[0].write_text(texts[0].read_text(encoding="utf-8").replace(change[0], change[1], 1), encoding="utf-8")
        result = invoke("policies", "check", str(folder))
        assert result.exit_code == 2 and "Traceback" not in result.output and "KeyError" not in result.output, result.output
        assert result.stderr.startswith("error: ") or result.stdout, result.output
