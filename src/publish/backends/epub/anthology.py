"""A collection's content documents: one book of several interviews.

The front is a book's (cover, title page, navigation document), made from the
collection's metadata; then each interview is a chapter: an opening document
(``c2.xhtml``: its number, title and byline) followed by its parts' documents, made by
the same ``part_documents`` as a single interview's, one heading level down.  Ids are
the chapter's own (``c2-p1-t3``, see ``model.prefixed``), so file names and fragments
stay unique across the book.  The navigation document nests parts and topics under
each interview.  Each chapter's documents are in the interview's own language (their
root's ``lang``, their labels), the front in the volume's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...model import Collection, Interview, Topic
from ...text.labels import collection_labels, labels_for
from ...theme import Theme
from .documents import (Document, Page, TocEntry, credits, front_documents, href,
                        link_across, locations, nav_entry, pager, part_documents, topic_sizer)


def chapter_file(number: int) -> str:
    return f"c{number}.xhtml"


def collection_documents(collection: Collection, theme: Theme, labels: dict[str, str],
                         lang: str) -> tuple[list[Document], list[TocEntry]]:
    """Every document of the book in reading order, and its table of contents.

    The front (``labels``, ``lang``) is the volume's; each chapter's documents are in its
    own language (their root's ``lang``, their labels: ``第2篇``, ``山田花子：``)."""
    page = pager(theme, labels, lang, collection.meta)
    writers = {lang: Writer(lang, labels, page, topic_sizer(theme, labels))}
    body: list[Document] = []
    for number, interview in enumerate(collection.interviews, start=1):
        language = interview.meta.language or "zh-CN"
        if language not in writers:
            own = labels_for(language)
            writers[language] = Writer(language, own,
                                       pager(theme, own, language, collection.meta),
                                       topic_sizer(theme, own))
        body += chapter_documents(interview, number, writers[language])
    body = link_across(body)
    toc = table_of_contents(collection, body)
    pairs = [(key, value) for key, value in credits(_as_book(collection), labels)
             if key != "speakers"]
    front = front_documents(collection.meta, pairs, page, labels,
                            [nav_entry(entry) for entry in toc], chapter_file(1),
                            nav_template="epub/collection-nav.xhtml")
    return front + body, toc


@dataclass(frozen=True)
class Writer:
    """What renders the documents of the chapters in one language (one each: a template
    environment per chapter would load every template again)."""

    lang: str
    labels: dict[str, str]
    page: Page
    topic_size: Callable[[Topic], int]


def chapter_documents(interview: Interview, number: int, writer: Writer) -> list[Document]:
    """The chapter's opening and its parts' documents, in its language (``writer``)."""
    documents = [writer.page(
        f"c{number}", chapter_file(number), "epub/chapter.xhtml", interview.meta.title,
        body_class="chapter", body_type="bodymatter", chapter=interview, number=number,
        chapter_label=collection_labels(writer.lang)["chapter"].format(number),
        byline=byline(interview, writer.labels))]
    for part in interview.parts:
        documents += part_documents(interview, part, writer.page, writer.topic_size, level=2)
    return documents


def table_of_contents(collection: Collection, documents: list[Document]) -> list[TocEntry]:
    """Each interview, with its parts and their topics nested under it; an interview in
    another language than the volume's carries its ``lang``."""
    where = locations(documents)
    volume = collection.meta.language or "zh-CN"
    return [TocEntry(interview.meta.title, href(chapter_file(number)), f"c{number}",
                     tuple(TocEntry(part.heading, href(where[part.id]), part.id,
                                    tuple(TocEntry(topic.title,
                                                   href(where[topic.id], topic.id), topic.id)
                                          for topic in part.topics))
                           for part in interview.parts),
                     lang=_unless(interview.meta.language or "zh-CN", volume))
            for number, interview in enumerate(collection.interviews, start=1)]


def _unless(language: str, volume: str) -> str:
    return "" if language == volume else language


def byline(interview: Interview, labels: dict[str, str]) -> str:
    """Compiler, source, date and edition of an interview, as its chapter opening shows
    them."""
    meta = interview.meta
    compiler = f"{meta.compiler} {labels['byline']}".strip() if meta.compiler else ""
    edition = f"{labels['edition']}{labels['colon']}{meta.edition}" if meta.edition else ""
    return labels["sep"].join(value for value in (compiler, meta.source, meta.date, edition)
                              if value)


def _as_book(collection: Collection) -> Interview:
    """The collection as the title page's ``credits`` reads an interview: its metadata."""
    return Interview(collection.meta, (), collection.path)
