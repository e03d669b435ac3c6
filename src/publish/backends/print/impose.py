"""Saddle-stitch imposition: booklet pages two-up on landscape sheets, in folding order.

Printed duplex (flip on the short edge), folded in the middle and stapled, the sheets read
in order.  Pages are placed as Form XObjects with pikepdf, so text stays selectable vector
text and each font is embedded once, however many sheets use it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from .structure import Placement, carry

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

    The sheets replace the pages inside the booklet's own file, so what belongs to the
    document stays as it was: title and ``DisplayDocTitle``, ``/Lang``, XMP metadata, and
    the structure tree, carried onto the sheets (see ``structure``).
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper '{paper}' (use {', '.join(PAPERS)})")
    width, height = PAPERS[paper]
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = list(pdf.pages)
    forms = [pdf.make_indirect(_form(page)) for page in pages]
    boxes = [_size(page) for page in pages]
    placements: dict[tuple[int, int], Placement] = {}
    sheets = []
    for side in saddle_order(len(pages)):
        shift = creep_mm * MM * side.sheet
        xobjects, content = pikepdf.Dictionary(), []
        sheet = pikepdf.Dictionary(Type=pikepdf.Name.Page,
                                   MediaBox=pikepdf.Array([0, 0, width, height]))
        for index, left_half in ((side.left, True), (side.right, False)):
            if index is None:
                continue
            name = f"/Page{index + 1}"
            xobjects[name] = forms[index]
            content.append(_place(name, boxes[index], width, height, left_half, shift))
        sheet.Resources = pikepdf.Dictionary(XObject=xobjects)
        sheet.Contents = pdf.make_stream("\n".join(content).encode("ascii"))
        sheets.append(pdf.make_indirect(sheet))
        for index in (side.left, side.right):
            if index is not None:
                placements[pages[index].objgen] = Placement(sheets[-1], forms[index])
    for sheet in sheets:
        pdf.pages.append(pikepdf.Page(sheet))
    for _ in pages:
        del pdf.pages[0]
    carry(pdf, placements)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _form(page: pikepdf.Page) -> pikepdf.Stream:
    """The page as a form XObject; with the page's place in the parent tree, so the MCIDs
    of its marked content still name its structure elements."""
    form = page.as_form_xobject()
    if "/StructParents" in page.obj:
        form.StructParents = page.obj.StructParents
    return form


def _size(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The page's media box as (left, bottom, width, height)."""
    left, bottom, right, top = (float(v) for v in page.mediabox)
    return left, bottom, right - left, top - bottom


def fit(box: tuple[float, float, float, float], width: float, height: float) -> float:
    """The scale that fits a page of media box ``box`` into half a ``width`` sheet."""
    return min(width / 2 / box[2], height / box[3])


def scale_on(pdf_bytes: bytes, paper: str) -> float:
    """How much ``impose`` shrinks the booklet's first page on ``paper`` (1.0: A5 on A4,
    nothing; an A4 page on A4 sheets prints at 0.71)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return fit(_size(pdf.pages[0]), *PAPERS[paper]) if len(pdf.pages) else 1.0


def _place(name: str, box: tuple[float, float, float, float], width: float, height: float,
           left_half: bool, shift: float) -> str:
    """Content-stream operators drawing form ``name`` scaled to fit its half, centred,
    and moved ``shift`` towards the spine.  Names are fixed, so output is deterministic."""
    left, bottom, page_w, page_h = box
    half = width / 2
    scale = fit(box, width, height)
    x = (half - page_w * scale) / 2 + (0 if left_half else half) + \
        (shift if left_half else -shift)
    y = (height - page_h * scale) / 2
    x, y = x - left * scale, y - bottom * scale  # a media box need not start at 0, 0
    # Clipped to its half: a page moved by creep loses a sliver of its inner margin at the
    # fold instead of spilling onto the facing page.
    clip = f"{0 if left_half else half:.4f} 0 {half:.4f} {height:.4f} re W n"
    # The form's own marked content ties it to the structure tree (``structure``).  The
    # Do is wrapped in a marked-content sequence too, with no MCID and not an artifact:
    # it names what is painted and changes no tag, and checkers that count every Do
    # outside marked content without looking into the form (pdfua 0.1) see it as marked.
    return (f"q {clip} {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm "
            f"/BookletPage BMC {name} Do EMC Q")


# Crop marks: where they start outside the bleed, how long they are, their line width.
MARK_GAP = 1 * MM
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25


def crop_marks(pdf_bytes: bytes) -> bytes:
    """Crop marks around each page of a PDF rendered with a bleed, outside that bleed.

    WeasyPrint draws its ``marks`` inside the bleed area, over the background that bleeds
    off the page (on a dark cover they vanish, and a shop trims through them).  Here each
    page's media box grows by a slug around the bleed, the crop marks are drawn in that
    slug in registration colour (marked as an artifact, so the tagged PDF stays valid),
    and the boxes say what they are: TrimBox the finished page, BleedBox the trim plus
    the bleed (WeasyPrint caps it at 10 pt), MediaBox and CropBox the whole sheet.
    """
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.obj.get("/TrimBox", page.mediabox))
        m0, n0, m1, n1 = (float(v) for v in page.mediabox)
        bleed = max(0.0, x0 - m0, y0 - n0, m1 - x1, n1 - y1)
        out = bleed + MARK_GAP + MARK_LENGTH + MARK_GAP
        page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
        sheet = pikepdf.Array([x0 - out, y0 - out, x1 + out, y1 + out])
        page.obj.MediaBox = sheet
        page.obj.CropBox = sheet
        page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
        lines = []
        for x, dx in ((x0, -1), (x1, 1)):
            for y, dy in ((y0, -1), (y1, 1)):
                lines.append(f"{x + dx * near:.3f} {y:.3f} m {x + dx * far:.3f} {y:.3f} l")
                lines.append(f"{x:.3f} {y + dy * near:.3f} m {x:.3f} {y + dy * far:.3f} l")
        marks = ("/Artifact BMC q 1 1 1 1 K "
                 f"{MARK_WIDTH} w 0 J [] 0 d " + " ".join(lines) + " S Q EMC")
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n" + marks.encode("ascii")), prepend=False)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()
