"""Korean words kept whole at line ends in the PDF (``backends/pdf/keep_words``)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, require
from publish.backends.pdf.keep_words import WORD_JOINER, keep_hangul_words
from publish.build import build

KOREAN = ROOT / "tests" / "data" / "interview-ko.md"


def shown(html: str) -> str:
    return keep_hangul_words(html).replace(WORD_JOINER, "|")


def test_joiners_go_inside_words_that_hold_hangul() -> None:
    assert shown("<p>Zoom으로 2019년에, 책을 (읽다) ㅋㅋ</p>") == \
        "<p>Zoom|으|로 2019|년|에, 책|을 (읽|다) ㅋ|ㅋ</p>"


def test_tags_attributes_and_the_title_are_left_as_they_are() -> None:
    html = ('<html><head><title>김민준 인터뷰</title><style>p { }</style></head>'
            '<body><h2 data-heading="운영의 어려움">운영</h2></body></html>')
    assert shown(html) == html.replace("운영</h2>", "운|영</h2>")


def test_a_document_without_hangul_is_returned_as_it_is() -> None:
    html = "<p>中文，日本語とEnglish</p>"
    assert keep_hangul_words(html) is html


@pytest.fixture(scope="module")
def korean_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ko")
    return build(KOREAN, ["pdf"], output_dir=folder).outputs[0]


def test_the_booklet_breaks_korean_lines_only_between_words(korean_pdf: Path) -> None:
    """No word of the source is split over two lines (its two pieces, joined, would be
    the word), and the joiners are not in the text a reader copies."""
    require("pdftotext", "poppler-utils")
    text = subprocess.run(["pdftotext", str(korean_pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert WORD_JOINER not in text
    words = set(re.split(r"[\s=]+", KOREAN.read_text(encoding="utf-8")))
    lines = [line.split() for line in text.splitlines() if line.strip()]
    assert len(lines) > 60
    split = [(a[-1], b[0]) for a, b in zip(lines, lines[1:]) if a[-1] + b[0] in words]
    assert split == []
