"""Interview model -> deck description (the pure stage; no python-pptx here).

A collection's deck (``describe_collection``): its title slide, then for each interview
a title slide and its key answers' slides.

The deck: a title slide, an agenda of the topics, a section slide for each prose part
that opens the interview or a part, one slide per key answer (topic as title, the
question, the answer's marked key sentence as centrepiece), and a closing slide with the
study summary's takeaways.  Every slide's text is fitted with the real font (see
``measure``); whatever a slide cannot show in full is in its speaker notes, so nothing of
the interview is lost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ...diagnostics import Diagnostic
from ...model import Collection, Interview, Meta
from ...text.labels import collection_label_characters
from ...theme import Theme, language_theme
from .. import Options
from .answers import exchange_slides
from .deck import Deck, Properties, Slide
from .layout import Context, slide_heading
from .opening import AGENDA_PAGE, agenda_slide, title_slide
from .parts import closing_slide, section_slide
from .style import SlideStyle, check_coverage, slide_style

__all__ = ["describe", "describe_collection", "build_slides", "slide_heading"]


def describe(interview: Interview, theme: Theme, options: Options,
             errors: list[Diagnostic] | None = None) -> Deck:
    """The deck for ``interview`` in ``theme``; warnings go to ``options.warnings``.

    Raises MissingFontError when a font lacks a character the deck shows, and a located
    SourceError when a text cannot fit its slide (a key sentence at the theme's smallest
    size, a title).  Given ``errors`` (a check), it raises no SourceError: every slide
    that cannot be made adds its error there and is left out (``Context.slides``).
    """
    style = slide_style(theme, interview.meta.language, interview.characters())
    ctx = Context(interview, style, errors=errors)
    return _deck(interview.meta, style, build_slides(ctx), ctx.warnings, options)


def describe_collection(collection: Collection, theme: Theme, options: Options,
                        errors: list[Diagnostic] | None = None) -> Deck:
    """The deck of a collection: its title slide, then for each interview a title slide
    and one slide per key answer (footers name the interview), each interview's in its
    own language (its labels, faces and runs' ``lang``).  ``errors``: as ``describe``'s."""
    meta = collection.meta
    styles = chapter_styles(collection, theme)
    style = styles[meta.language or "zh-CN"]
    book = Context(Interview(meta, (), collection.path), style, errors=errors)
    slides = book.slides(lambda: [title_slide(book)])
    warnings = book.warnings
    for interview in collection.interviews:
        ctx = Context(interview, styles[interview.meta.language or "zh-CN"], warnings,
                      errors)
        chapter = ctx.slides(lambda: [title_slide(ctx)])
        for topic in interview.topics():
            for exchange in topic.exchanges:
                chapter += exchange_slides(ctx, topic, exchange, len(slides) + len(chapter) + 1)
        own = ctx.style.lang
        slides += chapter if own == style.lang else [replace(s, lang=own) for s in chapter]
    return _deck(meta, style, slides, warnings, options, styles.values())


def chapter_styles(collection: Collection, theme: Theme) -> dict[str, SlideStyle]:
    """The volume's language and each member's -> its slide style: that language's
    stacks (``language_theme``; ``theme`` is the volume's), faces chosen for the text of
    its chapters (the volume's for its metadata and words too), its labels and ``lang``.
    A collection in one language has one style, over all its text."""
    volume = collection.meta.language or "zh-CN"
    texts: dict[str, set[str]] = {volume: set(collection_label_characters(volume))}
    texts[volume].update(c for text in collection.meta.texts for c in text)
    for member in collection.interviews:
        texts.setdefault(member.meta.language or "zh-CN", set()).update(member.characters())
    return {language: slide_style(theme if language == volume else
                                  language_theme(theme, language), language, chars)
            for language, chars in texts.items()}


def _deck(meta: Meta, style: SlideStyle, slides: list[Slide], warnings: list[str],
          options: Options, styles: Iterable[SlideStyle] = ()) -> Deck:
    """The slides as a deck, with the document's properties; every character checked
    (in the faces of ``style`` and of the other ``styles`` its slides use)."""
    deck = Deck(width=style.width, height=style.height, slides=tuple(slides),
                properties=Properties(title=meta.title, author=meta.compiler,
                                      subject=meta.subtitle, keywords=", ".join(meta.keywords),
                                      comments=meta.description, language=meta.language,
                                      created=options.source_date_epoch),
                title_font=style.title.family, body_font=style.body.family,
                lang=style.lang, warnings=tuple(warnings),
                title_east=style.title.east_family, body_east=style.body.east_family)
    faces = {(face.family, face.east_family): face
             for each in (style, *styles) for face in (each.title, each.body)}
    for face in faces.values():
        check_coverage(face, deck.characters(face.family, face.east_family))
    options.warnings.extend(warnings)
    return deck


def build_slides(ctx: Context) -> list[Slide]:
    """All slides in reading order."""
    interview = ctx.interview
    summary = interview.summary_part
    topic_parts = [part for part in interview.parts if part.topics]
    slides = ctx.slides(lambda: [title_slide(ctx)])
    topics = list(interview.topics())
    pages = [topics[i:i + AGENDA_PAGE] for i in range(0, len(topics), AGENDA_PAGE)]
    for page, chunk in enumerate(pages):
        slides += ctx.slides(lambda: [agenda_slide(ctx, chunk, page * AGENDA_PAGE,
                                                   (page + 1, len(pages)), len(slides) + 1)])
    for part in interview.parts:
        if part is summary:
            slides += ctx.slides(lambda: [closing_slide(ctx, part, len(slides) + 1)])
            continue
        if part.paragraphs or len(topic_parts) > 1:
            slides += ctx.slides(lambda: [section_slide(ctx, part, len(slides) + 1)])
        for topic in part.topics:
            for exchange in topic.exchanges:
                slides += exchange_slides(ctx, topic, exchange, len(slides) + 1)
    return slides
