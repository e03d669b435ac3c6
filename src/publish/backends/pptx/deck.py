"""The deck description: what every slide shows and where, as plain frozen data.

Like pandoc's PowerPoint writer, the deck is built in two stages: the interview becomes
this description (slides, their layout kind, positioned text boxes made of paragraphs of
runs, speaker notes), and only then does ``emit`` turn it into a .pptx with python-pptx.
Everything a test wants to know about the deck (slide order, what fits where, what the
notes say) can be asked of this description without python-pptx.

Lengths are EMU (914400 per inch, 12700 per point) so the emitter copies integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700


def inches(value: float) -> int:
    return round(value * EMU_PER_INCH)


def points(value: float) -> int:
    return round(value * EMU_PER_PT)


def to_points(emu: int) -> float:
    return emu / EMU_PER_PT


@dataclass(frozen=True)
class Span:
    """A run of text in one style.  ``field`` names a field PowerPoint keeps up to date
    (``slidenum``); ``is_break`` is a line break inside the paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None  # "RRGGBB"; None: the paragraph's colour
    href: str | None = None
    is_break: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph: runs set in one face and size, with exact line pitch in points."""

    spans: tuple[Span, ...]
    font: str                      # the family name written to a:latin (and a:ea)
    size: float                    # pt
    color: str | None = None       # "RRGGBB"; None leaves the master's colour (notes)
    align: str = "left"            # left | center | right
    line_pitch: float | None = None  # pt, exact; None: the client's single spacing
    space_after: float = 0.0       # pt
    bullet: str | None = None      # bullet character, hung in ``indent``
    bullet_color: str | None = None
    indent: float = 0.0            # pt
    east: str = ""                 # the family written to a:ea, if not ``font``

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Box:
    """A text box at a fixed place; its text was fitted to the inner size (box minus
    ``inset`` on every side), so the emitter switches autofit off.

    ``role`` says what it holds (``title``, ``question``, ``key``...); a ``title`` box goes
    into the layout's title placeholder so outlines and screen readers find it.
    """

    role: str
    x: int
    y: int
    width: int
    height: int
    paras: tuple[Para, ...]
    anchor: str = "top"            # top | middle | bottom
    inset: int = 0

    @property
    def text(self) -> str:
        return "\n".join(para.text for para in self.paras)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle without text (accent bars, rules)."""

    x: int
    y: int
    width: int
    height: int
    color: str


@dataclass(frozen=True)
class Slide:
    """One slide.  ``kind`` is title | agenda | section | exchange | closing; ``layout``
    the slide layout it is made from; ``source`` the model id it shows."""

    kind: str
    layout: str
    background: str
    boxes: tuple[Box, ...]
    notes: tuple[Para, ...] = ()
    rects: tuple[Rect, ...] = ()
    source: str = ""
    lang: str = ""  # its runs' lang where not the deck's (an anthology's chapter's)

    def box(self, role: str) -> Box | None:
        return next((b for b in self.boxes if b.role == role), None)

    @property
    def text(self) -> str:
        return "\n".join(box.text for box in self.boxes)

    @property
    def notes_text(self) -> str:
        return "\n".join(para.text for para in self.notes)


@dataclass(frozen=True)
class Properties:
    """Document properties (docProps/core.xml)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    comments: str = ""
    language: str = "zh-CN"
    created: int | None = None     # seconds since the epoch; None: now


@dataclass(frozen=True)
class Deck:
    """The whole deck: slide size, slides in order, fonts used, properties."""

    width: int
    height: int
    slides: tuple[Slide, ...]
    properties: Properties
    title_font: str
    body_font: str
    lang: str = "zh-CN"
    warnings: tuple[str, ...] = field(default=(), compare=False)
    title_east: str = ""           # the East Asian faces, if not the fonts above
    body_east: str = ""

    def paras(self) -> Iterator[Para]:
        """Every paragraph on slides and in notes."""
        for slide in self.slides:
            for box in slide.boxes:
                yield from box.paras
            yield from slide.notes

    def characters(self, font: str, east: str = "") -> frozenset[str]:
        """Characters set in ``font`` (and, for East Asian text, ``east``) anywhere in the
        deck (for the coverage check)."""
        return frozenset(c for para in self.paras()
                         if para.font == font and (para.east or para.font) == (east or font)
                         for c in para.text)
