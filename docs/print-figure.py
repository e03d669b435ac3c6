"""Draw docs/print-booklet.png: how to print, fold and staple the imposed booklet.

Renders the first sheet (front and back) of an imposed booklet with pdftoppm and adds the
three steps.  Run after `make print`:

    .venv/bin/python docs/print-figure.py output/deepseek-liang-wenfeng-interview.print.pdf
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from publish.fonts.resolve import match_family

OUT = Path(__file__).with_name("print-booklet.png")


def render_side(pdf: Path, page: int, folder: Path) -> Image.Image:
    stem = folder / f"side{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def main(pdf: Path) -> None:
    face = match_family("Noto Sans CJK SC")
    font = ImageFont.truetype(str(face.path), 15, index=face.index) if face else None
    with tempfile.TemporaryDirectory() as tmp:
        front, back = render_side(pdf, 1, Path(tmp)), render_side(pdf, 2, Path(tmp))
    w, h = front.size
    pad, caption = 16, 54
    sheet = Image.new("RGB", (2 * w + 3 * pad, h + caption + 2 * pad), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (side, label) in enumerate(((front, "1. Sheet 1, front: last page | page 1"),
                                        (back, "   back: page 2 | second-to-last"))):
        x = pad + i * (w + pad)
        sheet.paste(side, (x, pad))
        draw.rectangle([x, pad, x + w - 1, pad + h - 1], outline="#888888")
        for y in range(pad, pad + h, 8):  # the fold line
            draw.line([x + w // 2, y, x + w // 2, y + 4], fill="#c0392b", width=1)
        draw.text((x, pad + h + 6), label, fill="#222222", font=font)
    draw.text((pad, pad + h + 28),
              "2. Print duplex, flip on the short edge.  3. Fold along the red line, "
              "stack the sheets, staple on the fold.", fill="#222222", font=font)
    sheet.save(OUT, optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
