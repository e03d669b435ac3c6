"""The print backend on the seed: imposed sheets, Letter, the print-shop variant."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import SEED
from publish.build import build
from publish.diagnostics import PublishError
from publish.impose import MM


def test_seed_booklet_imposes_on_a4(tmp_path: Path) -> None:
    (booklet, sheets) = build(SEED, ("pdf", "print"), output_dir=tmp_path).outputs
    assert sheets.name == f"{SEED.stem}.print.pdf"
    with pikepdf.open(booklet) as pages, pikepdf.open(sheets) as imposed:
        assert len(imposed.pages) == -(-len(pages.pages) // 4) * 2
        assert imposed.docinfo["/Title"] == pages.docinfo["/Title"]
        assert str(imposed.Root.Lang) == "zh-CN"


def test_print_shop_variant_has_bleed_and_marks(tmp_path: Path) -> None:
    (shop,) = build(SEED, ("print",), output_dir=tmp_path, settings={"shop": "true"}).outputs
    with pikepdf.open(shop) as pdf:
        left, bottom, right, top = (float(v) for v in pdf.pages[0].mediabox)
        assert round((right - left) / MM) == 148 + 6 and round((top - bottom) / MM) == 210 + 6
        assert [round(float(v) / MM) for v in pdf.pages[0].obj.TrimBox] == [0, 0, 148, 210]


def test_unknown_paper_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="unknown paper 'a3'"):
        build(SEED, ("print",), output_dir=tmp_path, settings={"paper": "a3"})
