"""The transcript importer: raw seed, own transcripts, escaping, and any-input safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from publish.diagnostics import PublishError, SourceError
from publish.model import Interview, Style
from publish.source.importer import ImportResult, escape, import_bytes, import_transcript
from publish.source.importer.lines import Line
from publish.source.importer.participants import read_cast
from publish.source.importer.speakers import ANY, name_key
from publish.source.importer.timestamps import only_time, without_time
from publish.source.importer.write import heading
from publish.source.parse import parse, speaker_label

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.txt"
SEED_MD = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.md"
DATA = Path(__file__).resolve().parent / "data"

FRONT = ("---\ntitle: t\nspeakers:\n  - name: Q\n    role: host\n  - name: A\n"
         "    role: guest\n---\n\n")


def parsed(result: ImportResult) -> Interview:
    """Parse an import back; it must have no errors (warnings about == are expected)."""
    interview, diags = parse(result.markdown, "draft.md")
    assert not [d for d in diags if d.is_error], [str(d) for d in diags]
    assert interview is not None
    return interview


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def blob(interview: Interview) -> str:
    return squash("\u0000".join(interview.texts()))


def warnings_at(result: ImportResult) -> dict[int, str]:
    return {d.line: d.message for d in result.diagnostics}


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    return import_bytes(SEED_TXT.read_bytes(), str(SEED_TXT))


# -- the seed -------------------------------------------------------------------------

def test_seed_counts_speakers_and_summary(seed: ImportResult) -> None:
    assert (seed.parts, seed.topics, seed.exchanges) == (3, 16, 16)
    assert seed.speakers == ("主持人", "梁文锋")
    assert seed.summary() == ("speakers: 主持人 (host), 梁文锋 (guest); language: zh-CN; "
                              "3 parts, 16 topics, 16 exchanges")
    assert all(not d.is_error and str(SEED_TXT) in str(d) for d in seed.diagnostics)


def test_seed_parses_back_with_front_matter(seed: ImportResult) -> None:
    meta = parsed(seed).meta
    assert (meta.title, meta.number, meta.compiler, meta.source, meta.language) == (
        "DeepSeek创始人 – 梁文锋采访 太燃了", "5", "华夏中医人", "数据小栗子", "zh-CN")
    assert (meta.theme, meta.typography) == ("classic", "auto")
    assert [(s.name, s.role.value) for s in meta.speakers] == [
        ("主持人", "host"), ("梁文锋", "guest")]


def test_seed_keeps_every_line_of_prose(seed: ImportResult) -> None:
    text = blob(parsed(seed))
    for number, line in enumerate(SEED_TXT.read_text("utf-8").splitlines(), 1):
        body = re.sub(r"^(主持人|梁文锋)\s*[:：]?", "", line.strip())
        if number > 2:
            assert squash(body) in text, (number, line)


def test_seed_colonless_turn_is_a_turn(seed: ImportResult) -> None:
    topic = next(t for t in parsed(seed).topics() if t.title == "对市场信仰派观点的看法")
    answer = topic.exchanges[0].answers[0]
    assert answer.speaker.name == "梁文锋"
    assert answer.text.startswith("朱啸虎是志洽的")
    assert "colon" in warnings_at(seed)[22]


def test_seed_matches_hand_edited_source(seed: ImportResult) -> None:
    mine, theirs = parsed(seed), parse(SEED_MD.read_text("utf-8"))[0]
    assert theirs is not None
    assert [p.heading for p in mine.parts] == [p.heading for p in theirs.parts]
    assert [(p.label, p.title) for p in mine.parts] == [(p.label, p.title) for p in theirs.parts]
    assert [t.title for t in mine.topics()] == [t.title for t in theirs.topics()]
    pairs = list(zip(mine.exchanges(), theirs.exchanges(), strict=True))
    assert [a.question.text for a, _ in pairs] == [b.question.text for _, b in pairs]
    assert [a.answers[0].text for a, _ in pairs] == [b.answers[0].text.replace("==", "")
                                                 for _, b in pairs]
    assert [[x.text for x in p.paragraphs] for p in mine.parts] == [
        [x.text for x in p.paragraphs] for p in theirs.parts]


# -- own transcripts ------------------------------------------------------------------

def test_english_transcript() -> None:
    path = DATA / "transcript-en.txt"
    result = import_bytes(path.read_bytes(), str(path))
    assert (result.parts, result.topics, result.exchanges) == (3, 3, 4)
    assert result.speakers == ("INTERVIEWER", "MARIA CHEN")
    assert result.diagnostics == ()
    interview = parsed(result)
    meta = interview.meta
    assert (meta.number, meta.title, meta.compiler, meta.source, meta.language) == (
        "12", "A Conversation About Open Source", "The Reading Group",
        "Example Quarterly, March 2025", "en")
    assert [p.heading for p in interview.parts] == [
        "Part 1: Introduction", "Part 2: The Interview", "Part 3: Afterword"]
    assert [t.title for t in interview.topics()] == ["Why open source", "Hiring", "Money"]
    paragraphs = {p.text for p in interview.paragraphs()}
    for line in path.read_text("utf-8").splitlines()[6:]:
        body = re.sub(r"^(INTERVIEWER|MARIA CHEN)\s*:\s*", "", line.strip())
        if body and not line.startswith("Part ") and line not in ("Why open source",
                                                                    "Hiring", "Money"):
            assert body in paragraphs, body


def test_english_topics_and_special_lines() -> None:
    interview = parsed(import_transcript((DATA / "transcript-en.txt").read_text("utf-8")))
    money = list(interview.topics())[2]
    assert [e.question.text for e in money.exchanges] == ["Who pays for all this?",
                                                         "And if the grants stop?"]
    assert [p.text for p in money.exchanges[0].answers[0].paragraphs][1:] == [
        "1. We apply early.", "2) We report honestly."]
    texts = [p.text for p in interview.paragraphs()]
    assert "# of hires last year: about 40, which is 2 == 2 times what we planned." in texts
    assert "Then we adapt, as we always have. Our files live in C:\\lab\\" in texts
    assert texts[0].startswith("This is an edited transcript")


def test_chinese_transcript() -> None:
    path = DATA / "transcript-zh.txt"
    result = import_bytes(path.read_bytes(), str(path))
    assert (result.parts, result.topics, result.exchanges) == (3, 2, 3)
    assert result.speakers == ("记者", "李明")
    interview = parsed(result)
    assert (interview.meta.compiler, interview.meta.source) == ("读书会编辑组",
                                                                "某某杂志，2025 年 3 月号")
    assert [p.heading for p in interview.parts] == ["第一部分 引言", "第二部分 访谈",
                                                    "第三部分 学习总结"]
    assert [t.title for t in interview.topics()] == ["开源的意义", "团队"]
    intro = [p.text for p in interview.parts[0].paragraphs]
    assert "采访前，王教授特意说明：以下只代表受访者个人的观点。" in intro
    team = list(interview.topics())[1]
    assert "王教授插话：年轻人最敢想。" in team.exchanges[0].answers[0].text
    assert team.exchanges[1].answers[0].text == "没有了，谢谢。"
    warned = warnings_at(result)
    assert "王教授插话" in warned[19] and "not a speaker" in warned[19]
    assert "colon" in warned[21]


def test_crlf_bom_roman_headings_and_qa_names() -> None:
    lines = ["Talking Shop", "Source: Example Radio", "I. Opening", "", "",
             "The show opens with music.", "II. Questions", "Q: First question?",
             "A: First answer.", "Q:Second?", "A: Second answer.", "III. Close",
             "Thanks for listening."]
    result = import_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode(), "show.txt")
    assert (result.parts, result.topics, result.exchanges) == (3, 2, 2)
    assert result.speakers == ("Q", "A")
    interview = parsed(result)
    assert (interview.meta.title, interview.meta.source, interview.meta.language) == (
        "Talking Shop", "Example Radio", "en")
    assert [p.heading for p in interview.parts] == ["I. Opening", "II. Questions", "III. Close"]
    assert [p.label for p in interview.parts] == ["I", "II", "III"]
    assert [t.title for t in interview.topics()] == ["First question", "Second"]
    assert "no topic line before this question; added '## First question' (a guess" in \
        warnings_at(result)[8]
    assert "\r" not in result.markdown and "\ufeff" not in result.markdown


def test_explicit_speakers() -> None:
    text = "Once\nHOST: Only one question?\nGUEST: Only one answer.\n王教授：不是说话人。\n"
    with pytest.raises(SourceError, match="no speakers found"):
        import_transcript(text)
    result = import_transcript(text, speakers=["HOST", "GUEST"])
    assert result.speakers == ("HOST", "GUEST")
    assert (result.parts, result.topics, result.exchanges) == (1, 1, 1)
    answer = next(parsed(result).exchanges()).answers[0]
    assert answer.text == "Only one answer.\n王教授：不是说话人。"


def test_explicit_speakers_decide_the_host() -> None:
    text = (DATA / "transcript-zh.txt").read_text("utf-8")
    result = import_transcript(text, speakers=["记者", "李明", "王教授插话"])
    assert result.speakers == ("记者", "李明", "王教授插话")
    assert parsed(result).meta.speaker("王教授插话") is not None


@pytest.mark.parametrize("speakers", [["主持人"], [], ["a:b", "c"], ["x", "x"], ["", "y"],
                                      ["一，二", "y"], ["a==b", "c"]])
def test_bad_explicit_speakers(speakers: list[str]) -> None:
    with pytest.raises(PublishError, match="speakers"):
        import_transcript("T\nx: a\ny: b\n", speakers=speakers)


def test_a_name_no_line_opens_with_is_the_argument_s_problem() -> None:
    """Not located at the transcript's first line: no line is wrong, the argument is."""
    with pytest.raises(PublishError) as raised:
        import_transcript("T\nx: a\ny: b\n", "t.txt", speakers=["x", "z"])
    assert str(raised.value) == "--speakers: error: no line of t.txt opens with 'z'; " \
                                "check the spelling"
    with pytest.raises(PublishError) as raised:
        import_transcript("T\nx: a\ny: b\n", "t.txt", speakers=["x"])
    assert str(raised.value) == "--speakers: error: name a host and at least one guest " \
                                "(host first)"


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("  \n\n\t\n", "empty"), ("Only a title\n", "no speakers"),
    ("T\nQ: a\nA: b\n", "no speakers"), ("T\nQ: a\nA: b\nQ: c\nA: d\x01\n", "U\\+0001"),
])
def test_cannot_import(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        import_transcript(text, "t.txt")


def test_invalid_utf8_is_located() -> None:
    with pytest.raises(SourceError) as caught:
        import_bytes("标题\nQ: a\n".encode() + b"\xff\n", "bad.txt")
    assert caught.value.diagnostics[0].line == 3
    assert "UTF-8" in str(caught.value)


def test_unclassifiable_line_warns_with_line_number() -> None:
    text = ("标题\n\n一. 访谈\n话题\n记者：问？\n嘉宾：答。\n附录材料\n记者：再问？\n嘉宾：再答。\n"
            "补充说明\n这是补充。\n")
    result = import_transcript(text, "t.txt")
    warned = warnings_at(result)
    assert 10 in warned and "kept as prose" in warned[10]
    assert any("t.txt:10:1: warning:" in str(d) for d in result.diagnostics)
    assert 7 not in warned  # "附录材料" is a topic heading: a question follows it
    answer = list(parsed(result).exchanges())[-1].answers[0]
    assert [p.text for p in answer.paragraphs] == ["再答。", "补充说明", "这是补充。"]


@pytest.mark.parametrize("heading", ["一. 引言", "一、引言", "2. Intro", "2、访谈", "第一部分",
                                     "第二章 成长", "Part 1", "PART ONE: Early days",
                                     "Chapter 3 - Work", "II. Roman", "IV. Four"])
def test_part_heading_forms(heading: str) -> None:
    text = f"Title\n{heading}\nIntro prose.\nTopic\nQ: a?\nA: b.\nQ: c?\nA: d.\n"
    result = import_transcript(text)
    interview = parsed(result)
    assert [p.heading for p in interview.parts] == [heading]
    assert [t.title for t in interview.topics()] == ["Topic"]
    assert not result.diagnostics


def test_numbered_topics_inside_numbered_parts() -> None:
    text = ("标题\n一. 访谈\n1. 开源\n主持人：问一？\n嘉宾：答一。\n2. 团队\n主持人：问二？\n"
            "嘉宾：答二。\n二. 总结\n结语。\n")
    interview = parsed(import_transcript(text))
    assert [p.heading for p in interview.parts] == ["一. 访谈", "二. 总结"]
    assert [t.title for t in interview.topics()] == ["1. 开源", "2. 团队"]


def test_prose_line_with_colon_is_not_a_turn() -> None:
    text = ("标题\n一. 引言\n采访前，王教授特意说明：以下只代表个人观点。\n二. 访谈\n话题\n主持人：问？\n"
            "嘉宾：答。\n主持人：又问？\n嘉宾：又答。\n")
    interview = parsed(import_transcript(text))
    assert [p.text for p in interview.parts[0].paragraphs] == [
        "采访前，王教授特意说明：以下只代表个人观点。"]
    assert interview.meta.speaker("采访前，王教授特意说明") is None


@pytest.mark.parametrize("text, expected, warned", [
    # two host turns merge into one question; two guest turns stay two answers
    ("T\nQ: a\nQ: b\nA: c\nA: d\n", [(["a", "b"], ["c", "d"])], False),
    # a question at the very end has no answer: it stays, as prose after the exchanges
    ("T\nQ: a\nA: b\nQ: c\nA: d\nQ: thanks\n", [(["a"], ["b"]), (["c"], ["d"])], True),
    # one before a part heading: as prose of the last answer (nowhere else to go)
    ("T\nPart 1: x\nQ: a\nA: b\nQ: bye\nPart 2: y\nQ: c\nA: d\n",
     [(["a"], ["b", "Q: bye"]), (["c"], ["d"])], True),
    # the guest speaks first: kept as the part's prose
    ("T\nA: hello\nQ: a\nA: b\nQ: c\nA: d\n", [(["a"], ["b"]), (["c"], ["d"])], True),
    # "Q:" alone, the question on the next line
    ("T\nQ:\nwhat?\nA: b\nQ: c\nA: d\n", [(["what?"], ["b"]), (["c"], ["d"])], False),
])
def test_turns_that_do_not_pair(text: str, expected: list, warned: bool) -> None:
    result = import_transcript(text)
    exchanges = [([p.text for p in e.question.paragraphs],
                  [p.text for a in e.answers for p in a.paragraphs])
                 for e in parsed(result).exchanges()]
    assert exchanges == expected
    assert any("kept as prose" in d.message for d in result.diagnostics) == warned


def test_the_hosts_last_words_without_an_answer_close_the_interview_as_prose() -> None:
    """'Thank you both.' was the second paragraph of the last guest's answer (its id
    p1-t2-e2-a2, in his speaker notes): it is a closing part of prose, the host's words."""
    result = import_transcript(
        "Cities and Soil\nModerator: Anna Berg\nPanelists: Dr. Jane Smith and Prof. Alan Wu\n"
        "Anna Berg: Dr. Smith, what worries you?\nDr. Jane Smith: Lead.\n"
        "Prof. Alan Wu: Cheap fixes.\nAnna Berg: Prof. Wu, how cheap is cheap?\n"
        "Prof. Alan Wu: About 40 dollars.\nAnna Berg: Thank you both.\n", "panel2.txt")
    interview = parsed(result)
    assert [a.text for e in interview.exchanges() for a in e.answers] == [
        "Lead.", "Cheap fixes.", "About 40 dollars."]
    closing = interview.parts[-1]
    assert (closing.heading, [p.text for p in closing.paragraphs]) == (
        "Closing", ["Anna Berg: Thank you both."])
    assert closing.paragraphs[0].runs[0].styles == {Style.STRONG}
    assert interview.summary_part is closing
    assert warnings_at(result)[9] == ("turn by 'Anna Berg' has no answer after it; kept as "
                                      "prose in a closing part, '# Closing' (a guess: edit it)")


def test_a_closing_line_over_the_hosts_last_words_is_the_closing_parts_heading() -> None:
    result = import_transcript("标题\n主持人：问？\n嘉宾：答。\n主持人：又问？\n嘉宾：又答。\n最后的话\n"
                               "主持人：谢谢。\n再见。\n")
    closing = parsed(result).parts[-1]
    assert (closing.heading, [p.text for p in closing.paragraphs]) == (
        "最后的话", ["主持人：谢谢。", "再见。"])
    assert not [d for d in result.diagnostics if "no complete question" in d.message]


# -- a panel's participant lines ----------------------------------------------------------

PANEL = ("The Future of Reading Groups\nHost: Dr. Jane Smith\n"
         "Guests: Prof. Li Wei, Ms. Ana Costa\n\n"
         "Dr. Jane Smith: Welcome. What brought you to reading groups?\n"
         "Prof. Li Wei: A friend invited me.\nMs. Ana Costa: I started one at work.\n"
         "Dr. Jane Smith: How do you choose books?\nProf. Li Wei: We vote.\n"
         "Ms. Ana Costa: Whoever hosts chooses.\n")


def roles(interview: Interview) -> list[tuple[str, str]]:
    return [(s.name, s.role.value) for s in interview.meta.speakers]


def header_warnings(result: ImportResult, lines: int) -> list[str]:
    """Warnings about the header lines (2 to ``lines``): none when they are carried."""
    return [d.message for d in result.diagnostics if 2 <= d.line <= lines]


def test_an_english_panels_participant_lines_are_its_speakers() -> None:
    # "Host: ..." was the byline (the deck said "Compiled by: Host: Dr. Jane Smith") and
    # "Guests: ..." a topic heading
    result = import_transcript(PANEL, "panel.txt")
    interview = parsed(result)
    assert (interview.meta.title, interview.meta.compiler, interview.meta.source) == (
        "The Future of Reading Groups", "", "")
    assert roles(interview) == [("Dr. Jane Smith", "host"), ("Prof. Li Wei", "guest"),
                                ("Ms. Ana Costa", "guest")]
    assert not any(t.title.startswith(("Guests", "Host")) for t in interview.topics())
    assert "Host:" not in result.markdown and "Guests:" not in result.markdown
    first = next(interview.exchanges())
    assert first.question.text == "Welcome. What brought you to reading groups?"
    assert [a.speaker.name for a in first.answers] == ["Prof. Li Wei", "Ms. Ana Costa"]
    assert result.exchanges == 2 and header_warnings(result, 3) == []


@pytest.mark.parametrize("header, names, language", [
    ("主持人：张三\n嘉宾：李四、王五", ("张三", "李四", "王五"), "zh-CN"),
    ("嘉宾：李四，王五\n主持人：张三", ("张三", "李四", "王五"), "zh-CN"),
    ("主持人：张三　嘉宾：李四、王五", ("张三", "李四", "王五"), "zh-CN"),
    ("記者：張三\n受訪者：李四、王五", ("張三", "李四", "王五"), "zh-Hant"),
    ("主持人：張三\n來賓：李四、王五", ("張三", "李四", "王五"), "zh-Hant"),
    ("主持人：張三\n貴賓：李四、王五", ("張三", "李四", "王五"), "zh-Hant"),
    ("主持人：张三\n讲者：李四、王五", ("张三", "李四", "王五"), "zh-CN"),
    ("主持人：張三\n與談者：李四、王五", ("張三", "李四", "王五"), "zh-Hant"),
    ("司会：山田\nゲスト：佐藤、鈴木", ("山田", "佐藤", "鈴木"), "ja"),
    ("聞き手：山田\nゲスト：佐藤・鈴木", ("山田", "佐藤", "鈴木"), "ja"),
    ("사회: 김철수\n게스트: 이영희, 박민수", ("김철수", "이영희", "박민수"), "ko"),
    ("진행: 김철수\n대담: 이영희, 박민수", ("김철수", "이영희", "박민수"), "ko"),
    ("기자: 김철수\n게스트: 이영희, 박민수", ("김철수", "이영희", "박민수"), "ko"),
    ("질문자: 김철수\n게스트: 이영희, 박민수", ("김철수", "이영희", "박민수"), "ko"),
    ("インタビュアー：山田\nゲスト：佐藤、鈴木", ("山田", "佐藤", "鈴木"), "ja"),
])
def test_participant_lines_in_chinese_japanese_and_korean(
        header: str, names: tuple[str, str, str], language: str) -> None:
    host, one, two = names
    words = {"zh-CN": ("问？", "答。"), "zh-Hant": ("問？", "答。"), "ja": ("質問？", "答え。"),
             "ko": ("질문?", "대답.")}[language]
    body = "".join(f"{host}：{words[0]}\n{one}：{words[1]}\n{two}：{words[1]}\n"
                   for _ in range(2))
    result = import_transcript(f"标题\n{header}\n{body}", "t.txt")
    interview = parsed(result)
    assert roles(interview) == [(host, "host"), (one, "guest"), (two, "guest")]
    assert interview.meta.compiler == "" and result.language == language
    assert not any(host in t.title or one in t.title for t in interview.topics())
    assert next(interview.exchanges()).question.text == words[0]
    assert header_warnings(result, header.count("\n") + 2) == []


@pytest.mark.parametrize("header", [
    "整理：周末读书会 来源：校园电台\n主持人：张三\n嘉宾：李四、王五",
    "主持人：张三\n嘉宾：李四、王五\n整理：周末读书会 来源：校园电台",
    "主持人：张三\n整理：周末读书会 来源：校园电台\n嘉宾：李四、王五",
])
def test_participant_lines_before_or_after_a_byline(header: str) -> None:
    body = "张三：为什么？\n李四：因为。\n王五：所以。\n" * 2
    interview = parsed(import_transcript(f"读书会\n{header}\n{body}", "t.txt"))
    assert (interview.meta.compiler, interview.meta.source) == ("周末读书会", "校园电台")
    assert roles(interview)[0] == ("张三", "host")
    assert [e.question.text for e in interview.exchanges()] == ["为什么？", "为什么？"]


def test_an_unmarked_line_after_participant_lines_is_the_body_not_a_byline() -> None:
    text = ("Panel\nHost: Dr. Jane Smith\nGuests: Prof. Li Wei\nWe met on a Sunday.\n"
            "Dr. Jane Smith: Why?\nProf. Li Wei: Because.\n"
            "Dr. Jane Smith: How?\nProf. Li Wei: Slowly.\n")
    interview = parsed(import_transcript(text, "t.txt"))
    assert interview.meta.compiler == ""
    assert [p.text for p in interview.parts[0].paragraphs] == ["We met on a Sunday."]


def test_the_host_a_participant_line_names_is_the_host_whoever_speaks_first() -> None:
    text = ("Panel\nModerator: Ana Costa\nPanelists: Li Wei, Tom Hale\n"
            "Li Wei: Hello everyone.\nAna Costa: Why books?\nLi Wei: Friends.\n"
            "Tom Hale: Habit.\nAna Costa: How?\nLi Wei: Votes.\nTom Hale: Turns.\n")
    result = import_transcript(text, "t.txt")
    assert result.speakers == ("Ana Costa", "Li Wei", "Tom Hale")
    assert [e.question.speaker.name for e in parsed(result).exchanges()] == ["Ana Costa"] * 2
    # given speakers stand; a participant line that disagrees stays in the draft, said so
    given = import_transcript(text, "t.txt", speakers=["Li Wei", "Ana Costa", "Tom Hale"])
    assert given.speakers == ("Li Wei", "Ana Costa", "Tom Hale")
    assert squash("Moderator: Ana Costa") in blob(parsed(given))
    assert any(d.line == 2 and "'Ana Costa' is the guest" in d.message
               for d in given.diagnostics)


def test_role_words_that_also_label_turns_keep_the_names_as_prose() -> None:
    # the turns say 主持人, so 张三 and the affiliation have no place in the front matter:
    # the lines stay, as the part's prose, and neither is read as the first question
    text = ("读书会\n主持人：张三\n嘉宾：李四（北京大学）、王五\n主持人：为什么？\n李四：因为。\n"
            "王五：所以。\n主持人：怎么办？\n李四：读书。\n")
    result = import_transcript(text, "t.txt")
    interview = parsed(result)
    assert result.speakers == ("主持人", "李四", "王五")
    assert [p.text for p in interview.parts[0].paragraphs] == [
        "主持人：张三", "嘉宾：李四（北京大学）、王五"]
    assert next(interview.exchanges()).question.text == "为什么？"
    warned = [(d.line, d.message) for d in result.diagnostics]
    assert any(n == 2 and "'张三' opens no turn ('主持人' does)" in m for n, m in warned)
    assert any(n == 3 and "'李四' comes with more than a name" in m for n, m in warned)


def test_an_affiliation_in_words_keeps_the_line_as_prose_not_a_topic() -> None:
    # "Guests: Li Wei of Oxford, …" was read as a topic heading over the first question
    text = ("Reading Panel\nHost: Jane Smith\nGuests: Li Wei of Oxford, Ana Costa from "
            "Lisbon\nJane Smith: Why?\nLi Wei: Friends.\nAna Costa: Habit.\n"
            "Jane Smith: How often?\nLi Wei: Weekly.\nAna Costa: Monthly.\n")
    result = import_transcript(text, "t.txt")
    interview = parsed(result)
    assert [p.text for p in interview.parts[0].paragraphs] == [
        "Guests: Li Wei of Oxford, Ana Costa from Lisbon"]
    assert not any("Guests" in t.title for t in interview.topics())
    assert roles(interview) == [("Jane Smith", "host"), ("Li Wei", "guest"),
                                ("Ana Costa", "guest")]
    assert any(d.line == 3 and "'Li Wei' comes with more than a name" in d.message
               for d in result.diagnostics)


@pytest.mark.parametrize("second, question", [
    ("主持人：大家为什么来？", "大家为什么来？"),   # the host's turn follows: a name, then talk
    ("李四：先说两句。", None),                   # alone, "主持人：张三" reads as a question
])
def test_a_lone_role_word_that_labels_turns(second: str, question: str | None) -> None:
    text = f"读书会\n主持人：张三\n{second}\n李四：因为。\n主持人：怎么办？\n李四：读书。\n"
    first = next(parsed(import_transcript(text, "t.txt")).exchanges())
    assert first.question.text == (question or "张三")


@pytest.mark.parametrize("line", ["Host: Welcome to the show", "Host: Welcome",
                                  "Guests: two professors and a librarian",
                                  "主持人：大家好！", "嘉宾：李四说了什么？"])
def test_a_role_word_before_other_words_is_no_participant_line(line: str) -> None:
    result = import_transcript(f"T\n{line}\nJane Doe: Why?\nTom Hale: So.\n"
                               "Jane Doe: How?\nTom Hale: Thus.\n", "t.txt")
    assert squash(line) in blob(parsed(result))


@pytest.mark.parametrize("text, question", [
    # a greeting under the role word that labels turns is said, not a list of names
    ("读书会\n主持人：大家好。\n主持人：为什么来？\n嘉宾：因为。\n主持人：然后？\n嘉宾：读书。\n",
     "大家好。"),
    ("Panel\nModerator: Good Evening.\nModerator: Why?\nGuest: Because.\n"
     "Moderator: And?\nGuest: Books.\n", "Good Evening."),
    ("读书会\n主持人：欢迎您。\n嘉宾：谢谢。\n主持人：为什么来？\n嘉宾：因为。\n", "欢迎您。"),
])
def test_short_opening_turns_are_turns_not_participant_lines(text: str,
                                                            question: str) -> None:
    result = import_transcript(text, "t.txt")
    # (the host's turns that follow it join the same question)
    assert next(parsed(result).exchanges()).question.text.startswith(question)
    assert not [d for d in result.diagnostics if "participant line" in d.message]


@pytest.mark.parametrize("header, names", [
    ("主持人：张三\n嘉宾：李四", ("张三", "李四", "")),
    ("Host: Dr. Jane Smith\nGuests: Prof. Li Wei, Ms. Ana Costa",
     ("Dr. Jane Smith", "Prof. Li Wei", "Ms. Ana Costa")),
])
def test_participant_lines_with_no_title_line_above_them(header: str,
                                                          names: tuple[str, ...]) -> None:
    """They used to be the title ('主持人：张三'); the file's name is, as for a transcript
    that opens with a turn, and the lines are the speakers list."""
    host, *guests = [name for name in names if name]
    body = "".join(f"{host}：为什么？\n" + "".join(f"{g}：因为。\n" for g in guests)
                   for _ in range(2))
    result = import_transcript(f"{header}\n{body}", "panel-notes.txt")
    interview = parsed(result)
    assert interview.meta.title == "panel-notes"
    assert roles(interview) == [(host, "host")] + [(g, "guest") for g in guests]
    assert header.splitlines()[0] not in result.markdown
    assert [e.question.text for e in interview.exchanges()] == ["为什么？", "为什么？"]
    assert any(d.line == 1 and "no title line; used 'panel-notes'" in d.message
               for d in result.diagnostics)


def test_without_a_title_line_a_participant_line_the_list_cannot_carry_is_prose() -> None:
    # as under a title: kept, said so (it used to become a topic heading)
    text = "主持人：张三\n嘉宾：李四（北京大学）\n张三：为什么？\n李四：因为。\n张三：怎么办？\n李四：读书。\n"
    result = import_transcript(text, "t.txt")
    interview = parsed(result)
    assert [p.text for p in interview.parts[0].paragraphs] == ["嘉宾：李四（北京大学）"]
    assert not any("李四" in t.title for t in interview.topics())
    assert any(d.line == 2 and "comes with more than a name" in d.message
               for d in result.diagnostics)


def test_without_a_title_line_a_role_word_line_with_other_words_is_the_first_turn() -> None:
    # "欢迎" is shaped like a name, but opens no turn: the line is said, not a cast
    text = "主持人：欢迎\n嘉宾：谢谢\n主持人：为什么来？\n嘉宾：因为。\n主持人：然后？\n嘉宾：读书。\n"
    result = import_transcript(text, "t.txt")
    assert next(parsed(result).exchanges()).question.text.startswith("欢迎")
    assert not [d for d in result.diagnostics if "participant line" in d.message]


@pytest.mark.parametrize("guests", ["李四和王五", "李四与王五", "李四及王五"])
def test_names_joined_by_a_conjunction_are_read_when_each_speaks(guests: str) -> None:
    body = "张三：为什么？\n李四：因为。\n王五：所以。\n" * 2
    result = import_transcript(f"读书会\n主持人：张三\n嘉宾：{guests}\n{body}", "t.txt")
    assert roles(parsed(result)) == [("张三", "host"), ("李四", "guest"), ("王五", "guest")]
    assert guests not in result.markdown and header_warnings(result, 3) == []


def test_a_conjunction_inside_a_name_is_no_join() -> None:
    # 和珅 is one person: "和" splits only names that each open turns
    body = "张三：为什么？\n和珅：因为。\n" * 2
    result = import_transcript(f"读书会\n主持人：张三\n嘉宾：和珅\n{body}", "t.txt")
    assert roles(parsed(result)) == [("张三", "host"), ("和珅", "guest")]
    assert header_warnings(result, 3) == []


def test_role_word_lines_that_are_all_the_talk_stay_turns() -> None:
    """Read as participant lines, they would leave no turn at all: they are the talk."""
    result = import_transcript("读书会\n主持人：您好\n嘉宾：您好\n", "t.txt",
                               speakers=["主持人", "嘉宾"])
    exchange = next(parsed(result).exchanges())
    assert (exchange.question.text, exchange.answers[0].text) == ("您好", "您好")


QA = ("An Interview with Dr. Jane Smith\nInterviewer: Tom Lee\nInterviewee: Dr. Jane Smith\n\n"
      "Q: How did you start?\nA: With three raised beds.\nQ: What next?\nA: A market.\n")


@pytest.mark.parametrize("text, names", [
    (QA, ("Tom Lee", "Dr. Jane Smith")),
    ("种菜\n嘉宾：李四\n主持人：张三\n问：怎么开始的？\n答：三个花坛。\n问：然后呢？\n答：集市。\n",
     ("张三", "李四")),
])
def test_q_and_a_are_the_host_and_the_guest_the_participant_lines_name(
        text: str, names: tuple[str, str]) -> None:
    """The draft spoke as 'Q' and 'A' and kept the participant lines as prose."""
    result = import_transcript(text, "qa.txt")
    interview = parsed(result)
    assert roles(interview) == [(names[0], "host"), (names[1], "guest")]
    assert [[t.speaker.name for t in e.turns] for e in interview.exchanges()] == [
        list(names), list(names)]
    assert not interview.parts[0].paragraphs and header_warnings(result, 3) == [
        f"'{'问' if '问' in text else 'Q'}' read as '{names[0]}' and "
        f"'{'答' if '答' in text else 'A'}' as '{names[1]}', as the participant lines "
        "name them"]


@pytest.mark.parametrize("text, speakers", [
    (QA.replace("Interviewee: Dr. Jane Smith", "Guests: Ann Lee, Bo Chan"), None),
    (QA.replace("Interviewee:", "Participants:"), None),
    (QA, ["Q", "A"]),
])
def test_q_and_a_stay_without_exactly_one_named_host_and_guest(
        text: str, speakers: list[str] | None) -> None:
    result = import_transcript(text, "qa.txt", speakers=speakers)
    assert result.speakers == ("Q", "A")
    assert not any("as the participant lines name them" in d.message
                   for d in result.diagnostics)


# -- escaping -------------------------------------------------------------------------

TRICKY = [
    "# not a heading", "## nor this", "- not a list", "+ nor this", "* nor this",
    "1. nor this one.", "2) nor this", "> not a quote", "---", "***", "___", "===", "= b", "a == b", "==mark==",
    "a === b", "*emphasis* and **strong**", "_under_ and __score__", "snake_case_name",
    "[link](http://x.org)", "![image](x.png)", "`code`", "``double``", "<b>html</b>",
    "<http://auto.link>", "a < b > c", "back\\slash", "ends with backslash \\",
    "&amp; &#42; &copy;", "AT&T", "~~~fence", "```fence", "[ref]: /url", "| a | b |",
    "\\*already escaped\\*", "行首#号", "中文 *强调* 和 `代码`", "tab\there", "x  y",
    "10:30 we met", "https://example.org is a site", "Note: this is a note",
]


@pytest.mark.parametrize("line", TRICKY)
def test_escape_round_trip_in_part_prose(line: str) -> None:
    interview, diags = parse(f"{FRONT}# P\n\n{escape(line)}\n", "x.md")
    assert interview is not None, [str(d) for d in diags]
    assert [p.text for p in interview.parts[0].paragraphs] == [line]


def test_lines_that_would_make_a_table_stay_text() -> None:
    """A pipe row and a dash row: a table to the parser unless the pipes are escaped."""
    rows = ["名称 | 数量", "--- | ---", "苹果 | 3 个。"]
    text = "Title\n一. 引言\n{0}\n{1}\n{2}\n二. 访谈\n话题\nQ: 问\nA: {0}\n{1}\n{2}\nQ: x\nA: y\n".format(
        *rows)
    interview = parsed(import_transcript(text))
    assert [p.text for p in interview.parts[0].paragraphs] == rows
    assert [p.text for p in next(interview.exchanges()).answers[0].paragraphs] == rows


@pytest.mark.parametrize("line", TRICKY)
def test_tricky_lines_survive_import(line: str) -> None:
    text = f"Title\n一. 引言\n{line}\n二. 访谈\n话题\nQ: {line}\nA: {line}\n{line}\nQ: x\nA: y\n"
    interview = parsed(import_transcript(text))
    assert [p.text for p in interview.parts[0].paragraphs] == [line]
    first = next(interview.exchanges())
    assert first.question.text == line
    assert line in first.answers[0].text.split("\n")


# -- any input ------------------------------------------------------------------------

SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))


@settings(max_examples=200, deadline=None)
@given(st.text(SAFE_CHARS, min_size=1).map(str.strip).filter(bool).filter(
    lambda s: "\n" not in s and "\r" not in s))
def test_escape_property(line: str) -> None:
    assume((speaker_label(line) or ("",))[0] not in ("Q", "A"))  # those are turns here
    interview, diags = parse(f"{FRONT}# P\n\n{escape(line)}\n", "x.md")
    assert interview is not None, [str(d) for d in diags]
    assert [p.text for p in interview.parts[0].paragraphs] == [line]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_imports_or_fails_cleanly(text: str) -> None:
    try:
        result = import_transcript(text, "any.txt")
    except SourceError as exc:
        assert exc.diagnostics and all(d.path == "any.txt" for d in exc.diagnostics)
        assert not any("would not parse" in d.message for d in exc.diagnostics), exc
        return
    parsed(result)


NAMES = ["主持人", "梁文锋", "Q", "A", "MARIA CHEN", "王教授"]
PIECES = st.sampled_from([
    "一. 引言", "二、访谈", "3. Part three", "Part 2", "第四部分", "II. Roman", "话题标题",
    "Short topic", "", "  ", "普通的一段话。", "A plain sentence.", "# hash", "- dash", "==",
    "*", "_x_", "`", "\\", "<a>", "[x]", "&amp;", "Note: a note", "10:30 later", ":", "：",
    "采访前，王教授特意说明：话。", "1)", ">", "===", "#",
])


def test_a_heading_of_hashes_stays_its_text() -> None:
    # Found by the property test below: a question "#" became a topic heading, written
    # "## #", which Markdown reads as an empty heading with a closing sequence.
    text = "0\n主持人: #\n梁文锋: 一. 引言\n" + "主持人: 一. 引言\n" * 16 + "梁文锋: 一. 引言"
    seen = blob(parsed(import_transcript(text, "t.txt")))
    assert "#" in seen
    front = "---\ntitle: t\nspeakers:\n  - name: 甲\n    role: host\n" \
            "  - name: 乙\n    role: guest\n---\n\n# 一\n\n"
    for title in ("#", "##", "abc ###", "C# 语言", "x # y"):
        doc = parse(f"{front}## {heading(title)}\n\n甲：问？\n\n乙：答。\n", "h.md")[0]
        assert doc is not None and [t.title for t in doc.topics()] == [title]


@st.composite
def transcripts(draw: st.DrawFn) -> str:
    """Transcript-like text: labelled turns, headings, prose and Markdown specials."""
    lines = [draw(st.text(SAFE_CHARS, min_size=1, max_size=20))]
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        piece = draw(PIECES) + draw(st.text(SAFE_CHARS, max_size=8))
        if kind <= 1:
            sep = draw(st.sampled_from([": ", ":", "：", " "]))
            lines.append(draw(st.sampled_from(NAMES)) + sep + piece)
        else:
            lines.append(piece)
    return draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
@example("T\n话题标题\n主持人: A\nQ: x\nA: y\nQ: z\nA: w")  # line 3 is the speakers
def test_transcript_like_text_keeps_every_line(text: str) -> None:
    try:
        result = import_transcript(text, "t.txt")
    except SourceError as exc:
        assert not any("would not parse" in d.message for d in exc.diagnostics), exc
        return
    interview = parsed(result)
    seen = blob(interview)
    lines = [line.strip() for line in re.split(r"\r?\n", text) if line.strip()]
    names = "|".join(re.escape(name) for name in sorted(result.speakers, key=len)[::-1])
    # when times open a third of the lines ("10:30 later"), they are taken out, said so
    timed = any("timestamps of the recording" in d.message for d in result.diagnostics)
    for line in lines[2:]:
        assert any(kept(variant, seen, names, interview)
                   for variant in ([line, without_time(line)] if timed else [line])) \
            or (timed and only_time(line)), line


def kept(line: str, seen: str, names: str, interview: Interview) -> bool:
    """The line's text, its speaker's label aside, is in the draft (a label alone,
    ``Name:`` over the talk, leaves nothing to find), or the speakers list carries it."""
    body = re.sub(rf"^({names})\s*[:：]?", "", line) if names else line
    return squash(line) in seen or squash(body) in seen or carried(line, interview)


STAMPS = st.sampled_from([
    "[{t}] {name}: {text}", "({t}) {name}: {text}", "{t} {name}: {text}", "{t} - {name}: {text}",
    "{name}({t})：{text}", "{name} [{t}]: {text}", "{name}  {t}\n{text}", "{name} ({t}):\n{text}",
    "{t}\n{name}: {text}", "{t} {name}\n{text}",
])
TALK = st.sampled_from(["Why books?", "因为朋友。", "How often?", "每月一次，有时两次。",
                        "We met at 10:30 then.", "好。", "A plain sentence.", "读书会很好！"])


@st.composite
def recordings(draw: st.DrawFn) -> tuple[str, str]:
    """A transcript as a recording tool writes it (one shape of times throughout), and
    the same transcript with no times."""
    shape = draw(STAMPS)
    host, guest = draw(st.sampled_from([("Jane Smith", "Li Wei"), ("张三", "李四"),
                                        ("Speaker 1", "Speaker 2"), ("发言人1", "发言人2")]))
    turns = [(host if n % 2 == 0 else guest, draw(TALK))
             for n in range(2 * draw(st.integers(2, 6)))]
    seconds = sorted(draw(st.lists(st.integers(0, 7199), min_size=len(turns),
                                   max_size=len(turns))))
    clock = draw(st.sampled_from(["{m}:{s:02d}", "{h:02d}:{m:02d}:{s:02d}",
                                  "{h:02d}:{m:02d}:{s:02d}.500"]))
    stamped = [shape.format(t=clock.format(h=t // 3600, m=t // 60 % 60 if "h" in clock
                                           else t // 60, s=t % 60), name=name, text=text)
               for t, (name, text) in zip(seconds, turns)]
    blank = draw(st.sampled_from(["\n", "\n\n"]))
    plain = [f"{name}: {text}" for name, text in turns]
    return ("Recorded talk\n" + blank.join(stamped) + "\n",
            "Recorded talk\n" + blank.join(plain) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recordings())
def test_a_recordings_times_go_and_the_draft_is_the_plain_transcripts(
        pair: tuple[str, str]) -> None:
    stamped, plain = pair
    with_times = import_transcript(stamped, "talk.txt")
    without = import_transcript(plain, "talk.txt")
    assert with_times.markdown == without.markdown
    assert [d.message for d in with_times.diagnostics
            if "timestamps of the recording" in d.message]


OTTER_LONG = ("Slow Reading\n\nJane Smith  0:05\nWhat got you started?\n\nTom Hale  0:14\n"
              "It started with my grandmother.\n\nShe read one page a day.\n\n"
              "And she never skipped a day.\n\nJane Smith  1:02\nWhy a page?\n\n"
              "Tom Hale  1:09\nSo it would last.\n\nWe still do it.\n\nEvery evening.\n")
PANEL_ONCE = ("Libraries\nJane Smith  0:05\nTom, what do libraries do best?\nTom Hale  0:14\n"
              "Quiet rooms.\nJane Smith  1:02\nAnn, do you agree?\nAnn Lee  1:09\n"
              "Mostly.\nJane Smith  1:30\nThank you both.\nTom Hale  1:35\nThanks.\n")
TIMES_IN_TALK = ("Opening Hours\nJane Smith  0:05\nWhen do you open?\nTom Hale  0:14\n"
                 "9:30 is when we open.\nJane Smith  1:02\nAnd close?\nTom Hale  1:09\n"
                 "Late.\n12:00 to 1:00 is the quiet hour.\n")
WEBVTT = ("WEBVTT\nKind: captions\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\n"
          "<v Jane Smith>Welcome. Why the budget?</v>\n\n2\n00:00:05.000 --> 00:00:09.000\n"
          "<v Tom Hale>We spent less.</v>\n\n3\n00:00:13.000 --> 00:00:16.000\n"
          "<v Jane Smith>Why was that?</v>\n\n4\n00:00:17.000 --> 00:00:20.000\n"
          "<v Tom Hale>Projects moved.</v>\n")
SRT = ("1\n00:00:01,000 --> 00:00:04,000\nJane Smith: Welcome. Why the budget?\n\n"
       "2\n00:00:05,000 --> 00:00:09,000\nTom Hale: We spent less.\n\n"
       "3\n00:00:13,000 --> 00:00:16,000\nJane Smith: Why was that?\n\n"
       "4\n00:00:17,000 --> 00:00:20,000\nTom Hale: Projects moved.\n")
TEAMS = ("0:0:0.0 --> 0:0:4.120\nJane Smith\nWelcome. Why the budget?\n\n"
         "0:0:5.0 --> 0:0:9.500\nTom Hale\nWe spent less.\n\n"
         "0:0:13.0 --> 0:0:16.0\nJane Smith\nWhy was that?\n\n"
         "0:0:17.0 --> 0:0:20.0\nTom Hale\nProjects moved.\n")


@pytest.mark.parametrize("text, speakers, first", [
    # turns of several paragraphs: the times are under a third of the lines
    (OTTER_LONG, ("Jane Smith", "Tom Hale"), ("What got you started?",
                                              "It started with my grandmother.")),
    # a panel guest who speaks once is a name line all the same
    (PANEL_ONCE, ("Jane Smith", "Tom Hale", "Ann Lee"), ("Tom, what do libraries do best?",
                                                         "Quiet rooms.")),
    (WEBVTT, ("Jane Smith", "Tom Hale"), ("Welcome. Why the budget?", "We spent less.")),
    (SRT, ("Jane Smith", "Tom Hale"), ("Welcome. Why the budget?", "We spent less.")),
    (TEAMS, ("Jane Smith", "Tom Hale"), ("Welcome. Why the budget?", "We spent less.")),
])
def test_recording_tools_exports_import(text: str, speakers: tuple[str, ...],
                                        first: tuple[str, str]) -> None:
    result = import_transcript(text, "rec.txt")
    exchange = next(parsed(result).exchanges())
    assert result.speakers == speakers
    answer = exchange.answers[0]
    assert (exchange.question.text, answer.paragraphs[0].text) == first
    assert len(answer.paragraphs) == (3 if text == OTTER_LONG else 1)
    assert not re.search(r"\d:\d\d|-->|WEBVTT|<v", result.markdown)


def test_a_time_that_opens_talk_in_a_recording_is_the_talk() -> None:
    """Only the recording's times go: '9:30 is when we open' keeps its 9:30."""
    result = import_transcript(TIMES_IN_TALK, "rec.txt")
    blob_ = blob(parsed(result))
    assert "9:30iswhenweopen." in blob_ and "12:00to1:00isthequiethour." in blob_
    assert "0:14" not in result.markdown and "1:09" not in result.markdown


@pytest.mark.parametrize("text", [
    "0:05\n0:10\n0:15\n",  # nothing but times: the usual error, no crash
    "Title\n" + "12:30pm\n" * 4,
])
def test_a_file_of_times_alone_is_refused_as_any_file_without_turns(text: str) -> None:
    with pytest.raises(SourceError, match="no speakers found"):
        import_transcript(text, "t.txt")


@pytest.mark.parametrize("line", [
    "Guest: Hello{}world.", "Guest: Hello (0:05{}x", "Guest: a0:00{}x", "0:05{}Guest: x",
    "Guests: Li{}x", "ゲスト：佐藤{}・x", "By Jane{}x", "Guest: Li Wei{}of Oxford",
])
def test_a_long_run_of_spaces_is_read_in_one_pass(line: str) -> None:
    """Patterns that could split a run of spaces between two of their parts took the
    square or the cube of its length, on every line (a 20,000-space line took 15 s in the
    byline pattern, 33 s for 2,000 in the first trailing-time one).  These lines take
    milliseconds now; a suite that stalls here has that back."""
    text = ("Title\nHost: Hi.\n" + line.format(" " * 20000) + "\nGuest: So.\nHost: Bye.\n"
            "Guest: Bye.\n")
    result = import_transcript(text, "t.txt")
    assert squash(line.format("")) in squash(result.markdown)


def test_a_recordings_talk_keeps_a_time_with_words_after_it() -> None:
    # WebVTT cue settings ("align:start") only follow a cue's range: "10:30 re:Invent"
    # and a meeting link are talk, not times to drop
    text = ("Talk\nJane Smith  0:05\nWhen is it?\nTom Hale  0:14\n10:30 re:Invent\n"
            "Jane Smith  1:02\nWhere?\nTom Hale  1:09\n10:30 https://zoom.us/j/123\n")
    blob_ = blob(parsed(import_transcript(text, "t.txt")))
    assert "10:30re:Invent" in blob_ and "10:30https://zoom.us/j/123" in blob_


def test_a_name_shaped_talk_line_under_a_recurring_speaker_is_talk() -> None:
    # "明天上午 9:30" under "李四 00:00:05" looks like a name beside a time; it is what
    # 李四 said, and 李四's line labels it
    text = ("张三 00:00:01\n今天几点开会？\n李四 00:00:05\n明天上午 9:30\n我们准时开始。\n"
            "张三 00:00:09\n在哪里？\n李四 00:00:12\n三楼会议室。\n")
    result = import_transcript(text, "t.txt")
    first = next(parsed(result).exchanges())
    assert result.speakers == ("张三", "李四")
    assert [p.text for p in first.answers[0].paragraphs] == ["明天上午 9:30", "我们准时开始。"]


def carried(line: str, interview: Interview) -> bool:
    """A participant line is kept as the front matter's speakers: every name it gives is
    a declared speaker, in the role it gives (any role, for words like 대담)."""
    declared = {name_key(s.name): s.role.value for s in interview.meta.speakers}
    cast = read_cast(Line(0, line), [s.name for s in interview.meta.speakers])
    return cast is not None and all(
        not person.extra and declared.get(name_key(person.name)) in (field.role, ANY)
        and name_key(person.name) in declared
        for field in cast.fields for person in field.people)


# -- shapes found by trying the importer as a new user would ---------------------------

def test_a_guest_asking_a_guest_without_topic_lines_stays_in_the_topic() -> None:
    result = import_transcript("Bees\nHost: Why bees?\nAna: Patience.\nTom: Honey.\n"
                               "Ana: Tom, when did you start?\nTom: In 2019.\n"
                               "Host: Thanks?\nAna: Thanks.\n", "bees.txt")
    interview = parsed(result)
    assert [[[t.speaker.name for t in e.turns] for e in topic.exchanges]
            for topic in interview.topics()] == [
        [["Host", "Ana", "Tom"], ["Ana", "Tom"]], [["Host", "Ana"]]]


def test_a_panel_guest_who_speaks_once_is_a_speaker_but_a_note_is_not() -> None:
    result = import_transcript("读书会圆桌\n主持人：大家为什么来读书会？\n张伟：为了认识朋友。\n"
                               "王芳：我是为了逼自己读完一本书。\n主持人：最喜欢哪本书？\n"
                               "张伟：《活着》。\nNote: the tape was cut here.\n", "once.txt")
    assert result.speakers == ("主持人", "张伟", "王芳")
    first = next(parsed(result).exchanges())
    assert [t.speaker.name for t in first.turns] == ["主持人", "张伟", "王芳"]
    assert any("'王芳' opens only this line" in d.message for d in result.diagnostics)
    assert "Note" not in result.speakers


def test_a_guests_own_follow_up_question_keeps_its_label_and_opens_an_exchange() -> None:
    result = import_transcript(
        "圆桌\n主持人：有多少户？\n张伟：大约120户人家。\n张伟：Lopez 博士，你还记得吗？\n"
        "Dr. Maria Lopez：记得。\n主持人：谢谢？\n张伟：谢谢。\nDr. Maria Lopez：谢谢。\n",
        "panel.txt")
    assert "张伟：Lopez 博士，你还记得吗？" in result.markdown
    assert [[t.speaker.name for t in e.turns] for e in parsed(result).exchanges()] == [
        ["主持人", "张伟"], ["张伟", "Dr. Maria Lopez"], ["主持人", "张伟", "Dr. Maria Lopez"]]


def test_spellings_of_one_name_are_one_speaker_and_said_so() -> None:
    result = import_transcript(
        "Talking Trees: notes from a walk\n\ninterviewer: So, what is this tree?\n"
        "Prof. Kate Mbeki：It is an oak.\nInterviewer : how can you tell?\n"
        "Prof Kate Mbeki: By the girth.\nInterviewer  What about that one?\n"
        "Prof. Kate Mbeki:A beech.\n", "messy.txt")
    assert result.speakers == ("Interviewer", "Prof. Kate Mbeki")
    interview = parsed(result)
    assert interview.meta.title == "Talking Trees: notes from a walk"
    assert [e.answers[0].text for e in interview.exchanges()] == [
        "It is an oak.", "By the girth.", "A beech."]
    messages = [d.message for d in result.diagnostics]
    assert any("'Prof Kate Mbeki' read as the speaker 'Prof. Kate Mbeki'" in m for m in messages)
    assert any("colon after the name is missing" in m for m in messages)


def test_kanji_heavy_japanese_is_japanese() -> None:
    result = import_transcript("地方の課題\n司会：地方創生の現状は？\n田中一郎：人口減少、高齢化、"
                               "産業衰退。課題山積です。\n司会：対策は？\n田中一郎：若者の定住です。\n",
                               "ja2.txt")
    assert parsed(result).meta.language == "ja"
    assert "language: ja; 1 part, 2 topics, 2 exchanges" in result.summary()


def test_names_lined_up_with_spaces_are_the_names_without_them() -> None:
    result = import_transcript("对齐的名字\n记  者：您好，请问您是做什么的？\n周  明：我是木匠。\n"
                               "记  者：做了多久？\n周  明：三十年。\n", "t11.txt")
    assert result.speakers == ("记者", "周明")
    assert "记者：做了多久？" in result.markdown and "周明：三十年。" in result.markdown


def test_times_after_the_speakers_colon_leave_the_turns_and_the_topic_titles() -> None:
    result = import_transcript("关于城市更新的问答\nQ：[00:00:12] 老城区改造最难的是什么？\n"
                               "A：[00:00:20] 最难的是人。\nQ：(00:01:05)那你们怎么协调？\n"
                               "A：(00:01:10)一户一户谈。\nQ：00:02:30 有没有失败的例子？\n"
                               "A：00:02:41 当然有。\n", "t3.txt")
    assert not re.search(r"\d:\d\d", result.markdown)
    assert [t.title for t in parsed(result).topics()] == [
        "老城区改造最难的是什么", "那你们怎么协调", "有没有失败的例子"]


def test_q_and_a_beside_the_role_word_and_the_names_they_stand_for() -> None:
    """Q and A became guests, their turns bold prose, and 王芳 a prose line."""
    result = import_transcript("科技公司的一天\n记者：王芳\n受访者：李强\nQ：您几点上班？\n"
                               "A：九点。\nQ：最重要的事是什么？\nA：过一遍目标。\n"
                               "记者：最后，您有什么想说的？\n李强：做自己喜欢的事。\n", "t9.txt")
    interview = parsed(result)
    assert roles(interview) == [("王芳", "host"), ("李强", "guest")]
    assert [[t.speaker.name for t in e.turns] for e in interview.exchanges()] == [
        ["王芳", "李强"]] * 3
    assert not interview.parts[0].paragraphs
    assert "'Q' read as '王芳', '记者' as '王芳' and 'A' as '李强'" in "".join(
        d.message for d in result.diagnostics)


def test_a_role_word_that_speaks_naming_a_guest_who_speaks_is_no_participant_line() -> None:
    """'记者：欧阳　娜娜' made the guest the host: every answer became a question."""
    result = import_transcript("欧阳娜娜访谈\n记者：欧阳　娜娜\n记者：你是什么时候开始拉琴的？\n"
                               "欧阳　娜娜：四岁。\n记者：练琴辛苦吗？\n欧阳　娜娜：很辛苦。\n", "t8.txt")
    interview = parsed(result)
    assert roles(interview) == [("记者", "host"), ("欧阳娜娜", "guest")]
    first = next(interview.exchanges())
    assert [p.text for p in first.question.paragraphs] == ["欧阳　娜娜", "你是什么时候开始拉琴的？"]
    assert [t.title for t in interview.topics()][0] == "你是什么时候开始拉琴的"


@pytest.mark.parametrize("word", ["记者", "기자"])
def test_the_korean_reporter_is_a_role_word_as_the_chinese_one_is(word: str) -> None:
    """'기자: 박지은' over '게스트: 김민준' and '기자:' turns were two prose lines in an
    invented part, '게스트' warned as no speaker: 기자 was no role word.  Read as 记者
    is: the guest's line is carried by the speakers list; the host's, whose name
    opens no turn ('기자' does), stays as the first part's prose, said so."""
    result = import_transcript(
        f"서점 이야기\n정리: 주말독서모임\n{word}: 박지은\n게스트: 김민준\n1. 서점을 열기까지\n"
        f"창업 계기\n{word}: 계기를 말씀해 주세요.\n김민준: 개발자였어요.\n"
        f"{word}: 반대는 없었나요?\n김민준: 많았죠.\n", "ko.txt")
    interview = parsed(result)
    assert roles(interview) == [(word, "host"), ("김민준", "guest")]
    assert f"\n**{word}**: 박지은\n" in result.markdown
    assert [p.text for p in interview.parts[0].paragraphs] == [f"{word}: 박지은"]
    assert interview.parts[0].heading == "들어가며" and "게스트" not in result.markdown
    assert [t.title for t in interview.topics()] == ["창업 계기"]
    assert [str(d) for d in result.diagnostics if d.line in (3, 4)] == [
        f"ko.txt:3:1: warning: participant line kept as prose: '박지은' opens no turn "
        f"('{word}' does) (the front matter's speakers are the names that open turns, one "
        "of them the host)", "ko.txt:3:1: warning: no part heading before this line; added "
        "'# 들어가며'"]


def test_a_role_word_longer_than_a_name_labels_turns() -> None:
    """'インタビュアー：' (seven wide characters, more than a name holds) opened no turn:
    'no speakers found (only '山田')'."""
    result = import_transcript("本屋の話\nインタビュアー：お店を始めたきっかけは？\n山田：エンジニアでした。\n"
                               "インタビュアー：資金は？\n山田：500万円です。\n", "iv.txt")
    assert result.speakers == ("インタビュアー", "山田")
    assert [t.title for t in parsed(result).topics()] == ["お店を始めたきっかけは", "資金は"]


@pytest.mark.parametrize("host, guest, first, second, title", [
    ("聞き手", "山田太郎", "山田さん、お店を始めたきっかけは？", "資金は？", "お店を始めたきっかけは"),
    ("聞き手", "山田　太郎", "山田太郎さん、お店を始めたきっかけは？", "資金は？",
     "お店を始めたきっかけは"),
    ("기자", "김민준", "김민준 대표님, 서점을 연 계기는요?", "자금은요?", "서점을 연 계기는요"),
    ("主持人", "李明", "李先生，你为什么选择开源？", "小李，团队呢？", "你为什么选择开源"),
])
def test_a_guessed_topic_title_leaves_out_a_name_addressed_with_an_honorific(
        host: str, guest: str, first: str, second: str, title: str) -> None:
    """'聞き手：山田さん、お店を…' gave the topic '## 山田さん'."""
    result = import_transcript(f"本屋\n{host}：{first}\n{guest}：答え。\n{host}：{second}\n"
                               f"{guest}：答え。\n", "g.txt")
    interview = parsed(result)
    assert [t.title for t in interview.topics()] == [title, second.split("，")[-1][:-1]]
    assert [e.question.text for e in interview.exchanges()] == [first, second]


@pytest.mark.parametrize("text, label", [
    ("标题\n主持人：问？\n嘉宾：答。\n主持人：又问？\n嘉宾：又答。\n", "嘉宾：又答。"),
    ("標題\n主持人：問？\n來賓：答。\n主持人：又問？\n來賓：又答。\n", "來賓：又答。"),
    ("題\n司会：質問？\n店主：答え。\n司会：また？\n店主：はい。\n", "店主: はい。"),
])
def test_a_turn_label_ends_in_the_colon_the_outputs_print(text: str, label: str) -> None:
    """Chinese: the full-width colon, which the copy-editing pass asks for (``check
    --lint`` flagged every ASCII one of an import); other languages: ``Name: ``."""
    result = import_transcript(text, "t.txt")
    assert f"\n{label}\n" in result.markdown



def test_a_bulleted_list_is_kept_as_paragraphs_with_a_warning() -> None:
    result = import_transcript("Gardens\nHost: What matters?\nGuest: A few things:\n"
                               "- soil;\n\n- water;\n- patience.\nHost: Thanks?\n"
                               "Guest: Thank you.\n", "t.txt")
    lists = [d for d in result.diagnostics if "bulleted list" in d.message]
    assert [(d.line, d.col) for d in lists] == [(4, 1)]
    assert "\\- soil;" in result.markdown and "\\- patience." in result.markdown


@pytest.mark.parametrize("question, title", [
    ("那您覺得，夜市最大的問題是什麼？", "夜市最大的問題是什麼"),
    ("從您的角度看，外國旅客最喜歡什麼？", "外國旅客最喜歡什麼"),
    ("从技术的角度看，这难吗？", "从技术的角度看"),            # names its subject: kept
    ("好，您觉得，AI会取代程序员吗？", "AI会取代程序员吗"),
    ("那么，您觉得呢？", ""),
    ("Dr. Chen, and you?", ""),
    ("What about you?", ""),
    ("那你们觉得，开源的意义是什么？", "开源的意义是什么"),
    ("你觉得呢？", ""),
    ("您呢？", ""),
    ("我觉得，这很重要吗？", "我觉得，这很重要吗"),  # a statement of one's own: kept
])
def test_a_lead_in_clause_is_no_topic_title(question: str, title: str) -> None:
    from publish.source.importer.group import topic_title

    assert topic_title(question, ["Dr. Chen"]) == title


def test_a_question_that_only_turns_to_another_guest_stays_in_the_topic() -> None:
    """"陳博士，您呢？" asks the same of another guest: no topic of its own ('您呢')."""
    result = import_transcript("夜市\n主持人：林教授，夜市有多少年的歷史？\n林教授：一百年。\n"
                               "主持人：陳博士，您呢？\n陳博士：差不多。\n"
                               "主持人：那您覺得，夜市最大的問題是什麼？\n林教授：垃圾。\n",
                               "t.txt")
    assert [(t.title, len(t.exchanges)) for t in parsed(result).topics()] == [
        ("夜市有多少年的歷史", 2), ("夜市最大的問題是什麼", 1)]


def test_a_topic_may_open_with_a_guest_asking_another() -> None:
    """A topic line followed by a guest's question that another guest answers is a
    topic, and the parser takes that question as the topic's first."""
    result = import_transcript("Growing Food\nHost: Interviewer\nGuests: Dr. Jane Smith, "
                               "Mrs. Okafor\nBeginnings\nInterviewer: How did it start?\n"
                               "Dr. Jane Smith: With three beds.\nMrs. Okafor: And tools.\n"
                               "Tools\nMrs. Okafor: Jane, who lent us the spade?\n"
                               "Dr. Jane Smith: Mr. Hale.\nNext\nInterviewer: What next?\n"
                               "Mrs. Okafor: More beds.\n", "t.txt")
    interview = parsed(result)
    assert [t.title for t in interview.topics()] == ["Beginnings", "Tools", "Next"]
    tools = list(interview.topics())[1]
    assert tools.exchanges[0].question.speaker.name == "Mrs. Okafor"
