"""Korean words kept whole at line ends in the PDF (``backends/pdf/keep_words``)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
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
def korean(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ko")
    return {path.suffixes[0]: path for path in
            build(KOREAN, ["pdf", "handout"], output_dir=folder).outputs}


@pytest.fixture(scope="module")
def korean_pdf(korean: dict[str, Path]) -> Path:
    return korean[".pdf"]


def test_decomposed_hangul_is_left_as_it_is() -> None:
    """A joiner between the conjoining jamo of one syllable (NFD text, as macOS pastes
    it) would keep HarfBuzz from composing the syllable."""
    decomposed = unicodedata.normalize("NFD", "<p>한국어 인터뷰</p>")
    assert keep_hangul_words(decomposed) == decomposed


def outline_titles(path: Path) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            titles.append(item.title)
            walk(item.children)

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def test_the_outlines_are_the_headings_as_written(korean: dict[str, Path]) -> None:
    """No joiner in a bookmark: the booklet's and the handout's outlines hold the
    source's text (their headings' text holds joiners)."""
    booklet, handout = outline_titles(korean[".pdf"]), outline_titles(korean[".handout"])
    assert "창업 계기" in booklet and "운영의 어려움" in booklet
    assert handout == ["동네 서점이 살아남는 법: 김민준 대표 인터뷰"]


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


def test_japanese_headings_keep_their_phrases_whole() -> None:
    """A heading's, a title's or a contents label's Japanese: a joiner inside each
    BudouX phrase (プロダクトづくり is not split); running text and the head's title as
    they were; entities stay entities."""
    from publish.backends.pdf.keep_words import keep_japanese_phrases

    html = ('<html><head><title>地方から始めるプロダクトづくり</title></head><body>'
            '<h1 class="cover-title"><span class="keep">地方から始めるプロダクトづくり'
            '</span></h1><p>本文は始めるプロダクトです。</p>'
            '<span class="toc-label">A&amp;Bの話</span></body></html>')
    out = keep_japanese_phrases(html)
    assert "<title>地方から始めるプロダクトづくり</title>" in out
    assert "<p>本文は始めるプロダクトです。</p>" in out
    heading = out[out.index("<h1"):out.index("</h1>")]
    assert "地\u2060方\u2060か\u2060ら始" in heading          # a break only before 始
    assert "るプ\u2060ロ\u2060ダ" in heading                  # and before プ
    assert "&amp;" in out and out.replace("\u2060", "").count("&amp;") == 1
    assert keep_japanese_phrases("<h1>开源的意义</h1>") == "<h1>开源的意义</h1>"  # no kana
    # a Chinese name's middle dot (and the long mark) is no kana
    assert keep_japanese_phrases("<h2>史蒂夫・乔布斯ー</h2>") == "<h2>史蒂夫・乔布斯ー</h2>"
    assert keep_japanese_phrases("<h2>見出し<style>p{}</style></h2>").endswith(
        "<style>p{}</style></h2>")
