"""Interview model -> deck description (the pure stage; no python-pptx here).

The deck: a title slide, an agenda of the topics, a section slide for each prose part
that opens the interview or a part, one slide per key answer (topic as title, the
question, the answer's marked key sentence as centrepiece), and a closing slide with the
study summary's takeaways.  Every slide's text is fitted with the real font (see
``measure``); whatever a slide cannot show in full is in its speaker notes, so nothing of
the interview is lost.
"""

from __future__ import annotations

from ...model import Interview
from ...theme import Theme
from .. import Options
from .answers import exchange_slides
from .deck import Deck, Properties, Slide
from .layout import Context, slide_heading
from .opening import AGENDA_PAGE, agenda_slide, title_slide
from .parts import closing_slide, section_slide
from .style import check_coverage, slide_style

__all__ = ["describe", "build_slides", "slide_heading"]


def describe(interview: Interview, theme: Theme, options: Options) -> Deck:
    """The deck for ``interview`` in ``theme``; warnings go to ``options.warnings``.

    Raises MissingFontError when a font lacks a character the deck shows, and a located
    SourceError when a key sentence cannot fit its slide at the theme's smallest size.
    """
    style = slide_style(theme, interview.meta.language, interview.characters())
    ctx = Context(interview, style)
    slides = build_slides(ctx)
    meta = interview.meta
    deck = Deck(width=style.width, height=style.height, slides=tuple(slides),
                properties=Properties(title=meta.title, author=meta.compiler,
                                      subject=meta.subtitle, keywords=", ".join(meta.keywords),
                                      comments=meta.description, language=meta.language,
                                      created=options.source_date_epoch),
                title_font=style.title.family, body_font=style.body.family,
                lang=style.lang, warnings=tuple(ctx.warnings))
    for face in {style.title.family: style.title, style.body.family: style.body}.values():
        check_coverage(face, deck.characters(face.family))
    options.warnings.extend(ctx.warnings)
    return deck




def build_slides(ctx: Context) -> list[Slide]:
    """All slides in reading order."""
    interview = ctx.interview
    summary = interview.summary_part
    topic_parts = [part for part in interview.parts if part.topics]
    slides = [title_slide(ctx)]
    topics = list(interview.topics())
    pages = [topics[i:i + AGENDA_PAGE] for i in range(0, len(topics), AGENDA_PAGE)]
    for page, chunk in enumerate(pages):
        slides.append(agenda_slide(ctx, chunk, page * AGENDA_PAGE, (page + 1, len(pages)),
                                   len(slides) + 1))
    for part in interview.parts:
        if part is summary:
            slides.append(closing_slide(ctx, part, len(slides) + 1))
            continue
        if part.paragraphs or len(topic_parts) > 1:
            slides.append(section_slide(ctx, part, len(slides) + 1))
        for topic in part.topics:
            for exchange in topic.exchanges:
                slides += exchange_slides(ctx, topic, exchange, len(slides) + 1)
    return slides
