"""Drafting paragraphs before their size is known, and fitting them into boxes.

A slide builder writes a ``Draft`` (runs, face, colour, spacing as multiples of the size);
``fit_box`` measures the drafts with the real font and returns a ``Box`` whose paragraphs
carry the largest size in the theme's range at which all of them fit.  When prose is too
long for its box, the slide builders keep its first sentences or cut it with an ellipsis;
the full text always goes to the speaker notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from . import measure
from .deck import Box, Para, Span, points, to_points
from .style import Face

SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)(?=\s)")


@dataclass(frozen=True)
class Draft:
    """A paragraph whose size the fitter chooses.  ``spacing`` and ``after`` are
    multiples of the size; ``indent`` is in points."""

    spans: tuple[Span, ...]
    face: Face
    color: str | None = None
    align: str = "left"
    spacing: float = 1.3
    after: float = 0.0
    bullet: str | None = None
    bullet_color: str | None = None
    indent: float = 0.0

    def block(self) -> measure.Block:
        pieces = [("\n" if span.is_break else span.text, self.face.metrics_for(span.bold))
                  for span in self.spans]
        return measure.Block(measure.measure(pieces), self.spacing, self.after, self.indent)

    def para(self, size: float) -> Para:
        return Para(self.spans, self.face.family, size, self.color, self.align,
                    line_pitch=round(size * self.spacing, 2),
                    space_after=round(size * self.after, 2),
                    bullet=self.bullet, bullet_color=self.bullet_color, indent=self.indent)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Frame:
    """Where a box goes (EMU) and its inset; the fitter works on the inner size."""

    x: int
    y: int
    width: int
    height: int
    inset: int

    @property
    def inner(self) -> tuple[float, float]:
        return (to_points(self.width - 2 * self.inset), to_points(self.height - 2 * self.inset))


def fit_drafts(drafts: Sequence[Draft], frame: Frame, sizes: tuple[float, float],
               max_lines: int | None = None) -> measure.Fit | None:
    """The fit of ``drafts`` in ``frame`` at the largest size in ``sizes``, or None."""
    width, height = frame.inner
    return measure.fit([d.block() for d in drafts], width, height, sizes[0], sizes[1],
                       max_lines=max_lines)


def make_box(role: str, frame: Frame, drafts: Sequence[Draft], size: float,
             anchor: str = "top") -> Box:
    return Box(role, frame.x, frame.y, frame.width, frame.height,
               tuple(d.para(size) for d in drafts), anchor, frame.inset)


def fit_box(role: str, frame: Frame, drafts: Sequence[Draft], sizes: tuple[float, float],
            anchor: str = "top", max_lines: int | None = None, balanced: bool = False,
            fewer_lines: float = 0.0) -> tuple[Box, measure.Fit] | None:
    """A box with the drafts set at the largest fitting size, or None if none fits.

    ``fewer_lines`` (a ratio such as 0.9) takes a size down to that fraction of the best
    one when it saves a line: one paragraph on two even lines reads better than three.

    ``balanced`` narrows the box (left edge kept) so that its lines come out of even
    length instead of ending in a one-character orphan, and so that it ends where its
    longest line does (whatever is aligned to the box then lines up with the text).
    """
    result = fit_drafts(drafts, frame, sizes, max_lines)
    if result is None:
        return None
    while fewer_lines and len(drafts) == 1 and result.line_count > 1:
        floor = max(sizes[0], result.size * fewer_lines)
        shorter = fit_drafts(drafts, frame, (floor, result.size), result.line_count - 1)
        if shorter is None:
            break
        result = shorter
    if balanced and result.line_count > 1:
        blocks = [d.block() for d in drafts]
        inner, result = measure.balance(blocks, result, frame.inner[0])
        frame = replace(frame, width=points(inner) + 2 * frame.inset)
    elif balanced:  # one line: the box ends where the line does
        inner = min(frame.inner[0], result.widest / measure.BALANCE_SAFETY + 0.5)
        frame = replace(frame, width=points(inner) + 2 * frame.inset)
    return make_box(role, frame, drafts, result.size, anchor), result


def hug(box: Box, result: measure.Fit) -> Box:
    """The box shrunk to its text's height (plus the glyphs' overhang below the last
    line), keeping the edge it is anchored to."""
    height = points(result.height + result.size * 0.15) + 2 * box.inset
    if box.anchor == "bottom":
        return replace(box, y=box.y + box.height - height, height=height)
    if box.anchor == "middle":
        return replace(box, y=box.y + (box.height - height) // 2, height=height)
    return replace(box, height=height)


def fit_columns(columns: Sequence[Sequence[Draft]], frames: Sequence[Frame],
                sizes: tuple[float, float]) -> float | None:
    """One size at which every column fits its frame (the smallest of their best)."""
    best = []
    for drafts, frame in zip(columns, frames):
        result = fit_drafts(drafts, frame, sizes)
        if result is None:
            return None
        best.append(result.size)
    return min(best) if best else None


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each keeping its closing punctuation."""
    return [s for s in (part.strip() for part in SENTENCE_END.split(text)) if s]


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else text.strip()


def join(pieces: Sequence[str]) -> str:
    """Lines or paragraphs as one line of slide text: a space between Latin words,
    nothing between Chinese (where a source line break is no space either)."""
    out = ""
    for piece in (p.strip() for p in pieces):
        if out and piece and not (measure.is_asian(out[-1]) or measure.is_asian(piece[0])):
            out += " "
        out += piece
    return out


MIN_PAUSE_SHARE = 0.45  # a pause break keeps the shorter line at least this long


def break_at_pause(draft: Draft, frame: Frame, size: float,
                   smallest: float) -> tuple[Draft, float] | None:
    """The draft with an explicit line break after the pause nearest its middle, and the
    largest size from ``size`` down to ``smallest`` at which it fits on two lines; None
    when no pause gives two lines of similar length that fit.

    A box of one width always fills its first line, so "一代人的时间就变了，以 / 后硬核…"
    splits a word even though breaking after the comma gives two lines of 10 and 11
    characters.  A two-line sentence reads best broken at its pause, even a little smaller.
    """
    text = draft.text
    if len(draft.spans) != 1 or draft.spans[0].is_break:
        return None
    span = draft.spans[0]
    middle = len(text) / 2
    cuts = sorted((abs(i + 1 - middle), i + 1) for i, char in enumerate(text[:-1])
                  if char in measure.PAUSES)
    steps = int((size - smallest) / 0.5 + 1e-9)
    for _, cut in cuts:
        head, tail = text[:cut], text[cut:].lstrip()
        if min(len(head), len(tail)) < MIN_PAUSE_SHARE * max(len(head), len(tail)):
            continue
        broken = replace(draft, spans=(replace(span, text=head),
                                       Span("\n", is_break=True), replace(span, text=tail)))
        for step in range(steps + 1):
            trial = size - 0.5 * step
            result = measure.layout([broken.block()], frame.inner[0], trial)
            if result is not None and len(result.lines[0]) == 2 \
                    and result.height <= frame.inner[1]:
                return broken, trial
    return None
