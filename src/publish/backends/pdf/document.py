"""The booklet as one HTML document, rendered from the theme's ``pdf/book.html``.

The content itself comes from the shared partials (``partials/part.html`` and friends),
the one place a part or topic is turned into HTML; the PDF templates add only the cover,
the title page / colophon and the table of contents around it.
"""

from __future__ import annotations

from typing import Any

from ...model import Collection, Interview
from ...text.labels import collection_labels, label_characters, labels_for
from ...theme import Theme
from .. import build_time

# Characters the CSS adds (page numbers, TOC leaders, separators); the speaker colon is
# a label (labels.colon), full-width only in Chinese and Japanese.
CSS_CHARACTERS = "0123456789.·"


def printed_label_characters(language: str) -> frozenset[str]:
    """Every character a label or the CSS may print (for the font coverage check)."""
    return label_characters(language) | frozenset(CSS_CHARACTERS)


def title_chunks(title: str, longest: int = 10) -> list[tuple[str, bool]]:
    """The title split at spaces, each chunk marked keep-together if it is short.

    Pango may break between any two Han characters, which splits a display title like
    ``梁文锋采访 太燃了`` mid-word; a short chunk is set ``white-space: nowrap`` so the
    title breaks at its spaces, while a long unspaced title still wraps.
    """
    return [(chunk, len(chunk) <= longest) for chunk in title.split()]


def context(interview: Interview, theme: Theme, source_date_epoch: int | None) -> dict[str, Any]:
    """Everything ``pdf/book.html`` needs."""
    meta = interview.meta
    when = build_time(source_date_epoch)
    return {
        "interview": interview,
        "meta": meta,
        "title_chunks": title_chunks(meta.title),
        "lang": meta.language or "zh-CN",
        "labels": labels_for(meta.language),
        "subject": meta.description or meta.subtitle,
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "built": when.strftime("%Y-%m-%d"),
        "part_tag": "h1",
        "heading_tag": "h2",
        "page_numbers": {},  # contents page numbers written in, else target-counter
    }


def book_html(interview: Interview, theme: Theme,
              source_date_epoch: int | None = None) -> str:
    """The complete HTML of the booklet (autoescaped: source text is never markup)."""
    template = theme.jinja_env().get_template("pdf/book.html")
    return template.render(**context(interview, theme, source_date_epoch))


def collection_context(collection: Collection, theme: Theme,
                       source_date_epoch: int | None) -> dict[str, Any]:
    """Everything ``pdf/collection.html`` needs: the collection's metadata where a
    booklet has the interview's, and the interviews as chapters (number, interview)."""
    meta = collection.meta
    values = context(_cover_of(collection), theme, source_date_epoch)
    chapters = list(enumerate(collection.interviews, start=1))
    values.update(chapters=chapters, body=chapters, front=True, continued=False,
                  collection_labels=collection_labels(meta.language),
                  chapter_labels=chapter_labels(collection), part_tag="h2", heading_tag="h3")
    return values


def chapter_labels(collection: Collection) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Each member's language -> its labels and collection words: a chapter is set in its
    own language (``第2篇``, ``山田花子：``), only the front matter in the volume's."""
    return {language: (labels_for(language), collection_labels(language))
            for language in dict.fromkeys(m.meta.language for m in collection.interviews)}


def _cover_of(collection: Collection) -> Interview:
    """The collection as a booklet's templates see the interview it is about: its
    metadata, no parts (the chapters hold them)."""
    return Interview(collection.meta, (), collection.path)


def collection_html(collection: Collection, theme: Theme,
                    source_date_epoch: int | None = None, **part: Any) -> str:
    """The complete HTML of the anthology: cover, colophon, contents, then a chapter per
    interview, each made of the same partials as a booklet.  ``part`` asks for a half
    of it (``split``): ``front`` (bool), ``body`` (the chapters, as ``(number,
    interview)``), ``continued`` (more chapters follow in another half) and
    ``page_numbers`` (anchor name -> the page the contents print)."""
    template = theme.jinja_env().get_template("pdf/collection.html")
    return template.render(**{**collection_context(collection, theme, source_date_epoch),
                              **part})
