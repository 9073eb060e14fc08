"""The command line: a thin layer over the Python API (profile -> engine -> render).

Results go to stdout; messages go to stderr. Each command lives in its own module of this
package, imported and built only when it is called (Typer otherwise turns every command's
signature into options at each start). Every `IpcalcError` is caught once, in
`IpcalcGroup.invoke`, printed one line per problem in the command's language, and turned
into exit status 2 (`ExitStatus.BAD_INPUT`).
"""

import errno
import gc
import importlib
import os
import sys
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from ..version import __version__
from ..errors import ExitStatus, Interrupted, IpcalcError, Problem, WriteFailed

#: command name -> the module that defines it as `app`, in the order `--help` lists them
COMMANDS = {
    "estimate": "ipcalc.cli.estimate",
    "opportunities": "ipcalc.cli.opportunities",
    "compare": "ipcalc.cli.compare",
    "batch": "ipcalc.cli.batch",
    "policies": "ipcalc.cli.policies",
    "rates": "ipcalc.cli.rates",
    "init": "ipcalc.cli.init",
    "completions": "ipcalc.cli.completions",
}
#: where a command records its language, for messages printed at the boundary
LANG_KEY = "ipcalc.lang"
#: where the group keeps the arguments of the command being resolved
ARGS_KEY = "ipcalc.args"


class IpcalcGroup(TyperGroup):
    """The top-level group: builds sub-commands on demand, and is the one place where bad
    input becomes a clear message and exit status 2."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        ctx.meta[ARGS_KEY] = list(args)  # a command may depend on them (estimate's user facts)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in COMMANDS and name not in self.commands:
            module = importlib.import_module(COMMANDS[name])
            if hasattr(module, "command_for"):
                app = module.command_for(ctx.meta.get(ARGS_KEY, []))
            else:
                app = module.app
            self.add_command(typer.main.get_command(app), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: Any) -> Any:
        resume_collection()
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
            return result
        except IpcalcError as exc:
            from ..i18n import default_lang

            report(exc.problems, ctx.meta.get(LANG_KEY) or default_lang())
            raise typer.Exit(ExitStatus.BAD_INPUT) from None
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (`ipcalc batch ... | head`): stop quietly
            raise typer.Exit(ExitStatus.OK) from None
        except KeyboardInterrupt:  # Ctrl-C: no traceback; a batch's workers are already gone
            _quiet_stdout()
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except Interrupted as exc:  # SIGTERM during a batch
            _quiet_stdout()
            raise typer.Exit(128 + exc.signum) from None
        except (WriteFailed, OSError) as exc:
            failure = exc.args[0] if isinstance(exc, WriteFailed) else exc
            if not isinstance(failure, OSError) or failure.errno not in _WRITE_ERRORS:
                raise
            from ..i18n import default_lang, msg

            _quiet_stdout()
            report([Problem(msg("write_failed", reason=failure.strerror or failure), source="<stdout>")], ctx.meta.get(LANG_KEY) or default_lang())
            raise typer.Exit(ExitStatus.WRITE_FAILED) from None


#: errors only a write can meet: the output could not be written
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _quiet_stdout() -> None:
    """Drop what is still buffered for standard output (it could not, or need not, be
    written): Python would otherwise try again at exit, and fail loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def resume_collection() -> None:
    """Freeze the objects start-up made and turn garbage collection back on, if `ipcalc`'s
    entry point turned it off (see `ipcalc.__main__`); otherwise nothing."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def report(problems: tuple[Problem, ...] | list[Problem], lang: str) -> None:
    """One line per problem on stderr, in `lang`. The `error:` prefix is the same in every
    language, for grep and scripts."""
    from ..checks import shown_safely
    from ..errors import shown
    from .output import use_color

    prefix = "\x1b[31merror:\x1b[0m " if use_color(sys.stderr) else "error: "
    sys.stderr.write("".join(f"{prefix}{shown_safely(p.render(lang))}\n" for p in shown(problems)))
    sys.stderr.flush()


def command_app(name: str, **settings: Any) -> typer.Typer:
    """The Typer app a command module defines its command on (one command per module)."""
    return typer.Typer(name=name, add_completion=False, rich_markup_mode=None, **settings)


app = typer.Typer(
    cls=IpcalcGroup,
    name="ipcalc",
    help="Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite, "
    "and the clause behind every figure.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ipcalc {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", is_eager=True, callback=_version),
) -> None:
    """Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite,
    and the clause behind every figure."""


def main() -> None:
    _utf8_streams()
    app()


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale: JSON and CSV are UTF-8, and Chinese labels cannot be
    written in ASCII or Latin-1. A name that is not UTF-8 is refused, never written back."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and encoding.replace("-", "").lower() != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
