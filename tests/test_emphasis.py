"""Emphasis in Chinese text (``publish.source.emphasis``): the CJK-friendly amendment to
CommonMark's flanking rules, and nothing else changed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from publish.model import Style
from publish.source.emphasis import emphasis_plugin, is_cjk
from publish.source.parse import markdown, parse
from test_parse import src

CJK_FRIENDLY = MarkdownIt("commonmark").use(emphasis_plugin)
PLAIN = MarkdownIt("commonmark")


@pytest.mark.parametrize("text,html", [
    ("他说：**重要。**然后", "他说：<strong>重要。</strong>然后"),
    ("这是**“敢”**字", "这是<strong>“敢”</strong>字"),
    ("这**（括号）**里", "这<strong>（括号）</strong>里"),
    ("我们**敢**做", "我们<strong>敢</strong>做"),
    ("**DeepSeek**公司", "<strong>DeepSeek</strong>公司"),
    ("*强调。*后面", "<em>强调。</em>后面"),
    ("한국어**강조.**다음", "한국어<strong>강조.</strong>다음"),
    ("😀**表情。**后", "😀<strong>表情。</strong>后"),
    ("a **b** c", "a <strong>b</strong> c"),
    ("x*(y)*z", "x*(y)*z"),  # Latin text keeps CommonMark's rules
])
def test_emphasis_beside_chinese_punctuation(text: str, html: str) -> None:
    assert CJK_FRIENDLY.renderInline(text) == html


def test_the_project_parser_uses_it_with_highlights() -> None:
    assert markdown().renderInline("==**重要。**==然后") == \
        "<mark><strong>重要。</strong></mark>然后"


def test_a_source_with_chinese_emphasis_has_no_stray_asterisks() -> None:
    text = src("""
        # 部分

        ## 话题

        主持人: 问题？

        李明: 他说：**重要。**然后==这是关键。==
    """)
    interview, diags = parse(text, "t.md")
    assert interview is not None, diags
    runs = next(interview.exchanges()).answers[0].paragraphs[0].runs
    assert "*" not in "".join(r.text for r in runs)
    assert [r.text for r in runs if Style.STRONG in r.styles] == ["重要。"]


@pytest.mark.parametrize("char,expected", [("中", True), ("。", True), ("（", True),
                                           ("한", True), ("ｱ", True), ("a", False),
                                           ("“", False), ("😀", False), ("⌚", False)])
def test_what_counts_as_cjk(char: str, expected: bool) -> None:
    assert is_cjk(char) is expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab *_()\"'.,!?-:;\n\u00a0\u2014\u201c\u201d\u00e9", max_size=40))
def test_text_without_cjk_parses_as_plain_commonmark(text: str) -> None:
    assert CJK_FRIENDLY.render(text) == PLAIN.render(text)
