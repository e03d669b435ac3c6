"""Saddle-stitch imposition: booklet pages two-up on landscape sheets, in folding order.

Printed duplex (flip on the short edge), folded in the middle and stapled, the sheets read
in order.  Pages are placed as Form XObjects with pikepdf, so text stays selectable vector
text and each font is embedded once, however many sheets use it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

MM = 72 / 25.4
PAPERS = {"a4": (297 * MM, 210 * MM), "letter": (11 * 72, 8.5 * 72)}  # landscape w, h


@dataclass(frozen=True)
class Side:
    """One printed side of a sheet: the 0-based booklet pages on its left and right half.

    ``None`` is a blank page (padding to a multiple of four).  ``sheet`` counts from the
    outermost sheet (0), which is what creep compensation depends on.
    """

    sheet: int
    left: int | None
    right: int | None


def saddle_order(pages: int) -> list[Side]:
    """The sides in printing order for a booklet of ``pages`` pages.

    Sheet 1 front = last | 1, sheet 1 back = 2 | second-to-last, and so on inwards.
    """
    total = max(4, -(-pages // 4) * 4)

    def page(index: int) -> int | None:
        return index if index < pages else None

    sides = []
    for sheet in range(total // 4):
        sides.append(Side(sheet, page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append(Side(sheet, page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def impose(pdf_bytes: bytes, paper: str = "a4", creep_mm: float = 0.0) -> bytes:
    """Impose a booklet PDF two-up on ``paper`` (a4 or letter, landscape).

    Each page is scaled to fit its half of the sheet and centred.  ``creep_mm`` is the
    inward shift per sheet towards the centre of the booklet: inner sheets stick out at
    the fore-edge after folding, so their pages move towards the spine.
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper '{paper}' (use {', '.join(PAPERS)})")
    width, height = PAPERS[paper]
    source = pikepdf.open(io.BytesIO(pdf_bytes))
    out = pikepdf.new()
    forms = [out.copy_foreign(page.as_form_xobject()) for page in source.pages]
    boxes = [_size(page) for page in source.pages]
    for side in saddle_order(len(source.pages)):
        shift = creep_mm * MM * side.sheet
        xobjects, content = pikepdf.Dictionary(), []
        for index, left_half in ((side.left, True), (side.right, False)):
            if index is None:
                continue
            name = f"/Page{index + 1}"
            xobjects[name] = forms[index]
            content.append(_place(name, boxes[index], width, height, left_half, shift))
        sheet = out.add_blank_page(page_size=(width, height))
        sheet.Resources = pikepdf.Dictionary(XObject=xobjects)
        sheet.Contents = out.make_stream("\n".join(content).encode("ascii"))
    _copy_metadata(source, out)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _size(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The page's media box as (left, bottom, width, height)."""
    left, bottom, right, top = (float(v) for v in page.mediabox)
    return left, bottom, right - left, top - bottom


def _place(name: str, box: tuple[float, float, float, float], width: float, height: float,
           left_half: bool, shift: float) -> str:
    """Content-stream operators drawing form ``name`` scaled to fit its half, centred,
    and moved ``shift`` towards the spine.  Names are fixed, so output is deterministic."""
    left, bottom, page_w, page_h = box
    half = width / 2
    scale = min(half / page_w, height / page_h)
    x = (half - page_w * scale) / 2 + (0 if left_half else half) + \
        (shift if left_half else -shift)
    y = (height - page_h * scale) / 2
    x, y = x - left * scale, y - bottom * scale  # a media box need not start at 0, 0
    return f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q"


def _copy_metadata(source: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    """Keep title, author, language and dates of the booklet on the imposed file."""
    for key, value in source.docinfo.items():
        out.docinfo[key] = out.copy_foreign(value) if value.is_indirect else value
    if "/Lang" in source.Root:
        out.Root.Lang = source.Root.Lang
