"""`ipcalc init`: imported only when the command is called (see cli.LAZY_COMMANDS)."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..cli import command
from ..errors import IpcalcError, Problem
from ..i18n import msg

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "profile.toml"


@command("init", short_help="Write a commented profile template.")
def init(
    path: Annotated[
        Optional[str], typer.Argument(help="Where to write the template (default, or -: standard output).", show_default=False)
    ] = None,
    *,
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a commented profile template: every field, in English with the Chinese term."""
    text = TEMPLATE.read_text(encoding="utf-8")
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    if target.is_dir():
        raise IpcalcError(Problem(msg("is a folder; give a file name such as client.toml"), source=path))
    if target.exists() and not force:
        raise IpcalcError(Problem(msg("already exists; pass --force to overwrite it"), source=path))
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot write: {reason}", reason=exc.strerror or exc), source=path)) from None
    from ..i18n import set_language, t

    sys.stderr.write(t("init_wrote", set_language(None), path=path) + "\n")
