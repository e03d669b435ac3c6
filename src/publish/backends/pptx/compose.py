"""Drafting paragraphs before their size is known, and fitting them into boxes.

A slide builder writes a ``Draft`` (runs, face, colour, spacing as multiples of the size);
``fit_box`` measures the drafts with the real font and returns a ``Box`` whose paragraphs
carry the largest size in the theme's range at which all of them fit.  When prose is too
long for its box, the slide builders keep its first sentences or cut it with an ellipsis;
the full text always goes to the speaker notes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Sequence

from . import fitting, measure
from .deck import Box, Para, Span, points, to_points
from .style import Face


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

    def block(self) -> fitting.Block:
        pieces = [("\n" if span.is_break else span.text, self.face.metrics_for(span.bold))
                  for span in self.spans]
        return fitting.Block(measure.measure(pieces, self.face.words), self.spacing,
                             self.after, self.indent)

    def para(self, size: float) -> Para:
        return Para(self.spans, self.face.family, size, self.color, self.align,
                    line_pitch=round(size * self.spacing, 2),
                    space_after=round(size * self.after, 2),
                    bullet=self.bullet, bullet_color=self.bullet_color, indent=self.indent,
                    east=self.face.east.family if self.face.east else "")

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
               max_lines: int | None = None) -> fitting.Fit | None:
    """The fit of ``drafts`` in ``frame`` at the largest size in ``sizes``, or None (a
    ``loose`` one, with words broken, only if none keeps them whole: ``loosened``)."""
    _, result = fit_loosening([d.block() for d in drafts], frame, sizes, max_lines)
    return result


def fit_loosening(blocks: Sequence[fitting.Block], frame: Frame, sizes: tuple[float, float],
                  max_lines: int | None = None, loose: bool = True
                  ) -> tuple[Sequence[fitting.Block], fitting.Fit | None]:
    """``fit_blocks``, then (``loose``) the blocks ``loosened`` if none fitted: the blocks
    that fitted, and their fit, marked ``loose`` when words were broken."""
    result = fit_blocks(blocks, frame, sizes, max_lines)
    if result is None and loose and (wider := loosened(blocks)) is not None:
        result = fit_blocks(wider, frame, sizes, max_lines)
        return wider, replace(result, loose=True) if result is not None else None
    return blocks, result


def loosened(blocks: Sequence[fitting.Block]) -> list[fitting.Block] | None:
    """The blocks wrapped by the Chinese rules, if any keeps its words whole (else None):
    where a Japanese phrase or a Korean word is wider than the box at every size, it is
    better broken (as CSS ``overflow-wrap: anywhere`` does) than the slide not made."""
    if all(block.measured.breaks is None for block in blocks):
        return None
    return [replace(block, measured=replace(block.measured, breaks=None)) for block in blocks]


def fit_blocks(blocks: Sequence[fitting.Block], frame: Frame, sizes: tuple[float, float],
               max_lines: int | None = None) -> fitting.Fit | None:
    """``fit_drafts`` for drafts already measured (measuring and finding the unbreakable
    pieces costs as much as a few layouts: a box fitted several ways measures once)."""
    width, height = frame.inner
    return fitting.fit(blocks, width, height, sizes[0], sizes[1], max_lines=max_lines)


def make_box(role: str, frame: Frame, drafts: Sequence[Draft], size: float,
             anchor: str = "top", lines: Sequence[Sequence[str]] | None = None) -> Box:
    """The box of ``drafts`` at ``size``.  A paragraph in a language that keeps its words
    whole (Japanese, Korean) gets a hard break at each of its line ends (``lines``, the
    fitter's, else wrapped here): a client breaks lines between any two of their
    characters, and would pull the start of the next word up into a line's slack."""
    if any(d.face.words for d in drafts):
        if lines is None:
            fit = fit_drafts(drafts, frame, (size, size))
            lines = fit.lines if fit is not None else [()] * len(drafts)
        drafts = [pin_lines(d, own, every=bool(d.face.words))
                  for d, own in zip(drafts, lines, strict=True)]
    return Box(role, frame.x, frame.y, frame.width, frame.height,
               tuple(d.para(size) for d in drafts), anchor, frame.inset)


def fit_box(role: str, frame: Frame, drafts: Sequence[Draft], sizes: tuple[float, float],
            anchor: str = "top", max_lines: int | None = None, balanced: bool = False,
            fewer_lines: float = 0.0, loose: bool = True) -> tuple[Box, fitting.Fit] | None:
    """A box with the drafts set at the largest fitting size, or None if none fits.

    ``fewer_lines`` (a ratio such as 0.9) takes a size down to that fraction of the best
    one when it saves a line: one paragraph on two even lines reads better than three.

    ``balanced`` narrows the box (left edge kept) so that its lines come out of even
    length instead of ending in a one-character orphan, and so that it ends where its
    longest line does (whatever is aligned to the box then lines up with the text).
    """
    blocks, result = fit_loosening([d.block() for d in drafts], frame, sizes, max_lines,
                                   loose)
    if result is None:
        return None
    broken = result.loose  # kept through the narrowing below, which makes new fits
    while fewer_lines and len(drafts) == 1 and result.line_count > 1:
        floor = max(sizes[0], result.size * fewer_lines)
        shorter = fit_blocks(blocks, frame, (floor, result.size), result.line_count - 1)
        if shorter is None:
            break
        result = shorter
    if balanced and result.line_count > 1:
        inner, result = fitting.balance(blocks, result, frame.inner[0])
        frame = replace(frame, width=points(inner) + 2 * frame.inset)
        drafts = [pin_lines(d, lines) for d, lines in zip(drafts, result.lines)]
    elif balanced:  # one line: the box ends where the line does
        inner = min(frame.inner[0], result.widest / fitting.BALANCE_SAFETY + 0.5)
        frame = replace(frame, width=points(inner) + 2 * frame.inset)
    if broken:
        result = replace(result, loose=True)
    return make_box(role, frame, drafts, result.size, anchor, result.lines), result


def pin_lines(draft: Draft, lines: Sequence[str], every: bool = False) -> Draft:
    """The draft with a hard line break after each of its ``lines`` (but the last) that
    ends at a pause, or after every one (``every``).

    A balanced box is a little wider than its longest line, so a client that fills lines
    greedily pulls the next character up into the slack and splits the word the balancing
    kept whole ("…惯性认知是，美 / 国擅长…").  A hard break keeps the line where it was
    measured; it is only added where the line already ends, so nothing else moves.
    """
    text = "".join("\n" if span.is_break else span.text for span in draft.spans)
    cuts: list[int] = []
    position = 0
    for line in lines[:-1]:
        start = text.find(line, position)
        if start < 0:
            return draft
        position = start + len(line)
        if line and (every or line[-1] in fitting.PAUSES) and \
                text[position:position + 1] != "\n":
            cuts.append(position)
    if not cuts:
        return draft
    spans: list[Span] = []
    offset, strip = 0, False
    for span in draft.spans:
        if span.is_break or span.field:
            spans.append(span)
            offset += 1 if span.is_break else len(span.text)
            if span.field and offset in cuts:  # a line ends right after the field
                spans.append(Span("\n", is_break=True))
                strip = True
            continue
        pieces, start = [], 0
        for cut in (c - offset for c in cuts if offset < c <= offset + len(span.text)):
            pieces.append((span.text[start:cut], True))
            start = cut
        pieces.append((span.text[start:], False))
        for piece, ends_line in pieces:
            if strip:
                piece = piece.lstrip()
                strip = not piece
            if piece:
                spans.append(replace(span, text=piece))
            if ends_line:
                spans.append(Span("\n", is_break=True))
                strip = True
        offset += len(span.text)
    return replace(draft, spans=tuple(spans))


def hug(box: Box, result: fitting.Fit) -> Box:
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
MAX_PAUSE_CUTS = 3       # at most four lines are made by breaking at pauses
MAX_PAUSES = 24          # a "sentence" with more pauses is a list: not broken at them
MAX_PAUSE_TRIALS = 12    # the most even choices of pauses tried per line count


def break_at_pause(draft: Draft, frame: Frame, size: float, smallest: float,
                   line_counts: Sequence[int] = (2,)) -> tuple[Draft, float] | None:
    """The draft with explicit line breaks after pauses, and the largest size from
    ``size`` down to ``smallest`` at which each piece sets on one line and all fit the
    frame; None when no choice of pauses gives lines of similar length that fit.

    A box of one width always fills its first line, so "一代人的时间就变了，以 / 后硬核…"
    splits a word even though breaking after the comma gives two lines of 10 and 11
    characters.  A sentence reads best broken at its pauses, even a little smaller, or on
    one more line ("…经济发展，/ 中国也要逐步成为贡献者，/ 而不是一直搭便车。" rather than
    "…中国也要逐 / 步成为…").  ``line_counts`` are tried in order; for each, the most even
    choice of pauses that fits wins.
    """
    text = draft.text
    if len(draft.spans) != 1 or draft.spans[0].is_break:
        return None
    span = draft.spans[0]
    pauses = [i + 1 for i in range(len(text) - 1) if fitting.is_pause(text, i)]
    if len(pauses) > MAX_PAUSES:
        return None
    steps = int((size - smallest) / 0.5 + 1e-9)
    for count in line_counts:
        if not 2 <= count <= MAX_PAUSE_CUTS + 1:
            continue
        choices = []
        for cuts in itertools.combinations(pauses, count - 1):
            edges = (0, *cuts, len(text))
            pieces = [text[a:b].strip() for a, b in zip(edges, edges[1:])]
            lengths = [len(piece) for piece in pieces]
            if min(lengths) < MIN_PAUSE_SHARE * max(lengths):
                continue
            choices.append((max(lengths) - min(lengths), cuts, pieces))
        for _, _, pieces in sorted(choices)[:MAX_PAUSE_TRIALS]:
            spans: list[Span] = []
            for piece in pieces:
                spans += [Span("\n", is_break=True)] if spans else []
                spans.append(replace(span, text=piece))
            broken = replace(draft, spans=tuple(spans))
            block = broken.block()

            def fits(trial: float) -> bool:
                result = fitting.layout([block], frame.inner[0], trial)
                return (result is not None and len(result.lines[0]) == count
                        and result.height <= frame.inner[1] + 1e-6)

            if not fits(size - 0.5 * steps):  # smaller fits more: this choice never fits
                continue
            for step in range(steps + 1):
                if fits(size - 0.5 * step):
                    return broken, size - 0.5 * step
    return None
