"""Imposition time for the seed booklet (target <= 0.3 s), in-process, median of runs."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RUNS, SEED, table  # noqa: E402


def main() -> int:
    from publish import backends
    from publish.backends.print.impose import impose
    from publish.source import load
    from publish.theme import load_theme

    interview, _ = load(SEED)
    theme = load_theme(interview.meta.theme or "classic")
    booklet = backends.get("pdf").render(interview, theme, backends.Options(1700000000))
    times = []
    for _ in range(max(RUNS, 5)):
        started = time.perf_counter()
        sheets = impose(booklet)
        times.append(time.perf_counter() - started)
    print(table(["step", "median", "input", "output"],
                [["impose seed booklet (A4)", f"{statistics.median(times):.3f} s",
                  f"{len(booklet) / 1024:.0f} KB", f"{len(sheets) / 1024:.0f} KB"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
