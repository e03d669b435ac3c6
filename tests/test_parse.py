"""The source parser: structure, inline runs, and every validation message located."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from publish.diagnostics import SourceError
from publish.model import Role, Style
from publish.source.parse import decode, parse, speaker_label, split_label

FRONT = """\
---
title: 测试访谈
speakers:
  - name: 主持人
    role: host
  - name: 李明
    role: guest
---
"""


def src(body: str, front: str = FRONT) -> str:
    return front + "\n" + textwrap.dedent(body).lstrip("\n")


def errors(text: str) -> list[str]:
    _, diags = parse(text, "t.md")
    return [str(d) for d in diags if d.is_error]


def warnings(text: str) -> list[str]:
    _, diags = parse(text, "t.md")
    return [str(d) for d in diags if not d.is_error]


GOOD = src("""
    # 一. 引言

    引言段落。

    # 二. 访谈

    ## 开源

    主持人: 为什么开源？

    李明：因为*分享*。==开源是一种组织方式。==
    第二行。

    继续回答，见[网站](https://example.org)。
""")


def test_structure_of_a_good_source() -> None:
    interview, diags = parse(GOOD, "t.md")
    assert interview is not None and not [d for d in diags if d.is_error]
    intro, talk = interview.parts
    assert (intro.label, intro.title, intro.heading) == ("一", "引言", "一. 引言")
    assert intro.is_prose and intro.paragraphs[0].text == "引言段落。"
    (topic,) = talk.topics
    (exchange,) = topic.exchanges
    assert exchange.question.speaker.role is Role.HOST
    assert exchange.question.text == "为什么开源？"
    assert exchange.answers[0].speaker.name == "李明"
    assert len(exchange.answers[0].paragraphs) == 2
    # a soft line break between Han characters joins without a space
    assert exchange.answers[0].paragraphs[0].text == "因为分享。开源是一种组织方式。第二行。"
    assert exchange.answers[0].highlight == "开源是一种组织方式。"


def test_runs_keep_inline_markup() -> None:
    interview, _ = parse(GOOD, "t.md")
    answer = next(interview.exchanges()).answers[0]
    runs = answer.paragraphs[0].runs
    assert any(r.text == "分享" and r.styles == {Style.EMPHASIS} for r in runs)
    link = [r for r in answer.paragraphs[1].runs if r.href]
    assert link and link[0].text == "网站" and link[0].href == "https://example.org"


def test_ids_are_positional_and_stable() -> None:
    first, _ = parse(GOOD, "t.md")
    second, _ = parse(GOOD, "other.md")
    assert first == second
    exchange = next(first.exchanges())
    assert [p.id for p in first.parts] == ["p1", "p2"]
    assert next(first.topics()).id == "p2-t1"
    assert exchange.id == "p2-t1-e1"
    assert [p.id for p in exchange.answers[0].paragraphs] == ["p2-t1-e1-a1", "p2-t1-e1-a2"]
    ids = [p.id for p in first.paragraphs()]
    assert len(ids) == len(set(ids))


def test_latin_soft_break_becomes_space_and_hard_break_is_kept() -> None:
    text = src("""
        # Part

        A first line
        and a second.\\
        After a break.
    """)
    interview, _ = parse(text, "t.md")
    runs = interview.parts[0].paragraphs[0].runs
    assert interview.parts[0].paragraphs[0].text == "A first line and a second.\nAfter a break."
    assert any(r.is_break for r in runs)


def test_raw_html_stays_literal_text() -> None:
    text = src("""
        # 部分

        <script>alert(1)</script> & <b>粗</b>
    """)
    interview, _ = parse(text, "t.md")
    assert interview.parts[0].paragraphs[0].text == "<script>alert(1)</script> & <b>粗</b>"


@pytest.mark.parametrize("heading,expected", [
    ("一. 引言", ("一", "引言")), ("二、语录", ("二", "语录")), ("3. Summary", ("3", "Summary")),
    ("第一部分 开始", ("第一部分", "开始")), ("IV. Coda", ("IV", "Coda")), ("引言", ("", "引言")),
])
def test_split_label(heading: str, expected: tuple[str, str]) -> None:
    assert split_label(heading) == expected


@pytest.mark.parametrize("text,expected", [
    ("主持人: 你好", ("主持人", 5)), ("主持人：你好", ("主持人", 4)),
    ("Terry Gross: hello", ("Terry Gross", 13)),
    ("采访前，王教授特意说明：这不是", None), ("没有冒号的段落", None),
])
def test_speaker_label(text: str, expected: tuple[str, int] | None) -> None:
    assert speaker_label(text) == expected


# -- validation: every message with its exact line and column --------------------------

def test_empty_source() -> None:
    assert errors("") == ["t.md:1:1: error: empty source: expected front matter and headings"]
    assert errors("  \n\n") == ["t.md:1:1: error: empty source: expected front matter and headings"]


def test_missing_front_matter() -> None:
    assert errors("# 部分\n")[0].startswith("t.md:1:1: error: missing front matter")


def test_missing_title() -> None:
    text = "---\nspeakers:\n  - {name: A, role: host}\n  - {name: B, role: guest}\n---\n# P\n"
    assert errors(text) == ["t.md:1:1: error: missing title in front matter"]


def test_empty_title_points_at_the_key() -> None:
    text = FRONT.replace("title: 测试访谈", "title: '  '") + "\n# P\n"
    assert errors(text) == ["t.md:2:1: error: empty title"]


def test_invalid_yaml_reports_the_yaml_line() -> None:
    text = FRONT.replace("    role: guest", "    role: [guest") + "\n# P\n"
    (message,) = errors(text)
    assert message.startswith("t.md:7:17: error: invalid YAML in front matter")


def test_a_value_holding_a_colon_is_said_to_need_quotes() -> None:
    """PyYAML's bare "mapping values are not allowed here" did not say what to do."""
    text = FRONT.replace("title: 测试访谈", "title: Growing Food: in the City") + "\n# P\n"
    assert errors(text) == [
        "t.md:2:20: error: invalid YAML in front matter: mapping values are not allowed "
        "here; quote a value that holds ': ', as in title: \"Growing Food: in the City\""]
    # the suggestion is YAML that reads back as the value meant: no comment in it, and a
    # value with both kinds of quotes single-quoted with its ' doubled
    import yaml

    for line, value in [("subtitle: Growing: food # note", "Growing: food"),
                        ("subtitle: He said \"no\": it's fine", "He said \"no\": it's fine")]:
        (message,) = errors(FRONT.replace("title: 测试访谈", "title: 测试访谈\n" + line) +
                            "\n# P\n")
        suggested = message.split("as in ", 1)[1]
        assert yaml.safe_load(suggested) == {"subtitle": value}, message
    # a key indented too far gives the same message from PyYAML: no quoting hint there
    text = FRONT.replace("title: 测试访谈", "title: 测试访谈\n subtitle: x") + "\n# P\n"
    assert errors(text) == ["t.md:3:10: error: invalid YAML in front matter: mapping "
                            "values are not allowed here"]


WIDE = ("error: invalid YAML in front matter: full-width colon '：' after '{}'; use an "
        "ASCII colon and a space, as in {}")


@pytest.mark.parametrize("old, new, expected", [
    # a top-level key: YAML failed a line below ('could not find expected ...') or at
    # the next key's colon ('mapping values are not allowed here'), without a hint
    ("speakers:", "language：ja\nspeakers:", "3:9: " + WIDE.format(
        "language", "language: ja")),
    ("title: 测试访谈", "title： 测试访谈", "2:6: " + WIDE.format("title", "title: 测试访谈")),
    ("title: 测试访谈", "title：Food: in the City", "2:6: " + WIDE.format(
        "title", "title: \"Food: in the City\"")),
    ("speakers:", "speakers：", "3:9: " + WIDE.format("speakers", "speakers:")),
    ("    role: host", "    role：host", "5:9: " + WIDE.format("role", "role: host")),
    ("    role: guest", "    role：guest", "7:9: " + WIDE.format("role", "role: guest")),
    # YAML reads it as text, no error, where no text can stand: a speaker
    ("  - name: 主持人\n    role: host", "  - {name：主持人, role: host}", "4:10: " +
     WIDE.format("name", "name: 主持人")),
])
def test_a_key_with_a_full_width_colon_is_located_and_said_how_to_write(
        old: str, new: str, expected: str) -> None:
    """'language：ja' (a CJK input method's colon) was reported a line below, as YAML's
    'could not find expected ':''."""
    text = FRONT.replace(old, new, 1) + "\n# P\n"
    assert errors(text) == [f"t.md:{expected}"]


def test_a_full_width_colon_a_value_holds_as_written_is_no_key() -> None:
    for old, new in [("title: 测试访谈", "title: 测试访谈\nsubtitle: source：月刊"),
                     ("title: 测试访谈", "title: 测试访谈\ndescription: |\n  language：ja\n"
                      "  Note：x"),
                     ("title: 测试访谈", "title: '测试访谈\n  language：ja'"),
                     # where text may stand, it may mean what it says
                     ("title: 测试访谈", "title: 测试访谈\nkeywords:\n  - source：新华社"),
                     ("title: 测试访谈", "title: 测试访谈\ndescription: 一段介绍\n"
                      "  source：新华社 2024年")]:
        assert errors(FRONT.replace(old, new) + "\n# P\n") == []
    # a YAML error of another line is not put down to a value's full-width colon
    text = FRONT.replace("title: 测试访谈", "title: 测试访谈\ndescription: |\n  Note：x\n"
                         "subtitle: [x") + "\n# P\n"
    assert errors(text) == ["t.md:6:9: error: invalid YAML in front matter: expected ',' or "
                            "']', but got ':'"]


@pytest.mark.parametrize("speakers, expected", [
    ("  - Interviewer\n  - Dr. Jane Smith\n", [
        "t.md:4:5: error: a speaker needs a 'name' and a 'role': write {name: Interviewer, "
        "role: host} (role is host or guest)",
        "t.md:5:5: error: a speaker needs a 'name' and a 'role': write {name: Dr. Jane "
        "Smith, role: guest} (role is host or guest)"]),
    ("  - name: 主持人\n  - name: 李明\n    role:\n", [
        "t.md:4:5: error: speaker '主持人' has no role: add 'role: host' or 'role: guest'",
        "t.md:5:5: error: speaker '李明' has no role: add 'role: host' or 'role: guest'"]),
    ("  - {name: 主持人, role: host}\n  - {role: guest}\n", [
        "t.md:5:5: error: a speaker needs a 'name' and a 'role': write {name: ..., "
        "role: guest} (role is host or guest)"]),
])
def test_a_speaker_without_name_or_role_is_shown_how_to_write_one(speakers: str,
                                                                  expected: list[str]) -> None:
    """Plain names got "a speaker needs a 'name' and a 'role'" without the form to write,
    and a speaker without a role "has role ''"."""
    text = f"---\ntitle: t\nspeakers:\n{speakers}---\n\n# P\n\n文字。\n"
    assert errors(text) == expected


def test_yaml_alias_bomb_is_refused() -> None:
    bomb = ("---\ntitle: t\na: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
            "speakers: []\n---\n# P\n")
    (message,) = errors(bomb)
    assert message == "t.md:4:8: error: YAML aliases are not allowed in front matter"


@pytest.mark.parametrize("date, message", [
    ("2025-13-45", "month must be in 1..12"),
    ("'2025-02-30'", "day is out of range for month"),
    ("2025-13", "month must be in 1..12"),
])
def test_an_impossible_date_is_a_located_error(date: str, message: str) -> None:
    """PyYAML's date constructor raised a bare ValueError (an internal error) here."""
    text = FRONT.replace("title: 测试访谈", f"title: 测试访谈\ndate: {date}") + "\n# P\n"
    shown = date.strip("'")
    assert errors(text) == [f"t.md:3:1: error: date '{shown}' is not a real date ({message})"]


@pytest.mark.parametrize("date", ["2025-03-01", "2025-03-01T10:00:00Z", "2025年3月",
                                  "Spring 2025", "2025"])
def test_a_date_is_kept_as_written(date: str) -> None:
    interview, diags = parse(FRONT.replace("title: 测试访谈", f"title: 测试访谈\ndate: {date}")
                             + "\n# P\n\n## T\n\n主持人: 问？\n\n李明: 答。\n", "t.md")
    assert interview is not None, diags
    assert interview.meta.date == date


def test_undeclared_speaker() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        王五: 回答。
    """)
    assert errors(text) == [
        "t.md:16:1: error: turn by undeclared speaker '王五' (declared: 主持人, 李明)",
        "t.md:14:1: error: topic '话题' has a question without an answer"]


def test_topic_without_answer_and_without_question() -> None:
    text = src("""
        # 部分

        ## 只有问题

        主持人: 问题？

        ## 空话题

        ## 只有回答

        李明: 回答。==要点。==
    """)
    assert errors(text) == [
        "t.md:14:1: error: topic '只有问题' has a question without an answer",
        "t.md:16:1: error: topic '空话题' has no question and no answer",
        "t.md:20:1: error: answer by '李明' in topic '只有回答' has no question before it"]


def test_two_highlights_in_one_answer() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        李明: ==第一句。==然后==第二句。==
    """)
    assert errors(text) == [
        "t.md:16:15: error: second highlight in one answer: mark only one key sentence"]


def test_two_highlights_in_two_paragraphs() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        李明: ==第一句。==

        接着说，==第二句。==
    """)
    assert errors(text) == [
        "t.md:18:5: error: second highlight in one answer: mark only one key sentence"]


def test_highlight_spanning_paragraphs() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        李明: 开始==跨段

        结束==。
    """)
    assert errors(text) == [
        "t.md:16:7: error: unmatched '==': a highlight must open and close within one paragraph"
        " (write \\=\\= for a literal '==')",
        "t.md:18:3: error: unmatched '==': a highlight must open and close within one paragraph"
        " (write \\=\\= for a literal '==')"]


def test_escapes_keep_literal_equals_colons_and_heading_text() -> None:
    text = src(r"""
        # 部分 \*星\*

        ## 话题

        主持人: 问题？

        李明: ==要点。== a \=\= b

        https://example.org 很好

        Note\: 这是续段

        10:30 我们见面
    """)
    interview, diags = parse(text, "t.md")
    assert [str(d) for d in diags if d.is_error] == []
    assert interview.parts[0].heading == "部分 *星*"
    answer = next(interview.exchanges()).answers[0]
    assert answer.paragraphs[0].text == "要点。 a == b"
    assert [p.text for p in answer.paragraphs[1:]] == [
        "https://example.org 很好", "Note: 这是续段", "10:30 我们见面"]


def test_answer_without_highlight_is_a_warning() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        李明: 回答。
    """)
    assert errors(text) == []
    assert warnings(text) == [
        "t.md:16:1: warning: answer by '李明' has no key sentence marked with ==...=="]


def test_unknown_front_matter_key_is_a_warning() -> None:
    text = FRONT.replace("title: 测试访谈", "title: 测试访谈\nauther: 某人") + "\n# P\n\n文字。\n"
    assert warnings(text) == [
        "t.md:3:1: warning: unknown front-matter key 'auther' (known: title, number, subtitle, "
        "compiler, source, language, date, edition, theme, typography, keywords, description, "
        "speakers, identifier, url)"]


@pytest.mark.parametrize("typo, meant", [("langauge", "language"), ("titel", "title"),
                                         ("speaker", "speakers"), ("keyword", "keywords")])
def test_a_misspelt_front_matter_key_suggests_the_known_one(typo: str, meant: str) -> None:
    """A typo stays a warning, located, and names the key it probably meant (as --set
    does for a theme option)."""
    text = FRONT.replace("title: 测试访谈", f"title: 测试访谈\n{typo}: x") + "\n# P\n\n文字。\n"
    assert warnings(text) == [
        f"t.md:3:1: warning: unknown front-matter key '{typo}' (did you mean '{meant}'?)"]
    assert errors(text) == []


def test_identifier_is_kept_as_given() -> None:
    text = FRONT.replace("title: 测试访谈", "title: 测试访谈\nidentifier: urn:isbn:9787111111111")
    interview, diags = parse(text + "\n# P\n\n文字。\n", "t.md")
    assert diags == [] and interview.meta.identifier == "urn:isbn:9787111111111"


def test_without_an_identifier_one_is_named_by_the_title_as_written() -> None:
    """Respacing the title (what the copy-editing pass does) keeps the identifier."""
    spaced = FRONT.replace("title: 测试访谈", "title: DeepSeek访谈")
    first, _ = parse(spaced + "\n# P\n\n文字。\n", "t.md")
    again, _ = parse(spaced + "\n# P\n\n别的文字。\n", "other.md")
    other, _ = parse(FRONT + "\n# P\n\n文字。\n", "t.md")
    assert first.meta.identifier.startswith("urn:uuid:")
    assert first.meta.identifier == again.meta.identifier != other.meta.identifier
    retitled = dataclasses.replace(first.meta, title="DeepSeek 访谈")
    assert retitled.publication_id == first.meta.identifier


def test_empty_identifier_points_at_the_key() -> None:
    text = FRONT.replace("title: 测试访谈", "title: 测试访谈\nidentifier: ''")
    assert errors(text + "\n# P\n\n文字。\n") == ["t.md:3:1: error: empty identifier"]


def test_forbidden_control_character() -> None:
    text = src("# 部分\n\n坏\x01字。\n")
    assert errors(text) == ["t.md:12:2: error: character U+0001 is not allowed in text"]


def test_lists_and_images_are_not_silently_dropped() -> None:
    text = src("""
        # 部分

        - 列表

        ![图](x.png)
    """)
    assert errors(text) == [
        "t.md:12:1: error: a list is not part of the interview format; write paragraphs "
        "(see docs/source-format.md)",
        "t.md:14:1: error: images are not part of the interview format"]


def test_a_table_is_reported_not_read_as_text() -> None:
    text = src("""
        # 部分

        引言。

        | 问 | 答 |
        |----|----|
        | 甲 | 乙 |
    """)
    assert errors(text) == [
        "t.md:14:1: error: a table is not part of the interview format; write paragraphs "
        "(see docs/source-format.md)"]
    # a lone line with pipes is no table: it stays text
    interview, _ = parse(src("# 部分\n\n甲 | 乙\n"), "t.md")
    assert interview.parts[0].paragraphs[0].text == "甲 | 乙"


def test_speakers_need_one_host() -> None:
    front = "---\ntitle: t\nspeakers:\n  - name: A\n    role: guest\n---\n"
    assert "exactly one speaker must have role host (found 0)" in errors(front + "# P\n")[0]


@pytest.mark.parametrize("roles", [("guest", "host"), ("host", "host")])
def test_a_name_declared_twice_is_the_one_error_at_its_second_declaration(
        roles: tuple[str, str]) -> None:
    """Not "exactly one host (found 0)" (or 2) at the list: that count follows from the
    duplicate, and the line to fix is the second declaration."""
    front = ("---\ntitle: t\nspeakers:\n  - name: Interviewer\n    role: {}\n"
             "  - name: Interviewer\n    role: {}\n  - name: Jane\n    role: guest\n---\n"
             ).format(*roles)
    assert errors(src("# P\n\n## T\n\nInterviewer: Q?\n\nJane: ==A.==\n", front)) == [
        "t.md:6:5: error: speaker 'Interviewer' is declared twice"]


def test_invalid_utf8_is_located() -> None:
    with pytest.raises(SourceError) as info:
        decode("---\ntitle: 好\n坏".encode() + b"\xff\n", "t.md")
    assert str(info.value) == "t.md:3:2: error: not valid UTF-8 (byte 0xff); save the file as UTF-8"


def test_bom_and_crlf_are_accepted() -> None:
    data = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    interview, diags = parse(decode(data, "t.md"), "t.md")
    assert interview is not None
    assert interview == parse(GOOD, "t.md")[0]


# -- property: any text yields a model or located diagnostics, never another exception --

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "# 一. 引言\n", "## 话题\n", "主持人: 问题？\n", "李明：回答==要点==。\n", "\n", "---\n",
    "==", "**", "*", "[a](file:///etc/passwd)", "<script>", "&", "- ", "> ", "```\n", "    ",
    "title: x\n", "speakers: [{name: 主持人, role: host}, {name: 李明, role: guest}]\n",
    "&a [1]\n", "*a\n", "\t", "\r\n", "\ufeff", "\x00", "中文", "Latin", ":", "：", "\\\n",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=60).map("".join)))
def test_any_text_parses_or_reports_located_diagnostics(text: str) -> None:
    interview, diags = parse(text, "f.md")
    for diag in diags:
        assert diag.path == "f.md" and diag.line >= 1 and diag.col >= 1
    if interview is None:
        assert any(d.is_error for d in diags)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_structured_body_after_valid_front_matter(body: str) -> None:
    interview, diags = parse(FRONT + "\n# 部分\n\n" + body, "f.md")
    assert interview is not None or any(d.is_error for d in diags)


def test_the_documented_example_is_a_valid_source() -> None:
    """docs/source-format.md's complete example parses without a single diagnostic."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "source-format.md").read_text(
        encoding="utf-8")
    example = doc.split("```markdown\n", 1)[1].split("\n```", 1)[0] + "\n"
    interview, diags = parse(example, "example.md")
    assert diags == [] and interview is not None
    assert len(list(interview.exchanges())) == 2
    assert all(e.answers[0].highlight for e in interview.exchanges())


def test_a_link_to_an_id_that_exists_is_kept_and_one_to_nothing_is_reported() -> None:
    text = src("""
        # 部分

        见[下一题](#p1-t1)与[不存在的地方](#nowhere)。

        ## 话题

        主持人: 问题？

        李明: ==回答。==
    """)
    interview, diags = parse(text, "t.md")
    runs = interview.parts[0].paragraphs[0].runs
    assert [(r.text, r.href) for r in runs if r.href] == [("下一题", "#p1-t1")]
    assert "".join(r.text for r in runs) == "见下一题与不存在的地方。"
    assert [str(d) for d in diags] == [
        "t.md:12:25: warning: link to '#nowhere': no part, topic or paragraph has that id, "
        "so it is left as plain text"]


PANEL = """\
---
title: Panel
language: en
speakers:
  - name: Host
    role: host
  - name: Dr. Maria Lopez
    role: guest
  - name: 李娜
    role: guest
  - name: Sam
    role: guest
---
"""


def test_a_panel_exchange_has_several_answers_and_a_guest_may_ask() -> None:
    """One question answered by two guests; then a guest asks another guest, whose
    answer belongs to that guest's question."""
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Dr. Maria Lopez: ==From the fund.==

        李娜：==来自基金会。==

        Sam: Maria, is that enough?

        Dr. Maria Lopez: ==It never is.==
    """, front=PANEL)
    interview, diags = parse(text, "t.md")
    assert [d for d in diags if d.is_error] == [] and interview is not None
    first, second = interview.exchanges()
    assert [t.speaker.name for t in first.turns] == ["Host", "Dr. Maria Lopez", "李娜"]
    assert [t.speaker.name for t in second.turns] == ["Sam", "Dr. Maria Lopez"]
    assert [t.id for t in first.answers] == ["p1-t1-e1-a", "p1-t1-e1-r2"]
    assert [p.id for p in first.answers[1].paragraphs] == ["p1-t1-e1-r2-1"]
    assert second.question.id == "p1-t1-e2-q"


def test_a_guest_question_answered_by_the_host_stays_an_answer() -> None:
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Sam: ==Who knows?==

        Host: Fair. And the team?

        Sam: ==Small.==
    """, front=PANEL)
    interview, _ = parse(text, "t.md")
    assert interview is not None
    assert [[t.speaker.name for t in e.turns] for e in interview.exchanges()] == [
        ["Host", "Sam"], ["Host", "Sam"]]


def test_each_answer_without_a_key_sentence_is_warned_once() -> None:
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Sam: The fund.

        李娜：基金会。
    """, front=PANEL)
    assert [w for w in warnings(text) if "key sentence" in w] == [
        "t.md:21:1: warning: answer by 'Sam' has no key sentence marked with ==...==",
        "t.md:23:1: warning: answer by '李娜' has no key sentence marked with ==...=="]


def test_a_declared_speaker_without_turns_is_reported_at_the_front_matter() -> None:
    """A misspelt name in the turns: the turn is an undeclared speaker where it stands,
    and the declared name is reported at its own front-matter line."""
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Dr Maria Lopez: ==From the fund.==

        李娜：==来自基金会。==

        Sam: ==Grants.==
    """, front=PANEL)
    assert errors(text) == ["t.md:21:1: error: turn by undeclared speaker 'Dr Maria Lopez' "
                            "(declared: Host, Dr. Maria Lopez, 李娜, Sam); did you mean "
                            "'Dr. Maria Lopez'?"]
    assert warnings(text) == ["t.md:7:11: warning: speaker 'Dr. Maria Lopez' has no turn: "
                              "no paragraph in a topic opens with 'Dr. Maria Lopez:'"]


def test_the_documented_panel_example_is_what_the_text_says() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "source-format.md").read_text(
        encoding="utf-8")
    panel = doc.split("## A panel, in English", 1)[1].split("```markdown\n", 1)[1]
    interview, diags = parse(panel.split("\n```", 1)[0] + "\n", "panel.md")
    assert diags == [] and interview is not None
    assert [[t.speaker.name for t in e.turns] for e in interview.exchanges()] == [
        ["Interviewer", "Dr. Jane Smith", "Mrs. Okafor"], ["Dr. Jane Smith", "Mrs. Okafor"]]


def test_a_misspelt_titled_name_is_an_undeclared_speaker_but_e_g_is_prose() -> None:
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Dr. Maria Lopez: ==From the fund.==

        Dr. Maria Lopes: And parents.

        e.g. this line: it is prose.
    """, front=PANEL)
    assert errors(text) == ["t.md:23:1: error: turn by undeclared speaker 'Dr. Maria Lopes' "
                            "(declared: Host, Dr. Maria Lopez, 李娜, Sam)"]


def test_a_declared_name_in_lowercase_is_an_undeclared_speaker_not_prose() -> None:
    """``mrs. okafor:`` passed as prose (a lowercase name with a full stop reads like
    ``e.g. this:``) and became the question's second paragraph, key sentence and all."""
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        sam: ==Grants.==

        dr. maria lopez: ==From the fund.==

        e.g. this line: it is prose.
    """, front=PANEL)
    declared = "(declared: Host, Dr. Maria Lopez, 李娜, Sam)"
    assert errors(text) == [
        f"t.md:21:1: error: turn by undeclared speaker 'sam' {declared}; did you mean 'Sam'?",
        f"t.md:23:1: error: turn by undeclared speaker 'dr. maria lopez' {declared}; did you "
        "mean 'Dr. Maria Lopez'?",
        "t.md:19:1: error: topic 'Money' has a question without an answer"]


def test_a_bold_speaker_name_continuing_anothers_turn_is_warned() -> None:
    """``**Anna Berg**: Thank you both.`` under an answer by another speaker reads as the
    host's words, but is printed as the second paragraph of that answer."""
    text = src("""
        # Part

        ## Money

        Host: Where does the money come from?

        Sam: ==Grants.==

        **Host**: Thank you.

        **Sam:** And parents.

        **Note**: bold, but no speaker.
    """, front=PANEL)
    interview, _ = parse(text, "t.md")
    assert interview is not None
    assert [p.text for p in next(interview.exchanges()).answers[0].paragraphs] == [
        "Grants.", "Host: Thank you.", "Sam: And parents.", "Note: bold, but no speaker."]
    assert [w for w in warnings(text) if "in bold" in w] == [
        "t.md:23:1: warning: paragraph opening with 'Host' in bold continues the turn by "
        "'Sam', and is printed as part of it; give it a turn of its own ('Host: …') or move "
        "it to a part's prose"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(encoding: str) -> None:
    data = ("\ufeff" + FRONT).encode(encoding)
    with pytest.raises(SourceError) as info:
        decode(data, "t.md")
    assert str(info.value) == "t.md:1:1: error: the file is UTF-16, not UTF-8; save it as UTF-8"


@pytest.mark.parametrize("written, kept", [("JA", "ja"), ("zh-hant-tw", "zh-Hant-TW"),
                                           ("en-gb", "en-GB"), ("es-419", "es-419"),
                                           ("zh-CN", "zh-CN")])
def test_a_language_tag_is_kept_in_its_usual_case(written: str, kept: str) -> None:
    text = FRONT.replace("title: 测试访谈", f"title: 测试访谈\nlanguage: {written}")
    interview, diags = parse(text + "\n# P\n\n## T\n\n主持人: 问？\n\n李明: 答。\n", "t.md")
    assert interview is not None, diags
    assert interview.meta.language == kept


@pytest.mark.parametrize("tag", ["en-", "-en", "en--GB", "klingon!!", "中文"])
def test_a_malformed_language_tag_is_an_error(tag: str) -> None:
    text = FRONT.replace("title: 测试访谈", f"title: 测试访谈\nlanguage: '{tag}'") + "\n# P\n"
    assert errors(text) == [f"t.md:3:1: error: language '{tag}' is not a BCP 47 tag"]
