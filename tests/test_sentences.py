"""Sentence splitting for the deck's fallbacks: abbreviations, initials, decimals, CJK."""

from __future__ import annotations

import pytest

from publish.text.sentences import first_sentence, split_sentences


@pytest.mark.parametrize("text,expected", [
    ("It costs about 10% more time, e.g. for training. It is worth it.",
     "It costs about 10% more time, e.g. for training."),
    ("Dr. Jane Smith met Mr. Hale. They talked.", "Dr. Jane Smith met Mr. Hale."),
    ("J. K. Rowling wrote it. Then more.", "J. K. Rowling wrote it."),
    ("About 2.5 volunteers came. Fewer left.", "About 2.5 volunteers came."),
    ("Really? Yes.", "Really?"),
    ("在美国每天发生的大量创新里，这是非常普通的一个。他们不理解。",
     "在美国每天发生的大量创新里，这是非常普通的一个。"),
    ("他说：“好。”然后走了。", "他说：“好。”"),
    ("町の本屋です。四十年続けています。", "町の本屋です。"),
    ("끝이 없는 문장", "끝이 없는 문장"),
])
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected


def test_every_character_but_spacing_is_kept() -> None:
    text = "One. Two, e.g. three! 四。五？ (Six.) Seven"
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")
