"""Boxes made of fitted drafts (``publish.backends.pptx.compose``): in a language that
keeps its words whole, every line end the fitter chose is a hard break, so that a client
that breaks between any two characters cannot split a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import one_part

from publish.backends import Options
from publish.backends.pptx import describe
from publish.backends.pptx.deck import Deck
from publish.backends.pptx.measure import word_breaks

KEYS = {
    "ja": ["人と本が出会う場所であることはこれから先もずっと変わらないと私は思っています。",
           "売り上げが半分になりましたが、常連のお客さんが毎週来てくれたので、なんとか頑張ろうと思えました。"],
    "ko": ["사람들이 책을 싫어하는 게 아니라, 책을 고를 시간과 장소가 없을 뿐이라고 생각했거든요.",
           "위기가 오히려 새로운 방식을 찾게 해 준 셈입니다."],
}
SPEAKERS = {"ja": ("司会", "店主"), "ko": ("기자", "김민준")}


@pytest.fixture(scope="module", params=["ja", "ko"])
def deck(request, tmp_path_factory, classic) -> tuple[str, Deck]:
    language = request.param
    host, guest = SPEAKERS[language]
    turns = "\n\n".join(f"## 話題{n}\n\n{host}: 質問{n}?\n\n{guest}: =={key}== 以上。"
                        for n, key in enumerate(KEYS[language], 1))
    interview = one_part(tmp_path_factory.mktemp("words"), turns, language=language,
                         host=host, guest=guest)
    return language, describe(interview, classic, Options(source_date_epoch=1))


def key_lines(deck: Deck) -> list[list[str]]:
    """Each key box's lines, as its hard breaks divide it."""
    out = []
    for slide in deck.slides:
        for box in slide.boxes:
            if box.role == "key":
                for para in box.paras:
                    text = "".join("\n" if s.is_break else s.text for s in para.spans)
                    out.append(text.split("\n"))
    return out


def test_every_line_of_a_key_sentence_ends_between_words(deck) -> None:
    language, described = deck
    found = key_lines(described)
    assert [("" if language == "ja" else " ").join(lines) for lines in found] == \
        KEYS[language]  # nothing lost, nothing added but the breaks
    assert all(len(lines) > 1 for lines in found)  # each wraps: its line ends are pinned
    for key, lines in zip(KEYS[language], found):
        phrases = word_breaks(key, language)
        position = 0
        for line in lines[:-1]:
            position = key.index(line, position) + len(line)
            assert position in phrases or key[position] == " ", (key, lines)


@pytest.mark.parametrize("text, at, pause", [
    ("大约 30,000 个", 5, False),     # a thousands separator
    ("上午 10:30 开会", 5, False),    # a time
    ("Yes, we did", 3, True),         # before a space
    ("你好,世界", 2, True),           # before Han
    ("你好，世界", 2, True),
    ("结束,", 2, True),               # at the end
    ("大家都说“Yes,”然后", 9, False),  # the quote it closes goes with it
    ("做好，”然后", 2, False),
])
def test_a_pause_is_where_a_sentence_rests(text: str, at: int, pause: bool) -> None:
    from publish.backends.pptx.fitting import is_pause

    assert is_pause(text, at) is pause


def test_a_number_is_not_broken_at_its_comma(classic) -> None:
    """A key sentence broken at its pauses never breaks 30,000 at its comma (a user's
    deck read ``…大約 30,`` over ``000 個…``)."""
    from publish.backends.pptx.compose import Draft, Frame, break_at_pause
    from publish.backends.pptx.deck import Span
    from publish.backends.pptx.style import slide_style

    style = slide_style(classic, "zh-CN")
    draft = Draft((Span("夜市一晚会用掉 30,000 个杯子跟碗，最后全都进了垃圾场。"),), style.body)
    frame = Frame(0, 0, 8_000_000, 2_000_000, 0)
    broken = break_at_pause(draft, frame, 40, 20)
    assert broken is not None
    lines = "".join("\n" if s.is_break else s.text for s in broken[0].spans).split("\n")
    assert lines == ["夜市一晚会用掉 30,000 个杯子跟碗，", "最后全都进了垃圾场。"]


def test_a_word_wider_than_the_slide_is_broken_not_refused(tmp_path: Path, classic) -> None:
    """A Korean key sentence written without spaces, wider than the slide at every size,
    is wrapped by the Chinese rules (as CSS ``overflow-wrap: anywhere``), not refused;
    the agenda's number stays on the line of its topic."""
    key = "대한민국국회의원선거관리위원회사무총장이라는직함은길다고생각했습니다만."
    title = "대한민국국회의원선거관리위원회사무총장과 이야기"
    interview = one_part(tmp_path, f"## {title}\n\n기자: 질문?\n\n김민준: =={key}==", "책방",
                         "ko", "기자", "김민준")
    described = describe(interview, classic, Options(source_date_epoch=1))
    [lines] = key_lines(described)
    assert "".join(lines) == key and len(lines) > 1
    agenda = next(box for slide in described.slides for box in slide.boxes
                  if box.role == "agenda")
    first = "".join("\n" if s.is_break else s.text for s in agenda.paras[0].spans)
    assert first.startswith("01\u00a0\u00a0대한"), first


def test_words_are_broken_only_when_nothing_else_fits_and_then_said(tmp_path: Path,
                                                                     classic) -> None:
    """A Korean key sentence too long for its slide with its words whole is set with
    words broken, with a warning at its line; a long question is shortened instead."""
    long_key = "작은팀에서도 프로덕트매니저로 충분히일할수있다는 사실을 " * 6 + "보여 주고 싶었습니다."
    long_question = "지방의 작은 팀에서 프로덕트 매니저가 일하는 방식에 대해 자세히 " * 12 + "말씀해 주세요?"
    interview = one_part(tmp_path, f"## 긴 문장\n\n기자: {long_question}\n\n김민준: =={long_key}==",
                         "책방", "ko", "기자", "김민준")
    options = Options(source_date_epoch=1)
    described = describe(interview, classic, options)
    assert any("is set with words broken at line ends" in w for w in options.warnings)
    assert any("question shortened" in w for w in options.warnings)
    question = next(box for slide in described.slides for box in slide.boxes
                    if box.role == "question")
    text = "".join("\n" if s.is_break else s.text for p in question.paras for s in p.spans)
    shown = text.removeprefix("기자: ").rstrip("…")
    assert text.endswith("…") and shown and long_question.startswith(shown.replace("\n", " "))
    for line in shown.split("\n"):  # every line ends between words, the cut one too
        end = long_question.index(line) + len(line)
        assert long_question[end:end + 1] in (" ", ""), line
