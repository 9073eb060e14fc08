"""The cache of loaded policies: reused while nothing changed, rebuilt when anything did,
and never trusted when damaged or writable by others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ipcalc.library as library_module
from ipcalc.library import load_library


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often the policy files are actually read."""
    calls: list[int] = []
    real = library_module.read_library

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_module, "read_library", counting)
    return calls


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["IPCALC_CACHE"]).glob("library-*.pickle"))


def test_second_load_comes_from_the_cache(reads):
    first = load_library()
    second = load_library()
    assert len(reads) == 1 and len(cache_files()) == 1
    assert second.policies.keys() == first.policies.keys()
    assert second.policies["xiangzhou"] == first.policies["xiangzhou"]
    assert oct(cache_files()[0].stat().st_mode & 0o777) == "0o600"


def test_a_changed_user_file_is_read_again(reads, tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    policy = folder / "x.toml"
    policy.write_text("broken")
    load_library([str(folder)])
    load_library([str(folder)])
    assert len(reads) == 1
    policy.write_text("broken, and longer")
    load_library([str(folder)])
    assert len(reads) == 2 and len(cache_files()) == 1  # the old entry is removed


def test_a_damaged_cache_is_ignored(reads):
    load_library()
    cache_files()[0].write_bytes(b"not a pickle")
    os.chmod(cache_files()[0], 0o600)
    assert "ningxia" in load_library().policies
    assert len(reads) == 2


def test_a_cache_others_can_write_is_not_read(reads):
    load_library()
    os.chmod(cache_files()[0], 0o666)
    load_library()
    assert len(reads) == 2


def test_cache_can_be_turned_off(reads, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IPCALC_CACHE", "0")
    load_library()
    load_library()
    assert len(reads) == 2


def test_unwritable_cache_folder_only_costs_speed(reads, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("IPCALC_CACHE", str(blocker / "sub"))
    assert "xiangzhou" in load_library().policies
