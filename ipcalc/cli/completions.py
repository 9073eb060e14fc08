"""`ipcalc completions`: print a shell completion script."""

import sys
from enum import Enum

import typer

from . import command_app

app = command_app("completions")

PROG = "ipcalc"
COMPLETE_VAR = "_IPCALC_COMPLETE"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def completion_script(shell: str) -> str:
    """The script `_IPCALC_COMPLETE=source_<shell> ipcalc` prints (a test keeps them equal)."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


@app.command("completions", short_help="Print a shell completion script.")
def completions(shell: Shell = typer.Argument(..., help="The shell to complete in.", show_default=False)) -> None:
    """Print the shell completion script (the same as the files in completions/)."""
    sys.stdout.write(completion_script(shell.value))
