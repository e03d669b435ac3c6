"""The seed deck: build time in a fresh process beside pandoc's PowerPoint writer.

Target (issue): <= 0.5 s for ``build(SEED, ["pptx"])`` in a fresh process (imports, font
resolution, fitting, python-pptx, zip), median of at least five runs.  The in-process
rows split that time into the pure stage (describe: fonts, measuring, fitting) and the
emitter (python-pptx and the deterministic zip).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RUNS, SEED, fmt_s, ratio, size_kb, table, time_cmd  # noqa: E402

EPOCH = 1_700_000_000


def build_cmd(source: Path, out: Path) -> list[str]:
    code = (f"from publish.build import build; build({str(source)!r}, ['pptx'], "
            f"output_dir={str(out)!r})")
    return [sys.executable, "-c", code]


def in_process(source: Path, runs: int) -> tuple[float, float]:
    """Median (describe, emit) seconds once everything is imported and warm."""
    from publish.backends import Options
    from publish.backends.pptx import describe
    from publish.backends.pptx.emit import emit
    from publish.source import load
    from publish.theme import load_theme
    from publish.text.typography import typeset

    interview = typeset(load(source)[0])
    theme = load_theme(interview.meta.theme or "classic")
    stages: list[tuple[float, float]] = []
    for _ in range(runs):
        started = time.perf_counter()
        deck = describe(interview, theme, Options(source_date_epoch=EPOCH))
        middle = time.perf_counter()
        emit(deck)
        stages.append((middle - started, time.perf_counter() - middle))
    return (statistics.median(s[0] for s in stages), statistics.median(s[1] for s in stages))


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    runs = max(RUNS, 5)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = time_cmd(build_cmd(source, out), runs=runs)
        theirs_path = out / "pandoc.pptx"
        theirs = time_cmd(["pandoc", str(source), "-t", "pptx", "-o", str(theirs_path)],
                          runs=runs)
        describe_s, emit_s = in_process(source, runs)
        rows = [
            ["publish build (fresh process)", fmt_s(ours), size_kb(out / f"{source.stem}.pptx")],
            ["pandoc -t pptx", fmt_s(theirs), size_kb(theirs_path)],
            ["ratio publish / pandoc", ratio(ours, theirs), ""],
            ["  in-process: describe (fit)", fmt_s(describe_s), ""],
            ["  in-process: emit (python-pptx)", fmt_s(emit_s), ""],
        ]
    print(f"# pptx deck: {source.name}, median of {runs} runs (target <= 0.500 s)\n")
    print(table(["step", "time", "size"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
