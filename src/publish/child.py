"""Work done in a forked child process while this one does something else.

A build has two cores to use and work that does not depend on itself: the PDF (WeasyPrint,
~0.45 s) and the EPUB and deck (~0.2 s together), or OpenCC loading while the backends
import.  Threads would not help, since all of it holds the GIL; a forked child shares
everything already loaded for free and costs ~2 ms to start.

The child is only ever an optimisation: if it cannot be forked (not Linux, or a process
with threads), fails, or hangs, the caller does the work itself, so results and errors are
exactly those of doing it in-process.  The child writes no outputs, only returns data.

A child may be *deferred*: it gets ready (imports what it needs), then waits for a core
to free before its work.  An anthology's PDF takes both cores by itself (one half here,
one in a child, see ``backends/pdf/split.py``); its EPUB and deck, started beside it,
would only slow the PDF down, so they wait until one of the two processes is done with
its half: the child that has finished, or this process once it waits for that child.
The wait is a pipe (a *gate*) whose write end this process and the children it starts
later hold; each, when done or about to wait, writes a byte to it and closes it
(``lend_core``), and the deferred child goes on the first byte (or when every holder has
closed it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import socket
import sys
import threading
import time
from typing import Callable, Generic, TypeVar

T = TypeVar("T")

# How long to wait for a child once the caller needs its result, in seconds.  A child
# is doing what the caller would otherwise do, so only one that hangs runs out of it.
CHILD_PATIENCE = 30.0

# The write ends of the gates of this process's deferred children (see the module
# docstring); a child forked later inherits them and holds them until it exits.
_GATES: list[int] = []


def fork(work: Callable[[], object]) -> int | None:
    """Run ``work`` in a forked child process; its pid, or None if not forked.

    The child exits 0 when ``work`` returns and 1 when it raises, without running any of
    the parent's code afterwards (no exit handlers, no buffered output flushed twice).
    Only a single-threaded process forks: in a child of a threaded one, a lock another
    thread held (the import lock, a logging lock, malloc's) would stay locked for good.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or \
            not single_threaded():
        return None
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # or the child would flush the parent's pending output again
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: do the work, then leave without running the parent's code
        status = 1
        # What the parent had is here to read, never to collect: left out of the
        # collector's passes (which would scan it, and copy every page they touch).
        gc.freeze()
        try:
            work()
            status = 0
        except BaseException:  # noqa: BLE001 - the parent redoes the work and reports
            pass
        finally:
            lend_core()
            os._exit(status)
    return pid


def lend_core() -> None:
    """This process is done, or about to wait for a child: a deferred child may take its
    core.  Each gate held here gets a byte (its child goes on the first) and is closed.
    The gate is a socket pair so that the byte goes with ``MSG_NOSIGNAL``: a deferred
    child already gone must not raise SIGPIPE in a process that does not ignore it."""
    while _GATES:
        _close_gate(_GATES.pop(), lend=True)


def _close_gate(holder: int, lend: bool) -> None:
    with contextlib.suppress(OSError):
        end = socket.socket(fileno=holder)
        with contextlib.suppress(OSError):  # the deferred child may be gone already
            if lend:
                end.send(b"\0", socket.MSG_NOSIGNAL)
        end.close()


def _pass_gate(gate: int, patience: float) -> None:
    """In a deferred child: return once a holder of the gate lends its core or all have
    closed it (or, should none do so, after ``patience`` seconds: the work goes ahead
    regardless)."""
    if select.select([gate], [], [], max(patience, 0.0))[0]:
        with contextlib.suppress(OSError):
            os.read(gate, 1)


def single_threaded() -> bool:
    """True when this process runs one thread, Python's or native (a library's own)."""
    if threading.active_count() > 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def reap(pid: int | None, patience: float | None = None) -> int | None:
    """Wait for the child ``pid`` to finish, at most ``patience`` (``CHILD_PATIENCE``)
    seconds; a child that takes longer is killed.  Its exit status, or None if it was
    killed or already reaped."""
    if pid is None:
        return None
    deadline = time.monotonic() + (CHILD_PATIENCE if patience is None else patience)
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() > deadline:
                kill(pid)
                return None
            time.sleep(0.001)
    except ChildProcessError:
        return None


def kill(pid: int | None) -> None:
    """Kill the child ``pid`` and reap it (nothing if it is already gone)."""
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


class Aside(Generic[T]):
    """``work()`` running in a forked child; ``result()`` is what it returned (sent back
    pickled through a pipe), or None if it could not run, failed or hung.

    Use it as a context manager, so that a caller that fails or is interrupted kills the
    child instead of leaving it running.
    """

    def __init__(self, work: Callable[[], T], deferred: bool = False,
                 ready: Callable[[], object] | None = None) -> None:
        """``deferred``: the child waits for its turn (module docstring), after
        ``ready()`` (what it can do before, such as importing what ``work`` needs)."""
        self._pid: int | None = None
        self._reader: int | None = None
        self._holder: int | None = None
        try:
            reader, writer = os.pipe()
        except OSError:  # out of descriptors: the caller does the work itself
            return
        gate = holder = None
        if deferred:
            try:
                gate, holder = (end.detach() for end in socket.socketpair())
            except OSError:
                os.close(reader)
                os.close(writer)
                return

        def send() -> None:
            os.close(reader)
            if gate is not None and holder is not None:
                os.close(holder)
                if ready is not None:
                    ready()
                _pass_gate(gate, CHILD_PATIENCE / 2)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            lend_core()  # done: before a result the pipe cannot hold keeps it waiting
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)

        self._pid = fork(send)
        os.close(writer)
        self._reader = reader
        if gate is not None and holder is not None:
            os.close(gate)
            if self._pid is None:
                _close_gate(holder, lend=False)
            else:
                self._holder = holder
                _GATES.append(holder)
        if self._pid is None:
            self._close()

    @property
    def started(self) -> bool:
        return self._pid is not None

    def result(self, patience: float | None = None) -> T | None:
        """Wait for the child (at most ``patience`` seconds, default ``CHILD_PATIENCE``)
        and return what its work returned; None if it failed, was killed or never ran."""
        lend_core()  # this process waits (or works alone): a deferred child may go
        if self._reader is None:
            return None
        deadline = time.monotonic() + (CHILD_PATIENCE if patience is None else patience)
        chunks = []
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._reader], [], [], left)[0]:
                    self.cancel()  # hung: killed, and the caller does the work itself
                    return None
                chunk = os.read(self._reader, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            self._close()
        if reap(self._pid, max(deadline - time.monotonic(), 0.0)) != 0:
            return None
        self._pid = None
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a truncated message is a failed child
            return None

    def cancel(self) -> None:
        """Kill the child, if it still runs, and close the pipe (and its gate)."""
        kill(self._pid)
        self._pid = None
        self._close()
        if self._holder in _GATES:
            _GATES.remove(self._holder)
            _close_gate(self._holder, lend=False)
        self._holder = None

    def _close(self) -> None:
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None

    def __enter__(self) -> "Aside[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()
