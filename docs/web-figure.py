"""Draw docs/web-edition.png: the web edition on a phone, in headless Chromium.

Two 390x844 screenshots side by side: the top of the page in the light palette, and a
topic (labelled turns, key sentences) in the dark palette the theme's colours derive.
Run after `make html`:

    .venv/bin/python docs/web-figure.py output/deepseek-liang-wenfeng-interview.html
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import PHONE, Chromium  # noqa: E402

OUT = Path(__file__).with_name("web-edition.png")
TOPIC = "p2-t2"


def main(page: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, Chromium() as chromium:
        chromium.open(page.resolve().as_uri(), *PHONE)
        light = chromium.screenshot(Path(tmp) / "light.png")
        chromium.open(page.resolve().as_uri(), *PHONE, dark=True)
        chromium.evaluate(f"window.scrollTo({{top: document.getElementById('{TOPIC}')"
                          ".getBoundingClientRect().top + scrollY - 12, behavior: 'instant'})")
        dark = chromium.screenshot(Path(tmp) / "dark.png")
        shots = [Image.open(light).convert("RGB"), Image.open(dark).convert("RGB")]
    pad = 12
    w, h = shots[0].size
    sheet = Image.new("RGB", (2 * w + 3 * pad, h + 2 * pad), "#d4d4d4")
    for i, shot in enumerate(shots):
        sheet.paste(shot, (pad + i * (w + pad), pad))
    sheet = sheet.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    sheet.save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
