"""The wheel built from the repository carries the policies and works from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.subprocess  # every test here runs a tool in a process of its own

POLICY_FILES = {
    "ningxia.toml",
    "rates.toml",
    "shaoyang.toml",
    "sichuan.toml",
    "vocabulary.toml",
    "xiangzhou.toml",
    "xiangzhou.cases.toml",
    "ningxia.cases.toml",
    "sichuan.cases.toml",
    "shaoyang.cases.toml",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)], cwd=ROOT, check=True, capture_output=True)
    (built,) = out.glob("ipcalc-*.whl")
    return built


def test_wheel_contains_the_policy_files(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"ipcalc/policies/{name}" for name in POLICY_FILES} <= names
    assert {
        "ipcalc/cli/__init__.py",
        "ipcalc/templates/profile.en.toml",
        "ipcalc/templates/profile.zh.toml",
        "ipcalc/templates/policy/policy.toml",
        "ipcalc/cli/batch.py",
        "ipcalc/catalogue/words.py",
        "ipcalc/rules/share.py",
    } <= names
    assert not any(name.startswith("policies/") for name in names), "policies must live inside the package"


def test_wheel_works_from_another_directory(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    import compileall

    compileall.compile_dir(str(site), quiet=1)  # as pip does on install (each process below would compile it all)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "IPCALC_POLICIES")}
    env["PYTHONPATH"] = str(site)
    where = subprocess.run(
        [sys.executable, "-P", "-c", "import ipcalc.library as l; print(l.__file__); print(l.bundled_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module, policies = where.stdout.splitlines()
    assert module.startswith(str(site)) and policies.startswith(str(site))
    run = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "ipcalc",
            "estimate",
            "--region",
            "ningxia",
            "--as-of",
            "2024-12-31",
            "--foreign-trademarks",
            "2",
            "--format",
            "json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    # Ningxia measure 1: 2 trademarks registered abroad x 1万元 = 20,000.
    assert json.loads(run.stdout, parse_float=Decimal)["total"] == Decimal("20000.00")
    template = subprocess.run([sys.executable, "-P", "-m", "ipcalc", "init"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert template.returncode == 0 and template.stdout.startswith("# ipcalc profile")
    # The bundled policies' cases pass from the installed package, and so does a new skeleton.
    cases = subprocess.run([sys.executable, "-P", "-m", "ipcalc", "policies", "test"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert cases.returncode == 0, cases.stdout + cases.stderr
    assert cases.stdout.startswith("policies/ningxia.cases.toml (policy ningxia)\n")
    new = subprocess.run(
        [sys.executable, "-P", "-m", "ipcalc", "policies", "new", "demo", "x"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert new.returncode == 0, new.stderr
    for command in (["policies", "check", "x"], ["policies", "test", "x"]):
        done = subprocess.run([sys.executable, "-P", "-m", "ipcalc", *command], cwd=elsewhere, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
