"""The cache of parsed policies, kept between runs so that a run need not parse TOML.

What the cache trusts, and nothing else:

- its folder (`$IPCALC_CACHE`, else `$XDG_CACHE_HOME/ipcalc`, else `~/.cache/ipcalc`) only
  when that folder is not a symbolic link, is owned by the user running ipcalc and cannot
  be written by anyone else (ipcalc creates it with mode 0700);
- in that folder, only a regular file owned by the user and writable by no one else, opened
  without following symbolic links;
- and of that file, the pickled part is read only after its header has shown the exact key
  of the inputs (checksums of every policy file's content as parsed, and ipcalc's own
  code), and only if the file is exactly as long as its header says (at most MAX_BODY).

Files are opened relative to the folder's open descriptor, so that the folder cannot be
swapped between the check and the use. New files are created with O_EXCL under a random
name and renamed into place; a failed write removes its temporary file. Any doubt means
no cache: the policy files are simply read, which costs speed, never correctness.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

#: a folder for the cache, or "0" for none (default: $XDG_CACHE_HOME/ipcalc)
ENV_CACHE = "IPCALC_CACHE"
MAGIC = b"ipcalc-cache 4\n"
#: the largest body read (a library pickles to a few hundred kilobytes)
MAX_BODY = 64 * 1024 * 1024
PREFIX, SUFFIX = "library-", ".pickle"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def cache_dir() -> Path | None:
    setting = os.environ.get(ENV_CACHE, "")
    if setting == "0":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ipcalc"


def supported() -> bool:
    """Descriptor-relative opening is what makes the cache safe; without it (Windows), none."""
    return os.open in os.supports_dir_fd and hasattr(os, "getuid") and bool(_NOFOLLOW)


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _open_folder(folder: Path, *, create: bool) -> int | None:
    """A descriptor of the cache folder if it is the user's own and private, else None."""
    if create:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError:
        return None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode) and _private(info):
        return fd
    os.close(fd)
    return None


def file_name(key: bytes) -> str:
    """A short checksum of the key; the whole key is stored inside and compared."""
    import zlib

    return f"{PREFIX}{zlib.crc32(key):08x}{SUFFIX}"


def _pickle() -> Any:
    """The C pickler on its own imports in 0.7 ms; the `pickle` module costs 2.1 ms."""
    try:
        import _pickle as pickle
    except ImportError:  # an interpreter without the accelerator
        import pickle  # type: ignore[no-redef]
    return pickle


def read(key: bytes) -> Any:
    """The payload stored under `key`, or None (no cache, not trusted, or another key)."""
    folder = cache_dir()
    if folder is None or not supported():
        return None
    fd = _open_folder(folder, create=False)
    if fd is None:
        return None
    try:
        try:
            handle = os.open(file_name(key), os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=fd)
        except OSError:
            return None
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            os.close(handle)  # a folder or a device named like the file: as if missing
            return None
        with open(handle, "rb") as stream:
            header = MAGIC + key
            if stream.read(len(header)) != header:
                return None  # another key, or not ours: nothing of it is unpickled
            size = int.from_bytes(stream.read(8), "big")
            # The body's length is stated, and the file must be exactly that long: one grown
            # since (`truncate -s 4G`) or cut short is ignored without being read.
            if size > MAX_BODY or info.st_size != len(header) + 8 + 4 + size:
                return None
            body = stream.read(4 + size)
        # A byte flipped anywhere (even inside a policy kept pickled until used) makes the
        # whole file ignored, before anything is unpickled.
        if len(body) != 4 + size or body[:4] != _checksum(body[4:]):
            return None
        try:
            return _pickle().loads(body[4:])
        except Exception:  # an outdated cache is never fatal
            return None
    finally:
        os.close(fd)


def _checksum(body: bytes) -> bytes:
    """The 4 bytes stored before the pickled library: its CRC-32."""
    import zlib

    return zlib.crc32(body).to_bytes(4, "big")


def write(key: bytes, payload: Any) -> None:
    """Store `payload` under `key`; any failure only costs speed, and leaves no file behind."""
    folder = cache_dir()
    if folder is None or not supported():
        return
    fd = _open_folder(folder, create=True)
    if fd is None:
        return
    try:
        name = file_name(key)
        temporary = f"{PREFIX}{os.urandom(8).hex()}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=fd)
        except OSError:
            return
        try:
            body = _pickle().dumps(payload, -1)
            with open(handle, "wb") as stream:
                stream.write(MAGIC + key + len(body).to_bytes(8, "big") + _checksum(body) + body)
            try:
                os.rmdir(name, dir_fd=fd)  # an empty folder in the file's place: replaced
            except OSError:
                pass
            os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
        except Exception:  # a full disk or a read-only folder: no cache this time
            try:
                os.unlink(temporary, dir_fd=fd)
            except OSError:
                pass
            return
        for entry in os.listdir(fd):
            if entry.startswith(PREFIX) and entry.endswith(SUFFIX) and entry != name:
                try:
                    os.unlink(entry, dir_fd=fd)
                except OSError:
                    pass
    finally:
        os.close(fd)
