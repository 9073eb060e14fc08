"""`ipcalc completions`: print a shell completion script."""

import sys

import typer

from . import command_app
from .options import chosen, metavar

app = command_app("completions")

PROG = "ipcalc"
COMPLETE_VAR = "_IPCALC_COMPLETE"


SHELLS = ("bash", "zsh", "fish", "powershell")


def completion_script(shell: str) -> str:
    """The script `_IPCALC_COMPLETE=source_<shell> ipcalc` prints (a test keeps them equal)."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


@app.command("completions", short_help="Print a shell completion script.")
def completions(shell: str = typer.Argument(..., help="The shell to complete in.", metavar=metavar(SHELLS), show_default=False)) -> None:
    """Print the shell completion script (the same as the files in completions/)."""
    sys.stdout.write(completion_script(chosen(shell, SHELLS, "'SHELL'") or shell))
