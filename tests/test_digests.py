"""Outputs stay byte-identical across refactoring: digests recorded before a change.

Each edition of the seed (and the anthology of ``seeds/series.yaml``) is built under
``SOURCE_DATE_EPOCH`` and its SHA-256 compared with ``tests/data/digests.json``.  The digests were recorded before the package was
regrouped (issue 13), so a move that changes a single byte of any output fails here.

The bytes depend on the toolchain too (WeasyPrint, Pango, HarfBuzz, the fonts), not only
on this project's code.  The JSON keeps the toolchain it was recorded with; on a machine
whose toolchain differs the comparison means nothing, so the test skips and names the
difference.  Record again, on purpose, after a change that is meant to alter outputs:

    SOURCE_DATE_EPOCH=1700000000 .venv/bin/python tests/test_digests.py
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import ROOT, SEED  # noqa: E402

RECORD = ROOT / "tests" / "data" / "digests.json"
EPOCH = "1700000000"
PACKAGES = ("weasyprint", "pydyf", "python-pptx", "EbookLib", "fonttools", "uharfbuzz",
            "pikepdf", "Pillow", "lxml", "Jinja2", "autocorrect-py", "opencc",
            "markdown-it-py", "mdit-py-plugins", "PyYAML", "tinycss2", "cssselect2")
# name -> extra `publish build` arguments; each builds into a folder of its own.
EDITIONS: dict[str, list[str]] = {
    "classic": ["--format", "pdf,epub,pptx,print,html"],
    "modern": ["--format", "pdf,epub,pptx", "--theme", "modern"],
    "zh-Hant": ["--format", "pdf,epub,pptx", "--variant", "zh-Hant"],
    "zh-Hant-HK": ["--format", "pdf,epub,pptx", "--variant", "zh-Hant-HK"],
    "shop": ["--format", "print", "--option", "shop=true"],
    # seeds/series.yaml as one anthology: its PDF is laid out in two halves and joined
    "collection": ["--format", "pdf,epub,pptx"],
}
SOURCES = {"collection": ROOT / "seeds" / "series.yaml"}


def toolchain() -> dict[str, str]:
    """Everything besides this project's code that decides the output bytes."""
    found = {name: metadata.version(name) for name in PACKAGES}
    fonts = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                           text=True, check=True).stdout
    listing = sorted(f"{path}:{os.path.getsize(path)}" for path in set(fonts.split()))
    found["fonts"] = hashlib.sha256("\n".join(listing).encode()).hexdigest()[:16]
    found["python"] = "%d.%d" % sys.version_info[:2]
    return found


def build_digests(out: Path, cwd: Path) -> dict[str, str]:
    """Build every edition with the real command; SHA-256 of each file by edition/name."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    digests: dict[str, str] = {}
    for edition, args in EDITIONS.items():
        folder = out / edition
        source = SOURCES.get(edition, SEED)
        subprocess.run([sys.executable, "-m", "publish", "build", str(source), *args,
                        "--output-dir", str(folder), "-q"], cwd=cwd, env=env, check=True,
                       timeout=300)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            digests[f"{edition}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@pytest.mark.slow
def test_outputs_match_the_recorded_digests(tmp_path: Path) -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    here = toolchain()
    differ = {k: (recorded["toolchain"].get(k), v) for k, v in here.items()
              if recorded["toolchain"].get(k) != v}
    if differ:
        pytest.skip(f"digests were recorded with another toolchain: {differ}")
    assert build_digests(tmp_path, tmp_path) == recorded["digests"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        RECORD.write_text(json.dumps({"toolchain": toolchain(),
                                      "digests": build_digests(Path(tmp), Path(tmp))},
                                     indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {RECORD}")
