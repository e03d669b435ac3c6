"""Slide text that must be shortened (``publish.backends.pptx.layout.fit_texts``): a
question of more paragraphs than its box has lines is shown in its first paragraphs,
with a warning, never an error that stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.backends import Options
from publish.backends.pptx import describe
from publish.backends.pptx.layout import cut_at
from publish.theme import load_theme
from conftest import THEMES, one_part

MANY = "\n\n".join(f"第{n}段，这是问题的延续。" for n in range(2, 9))


def test_a_question_of_many_short_paragraphs_is_shown_in_its_first(tmp_path: Path,
                                                                     classic) -> None:
    interview = one_part(tmp_path, f"## 话题\n\n主持人：第一段问题。\n\n{MANY}\n\n"
                         "林教授：==回答。==", guest="林教授")
    options = Options(source_date_epoch=1)
    deck = describe(interview, classic, options)
    box = next(box for slide in deck.slides for box in slide.boxes
               if box.role == "question")
    shown = [para.text for para in box.paras]
    assert shown[0] == "主持人：第一段问题。"
    assert 2 <= len(shown) < 8 and shown[-1].endswith("……")
    assert all(text.count("……") <= 1 and "………" not in text for text in shown)
    assert [text.rstrip("…") for text in shown[1:]] == \
        [f"第{n}段，这是问题的延续。" for n in range(2, len(shown) + 1)]
    assert any("question shortened" in w for w in options.warnings), options.warnings
    notes = " ".join(para.text for slide in deck.slides for para in slide.notes)
    assert all(f"第{n}段" in notes for n in range(2, 9))  # whole in the notes


@pytest.mark.parametrize("text, length, cut", [
    ("the other half found the prose dense", 28, "the other half found the"),
    ("我们做的事情是把技术", 5, "我们做的事"),            # Chinese: anywhere
    ("Supercalifragilistic", 5, "Super"),               # one word: cut in it
    ("the end. Next", 8, "the end."),
])
def test_a_shortened_text_is_cut_between_latin_words(text: str, length: int,
                                                      cut: str) -> None:
    assert cut_at(text, length) == cut


def test_large_question_sizes_leave_the_names_and_credits_room(seed) -> None:
    """A theme's question sizes at 28 pt (in range): the guest's name under each key
    sentence and the title slide's credits are set smaller, not refused as too long."""
    theme = load_theme("classic", {"slides.question_min_size": 28,
                                   "slides.question_max_size": 28}, root=THEMES)
    described = describe(seed, theme, Options(source_date_epoch=1))
    names = [box for slide in described.slides for box in slide.boxes
             if box.role == "attribution"]
    assert len(names) == 16 and all(box.paras[0].size < 28 for box in names)
