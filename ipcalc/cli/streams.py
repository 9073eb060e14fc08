"""The standard streams, made safe before anything is written, whatever they are:

- standard output closed (`>&-`): every write fails like a write to a closed file (EBADF),
  so that the command stops with exit status 3 (`WRITE_FAILED`) and one line on standard
  error, never a traceback; read-only (`1<file`) or full (`>/dev/full`): the same;
- standard error closed or unwritable: what would be said there is lost, and nothing else
  changes (the exit status is the command's own);
- a closed descriptor 0, 1 or 2 is opened on /dev/null, so that no file ipcalc opens later
  takes its number (and its output);
- both are written in UTF-8, whatever the locale: JSON and CSV are UTF-8, and Chinese labels
  cannot be written in ASCII or Latin-1.
"""

import errno
import io
import os
import sys
from typing import Any

#: what a write can fail with that means the output could not be written (a broken pipe is
#: the reader going away, not a failure: see `cli.IpcalcGroup.invoke`)
WRITE_ERRORS = frozenset({errno.EBADF, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EINVAL})


def write_failure(exc: BaseException) -> OSError | None:
    """The OSError of a failed write, if `exc` is one (a WriteFailed, or the OSError itself)."""
    from ..errors import WriteFailed

    failure = exc.args[0] if isinstance(exc, WriteFailed) and exc.args else exc
    if isinstance(failure, BrokenPipeError) or not isinstance(failure, OSError):
        return None
    if failure.errno in WRITE_ERRORS or isinstance(failure, io.UnsupportedOperation):  # a stream that cannot be written
        return failure
    return None


class Closed:
    """Standard output when its descriptor was closed: nothing can be written to it."""

    encoding = "utf-8"
    errors = "strict"

    def _closed(self, *args: Any) -> Any:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF), "<stdout>")

    write = fileno = _closed

    def flush(self) -> None:
        pass  # nothing is ever buffered: each write fails at once

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return False


class Forgiving:
    """Standard error, whatever becomes of it: a write or flush that fails (closed, full) is
    dropped. Everything else is the stream's own."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except (OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Sink:
    """Standard error when its descriptor was closed: what is said there is lost."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF), "<stderr>")


def prepare() -> None:
    """Make the standard streams safe (see the module's docstring); done once, first."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            except OSError:
                pass
    if sys.stdout is None:
        sys.stdout = Closed()
    else:
        _utf8(sys.stdout)
        sys.stdout = _whole_writes(sys.stdout)
    if sys.stderr is None:
        sys.stderr = _Sink()
    else:
        _utf8(sys.stderr)
        sys.stderr = Forgiving(sys.stderr)


class WholeWrites(io.RawIOBase):
    """A descriptor written whole or not at all: a write the system cut short (a file that
    reached `ulimit -f`, a signal) goes on with the rest, so that the next attempt fails
    loudly (EFBIG: exit status 3). Python's own streams take a short write as done: with
    PYTHONUNBUFFERED=1 the rest of the output was lost and the command exited 0."""

    def __init__(self, fd: int):
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self._fd, view[done:])
        return done


def _whole_writes(stream: Any) -> Any:
    """Standard output on a WholeWrites of its descriptor, in UTF-8, buffered as it was."""
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return stream  # not a descriptor (a test runner's stream): as it is
    buffered = io.BufferedWriter(WholeWrites(fd), buffer_size=1 << 16)
    return io.TextIOWrapper(
        buffered,
        encoding="utf-8",
        errors=getattr(stream, "errors", "strict"),
        newline=None,
        line_buffering=getattr(stream, "line_buffering", False),
        write_through=getattr(stream, "write_through", False),
    )


def _utf8(stream: Any) -> None:
    encoding = getattr(stream, "encoding", None)
    if encoding and encoding.replace("-", "").lower() != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")


def quiet_stdout() -> None:
    """Drop what is still buffered for standard output (it could not, or need not, be
    written): Python would otherwise try again at exit, and fail loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    if isinstance(sys.stdout, Closed):
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
