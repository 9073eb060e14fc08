"""Reading files safely: only regular files, and never more than a bound.

A FIFO or a device given where a file is expected (`/dev/zero`, a named pipe called
`client.toml`) would otherwise hang ipcalc or fill its memory. Files are opened without
blocking, checked on the open descriptor, and read up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat

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
