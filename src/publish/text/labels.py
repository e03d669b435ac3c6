"""Fixed words the outputs add around the interview's own text, per language.

One table for every backend, so the PDF, the EPUB and the deck say the same thing (目录,
编者, 来源 ...) and one place lists every character a label can print: those characters
go through the font coverage check and into font subsets like the interview's own.
"""

from __future__ import annotations

from .language import is_traditional

LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "toc": "目录", "cover": "封面", "titlepage": "扉页", "colophon": "版权页",
        "landmarks": "导览", "bodymatter": "正文", "compiler": "编者", "source": "来源",
        "date": "日期", "built": "生成日期", "edition": "版次", "number": "期号",
        "number_format": "No. {}", "cover_number": "期号 {}", "keywords": "关键词", "summary": "内容简介",
        "speakers": "对话者", "byline": "编", "cover_alt": "封面：{title}",
        "list_sep": "、", "colon": "：", "dash": "——", "ellipsis": "……", "sep": " · ",
    },
    "zh-Hant": {
        "toc": "目錄", "cover": "封面", "titlepage": "扉頁", "colophon": "版權頁",
        "landmarks": "導覽", "bodymatter": "正文", "compiler": "編者", "source": "來源",
        "date": "日期", "built": "生成日期", "edition": "版次", "number": "期號",
        "number_format": "No. {}", "cover_number": "期號 {}", "keywords": "關鍵詞", "summary": "內容簡介",
        "speakers": "對話者", "byline": "編", "cover_alt": "封面：{title}",
        "list_sep": "、", "colon": "：", "dash": "——", "ellipsis": "……", "sep": " · ",
    },
    "en": {
        "toc": "Contents", "cover": "Cover", "titlepage": "Title page",
        "colophon": "Colophon", "landmarks": "Landmarks", "bodymatter": "Start of content",
        "compiler": "Compiled by", "source": "Source", "date": "Date", "built": "Built",
        "edition": "Edition", "number": "Issue", "number_format": "No. {}",
        "cover_number": "Issue {}",
        "keywords": "Keywords", "summary": "About this book", "speakers": "Speakers",
        "byline": "", "cover_alt": "Cover: {title}", "list_sep": ", ", "colon": ": ",
        "dash": "— ", "ellipsis": "…", "sep": " · ",
    },
    "ja": {
        "toc": "目次", "cover": "表紙", "titlepage": "扉", "colophon": "奥付",
        "landmarks": "ランドマーク", "bodymatter": "本文", "compiler": "編者",
        "source": "出典", "date": "日付", "built": "作成日", "edition": "版",
        "number": "号", "number_format": "No. {}", "cover_number": "第{}号", "keywords": "キーワード",
        "summary": "内容紹介", "speakers": "対談者", "byline": "編",
        "cover_alt": "表紙：{title}", "list_sep": "、", "colon": "：", "dash": "——",
        "ellipsis": "……", "sep": " · ",
    },
    "ko": {
        "toc": "목차", "cover": "표지", "titlepage": "속표지", "colophon": "판권",
        "landmarks": "랜드마크", "bodymatter": "본문", "compiler": "엮은이",
        "source": "출처", "date": "날짜", "built": "만든 날짜", "edition": "판",
        "number": "호", "number_format": "No. {}", "cover_number": "제{}호", "keywords": "키워드",
        "summary": "소개", "speakers": "대담자", "byline": "엮음",
        "cover_alt": "표지: {title}", "list_sep": ", ", "colon": ": ", "dash": "— ",
        "ellipsis": "…", "sep": " · ",
    },
}


# Words only a collection (anthology) or a discussion handout prints.  Kept apart from
# LABELS so that a single interview's fonts are cut to exactly the characters it prints.
COLLECTION_LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {"chapter": "第 {} 篇", "interviews": "篇目", "discussion": "讨论题",
                "notes": "笔记", "online": "在线阅读", "handout_of": "讨论讲义",
                "quote_open": "“", "quote_close": "”"},
    "zh-Hant": {"chapter": "第 {} 篇", "interviews": "篇目", "discussion": "討論題",
                "notes": "筆記", "online": "線上閱讀", "handout_of": "討論講義",
                "quote_open": "「", "quote_close": "」"},
    "en": {"chapter": "Interview {}", "interviews": "Interviews",
           "discussion": "Questions for discussion", "notes": "Notes",
           "online": "Read online", "handout_of": "Discussion handout",
           "quote_open": "“", "quote_close": "”"},
    "ja": {"chapter": "第{}篇", "interviews": "収録", "discussion": "討論のための問い",
           "notes": "メモ", "online": "オンラインで読む", "handout_of": "討論資料",
           "quote_open": "「", "quote_close": "」"},
    "ko": {"chapter": "{}편", "interviews": "수록", "discussion": "토론 질문",
           "notes": "메모", "online": "온라인으로 읽기", "handout_of": "토론 자료",
           "quote_open": "“", "quote_close": "”"},
}


def table_name(language: str) -> str:
    """The label table for a BCP 47 tag: Traditional for zh-Hant/TW/HK/MO, Simplified for
    other Chinese, Japanese, Korean, and English for every other language."""
    tag = (language or "zh-CN").casefold()
    if tag.startswith("zh"):
        return "zh-Hant" if is_traditional(language) else "zh-Hans"
    primary = tag.split("-")[0]
    return primary if primary in LABELS else "en"


def labels_for(language: str) -> dict[str, str]:
    """The labels in the document's language (see ``table_name``)."""
    return LABELS[table_name(language)]


def label_characters(language: str) -> frozenset[str]:
    """Every character a label of the document's language may print."""
    return frozenset(char for text in labels_for(language).values() for char in text)


def collection_labels(language: str) -> dict[str, str]:
    """The words of a collection and a handout in the document's language."""
    return COLLECTION_LABELS[table_name(language)]


def collection_label_characters(language: str) -> frozenset[str]:
    """Every character a collection's or a handout's own words may print (digits too:
    chapter numbers)."""
    texts = collection_labels(language).values()
    return frozenset(char for text in texts for char in text) | frozenset("0123456789")
