"""The slides of a part's prose: a section slide for opening prose, and the closing slide
of the study summary's takeaways."""

from __future__ import annotations

from typing import Callable, Sequence

from ...model import Part
from ...text.sentences import first_sentence
from .compose import Draft, fit_box
from .deck import Box, Rect, Slide, Span, inches
from .layout import (
    BULLET,
    INSET,
    MARGIN,
    Context,
    fit_texts,
    footer,
    plain,
    prose_notes,
    slide_heading,
)


def section_slide(ctx: Context, part: Part, number: int) -> Slide:
    """A part's heading large, with its opening prose fitted (or its first sentences)."""
    style = ctx.style

    def drafts_for(candidate: Sequence[str]) -> list[Draft]:
        return [Draft((Span(t),), style.body, style.text_color, spacing=1.6, after=0.7)
                for t in candidate]

    return part_slide(ctx, part, number, "section", [plain([p]) for p in part.paragraphs],
                      drafts_for, "prose", "its slide shows the prose shortened")


def closing_slide(ctx: Context, part: Part, number: int) -> Slide:
    """The study summary as a few takeaways: the first sentence of each paragraph."""
    style = ctx.style

    def drafts_for(candidate: Sequence[str]) -> list[Draft]:
        return [Draft((Span(t),), style.body, style.text_color, spacing=1.45, after=0.9,
                      bullet=BULLET, bullet_color=style.accent_color, indent=30.0)
                for t in candidate]

    points = [first_sentence(plain([p])) for p in part.paragraphs]
    return part_slide(ctx, part, number, "closing", points, drafts_for, "points",
                      "its slide shows the takeaways shortened")


def part_slide(ctx: Context, part: Part, number: int, kind: str, texts: list[str],
               drafts_for: Callable[[Sequence[str]], list[Draft]], role: str,
               shortened: str) -> Slide:
    """One layout for every slide of a part's prose, opening or closing: the heading
    large with a short rule, then the texts fitted below it.  ("Title Only", like every
    other slide: the "Section Header" layout sets its title in capitals.)"""
    style = ctx.style
    boxes: list[Box] = []
    frame = ctx.frame(MARGIN, 0.9 if texts else 2.6, ctx.content_width, 1.3)
    drafts = [Draft((Span(slide_heading(part)),), style.title, style.title_color, spacing=1.2)]
    fitted = fit_box("title", frame, drafts, (style.title_size, round(style.title_size * 1.4)),
                     anchor="bottom")
    if fitted is None:
        raise ctx.fail(part.line, f"part heading '{part.heading}' is too long for a slide")
    boxes.append(fitted[0])
    rule_y = frame.y + frame.height + inches(0.12)
    rule = Rect(inches(MARGIN + INSET), rule_y, inches(0.8), inches(0.05), style.accent_color)
    if texts:
        body = ctx.frame(MARGIN, 2.55, ctx.content_width, 4.1)
        fitted_body = fit_texts(ctx, role, body, texts, drafts_for, style.point_sizes)
        if fitted_body is None:
            raise ctx.fail(part.line, f"the {role} of part '{part.heading}' cannot be "
                                      "fitted on a slide")
        boxes.append(fitted_body[0])
        if fitted_body[2]:
            ctx.warn(part.line, f"part '{part.heading}': {shortened}; the full text is in "
                                "the speaker notes")
    return Slide(kind, "Title Only", style.background, tuple(boxes + footer(ctx, number)),
                 prose_notes(ctx, part), (rule,), source=part.id)
