"""The slides that open the deck: the title slide and the agenda of the topics."""

from __future__ import annotations

import math
from typing import Sequence

from ...model import Topic
from . import compose
from .compose import Draft, Frame, fit_box, fit_columns, make_box
from .deck import Box, Rect, Slide, Span, inches, points
from .layout import INSET, MARGIN, Context, footer, header, note
from .measure import NBSP

AGENDA_PAGE = 16     # topics per agenda slide (two columns of eight)


def title_slide(ctx: Context) -> Slide:
    """Title, subtitle, series number and date, byline and source credit."""
    style, meta = ctx.style, ctx.interview.meta
    x = MARGIN + 0.45
    width = ctx.content_width - 0.45
    boxes: list[Box] = []
    title_frame = ctx.frame(x, 1.7, width, 2.45)
    drafts = [Draft((Span(meta.title),), style.title, style.title_color, spacing=1.2)]
    sizes = (style.title_size, round(style.title_size * 1.6))
    fitted = (fit_box("title", title_frame, drafts, sizes, "bottom", max_lines=1) or
              fit_box("title", title_frame, drafts, (round(style.title_size * 0.75), sizes[1]),
                      "bottom", balanced=True))
    if fitted is None:
        raise ctx.fail(1, f"title '{meta.title}' is too long for the title slide")
    title_box = compose.hug(*fitted)
    boxes.append(title_box)
    top = title_box.y + title_box.inset
    bottom = title_box.y + title_box.height
    kicker = [t for t in (ctx.label("number_format").format(meta.number) if meta.number else "",
                          meta.date) if t]
    if kicker:
        frame = Frame(title_frame.x, top - inches(0.55), title_frame.width, inches(0.5),
                      inches(INSET))
        text = ctx.label("sep").join(kicker)
        drafts = [Draft((Span(text),), style.body, style.accent_color)]
        fitted = fit_box("kicker", frame, drafts, style.question_sizes, "bottom", max_lines=1)
        if fitted is not None:
            boxes.append(fitted[0])
    if meta.subtitle:
        frame = ctx.frame(x, 4.3, width, 0.9)
        drafts = [Draft((Span(meta.subtitle),), style.body, style.text_color, spacing=1.3)]
        fitted = fit_box("subtitle", frame, drafts, style.point_sizes)
        if fitted is None:
            raise ctx.fail(1, f"subtitle '{meta.subtitle}' is too long for the title slide")
        boxes.append(fitted[0])
        bottom = fitted[0].y + fitted[0].inset + points(fitted[1].height)
    credits = [f"{ctx.label(key)}{ctx.label('colon')}{value}"
               for key, value in (("compiler", meta.compiler), ("source", meta.source))
               if value]
    if credits:
        frame = ctx.frame(x, 5.5, width, 1.2)
        drafts = [Draft((Span(c),), style.body, style.muted_color, spacing=1.4, after=0.2)
                  for c in credits]
        fitted = fit_box("byline", frame, drafts, style.credit_sizes, anchor="bottom")
        if fitted is None:
            raise ctx.fail(1, "compiler and source are too long for the title slide")
        boxes.append(fitted[0])
    bar = Rect(inches(MARGIN), top, inches(0.1), bottom - top, style.accent_color)
    notes = tuple(note(ctx, (Span(text),)) for text in
                  (meta.title, meta.subtitle, meta.description, *credits) if text)
    return Slide("title", "Title Slide", style.background, tuple(boxes), notes, (bar,),
                 source="meta")


ORPHAN = 2          # characters: a topic's last line this short is left alone on it
ORPHAN_SHRINK = 0.85  # the agenda may get this much smaller to leave none


def without_orphans(groups: Sequence[Sequence[Draft]], frames: Sequence[Frame],
                    size: float, smallest: float) -> float:
    """``size``, or a little less (down to ``ORPHAN_SHRINK`` of it) where no topic ends
    in a line of one or two characters (``…看`` over ``法`` on a 4:3 slide); ``size`` if
    no smaller one leaves none."""
    floor = max(smallest, size * ORPHAN_SHRINK)
    candidate = size
    while candidate >= floor - 1e-9:
        fits = [compose.fit_drafts(group, frame, (candidate, candidate))
                for group, frame in zip(groups, frames)]
        if all(fits) and not any(len(lines) > 1 and len(lines[-1].strip()) <= ORPHAN
                                 for fit in fits if fit for lines in fit.lines):
            return candidate
        candidate = round(candidate - 0.5, 2)
    return size


def agenda_slide(ctx: Context, topics: Sequence[Topic], first: int, page: tuple[int, int],
                 number: int) -> Slide:
    """Topics, numbered, in one column or two: the fitter proves they all fit.  More
    than AGENDA_PAGE topics continue on further agenda slides (``page`` of ``pages``)."""
    style = ctx.style
    heading = ctx.label("toc") + (f" {page[0]}/{page[1]}" if page[1] > 1 else "")
    title, rule = header(ctx, heading, 1)
    columns = 1 if len(topics) <= 7 else 2
    per_column = math.ceil(len(topics) / columns)
    gap = 0.4
    width = (ctx.content_width - gap * (columns - 1)) / columns
    digits = max(2, len(str(first + len(topics))))
    entries = [Draft((Span(f"{n:0{digits}d}", bold=True, color=style.accent_color),
                      Span(NBSP * 2 + topic.title)), style.body, style.text_color,
                     spacing=1.3, after=0.45)
               for n, topic in enumerate(topics, first + 1)]
    groups = [entries[i:i + per_column] for i in range(0, len(entries), per_column)]
    frames = [ctx.frame(MARGIN + i * (width + gap), 1.75, width, 4.9)
              for i in range(len(groups))]
    size = fit_columns(groups, frames, style.point_sizes)
    if size is not None:
        size = without_orphans(groups, frames, size, style.point_sizes[0])
    if size is None:
        raise ctx.fail(topics[0].line, f"the topics from '{topics[0].title}' on do not fit "
                                       f"the agenda slide at {style.point_sizes[0]:g} pt; "
                                       "shorten the topic titles")
    boxes = [title] + [make_box("agenda", frame, group, size)
                       for frame, group in zip(frames, groups)]
    return Slide("agenda", "Title Only", style.background, tuple(boxes + footer(ctx, number)),
                 (), (rule,), source="topics")
