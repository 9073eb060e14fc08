"""`ipcalc completions`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from enum import Enum
from typing import Annotated

import typer

from ..cli import command

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


@command("completions", short_help="Print a shell completion script.")
def completions(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", show_default=False)],
) -> None:
    """Print the shell completion script (the same as the files in completions/)."""
    sys.stdout.write(completion_script(shell.value))
