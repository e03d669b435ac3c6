"""``make bench``: every benchmark, one table, beside pandoc on the same machine.

Per format: our median build time (fresh process), pandoc's median on the same source,
the ratio and the output sizes; then the whole three-format build cold beside pandoc's
three runs, a second ``make all`` with nothing changed, and a running preview's rebuild.
Then the detail scripts in this folder (per format, imposition, typography, scale) print
their own tables.

Targets (issues): PDF <= 1.0 s, EPUB <= 0.3 s, PPTX <= 0.5 s; all three <= 1.0 s and
<= 0.5x pandoc's three runs; a no-op ``make all`` <= 50 ms; in a running preview, a save
to all four outputs rewritten <= 0.35 s and to the web page <= 50 ms (bench_preview.py).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (ROOT, SEED, RUNS, env, fmt_s, publish_cmd, ratio, size_kb,  # noqa: E402
                    table, time_cmd)

# Per-format detail (themes, CPU time, where the time goes), then the rest.
DETAIL_SCRIPTS = ("bench_pdf.py", "bench_epub.py", "bench_pptx.py", "bench_impose.py",
                  "bench_import.py", "bench_collection.py",
                  "bench_typography.py", "scale.py")
PANDOC = {
    "pdf": ["--pdf-engine=weasyprint"],
    "epub": ["-t", "epub3"],
    "pptx": ["-t", "pptx"],
}


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    print(f"# publish benchmarks: {source.name}, median of {RUNS} fresh runs\n")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        rows, ours_total, pandoc_total = [], 0.0, 0.0
        for fmt, pandoc_args in PANDOC.items():
            ours = time_cmd(publish_cmd("build", str(source), "-f", fmt, "-o", str(out), "-q"))
            theirs_path = out / f"pandoc.{fmt}"
            theirs = time_cmd(["pandoc", str(source), *pandoc_args, "-o", str(theirs_path)])
            ours_total += ours or 0
            pandoc_total += theirs or 0
            rows.append([fmt, fmt_s(ours), fmt_s(theirs), ratio(ours, theirs),
                         size_kb(out / f"{source.stem}.{fmt}"), size_kb(theirs_path)])
        cold = time_cmd(publish_cmd("build", str(source), "-f", "all", "-o", str(out), "-q"))
        rows.append(["all (one process)", fmt_s(cold), fmt_s(pandoc_total or None),
                     ratio(cold, pandoc_total), "", ""])
        print(table(["format", "publish", "pandoc", "ratio", "our size", "pandoc size"], rows))
        print("\nBuilds reuse the build cache (.cache/publish) as every rebuild does; "
              "bench_pdf.py\nalso times a first build with an empty cache.")
        noop = noop_make(source, out)
        print(f"\nnothing-changed `make all`: {fmt_s(noop)}")
        print(f"`make all` after an edit of the source: {fmt_s(edited_make(source, out))}")
        warm = preview_row(source)
        print("targets: " + "; ".join([
            verdict("three formats <= 1.0 s", cold, cold is not None and cold <= 1.0),
            verdict("<= 0.5x pandoc's three runs", ratio(cold, pandoc_total),
                    bool(cold and pandoc_total) and cold <= 0.5 * pandoc_total),
            verdict("no-op make all <= 50 ms", noop, noop is not None and noop <= 0.05),
            *warm]))
    for script in DETAIL_SCRIPTS:
        path = ROOT / "bench" / script
        if path.exists():
            print(f"\n# {script}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env(), check=False)
    return 0


def preview_row(source: Path) -> list[str]:
    """Time a running preview from a save to the outputs rewritten (bench_preview.py);
    the verdicts on its targets."""
    from bench_preview import measure

    found = measure(source)
    if not found:
        print("warm rebuild in a running preview: - (the preview did not rebuild)")
        return [verdict("preview: all four <= 0.35 s", None, False)]
    html, every = found["save"]["html"], found["all"]  # type: ignore[index]
    print(f"warm rebuild in a running preview, save -> HTML, EPUB, PPTX, PDF rewritten: "
          f"{fmt_s(every)} (HTML alone {html * 1000:.0f} ms; median of {found['runs']} "
          f"edits, load average {found['load'][0]:.2f})")  # type: ignore[index]
    return [verdict("preview: all four <= 0.35 s", every, every <= 0.35),
            verdict("HTML alone <= 50 ms", html, html <= 0.05)]


def verdict(target: str, measured: float | str | None, met: bool) -> str:
    shown = fmt_s(measured) if not isinstance(measured, str) else measured
    return f"{target}: {'ok' if met else 'MISSED'} ({shown})"


def edited_make(source: Path, out: Path) -> float | None:
    """Time ``make all`` once the source changed (a copy of it is touched first): one
    ``publish build`` of the three formats, the EPUB and the deck beside the PDF."""
    copy = out / "edited" / source.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(source.read_bytes())
    make = (f"touch {shlex.quote(str(copy))} && make --no-print-directory all "
            f"SOURCE={shlex.quote(str(copy))} OUT={shlex.quote(str(copy.parent))}")
    return time_cmd(["bash", "-c", make])


def noop_make(source: Path, out: Path) -> float | None:
    """Time a second ``make all`` into the same output folder: it should do nothing."""
    make = ["make", "--no-print-directory", "all", f"SOURCE={source}", f"OUT={out}"]
    if subprocess.run(make, cwd=ROOT, env=env(), capture_output=True).returncode != 0:
        return None
    return time_cmd(make)


if __name__ == "__main__":
    sys.exit(main())
