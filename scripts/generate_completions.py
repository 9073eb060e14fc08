"""Write completions/ from the command line itself:  python scripts/generate_completions.py

Each script is what `_IPCALC_COMPLETE=source_<shell> ipcalc` prints (`--show-completion`
would detect the current shell instead of the one asked for). tests/test_completions.py
fails when a shipped file differs from the CLI's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {"bash": "ipcalc.bash", "zsh": "_ipcalc", "fish": "ipcalc.fish", "powershell": "ipcalc.ps1"}


def generate(shell: str) -> str:
    env = {**os.environ, "_IPCALC_COMPLETE": f"source_{shell}", "PYTHONPATH": str(ROOT)}
    code = "import sys; sys.argv[0] = 'ipcalc'; from ipcalc.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip() + "\n"


def main() -> None:
    folder = ROOT / "completions"
    folder.mkdir(exist_ok=True)
    for shell, name in FILES.items():
        (folder / name).write_text(generate(shell), encoding="utf-8")
        print(f"wrote completions/{name}")


if __name__ == "__main__":
    main()
