"""What every slide of the deck shares: the context, the geometry, the title and footer,
the speaker notes and the fitting of texts that may have to be shortened.

The slide builders (``opening``, ``parts``, ``answers``) are made of these pieces;
``describe`` puts their slides in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from ...diagnostics import Diagnostic, SourceError, error, warning
from ...model import Interview, Paragraph, Part, Run, Style, Turn
from ...text.sentences import first_sentence
from ...theme import safe_href
from . import compose, measure
from .compose import Draft, Frame, fit_box, make_box
from .deck import EMU_PER_INCH, Box, Para, Rect, Slide, Span, inches
from .fitting import Fit
from .style import SlideStyle

MARGIN = 0.75        # in, left and right
INSET = 0.05         # in, inside every text box
NOTES_SIZE = 12.0    # pt
SLIDE_NUMBER = "slidenum"
BULLET = "●"         # drawn at 60 % of the text size, in the accent colour


@dataclass
class Context:
    """What every slide builder needs: the interview, the style, where to warn, and
    (``errors``, for a check) where to keep the errors of slides that cannot be made."""

    interview: Interview
    style: SlideStyle
    warnings: list[str] = field(default_factory=list)
    errors: list[Diagnostic] | None = None

    @property
    def path(self) -> str:
        return self.interview.path or "<interview>"

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(str(warning(self.path, line, 1, message)))

    def fail(self, line: int, message: str) -> SourceError:
        return SourceError([error(self.path, line, 1, message)])

    def slides(self, make: Callable[[], list[Slide]]) -> list[Slide]:
        """The slides ``make`` builds.  A build stops at the first that cannot be made
        (its SourceError); a check (``errors`` set) keeps the error, leaves the slides
        out and goes on, so it finds every slide's problem, each as a build words it."""
        if self.errors is None:
            return make()
        try:
            return make()
        except SourceError as exc:
            self.errors.extend(exc.diagnostics)
            return []

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
    body = ctx.style.body
    return Para(tuple(spans), body.family, NOTES_SIZE, space_after=6.0,
                east=body.east.family if body.east else "")


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
    longest common length that fits; if even that does not fit (more paragraphs than
    the box has lines), the first paragraphs only, the last kept ending in an ellipsis.
    The flag tells whether anything was cut."""
    ellipsis = ctx.label("ellipsis")
    cut_sentences = [t if first_sentence(t) == t.strip()
                     else first_sentence(t) + ellipsis for t in texts]
    for loose in (False, True):  # shortened with words whole, before words broken
        for candidate in (list(texts), cut_sentences):
            fitted = fit_box(role, frame, drafts_for(candidate), sizes, balanced=balanced,
                             loose=loose)
            if fitted is not None:
                return fitted[0], fitted[1], candidate != list(texts)
        for count in range(len(texts), 0, -1):
            best = cut_to_fit(role, frame, texts[:count], drafts_for, sizes, ellipsis,
                              balanced, more=count < len(texts), loose=loose)
            if best is not None:
                return best
    return None


def cut_to_fit(role: str, frame: Frame, texts: Sequence[str],
               drafts_for: Callable[[Sequence[str]], list[Draft]], sizes: tuple[float, float],
               ellipsis: str, balanced: bool, more: bool = False, loose: bool = True
               ) -> tuple[Box, Fit, bool] | None:
    """``texts`` each cut to the longest common length at which they fit, or None; each
    one cut ends in one ellipsis, and so does the last when ``more`` texts were left out."""
    low, high, best = 1, max((len(t) for t in texts), default=0), None
    last = len(texts) - 1
    words = drafts_for(texts[:1])[0].face.words if texts else ""  # cut between words
    while low <= high:
        middle = (low + high) // 2
        candidate = [cut_at(t, middle, words) + ellipsis if len(t) > middle
                     else t + (ellipsis if more and n == last else "")
                     for n, t in enumerate(texts)]
        fitted = fit_box(role, frame, drafts_for(candidate), sizes, balanced=balanced,
                         loose=loose)
        if fitted is not None:
            best, low = (fitted[0], fitted[1], True), middle + 1
        else:
            high = middle - 1
    return best


def cut_at(text: str, length: int, words: str = "") -> str:
    """The first ``length`` characters of ``text``, back to the word's start if that
    cuts a word: a Latin one (``found the pros`` of ``prose``), or in a language that
    keeps its words whole (``words``: a Korean word, a Japanese phrase); Chinese may be
    cut anywhere."""
    piece = text[:length]
    if words and length < len(text):
        ends = measure.word_breaks(text, words) or frozenset()
        whole = max((n for n in ends if 0 < n <= length), default=0)
        spaced = piece.rstrip().rfind(" ")
        start = max(whole, spaced + 1 if spaced >= 0 else 0)
        return (piece[:start] if start else piece).rstrip()
    inside_word = piece[-1:].isalnum() and text[length:length + 1].isalnum() and \
        not measure.is_asian(piece[-1])
    if inside_word and " " in piece.strip():
        piece = piece[:piece.rstrip().rfind(" ")]
    return piece.rstrip()


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
