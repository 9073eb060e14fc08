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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from .errors import IpcalcError, Problem
from .i18n import msg
from .toml_text import parse_toml

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


def look(path: str | os.PathLike[str], *, follow: bool = True) -> os.stat_result | None:
    """What is at a path the user named (following links unless `follow` is False), or None
    when nothing is there. IpcalcError (exit status 2) when the system cannot even look: a
    name over 255 bytes, a folder on the way that cannot be entered, a loop of links."""
    try:
        return os.stat(path) if follow else os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise IpcalcError(Problem(msg("path_unusable", reason=exc.strerror or exc), source=_shown(path))) from None
    except ValueError:  # a NUL byte in the name
        raise IpcalcError(Problem(msg("path_unusable", reason="NUL"), source=_shown(path))) from None


def _shown(path: str | os.PathLike[str]) -> str:
    from .i18n import shown_safely

    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return shown_safely(text)


def is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether a path the user named is a folder (see `look` for what cannot be looked at)."""
    found = look(path)
    return found is not None and stat.S_ISDIR(found.st_mode)


def check_target(path: str, force: bool, *, inputs: tuple[str, ...] = (), replace: bool = False) -> Path:
    """A file ipcalc is asked to write, checked before any work so that nothing is half done
    (IpcalcError, exit status 2, otherwise): its folder exists; it is not a folder, a device,
    a named pipe or a socket (never written over, whatever --force says); not one of `inputs`
    (the profiles read); and nothing is there unless `force` (or `replace`: a workbook is
    written over). A link is never followed: with --force, the link itself is replaced."""
    shown = _shown(path)
    found = look(path, follow=False)
    if found is None:
        folder = look(os.path.dirname(os.path.abspath(path)))
        if folder is None or not stat.S_ISDIR(folder.st_mode):
            raise IpcalcError(Problem(msg("target_no_folder"), source=shown))
        return Path(path)
    if stat.S_ISDIR(found.st_mode):
        raise IpcalcError(Problem(msg("folder_not_file_name"), source=shown))
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
        raise IpcalcError(Problem(msg("target_not_regular"), source=shown))
    if stat.S_ISREG(found.st_mode):
        for raw in inputs:
            try:
                other = os.stat(raw) if raw != STDIN else None
            except (OSError, ValueError):
                continue
            if other is not None and (other.st_dev, other.st_ino) == (found.st_dev, found.st_ino):
                raise IpcalcError(Problem(msg("target_is_input"), source=shown))
    if not (force or replace):
        raise IpcalcError(Problem(msg("target_link" if stat.S_ISLNK(found.st_mode) else "file_exists"), source=shown))
    return Path(path)


def write_whole(path: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> None:
    """Write `path` whole or not at all (see `written_whole`)."""
    with written_whole(path, mode) as stream:
        stream.write(data)


@contextmanager
def written_whole(path: str | os.PathLike[str], mode: int = 0o644) -> Iterator[BinaryIO]:
    """A file to write `path` through, whole or not at all: a new file beside it (created
    exclusively, never through a link), renamed onto it once written. An older file at
    `path` is replaced and its mode kept; a link there is replaced, never followed; a
    device, a named pipe or a socket there is never replaced (NotRegular). An interrupted
    write (an error, Ctrl-C, or SIGTERM, SIGHUP or SIGQUIT under the command line, which
    turns them into `Interrupted`) leaves `path` as it was, and removes the new file."""
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    before = _replaceable(path)
    keep = stat.S_IMODE(before.st_mode) if before is not None and stat.S_ISREG(before.st_mode) else mode & ~_umask()
    temporary = os.path.join(folder, f".{name[:40]}.{os.urandom(6).hex()}.part")
    try:
        # Created within the try: a signal that arrives as it is created removes it too. (Its
        # random name is this call's own: O_EXCL refuses a name that is there already.)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with open(fd, "wb") as stream:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, keep)
            yield stream
        _replaceable(path)  # still no device there
        os.replace(temporary, path)
    except BaseException as exc:
        if not (isinstance(exc, FileExistsError) and exc.filename == temporary):
            try:
                os.unlink(temporary)
            except OSError:
                pass
        raise


def _replaceable(path: str) -> os.stat_result | None:
    """What is at `path` (not following a link), if a written file may replace it: nothing,
    a regular file or a link; NotRegular for anything else (a device, a FIFO, a socket)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", path)
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
        raise NotRegular(errno.EINVAL, "not a regular file", path)
    return found


def _umask() -> int:
    """The process's umask (read by setting it, and set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
