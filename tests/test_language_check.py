"""A source whose text is in another language than its front matter says
(``source/language_check``, ``text.language.written_in_another``)."""

from __future__ import annotations

import pytest

from publish.source import parse_checked
from publish.text.language import written_in_another

JAPANESE = ("司会: 町の本屋を続けるのは、どれくらい大変ですか？\n\n"
            "山田太郎: ==毎月の家賃を払うだけで精一杯ですが、それでも楽しいです。==\n")
CHINESE = ("司会: 你为什么开书店？\n\n山田太郎: ==我喜欢书，也喜欢和读者聊天，所以在家乡开了一家小书店，"
           "一开就是十年，从来没有后悔过。==\n\n")
KOREAN = "기자: 서점을 열게 된 계기는 무엇인가요?\n\n김민준: ==책을 고를 시간과 장소가 없을 뿐이라고 생각했거든요.==\n"


def source(language_line: str, body: str, host: str, guest: str) -> str:
    return (f"---\ntitle: 本屋\n{language_line}speakers:\n  - {{name: {host}, role: host}}\n"
            f"  - {{name: {guest}, role: guest}}\n---\n\n# 一\n\n## 二\n\n{body}")


def warnings(text: str) -> list[str]:
    return [str(d) for d in parse_checked(text, "s.md")[1]]


@pytest.mark.parametrize("language_line, line", [("", 1), ("langauge: ja\n", 1),
                                                 ("language: zh-CN\n", 3)])
def test_japanese_text_in_a_chinese_source_is_warned_about(language_line: str,
                                                           line: int) -> None:
    found = [w for w in warnings(source(language_line, JAPANESE * 3, "司会", "山田太郎"))
             if "looks Japanese" in w]
    assert found == [f"s.md:{line}:1: warning: the text looks Japanese, but the source's "
                     "language is 'zh-CN'; set 'language: ja' for Japanese faces, labels "
                     "and line breaking"]


def test_korean_text_said_to_be_english_is_warned_about() -> None:
    found = warnings(source("language: en\n", KOREAN * 3, "기자", "김민준"))
    assert any("s.md:3:1: warning: the text looks Korean, but the source's language is 'en'"
               in w for w in found), found


@pytest.mark.parametrize("language_line, body, host, guest", [
    ("language: ja\n", JAPANESE * 3, "司会", "山田太郎"),
    ("language: ko\n", KOREAN * 3, "기자", "김민준"),
    ("", CHINESE * 3 + JAPANESE, "司会", "山田太郎"),  # a Chinese text quoting Japanese
])
def test_a_source_in_its_own_language_gets_no_warning(language_line, body, host, guest):
    assert not [w for w in warnings(source(language_line, body, host, guest))
                if "the text looks" in w]


def test_the_variants_of_a_language_are_that_language() -> None:
    """Traditional text in a zh-CN source is still Chinese (the zh-Hant edition is a
    variant of it), and a Chinese interview quoting English stays Chinese."""
    assert written_in_another("zh-CN", "這是一本關於書店的書，" * 10) is None
    assert written_in_another("zh-Hant", "这是一本关于书店的书，" * 10) is None
    assert written_in_another("zh-CN", "我们用 DeepSeek 和 ChatGPT 做研究，" * 10) is None
    assert written_in_another("en", "这是一本关于书店的书，" * 10) == "zh"


@pytest.mark.parametrize("language", ["fr", "de-CH", "es"])
def test_a_language_in_latin_letters_is_not_told_to_be_english(language: str) -> None:
    french = "Le livre est un ami fidèle qui nous accompagne toute la vie. " * 5
    assert written_in_another(language, french) is None
    assert written_in_another(language, "这是一本关于书店的书，" * 10) == "zh"


def test_other_chinese_languages_and_no_language_are_not_warned_about() -> None:
    chinese = "这是一本关于书店的书，" * 10
    assert written_in_another("yue", chinese) is None
    assert written_in_another("und", chinese) is None


def test_a_kanji_heavy_japanese_source_is_japanese_as_the_importer_says() -> None:
    """The importer calls a text with 3 % of kana Japanese; so does the check, of a
    source said to be Japanese."""
    kanji_heavy = "東京都知事選挙投票率過去最低記録更新です。" * 5  # 10 % kana
    assert written_in_another("ja", kanji_heavy) is None


def test_traditional_chinese_is_told_to_set_zh_hant() -> None:
    body = "司会: 你為什麼開書店？\n\n山田太郎: ==我喜歡書，也喜歡和讀者聊天，所以在家鄉開了一家小書店。==\n\n"
    found = [w for w in warnings(source("language: en\n", body * 3, "司会", "山田太郎"))
             if "looks Chinese" in w]
    assert len(found) == 1 and "set 'language: zh-Hant' for Chinese faces" in found[0]

