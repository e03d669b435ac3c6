"""What the copy-editing pass and the Traditional Chinese conversion add to a seed build.

Budget (issue): <= 50 ms each.  Timed in-process on the parsed seed, median of several
runs ("warm": libraries loaded), and as the first call in a fresh process ("cold": that
includes AutoCorrect's configuration, which a one-shot ``publish build`` pays once).

The conversion remembers its results in the build cache (``publish.text.variant.Memo``), so
its cold cost is timed twice, each in fresh processes with their own cache folder: with
an empty memo (a first build: importing OpenCC, loading its phrase dictionaries,
converting, saving the memo) and with the memo the first build left (a rebuild of the
same text: reading the memo; OpenCC is not imported, which each run checks).  Last,
whole fresh-process builds of each format with the memo warm and emptied: when the text
changed, OpenCC loads in a child process while the build loads its backends, and the
difference shows what that still adds to a build.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, RUNS, SEED, env, median_in_process, table  # noqa: E402

BUDGET_MS = 50.0

COLD = """
import json, sys, time
from publish.source import load
from publish.theme import load_theme
from publish.text.typography import typeset
from publish.text.variant import convert, resolve, variant_theme
interview, _ = load({seed!r})
theme = load_theme("classic")
t0 = time.perf_counter(); typeset_model = typeset(interview); t1 = time.perf_counter()
variant = resolve("zh-Hant")
convert(typeset_model, variant, {cache!r}); variant_theme(theme, variant)
t2 = time.perf_counter()
print(json.dumps({{"typeset": t1 - t0, "convert": t2 - t1,
                  "opencc": "opencc" in sys.modules}}))
"""


def median_ms(step: Callable[[], object], runs: int) -> float:
    return median_in_process(step, runs) * 1000


def cold_run(cache: str) -> dict[str, float | bool]:
    """One fresh interpreter: first-call times (s) and whether OpenCC was imported."""
    out = subprocess.run([sys.executable, "-c", COLD.format(seed=str(SEED), cache=cache)],
                         cwd=ROOT, env=env(), capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def cold_ms(runs: int) -> dict[str, float | bool]:
    """Median first-call times (ms), each from a new interpreter: the copy-editing pass,
    the conversion with an empty memo (first build) and with a warm one (rebuild)."""
    samples: dict[str, list[float]] = {"typeset": [], "first build": [], "rebuild": []}
    opencc_on_rebuild = False
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-opencc-") as cache:
            first = cold_run(cache)                       # empty memo: fills it
            again = cold_run(cache)                       # the memo just written
        samples["typeset"].append(float(first["typeset"]) * 1000)
        samples["first build"].append(float(first["convert"]) * 1000)
        samples["rebuild"].append(float(again["convert"]) * 1000)
        opencc_on_rebuild = opencc_on_rebuild or bool(again["opencc"])
    medians: dict[str, float | bool] = {k: statistics.median(v) for k, v in samples.items()}
    medians["opencc on rebuild"] = opencc_on_rebuild
    return medians


def whole_builds(runs: int) -> dict[str, tuple[float, float]]:
    """format -> (median ms of a zh-Hant build with the memo warm, with it emptied).

    Fresh ``publish build --variant zh-Hant`` processes sharing one build cache, warmed
    first (fonts, model); before each "emptied" run the memo is deleted, as after an edit
    of every paragraph: OpenCC must load, in a child process while the backends load
    (``convert_meanwhile``).  The difference is what loading OpenCC adds to a build.
    """
    out: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-variant-") as tmp:
        cache = Path(tmp) / "cache"
        environ = {**env(), "PUBLISH_CACHE_DIR": str(cache)}
        for fmt in ("pdf", "epub", "pptx"):
            cmd = [sys.executable, "-m", "publish", "build", str(SEED), "-f", fmt,
                   "--variant", "zh-Hant", "-o", tmp, "-q"]
            subprocess.run(cmd, cwd=ROOT, env=environ, check=True)   # warm the cache
            warm, emptied = [], []
            for _ in range(runs):
                for times, empty in ((warm, False), (emptied, True)):
                    if empty:
                        shutil.rmtree(cache / "opencc", ignore_errors=True)
                    started = time.perf_counter()
                    subprocess.run(cmd, cwd=ROOT, env=environ, check=True)
                    times.append((time.perf_counter() - started) * 1000)
            out[fmt] = (statistics.median(warm), statistics.median(emptied))
    return out


def verdict(ms: float) -> str:
    return "ok" if ms <= BUDGET_MS else "OVER"


def main() -> int:
    from publish.source import load
    from publish.theme import load_theme
    from publish.text.typography import lint, typeset
    from publish.text.variant import Memo, convert, resolve, variant_theme

    runs = max(RUNS, 7)
    interview, _ = load(SEED)
    theme = load_theme("classic")
    typeset_model = typeset(interview)
    tw, hk = resolve("zh-Hant"), resolve("zh-Hant-HK")
    for variant in (tw, hk):                                    # load both converters
        convert(typeset_model, variant, memo=Memo(variant))
    warm = {
        "copy-editing pass (typeset)": median_ms(lambda: typeset(interview), runs),
        "zh-Hant conversion (s2twp), OpenCC loaded, no memo": median_ms(
            lambda: (convert(typeset_model, tw, memo=Memo(tw)), variant_theme(theme, tw)),
            runs),
        "zh-Hant-HK conversion (s2hk), OpenCC loaded, no memo": median_ms(
            lambda: (convert(typeset_model, hk, memo=Memo(hk)), variant_theme(theme, hk)),
            runs),
    }
    fresh = max(RUNS, 5)
    cold = cold_ms(fresh)
    rows = [[step, f"{ms:.1f} ms", f"{BUDGET_MS:.0f} ms", verdict(ms)]
            for step, ms in warm.items()]
    imported = "imported" if cold["opencc on rebuild"] else "not imported"
    for step, key in [("copy-editing pass, first call in a process", "typeset"),
                      ("zh-Hant in-process, empty memo (loads OpenCC)*", "first build"),
                      (f"zh-Hant, rebuild: warm memo (OpenCC {imported})", "rebuild")]:
        ms = float(cold[key])
        budget = "*" if key == "first build" else f"{BUDGET_MS:.0f} ms"
        rows.append([step, f"{ms:.1f} ms", budget, "" if key == "first build" else verdict(ms)])
    rows.append(["publish check --lint (not part of a build)",
                 f"{median_ms(lambda: lint(SEED), runs):.1f} ms", "-", ""])
    print(f"seed: {SEED.name}, {sum(len(t) for t in interview.texts())} characters; "
          f"median of {runs} in-process runs, {fresh} fresh processes for first calls "
          "(each pair: a first build with an empty memo, then a rebuild with its memo)")
    print(table(["step", "median", "budget", ""], rows))
    print("* in a build this runs in a child process while the backends load; what it "
          "adds to a build is below")
    builds = whole_builds(fresh)
    rows = []
    for fmt, (warm_ms, emptied_ms) in builds.items():
        added = emptied_ms - warm_ms + warm["zh-Hant conversion (s2twp), OpenCC loaded, no memo"]
        rows.append([fmt, f"{warm_ms:.0f} ms", f"{emptied_ms:.0f} ms", f"{added:.0f} ms",
                     verdict(added)])
    print(f"\nwhole `publish build --variant zh-Hant` builds, median of {fresh} fresh "
          "processes; conversion adds = (memo emptied - memo warm) + the conversion itself")
    print(table(["format", "memo warm", "memo emptied", "conversion adds", ""], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
