"""The importer's stages one by one: lines, timestamps, speakers, classify, header, group,
write."""

from __future__ import annotations

import pytest

from publish.diagnostics import PublishError, SourceError
from publish.source.importer.classify import PART, PROSE, TOPIC, TURN, Reader
from publish.source.importer.group import Assembler, topic_title
from publish.source.importer.header import read_header
from publish.source.importer.lines import (Line, check_characters, fallback_words,
                                           guess_language, read_lines, refuse_sources)
from publish.source.importer.participants import read_cast, self_contradicting, settle
from publish.source.importer.speakers import find_speakers, given_speakers, name_label
from publish.source.importer.timestamps import strip_timestamps, without_time
from publish.source.importer.write import checked, escape, render

# -- stage 1: reading lines -------------------------------------------------------------


def test_lines_are_numbered_stripped_and_blank_ones_dropped() -> None:
    assert [(line.number, line.text) for line in read_lines("a\n\n  b  \n")] == [
        (1, "a"), (3, "b")]


def test_forbidden_characters_are_located() -> None:
    with pytest.raises(SourceError) as raised:
        check_characters("ok\nbad\x07here", "t.txt")
    assert str(raised.value.diagnostics[0]).startswith("t.txt:2:4: error:")


def test_a_source_file_is_refused() -> None:
    with pytest.raises(SourceError, match="already a source"):
        refuse_sources(read_lines("---\ntitle: x\n---\n# Part"), "s.md")


@pytest.mark.parametrize("text,language", [
    ("主持人：你好。嘉宾：你好。", "zh-CN"), ("主持人：你們好。來賓：這個問題。", "zh-Hant"),
    ("司会：こんにちは。店主：本屋です。", "ja"), ("사회자: 안녕하세요.", "ko"),
    ("Host: Hello there. Guest: Hi.", "en"),
    ("DeepSeek创始人梁文锋说 AI 很重要", "zh-CN"),  # Latin words count as words
])
def test_language_by_majority(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_fallback_words_follow_the_language() -> None:
    assert fallback_words("ja")["interview"] == "インタビュー"
    assert fallback_words("zh-Hant")["interview"] == "訪談"
    assert fallback_words("de")["interview"] == "Interview"


# -- stage 1b: a recording's timestamps ---------------------------------------------


def test_timestamps_go_and_every_line_keeps_its_number() -> None:
    lines = read_lines("Title\n0:00\n[00:00:05] Jane Smith: Hi.\nLi Wei  0:12\nHello.\n"
                       "Jane Smith (0:20): Why?\nLi Wei  0:31\nBecause.\n")
    diags: list = []
    kept = strip_timestamps(lines, "t.txt", diags)
    assert [(line.number, line.text) for line in kept] == [
        (1, "Title"), (3, "Jane Smith: Hi."), (5, "Li Wei: Hello."),
        (6, "Jane Smith: Why?"), (8, "Li Wei: Because.")]
    assert [(d.line, d.message[:42]) for d in diags] == [
        (2, "took out 5 timestamps of the recording, '0")]


@pytest.mark.parametrize("text", [
    "Title\nJane Smith: We met at 10:30.\nLi Wei: 10:30 suited me.\nJane Smith: Why?\n"
    "Li Wei: Trains.\n",
    "会议\n主持人：几点开始？\n嘉宾：10:30 开始。\n主持人：在哪里？\n嘉宾：图书馆。\n"
    "主持人：为什么？\n嘉宾：安静。\n",
])
def test_an_occasional_time_in_the_talk_stays(text: str) -> None:
    lines = read_lines(text)
    diags: list = []
    assert strip_timestamps(lines, "t.txt", diags) == lines and diags == []


@pytest.mark.parametrize("text, rest", [
    ("[00:01:23] Host: Hi", "Host: Hi"), ("(0:05) 张三：你好", "张三：你好"),
    ("00:01:23.120 - Jane: Hi", "Jane: Hi"), ("张三(00:01:23)：你好", "张三：你好"),
    ("Jane Smith [0:05]: Hi", "Jane Smith: Hi"), ("No time here: 10:30", "No time here: 10:30"),
    ("12:30pm Host: hi", "Host: hi"), ("10:30 AM Host: hi", "Host: hi"),
    ("12:00–13:00 Host: lunch", "Host: lunch"), ("12:005 apples", "12:005 apples"),
    ("记者：[00:00:12] 老城区", "记者：老城区"), ("Q：(00:01:05)那你们", "Q：那你们"),
    ("A：00:02:41 当然有。", "A：当然有。"), ("嘉宾：10:30 开始。", "嘉宾：10:30 开始。"),
    ("Host: [0:05]", "Host: [0:05]"),
])
def test_the_time_before_a_turn_or_its_colon_goes(text: str, rest: str) -> None:
    assert without_time(text) == rest


def test_a_time_after_the_colon_goes_only_from_a_recording() -> None:
    timed = read_lines("T\n记者：[00:00:12] 问？\n林涛：[00:00:20] 答。\n记者：(00:01:05)再问？\n"
                       "林涛：00:01:10 再答。\n")
    assert [line.text for line in strip_timestamps(timed, "t.txt", [])] == [
        "T", "记者：问？", "林涛：答。", "记者：再问？", "林涛：再答。"]
    once = read_lines("T\n记者：[00:00:12] 问？\n林涛：答。\n记者：再问？\n林涛：再答。\n")
    assert strip_timestamps(once, "t.txt", []) == once


def test_a_time_in_the_recordings_own_shape_goes_from_inside_the_talk() -> None:
    lines = read_lines("T\n[00:00:05] 记者：问？\n[00:00:09] 娜娜：四岁。我妈妈 [00:00:15] 带我去。\n"
                       "[00:01:02] 记者：为什么 (00:01:04) 是琴？\n"
                       "[00:01:06] 娜娜：so [00:01:07] we went [00:01:08].\n")
    diags: list = []
    assert [line.text for line in strip_timestamps(lines, "t.txt", diags)] == [
        "T", "记者：问？", "娜娜：四岁。我妈妈带我去。", "记者：为什么 (00:01:04) 是琴？",
        "娜娜：so we went."]
    assert "took out 7 timestamps" in diags[0].message


# -- stage 2: speakers -------------------------------------------------------------------


@pytest.mark.parametrize("line,name", [
    ("Dr. Jane Smith: Yes.", "Dr. Jane Smith"), ("Mrs. Okafor：Empty lots.", "Mrs. Okafor"),
    ("J. K. Rowling: Hi.", "J. K. Rowling"), ("O'Brien: Hi.", "O'Brien"),
    ("Jean-Luc: Oui.", "Jean-Luc"), ("梁文锋：是的。", "梁文锋"), ("Sam Altman: Sure.", "Sam Altman"),
    ("采访前，王教授特意说明：不谈价格。", None), ("10:30 we started", None),
    ("https://example.org", None), ("See *this*: x", None),
    ("A very long label of many words here: text", None),
    ("记  者：您好。", "记者"), ("欧阳　娜娜：四岁。", "欧阳娜娜"), ("Jane  Smith: Hi.", "Jane  Smith"),
])
def test_name_label(line: str, name: str | None) -> None:
    assert name_label(line) == name


def test_speakers_by_frequency_host_first() -> None:
    lines = read_lines("Title\nDr. Maria Lopez: a\nInterviewer: q\nDr. Maria Lopez: b\n"
                       "Interviewer: q2\nNote: once only.")
    assert find_speakers(lines, "t.txt") == ("Interviewer", "Dr. Maria Lopez")


@pytest.mark.parametrize("host,guest", [("聞き手", "店主"), ("司会", "店主"), ("사회자", "김철수"),
                                        ("インタビュアー", "店主"), ("기자", "김민준"),
                                        ("질문자", "김민준"), ("Moderator", "Ann")])
def test_a_usual_host_name_is_the_host_in_every_language(host: str, guest: str) -> None:
    lines = read_lines(f"T\n{guest}: Hello.\n{host}: Why?\n{guest}: Because.\n"
                       f"{host}: And?\n{guest}: Done.")
    assert find_speakers(lines, "t.txt") == (host, guest)


def test_a_role_word_opening_one_line_is_not_a_speaker_by_its_shape() -> None:
    diags: list = []
    lines = read_lines("T\n主持人：问？\n李四：答。\n嘉宾：李四、王五\n主持人：再问？\n李四：再答。")
    assert find_speakers(lines, "t.txt", diags) == ("主持人", "李四")
    assert diags == []


def test_spaces_that_line_cjk_names_up_are_no_part_of_them() -> None:
    # "记  者" padded to the width of "王小明" is the host word 记者, "周 明" is 周明
    lines = read_lines("T\n周  明：您好。\n记  者：做什么？\n周 明：木匠。\n记者：多久？\n"
                       "王小明　：插一句。")
    assert find_speakers(lines, "t.txt") == ("记者", "周明", "王小明")


def test_given_speakers_are_checked_where_they_are_used() -> None:
    lines = read_lines("T\nHost: q\nDr. X*: a\nHost: q\nDr. X*: b")
    with pytest.raises(SourceError) as raised:
        given_speakers(["Host", "Dr. X*"], lines, "t.txt")
    assert str(raised.value.diagnostics[0]).startswith("t.txt:3:1: error: speakers: 'Dr. X*'")
    with pytest.raises(PublishError, match="^--speakers: error: no line of t.txt opens "
                                           "with 'Guest'"):
        given_speakers(["Host", "Guest"], lines, "t.txt")


# -- stage 3: classifying lines and the header ------------------------------------------


def test_classify_parts_topics_turns_and_prose() -> None:
    diags: list = []
    reader = Reader(("Q", "A"), "t.txt", diags)
    items = reader.classify(read_lines("一、开场\n开场白。\n话题\nQ：问？\nA：答。"))
    assert [item.kind for item in items] == [PART, PROSE, TOPIC, TURN, TURN]
    assert [item.speaker for item in items if item.kind == TURN] == ["Q", "A"]


def test_header_reads_title_number_and_byline() -> None:
    diags: list = []
    lines = read_lines("4. 町の本屋\n編集：読書会 出典：地域新聞\n司会：問？\n店主：答。")
    meta, body = read_header(lines, Reader(("司会", "店主"), "t.txt", diags), "ja", "t.txt",
                             diags)
    assert (meta.title, meta.number, meta.compiler, meta.source) == (
        "町の本屋", "4", "読書会", "地域新聞")
    assert [line.number for line in body] == [3, 4]


@pytest.mark.parametrize("byline", ["整理：周末读书会 来源：校园电台", "华夏中医人 来源 : 数据小栗子",
                                    "By The Reading Group, source: Example Quarterly",
                                    "Reported by the Reading Group."])
def test_an_ordinary_byline_is_still_the_byline(byline: str) -> None:
    diags: list = []
    lines = read_lines(f"标题\n{byline}\n主持人：问？\n嘉宾：答。")
    meta, body = read_header(lines, Reader(("主持人", "嘉宾"), "t.txt", diags), "zh-CN",
                             "t.txt", diags)
    assert meta.compiler and meta.cast == () and [line.number for line in body] == [3, 4]


def test_header_reads_participant_lines_on_either_side_of_the_byline() -> None:
    diags: list = []
    lines = read_lines("T\nHost: Dr. Jane Smith\nCompiled by The Reading Group\n"
                       "Guests: Prof. Li Wei, Ms. Ana Costa\nDr. Jane Smith: Why?")
    speakers = ("Dr. Jane Smith", "Prof. Li Wei", "Ms. Ana Costa")
    meta, body = read_header(lines, Reader(speakers, "t.txt", diags), "en", "t.txt", diags)
    assert meta.compiler == "The Reading Group"
    assert [cast.line.number for cast in meta.cast] == [2, 4]
    assert [line.number for line in body] == [5]
    assert diags == []


@pytest.mark.parametrize("text, fields", [
    ("Host: Dr. Jane Smith", [("Host", "host", ["Dr. Jane Smith"])]),
    ("Guests: Prof. Li Wei, Ms. Ana Costa and Tom Hale",
     [("Guests", "guest", ["Prof. Li Wei", "Ms. Ana Costa", "Tom Hale"])]),
    ("主持人：张三　嘉宾：李四、王五", [("主持人", "host", ["张三"]), ("嘉宾", "guest", ["李四", "王五"])]),
    ("嘉宾：李四 王五", [("嘉宾", "guest", ["李四", "王五"])]),
    ("ゲスト：佐藤・鈴木", [("ゲスト", "guest", ["佐藤", "鈴木"])]),
    ("대담: 이영희, 박민수", [("대담", "", ["이영희", "박민수"])]),
    ("interviewee: Jane", [("interviewee", "guest", ["Jane"])]),   # Jane speaks
])
def test_read_cast(text: str, fields: list) -> None:
    cast = read_cast(Line(2, text), ["Jane"])
    assert cast is not None
    assert [(f.word, f.role, [p.name for p in f.people]) for f in cast.fields] == fields


@pytest.mark.parametrize("text", ["Host: Welcome", "Host: Welcome to the show.", "主持人：大家好！",
                                  "Note: Dr. Jane Smith", "Ghost: Dr. Jane Smith",
                                  "Guests: Li Wei of Oxford", "Dr. Jane Smith: Host: me",
                                  "主持人：", "整理：张三"])
def test_read_cast_refuses_what_is_not_a_participant_line(text: str) -> None:
    assert read_cast(Line(2, text), ["Jane"]) is None


def test_a_participant_line_making_two_speakers_one_is_none() -> None:
    speakers = ("记者", "欧阳娜娜")
    cast = read_cast(Line(2, "记者：欧阳　娜娜"), speakers)
    assert cast is not None and self_contradicting(cast, speakers)
    assert not self_contradicting(read_cast(Line(2, "记者：王芳"), speakers), speakers)
    lines = read_lines("访谈\n记者：欧阳　娜娜\n记者：几岁开始？\n欧阳娜娜：四岁。")
    meta, body = read_header(lines, Reader(speakers, "t.txt", []), "zh-CN", "t.txt", [])
    assert meta.cast == () and [line.number for line in body] == [2, 3, 4]


def test_settle_takes_the_host_from_the_participant_lines() -> None:
    diags: list = []
    casts = [read_cast(Line(2, "Moderator: Ann"), ["Ann", "Bo"]),
             read_cast(Line(3, "Guest: Bo (Oxford)"), ["Ann", "Bo"])]
    names, kept = settle(("Bo", "Ann"), [c for c in casts if c], False, "t.txt", diags)
    assert names == ("Ann", "Bo")
    assert [(item.kind, item.line, item.text) for item in kept] == [
        (PROSE, 3, "Guest: Bo (Oxford)")]
    assert [d.line for d in diags] == [3]


# -- stage 4: grouping into exchanges ----------------------------------------------------


def group(text: str, speakers: tuple[str, ...]) -> tuple[list, list]:
    diags: list = []
    assembler = Assembler(speakers, "en", "t.txt", diags)
    for item in Reader(speakers, "t.txt", diags).classify(read_lines(text)):
        assembler.add(item)
    return assembler.finish(), diags


def test_two_guests_answer_one_question_and_a_guest_may_ask() -> None:
    parts, diags = group("Part 1: Talk\nMoney\nHost: Who pays?\nAnn: The fund.\n"
                         "Bo: Parents.\nAnn: Bo, is that enough?\nBo: Never.",
                         ("Host", "Ann", "Bo"))
    exchanges = parts[0].topics[0].exchanges
    assert [[t.speaker for t in (e.question, *e.answers)] for e in exchanges] == [
        ["Host", "Ann", "Bo"], ["Ann", "Bo"]]
    assert not [d for d in diags if "kept as prose" in d.message]


def test_turns_without_topic_lines_get_a_topic_per_question() -> None:
    parts, diags = group("Host: Why did you choose to release everything as open source?\n"
                         "Ann: Sharing.\nHost: How, then?\nAnn: Slowly.", ("Host", "Ann"))
    assert [t.title for t in parts[0].topics] == ["Why did you choose to release…", "How, then"]
    assert sum("a guess" in d.message for d in diags) == 2


@pytest.mark.parametrize("question,title", [
    ("你为什么开始写作？", "你为什么开始写作"),
    ("最后一个问题，资金从哪里来？", "最后一个问题"),
    ("Where does the money come from, and who decides?", "Where does the money come from"),
])
def test_topic_title_cuts_at_a_clause(question: str, title: str) -> None:
    assert topic_title(question) == title


@pytest.mark.parametrize("question,title", [
    ("Welcome. Dr. Smith, what worries you most about city soil?",
     "What worries you most about city soil"),
    ("Prof. Wu, how cheap is cheap?", "How cheap is cheap"),
    ("Jane, Alan, what next?", "What next"),
    ("Mr. Hale, iPhone sales?", "iPhone sales"),
    ("李明，你为什么选择开源？", "你为什么选择开源"),
    ("Dr. Smith?", ""),
    ("Money, who pays for it?", "Money, who pays for it"),
])
def test_a_topic_title_is_not_the_name_the_host_addresses(question: str, title: str) -> None:
    """'## Dr. Smith' named who was asked, not what about (panel2.txt got two such)."""
    assert topic_title(question, ("Anna Berg", "Dr. Jane Smith", "Prof. Alan Wu",
                                  "李明")) == title


@pytest.mark.parametrize("question,title", [
    ("山田さん、お店を始めたきっかけは？", "お店を始めたきっかけは"),
    ("山田太郎さん、お店を始めたきっかけは？", "お店を始めたきっかけは"),
    ("山田先生、資金はどれくらいかかりましたか？", "資金はどれくらいかかりましたか"),
    ("김민준 씨, 서점을 연 계기는요?", "서점을 연 계기는요"),
    ("김민준 대표님, 먼저 계기를 말씀해 주세요.", "먼저 계기를 말씀해 주세요"),
    ("김 대표님, 자금은요?", "자금은요"),
    ("李先生，你为什么选择开源？", "你为什么选择开源"),
    ("小李，团队呢？", "团队呢"),
    ("Lopez 博士，你还记得吗？", "你还记得吗"),
    ("山田さん？", ""),
    # only a speaker's name or family name: not a given name, not someone else's
    ("太郎くん、お店を始めたきっかけは？", "太郎くん"),
    ("佐藤さん、お店を始めたきっかけは？", "佐藤さん"),
    ("王先生，你为什么选择开源？", "王先生，你为什么选择开源"),
    ("민준 씨, 서점을 연 계기는요?", "민준 씨, 서점을 연 계기는요"),
])
def test_a_name_with_an_honorific_is_addressed_as_a_bare_one_is(question: str,
                                                                title: str) -> None:
    """'山田さん、お店を…' gave '## 山田さん', and '김민준 씨, …' '## 김민준 씨', where
    '山田太郎、…' and '김민준, …' were left out of the title."""
    assert topic_title(question, ("聞き手", "山田太郎", "기자", "김민준", "主持人", "李明",
                                  "Dr. Maria Lopez")) == title


# -- stage 5: writing the source ---------------------------------------------------------


def test_write_escapes_and_parses_back() -> None:
    assert escape("# not a heading *x* ==y==") == "\\# not a heading \\*x\\* \\=\\=y\\=\\="
    parts, diags = group("Part 1: Talk\nMoney\nHost: Who pays?\nDr. Ann Lee: The *fund*.",
                         ("Host", "Dr. Ann Lee"))
    from publish.source.importer.header import Meta

    result = checked(render(Meta("T", language="en"), ("Host", "Dr. Ann Lee"), parts),
                     ("Host", "Dr. Ann Lee"), "t.txt", diags)
    assert "Dr. Ann Lee: The \\*fund\\*." in result.markdown
    assert (result.parts, result.topics, result.exchanges) == (1, 1, 1)


def test_a_time_said_after_a_recordings_time_stays() -> None:
    """One time per line: a marathon time that opens the talk of a stamped turn was
    taken for a second stamp, and '2:45:30' was lost."""
    from publish.source.importer.timestamps import without_time

    assert without_time("[00:00:09] 选手：2:45:30，在北京跑的。") == "选手：2:45:30，在北京跑的。"
    assert without_time("记者：[00:00:12] 老城区") == "记者：老城区"


def test_word_spaces_in_korean_and_japanese_names_stay() -> None:
    """Only a Chinese label's padding goes; '김 기자' became '김기자' and '聞き手 山田'
    '聞き手山田' in the speakers list and every turn."""
    from publish.source.importer.speakers import unspaced
    from publish.source.labels import name_key

    assert [unspaced(n) for n in ("记  者", "周　明", "김 기자", "聞き手 山田", "山田 太郎")] == \
        ["记者", "周明", "김 기자", "聞き手 山田", "山田 太郎"]
    assert name_key("김 기자") != name_key("김기자") and name_key("周 明") == name_key("周明")


def test_a_japanese_name_keeps_its_ideographic_space() -> None:
    """山田　太郎 (family name, ideographic space, given name) is how Japanese writes a
    name; in a Chinese transcript the same space pads a label (周　明 is 周明)."""
    from publish.source.importer import import_transcript

    japanese = import_transcript("対談\n聞き手：本屋を始めたきっかけは何ですか？\n"
                                 "山田　太郎：父の店を継いだのです。\n聞き手：今の課題は？\n"
                                 "山田　太郎：若い読者です。\n", "ja.txt")
    assert japanese.speakers == ("聞き手", "山田　太郎")
    assert "山田　太郎: 父の店を継いだのです。" in japanese.markdown
    chinese = import_transcript("对谈\n记者：您是做什么的？\n周　明：我是木匠。\n记者：多久？\n"
                                "周　明：三十年。\n", "zh.txt")
    assert chinese.speakers == ("记者", "周明")


def test_a_given_name_alone_is_a_vocative_only_before_words_to_its_bearer() -> None:
    """'May, June and July are the hottest months?' lost 'May' (May Chen speaks)."""
    from publish.source.importer.group import without_vocative

    names = ["May Chen", "Prof. Alan Wu"]
    assert without_vocative("May, June and July are the hottest months?", names) == \
        "May, June and July are the hottest months?"
    assert without_vocative("May, what do you grow?", names) == "What do you grow?"
    assert without_vocative("Prof. Wu, how cheap is cheap?", names) == "How cheap is cheap?"
