"""Measuring slide text with the real font, and CJK line breaking.

A deck's text boxes have fixed sizes and autofit switched off, so the text must be set at a
size that is known to fit.  PowerPoint and LibreOffice do not tell us how they will wrap,
and python-pptx's ``fit_text`` wraps only at spaces (a Chinese paragraph is one "word"), so
we wrap ourselves: advances from HarfBuzz shaping of the very face the deck names, break
opportunities by the Chinese rules (between Han characters and at spaces, never before
closing or after opening punctuation, never inside a Latin word), and LibreOffice's extra
space between Asian and Western text.  ``fitting`` then picks the size a box is set at.

Nothing here imports python-pptx: this is part of the pure stage.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from dataclasses import dataclass
from typing import Sequence

# Never at the start of a line (closing punctuation, iteration marks, small kana...).
NO_START = frozenset(
    "，。、；：？！）》」』”’〕］｝〉】〗〙〛｠・…‥々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "ー゛゜ヽヾゝゞ〜～％‰℃°′″,.;:?!)]}%>")
# Never at the end of a line (opening punctuation).
NO_END = frozenset("（《「『“‘〔［｛〈【〖〘〚｟([{<")
# A space no line ends at (the agenda's number and its topic stay together).
NBSP = "\u00a0"
# Characters that must not be split from a neighbour of the same kind (—— and ……).
NO_SPLIT_PAIRS = frozenset("—…‥")

# LibreOffice adds space between Asian and Western characters ("autospace"); about a
# quarter em, measured on LibreOffice 7.4.  PowerPoint adds none, so counting it is safe.
AUTOSPACE_EM = 0.25
# Fraction of the box's inner width the text is measured against: room for a client
# whose wrapping or kerning differs slightly from ours.
WIDTH_SAFETY = 0.93

ASIAN_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x30FF),
    (0x3100, 0x31FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF),
    (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
# Punctuation shared by both scripts that CJK fonts set full width (quotes, dashes...).
ASIAN_PUNCT = frozenset("“”‘’—…‥·")


@functools.lru_cache(maxsize=4096)
def is_asian(char: str) -> bool:
    """True for characters of Chinese, Japanese and Korean text (and their punctuation).

    Asked for every character at every trial size while fitting: cached per character."""
    code = ord(char)
    return char in ASIAN_PUNCT or any(lo <= code <= hi for lo, hi in ASIAN_RANGES)


def break_allowed(before: str, after: str) -> bool:
    """May a line end between ``before`` and ``after``?

    Rules of Chinese typesetting (and UAX #14 for Latin): a break may come after a space
    or next to an Asian character, but never before closing or after opening punctuation,
    never inside a Latin word, and never inside —— or …….
    """
    if after in NO_START or before in NO_END or after.isspace() or before == NBSP:
        return False
    if before == after and before in NO_SPLIT_PAIRS:
        return False
    if before.isspace():
        return True
    return is_asian(before) or is_asian(after)


class FontMetrics:
    """Advances of one face (a file and an index inside a .ttc), by HarfBuzz shaping."""

    def __init__(self, path: str, index: int = 0) -> None:
        import uharfbuzz as hb  # imported here: only measuring needs it

        self._hb = hb
        face = hb.Face(hb.Blob.from_file_path(path), index)
        self.upem = face.upem
        self.font = hb.Font(face)
        self._cache: dict[str, tuple[float, ...]] = {}

    def advances(self, text: str) -> tuple[float, ...]:
        """Advance of each character of ``text`` in em, as shaped (ligatures go to the
        first character of their cluster)."""
        if text not in self._cache:
            self._cache[text] = self._shape(text)
        return self._cache[text]

    def _shape(self, text: str) -> tuple[float, ...]:
        widths = [0.0] * len(text)
        if not text:
            return ()
        buf = self._hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        self._hb.shape(self.font, buf)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
            widths[info.cluster] += pos.x_advance / self.upem
        return tuple(widths)


class MixedMetrics:
    """Advances of text set in two faces, as a client sets a run that names a Latin and
    an East Asian typeface: each character in its script's face, punctuation both
    scripts use (``ASIAN_PUNCT``) in the face of the character before it."""

    def __init__(self, latin: FontMetrics, east: FontMetrics) -> None:
        self.latin, self.east = latin, east

    def advances(self, text: str) -> tuple[float, ...]:
        out: list[float] = []
        start, face = 0, self.latin
        for i, char in enumerate(text):
            own = face if char in ASIAN_PUNCT else (self.east if is_asian(char) else self.latin)
            if own is not face:
                out += face.advances(text[start:i])
                start, face = i, own
        return tuple(out + list(face.advances(text[start:])))


@functools.lru_cache(maxsize=16)
def metrics(path: str, index: int = 0) -> FontMetrics:
    """The (cached) metrics of a font face."""
    return FontMetrics(path, index)


@dataclass(frozen=True)
class Measured:
    """A paragraph's text with each character's width in em, ready to wrap at any size.

    A ``"\\n"`` is a hard line break (width 0).  ``breaks``: where a line may end other
    than after a space, for a language that keeps its words whole (``word_breaks``);
    None where the Chinese rules alone decide.
    """

    text: str
    widths: tuple[float, ...]
    breaks: frozenset[int] | None = None

    @functools.cached_property
    def segments(self) -> tuple[tuple[str, float, float], ...]:
        """The unbreakable pieces (they do not depend on the size: computed once)."""
        return tuple(_segments(self.text, self.widths, self.breaks))

    @functools.cached_property
    def offsets(self) -> tuple[int, ...]:
        """Where each segment starts in ``text``, and where the text ends: the segments are
        consecutive slices of the text, so a line of them is one slice too."""
        return tuple(itertools.accumulate((len(seg) for seg, _, _ in self.segments),
                                          initial=0))

    @functools.cached_property
    def widest_piece(self) -> float:
        """The widest unbreakable piece in em: no narrower line can be filled."""
        return max((core for seg, core, _ in self.segments if seg != "\n"), default=-math.inf)


def measure(pieces: Sequence[tuple[str, FontMetrics | MixedMetrics]],
            words: str = "") -> Measured:
    """Measure a paragraph made of runs, each in its own face (regular, bold...), to be
    wrapped by the rules of ``words`` (``word_breaks``)."""
    text: list[str] = []
    widths: list[float] = []
    for piece, face in pieces:
        for number, chunk in enumerate(piece.split("\n")):
            if number:
                text.append("\n")
                widths.append(0.0)
            text.append(chunk)
            widths += face.advances(chunk)
    joined = "".join(text)
    return Measured(joined, tuple(_autospace(joined, widths)), word_breaks(joined, words))


# Languages whose words a line end keeps whole (``Face.words``): Japanese breaks between
# phrases, as CSS ``word-break: auto-phrase`` does (BudouX, the model Chromium uses for
# it); Korean between words, at spaces (``keep-all``).  Chinese breaks between any two
# characters, by the rules of ``break_allowed``.
WORDS = ("ja", "ko")


def word_breaks(text: str, words: str) -> frozenset[int] | None:
    """Where a line of ``text`` may end other than after a space (offsets between two
    characters), for ``words`` in WORDS; None for any other language."""
    if words == "ko":
        return frozenset()
    if words == "ja":
        from ...text.phrases import phrase_ends

        return phrase_ends(text)
    return None


def _autospace(text: str, widths: list[float]) -> list[float]:
    """Add LibreOffice's gap at each boundary between Asian and Western characters."""
    out = list(widths)
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a.isspace() or b.isspace():
            continue
        if is_asian(a) != is_asian(b):
            out[i] += AUTOSPACE_EM
    return out


def wrap(measured: Measured, max_em: float) -> list[str] | None:
    """Greedy line filling at the allowed break opportunities.

    Returns the lines (trailing spaces dropped), or None when one unbreakable piece (a
    long Latin word) is wider than the line.
    """
    lines = wrap_measured(measured, max_em)
    return None if lines is None else [line for line, _ in lines]


def wrap_measured(measured: Measured, max_em: float) -> list[tuple[str, float]] | None:
    """``wrap`` with each line's width in em (trailing spaces not counted)."""
    wrapper = Wrapper(measured)
    wrapped = wrapper.at(max_em)
    if wrapped is None:
        return None
    return list(zip(wrapper.texts(wrapped), (width for _, _, width, _ in wrapped.lines),
                    strict=True))


# One wrapped line as the segments it is made of, ``segments[first:end]``: (first, end,
# width in em without trailing spaces, broken).  ``broken``: the line began where the one
# before it was broken, so the filler dropped its leading spaces.  A plain tuple: a
# NamedTuple costs more to make than the whole rest of a short line's wrapping.
Line = tuple[int, int, float, bool]


class Wrapped:
    """A paragraph's greedy wrap at one width, as segment indices (no strings).

    The greedy filler compares the line's width with sums (``core_w`` of each piece, and
    ``line_w + core_w`` where a piece joins a line) and uses it for nothing else, so the very
    same lines come out for every width in ``[floor, ceiling)``: from the largest sum that
    fitted up to the smallest that did not.  Compared by identity: two wraps of one
    ``Wrapper`` are equal only if they are the same object.
    """

    __slots__ = ("lines", "floor", "ceiling")

    def __init__(self, lines: tuple[Line, ...], floor: float, ceiling: float) -> None:
        self.lines = lines
        self.floor = floor
        self.ceiling = ceiling


class Wrapper:
    """Greedy wraps of one paragraph at any number of widths, each wrap computed once.

    ``fitting.fit`` and ``fitting.balance`` lay a paragraph out at dozens of nearby
    widths, most of which wrap alike; a width that falls in the range of a wrap already
    made reuses it.  Lives for one call of ``fitting.layout``, ``fitting.fit``,
    ``fitting.balance`` or ``wrap_measured``: nothing is kept across boxes or builds.
    """

    def __init__(self, measured: Measured) -> None:
        self.measured = measured
        self.segments = measured.segments
        self.widest_piece = measured.widest_piece  # below it the filler gives up
        self._floors: list[float] = []  # sorted; the ranges do not overlap
        self._known: list[Wrapped] = []

    def at(self, max_em: float) -> Wrapped | None:
        """The wrap at ``max_em``, None when a piece is wider than that."""
        if max_em < self.widest_piece:
            return None
        index = bisect.bisect_right(self._floors, max_em)
        if index:
            known = self._known[index - 1]
            if known.floor <= max_em < known.ceiling:
                return known
        wrapped = _wrap(self.segments, max_em, self.widest_piece)
        self._floors.insert(index, wrapped.floor)
        self._known.insert(index, wrapped)
        return wrapped

    def texts(self, wrapped: Wrapped) -> tuple[str, ...]:
        """The lines as strings (trailing spaces dropped), built only for a layout kept."""
        text, offsets = self.measured.text, self.measured.offsets
        out = []
        for first, end, _, broken in wrapped.lines:
            start, stop = offsets[first], offsets[end]
            if broken:  # the filler drops the leading spaces of a line's first piece
                cut = offsets[first + 1]
                out.append((text[start:cut].lstrip() + text[cut:stop]).rstrip())
            else:
                out.append(text[start:stop].rstrip())
        return tuple(out)


def _wrap(segments: Sequence[tuple[str, float, float]], max_em: float,
          floor: float) -> Wrapped:
    """Greedy line filling at ``max_em`` (no piece wider than that), as line boundaries.

    ``floor`` is the largest sum known to fit already (the widest piece).  The arithmetic
    is the filler's own, in its order: a break depends on exactly the same floats.
    """
    lines: list[Line] = []
    first, broken, filled = 0, False, False  # filled: the line has text, a break may come
    line_w = core = 0.0
    ceiling = math.inf
    for number, (seg, core_w, full_w) in enumerate(segments):
        if seg == "\n":
            lines.append((first, number, core, broken))
            first, broken, filled, line_w, core = number + 1, False, False, 0.0, 0.0
            continue
        if filled:
            needed = line_w + core_w
            if needed > max_em:
                if needed < ceiling:
                    ceiling = needed
                lines.append((first, number, core, broken))
                first, broken, filled = number, True, bool(seg.lstrip())
                line_w, core = full_w, core_w
                continue
            if needed > floor:
                floor = needed
        core, line_w, filled = line_w + core_w, line_w + full_w, True
    lines.append((first, len(segments), core, broken))
    return Wrapped(tuple(lines), floor, ceiling)


def _may_break(text: str, i: int, breaks: frozenset[int] | None = None) -> bool:
    """``break_allowed`` at ``i``, and, with ``breaks``, only there or after a space;
    after spaces, the character before them counts too (an opening bracket followed by
    a space still may not end a line)."""
    if not break_allowed(text[i - 1], text[i]):
        return False
    if breaks is not None and i not in breaks and not text[i - 1].isspace():
        return False
    if not text[i - 1].isspace():
        return True
    before = text[:i].rstrip()
    return not before or before[-1] not in NO_END


def _segments(text: str, widths: Sequence[float],
              breaks: frozenset[int] | None = None) -> list[tuple[str, float, float]]:
    """Unbreakable pieces as (text, width without trailing spaces, full width)."""
    pieces: list[tuple[str, float, float]] = []
    start = 0
    for i in range(1, len(text) + 1):
        at_end = i == len(text)
        if at_end or text[i] == "\n" or text[i - 1] == "\n" or _may_break(text, i, breaks):
            seg = text[start:i]
            full = sum(widths[start:i])
            core = full - sum(widths[start + len(seg.rstrip()):i])
            pieces.append((seg, core, full))
            start = i
    return pieces
