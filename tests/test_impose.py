"""Saddle-stitch imposition, checked on real PDFs with poppler."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from publish.backends.print.impose import MM, PAPERS, impose, saddle_order

A5 = (148 * MM, 210 * MM)


def booklet(pages: int) -> bytes:
    """An A5 PDF whose page n shows the text PAGE-n (WeasyPrint, a real font)."""
    from weasyprint import HTML

    body = "".join(f'<section style="break-after: page">PAGE-{n} 第{n}页</section>'
                   for n in range(1, pages + 1))
    html = f'<html lang="zh-CN"><style>@page {{ size: A5 }} body {{ font-family: "Noto Sans CJK SC" }}</style><body>{body}</body></html>'
    return HTML(string=html).write_pdf()


def text_of(pdf: Path, page: int, box: tuple[float, float, float, float] | None = None) -> str:
    """pdftotext of one page (1-based), optionally cropped to x, y, w, h in points."""
    crop = []
    if box:
        x, y, w, h = box
        crop = ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h)),
                "-r", "72"]
    result = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop,
                             str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def test_saddle_order_of_eight_pages() -> None:
    sides = [(s.left, s.right) for s in saddle_order(8)]
    assert sides == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_padding_to_a_multiple_of_four() -> None:
    sides = saddle_order(5)
    assert len(sides) == 4
    assert (sides[0].left, sides[0].right) == (None, 0)   # last (blank) | page 1
    assert sorted(p for s in sides for p in (s.left, s.right) if p is not None) == list(range(5))


@pytest.mark.parametrize("pages", [1, 4, 5, 17])
def test_every_half_holds_the_right_page(pages: int, tmp_path: Path) -> None:
    source = tmp_path / "booklet.pdf"
    source.write_bytes(booklet(pages))
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(impose(source.read_bytes()))
    with pikepdf.open(imposed) as pdf:
        assert len(pdf.pages) == max(4, -(-pages // 4) * 4) // 2
        for page in pdf.pages:
            w, h = (float(v) for v in page.mediabox[2:])
            assert (round(w), round(h)) == (round(PAPERS["a4"][0]), round(PAPERS["a4"][1]))
    width, height = PAPERS["a4"]
    for number, side in enumerate(saddle_order(pages), 1):
        for index, x in ((side.left, 0.0), (side.right, width / 2)):
            half = text_of(imposed, number, (x, 0, width / 2, height))
            expected = text_of(source, index + 1) if index is not None else ""
            assert half == expected, (number, index)


def test_fonts_embedded_once_and_text_stays_text(tmp_path: Path) -> None:
    source = booklet(9)
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(impose(source))
    fonts = subprocess.run(["pdffonts", str(imposed)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)
    names = {line.split()[0] for line in fonts}
    assert len(names) == len(fonts), "each font object appears once"
    with pikepdf.open(io.BytesIO(source)) as original:
        assert not any("/Image" in str(page.obj.get("/Resources", {})) for page in original.pages)
    everything = " ".join(text_of(imposed, n) for n in range(1, 7))
    assert all(f"PAGE-{n} " in everything + " " for n in range(1, 10))


def test_letter_paper_scales_and_centres(tmp_path: Path) -> None:
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(impose(booklet(4), paper="letter"))
    with pikepdf.open(imposed) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox[2:]] == [792, 612]
    assert text_of(imposed, 1, (396, 0, 396, 612)) == "PAGE-1 第1页"


def test_creep_moves_inner_pages_towards_the_spine(tmp_path: Path) -> None:
    source = booklet(16)
    plain = pikepdf.open(io.BytesIO(impose(source)))
    crept = pikepdf.open(io.BytesIO(impose(source, creep_mm=1.0)))

    def placements(pdf: pikepdf.Pdf, side: int) -> str:
        return pdf.pages[side].Contents.read_bytes().decode("latin-1")

    assert placements(plain, 0) == placements(crept, 0)   # outermost sheet: no shift
    assert placements(plain, 6) != placements(crept, 6)   # innermost sheet moves


def word_x(pdf: Path, page: int, word: str) -> float:
    """xMin of ``word`` on ``page`` (1-based), from pdftotext -bbox."""
    import re

    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox",
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return float(re.search(rf'xMin="([\d.]+)"[^>]*>{word}</word>', xml)[1])


def test_creep_shifts_each_sheet_by_its_depth_and_clips_to_its_half(tmp_path: Path) -> None:
    # 16 pages = 4 sheets; 2 mm per sheet: the innermost sheet (3) moves 6 mm, its left
    # page to the right, its right page to the left; the outermost does not move.
    pages = 16
    colours = ["#d00000", "#0000d0"]
    body = "".join(f'<section style="break-after: page; height: 100%; background: '
                   f'{colours[n % 2]}; color: white">PAGE-{n}</section>'
                   for n in range(1, pages + 1))
    from weasyprint import HTML

    source = HTML(string=f'<style>@page {{ size: A5; margin: 0 }} html, body {{ height: '
                         f'100%; margin: 0; font-family: "Noto Sans CJK SC" }}</style>'
                         f'<body>{body}</body>').write_pdf()
    plain, crept = tmp_path / "plain.pdf", tmp_path / "crept.pdf"
    plain.write_bytes(impose(source))
    crept.write_bytes(impose(source, creep_mm=2.0))
    sides = saddle_order(pages)
    for number, side in enumerate(sides, 1):
        for index, direction in ((side.left, 1), (side.right, -1)):
            word = f"PAGE-{index + 1}"
            moved = word_x(crept, number, word) - word_x(plain, number, word)
            assert moved == pytest.approx(direction * 2.0 * MM * side.sheet, abs=0.6), \
                (number, word)
    # Innermost side: each half shows only its own page's colour, right up to the fold.
    from PIL import Image

    png = subprocess.run(["pdftoppm", "-f", "8", "-l", "8", "-r", "36", "-png", str(crept)],
                         capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("RGB")
    middle, row = image.width // 2, image.height // 2
    left_colour = "red" if (sides[7].left + 1) % 2 == 0 else "blue"  # page n: colours[n % 2]

    def colour(x: int) -> str:
        r, _, b = image.getpixel((x, row))
        return "red" if r > b else "blue"

    assert {colour(x) for x in range(middle - 20, middle - 1)} == {left_colour}
    assert {colour(x) for x in range(middle + 1, middle + 20)} == \
        {"blue" if left_colour == "red" else "red"}


def test_imposition_is_deterministic() -> None:
    source = booklet(5)
    assert impose(source) == impose(source)
