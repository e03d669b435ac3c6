"""The deck's faces (``publish.backends.pptx.style``): a Latin-first stack keeps its
Latin face for an English deck that quotes Chinese, with the CJK face for the Han only."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import one_part

from publish.backends import Options
from publish.backends.pptx import describe, measure, render
from publish.backends.pptx.style import by_script, resolve_face
from publish.theme import language_theme

QUOTE = "As Confucius said, “温故而知新” — that’s our motto."


@pytest.fixture(scope="module")
def english(classic):
    return language_theme(classic, "en")


def test_an_english_face_with_han_gets_an_east_asian_face(english) -> None:
    face = resolve_face(english, "body", "en", QUOTE)
    assert face.east is not None and "CJK" in face.east.family
    assert "CJK" not in face.family  # Noto Serif, the stack's first: the Latin text's face
    latin, east = by_script(QUOTE)
    assert east == frozenset("温故而知新") and "’" in latin and "“" in latin


def test_a_chinese_face_is_one_face(classic) -> None:
    face = resolve_face(classic, "body", "zh-cn", QUOTE)
    assert face.east is None and face.east_family == face.family


def test_mixed_text_is_measured_in_each_scripts_face(english) -> None:
    face = resolve_face(english, "body", "en", QUOTE)
    widths = face.metrics_for(False).advances("ab温故")
    assert widths[2:] == face.east.regular.advances("温故") == (1.0, 1.0)
    assert widths[:2] == face.regular.advances("ab")
    assert measure.measure([("ab温故", face.metrics_for(False))]).text == "ab温故"


def test_an_english_deck_names_both_faces_in_every_run(tmp_path: Path, english) -> None:
    interview = one_part(tmp_path, f"## Motto\n\nSam: Your motto?\n\nDr. Wei Zhang: =={QUOTE}==",
                         "Reading Together", "en", "Sam", "Dr. Wei Zhang", part="One")
    data = render(interview, english, Options(source_date_epoch=1))
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        slides = "".join(deck.read(name).decode("utf-8") for name in deck.namelist()
                         if name.startswith("ppt/slides/slide"))
    pairs = set(re.findall(r'<a:latin typeface="([^"]*)"/><a:ea typeface="([^"]*)"/>',
                           slides))
    assert pairs and all("CJK" not in latin and "CJK" in east for latin, east in pairs)
    described = describe(interview, english, Options(source_date_epoch=1))
    assert described.body_east != described.body_font
