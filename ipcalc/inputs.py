"""Reading inputs safely, and saving profiles: the only file I/O for facts.

Only regular files are read, and never more than a bound: a FIFO or a device given where a
file is expected (`/dev/zero`, a named pipe called `client.toml`) would otherwise hang
ipcalc or fill its memory. Files are opened without blocking, checked on the open
descriptor, and read up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .checks import parse_toml
from .errors import IpcalcError, Problem
from .i18n import msg
from .profile import Profile

#: the largest profile, policy or source text file read (10 MiB), stated in messages
MAX_FILE_BYTES = 10 * 1024 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(OSError):
    """A path that is not a regular file (a folder, a FIFO, a device)."""


class TooLarge(OSError):
    """A file larger than the limit."""


def read_regular(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(errno.EFBIG, "larger than the limit", str(path))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooLarge(errno.EFBIG, "larger than the limit", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


STDIN = "-"
STDIN_NAME = "<stdin>"


def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of a file (or stdin for '-'), with the name used in messages."""
    if path == STDIN:
        return sys.stdin.buffer.read(), STDIN_NAME
    file = Path(path)
    if not file.exists():
        raise IpcalcError(Problem(msg("no_such_file"), source=path))
    if file.is_dir():
        raise IpcalcError(
            Problem(msg("folder_not_profile"), source=path)
        )
    try:
        return file.read_bytes(), path
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot_read", reason=exc.strerror or exc), source=path)) from None


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


def save_profile(profile: Profile, path: str, as_of: date | None = None) -> None:
    """The profile as TOML, with the date the estimate used (so that it gives the same
    estimate tomorrow)."""
    import tomli_w  # only when saving

    if as_of is not None and profile.as_of is None:
        profile = profile._replace(values={**profile.values, "as_of": as_of})
    data = profile.to_data()
    text = tomli_w.dumps(data)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot_write_profile", reason=exc.strerror or exc), source=path)) from None
