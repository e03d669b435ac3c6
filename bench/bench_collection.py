"""Collection benchmark: ten copies of the seed as one anthology, in all three formats.

Rows: one interview (``publish build SEED -f all``) and a collection of ten copies of it
(``publish build series.yaml -f all``: a 130-page PDF, one EPUB, one deck), each the
median of fresh processes with a warm build cache (the members' prepared models, font
subsets, templates and the anthology's page numbers from the previous build are reused,
as on every rebuild), plus the PDF alone for both, and the collection's PDF on a first
build, without the page numbers (two attempts at the two-core layout, see
``backends/pdf/split.py``).
Target (issue 16): the collection in <= 3x the time of one interview.  The runs are
interleaved, one of each per round, and a row's factor is the median of the rounds' own
factors (``paired``).  Each row also gives the CPU time of the build's processes: the wall factor depends on whether the host
gives the build its two cores (see the note the table prints).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SEED, RUNS, fmt_s, publish_cmd, table, time_cmd  # noqa: E402

COPIES = 10
TARGET = 3.0


def collection(folder: Path, copies: int = COPIES) -> Path:
    """``folder/series.yaml`` listing ``copies`` copies of the seed (each its own file)."""
    entries = []
    for n in range(1, copies + 1):
        shutil.copy(SEED, folder / f"seed-{n:02d}.md")
        entries.append(f"  - seed-{n:02d}.md")
    path = folder / "series.yaml"
    path.write_text("title: 读书会访谈合集\ncompiler: 周末读书会\ninterviews:\n" +
                    "\n".join(entries) + "\n", encoding="utf-8")
    return path


def _entries(folder: Path) -> set[str]:
    return set(os.listdir(folder)) if folder.is_dir() else set()


def _forget(folder: Path, names: set[str]) -> None:
    """Remove this run's collection's page numbers (not other collections', whose next
    build would then be a first build too)."""
    for name in names:
        (folder / name).unlink(missing_ok=True)


def factor(many: float | None, one: float | None) -> str:
    return "-" if not many or not one else f"{many / one:.2f}x"


def paired(many: list[float | None], one: list[float | None]) -> float | None:
    """The median of each round's ratio: a round times both builds within seconds, so a
    drift of the host's speed between rounds (tens of per cent here) cancels out, where
    the ratio of the two medians would take it in when the rounds fall unevenly."""
    ratios = [m / o for m, o in zip(many, one) if m and o]
    return statistics.median(ratios) if ratios and len(ratios) == len(many) else None


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        series = collection(folder)
        out = str(folder / "out")
        numbers = Path(os.environ.get("PUBLISH_CACHE_DIR") or ROOT / ".cache" / "publish") \
            / "anthology-pages"
        jobs = {(label, fmt): publish_cmd("build", str(source), "-f", fmt, "-o", out, "-q")
                for label, source in (("one interview", SEED), (f"{COPIES} copies", series))
                for fmt in ("all", "pdf")}
        kept = _entries(numbers)
        for cmd in jobs.values():
            time_cmd(cmd, runs=1)  # fill the build cache
        ours = _entries(numbers) - kept  # this collection's page numbers, to forget
        # Interleaved, one run of each per round: this machine's speed drifts by tens of
        # per cent over a minute, which would bias rows timed one after the other.
        samples: dict = {key: [] for key in [*jobs, "first"]}
        cpu: dict = {key: [] for key in jobs}
        for _ in range(RUNS):
            for key, cmd in jobs.items():
                samples[key].append(time_cmd(cmd, runs=1, cpu=cpu[key]))
            samples["first"].append(time_cmd(
                jobs[f"{COPIES} copies", "pdf"], runs=1,
                before=lambda: _forget(numbers, ours)))
        _forget(numbers, ours)  # the temporary collection is gone: so are its numbers
        times = {key: None if None in runs else statistics.median(runs)
                 for key, runs in samples.items()}
        first = times["first"]
        work = {key: statistics.median(runs) if runs else None for key, runs in cpu.items()}
        ratios = {fmt: paired(samples[f"{COPIES} copies", fmt], samples["one interview", fmt])
                  for fmt in ("all", "pdf")}
        ratios["first"] = paired(samples["first"], samples["one interview", "pdf"])
        for fmt in ("all", "pdf"):
            one, many = times["one interview", fmt], times[f"{COPIES} copies", fmt]
            one_cpu, many_cpu = work["one interview", fmt], work[f"{COPIES} copies", fmt]
            rows.append([f"-f {fmt}", fmt_s(one), fmt_s(many), factor(ratios[fmt], 1.0),
                         fmt_s(one_cpu), fmt_s(many_cpu), factor(many_cpu, one_cpu)])
        rows.append(["-f pdf, first build", fmt_s(times["one interview", "pdf"]),
                     fmt_s(first), factor(ratios["first"], 1.0), "", "", ""])
    print(f"## Collection: {COPIES} copies of the seed, median of {RUNS} fresh runs\n")
    print(table(["formats", "one interview", f"{COPIES} copies", "factor",
                 "CPU: one", f"CPU: {COPIES} copies", "CPU factor"], rows))
    print(f"\nCPU is user + system time of every process of the build. Two free cores "
          f"bring the wall factor under the CPU factor; a host that lends only one "
          f"brings it back up to it.")
    print("A factor is the median of the rounds' own factors, each taken within seconds.")
    met = ratios["all"] is not None and ratios["all"] <= TARGET
    print(f"target: {COPIES} copies in all three formats <= {TARGET:g}x one interview: "
          f"{'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
