"""The command line: a thin layer over the Python API (profile -> engine -> render).

Results go to stdout; messages go to stderr. Each command lives in its own module of this
package, imported and built only when it is called (Typer otherwise turns every command's
signature into options at each start). Every `IpcalcError` is caught once, in
`IpcalcGroup.invoke`, printed one line per problem in the command's language, and turned
into exit status 2 (`ExitStatus.BAD_INPUT`).
"""

import gc
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from ..errors import ExitStatus, Interrupted, IpcalcError, Problem, WriteFailed
from ..version import __version__

#: command name -> the module that defines it as `app`, in the order `--help` lists them
COMMANDS = {
    "estimate": "ipcalc.cli.estimate",
    "opportunities": "ipcalc.cli.opportunities",
    "compare": "ipcalc.cli.compare",
    "report": "ipcalc.cli.report",
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
            with stopping_signals_interrupt():
                result = super().invoke(ctx)
            sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
            return result
        except IpcalcError as exc:
            from ..i18n import default_lang

            say_problems(exc.problems, ctx.meta.get(LANG_KEY) or default_lang())
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
            raise typer.Exit(_write_failed(exc, ctx.meta.get(LANG_KEY))) from None


@contextmanager
def stopping_signals_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM, SIGHUP and SIGQUIT stop it as Ctrl-C does: a batch's
    workers torn down, no record torn, a file being written removed (no `.part` left), exit
    128 + the signal's number (143, 129, 131). A signal ignored on purpose (`nohup`) stays
    ignored."""
    import signal

    from ..errors import STOPPING_NAMES, on_stopping_signal

    previous = {}
    try:
        for name in STOPPING_NAMES:
            signum = getattr(signal, name, None)
            if signum is None or signal.getsignal(signum) is signal.SIG_IGN:
                continue
            previous[signum] = signal.signal(signum, on_stopping_signal)
    except ValueError:  # not the main thread (a program calling the command line from a thread)
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _quiet_stdout() -> None:
    from .streams import quiet_stdout

    quiet_stdout()


def resume_collection() -> None:
    """Freeze the objects start-up made and turn garbage collection back on, if `ipcalc`'s
    entry point turned it off (see `ipcalc.__main__`); otherwise nothing."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def say_problems(problems: tuple[Problem, ...] | list[Problem], lang: str) -> None:
    """One line per problem on stderr, in `lang`. The `error:` prefix is the same in every
    language, for grep and scripts."""
    from ..errors import shown
    from ..i18n import shown_safely
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
    help="Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite, and the clause behind every figure.",
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
def _main(version: bool = typer.Option(False, "--version", help="Show the version and exit.", is_eager=True, callback=_version)) -> None:
    """Calculate Chinese IP-policy entitlements: awards, interest and fee subsidies, the caps that bite,
    and the clause behind every figure."""


def main() -> None:
    """`ipcalc`: the command line, its standard streams made safe first (see `streams`). A
    write that fails outside a command (its help, the version, a usage error) or when the
    output is flushed at the end is said like one inside it: exit status 3."""
    from .streams import prepare

    prepare()
    try:
        app()
        status: Any = ExitStatus.OK
    except SystemExit as done:
        status = done.code
    except (WriteFailed, OSError) as exc:
        status = _write_failed(exc, None)
    if status in (0, None):
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        except (WriteFailed, OSError) as exc:
            status = _write_failed(exc, None)
    sys.exit(status)


def _write_failed(exc: BaseException, lang: str | None) -> int:
    """Say that the output could not be written (one line on standard error) and drop what
    is left of it: exit status 3. Anything else than a failed write is raised again."""
    from ..i18n import default_lang, msg
    from .streams import write_failure

    failure = write_failure(exc)
    if failure is None:
        raise exc
    _quiet_stdout()
    code = "write_failed_records" if isinstance(exc, WriteFailed) else "write_failed"  # a batch's records: cut back to whole ones
    say_problems([Problem(msg(code, reason=failure.strerror or failure), source="<stdout>")], lang or default_lang())
    return ExitStatus.WRITE_FAILED
