"""Japanese phrases (``publish.text.phrases``): where display text may end a line."""

from __future__ import annotations

from publish.text.phrases import phrase_ends


def test_phrases_end_between_words() -> None:
    text = "地方から始めるプロダクトづくり"
    ends = phrase_ends(text)
    assert {0, len(text)} <= ends
    assert text.index("プロ") in ends and text.index("ロダ") not in ends  # プ|ロ inside


def test_a_hard_break_ends_a_phrase() -> None:
    assert {3, 4} <= phrase_ends("一行目\n二行目です")
