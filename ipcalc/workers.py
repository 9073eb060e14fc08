"""Worker processes for `ipcalc batch`: forked, each answering the chunks sent to it, the
answers given back strictly in order; torn down on every way out, never waited on forever.

How it is built, and why:

- Workers are forked (Linux), so each inherits the loaded policies; all are forked before
  any thread starts. A fork that fails (`ulimit -u`, no memory) leaves fewer workers, or
  none: the work is then done in this process.
- Each worker has a pipe for its tasks and one for its answers. Chunk k goes to worker
  k mod n, and answers are read in the same order, at most two chunks in flight per
  worker: memory stays flat and the output order never changes.
- A thread per worker reads its answers as soon as they are written, so a worker never
  blocks on a full pipe while this process blocks handing it the next chunk.
- Workers ignore SIGINT: Ctrl-C reaches the whole process group, and it is this process
  that turns it into KeyboardInterrupt and tears the workers down. SIGTERM ends a worker
  at once (its default); this process turns it into `Interrupted` for the same tear-down.
- Tear-down closes the task pipes (a worker exits when it reads their end) and, on any
  abnormal exit (an exception, a signal, a closed output), kills the workers first. Then
  each is reaped. A worker whose parent is gone sees end of file or a broken pipe and
  exits silently: none is ever left behind, none prints a traceback.
- A worker that dies (killed by the kernel's OOM killer, say) is noticed by its reader
  thread; the chunks it had are answered in this process, and so is the rest.
"""

from __future__ import annotations

import os
import queue
import signal
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .errors import STOPPING_NAMES

_LENGTH = struct.Struct("<Q")
#: given to `Pool.map` among the chunks: every answer in flight is given back before the next
DRAIN: Any = object()
_DIED = object()  # what a reader thread reports when its worker's answers end early
_WAIT = 0.2  # seconds: how often a wait for an answer lets signals through


class WorkerFailed(Exception):
    """A worker raised (a bug): its traceback, to be reported."""


def _pickle() -> Any:
    import pickle

    return pickle


def _send(stream: Any, value: Any) -> None:
    data = _pickle().dumps(value, -1)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: Any) -> Any:
    """The next message, or _DIED at end of file."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return _DIED
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        return _DIED
    return _pickle().loads(data)


class Worker:
    """One forked process: its pid, the end of its task pipe, and its answers."""

    def __init__(self, pid: int, tasks: Any, answers_fd: int):
        self.pid = pid
        self.tasks = tasks  # a binary writer on the task pipe
        self.answers_fd = answers_fd
        self.answers: queue.SimpleQueue = queue.SimpleQueue()
        self.reader: threading.Thread | None = None
        self.reaped = False

    @classmethod
    def fork(cls, work: Callable[[Any], Any], others: list[Worker]) -> Worker:
        task_r, task_w = os.pipe()
        answer_r, answer_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, answer_r, answer_w):
                os.close(fd)
            raise
        if pid == 0:  # the worker
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                for signum in STOPPING:  # each ends a worker at once, unless ignored on purpose (nohup)
                    if signal.getsignal(signum) is not signal.SIG_IGN:
                        signal.signal(signum, signal.SIG_DFL)
                os.close(task_w)
                os.close(answer_r)
                for other in others:  # their pipes must close when this process's parent goes
                    other.tasks.close()
                    os.close(other.answers_fd)
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                _serve(work, task_r, answer_w)
            finally:
                os._exit(0)  # never Python's exit: no buffered output is flushed twice
        os.close(task_r)
        os.close(answer_w)
        return cls(pid, os.fdopen(task_w, "wb"), answer_r)

    def start_reader(self) -> None:
        def read() -> None:
            with os.fdopen(self.answers_fd, "rb", closefd=False) as stream:
                while True:
                    try:
                        message = _receive(stream)
                    except Exception:
                        message = _DIED
                    self.answers.put(message)
                    if message is _DIED:
                        return

        self.reader = threading.Thread(target=read, name=f"ipcalc-worker-{self.pid}", daemon=True)
        with signals_held():  # the thread is born with them held: they reach the main thread only
            self.reader.start()

    def send(self, chunk: Any) -> None:
        """Hand the worker a chunk; raises _Died if it is gone."""
        try:
            _send(self.tasks, chunk)
        except BrokenPipeError:
            raise _Died(self.status()) from None

    def receive(self) -> Any:
        """The next answer; raises _Died if the worker ended before giving it."""
        while True:
            try:
                message = self.answers.get(timeout=_WAIT)
            except queue.Empty:
                continue  # the timeout lets a signal handler run in this thread
            if message is _DIED:
                raise _Died(self.status())
            kind, value = message
            if kind == "error":
                raise WorkerFailed(value)
            return value

    def status(self) -> str:
        """How the worker ended, for a message. Its pipes have closed, so it is ending: given
        a second to do so."""
        try:
            status = _wait(self.pid, 1)
        except ChildProcessError:
            return "gone"
        if status is None:
            return "still running"
        self.reaped = True
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


class _Died(Exception):
    pass


def _serve(work: Callable[[Any], Any], tasks_fd: int, answers_fd: int) -> None:
    """A worker's life: answer each task until the task pipe ends; stop silently if the
    parent is gone (end of file, broken pipe)."""
    import traceback

    tasks = os.fdopen(tasks_fd, "rb")
    answers = os.fdopen(answers_fd, "wb")
    try:
        while True:
            task = _receive(tasks)
            if task is _DIED:
                return
            try:
                message = ("ok", work(task))
            except Exception:
                message = ("error", traceback.format_exc())
            _send(answers, message)
    except (BrokenPipeError, OSError):
        return


class Pool:
    """Workers that answer chunks with `work`, in order. Use as a context manager: leaving
    it, normally or not, tears the workers down. `notes` collects what the user should be
    told (fewer workers than asked, a worker lost)."""

    def __init__(self, work: Callable[[Any], Any], jobs: int):
        self.work = work
        self.workers: list[Worker] = []
        self.notes: list[tuple[str, dict[str, Any]]] = []
        for _ in range(jobs):
            try:
                self.workers.append(Worker.fork(work, self.workers))
            except OSError as exc:
                self.notes.append(("workers_fewer", {"started": len(self.workers), "asked": jobs, "reason": exc.strerror or str(exc)}))
                break
        for worker in self.workers:
            worker.start_reader()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        self.close(kill=kind is not None)

    def map(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """`work(chunk)` for each chunk, in order. Lazy: chunks are taken as answers go out;
        at DRAIN, every answer in flight is given before the next chunk is taken."""
        workers = self.workers
        stream = iter(chunks)
        if not workers:
            yield from (self.work(chunk) for chunk in stream if chunk is not DRAIN)
            return
        pending: deque[tuple[Worker, Any]] = deque()
        turn = 0
        try:
            for chunk in stream:
                if chunk is DRAIN:
                    while pending:
                        yield _oldest(pending)
                    continue
                worker = workers[turn % len(workers)]
                turn += 1
                pending.append((worker, chunk))  # first: if the send fails, it is answered here
                worker.send(chunk)
                if len(pending) >= 2 * len(workers):
                    yield _oldest(pending)
            while pending:
                yield _oldest(pending)
        except _Died as exc:
            # A worker is gone (sending to it fails, or its answers end): answer here what
            # was in flight, then the rest.
            self.notes.append(("worker_lost", {"how": exc.args[0]}))
            self.close(kill=True)
            for _, chunk in pending:
                yield self.work(chunk)
            yield from (self.work(chunk) for chunk in stream if chunk is not DRAIN)

    def close(self, kill: bool = False) -> None:
        """Tear the workers down: killed at once if `kill` (an error, a signal, a closed
        output), else left to finish and exit; then reaped. Safe to call twice."""
        workers, self.workers = self.workers, []
        if kill:
            for worker in workers:
                _kill(worker.pid)
        for worker in workers:
            try:
                worker.tasks.close()  # end of file: a worker waiting for a task exits
            except OSError:
                pass
        for worker in workers:
            _reap(worker, patience=0 if kill else 30)
            if worker.reader is not None:
                worker.reader.join(timeout=1)
            try:
                os.close(worker.answers_fd)
            except OSError:
                pass


def _oldest(pending: deque[tuple[Worker, Any]]) -> Any:
    """The answer to the oldest chunk in flight, which then leaves `pending` (it stays there
    if its worker died, to be answered in this process)."""
    worker, _ = pending[0]
    answer = worker.receive()
    pending.popleft()
    return answer


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _wait(pid: int, seconds: float) -> int | None:
    """The wait status of the child `pid` once it has exited, waiting at most `seconds`;
    None if it is still running then. ChildProcessError if it was reaped already."""
    deadline = time.monotonic() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done != 0:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.005)


def _reap(worker: Worker, patience: float) -> None:
    """Wait for a worker to exit: at most `patience` seconds, then kill it."""
    if worker.reaped:
        return
    try:
        if _wait(worker.pid, patience) is None:
            _kill(worker.pid)
            os.waitpid(worker.pid, 0)
    except ChildProcessError:
        pass


#: every signal that stops ipcalc: Ctrl-C, and those that stop a batch as Ctrl-C does
_ALL_STOPPING = {signal.SIGINT, *(getattr(signal, n) for n in STOPPING_NAMES if hasattr(signal, n))}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back the signals that stop ipcalc (their handlers run when this ends). Threads
    started meanwhile are born with them held for good, so that these signals are only ever
    taken by the main thread, and only between two of its writes (see `cli.output`)."""
    if _mask is None:
        yield
        return
    previous = _mask(signal.SIG_BLOCK, _ALL_STOPPING)
    try:
        yield
    finally:
        _mask(signal.SIG_SETMASK, previous)


#: pthread_sigmask as the C module has it: signal.pthread_sigmask turns each signal of the
#: mask it returns into an enum member, which cost more than the write a mask is held for
_mask = getattr(signal, "pthread_sigmask", None)
try:
    import _signal  # type: ignore[import-not-found]

    _mask = getattr(_signal, "pthread_sigmask", _mask)
except ImportError:  # pragma: no cover - CPython has it
    pass


#: the signals that stop a batch as Ctrl-C does (the terminal closed, a kill, Ctrl-\\)
STOPPING = tuple(getattr(signal, name) for name in STOPPING_NAMES if hasattr(signal, name))
