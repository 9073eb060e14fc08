"""Writing a batch's records to standard output: whole records, never a torn one, whatever
the output is (a file, a pipe, a terminal) and whatever stops ipcalc (a full disk, a signal,
a reader gone). Beside the batch (`batch.run` writes through it); the command line makes one
for standard output."""

from __future__ import annotations

import os
from typing import Any, TextIO


class RecordWriter:
    """Writes whole records to standard output, always in UTF-8, in blocks of about 64 KiB.

    Never a torn record: if a write fails (a full disk), what was written of the failed block
    is cut back to its last whole record when the output is a regular file, then WriteFailed
    is raised; a signal (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) that stops ipcalc while a block is
    being written into a pipe or a terminal waits until the record being written is whole
    (for at most `FINISH` seconds, so that a reader that has stopped reading cannot hang
    ipcalc). Each write is made with those signals held back, so that how much was written
    is always known, and only of what fits at once, so that none of those writes blocks: into
    a pipe, as much as it has room for (its size less what it holds); into a terminal or a
    socket, pieces of at most `PIECE` bytes once it is writable. A closed pipe raises
    BrokenPipeError as usual. Without a file descriptor (a test runner's stream), records
    are written to the stream as they come."""

    BLOCK = 1 << 16
    #: a piece a pipe or a terminal with room for it takes at once (PIPE_BUF on Linux)
    PIECE = 4096
    #: seconds a signal waits for the record being written to be whole
    FINISH = 2.0

    def __init__(self, stream: TextIO):
        import io
        import stat

        self.stream = stream
        self.fd: int | None
        try:
            self.fd = stream.fileno()
            stream.flush()
            mode = os.fstat(self.fd).st_mode
            # a pipe, a terminal, a socket: written in pieces that never block; a regular file
            # and a device that is not a terminal (/dev/null) take any write at once
            self.streaming = not (stat.S_ISREG(mode) or (stat.S_ISCHR(mode) and not os.isatty(self.fd)))
            self.pipe = _pipe_size(self.fd) if stat.S_ISFIFO(mode) else 0
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            self.fd = None
            self.streaming = False
            self.pipe = 0
        self.pending: list[bytes] = []
        self.size = 0

    def write(self, text: str | bytes) -> None:
        """Records, as text or UTF-8."""
        if not text:
            return
        if self.fd is None:
            self.stream.write(text.decode("utf-8") if isinstance(text, bytes) else text)
            return
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if self.fd is None:
            self.stream.flush()
            return
        if not self.pending:
            return
        data = b"".join(self.pending)
        self.pending.clear()
        self.size = 0
        view = memoryview(data)
        done = [0]  # counted while the signals are held back: exact whenever one arrives
        try:
            while done[0] < len(data):
                if self.streaming:
                    room = self._room()
                    if room <= 0:
                        _wait_writable(self.fd, None)
                        # Writable, and still no room: the reader has gone, and a write says so
                        # (EPIPE) at once; otherwise there is room now.
                        room = max(self._room(), 1)
                    _held(self.fd, view[done[0] : done[0] + room], done)
                else:
                    _held(self.fd, view[done[0] :], done)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self._untear(data, done[0])
            from .errors import WriteFailed

            raise WriteFailed(exc) from None
        except BaseException:  # a signal stops ipcalc: the record being written is finished first
            self._finish(view, done[0])
            raise

    def _room(self) -> int:
        """How much can be written at once without blocking: a pipe's free room (0: full),
        else a piece once the terminal or socket is writable."""
        if self.pipe:
            queued = _queued(self.fd)  # type: ignore[arg-type]
            if queued is not None:
                return self.pipe - queued
        return self.PIECE if _wait_writable(self.fd, None) else 0  # type: ignore[arg-type]

    def _finish(self, view: memoryview, done: int) -> None:
        """Write the rest of the record cut at `done`, if the reader takes it in time."""
        import time

        if done == 0 or view[done - 1 : done] == b"\n":
            return
        end = bytes(view[done:]).find(b"\n")
        if end < 0:
            return
        rest = view[done : done + end + 1]
        deadline = time.monotonic() + self.FINISH
        written = [0]
        try:
            while written[0] < len(rest):
                left = deadline - time.monotonic()
                if left <= 0 or not _wait_writable(self.fd, left):  # type: ignore[arg-type]
                    return
                _held(self.fd, rest[written[0] : written[0] + self.PIECE], written)  # type: ignore[arg-type]
        except BaseException:  # the reader went away, or another signal: as it stands
            return

    def _untear(self, data: bytes, done: int) -> None:
        """Cut a regular file back to the end of the last whole record written."""
        import stat

        if done == 0 or data[done - 1 : done] == b"\n":
            return
        try:
            if not stat.S_ISREG(os.fstat(self.fd).st_mode):  # type: ignore[arg-type]
                return
            end = os.lseek(self.fd, 0, os.SEEK_CUR)  # type: ignore[arg-type]
            keep = end - done + data.rfind(b"\n", 0, done) + 1
            os.ftruncate(self.fd, keep)  # type: ignore[arg-type]
            os.lseek(self.fd, keep, os.SEEK_SET)  # type: ignore[arg-type]
        except OSError:
            pass


def _held(fd: int, data: Any, done: list[int]) -> None:
    """`os.write(fd, data)`, adding what it wrote to `done[0]`, with the signals that stop
    ipcalc held back meanwhile: their handlers run after it, when the count is kept. (The
    batch's other threads never take them: see `workers.signals_held`.)"""
    from .workers import signals_held

    with signals_held():
        done[0] += os.write(fd, data)


def _pipe_size(fd: int) -> int:
    """A pipe's capacity (Linux: F_GETPIPE_SZ), or 0 where it cannot be asked."""
    try:
        import fcntl

        return fcntl.fcntl(fd, getattr(fcntl, "F_GETPIPE_SZ", 1032)) if _queued(fd) is not None else 0
    except (ImportError, OSError):
        return 0


def _queued(fd: int) -> int | None:
    """How many bytes a pipe holds, not yet read (None where it cannot be asked)."""
    try:
        import array
        import fcntl
        import termios

        found = array.array("i", [0])
        fcntl.ioctl(fd, termios.FIONREAD, found, True)
        return found[0]
    except (ImportError, OSError):
        return None


def _wait_writable(fd: int, timeout: float | None) -> bool:
    """Wait until a piece can be written to `fd` (False: not within `timeout` seconds)."""
    import select

    _, ready, _ = select.select([], [fd], [], timeout)
    return bool(ready)
