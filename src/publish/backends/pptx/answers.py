"""The slides of an exchange: the topic, the question, and an answer's key sentence large
at its centre, attributed to its speaker.

One slide per key answer: a panel's exchange with two marked answers gives two slides,
each with its own speaker under the quote.  An exchange with no marked answer gives one
slide, showing the first answer's first sentence (the parser has warned about it).
Every slide of an exchange carries the whole exchange in its speaker notes.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Sequence

from ... import theme_checks
from ...model import Exchange, Topic, Turn
from ...text.sentences import first_sentence
from . import compose, fitting
from .compose import Draft, Frame, fit_box
from .deck import Box, Rect, Slide, Span, inches, points
from .layout import MARGIN, Context, fit_texts, footer, header, plain, turn_notes


def exchange_slides(ctx: Context, topic: Topic, exchange: Exchange,
                    first: int) -> list[Slide]:
    """The exchange's slides, numbered from ``first``."""
    keyed = [a for a in exchange.answers if a.highlight is not None] or [exchange.answers[0]]
    notes = tuple(para for turn in exchange.turns for para in turn_notes(ctx, turn))
    slides: list[Slide] = []
    for answer in keyed:
        slides += ctx.slides(lambda: [exchange_slide(ctx, topic, exchange, answer,
                                                     first + len(slides), notes)])
    return slides


def exchange_slide(ctx: Context, topic: Topic, exchange: Exchange, answer: Turn,
                   number: int, notes: tuple) -> Slide:
    """Topic as title, the question, the answer's key sentence large, attributed."""
    style = ctx.style
    title, rule = header(ctx, topic.title, topic.line)
    boxes = [title, question_box(ctx, exchange)]
    key_boxes, bar = key_sentence(ctx, topic, answer)
    boxes += key_boxes
    source = exchange.id if answer is exchange.answers[0] else answer.id
    return Slide("exchange", "Title Only", style.background,
                 tuple(boxes + footer(ctx, number)), notes, (rule, bar), source=source)


def question_box(ctx: Context, exchange: Exchange) -> Box:
    """The question, smaller, after its speaker's name, each of its paragraphs a paragraph
    of the box; cut (with a warning) only if it cannot fit at the smallest size."""
    style = ctx.style
    question = exchange.question
    frame = ctx.frame(MARGIN, 1.62, ctx.content_width, 1.3)
    label = Span(question.speaker.name + ctx.label("colon"), bold=True,
                 color=style.accent_color)

    def drafts_for(candidate: Sequence[str]) -> list[Draft]:
        return [Draft(((label,) if n == 0 else ()) + (Span(text),), style.body,
                      style.text_color, spacing=1.45) for n, text in enumerate(candidate)]

    fitted = fit_texts(ctx, "question", frame, [plain([p]) for p in question.paragraphs],
                       drafts_for, style.question_sizes, balanced=True)
    if fitted is None:
        raise ctx.fail(question.line, "the question cannot be fitted on its slide")
    if fitted[2]:
        ctx.warn(question.line, "the slide shows this question shortened; the full question "
                                "is in the speaker notes")
    return fitted[0]


def key_text(answer: Turn) -> tuple[str, int]:
    """The answer's marked key sentence and its source line; its first sentence when it
    marks none."""
    for paragraph in answer.paragraphs:
        if paragraph.highlight is not None:
            return compose.join(paragraph.highlight.split("\n")), paragraph.line or answer.line
    return first_sentence(plain(answer.paragraphs[:1])), answer.line


def key_sentence(ctx: Context, topic: Topic, answer: Turn) -> tuple[list[Box], Rect]:
    """The centrepiece: the key sentence as large as fits, centred in its band, with an
    accent bar as tall as the text and the guest's name under it."""
    style = ctx.style
    text, line = key_text(answer)
    band_top, band_height, name_height, gap = 3.05, 3.55, 0.5, 0.08
    x, width = MARGIN + 0.45, ctx.content_width - 0.45 - 0.3
    frame = ctx.frame(x, band_top, width, band_height - name_height - gap)
    drafts = [Draft((Span(text),), style.title, style.key_color, spacing=1.35)]
    fitted = fit_box("key", frame, drafts, style.key_sizes, balanced=True, fewer_lines=0.88)
    if fitted is None:
        raise ctx.fail(line, f"the key sentence of topic '{topic.title}' does not fit its "
                             f"slide even at {style.key_sizes[0]:g} pt; mark a shorter "
                             f"==key sentence=={smaller_key(frame, drafts, style.key_sizes[0])}")
    lines, size = fitted[1].lines[0], fitted[1].size
    # A line that ends inside a clause may have split a word: break at the pauses
    # instead, on as many lines or one more (each piece on one line), a little smaller
    # at most.
    paused = (compose.break_at_pause(drafts[0], frame, size,
                                     max(style.key_sizes[0], size * 0.88),
                                     (len(lines), len(lines) + 1))
              if len(lines) > 1 and any(ln[-1:] not in fitting.PAUSES for ln in lines[:-1])
              else None)
    if paused is not None:
        fitted = fit_box("key", frame, [paused[0]], (paused[1], paused[1]),
                         balanced=True) or fitted
    if fitted[1].loose:
        ctx.warn(line, f"the key sentence of topic '{topic.title}' is set with words broken "
                       "at line ends, as it fits no other way; mark a shorter ==key "
                       "sentence== to keep them whole")
    key, result = compose.hug(*fitted), fitted[1]
    block = key.height + inches(gap) + inches(name_height * style.scale)
    y = frame.y + (inches(band_height * style.scale) - block) // 2
    key = replace(key, y=y)
    name_box = attribution(ctx, answer, key, frame, inches(gap), inches(name_height * style.scale))
    bar = Rect(inches(MARGIN + 0.1), key.y + key.inset, inches(0.07), points(result.height),
               style.accent_color)
    return [key, name_box], bar


def smaller_key(frame: Frame, drafts: Sequence[Draft], smallest: float) -> str:
    """The other way out of a key sentence too long at the theme's ``smallest`` size: the
    size it fits at, down to the least ``slides.key_min_size`` may be, as the ``--set``
    that allows it; nothing when it fits at none."""
    least = theme_checks.RANGES["slides.key_min_size"][0]
    fitted = fit_box("key", frame, drafts, (least, smallest), balanced=True)
    if fitted is None:
        return ""
    size = max(math.floor(fitted[1].size), math.ceil(least))
    return (f", or let the theme set it smaller: it fits at {size} pt "
            f"(--set slides.key_min_size={size}, or key_min_size in a theme's [slides])")


def attribution(ctx: Context, answer: Turn, key: Box, band: Frame, gap: int,
                height: int) -> Box:
    """The speaker's name under the key sentence, ending where the sentence's box ends.

    A short key sentence (``Yes.``) hugs a box narrower than its speaker's name: the
    name then starts under the sentence and may run on to the band's right edge, instead
    of failing the build.
    """
    style = ctx.style
    name = (Span(ctx.label("dash") + answer.speaker.name),)
    y = key.y + key.height + gap
    under = Frame(key.x, y, key.width, height, key.inset)
    wide = Frame(key.x, y, band.x + band.width - key.x, height, key.inset)
    fitted = None
    for sizes in (style.question_sizes, style.credit_sizes):  # smaller only if need be
        fitted = fitted or \
            fit_box("attribution", under, [Draft(name, style.body, style.muted_color,
                                                 align="right")], sizes, max_lines=1) or \
            fit_box("attribution", wide, [Draft(name, style.body, style.muted_color)], sizes,
                    max_lines=1)
    if fitted is None:
        raise ctx.fail(answer.line, "the guest's name is too long for a slide")
    return fitted[0]
