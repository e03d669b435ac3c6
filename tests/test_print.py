"""The print backend on the seed: imposed sheets, Letter, the print-shop variant."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import SEED
from publish.build import build
from publish.diagnostics import PublishError
from publish.backends.print.impose import MM


def test_seed_booklet_imposes_on_a4(tmp_path: Path) -> None:
    (booklet, sheets) = build(SEED, ("pdf", "print"), output_dir=tmp_path).outputs
    assert sheets.name == f"{SEED.stem}.print.pdf"
    with pikepdf.open(booklet) as pages, pikepdf.open(sheets) as imposed:
        assert len(imposed.pages) == -(-len(pages.pages) // 4) * 2
        assert imposed.docinfo["/Title"] == pages.docinfo["/Title"]
        assert str(imposed.Root.Lang) == "zh-CN"
        assert imposed.Root.ViewerPreferences.DisplayDocTitle is True
        assert imposed.Root.MarkInfo.Marked is True
        with imposed.open_metadata() as xmp:
            assert xmp["dc:title"] == str(pages.docinfo["/Title"])
        assert_tags_follow_the_pages(imposed, pages)


def content_items(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def assert_tags_follow_the_pages(imposed: pikepdf.Pdf, booklet: pikepdf.Pdf) -> None:
    """The booklet's structure tree, carried: the same elements in the same order, each
    content item a reference into the form its page became, on the sheet that paints it;
    no page of the booklet left behind in the file."""
    def walk(root: pikepdf.Dictionary) -> list[tuple[str, int]]:
        out, todo = [], [root]
        while todo:
            element = todo.pop(0)
            for kid in content_items(element):
                if isinstance(kid, int):
                    out.append((str(element.S), kid))
                elif kid.get("/Type") == "/MCR":
                    out.append((str(element.S), int(kid.MCID)))
                elif kid.get("/Type") != "/OBJR":
                    todo.append(kid)
        return out

    assert walk(imposed.Root.StructTreeRoot) == walk(booklet.Root.StructTreeRoot)
    sheets = {page.objgen: page for page in imposed.pages}
    seen = 0
    for obj in imposed.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page":
            assert obj.objgen in sheets, "a booklet page is still in the file"
        if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"):
            continue
        for kid in content_items(obj):
            assert not isinstance(kid, int), "an MCID without its form"
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                sheet = sheets[kid.Pg.objgen]
                assert obj.Pg.objgen == kid.Pg.objgen
                forms = [x.objgen for x in sheet.Resources.XObject.values()]
                assert kid.Stm.objgen in forms and "/StructParents" in kid.Stm
                seen += 1
    assert seen > 100


@pytest.mark.parametrize("bleed", [None, "5mm"])
def test_print_shop_variant_has_bleed_and_marks_outside_it(tmp_path: Path,
                                                           bleed: str | None) -> None:
    settings = {"shop": "true"} | ({"bleed": bleed} if bleed else {})
    (shop,) = build(SEED, ("print",), output_dir=tmp_path, settings=settings).outputs
    mm = 5 if bleed else 3
    with pikepdf.open(shop) as pdf:
        page = pdf.pages[0].obj
        boxes = {name: [round(float(v) / MM, 1) for v in page[name]]
                 for name in ("/MediaBox", "/BleedBox", "/TrimBox")}
        assert len(pdf.pages) == 15
    assert boxes["/TrimBox"] == [0, 0, 148, 210]
    assert boxes["/BleedBox"] == [-mm, -mm, 148 + mm, 210 + mm]
    slug = mm + 7  # bleed, 1 mm gap, 5 mm mark, 1 mm gap
    assert boxes["/MediaBox"] == [-slug, -slug, 148 + slug, 210 + slug]
    # The cover (dark, bled) rendered at 1 px = 0.5 mm: the bleed is cover colour, the
    # crop marks are dark strokes in the white slug on the trim lines, clear of the bleed.
    png = subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(25.4 / 0.5), "-gray",
                          "-png", str(shop)], capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")

    def pixel(x_mm: float, y_mm: float) -> int:  # mm from the trim's top-left corner
        return image.getpixel((round((x_mm + slug) * 2), round((y_mm + slug) * 2)))

    assert pixel(-mm / 2, 105) < 100 and pixel(74, -mm / 2) < 100      # bleed: the cover
    assert pixel(-mm - 3.5, 105) > 200 and pixel(74, -mm - 3.5) > 200  # slug: white
    for x, y in ((0, -mm - 3.5), (-mm - 3.5, 0), (148, 210 + mm + 3.5), (148 + mm + 3.5, 210)):
        assert pixel(x, y) < 160, (x, y)                                  # a crop mark


def test_unknown_paper_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="unknown paper 'a3'"):
        build(SEED, ("print",), output_dir=tmp_path, settings={"paper": "a3"})


@pytest.mark.parametrize("settings, message", [
    ({"paper": "tabloid"}, "unknown paper 'tabloid'"),
    ({"creep": "-1"}, "creep must be between 0 and 2 mm"),
    ({"creep": "wide"}, "creep must be a length such as 0.15mm or 0.1 \\(mm\\)"),
    ({"creep": "3mm"}, "creep must be between 0 and 2 mm"),
    ({"shop": "maybe"}, "shop must be true or false"),
    ({"shop": "true", "bleed": "3"}, "bleed must be a length from 0 to 10 mm"),
    ({"shop": "true", "bleed": "-2mm"}, "bleed must be a length from 0 to 10 mm"),
    ({"shop": "true", "bleed": "50mm"}, "bleed must be a length from 0 to 10 mm"),
])
def test_print_settings_are_checked_before_any_output(tmp_path: Path, settings,
                                                      message) -> None:
    """``-f pdf,print`` wrote the PDF, then failed on the print settings."""
    with pytest.raises(PublishError, match=message):
        build(SEED, ("pdf", "print"), output_dir=tmp_path, settings=settings)
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_creep_is_a_length_in_millimetres_or_with_its_unit() -> None:
    from publish.backends.print import check_settings

    assert [check_settings({"creep": c})[1] for c in ("0.15", "0.15mm", "0.015cm")] == \
        pytest.approx([0.15, 0.15, 0.15])


def test_a_shops_file_does_not_read_paper_or_creep() -> None:
    from publish.backends.print import check_settings

    assert check_settings({"shop": "true", "paper": "a3", "creep": "-1"}) == ("a4", 0.0)
    for bleed in ("0.125in", "0", "3MM"):
        assert check_settings({"shop": "yes", "bleed": bleed}) == ("a4", 0.0), bleed


def test_pages_larger_than_half_a_sheet_are_said_to_shrink(tmp_path: Path) -> None:
    """An A4 theme's booklet printed at 71 % on A4 sheets without a word."""
    result = build(SEED, ("print",), output_dir=tmp_path, overrides={"page.size": "A4"})
    assert any("print at 71% of their size (10.5 pt type at 7.4 pt); an A5 page size "
               '(page.size = "A5") prints at full size' in w
               for w in result.warnings), result.warnings
    plain = build(SEED, ("print",), output_dir=tmp_path / "a5", settings={"paper": "letter"})
    assert not any("print at" in w for w in plain.warnings)
    # on Letter, the page that fits is half a Letter sheet (A5 would print at 94 %)
    letter = build(SEED, ("print",), output_dir=tmp_path / "letter",
                   overrides={"page.size": "letter"}, settings={"paper": "letter"})
    assert any('a half-letter page size (page.size = "5.5in 8.5in") prints at full size'
               in w for w in letter.warnings), letter.warnings
