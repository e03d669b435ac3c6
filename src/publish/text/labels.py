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
        "number_format": "No. {}", "keywords": "关键词", "summary": "内容简介",
        "speakers": "对话者", "byline": "编", "cover_alt": "封面：{title}",
        "list_sep": "、", "colon": "：", "dash": "——", "ellipsis": "……", "sep": " · ",
    },
    "zh-Hant": {
        "toc": "目錄", "cover": "封面", "titlepage": "扉頁", "colophon": "版權頁",
        "landmarks": "導覽", "bodymatter": "正文", "compiler": "編者", "source": "來源",
        "date": "日期", "built": "生成日期", "edition": "版次", "number": "期號",
        "number_format": "No. {}", "keywords": "關鍵詞", "summary": "內容簡介",
        "speakers": "對話者", "byline": "編", "cover_alt": "封面：{title}",
        "list_sep": "、", "colon": "：", "dash": "——", "ellipsis": "……", "sep": " · ",
    },
    "en": {
        "toc": "Contents", "cover": "Cover", "titlepage": "Title page",
        "colophon": "Colophon", "landmarks": "Landmarks", "bodymatter": "Start of content",
        "compiler": "Compiled by", "source": "Source", "date": "Date", "built": "Built",
        "edition": "Edition", "number": "No.", "number_format": "No. {}",
        "keywords": "Keywords", "summary": "About this book", "speakers": "Speakers",
        "byline": "", "cover_alt": "Cover: {title}", "list_sep": ", ", "colon": ": ",
        "dash": "— ", "ellipsis": "…", "sep": " · ",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """Labels for a BCP 47 tag: Traditional for zh-Hant/TW/HK/MO, Simplified for other
    Chinese, English for English; anything else gets Simplified Chinese (the default)."""
    tag = (language or "zh-CN").casefold()
    if tag.startswith("zh"):
        return LABELS["zh-Hant" if is_traditional(language) else "zh-Hans"]
    return LABELS["en"] if tag.startswith("en") else LABELS["zh-Hans"]


def label_characters() -> frozenset[str]:
    """Every character any label may print."""
    return frozenset(char for table in LABELS.values() for text in table.values()
                     for char in text)
