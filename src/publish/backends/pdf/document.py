"""The booklet as one HTML document, rendered from the theme's ``pdf/book.html``.

The content itself comes from the shared partials (``partials/part.html`` and friends),
the one place a part or topic is turned into HTML; the PDF templates add only the cover,
the title page / colophon and the table of contents around it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...model import Interview
from ...theme import Theme

# Fixed words the templates print.  Their characters are checked against the fonts along
# with the interview's, so a label can never become tofu.
LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {"toc": "目录", "source": "来源", "compiler": "编者", "edition": "版次",
                "number": "期号", "date": "日期", "built": "生成日期", "byline": "编",
                "cover": "封面", "colophon": "版权页", "keywords": "关键词",
                "summary": "内容简介", "list_sep": "、"},
    "zh-Hant": {"toc": "目錄", "source": "來源", "compiler": "編者", "edition": "版次",
                "number": "期號", "date": "日期", "built": "生成日期", "byline": "編",
                "cover": "封面", "colophon": "版權頁", "keywords": "關鍵詞",
                "summary": "內容簡介", "list_sep": "、"},
    "en": {"toc": "Contents", "source": "Source", "compiler": "Compiled by",
           "edition": "Edition", "number": "No.", "date": "Date", "built": "Built",
           "byline": "", "cover": "Cover", "colophon": "Colophon", "keywords": "Keywords",
           "summary": "About this book", "list_sep": ", "},
}
# Characters the CSS adds (page numbers, TOC leaders, the speaker colon, separators).
CSS_CHARACTERS = "0123456789.：·"


def labels_for(language: str, variant: str = "") -> dict[str, str]:
    """Labels in the book's language: Traditional for ``tc`` or zh-TW/HK/Hant."""
    tag = language.casefold()
    if tag.startswith("zh"):
        traditional = variant == "tc" or any(x in tag for x in ("-tw", "-hk", "-mo", "hant"))
        return LABELS["zh-Hant" if traditional else "zh-Hans"]
    return LABELS["en"] if tag.startswith("en") else LABELS["zh-Hans"]


def label_characters() -> frozenset[str]:
    """Every character a label or the CSS may print (for the font coverage check)."""
    chars = set(CSS_CHARACTERS)
    for table in LABELS.values():
        for text in table.values():
            chars.update(text)
    return frozenset(chars)


def title_chunks(title: str, longest: int = 10) -> list[tuple[str, bool]]:
    """The title split at spaces, each chunk marked keep-together if it is short.

    Pango may break between any two Han characters, which splits a display title like
    ``梁文锋采访 太燃了`` mid-word; a short chunk is set ``white-space: nowrap`` so the
    title breaks at its spaces, while a long unspaced title still wraps.
    """
    return [(chunk, len(chunk) <= longest) for chunk in title.split()]


def build_time(source_date_epoch: int | None) -> dt.datetime:
    """The build's timestamp: ``SOURCE_DATE_EPOCH`` when given (reproducible), else now."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def context(interview: Interview, theme: Theme, variant: str,
            source_date_epoch: int | None) -> dict[str, Any]:
    """Everything ``pdf/book.html`` needs."""
    meta = interview.meta
    when = build_time(source_date_epoch)
    return {
        "interview": interview,
        "meta": meta,
        "title_chunks": title_chunks(meta.title),
        "lang": meta.language or "zh-CN",
        "labels": labels_for(meta.language, variant),
        "subject": meta.description or meta.subtitle,
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "built": when.strftime("%Y-%m-%d"),
        "part_tag": "h1",
        "heading_tag": "h2",
    }


def book_html(interview: Interview, theme: Theme, variant: str = "",
              source_date_epoch: int | None = None) -> str:
    """The complete HTML of the booklet (autoescaped: source text is never markup)."""
    template = theme.jinja_env().get_template("pdf/book.html")
    return template.render(**context(interview, theme, variant, source_date_epoch))
