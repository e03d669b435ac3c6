"""Scale benchmark: interviews 1x, 10x and 100x the seed's size, every format.

A deterministic generator repeats the seed's topics (renumbered) so the text stays
realistic Chinese; each build runs in a fresh process that reports its own peak memory.
The "all, one build" rows build the three formats in one command, as ``make all``'s
``--format all`` would: EPUB and PPTX render in a forked child while the PDF renders, so
its peak memory is that of both processes together (their peaks added: an upper bound).
Targets: 100x builds all formats in <= 60 s and <= 1.5 GiB peak memory; cost should grow
about linearly with size.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SEED, env, table  # noqa: E402

FACTORS = tuple(int(f) for f in os.environ.get("SCALE_FACTORS", "1,10,100").split(","))
FORMATS = ("pdf", "epub", "pptx")
PROBE = """
import resource, sys
from publish.build import build
build(sys.argv[1], sys.argv[2].split(","), output_dir=sys.argv[3])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss +
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def scaled_source(factor: int, seed: Path = SEED) -> str:
    """The seed with its topic section repeated ``factor`` times, topics renumbered."""
    text = seed.read_text(encoding="utf-8")
    start = text.index("\n## ")
    end = text.index("\n# ", start)
    topics = text[start:end]
    copies = [re.sub(r"^## (.+)$", rf"## \1（{n}）", topics, flags=re.M) if n > 1 else topics
              for n in range(1, factor + 1)]
    return text[:start] + "".join(copies) + text[end:]


def measure(source: Path, fmt: str, out: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one fresh-process build."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PROBE, str(source), fmt, str(out)],
                            env=env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-800:])
        return float("nan"), float("nan")
    return seconds, int(result.stdout.split()[-1]) / 1024


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base: dict[str, float] = {}
        for factor in FACTORS:
            source = Path(tmp) / f"scale-{factor}x.md"
            source.write_text(scaled_source(factor), encoding="utf-8")
            total, peak = 0.0, 0.0
            for fmt in FORMATS:
                seconds, mib = measure(source, fmt, Path(tmp))
                total += seconds
                peak = max(peak, mib)
                base.setdefault(fmt, seconds)
                per_unit = seconds / (base[fmt] * factor) if base[fmt] else float("nan")
                rows.append([f"{factor}x", fmt, f"{seconds:.2f} s", f"{mib:.0f} MiB",
                             f"{per_unit:.2f}"])
            rows.append([f"{factor}x", "all, one by one", f"{total:.2f} s", f"{peak:.0f} MiB",
                         ""])
            seconds, mib = measure(source, ",".join(FORMATS), Path(tmp))
            rows.append([f"{factor}x", "all, one build", f"{seconds:.2f} s", f"{mib:.0f} MiB",
                         ""])
    print(table(["size", "format", "time", "peak memory", "time / (1x time * size)"], rows))
    print("\nA last column near or below 1.0 means cost grows linearly (fixed start-up "
          "costs push it below 1).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
