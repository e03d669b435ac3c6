"""The slides of a part's prose: a section slide for opening prose, and the closing slide
of the study summary's takeaways."""

from __future__ import annotations

from typing import Sequence

from ...model import Part
from . import compose
from .compose import Draft, fit_box
from .deck import Box, Rect, Slide, Span, inches
from .layout import (
    BULLET,
    INSET,
    MARGIN,
    Context,
    fit_texts,
    footer,
    header,
    plain,
    prose_notes,
    slide_heading,
)


def section_slide(ctx: Context, part: Part, number: int) -> Slide:
    """A part's heading large, with its opening prose fitted (or its first sentences)."""
    style = ctx.style
    boxes: list[Box] = []
    has_prose = bool(part.paragraphs)
    frame = ctx.frame(MARGIN, 0.9 if has_prose else 2.6, ctx.content_width, 1.3)
    drafts = [Draft((Span(slide_heading(part)),), style.title, style.title_color, spacing=1.2)]
    fitted = fit_box("title", frame, drafts, (style.title_size, round(style.title_size * 1.4)),
                     anchor="bottom")
    if fitted is None:
        raise ctx.fail(part.line, f"part heading '{part.heading}' is too long for a slide")
    boxes.append(fitted[0])
    rule_y = frame.y + frame.height + inches(0.12)
    rule = Rect(inches(MARGIN + INSET), rule_y, inches(0.8), inches(0.05), style.accent_color)
    if has_prose:
        prose = ctx.frame(MARGIN, 2.55, ctx.content_width, 4.1)
        texts = [plain([p]) for p in part.paragraphs]

        def drafts_for(candidate: Sequence[str]) -> list[Draft]:
            return [Draft((Span(t),), style.body, style.text_color, spacing=1.6, after=0.7)
                    for t in candidate]

        fitted_prose = fit_texts(ctx, "prose", prose, texts, drafts_for, style.point_sizes)
        if fitted_prose is None:
            raise ctx.fail(part.line, f"the prose of part '{part.heading}' cannot be fitted")
        boxes.append(fitted_prose[0])
        if fitted_prose[2]:
            ctx.warn(part.line, f"part '{part.heading}': its slide shows the prose shortened; "
                                "the full text is in the speaker notes")
    return Slide("section", "Section Header", style.background,
                 tuple(boxes + footer(ctx, number)), prose_notes(ctx, part), (rule,),
                 source=part.id)


def closing_slide(ctx: Context, part: Part, number: int) -> Slide:
    """The study summary as a few takeaways: the first sentence of each paragraph."""
    style = ctx.style
    title, rule = header(ctx, slide_heading(part), part.line)
    boxes = [title]
    points_text = [compose.first_sentence(plain([p])) for p in part.paragraphs]
    if points_text:
        frame = ctx.frame(MARGIN, 1.85, ctx.content_width, 4.8)

        def drafts_for(candidate: Sequence[str]) -> list[Draft]:
            return [Draft((Span(t),), style.body, style.text_color, spacing=1.45, after=0.9,
                          bullet=BULLET, bullet_color=style.accent_color, indent=30.0)
                    for t in candidate]

        fitted = fit_texts(ctx, "points", frame, points_text, drafts_for, style.point_sizes)
        if fitted is None:
            raise ctx.fail(part.line, f"the takeaways of part '{part.heading}' cannot be "
                                      "fitted on a slide")
        boxes.append(fitted[0])
    return Slide("closing", "Title Only", style.background,
                 tuple(boxes + footer(ctx, number)), prose_notes(ctx, part), (rule,),
                 source=part.id)
