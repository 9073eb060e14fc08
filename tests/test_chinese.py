"""Chinese a client can read: every command's `--lang zh` output on the examples, scanned for
ASCII words. Allowed: what a user types or a script reads (ids of policies, rules, questions
and readings, profile keys and their values, options, file paths, the JSON keys and id
fields, the CSV id columns), the names of standards and rates (LPR, GB/T, ISO, PCT),
document numbers, and the profiles' own names. Anything else is English left in Chinese
output. And `--unit wan`: no amount in yuan anywhere."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import EXAMPLES, invoke, lib
from test_report import yuan_amounts

from ipcalc import schema

PROFILES = sorted(EXAMPLES.glob("*.toml"))
#: the names of standards, rates and routes written as such in Chinese texts, and a slip
#: of the source text quoted verbatim ("IOO万元")
TERMS = {"LPR", "GB", "T", "ISO", "PCT", "IOO", "EP", "US", "JSON"}
#: JSON fields whose values are words for people (the others are ids, codes, dates, numbers)
HUMAN_FIELDS = {
    "title",
    "label",
    "basis",
    "note",
    "text",
    "interpretation",
    "steps",
    "jurisdiction",
    "issuer",
    "for",
    "needs",
    "rationale",
    "likely_source",
    "name",
}
#: CSV columns that stay ids in every language, so that rows can be joined (documented)
ID_COLUMNS = {"来源", "地区", "规则", "事实路径"}


def allowed_words() -> set[str]:
    """Every id a user types or a script reads."""
    library = lib()
    words = set(TERMS) | {"ipcalc", "reading", "policies", "show", "toml", "txt", "sources", "estimate", "yuan", "wan", "true", "false"}
    facts = library.vocabulary.schema
    words |= set(facts.scalars) | set(facts.sections) | set(library.regions)
    for section in facts.sections.values():
        words |= set(section.fields)
        for fdef in section.fields.values():
            words |= {str(c) for c in fdef.choices or ()}
    for fdef in facts.scalars.values():
        words |= {str(c) for c in fdef.choices or ()}
    words |= set(library.vocabulary.titles) | set(library.vocabulary.awards) | set(library.vocabulary.levels)
    words |= set(schema.APPLICANT_KINDS)
    for policy in library.policies.values():
        words |= {policy.id, *policy.regions, *(r.id for r in policy.rules), *(r.kind for r in policy.rules)}
        words |= {c.id for c in policy.caps}
        for question in policy.questions:
            words |= {question.id, *(r.id for r in question.readings)}
    return words


def names() -> set[str]:
    """The profiles' own names (the client's data, not ipcalc's words)."""
    return {tomllib.loads(p.read_text(encoding="utf-8")).get("name", "") for p in PROFILES} - {""}


def strays(text: str, allowed: set[str]) -> set[str]:
    """The ASCII words of `text` that are not allowed."""
    for name in names():
        text = text.replace(name, " ")
    text = re.sub(r"--[a-z][a-z-]*", " ", text)  # options
    text = text.replace("<br>", " ")  # a line break inside a Markdown table's cell
    text = re.sub(r"[A-Za-z0-9_./-]+\.(toml|txt|xlsx)", " ", text)  # file paths
    text = re.sub(r"www\.[a-z0-9.]+", " ", text)  # web addresses in citations
    return {word for word in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if word not in allowed}


def human_strings(value: object, key: str = "") -> list[str]:
    """The strings of a JSON document meant for people."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in human_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in human_strings(v, key)]
    return [value] if isinstance(value, str) and key in HUMAN_FIELDS else []


def csv_words(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, head in enumerate(rows[0]) if head not in ID_COLUMNS]
    return "\n".join(" ".join(row[i] for i in keep if i < len(row)) for row in rows)


def outputs(profile: Path) -> dict[str, str]:
    """Every command's Chinese output on one example, as the words to scan."""
    path = str(profile)
    out: dict[str, str] = {}
    for fmt in ("table", "markdown"):
        out[f"estimate {fmt}"] = invoke("estimate", path, "-f", fmt, "--lang", "zh", "--explain").stdout
        out[f"opportunities {fmt}"] = invoke("opportunities", path, "-f", fmt, "--lang", "zh").stdout
        out[f"compare {fmt}"] = invoke("compare", path, "-f", fmt, "--lang", "zh").stdout
    for command in ("estimate", "opportunities", "compare"):
        doc = json.loads(invoke(command, path, "-f", "json", "--lang", "zh", *(["--explain"] if command == "estimate" else [])).stdout)
        out[f"{command} json"] = "\n".join(human_strings(doc))
    estimate_csv = invoke("estimate", path, "-f", "csv", "--lang", "zh", "--explain")
    out["estimate csv"] = csv_words(estimate_csv.stdout) + "\n" + estimate_csv.stderr
    out["batch csv"] = csv_words(invoke("batch", path, "-f", "csv", "--summary", "--lang", "zh").stdout)
    return out


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_chinese_output_has_no_english_words(profile: Path):
    allowed = allowed_words()
    for what, text in outputs(profile).items():
        assert strays(text, allowed) == set(), f"{profile.name}: {what}"


def test_chinese_listings_and_messages_have_no_english_words():
    allowed = allowed_words()
    texts = {
        "policies list": invoke("policies", "list", "--lang", "zh").stdout,
        # (the line "核对至" cites the English-language articles the newest fixings were
        # checked against, by their titles: a citation, not ipcalc's words)
        "rates": "\n".join(line for line in invoke("rates", "--lang", "zh").stdout.splitlines() if "核对至" not in line),
        "init": "\n".join(line.partition("#")[2] for line in invoke("init", "--lang", "zh").stdout.splitlines()),
        # the "error:" prefix is the same in every language, for scripts that grep for it
        "a bad profile": invoke("estimate", "--region", "ningxia", "--loan", "principal=-5,months=0", "--lang", "zh").stderr.replace("error: ", ""),
        "a bad JSON line": json.loads(invoke("batch", "-", "--lang", "zh", input='{"a":\n').stdout)["error"].replace("<stdin>:1: ", ""),
        "an unused reading": invoke(
            "estimate", "--region", "xiangzhou", "--reading", "ningxia.applicants=srdi_only", "-f", "table", "--lang", "zh"
        ).stdout,
    }
    for policy in lib().policies:
        texts[f"policies show {policy}"] = invoke("policies", "show", policy, "--lang", "zh").stdout
    for what, text in texts.items():
        assert strays(text, allowed) == set(), what


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_unit_wan_shows_no_amount_in_yuan(profile: Path):
    path = str(profile)
    for lang in ("en", "zh"):
        for fmt in ("table", "markdown", "csv"):
            for command in ("estimate", "opportunities"):
                text = invoke(
                    command, path, "-f", fmt, "--lang", lang, "--unit", "wan", *(["--explain"] if command == "estimate" and fmt != "csv" else [])
                ).stdout
                if fmt == "csv":
                    text = csv_words(text)
                assert yuan_amounts(text) == [], f"{profile.name}: {command} {fmt} {lang}"
        for fmt in ("table", "markdown"):
            text = invoke("compare", path, "-f", fmt, "--lang", lang, "--unit", "wan").stdout
            assert yuan_amounts(text) == [], f"{profile.name}: compare {fmt} {lang}"
        doc = json.loads(invoke("estimate", path, "-f", "json", "--lang", lang, "--unit", "wan", "--explain").stdout)
        assert yuan_amounts("\n".join(human_strings(doc))) == [], f"{profile.name}: json {lang}"


def test_an_unused_reading_is_said():
    # A Ningxia reading on a Xiangzhou profile changes nothing: said, not silently accepted.
    doc = json.loads(
        invoke("estimate", "--region", "xiangzhou", "--patent-agents", "1", "--reading", "ningxia.applicants=srdi_only", "-f", "json").stdout
    )
    (warning,) = [w for w in doc["warnings"] if w["code"] == "warn_reading_unused"]
    assert (
        warning["text"]
        == "Ningxia: a reading of it was asked for, but it is not evaluated for this profile (region xiangzhou), so the reading changes nothing"
    )
    assert (warning["policy"], warning["question"], warning["reading"]) == ("ningxia", "applicants", "srdi_only")
    assert (warning["policy"], warning["question"], warning["reading"]) == ("ningxia", "applicants", "srdi_only")


def test_init_in_chinese_gives_a_working_profile(tmp_path: Path):
    out = invoke("init", "--lang", "zh", "--as-of", "2025-06-30")
    assert out.exit_code == 0 and out.stdout.startswith("# ipcalc 客户档案")
    profile = tmp_path / "p.toml"
    profile.write_text(out.stdout, encoding="utf-8")
    doc = json.loads(invoke("estimate", str(profile), "-f", "json").stdout)
    assert doc["profile"]["name"] == "示例科技有限公司" and doc["total"] == 0
    written = invoke("init", str(tmp_path / "q.toml"), "--lang", "zh")
    assert written.stderr == f"已写入 {tmp_path / 'q.toml'};编辑后运行:ipcalc estimate {tmp_path / 'q.toml'}\n"
