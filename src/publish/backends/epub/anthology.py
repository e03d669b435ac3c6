"""A collection's content documents: one book of several interviews.

The front is a book's (cover, title page, navigation document), made from the
collection's metadata; then each interview is a chapter: an opening document
(``c2.xhtml``: its number, title and byline) followed by its parts' documents, made by
the same ``part_documents`` as a single interview's, one heading level down.  Ids are
the chapter's own (``c2-p1-t3``, see ``model.prefixed``), so file names and fragments
stay unique across the book.  The navigation document nests parts and topics under
each interview.
"""

from __future__ import annotations

from ...model import Collection, Interview
from ...text.labels import collection_labels
from ...theme import Theme
from .documents import (Document, TocEntry, credits, front_documents, href, link_across,
                        locations, nav_entry, pager, part_documents, topic_sizer)


def chapter_file(number: int) -> str:
    return f"c{number}.xhtml"


def collection_documents(collection: Collection, theme: Theme, labels: dict[str, str],
                         lang: str) -> tuple[list[Document], list[TocEntry]]:
    """Every document of the book in reading order, and its table of contents."""
    page = pager(theme, labels, lang, collection.meta)
    words = collection_labels(lang)
    topic_size = topic_sizer(theme, labels)
    body: list[Document] = []
    for number, interview in enumerate(collection.interviews, start=1):
        body.append(page(f"c{number}", chapter_file(number), "epub/chapter.xhtml",
                         interview.meta.title, body_class="chapter", body_type="bodymatter",
                         chapter=interview, number=number,
                         chapter_label=words["chapter"].format(number),
                         byline=byline(interview, labels)))
        for part in interview.parts:
            body += part_documents(interview, part, page, topic_size, level=2)
    body = link_across(body)
    toc = table_of_contents(collection, body)
    pairs = [(key, value) for key, value in credits(_as_book(collection), labels)
             if key != "speakers"]
    front = front_documents(collection.meta, pairs, page, labels,
                            [nav_entry(entry) for entry in toc], chapter_file(1),
                            nav_template="epub/collection-nav.xhtml")
    return front + body, toc


def table_of_contents(collection: Collection, documents: list[Document]) -> list[TocEntry]:
    """Each interview, with its parts and their topics nested under it."""
    where = locations(documents)
    return [TocEntry(interview.meta.title, href(chapter_file(number)), f"c{number}",
                     tuple(TocEntry(part.heading, href(where[part.id]), part.id,
                                    tuple(TocEntry(topic.title,
                                                   href(where[topic.id], topic.id), topic.id)
                                          for topic in part.topics))
                           for part in interview.parts))
            for number, interview in enumerate(collection.interviews, start=1)]


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
