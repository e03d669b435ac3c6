"""What the copy-editing pass and the Traditional Chinese conversion add to a seed build.

Budget (issue): <= 50 ms each.  Timed in-process on the parsed seed, median of several
runs ("warm": libraries loaded), and as the first call in a fresh process ("cold": that
includes AutoCorrect's configuration and OpenCC loading its phrase dictionaries, which a
one-shot ``publish build`` pays once).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, RUNS, SEED, env, table  # noqa: E402

BUDGET_MS = 50.0

COLD = """
import json, time
from publish.source import load
from publish.theme import load_theme
from publish.typography import typeset
from publish.variant import convert, resolve, variant_theme
interview, _ = load({seed!r})
theme = load_theme("classic")
t0 = time.perf_counter(); typeset_model = typeset(interview); t1 = time.perf_counter()
variant = resolve("zh-Hant")
convert(typeset_model, variant); variant_theme(theme, variant); t2 = time.perf_counter()
print(json.dumps({{"typeset": t1 - t0, "convert": t2 - t1}}))
"""


def median_ms(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def cold_ms(runs: int) -> dict[str, float]:
    """Median first-call times, each from a new interpreter."""
    samples: dict[str, list[float]] = {"typeset": [], "convert": []}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD.format(seed=str(SEED))], cwd=ROOT,
                             env=env(), capture_output=True, text=True, check=True).stdout
        for key, seconds in json.loads(out).items():
            samples[key].append(seconds * 1000)
    return {key: statistics.median(values) for key, values in samples.items()}


def verdict(ms: float) -> str:
    return "ok" if ms <= BUDGET_MS else "OVER"


def main() -> int:
    from publish.source import load
    from publish.theme import load_theme
    from publish.typography import lint, typeset
    from publish.variant import convert, resolve, variant_theme

    runs = max(RUNS, 7)
    interview, _ = load(SEED)
    theme = load_theme("classic")
    typeset_model = typeset(interview)
    tw, hk = resolve("zh-Hant"), resolve("zh-Hant-HK")
    convert(typeset_model, tw), convert(typeset_model, hk)      # load both converters
    warm = {
        "copy-editing pass (typeset)": median_ms(lambda: typeset(interview), runs),
        "zh-Hant conversion (s2twp)": median_ms(
            lambda: (convert(typeset_model, tw), variant_theme(theme, tw)), runs),
        "zh-Hant-HK conversion (s2hk)": median_ms(
            lambda: (convert(typeset_model, hk), variant_theme(theme, hk)), runs),
    }
    cold = cold_ms(max(RUNS, 5))
    rows = [[step, f"{ms:.1f} ms", f"{BUDGET_MS:.0f} ms", verdict(ms)]
            for step, ms in warm.items()]
    rows += [["copy-editing pass, first call in a process", f"{cold['typeset']:.1f} ms",
              f"{BUDGET_MS:.0f} ms", verdict(cold["typeset"])],
             ["zh-Hant conversion, first call (loads OpenCC)", f"{cold['convert']:.1f} ms",
              f"{BUDGET_MS:.0f} ms", verdict(cold["convert"])],
             ["publish check --lint (not part of a build)",
              f"{median_ms(lambda: lint(SEED), runs):.1f} ms", "-", ""]]
    print(f"seed: {SEED.name}, {sum(len(t) for t in interview.texts())} characters; "
          f"median of {runs} in-process runs, {max(RUNS, 5)} fresh processes for first calls")
    print(table(["step", "median", "budget", ""], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
