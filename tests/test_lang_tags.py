"""Chapters' languages in the anthology's structure tree (``backends/pdf/lang_tags``);
the real anthology of two languages is checked in ``test_collection.py``."""

from __future__ import annotations

import io

import pikepdf

from publish.backends.pdf.lang_tags import tag_chapter_languages


def blank_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_volume_in_one_language_is_left_as_it_is() -> None:
    data = blank_pdf()
    assert tag_chapter_languages(data, ["zh-CN", "zh-CN"], "zh-CN") is data


def test_without_the_chapters_anchors_nothing_is_tagged() -> None:
    """A chapter that cannot be found is not guessed at: no element gets a language."""
    data = blank_pdf()
    assert tag_chapter_languages(data, ["ja", "zh-CN"], "zh-CN") is data
