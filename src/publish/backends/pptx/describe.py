"""Interview model -> deck description (the pure stage; no python-pptx here).

The deck: a title slide, an agenda of the topics, a section slide for each prose part
that opens the interview or a part, one slide per exchange (topic as title, the host's
question, the answer's marked key sentence as centrepiece), and a closing slide with the
study summary's takeaways.  Every slide's text is fitted with the real font (see
``measure``); whatever a slide cannot show in full is in its speaker notes, so nothing of
the interview is lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from ...diagnostics import SourceError, error, warning
from ...model import Exchange, Interview, Paragraph, Part, Run, Style, Topic, Turn
from ...theme import Theme, safe_href
from .. import Options
from . import compose, measure
from .compose import Draft, Frame, fit_box, fit_columns, make_box
from .deck import EMU_PER_INCH, Box, Deck, Para, Properties, Rect, Slide, Span, inches, points
from .measure import Fit
from .style import SlideStyle, check_coverage, slide_style

MARGIN = 0.75        # in, left and right
INSET = 0.05         # in, inside every text box
NOTES_SIZE = 12.0    # pt
SLIDE_NUMBER = "slidenum"
AGENDA_PAGE = 16     # topics per agenda slide (two columns of eight)
BULLET = "●"         # drawn at 60 % of the text size, in the accent colour


@dataclass
class Context:
    """What every slide builder needs: the interview, the style, where to warn."""

    interview: Interview
    style: SlideStyle
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.interview.path or "<interview>"

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(str(warning(self.path, line, 1, message)))

    def fail(self, line: int, message: str) -> SourceError:
        return SourceError([error(self.path, line, 1, message)])

    # geometry -------------------------------------------------------------------------

    def frame(self, x: float, y: float, width: float, height: float) -> Frame:
        """A frame in inches; vertical values are for a 7.5 in slide and scale with it."""
        scale = self.style.scale
        return Frame(inches(x), inches(y * scale), inches(width), inches(height * scale),
                     inches(INSET))

    @property
    def content_width(self) -> float:
        return self.style.width / EMU_PER_INCH - 2 * MARGIN

    def label(self, key: str) -> str:
        return self.style.labels[key]


def describe(interview: Interview, theme: Theme, options: Options) -> Deck:
    """The deck for ``interview`` in ``theme``; warnings go to ``options.warnings``.

    Raises MissingFontError when a font lacks a character the deck shows, and a located
    SourceError when a key sentence cannot fit its slide at the theme's smallest size.
    """
    style = slide_style(theme, interview.meta.language)
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
                slides.append(exchange_slide(ctx, topic, exchange, len(slides) + 1))
    return slides


# shared pieces ---------------------------------------------------------------------------


def header(ctx: Context, text: str, line: int) -> tuple[Box, Rect]:
    """The slide title (in the layout's title placeholder) and the accent rule under it."""
    style = ctx.style
    frame = ctx.frame(MARGIN, 0.42, ctx.content_width, 0.9)
    drafts = [Draft((Span(text),), style.title, style.title_color, spacing=1.2)]
    fitted = fit_box("title", frame, drafts, (round(style.title_size * 0.6), style.title_size),
                     anchor="bottom", balanced=True)
    if fitted is None:
        raise ctx.fail(line, f"title '{text}' is too long for a slide; shorten it")
    rule = Rect(inches(MARGIN + INSET), inches(1.42 * style.scale), inches(0.8),
                inches(0.05), style.accent_color)
    return fitted[0], rule


def footer(ctx: Context, number: int) -> list[Box]:
    """The book title, small and muted, and the slide number (a field PowerPoint keeps
    current when slides move)."""
    style = ctx.style
    size = (style.footer_size, style.footer_size)
    boxes = []
    left = ctx.frame(MARGIN, 6.9, ctx.content_width - 1.5, 0.4)
    drafts = [Draft((Span(ctx.interview.meta.title),), style.body, style.muted_color)]
    fitted = fit_box("footer", left, drafts, size, anchor="middle", max_lines=1)
    if fitted is not None:  # an absurdly long title loses only its footer
        boxes.append(fitted[0])
    right = ctx.frame(MARGIN + ctx.content_width - 1.5, 6.9, 1.5, 0.4)
    number_draft = [Draft((Span(str(number), field=SLIDE_NUMBER),), style.body,
                          style.muted_color, align="right")]
    boxes.append(make_box("number", right, number_draft, style.footer_size, "middle"))
    return boxes


def spans_of(runs: Sequence[Run]) -> tuple[Span, ...]:
    """Model runs as deck spans for the notes: styles kept, safe links kept."""
    out = []
    for run in runs:
        href = safe_href(run.href) if run.href else None
        out.append(Span(run.text, bold=bool({Style.STRONG, Style.HIGHLIGHT} & run.styles),
                        italic=Style.EMPHASIS in run.styles,
                        href=href if href and href != "#" else None, is_break=run.is_break))
    return tuple(out)


def note(ctx: Context, spans: Sequence[Span]) -> Para:
    return Para(tuple(spans), ctx.style.body.family, NOTES_SIZE, space_after=6.0)


def turn_notes(ctx: Context, turn: Turn) -> list[Para]:
    """A turn in full, its speaker named before the first paragraph."""
    label = Span(turn.speaker.name + ctx.label("colon"), bold=True)
    return [note(ctx, ((label,) if number == 0 else ()) + spans_of(paragraph.runs))
            for number, paragraph in enumerate(turn.paragraphs)]


def prose_notes(ctx: Context, part: Part) -> tuple[Para, ...]:
    heading = note(ctx, (Span(slide_heading(part), bold=True),))
    return (heading, *(note(ctx, spans_of(p.runs)) for p in part.paragraphs))


def plain(paragraphs: Sequence[Paragraph]) -> str:
    """Paragraphs (and their hard line breaks) as one line of slide text."""
    return compose.join([line for p in paragraphs for line in p.text.split("\n")])


def fit_texts(ctx: Context, role: str, frame: Frame, texts: Sequence[str],
              drafts_for: Callable[[Sequence[str]], list[Draft]],
              sizes: tuple[float, float], balanced: bool = False
              ) -> tuple[Box, Fit, bool] | None:
    """Fit ``texts`` whole if possible, else their first sentences, else each cut to the
    longest common length that fits.  The flag tells whether anything was cut."""
    ellipsis = ctx.label("ellipsis")
    cut_sentences = [t if compose.first_sentence(t) == t.strip()
                     else compose.first_sentence(t) + ellipsis for t in texts]
    for candidate in (list(texts), cut_sentences):
        fitted = fit_box(role, frame, drafts_for(candidate), sizes, balanced=balanced)
        if fitted is not None:
            return fitted[0], fitted[1], candidate != list(texts)
    low, high, best = 1, max((len(t) for t in texts), default=0), None
    while low <= high:
        middle = (low + high) // 2
        candidate = [t if len(t) <= middle else t[:middle].rstrip() + ellipsis for t in texts]
        fitted = fit_box(role, frame, drafts_for(candidate), sizes, balanced=balanced)
        if fitted is not None:
            best, low = (fitted[0], fitted[1], True), middle + 1
        else:
            high = middle - 1
    return best


# the slides ------------------------------------------------------------------------------


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
        fitted = fit_box("byline", frame, drafts, style.question_sizes, anchor="bottom")
        if fitted is None:
            raise ctx.fail(1, "compiler and source are too long for the title slide")
        boxes.append(fitted[0])
    bar = Rect(inches(MARGIN), top, inches(0.1), bottom - top, style.accent_color)
    notes = tuple(note(ctx, (Span(text),)) for text in
                  (meta.title, meta.subtitle, meta.description, *credits) if text)
    return Slide("title", "Title Slide", style.background, tuple(boxes), notes, (bar,),
                 source="meta")


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
                      Span("  " + topic.title)), style.body, style.text_color,
                     spacing=1.3, after=0.45)
               for n, topic in enumerate(topics, first + 1)]
    groups = [entries[i:i + per_column] for i in range(0, len(entries), per_column)]
    frames = [ctx.frame(MARGIN + i * (width + gap), 1.75, width, 4.9)
              for i in range(len(groups))]
    size = fit_columns(groups, frames, style.point_sizes)
    if size is None:
        raise ctx.fail(topics[0].line, f"the topics from '{topics[0].title}' on do not fit "
                                       f"the agenda slide at {style.point_sizes[0]:g} pt; "
                                       "shorten the topic titles")
    boxes = [title] + [make_box("agenda", frame, group, size)
                       for frame, group in zip(frames, groups)]
    return Slide("agenda", "Title Only", style.background, tuple(boxes + footer(ctx, number)),
                 (), (rule,), source="topics")


def slide_heading(part: Part) -> str:
    """The part's heading as slides and notes show it.

    ``二. 语录`` numbers a part with a Chinese numeral and an ASCII period.  Presentation
    programs space Asian text apart from Latin (LibreOffice always, PowerPoint by
    default), which draws ``二 . 语录``.  The full-width period ``．`` is East Asian itself
    and sits tight: ``二．语录``, as Chinese documents number headings.  Any other heading
    is shown as written.
    """
    label = part.label
    if label and part.label_text == f"{label}." and measure.is_asian(label[-1]):
        return f"{label}．{part.title}"
    return part.heading


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


def exchange_slide(ctx: Context, topic: Topic, exchange: Exchange, number: int) -> Slide:
    """Topic as title, the host's question, the key sentence large, attributed."""
    style = ctx.style
    title, rule = header(ctx, topic.title, topic.line)
    boxes = [title, question_box(ctx, exchange)]
    key_boxes, bar = key_sentence(ctx, topic, exchange)
    boxes += key_boxes
    notes = tuple(turn_notes(ctx, exchange.question) + turn_notes(ctx, exchange.answer))
    return Slide("exchange", "Title Only", style.background,
                 tuple(boxes + footer(ctx, number)), notes, (rule, bar), source=exchange.id)


def question_box(ctx: Context, exchange: Exchange) -> Box:
    """The host's question, smaller, after the host's name; cut (with a warning) only if
    it cannot fit at the smallest size."""
    style = ctx.style
    question = exchange.question
    frame = ctx.frame(MARGIN, 1.62, ctx.content_width, 1.3)
    label = Span(question.speaker.name + ctx.label("colon"), bold=True,
                 color=style.accent_color)

    def drafts_for(candidate: Sequence[str]) -> list[Draft]:
        return [Draft((label, Span(candidate[0])), style.body, style.text_color,
                      spacing=1.45)]

    fitted = fit_texts(ctx, "question", frame, [plain(question.paragraphs)], drafts_for,
                       style.question_sizes, balanced=True)
    if fitted is None:
        raise ctx.fail(question.line, "the question cannot be fitted on its slide")
    if fitted[2]:
        ctx.warn(question.line, "the slide shows this question shortened; the full question "
                                "is in the speaker notes")
    return fitted[0]


def key_text(ctx: Context, topic: Topic, exchange: Exchange) -> tuple[str, int]:
    """The answer's marked key sentence and its source line; the first sentence (with a
    warning) when the answer marks none."""
    answer = exchange.answer
    for paragraph in answer.paragraphs:
        if paragraph.highlight is not None:
            return compose.join(paragraph.highlight.split("\n")), paragraph.line or answer.line
    ctx.warn(answer.line, f"answer in topic '{topic.title}' has no ==key sentence==; its "
                          "slide shows the answer's first sentence")
    return compose.first_sentence(plain(answer.paragraphs[:1])), answer.line


def key_sentence(ctx: Context, topic: Topic, exchange: Exchange) -> tuple[list[Box], Rect]:
    """The centrepiece: the key sentence as large as fits, centred in its band, with an
    accent bar as tall as the text and the guest's name under it."""
    style = ctx.style
    text, line = key_text(ctx, topic, exchange)
    band_top, band_height, name_height, gap = 3.05, 3.55, 0.5, 0.08
    x, width = MARGIN + 0.45, ctx.content_width - 0.45 - 0.3
    frame = ctx.frame(x, band_top, width, band_height - name_height - gap)
    drafts = [Draft((Span(text),), style.title, style.key_color, spacing=1.35)]
    fitted = fit_box("key", frame, drafts, style.key_sizes, balanced=True, fewer_lines=0.88)
    if fitted is None:
        raise ctx.fail(line, f"the key sentence of topic '{topic.title}' does not fit its "
                             f"slide even at {style.key_sizes[0]:g} pt; mark a shorter "
                             "==key sentence==")
    lines, size = fitted[1].lines[0], fitted[1].size
    # A line that ends inside a clause may have split a word: break at the pauses
    # instead, on as many lines or one more (each piece on one line), a little smaller
    # at most.
    paused = (compose.break_at_pause(drafts[0], frame, size,
                                     max(style.key_sizes[0], size * 0.88),
                                     (len(lines), len(lines) + 1))
              if len(lines) > 1 and any(ln[-1:] not in measure.PAUSES for ln in lines[:-1])
              else None)
    if paused is not None:
        fitted = fit_box("key", frame, [paused[0]], (paused[1], paused[1]),
                         balanced=True) or fitted
    key, result = compose.hug(*fitted), fitted[1]
    block = key.height + inches(gap) + inches(name_height * style.scale)
    y = frame.y + (inches(band_height * style.scale) - block) // 2
    key = replace(key, y=y)
    name_frame = Frame(key.x, key.y + key.height + inches(gap), key.width,
                       inches(name_height * style.scale), key.inset)
    name = Span(ctx.label("dash") + exchange.answer.speaker.name)
    name_box = fit_box("attribution", name_frame,
                       [Draft((name,), style.body, style.muted_color, align="right")],
                       style.question_sizes, max_lines=1)
    if name_box is None:
        raise ctx.fail(exchange.answer.line, "the guest's name is too long for a slide")
    bar = Rect(inches(MARGIN + 0.1), key.y + key.inset, inches(0.07), points(result.height),
               style.accent_color)
    return [key, name_box[0]], bar
