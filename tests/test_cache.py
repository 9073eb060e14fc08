"""The cache of loaded policies: reused while nothing changed, rebuilt when anything did,
and never trusted when damaged or writable by others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ipcalc.library as library_module
from ipcalc.library import load_library


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test of the cache starts with a cache folder of its own, still to be made."""
    monkeypatch.setenv("IPCALC_CACHE", str(tmp_path / "cache"))


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


def cache_folder() -> Path:
    return Path(os.environ["IPCALC_CACHE"])


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


# ------------------------------------------------------------------ what the cache trusts


def test_the_folder_is_created_private():
    load_library()
    assert oct(cache_folder().stat().st_mode & 0o777) == "0o700"


def test_a_folder_others_can_write_is_not_used(reads):
    folder = cache_folder()
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)  # as another user would leave it under /tmp
    load_library()
    load_library()
    assert len(reads) == 2 and cache_files() == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to make a folder another user's")
def test_a_folder_another_user_owns_is_not_used(reads):
    folder = cache_folder()
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    load_library()
    load_library()
    assert len(reads) == 2 and cache_files() == []


def test_a_symlinked_folder_is_not_used(reads, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("IPCALC_CACHE", str(link))
    load_library()
    load_library()
    assert len(reads) == 2 and list(real.iterdir()) == []


def test_a_symlinked_cache_file_is_never_followed(reads, tmp_path: Path):
    # An attacker renames a symlink over library-<key>.pickle, pointing at a file of theirs;
    # even a valid cache behind the link must not be read.
    load_library()
    (good,) = cache_files()
    elsewhere = tmp_path / "elsewhere.pickle"
    good.rename(elsewhere)
    good.symlink_to(elsewhere)
    load_library()
    assert len(reads) == 2


def test_nothing_is_unpickled_under_another_key(reads, tmp_path: Path):
    # A file at the right name whose header is not this library's exact key is not unpickled:
    # its payload would run code (pickle's __reduce__) if it were.
    import pickle

    from ipcalc import cache

    load_library()
    (good,) = cache_files()
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    good.write_bytes(cache.MAGIC + b"\0" * 32 + pickle.dumps(Evil()))
    os.chmod(good, 0o600)
    assert "ningxia" in load_library().policies
    assert not marker.exists() and len(reads) == 2


def test_temporary_files_are_never_followed(tmp_path: Path):
    # Symlinks planted where the old code wrote its temporary file (library-<key>.<pid>.tmp)
    # and at any other name must never be written through.
    from ipcalc import cache
    from ipcalc.library import fingerprint

    folder = cache_folder()
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    os.chmod(victim, 0o600)
    key = fingerprint(())
    stem = cache.file_name(key)[: -len(".pickle")]
    for name in (f"{stem}.{os.getpid()}.tmp", f"{stem}.tmp", cache.file_name(key)):
        (folder / name).symlink_to(victim)
    load_library()
    assert victim.read_text() == "precious"


def test_a_failed_write_leaves_no_temporary_file(monkeypatch: pytest.MonkeyPatch):
    from ipcalc import cache

    real_open = open

    class Full:
        """The cache file, on a full disk: writing to it fails."""

        def __init__(self, handle, mode):
            self.stream = real_open(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "open", Full, raising=False)
    assert "xiangzhou" in load_library().policies
    assert list(cache_folder().iterdir()) == []


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path: Path):
    # Editing a user policy and restoring its mtime (cp -p, rsync -t, an unpacked archive)
    # must not give the old figures: the cache is keyed on content.
    from test_user_policies import DONGJIN

    folder = tmp_path / "mine"
    folder.mkdir()
    policy = folder / "dongjin.toml"
    policy.write_text(DONGJIN)
    before = os.stat(policy)
    assert load_library([str(folder)]).policies["dongjin"].rules[0].amount == 5000
    policy.write_text(DONGJIN.replace("amount = 5000", "amount = 9000"))  # same size
    os.utime(policy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(policy).st_size == before.st_size
    assert load_library([str(folder)]).policies["dongjin"].rules[0].amount == 9000


def test_a_fifo_in_a_policy_folder_does_not_hang_the_key(tmp_path: Path):
    from ipcalc.library import fingerprint

    folder = tmp_path / "mine"
    folder.mkdir()
    os.mkfifo(folder / "zz.toml")
    assert fingerprint([str(folder)]) is not None


def test_a_folder_named_from_another_directory_keeps_its_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Loaded once as "examples/policies/fujian" from the checkout, then as a path relative
    # to another directory: the second load must not take the first one's relative paths
    # (its source text would be "not found" and its JSON path wrong).
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    first = load_library(["examples/policies/fujian"])
    assert not first.notices
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = os.path.relpath(root / "examples" / "policies" / "fujian")
    second = load_library([relative])
    assert not second.notices
    assert second.policies["fujian"].path == os.path.join(relative, "fujian.toml")


def test_a_byte_flipped_inside_a_stored_policy_is_ignored_and_replaced(reads):
    # The policies are kept pickled until used: damage there once failed every run, later
    # than the cache's own error handling. The file's checksum now catches it first.
    load_library()
    (path,) = cache_files()
    data = bytearray(path.read_bytes())
    for i in range(len(data) * 2 // 3, len(data) * 2 // 3 + 40):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    again = load_library()
    assert len(reads) == 2  # read from the files, not from the damaged cache
    assert all(again.policies[pid].id == pid for pid in again.policies)
    load_library()
    assert len(reads) == 2  # and the cache was written again


def test_a_folder_named_like_the_cache_file_is_as_if_missing(reads):
    load_library()
    (path,) = cache_files()
    path.unlink()
    path.mkdir()
    again = load_library()
    assert len(reads) == 2 and "xiangzhou" in again.policies
    assert path.is_file()  # the empty folder was replaced by the file
    load_library()
    assert len(reads) == 2


def test_a_cache_file_grown_since_it_was_written_is_not_read(monkeypatch: pytest.MonkeyPatch):
    # A valid header and a body grown to 4 GB (`truncate -s 4G`) was read whole: 8.4 GB and
    # 21 s, or MemoryError under a 3 GB limit. Its length now says it is not the one written.
    from ipcalc import cache

    load_library()
    (stored,) = list(cache_folder().iterdir())
    with stored.open("r+b") as file:
        file.truncate(4 * 1024**3)  # sparse: no disk used
    reads: list[int] = []
    real_open = open

    class Counted:
        def __init__(self, handle, mode):
            self.stream = real_open(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def read(self, size=-1):
            data = self.stream.read(size)
            reads.append(len(data))
            return data

    monkeypatch.setattr(cache, "open", Counted, raising=False)
    assert cache.read(__import__("ipcalc.library", fromlist=["fingerprint"]).fingerprint(())) is None
    assert sum(reads) < 64 * 1024  # its header only (the key, then the length)
    assert "xiangzhou" in load_library().policies  # read from the policy files, and cached again


def test_each_user_policy_file_is_read_once_for_the_key_and_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The key was taken from a file's content, then the file was read again to be parsed: a
    # file changed between the two reads was cached under the old content's key, and served
    # until the cache was removed. Now the bytes parsed are the bytes the key was taken from.
    from test_user_policies import DONGJIN

    from ipcalc import inputs

    folder = tmp_path / "mine"
    folder.mkdir()
    policy = folder / "dongjin.toml"
    policy.write_text(DONGJIN)
    calls: list[str] = []
    real = inputs.read_regular

    def changing(path, *args, **kwargs):  # each read after the first sees an edit made meanwhile
        calls.append(str(path))
        data = real(path, *args, **kwargs)
        return data if calls.count(str(path)) == 1 else data.replace(b"amount = 5000", b"amount = 9000")

    monkeypatch.setattr(inputs, "read_regular", changing)
    assert load_library([str(folder)]).policies["dongjin"].rules[0].amount == 5000
    assert calls.count(str(policy)) == 1
    monkeypatch.setattr(inputs, "read_regular", real)
    assert load_library([str(folder)]).policies["dongjin"].rules[0].amount == 5000  # from the cache, as read


def test_in_a_checkout_every_module_is_in_the_key(tmp_path: Path):
    # The key once left out ipcalc/policy_files/: an edited policy reader kept serving old results.
    from ipcalc.library import _own_files

    package = tmp_path / "ipcalc"
    for sub in ("", "rules", "policy_files", "render"):
        (package / sub).mkdir(parents=True, exist_ok=True)
        (package / sub / "x.py").write_text("pass\n")
    bundled = tmp_path / "policies"
    bundled.mkdir()
    before = _own_files(str(package), str(bundled))
    for sub in ("policy_files", "render"):
        os.utime(package / sub / "x.py", ns=(1, 1))
        after = _own_files(str(package), str(bundled))
        assert after != before, sub
        before = after
