"""When the garbage collector runs (``publish.collector``): a paused render's cyclic
garbage is collected afterwards in a long-lived process, frozen in a one-shot one."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref

from conftest import ROOT, SEED
from publish import collector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def make_garbage(count: int) -> list[weakref.ref]:
    """``count`` unreachable cycles, and a way to tell whether they are still there."""
    return [weakref.ref(Node()) for _ in range(count)]


def alive(refs: list[weakref.ref]) -> int:
    return sum(ref() is not None for ref in refs)


def test_a_long_lived_process_collects_after_the_pause(monkeypatch) -> None:
    monkeypatch.setattr(collector, "_one_shot", False)
    gc.collect()
    with collector.paused_gc():
        assert not gc.isenabled()
        garbage = make_garbage(1000)
        assert alive(garbage) == 1000
    assert gc.isenabled()
    gc.collect()
    assert alive(garbage) == 0


def test_a_one_shot_process_freezes_the_pause_instead(monkeypatch) -> None:
    monkeypatch.setattr(collector, "_one_shot", False)
    collector.leave_garbage_to_exit()
    assert collector.leaves_garbage_to_exit()
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        with collector.paused_gc():
            garbage = make_garbage(1000)
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + 1000
        gc.collect()
        assert alive(garbage) == 1000  # the frozen cycles are left to the process's exit
    finally:
        gc.unfreeze()


RUN_AND_REPORT = """
import gc, json, os, sys, types
from publish import cli, collector

def report(status):
    print(json.dumps({"status": status, "one_shot": collector.leaves_garbage_to_exit(),
                      "frozen": gc.get_freeze_count()}), flush=True)
    os._exit(status)

# run() ends the process with os._exit: report first (the cli module's os only)
cli.os = types.SimpleNamespace(**{**vars(os), "_exit": report})
sys.argv = ["publish", "build", sys.argv[1], "-f", "pdf", "-o", sys.argv[2], "-q"]
cli.run()
"""


def test_a_command_line_build_is_one_shot_and_leaves_no_temporary_files(tmp_path) -> None:
    """``publish build`` (``cli.run``) freezes its render garbage, and removes the font
    files WeasyPrint copied (whose finalizer a frozen or forked process never runs):
    here for an anthology laid out in two halves, one in a forked child."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, str(ROOT / "seeds" /
                          "series.yaml"), str(tmp_path / "out")],
                         capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
                              "TMPDIR": str(temporary)}).stdout
    report = json.loads(out)
    assert report == {**report, "status": 0, "one_shot": True}
    assert report["frozen"] > 10000
    assert (tmp_path / "out" / "series.pdf").is_file()
    assert list(temporary.iterdir()) == []


def test_the_api_is_not_one_shot(tmp_path) -> None:
    code = ("import sys\nfrom publish import cli, collector\n"
            "status = cli.main(['build', sys.argv[1], '-f', 'epub', '-o', sys.argv[2], '-q'])\n"
            "print(status, collector.leaves_garbage_to_exit())\n")
    out = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)],
                         capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}).stdout
    assert out.split() == ["0", "False"]
