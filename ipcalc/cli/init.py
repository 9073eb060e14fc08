"""`ipcalc init`: write the commented profile template."""

import sys
from pathlib import Path
from typing import Optional

import typer

from . import command_app
from .options import LANG, LANGS, POLICIES

app = command_app("init")

#: the profile templates, one per language: profile.en.toml, profile.zh.toml
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@app.command("init", short_help="Write a commented profile template.")
def init(
    ctx: typer.Context,
    path: Optional[str] = typer.Argument(None, help="Where to write the template (default, or -: standard output).", show_default=False),
    *,
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The profile's date, YYYY-MM-DD (default: today).", metavar="DATE"),
    policies: Optional[list[str]] = POLICIES,
    lang: Optional[str] = LANG,
) -> None:
    """Write a commented profile template: every field, explained in English with the
    Chinese term (--lang zh: in Chinese), and those the --policies folders declare. It is
    dated (`as_of`) today unless --as-of says otherwise, so that it gives the same estimate
    on any later day."""
    from datetime import date

    from ..errors import IpcalcError, Problem
    from ..i18n import msg, t
    from ..inputs import check_target, write_whole
    from ..library import user_dirs
    from .options import chosen, language, parse_day

    chosen_lang = language(ctx, chosen(lang, LANGS, "'--lang'"))
    day = parse_day(as_of) if as_of else date.today()
    text = (TEMPLATES / f"profile.{chosen_lang}.toml").read_text(encoding="utf-8").replace("as_of = 2025-06-30 ", f"as_of = {day.isoformat()} ", 1)
    if user_dirs(policies):
        from ..render.template import declared_lines
        from .options import start

        _, found = start(ctx, None, policies)
        lines = declared_lines(found.vocabulary.schema)
        if lines:
            text += "\n".join(lines) + "\n"
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    check_target(path, force)
    try:
        write_whole(path, text.encode("utf-8"))  # beside it, then renamed: never through a link or into a FIFO
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot_write", reason=exc.strerror or exc), source=path)) from None
    sys.stderr.write(t("init_wrote", chosen_lang, path=path) + "\n")
