"""docs/cli.md: every command's `--help`, generated (`cog -r docs/cli.md`) so that the
reference cannot drift from the command line; the test suite runs `cog --check`."""

from __future__ import annotations

#: the subcommands of `ipcalc policies`, in the order --help lists them
POLICIES = ("list", "show", "check", "test", "new")


def help_text(*args: str) -> str:
    """What `ipcalc ARGS --help` prints at 80 columns, without colour."""
    import os

    from typer.testing import CliRunner

    from . import app

    saved = {name: os.environ.get(name) for name in ("COLUMNS", "TERM", "NO_COLOR", "FORCE_COLOR")}
    os.environ.update({"COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"})
    os.environ.pop("FORCE_COLOR", None)
    try:
        result = CliRunner().invoke(app, [*args, "--help"], terminal_width=80)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    text = result.stdout.replace("python -m ipcalc", "ipcalc").replace("Usage: root", "Usage: ipcalc")
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def cli_reference() -> str:
    """Markdown: `ipcalc --help`, then each command's (and each `policies` subcommand's)."""
    from . import COMMANDS

    parts = ["## ipcalc\n\n```text\n" + help_text() + "```\n"]
    for name in COMMANDS:
        parts.append(f"## ipcalc {name}\n\n```text\n{help_text(name)}```\n")
        if name == "policies":
            for sub in POLICIES:
                parts.append(f"### ipcalc policies {sub}\n\n```text\n{help_text(name, sub)}```\n")
    return "\n".join(parts)
