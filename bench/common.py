"""Shared helpers for the benchmarks: fresh-process timing, medians, pandoc beside us.

Benchmarks measure; they never assert.  Times are medians over several runs of a fresh
process, because a user runs ``publish`` (or ``make``) once per build.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.md"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def env() -> dict[str, str]:
    """The environment for timed runs: the venv's tools first on PATH (pandoc finds
    weasyprint there), a fixed SOURCE_DATE_EPOCH."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}


def publish_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "publish", *args]


def time_cmd(cmd: Sequence[str], runs: int = RUNS, cwd: Path = ROOT,
             before: Callable[[], object] | None = None,
             cpu: list[float] | None = None) -> float | None:
    """Median wall time of ``cmd`` in seconds, or None if it fails or is missing;
    ``before()`` runs ahead of each run, untimed.  ``cpu`` gets each run's CPU seconds
    (user and system, of the command and every process it started and waited for)."""
    if shutil.which(cmd[0]) is None and not Path(cmd[0]).exists():
        return None
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        used = _children_cpu()
        started = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True)
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(_children_cpu() - used)
        if result.returncode != 0:
            sys.stderr.write(f"bench: {' '.join(cmd)} failed:\n"
                             f"{result.stderr.decode(errors='replace')[-800:]}\n")
            return None
    return statistics.median(times)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_in_process(step: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``step`` in this process, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def size_kb(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.0f} KB" if path.exists() else "-"


def fmt_s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.3f} s"


def ratio(ours: float | None, theirs: float | None) -> str:
    return "-" if not ours or not theirs else f"{ours / theirs:.2f}x"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
