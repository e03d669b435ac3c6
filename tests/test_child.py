"""Work in a forked child: results come back whole, and a child that fails, hangs or
cannot be forked gives None, so the caller does the work itself."""

from __future__ import annotations

import os
import threading
import time
from typing import Iterator

import pytest

from conftest import end_thread
from publish import child
from publish.child import Aside


def gone(pid: int) -> bool:
    """True when ``pid`` is no child of ours any more (exited and reaped)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def a_thread() -> Iterator[None]:
    release = threading.Event()
    helper = threading.Thread(target=release.wait)
    helper.start()
    try:
        yield
    finally:
        release.set()
        end_thread(helper)


def test_a_failing_child_exits_with_a_status_and_is_reaped() -> None:
    pid = child.fork(lambda: 1 / 0)
    assert pid is not None
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 1
    assert child.reap(pid) is None  # already reaped: nothing to wait for, no error


def test_reap_gives_the_exit_status() -> None:
    assert child.reap(child.fork(lambda: None)) == 0


def test_a_hanging_child_is_killed() -> None:
    pid = child.fork(lambda: time.sleep(60))
    assert pid is not None
    started = time.monotonic()
    assert child.reap(pid, patience=0.2) is None
    assert time.monotonic() - started < 5
    assert gone(pid)


def test_a_threaded_process_does_not_fork(a_thread: None) -> None:
    assert not child.single_threaded()
    assert child.fork(lambda: None) is None


def test_aside_returns_what_the_work_returned_even_past_a_pipe_buffer() -> None:
    """5 MB, far more than a pipe holds: the child writes while the parent reads."""
    payload = {"pdf": os.urandom(5 << 20), "warnings": ["w"]}
    with Aside(lambda: payload) as aside:
        assert aside.started
        assert aside.result() == payload


def test_aside_runs_while_this_process_works() -> None:
    started = time.monotonic()
    with Aside(lambda: time.sleep(0.5) or "done") as aside:
        time.sleep(0.5)
        assert aside.result() == "done"
    assert time.monotonic() - started < 0.95  # both slept at once


@pytest.mark.parametrize("work", [lambda: 1 / 0, lambda: os._exit(0), lambda: lambda: 0],
                         ids=["raises", "exits without a result", "unpicklable result"])
def test_aside_gives_none_when_the_child_fails(work) -> None:
    with Aside(work) as aside:
        assert aside.result() is None


def test_aside_kills_a_hanging_child_after_its_patience() -> None:
    with Aside(lambda: time.sleep(60)) as aside:
        pid = aside._pid
        started = time.monotonic()
        assert aside.result(patience=0.2) is None
        assert time.monotonic() - started < 5
    assert pid is not None and gone(pid)


def test_leaving_the_block_kills_the_child() -> None:
    """A caller that fails or is interrupted leaves no child running."""
    with pytest.raises(KeyboardInterrupt):
        with Aside(lambda: time.sleep(60)) as aside:
            pid = aside._pid
            raise KeyboardInterrupt
    assert pid is not None and gone(pid)


def test_aside_in_a_threaded_process_does_not_start(a_thread: None) -> None:
    with Aside(lambda: "never") as aside:
        assert not aside.started
        assert aside.result() is None


def test_aside_without_a_pipe_does_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pipe() -> tuple[int, int]:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_pipe)
    with Aside(lambda: "never") as aside:
        assert not aside.started
        assert aside.result() is None


def test_a_deferred_child_goes_when_a_later_child_is_done() -> None:
    """It gets ready at once, then works once the child started after it has finished,
    while this process is still busy (clock readings compare across processes)."""
    ready: list[float] = []

    def work() -> tuple[float, float]:
        return ready[0], time.monotonic()

    def later() -> tuple[float, bytes]:
        time.sleep(0.3)
        return time.monotonic(), os.urandom(1 << 20)  # more than the pipe holds

    with Aside(work, deferred=True, ready=lambda: ready.append(time.monotonic())) as late:
        with Aside(later) as first:
            time.sleep(1.0)  # this process's own work
            waits = time.monotonic()
            done = first.result()
        info = (late.started, first.started, child._GATES, os.listdir("/proc/self/task"))
        r = late.result()
        assert r is not None, info
        got_ready, began = r
    assert done is not None and got_ready < done[0] <= began < waits


def test_a_deferred_child_goes_when_this_process_waits() -> None:
    """A later child still works: this process, waiting for it, lends its core."""
    with Aside(lambda: time.monotonic(), deferred=True) as late:
        with Aside(lambda: time.sleep(1.0) or time.monotonic()) as first:
            time.sleep(0.2)
            waits = time.monotonic()
            ended = first.result()
        began = late.result()
    assert began is not None and ended is not None and waits <= began < ended


def test_a_deferred_child_goes_when_this_process_waits_for_it() -> None:
    started = time.monotonic()
    with Aside(lambda: "done", deferred=True) as aside:
        assert aside.result() == "done"
    assert time.monotonic() - started < 5


def test_a_deferred_child_kept_waiting_goes_after_its_patience(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No one lends a core (this process is busy, a later child hangs): the deferred
    work waits half the patience, no more."""
    monkeypatch.setattr(child, "CHILD_PATIENCE", 0.6)
    with Aside(lambda: time.monotonic(), deferred=True) as late:
        created = time.monotonic()
        with Aside(lambda: time.sleep(60)) as hung:
            time.sleep(1.0)
            began = late.result(patience=10)
            hung.cancel()
    assert began is not None and 0.25 <= began - created < 1.0


def test_a_failed_fork_leaves_no_gate_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(child, "fork", lambda work: None)
    with Aside(lambda: "never", deferred=True) as aside:
        assert not aside.started
    assert child._GATES == []


def test_a_cancelled_deferred_child_leaves_no_gate_open() -> None:
    """A caller that fails before waiting (a font error, Ctrl-C) leaves no gate behind
    for later children to inherit."""
    with pytest.raises(KeyboardInterrupt):
        with Aside(lambda: "never", deferred=True):
            assert len(child._GATES) == 1
            raise KeyboardInterrupt
    assert child._GATES == []


def test_a_half_that_never_started_lends_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """The later child could not be forked: this process does its work alone, and
    lends its core as it would have waited."""
    with Aside(lambda: time.monotonic(), deferred=True) as late:
        monkeypatch.setattr(child, "fork", lambda work: None)
        with Aside(lambda: "never") as first:
            lending = time.monotonic()  # result() lends the core: the child may go at once
            assert first.result() is None
            lent = time.monotonic()
        monkeypatch.undo()
        time.sleep(0.5)
        began = late.result()
    assert began is not None and lending <= began < lent + 0.4
