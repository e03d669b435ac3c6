"""Fixed words the EPUB prints or announces (cover, contents, credits), per language.

They are part of the book's text: their characters go into the embedded font subset and
the coverage check like the interview's own.
"""

from __future__ import annotations

from ...language import is_traditional

LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {"cover": "封面", "titlepage": "扉页", "toc": "目录", "landmarks": "导览",
                "bodymatter": "正文", "compiler": "编者", "source": "来源", "date": "日期",
                "edition": "版次", "keywords": "关键词", "speakers": "对话者",
                "list_sep": "、", "cover_alt": "封面：{title}"},
    "zh-Hant": {"cover": "封面", "titlepage": "扉頁", "toc": "目錄", "landmarks": "導覽",
                "bodymatter": "正文", "compiler": "編者", "source": "來源", "date": "日期",
                "edition": "版次", "keywords": "關鍵詞", "speakers": "對話者",
                "list_sep": "、", "cover_alt": "封面：{title}"},
    "en": {"cover": "Cover", "titlepage": "Title page", "toc": "Contents",
           "landmarks": "Landmarks", "bodymatter": "Start of content", "compiler": "Compiled by",
           "source": "Source", "date": "Date", "edition": "Edition", "keywords": "Keywords",
           "speakers": "Speakers", "list_sep": ", ", "cover_alt": "Cover: {title}"},
}


def labels_for(language: str, variant: str = "") -> dict[str, str]:
    """Labels in the book's language: Traditional for zh-Hant/TW/HK/MO (or variant ``tc``)."""
    if (language or "zh-CN").casefold().startswith("zh"):
        traditional = variant == "tc" or is_traditional(language)
        return LABELS["zh-Hant" if traditional else "zh-Hans"]
    return LABELS["en"]
