"""Benchmark ipcalc against an earlier version of itself, run alternately on the same input.

    .venv/bin/python benchmarks/bench.py --against 3d6ddad          # every measurement
    .venv/bin/python benchmarks/bench.py --against 3d6ddad --quick  # fewer runs

The machine's speed drifts by up to 2x from hour to hour, so a rate measured alone says
nothing; each figure here is a ratio of two things measured in the same minute, alternating:

(a) batch CPU per profile (user + system time, `-j 1`), this tree / REV, on 5,000 and 20,000
    generated profiles: each a Xiangzhou or Ningxia enterprise with one title, one premium
    and one loan (the profiles of issue 26, whose contents repeat every 700 profiles), and the
    same with every amount distinct;
(b) the parallel speed-up: `-j 2` / `-j 1` wall time on 20,000 profiles, this tree;
(c) memory: peak RSS of a batch of 50,000 profiles / one of 5,000, this tree;
(d) start-up: CPU of one `ipcalc estimate` of an example / a bare Typer app that reads the same
    TOML file and prints a Rich table, for this tree and REV.

Both trees run from source (PYTHONPATH) with this interpreter and its installed packages,
each with a cache of its own. REV is extracted with `git archive`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable

#: what (d) compares an estimate's start-up with: the least a Typer command does that reads
#: the same profile and shows it as a Rich table (a row per fact, each entry of a list apart)
BARE_TYPER = """
import sys, tomllib
import typer

app = typer.Typer()

@app.command()
def estimate(profile: str, format: str = "table") -> None:
    from rich.console import Console
    from rich.table import Table

    with open(profile, "rb") as f:
        data = tomllib.load(f)
    table = Table("fact", "entry", "value")
    for key, value in data.items():
        if isinstance(value, list):
            for n, entry in enumerate(value, 1):
                table.add_row(key, f"#{n}", ", ".join(f"{k} {v}" for k, v in entry.items()))
        else:
            table.add_row(key, "", str(value))
    Console(width=80).print(table)

if __name__ == "__main__":
    app()
"""


def issue_profile(i: int, distinct: bool = False) -> dict:
    """A profile of issue 26's batch: a Xiangzhou or Ningxia enterprise, one title, one
    premium, one loan (distinct: every amount its own)."""
    premium = 1000 + 7 * i if distinct else 1000 * (i % 50)
    principal = 100000 + 1013 * i if distinct else 100000 * (1 + i % 20)
    fee = 500 + i if distinct else 500 * (i % 7)
    return {
        "name": f"c{i}",
        "region": ["xiangzhou", "ningxia"][i % 2],
        "as_of": "2024-12-31",
        "titles": [{"title": "ip_advantage_enterprise", "level": "national"}],
        "insurance": [{"premium": premium}],
        "loans": [{"principal": principal, "issued": "2024-03-01", "months": 12, "repaid": True, "pledge_share": 0.5, "guarantee_fee": fee}],
    }


def write_profiles(path: Path, count: int, distinct: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps(issue_profile(i, distinct)) + "\n")
    return path


def extract(rev: str, into: Path) -> Path:
    """The tree of a commit, written out with `git archive`."""
    archive = into / "rev.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", rev], cwd=ROOT, stdout=out, check=True)
    tree = into / "rev"
    tree.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


class Tree:
    """A version of ipcalc run from its source, with a cache of its own."""

    def __init__(self, path: Path, name: str, cache: Path):
        self.path, self.name = path, name
        self.env = {**os.environ, "PYTHONPATH": str(path), "IPCALC_CACHE": str(cache), "NO_COLOR": "1"}
        self.env.pop("IPCALC_POLICIES", None)

    def check(self) -> None:
        """That this tree's ipcalc is the one its commands run."""
        found = subprocess.run(
            [PYTHON, "-P", "-c", "import ipcalc; print(ipcalc.__file__)"], env=self.env, capture_output=True, text=True, check=True
        )
        if not Path(found.stdout.strip()).resolve().is_relative_to(self.path.resolve()):
            raise SystemExit(f"{self.name}: ipcalc is imported from {found.stdout.strip()}, not from {self.path}")

    def command(self, *args: str) -> list[str]:
        # -P: the current folder is not put first on the path (run from a checkout, `-m ipcalc`
        # would otherwise find the checkout's ipcalc, whatever PYTHONPATH says)
        return [PYTHON, "-P", "-m", "ipcalc", *args]


def cpu(cmd: list[str], env: dict, stdin: Path | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of a command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as src:
        done = subprocess.run(cmd, stdin=src, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited with status {done.returncode}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def paired(a: tuple[list[str], dict, Path | None], b: tuple[list[str], dict, Path | None], runs: int, which: int = 0) -> tuple[float, float, float]:
    """The medians of a and b (CPU, or wall with which=1), run alternately, and the median
    of the per-pair ratios a/b."""
    cpu(*a), cpu(*b)  # warm: bytecode, caches
    pairs = [(cpu(*a)[which], cpu(*b)[which]) for _ in range(runs)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs), statistics.median(p[0] / p[1] for p in pairs))


def peak_rss_mb(cmd: list[str], env: dict, stdin: Path) -> float:
    helper = (
        "import resource, subprocess, sys, os, json;"
        f"subprocess.run({cmd!r}, stdin=open({str(stdin)!r}, 'rb'), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=json.loads(sys.argv[1]));"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", helper, json.dumps(env)], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", metavar="REV", required=True, help="the commit to compare with (3d6ddad: before the regression)")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        head = Tree(ROOT, "this tree", work / "cache-head")
        rev = Tree(extract(args.against, work), args.against, work / "cache-rev")
        head.check()
        rev.check()
        print(f"this tree ({ROOT}) against {args.against}, {runs} alternating pairs each, medians of the pairs' ratios")

        # (a) batch CPU per profile
        for count in (5000, 20000):
            for distinct in (False, True):
                data = write_profiles(work / f"in-{count}-{distinct}.jsonl", count, distinct)
                ours, theirs, ratio = paired(
                    (head.command("batch", "-", "-j", "1"), head.env, data), (rev.command("batch", "-", "-j", "1"), rev.env, data), runs
                )
                kind = "distinct amounts" if distinct else "issue 26's profiles"
                print(
                    f"(a) batch CPU, {count:,} {kind}: {ratio:.2f}x ({ours / count * 1e6:.0f} vs {theirs / count * 1e6:.0f} us a profile, this minute)"
                )

        # (b) -j 2 / -j 1
        data = work / "in-20000-False.jsonl"
        two, one, ratio = paired(
            (head.command("batch", "-", "-j", "2"), head.env, data), (head.command("batch", "-", "-j", "1"), head.env, data), runs, which=1
        )
        print(f"(b) batch wall time, 20,000 profiles, -j 2 / -j 1: {ratio:.2f}x")

        # (c) memory, 50,000 / 5,000 profiles
        large = write_profiles(work / "in-50000.jsonl", 50000)
        small = work / "in-5000-False.jsonl"
        big, little = (peak_rss_mb(head.command("batch", "-"), head.env, large), peak_rss_mb(head.command("batch", "-"), head.env, small))
        print(f"(c) peak memory, 50,000 / 5,000 profiles: {big / little:.2f}x ({big:.0f} MB vs {little:.0f} MB)")

        # (d) start-up: an estimate / a bare Typer app reading the same TOML, printing a Rich table
        bare = work / "bare_typer.py"
        bare.write_text(BARE_TYPER)
        example = str(ROOT / "examples" / "xiangzhou-enterprise.toml")
        env = {**os.environ, "COLUMNS": "80"}
        for tree in (head, rev):
            started = [
                PYTHON,
                "-P",
                "-c",
                "import sys; from ipcalc.__main__ import main; sys.argv[0] = 'ipcalc'; main()",
                "estimate",
                example,
                "--format",
                "table",
            ]
            ours, theirs, ratio = paired((started, {**tree.env, "COLUMNS": "80"}, None), ([PYTHON, str(bare), example], env, None), runs * 3)
            print(f"(d) start-up CPU, {tree.name}: one estimate / a bare Typer app: {ratio:.2f}x")


if __name__ == "__main__":
    main()
