"""Reading profile sources (a file or stdin) and saving profiles. The only file I/O for facts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .checks import parse_toml
from .errors import IpcalcError, Problem
from .i18n import msg
from .profile import Profile

STDIN = "-"
STDIN_NAME = "<stdin>"


def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of a file (or stdin for '-'), with the name used in messages."""
    if path == STDIN:
        return sys.stdin.buffer.read(), STDIN_NAME
    file = Path(path)
    if not file.exists():
        raise IpcalcError(Problem(msg("no such file"), source=path))
    if file.is_dir():
        raise IpcalcError(
            Problem(msg("is a folder; give one profile file (`ipcalc batch` takes folders)"), source=path)
        )
    try:
        return file.read_bytes(), path
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot be read: {reason}", reason=exc.strerror or exc), source=path)) from None


def read_toml_source(path: str) -> tuple[dict[str, Any], str, str]:
    """(data, source name, text) of a TOML profile file or stdin."""
    raw, source = read_bytes(path)
    data, text = parse_toml(raw, source)
    return data, source, text


def save_profile(profile: Profile, path: str) -> None:
    import tomli_w  # only when saving

    data = profile.to_data()
    text = tomli_w.dumps(data)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise IpcalcError(Problem(msg("cannot write the profile: {reason}", reason=exc.strerror or exc), source=path)) from None
