"""Fitting measured slide text to a box: the largest size in a range at which the wrapped
lines fit, measured against a narrower width than the box so that a client's slightly
different wrapping still stays inside, then a balanced box that hugs the lines.

The text itself is measured and wrapped by ``measure``; nothing here imports python-pptx:
this is part of the pure stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .measure import NO_START, WIDTH_SAFETY, Measured, Wrapped, Wrapper, is_asian


@dataclass(frozen=True)
class Block:
    """One paragraph to fit: its measured text and how it is set.

    ``line_spacing`` is the exact line pitch as a multiple of the size; ``space_after`` the
    gap after the paragraph in multiples of the size; ``indent`` points lost to a bullet.
    """

    measured: Measured
    line_spacing: float = 1.3
    space_after: float = 0.0
    indent: float = 0.0


@dataclass(frozen=True)
class Fit:
    """The size chosen for a box and the lines it wraps into (for tests and layout)."""

    size: float
    lines: tuple[tuple[str, ...], ...]
    height: float  # points the text occupies
    widest: float = 0.0  # points, the longest line (indent included)
    loose: bool = False  # words of a language that keeps them whole were broken to fit

    @property
    def line_count(self) -> int:
        return sum(len(lines) for lines in self.lines)


class _Blocks:
    """The blocks of one box, each with its ``Wrapper``: laid out at any number of widths
    and sizes, as line boundaries; strings are built only for the layouts a caller keeps."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.wrappers = [Wrapper(block.measured) for block in blocks]
        self._indented = [(block.indent, wrapper)
                          for block, wrapper in zip(blocks, self.wrappers, strict=True)]

    def wrap(self, width: float, size: float,
             safety: float = WIDTH_SAFETY) -> tuple[Wrapped, ...] | None:
        """Every block wrapped at ``size`` pt into ``safety`` x ``width`` pt; None if a
        word cannot fit."""
        wraps = []
        for indent, wrapper in self._indented:
            usable = (width - indent) * safety / size
            wrapped = wrapper.at(usable) if usable > 0 else None
            if wrapped is None:
                return None
            wraps.append(wrapped)
        return tuple(wraps)

    def height(self, wraps: Sequence[Wrapped], size: float) -> float:
        """Points the wrapped blocks occupy at ``size``."""
        height = 0.0
        for number, (block, wrapped) in enumerate(zip(self.blocks, wraps, strict=True)):
            height += len(wrapped.lines) * size * block.line_spacing
            if number < len(self.blocks) - 1:
                height += block.space_after * size
        return height

    def texts(self, wraps: Sequence[Wrapped]) -> tuple[tuple[str, ...], ...]:
        """The lines of every block as strings."""
        return tuple(wrapper.texts(wrapped)
                     for wrapper, wrapped in zip(self.wrappers, wraps, strict=True))

    def fit(self, wraps: Sequence[Wrapped], size: float) -> Fit:
        """The wrapped blocks as a ``Fit``: their lines as strings, height and widest line."""
        widest = 0.0
        for block, wrapped in zip(self.blocks, wraps, strict=True):
            widest = max([widest] + [w * size + block.indent for _, _, w, _ in wrapped.lines])
        return Fit(size, self.texts(wraps), self.height(wraps, size), widest)


def _counts(wraps: Sequence[Wrapped] | None) -> list[int] | None:
    """How many lines each block wraps into (None if one cannot wrap)."""
    return None if wraps is None else [len(wrapped.lines) for wrapped in wraps]


def layout(blocks: Sequence[Block], width: float, size: float,
           safety: float = WIDTH_SAFETY) -> Fit | None:
    """Wrap every block at ``size`` pt into ``safety`` x ``width`` pt; None if a word
    cannot fit."""
    box = _Blocks(blocks)
    wraps = box.wrap(width, size, safety)
    return None if wraps is None else box.fit(wraps, size)


def fit(blocks: Sequence[Block], width: float, height: float, smallest: float,
        largest: float, step: float = 0.5, max_lines: int | None = None) -> Fit | None:
    """The largest size from ``largest`` down to ``smallest`` (by ``step``) at which the
    blocks fit ``width`` x ``height`` points (the box's inner size), or None.

    ``max_lines`` limits the lines of every block (a title that must stay on one line).
    """
    box = _Blocks(blocks)
    count = max(0, math.floor((largest - smallest) / step + 1e-9))
    for i in range(count + 1):
        size = round(largest - i * step, 2)
        wraps = box.wrap(width, size)
        if wraps is None or box.height(wraps, size) > height + 1e-6:
            continue
        if max_lines is not None and any(len(w.lines) > max_lines for w in wraps):
            continue
        return box.fit(wraps, size)
    return None


PAUSES = frozenset("，。、；：？！,;:?!")


def is_pause(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a pause a line may end at: not before a closing mark (the
    quote it ends goes with it: ``“好，”``), and an ASCII one only before a space, an
    Asian character or the end (not the comma of 30,000 nor the colon of 10:30)."""
    if text[i] not in PAUSES:
        return False
    if i + 1 == len(text):
        return True
    after = text[i + 1]
    if after in NO_START:
        return False
    return not text[i].isascii() or after.isspace() or is_asian(after)
BALANCE_STEPS = 40
BALANCE_SAFETY = 0.96  # a balanced box is this much wider than its longest line
MIN_LAST_LINE = 0.45  # a balanced last line keeps at least this share of the longest


def balance(blocks: Sequence[Block], result: Fit, width: float) -> tuple[float, Fit]:
    """A narrower box for ``blocks`` at ``result.size``: as many lines, but no short last
    line ("orphan"), as CSS ``text-wrap: balance`` does; among such layouts one whose
    lines end at a pause (a comma, a full stop) wins.

    Returns the box's inner width (pt) and the layout.  The width hugs the longest line
    (with BALANCE_SAFETY to spare) so that a client wraps exactly where we did; it is never
    wider than ``width``, where the size was proven to fit with WIDTH_SAFETY to spare.
    """
    box = _Blocks(blocks)
    size = result.size
    target = [len(lines) for lines in result.lines]
    low, high = width * 0.3, width
    for _ in range(24):  # the narrowest width that keeps the line count
        middle = (low + high) / 2
        if _counts(box.wrap(middle, size)) == target:
            high = middle
        else:
            low = middle
    best, best_pauses = None, -1
    tried: set[tuple[Wrapped, ...]] = set()
    for step in range(BALANCE_STEPS + 1):
        wraps = box.wrap(high + (width - high) * step / BALANCE_STEPS, size)
        # A layout tried before comes out the same again: it cannot have more pauses.
        if wraps is None or wraps in tried:
            continue
        tried.add(wraps)
        if _counts(wraps) != target:
            continue
        lines = box.texts(wraps)
        if not _even(lines):
            continue
        pauses = sum(1 for block in lines for line in block[:-1]
                     if line and line[-1] in PAUSES)
        if pauses > best_pauses:
            best, best_pauses = wraps, pauses
    chosen = result if best is None else box.fit(best, size)
    return min(width, chosen.widest / BALANCE_SAFETY + 0.5), chosen


def _even(lines: Sequence[Sequence[str]]) -> bool:
    """No block ends in a line much shorter than its longest."""
    for block in lines:
        longest = max(len(line) for line in block)
        if len(block) > 1 and len(block[-1]) < MIN_LAST_LINE * longest:
            return False
    return True
