"""Every command's output on the examples and the snapshot profiles, byte for byte.

A refactoring must leave these unchanged; a change made on purpose is reviewed as a diff
of the files in tests/snapshots/out/. To rewrite them from the current code:

    .venv/bin/python tests/test_snapshots.py
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOTS = HERE / "snapshots"
OUT = SNAPSHOTS / "out"

EXAMPLES = sorted(f"examples/{p.name}" for p in (ROOT / "examples").glob("*.toml"))
PROFILES = sorted(f"tests/snapshots/profiles/{p.name}" for p in (SNAPSHOTS / "profiles").glob("*.toml"))
USER = "--policies tests/snapshots/policies"


def commands() -> list[str]:
    cmds: list[str] = []
    for path in EXAMPLES + PROFILES:
        extra = f" {USER}" if "dongjin" in path else ""
        cmds += [
            f"estimate {path} -f json --explain{extra}",
            f"estimate {path} -f json --explain --lang zh{extra}",
            f"estimate {path} -f table --explain{extra}",
            f"estimate {path} -f table --explain --lang zh{extra}",
            f"estimate {path} -f csv{extra}",
            f"estimate {path} -f csv --lang zh{extra}",
            f"estimate {path} -f markdown --explain{extra}",
            f"estimate {path} -f markdown --lang zh --unit wan{extra}",
            f"estimate {path} -f json --unit wan{extra}",
        ]
    for path in EXAMPLES:
        cmds += [f"compare {path} -f table", f"compare {path} -f json", f"compare {path} -f table --lang zh --unit wan"]
        cmds += [f"compare {path} -f markdown", f"compare {path} -f markdown --lang zh --unit wan"]
        cmds += [f"opportunities {path} -f json", f"opportunities {path} -f table --lang zh"]
        cmds += [f"opportunities {path} -f table", f"opportunities {path} -f csv", f"opportunities {path} -f markdown --lang zh --unit wan"]

    def examples(name: str) -> str:
        return f"--policies examples/policies/{name}"

    cmds += [
        f"estimate {examples('qingdao')} --region qingdao --sme --loan principal=20000000,signed=2024-09-10,issued=2024-09-20,months=12,first_pledge=true --as-of 2025-06-30 -f table --explain",
        f"estimate {examples('fujian')} --region fujian --loan principal=8000000,months=12,issued=2024-03-01,rate=0.028,repaid=true --as-of 2025-06-30 -f json --explain",
        f"estimate {examples('jinan')} --region jinan --trademark type=madrid,countries=15,date=2024-03-01 --as-of 2025-06-30 -f csv --lang zh",
        f"estimate {examples('ningbo')} --region ningbo --patent type=invention,route=foreign,country=US,date=2006-06-01 --as-of 2006-12-31 -f markdown",
        f"opportunities {examples('qingdao')} --region qingdao --sme --loan principal=20000000,signed=2024-09-10,issued=2024-09-20,months=12,first_pledge=true --as-of 2025-06-30 -f json",
        f"policies show qingdao {examples('qingdao')} --as-of 2025-06-30",
        f"policies show fujian {examples('fujian')} --as-of 2025-06-30 --lang zh",
        "policies test examples/policies",
        "policies test",
        "policies check examples/policies",
        "estimate examples/xiangzhou-enterprise.toml --reading xiangzhou.interest_rate=lpr --reading xiangzhou.pledge_fees=combined -f table",
        "estimate examples/ningxia-srdi.toml --reading ningxia.applicants=srdi_only -f json",
        "estimate examples/xiangzhou-enterprise.toml -f markdown --unit wan",
        "estimate examples/xiangzhou-enterprise.toml -f csv --explain --bom",
        "batch examples -f csv --lang zh --unit wan",
        "batch examples -f jsonl --summary",
        "init --as-of 2025-06-30 --policies examples/policies/qingdao --policies examples/policies/jinan",
    ]
    cmds += [
        "batch examples -f jsonl",
        "batch examples tests/snapshots/profiles -f csv",
        "batch examples tests/snapshots/profiles -f jsonl --summary --lang zh",
        "batch examples tests/snapshots/profiles -f csv --summary --unit wan",
        "policies list --as-of 2025-06-30",
        "policies list --as-of 2025-06-30 --lang zh",
        "policies list --as-of 2025-06-30 -f json",
        f"policies list --as-of 2025-06-30 {USER}",
        "policies check",
        "policies check tests/snapshots/policies",
        "rates",
        "rates --lang zh --on 2019-01-01",
        "rates -f json --on 2024-03-01",
        "rates --on 2026-09-01",
        "init --as-of 2025-06-30",
        "completions bash",
    ]
    for pid in ("xiangzhou", "ningxia", "sichuan", "shaoyang"):
        cmds += [f"policies show {pid} --as-of 2025-06-30", f"policies show {pid} --as-of 2025-06-30 --lang zh"]
    cmds.append(f"policies show dongjin --as-of 2025-06-30 {USER}")
    for command in (
        "",
        "estimate",
        "opportunities",
        "batch",
        "compare",
        "init",
        "rates",
        "completions",
        "policies",
        "policies list",
        "policies show",
        "policies check",
        "policies test",
        "policies new",
    ):
        cmds.append(f"{command} --help".strip())
    cmds += [
        "estimate --region xiangzhou --kind school --title title=ip_education_pilot_school,level=city --as-of 2025-06-30 -f json",
        "estimate --region ningxia --as-of 2024-12-31 --foreign-trademarks 2 -f json",
        "estimate --region xiangzhou --loan principal=3000000,months=12,issued=2024-03-01 --as-of 2025-06-30 -f csv",
        "estimate --region ningxia --loan principal=1000000,months=12,repaid=true --lpr 3% --as-of 2025-01-01 -f json --explain",
        "estimate --policy xiangzhou --policy ningxia --region ningxia --patent-agents 2 --as-of 2025-06-30 -f table",
        "estimate --region nowhere",
        "estimate --region ningxia --loan principal=-5,months=0 --lang zh",
        "estimate --region xiangzhou --title title=ip_pilot_enterprise,level=national --award award=gold",
        "estimate tests/snapshots/nope.toml",
        "estimate --region ningxia --policy ningxai",
        "batch - --lang zh",
    ]
    return cmds


INPUTS = {"batch - --lang zh": '{"region": "x"}\n{"region": "ningxia", "foreign_trademarks": 1, "as_of": "2025-01-01"}\nnot json\n'}


def slug(command: str) -> str:
    return re.sub(r"[^A-Za-z0-9.=%]+", "-", command).strip("-")[:150] or "help"


def run(command: str) -> str:
    from ipcalc.cli import app

    result = CliRunner().invoke(app, shlex.split(command), input=INPUTS.get(command))
    return f"$ ipcalc {command}\nexit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"


def test_every_snapshot_has_a_command():
    names = {slug(c) + ".txt" for c in commands()}
    assert len(names) == len(commands()), "two commands share a snapshot name"
    assert {p.name for p in OUT.glob("*.txt")} == names


@pytest.mark.parametrize("command", commands(), ids=slug)
def test_output_is_unchanged(command: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    expected = (OUT / f"{slug(command)}.txt").read_text(encoding="utf-8")
    assert run(command) == expected


def update() -> None:
    """Rewrite every snapshot from the current code, in the tests' pinned environment."""
    import tempfile

    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS", "CI", "LC_ALL", "LC_MESSAGES", "IPCALC_POLICIES", "XDG_CACHE_HOME"):
        os.environ.pop(name, None)
    os.environ.update({"COLUMNS": "80", "TERM": "dumb", "LANG": "C.UTF-8", "IPCALC_CACHE": tempfile.mkdtemp() + "/cache"})
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    for command in commands():
        (OUT / f"{slug(command)}.txt").write_text(run(command), encoding="utf-8")


if __name__ == "__main__":
    update()
