"""The package's structure: its layers (the import-linter contracts in pyproject.toml), and no
loop anywhere in its import graph, counting imports inside functions and under
TYPE_CHECKING."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", str(cwd / "pyproject.toml")], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.subprocess
def test_the_contracts_are_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line",
    [
        ("result.py", "from . import engine  # a result reaching up into the engine"),
        ("rules/interest.py", "from ..render import words  # a rule reaching up into the renderers"),
        ("render/table_writer.py", "from ..engine import evaluate  # a renderer computing"),
    ],
)
@pytest.mark.subprocess
def test_a_deliberate_violation_breaks_them(tmp_path: Path, module: str, line: str):
    shutil.copytree(ROOT / "ipcalc", tmp_path / "ipcalc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "ipcalc" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _reach_up():\n    {line}\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout


def loops(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return found


def test_no_loop_in_the_import_graph():
    graph = grimp.build_graph("ipcalc", cache_dir=None)  # type-checking imports included
    assert loops(graph) == []
