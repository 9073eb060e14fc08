"""Benchmark ipcalc against bare floors on this machine. Run by hand, not by the tests:

    .venv/bin/python benchmarks/bench.py            # all three measurements
    .venv/bin/python benchmarks/bench.py --quick    # fewer runs

(a) one `ipcalc estimate PROFILE --format json` process vs a bare Typer app of the same
    installation (median wall time of several runs), as a ratio; target <= 1.3x.
(b) `ipcalc batch - --format jsonl` over 5,000 generated profiles vs a bare script that
    only parses each line and writes a JSON object of similar size; targets >= 5,000
    profiles/s and <= 6x the floor.
(c) peak memory (max RSS) of the batch for 5,000 and 50,000 profiles; target: within 20%.
(d) the progress display: `ipcalc batch - < FILE` over 50,000 profiles (a file: the bar is
    drawn) with standard error on a pseudo-terminal, the display on vs `--quiet`, run alternately; target: at most 2% slower.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable

BARE_TYPER = '''
import json, sys
import typer

app = typer.Typer()

@app.command()
def estimate(profile: str, format: str = "json") -> None:
    sys.stdout.write(json.dumps({"profile": profile, "total": 0}) + "\\n")

if __name__ == "__main__":
    app()
'''

BARE_JSON = '''
import json, sys

size = int(sys.argv[1])
out = sys.stdout
for line in sys.stdin:
    if not line.strip():
        continue
    profile = json.loads(line)
    record = {"source": "<stdin>", "profile": profile, "pad": "x" * max(size - len(line) - 40, 0)}
    out.write(json.dumps(record, ensure_ascii=False) + "\\n")
'''

TITLES = {
    "xiangzhou": [("ip_demonstration_enterprise", "provincial"), ("ip_pilot_enterprise", "city"), ("ip_management_standard", None)],
    "ningxia": [("ip_advantage_enterprise", "national"), ("ip_cultivation_pilot_enterprise", "regional")],
    "sichuan": [("ip_demonstration_enterprise", "national")],
    "shaoyang": [("ip_advantage_enterprise", "national")],
}


def profile(rng: random.Random, n: int) -> dict:
    """A realistic client: a region, a few titles, awards, loans, deals and cases."""
    region = rng.choice(list(TITLES))
    day = lambda: f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"  # noqa: E731
    p: dict = {"name": f"Client {n}", "region": region, "as_of": "2025-06-30"}
    if rng.random() < 0.5:
        p["foreign_invention_patents"] = rng.randint(0, 5)
        p["foreign_trademarks"] = rng.randint(0, 5)
    if rng.random() < 0.3:
        p["patent_agents"] = rng.randint(1, 3)
    titles = []
    for title, level in rng.sample(TITLES[region], rng.randint(0, len(TITLES[region]))):
        entry = {"title": title, "date": day()}
        if level:
            entry["level"] = level
        titles.append(entry)
    if titles:
        p["titles"] = titles
    if rng.random() < 0.4:
        p["awards"] = [{"award": rng.choice(["china_patent_gold", "china_patent_excellence", "provincial_patent_silver"]), "amount": 100000, "date": day()}]
    if rng.random() < 0.5:
        p["insurance"] = [{"premium": rng.randint(1, 50) * 1000, "date": day()} for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.6:
        p["loans"] = [
            {
                "principal": rng.randint(1, 100) * 100000,
                "issued": day(),
                "months": rng.choice([6, 12, 24, 36]),
                "rate": round(rng.uniform(0.025, 0.05), 4),
                "pledge_share": round(rng.uniform(0.3, 1), 2),
                "repaid": rng.random() < 0.7,
                "guarantee_fee": rng.randint(0, 50) * 1000,
                "evaluation_fee": rng.randint(0, 20) * 1000,
            }
            for _ in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.4:
        p["inbound_deals"] = [{"amount": rng.randint(1, 50) * 20000, "mode": rng.choice(["purchase", "licence", "equity"]), "implemented": rng.random() < 0.8, "date": day()}]
    if rng.random() < 0.3:
        p["cases"] = [{"scope": rng.choice(["domestic", "foreign"]), "costs": rng.randint(1, 30) * 10000, "date": day()} for _ in range(rng.randint(1, 3))]
    return p


def write_profiles(path: Path, count: int, seed: int = 2025) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps(profile(rng, n), ensure_ascii=False) + "\n")


def ipcalc_command() -> list[str]:
    found = shutil.which("ipcalc", path=str(Path(PYTHON).parent))
    return [found] if found else [PYTHON, "-m", "ipcalc"]


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def interleaved(a: list[str], b: list[str], runs: int, cwd: Path) -> tuple[float, float, float]:
    """Median wall time of each command and the median of the per-pair ratios b/a, the two
    run alternately so that both see the same load on the machine."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(wall(a, cwd))
        times_b.append(wall(b, cwd))
    ratios = [tb / ta for ta, tb in zip(times_a, times_b)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def instructions(cmd: list[str], cwd: Path) -> int | None:
    """Instructions executed (valgrind callgrind): the same count on every run (with a fixed
    hash seed: Python's randomised hashing moves the count by about a million)."""
    if not shutil.which("valgrind"):
        return None
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", *cmd],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        ).stderr
    for line in out.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    return None


def timed_pipe(cmd: list[str], stdin: Path) -> tuple[float, int]:
    """Wall time and bytes written, for a command reading `stdin`."""
    with stdin.open("rb") as src:
        start = time.perf_counter()
        done = subprocess.run(cmd, stdin=src, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - start, len(done.stdout)


def peak_rss_mb(cmd: list[str], stdin: Path) -> float:
    """Max resident set size of one child process, measured by a fresh helper."""
    helper = (
        "import resource, subprocess, sys;"
        f"subprocess.run({cmd!r}, stdin=open({str(stdin)!r}, 'rb'), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", helper], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def on_terminal(cmd: list[str], stdin: Path) -> float:
    """Wall time of a command whose standard error is a pseudo-terminal (read and thrown away
    as a terminal would show it), standard input the file `stdin`, standard output /dev/null."""
    import pty
    import threading

    master, slave = pty.openpty()

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:  # the terminal closed
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    start = time.perf_counter()
    with stdin.open("rb") as src:
        status = subprocess.run(cmd, stdin=src, stdout=subprocess.DEVNULL, stderr=slave, env={**env, "TERM": "xterm-256color"}, check=False).returncode
    took = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with status {status}")
    os.close(slave)
    reader.join(5)
    os.close(master)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--runs", type=int, default=None, help="process runs for (a) (default 21, quick 7)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions for (a) with valgrind")
    args = parser.parse_args()
    runs = args.runs or (7 if args.quick else 21)
    ipcalc = ipcalc_command()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "bare_typer.py").write_text(BARE_TYPER)
        (work / "bare_json.py").write_text(BARE_JSON)
        example = ROOT / "examples" / "xiangzhou-enterprise.toml"

        # (a) start-up: one estimate vs a bare Typer app
        bare_cmd = [PYTHON, str(work / "bare_typer.py"), str(example)]
        ours_cmd = [*ipcalc, "estimate", str(example), "--format", "json"]
        interleaved(bare_cmd, ours_cmd, 3, work)  # warm the caches (and ipcalc's policy cache)
        bare, ours, ratio = interleaved(bare_cmd, ours_cmd, runs, work)
        print(f"(a) one estimate: {ours * 1000:.0f} ms vs bare Typer app {bare * 1000:.0f} ms "
              f"-> {ratio:.2f}x (target <= 1.3x; median of {runs} interleaved pairs)")
        if args.instructions:
            counted = instructions(bare_cmd, work), instructions(ours_cmd, work)
            if None not in counted:
                print(f"    instructions: {counted[1] / 1e6:.0f}M vs {counted[0] / 1e6:.0f}M -> {counted[1] / counted[0]:.2f}x")

        # (b) throughput: batch over 5,000 profiles vs a bare JSON floor
        small = work / "profiles-5000.jsonl"
        write_profiles(small, 5000)
        batch = [*ipcalc, "batch", "-", "--format", "jsonl"]
        timed_pipe(batch, small)  # warm
        best_ours, size = min(timed_pipe(batch, small) for _ in range(3 if args.quick else 5))
        floor_cmd = [PYTHON, str(work / "bare_json.py"), str(size // 5000)]
        best_floor, floor_size = min(timed_pipe(floor_cmd, small) for _ in range(3 if args.quick else 5))
        print(f"(b) batch of 5,000: {best_ours:.2f} s = {5000 / best_ours:,.0f} profiles/s "
              f"({size / 5000:,.0f} bytes each) vs bare JSON floor {best_floor:.2f} s "
              f"({floor_size / 5000:,.0f} bytes each) -> {best_ours / best_floor:.2f}x "
              f"(targets >= 5,000/s, <= 6x; best of runs)")

        # (c) memory: 5,000 vs 50,000 profiles
        large = work / "profiles-50000.jsonl"
        write_profiles(large, 50000)
        rss_small = peak_rss_mb(batch, small)
        rss_large = peak_rss_mb(batch, large)
        print(f"(c) peak memory: {rss_small:.1f} MB for 5,000, {rss_large:.1f} MB for 50,000 "
              f"-> {(rss_large / rss_small - 1) * 100:+.1f}% (target within 20%)")

        # (d) the progress display on a terminal vs --quiet
        shown = [*ipcalc, "batch", "-", "--format", "jsonl"]
        quiet = [*shown, "--quiet"]
        on_terminal(shown, large)  # warm
        pairs = [(on_terminal(quiet, large), on_terminal(shown, large)) for _ in range(5 if args.quick else 9)]
        ratio = statistics.median(b / a for a, b in pairs)
        print(f"(d) progress display: {min(b for _, b in pairs):.2f} s shown vs {min(a for a, _ in pairs):.2f} s "
              f"--quiet for 50,000 -> {(ratio - 1) * 100:+.1f}% (target <= +2%; median of {len(pairs)} pairs)")


if __name__ == "__main__":
    main()
