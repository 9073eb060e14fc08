"""Reading inputs safely, and saving profiles: the only file I/O for facts.

Only regular files are read, and never more than a bound: a FIFO or a device given where a
file is expected (`/dev/zero`, a named pipe called `client.toml`) would otherwise hang
ipcalc or fill its memory. Files are opened without blocking, checked on the open
descriptor, and read up to a limit.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from .checks import parse_toml
from .errors import IpcalcError, Problem
from .i18n import msg

#: the largest profile, policy or source text file read (10 MiB), stated in messages
MAX_FILE_BYTES = 10 * 1024 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(OSError):
    """A path that is not a regular file (a folder, a FIFO, a device)."""


class TooLarge(OSError):
    """A file larger than the limit."""


def read_regular(path: str | os.PathLike, limit: int = MAX_FILE_BYTES, *, pipes: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError otherwise (NotRegular,
    TooLarge, IsADirectoryError, FileNotFoundError...). With `pipes`, a pipe is read too
    (`ipcalc estimate <(make-profile)`), up to the limit: opened without blocking, so a
    named pipe no one writes to reads as empty instead of hanging."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if pipes and stat.S_ISFIFO(info.st_mode):
            os.set_blocking(fd, True)  # a writer is there, or read() says end of file at once
        elif not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        elif info.st_size > limit:
            raise TooLarge(errno.EFBIG, "larger than the limit", str(path))
        return read_bounded(fd, limit, str(path))
    finally:
        os.close(fd)


def read_bounded(fd: int, limit: int = MAX_FILE_BYTES, name: str = "") -> bytes:
    """What a descriptor holds, up to `limit` bytes (TooLarge beyond)."""
    chunks = []
    left = limit + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    if left <= 0:
        raise TooLarge(errno.EFBIG, "larger than the limit", name)
    return b"".join(chunks)


def file_problem(exc: OSError, source: str) -> Problem:
    """Why a file could not be read, as a problem for the user."""
    if isinstance(exc, FileNotFoundError):
        return Problem(msg("no_such_file"), source=source)
    if isinstance(exc, NotRegular):
        return Problem(msg("not_regular_file"), source=source)
    if isinstance(exc, TooLarge):
        return Problem(msg("file_too_large", limit=f"{MAX_FILE_BYTES // (1024 * 1024)} MiB"), source=source)
    return Problem(msg("cannot_read", reason=exc.strerror or exc), source=source)


STDIN = "-"
STDIN_NAME = "<stdin>"


def stdin_binary() -> Any:
    """Standard input as a binary stream; IpcalcError when it is closed (`ipcalc batch - <&-`)."""
    stream = sys.stdin
    if stream is None:
        raise IpcalcError(Problem(msg("stdin_closed"), source=STDIN_NAME))
    try:
        fd = stream.fileno()
        os.fstat(fd)
    except (io.UnsupportedOperation, AttributeError):
        return getattr(stream, "buffer", stream)  # not a file descriptor (a test runner's stream): read as it is
    except (OSError, ValueError):
        raise IpcalcError(Problem(msg("stdin_closed"), source=STDIN_NAME)) from None
    if _write_only(fd):
        raise IpcalcError(Problem(msg("stdin_write_only"), source=STDIN_NAME))
    return getattr(stream, "buffer", stream)


def _write_only(fd: int) -> bool:
    """Whether a descriptor was opened for writing only (`ipcalc batch - 0>file`)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: reading will say
        return False
    try:
        return fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
    except OSError:
        return False


def read_stream(stream: Any, limit: int = MAX_FILE_BYTES, name: str = STDIN_NAME) -> bytes:
    """What a binary stream holds, up to `limit` bytes (TooLarge beyond)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(errno.EFBIG, "larger than the limit", name)
    return data


def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of a profile file, a pipe, or stdin for '-' (at most MAX_FILE_BYTES), with
    the name used in messages."""
    if path == STDIN:
        try:
            return read_stream(stdin_binary()), STDIN_NAME
        except OSError as exc:
            raise IpcalcError(file_problem(exc, STDIN_NAME)) from None
    try:
        return read_regular(path, pipes=True), path
    except IsADirectoryError:
        raise IpcalcError(Problem(msg("folder_not_profile"), source=path)) from None
    except OSError as exc:
        raise IpcalcError(file_problem(exc, path)) from None


def read_toml_source(path: str) -> tuple[dict[str, Any], str, str]:
    """(data, source name, text) of a TOML profile file or stdin."""
    raw, source = read_bytes(path)
    data, text = parse_toml(raw, source)
    return data, source, text


def check_target(path: str, force: bool) -> Path:
    """A file ipcalc is asked to write: not a folder, and not an existing file unless
    `force` (IpcalcError otherwise). Checked before any work, so nothing is half done."""
    target = Path(path)
    if target.is_dir():
        raise IpcalcError(Problem(msg("folder_not_file_name"), source=path))
    if target.exists() and not force:
        raise IpcalcError(Problem(msg("file_exists"), source=path))
    return target


def write_whole(path: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> None:
    """Write `path` whole or not at all (see `written_whole`)."""
    with written_whole(path, mode) as stream:
        stream.write(data)


@contextmanager
def written_whole(path: str | os.PathLike[str], mode: int = 0o644) -> Iterator[BinaryIO]:
    """A file to write `path` through, whole or not at all: a new file beside it (created
    exclusively, never through a link), renamed onto it once written. What was at `path`
    (an older file, a link, a FIFO) is replaced, never opened or followed; an interrupted
    write leaves it as it was, and removes the new file."""
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(folder, f".{name[:40]}.{os.urandom(6).hex()}.part")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        with open(fd, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise

